"""Read article files (plain text, Markdown, saved web pages) into plain text with metadata.

Everything a trainee may hand us comes through here: a ``.txt`` in whatever encoding their
editor chose, a Markdown note, or a news page saved from a browser.  The result is always the
same shape, :class:`ImportedText`: plain text whose paragraphs are separated by one blank line
(``"\\n\\n"``), with ``\\n`` newlines, no trailing spaces, no control characters and NFC
normalisation, so offsets stored against it stay valid on every platform.

Anything we cannot import raises :class:`ImportProblem` with a one-line message for people:
it names the file and says what to do instead.  No other exception leaves
:func:`read_article_file` or :func:`article_from_bytes`, whatever the bytes are.

Web pages are read with trafilatura (main text and metadata).  Nothing in a page is executed
or fetched: we decode the bytes ourselves and hand trafilatura an already parsed lxml tree, so
neither trafilatura nor htmldate ever sees a string they could mistake for a URL to download,
and lxml's HTML parser does not touch the network.

One module per concept; this package's namespace offers the public names:

* ``reading``: the size limit, reading a file's bytes safely, and the way from bytes to article;
* ``decoding``: finding the character encoding, refusing what is not text;
* ``normalising``: the one shape every text and metadata value takes, and the script's language;
* ``formats``: the registry of formats (a suffix chooses one; otherwise the text is sniffed);
* ``plain``, ``markdown``, ``html``: one format each (pasted text is plain text);
* ``furniture``: the page furniture (menus, share buttons, credits) dropped from web pages;
* ``result``: :class:`ImportedText` and :class:`ImportProblem`.

The parsers (trafilatura, lxml, markdown-it, charset-normalizer) are imported where they are
used: together they take about 0.15 s to import, which the window should not pay at start-up.
"""

from __future__ import annotations

from claimmark.core.importing.decoding import decode_bytes
from claimmark.core.importing.formats import ArticleFormat, file_patterns, supported_suffixes
from claimmark.core.importing.plain import article_from_paste
from claimmark.core.importing.reading import MAX_BYTES, article_from_bytes, read_article_file
from claimmark.core.importing.result import ImportedText, ImportProblem
from claimmark.core.text import text_hash

__all__ = [
    "MAX_BYTES",
    "ArticleFormat",
    "ImportProblem",
    "ImportedText",
    "article_from_bytes",
    "article_from_paste",
    "decode_bytes",
    "file_patterns",
    "read_article_file",
    "supported_suffixes",
    "text_hash",
]
