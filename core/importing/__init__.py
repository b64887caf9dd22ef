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
"""

from __future__ import annotations

import codecs
import logging
import os
import re
import stat
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from claimmark.core.text import text_hash

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token
    from markdown_it.tree import SyntaxTreeNode

# The parsers (trafilatura, lxml, markdown-it, charset-normalizer) are imported where they are
# used: together they take about 0.15 s to import, which the window should not pay at start-up.

__all__ = [
    "MAX_BYTES",
    "ImportProblem",
    "ImportedText",
    "article_from_bytes",
    "article_from_paste",
    "decode_bytes",
    "read_article_file",
    "text_hash",
]

logger = logging.getLogger(__name__)

MAX_BYTES = 20 * 1024 * 1024
"""The largest file we import.  A long feature is well under 1 MB of text; a saved page with
inline scripts and styles rarely passes 5 MB."""

TEXT_SUFFIXES = frozenset({".txt", ".text"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mkdn"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})

_SAVE_AS = "Save the article as .txt, .md or .html and import that."
_CONTROL_IN_NAME = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


class ImportProblem(Exception):
    """A file (or paste) that cannot be imported, with a one-line message for people.

    The message names the file and says what to do.  ``path`` is the full path when the
    problem came from :func:`read_article_file`, else ``None``.
    """

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return self.message


@dataclass
class ImportedText:
    """An article's plain text and what we know about where it came from."""

    text: str
    title: str
    outlet: str = ""
    author: str = ""
    published: str = ""
    url: str = ""
    format: str = "text"
    source_name: str = ""
    language: str = ""
    """Lower-case ISO 639 code ("en", "zh") when the page declares one or the script makes it
    plain (Thai, Japanese, Arabic ...); "" when unknown.  Entity highlighting is English-only,
    so the app warns when this is set and is not "en"."""


# ---------------------------------------------------------------------------------------------
# public entry points


def read_article_file(path: str | os.PathLike[str]) -> ImportedText:
    """Read one article file; raise :class:`ImportProblem` if it cannot be imported."""
    full = os.fspath(path)
    name = _display_name(Path(full).name or full)
    try:
        data = _read_limited(full, name)
        return article_from_bytes(data, name=name, suffix=Path(full).suffix)
    except ImportProblem as problem:
        problem.path = full
        raise


def article_from_bytes(data: bytes, *, name: str, suffix: str) -> ImportedText:
    """Turn the bytes of a file into an article.

    ``suffix`` (".txt", ".md", ".html" ...) chooses the format; with any other suffix the bytes
    are sniffed: HTML if they look like a web page, else plain text.
    """
    shown = _display_name(name)
    suffix = suffix.lower()
    if suffix and not suffix.startswith("."):
        suffix = "." + suffix
    try:
        return _article_from_bytes(bytes(data), shown, suffix)
    except ImportProblem:
        raise
    except ImportError as err:  # an installation that lost a parser's dependency
        logger.exception("importing %r needs a missing module", name)
        missing = err.name or "a module"
        raise ImportProblem(
            f"{shown}: reading this kind of file needs the Python package {missing!r}, which is not installed. "
            "Reinstall ClaimMark (python3 scripts/bootstrap.py run does it), or save the article as plain text "
            "(.txt) and import that."
        ) from err
    except Exception as err:  # a bug in a parser on odd input must not crash the app
        logger.exception("importing %r failed unexpectedly", name)
        raise ImportProblem(
            f"{shown}: this file could not be read ({type(err).__name__}). "
            "Save the article as plain text (.txt) and import that."
        ) from err


def article_from_paste(text: str) -> ImportedText:
    """Turn pasted plain text into an article."""
    clean = _normalise(text)
    if not _has_visible(clean):
        raise ImportProblem("Pasted text: there is no text to import. Copy the article's text and paste it again.")
    clean = _paragraphs_from_lines(clean)
    return ImportedText(
        text=clean,
        title=_title_from_first_line(clean),
        format="text",
        source_name="pasted text",
        language=_script_language(clean),
    )


def decode_bytes(data: bytes, *, name: str) -> str:
    """Decode the bytes of a text file, finding the encoding; raise if it is not text.

    Order: a byte-order mark (UTF-8/16/32), UTF-16 without one (many NULs in alternate
    positions), strict UTF-8, then charset-normalizer's best guess, preferring Windows-1252 when
    it is as good a guess as another single-byte code page.  The decoded text must not be
    mostly control characters.
    """
    shown = _display_name(name)
    kind = _binary_kind(data)
    if kind:
        raise ImportProblem(f"{shown}: this is {kind}, not a text file. {_SAVE_AS}")
    if not data:
        return ""

    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                continue  # a UTF-16 LE BOM is also the start of a UTF-32 LE one: try the next
            return _checked_text(text, shown)
    if any(data.startswith(bom) for bom, _ in _BOMS):
        raise ImportProblem(
            f"{shown}: the text is damaged (it starts like Unicode text but has invalid bytes). "
            "Open it in a text editor, save it as UTF-8 and import it again."
        )

    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise _looks_binary(shown)
        try:
            return _checked_text(data.decode(utf16), shown)
        except UnicodeDecodeError:
            raise _looks_binary(shown) from None

    try:
        return _checked_text(data.decode("utf-8"), shown)
    except UnicodeDecodeError:
        pass

    guessed = _guess_decode(data)
    if guessed is None:
        raise ImportProblem(
            f"{shown}: the text's character encoding could not be recognised. "
            "Open it in a text editor, save it as UTF-8 and import it again."
        )
    return _checked_text(guessed, shown)


# ---------------------------------------------------------------------------------------------
# reading the file


def _display_name(name: str) -> str:
    """A file name fit for a one-line message (file names may hold newlines and controls)."""
    shown = " ".join(_CONTROL_IN_NAME.sub("?", str(name)).split()) or "file"
    return shown if len(shown) <= 120 else shown[:117] + "..."


def _read_limited(full: str, name: str) -> bytes:
    """Read at most MAX_BYTES from a regular file, turning every OS error into a message."""
    try:
        info = os.stat(full)
        if stat.S_ISDIR(info.st_mode):
            raise ImportProblem(f"{name}: this is a folder, not a file. Choose the article file inside it.")
        if not stat.S_ISREG(info.st_mode):
            # a pipe or device would block or never end
            raise ImportProblem(f"{name}: this is not an ordinary file. Choose a saved article (.txt, .md or .html).")
        if info.st_size > MAX_BYTES:
            raise _too_large(name, info.st_size)
        with open(full, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)  # the file may have grown since stat()
    except ImportProblem:
        raise
    except FileNotFoundError:
        raise ImportProblem(
            f"{name}: the file was not found. It may have been moved, renamed or deleted; choose it again."
        ) from None
    except IsADirectoryError:
        raise ImportProblem(f"{name}: this is a folder, not a file. Choose the article file inside it.") from None
    except PermissionError:
        raise ImportProblem(
            f"{name}: you do not have permission to read this file. "
            "Copy it to your own documents folder and import the copy."
        ) from None
    except OSError as err:
        reason = " ".join((err.strerror or type(err).__name__).split())
        raise ImportProblem(
            f"{name}: the file could not be read ({reason}). "
            "Check that it is still there and its drive is connected, then try again."
        ) from None
    except ValueError:  # a path with a NUL byte or characters the file system cannot hold
        raise ImportProblem(f"{name}: this is not a valid file path. Choose the file again.") from None
    if len(data) > MAX_BYTES:
        raise _too_large(name, len(data))
    return data


def _too_large(name: str, size: int) -> ImportProblem:
    mib = 1024 * 1024
    return ImportProblem(
        f"{name}: the file is too large ({size / mib:.1f} MB; the limit is {MAX_BYTES / mib:g} MB). "
        "Import one article at a time, saved as .txt, .md or .html."
    )


def _article_from_bytes(data: bytes, name: str, suffix: str) -> ImportedText:
    if len(data) > MAX_BYTES:
        raise _too_large(name, len(data))
    if not data:
        raise ImportProblem(f"{name}: the file is empty. Choose the file that holds the article's text.")

    text = decode_bytes(_apply_declared_charset(data, suffix), name=name)
    if not _has_visible(text):
        raise ImportProblem(
            f"{name}: the file holds only blank space, no text. Choose the file that holds the article."
        )
    if text.lstrip("\ufeff \t\r\n").startswith("{\\rtf"):
        raise ImportProblem(f"{name}: this is a rich-text (RTF) document, not plain text. {_SAVE_AS}")

    if suffix in HTML_SUFFIXES or (
        suffix not in TEXT_SUFFIXES and suffix not in MARKDOWN_SUFFIXES and _looks_like_html(text)
    ):
        return _from_html(text, name)
    stem = Path(name).stem or name
    if suffix in MARKDOWN_SUFFIXES:
        return _from_markdown(text, name, stem)
    return _from_plain(text, name, stem)


def _apply_declared_charset(data: bytes, suffix: str) -> bytes:
    """Re-encode a web page to UTF-8 when it declares a charset that decodes it cleanly.

    A page's own ``<meta charset>`` is a better witness than any statistical guess, but only
    for bytes that are not already valid UTF-8 (pages often declare the wrong thing).
    """
    if suffix in TEXT_SUFFIXES or suffix in MARKDOWN_SUFFIXES or data.startswith(tuple(b for b, _ in _BOMS)):
        return data
    match = _META_CHARSET.search(data[:8192])
    if not match:
        return data
    try:
        data.decode("utf-8")
        return data
    except UnicodeDecodeError:
        pass
    declared = match.group(1).decode("ascii", "replace").lower()
    encoding = _WHATWG_ALIASES.get(declared, declared)
    try:
        codecs.lookup(encoding)
        return data.decode(encoding).encode("utf-8")
    except (LookupError, UnicodeError):
        return data


# ---------------------------------------------------------------------------------------------
# decoding

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a compressed (ZIP) file, such as a Word .docx or an e-book"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document (.doc)"),
    (b"\x89PNG\r\n\x1a\n", "an image (PNG)"),
    (b"\xff\xd8\xff", "an image (JPEG)"),
    (b"GIF87a", "an image (GIF)"),
    (b"GIF89a", "an image (GIF)"),
    (b"\x1f\x8b", "a compressed (gzip) file"),
    (b"7z\xbc\xaf\x27\x1c", "a compressed (7-Zip) file"),
    (b"Rar!\x1a\x07", "a compressed (RAR) file"),
    (b"\x7fELF", "a program"),
    (b"MZ", "a program"),
    (b"SQLite format 3\x00", "a database"),
)

# a declared charset in the first bytes of a page: <meta charset="x"> or content="...; charset=x"
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE)
# what browsers do with the labels pages use (WHATWG Encoding Standard)
_WHATWG_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "windows-1252": "cp1252",
    "x-sjis": "shift_jis",
    "gb2312": "gb18030",
    "gbk": "gb18030",
}

# characters no article holds: C0/C1 controls other than tab and newlines, surrogates and
# non-characters (U+FFFD stays: a few of them are damage a reader can live with)
_NOT_TEXT = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_TEXT_SAMPLE = 100_000

# single-byte code pages that charset-normalizer may rank above Windows-1252 for Western text
_LEGACY_SINGLE_BYTE = re.compile(r"^(cp12\d\d|cp8\d\d|cp7\d\d|iso8859_\d+|latin_1|mac_\w+|hp_roman8|kz1048|ptcp154)$")


def _binary_kind(data: bytes) -> str:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    return ""


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NULs sit in alternate bytes the way UTF-16 text has them."""
    sample = data[:65536]
    if len(sample) < 2:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    # ASCII-heavy UTF-16 has a NUL in (nearly) every other byte; text in other scripts has
    # fewer, but then the other half has none at all
    if odd >= 0.3 * half and even <= 0.02 * half:
        return "utf-16-le"
    if even >= 0.3 * half and odd <= 0.02 * half:
        return "utf-16-be"
    return None


def _guess_decode(data: bytes) -> str | None:
    import charset_normalizer

    try:
        matches = charset_normalizer.from_bytes(data)
    except Exception:  # the detector is heuristic code; a failure means "no guess"
        logger.exception("charset detection failed")
        return None
    best = matches.best()
    if best is None:
        return None
    if best.encoding != "cp1252" and _LEGACY_SINGLE_BYTE.match(best.encoding):
        western = next((match for match in matches if match.encoding == "cp1252"), None)
        if (
            western is not None
            and western.chaos <= best.chaos + 0.01
            and _western_reads_better(str(western), str(best), western.coherence - best.coherence)
        ):
            return str(western)
    return str(best)


# characters a single-byte page puts where another code page has a letter: the sign that a
# decoding is wrong when they touch letters ("deºi" is Romanian "deşi" read as Windows-1252)
_RARE_BESIDE_LETTERS = frozenset("þÞðÐºª¤¦¨¬¯°±²³´µ¶·¸¹¼½¾×÷")


def _oddities(text: str, positions: list[int]) -> int:
    """How many of the given characters look out of place where they stand."""
    odd = 0
    for i in positions:
        char = text[i]
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if (
            unicodedata.category(char).startswith("M")  # a combining mark (Vietnamese code page)
            or (char in _RARE_BESIDE_LETTERS and (before.isalpha() or after.isalpha()))
            or (char.isalpha() and after.isdigit())  # "Ł4.3 billion" for "£4.3 billion"
            or (char.isupper() and before.islower())
        ):
            odd += 1
    return odd


def _western_reads_better(western: str, other: str, coherence_gain: float) -> bool:
    """Whether a Windows-1252 reading beats another single-byte reading charset-normalizer
    ranked first.  Its ranking between Latin code pages is close to a coin toss on short text
    (English with a "£" came out as Central European "Ł"), so compare the characters where the
    two readings differ, and fall back on its language-model coherence only on a tie."""
    if len(western) != len(other):
        return False
    differ = [i for i, (a, b) in enumerate(zip(western, other, strict=True)) if a != b]
    if not differ:
        return True
    western_odd, other_odd = _oddities(western, differ), _oddities(other, differ)
    if western_odd != other_odd:
        return western_odd < other_odd
    return coherence_gain >= -0.04


def _checked_text(text: str, name: str) -> str:
    """The decoded text, unless it is mostly characters that no text holds."""
    sample = text[:_TEXT_SAMPLE]
    if sample:
        bad = len(_NOT_TEXT.findall(sample))
        if bad > 0.02 * len(sample):
            raise _looks_binary(name)
    return text


def _looks_binary(name: str) -> ImportProblem:
    return ImportProblem(f"{name}: this is not a text file (it looks binary). {_SAVE_AS}")


# ---------------------------------------------------------------------------------------------
# normalising text

_NEWLINE = re.compile("\r\n?|[\u2028\x85]")
_PARAGRAPH_BREAK = re.compile("[\u2029\x0c]")
_DROP = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_TRAILING_SPACE = re.compile(r"[^\S\n]+(?=\n|\Z)")
_BLANK_RUN = re.compile(r"\n{3,}")


def _normalise(text: str) -> str:
    r"""``\n`` newlines, no control characters, NFC, no trailing spaces, at most one blank line
    in a row, no blank lines at either end."""
    text = _NEWLINE.sub("\n", text)
    text = _PARAGRAPH_BREAK.sub("\n\n", text)
    text = _DROP.sub("", text)
    text = _SURROGATE.sub("\ufffd", text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = _TRAILING_SPACE.sub("", text)
    text = _BLANK_RUN.sub("\n\n", text)
    return text.strip("\n")


def _has_visible(text: str) -> bool:
    """Whether anything would show: not only spaces and invisible format characters."""
    return any(not char.isspace() and unicodedata.category(char) != "Cf" for char in text)


def _paragraphs_from_lines(text: str) -> str:
    """Text without blank lines has one paragraph per line: separate them with blank lines."""
    if "\n" in text and "\n\n" not in text:
        return text.replace("\n", "\n\n")
    return text


def _clean_field(value: object) -> str:
    """A metadata value on one line: NFC, single spaces, no controls."""
    if not isinstance(value, str):
        return ""
    value = _SURROGATE.sub("\ufffd", _DROP.sub("", value))
    return unicodedata.normalize("NFC", " ".join(value.split()))


def _title_from_first_line(text: str) -> str:
    """The first line when it reads like a headline (short, followed by more text)."""
    first, _, rest = text.partition("\n")
    first = first.strip()
    if (
        first
        and rest.strip()
        and len(first) <= 150
        and len(first.split()) <= 25
        and not first.endswith((".", ",", ";", ":"))
    ):
        return _clean_field(first)
    return ""


# Scripts that point to one language clearly enough to say so; Latin, Cyrillic and Devanagari
# serve many languages and are left to the page's own declaration.
_SCRIPT_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0370, 0x03FF, "el"),
    (0x0530, 0x058F, "hy"),
    (0x0590, 0x05FF, "he"),
    (0x0600, 0x06FF, "ar"),
    (0x0750, 0x077F, "ar"),
    (0x08A0, 0x08FF, "ar"),
    (0x0E00, 0x0E7F, "th"),
    (0x10A0, 0x10FF, "ka"),
    (0x1100, 0x11FF, "ko"),
    (0x3040, 0x30FF, "ja"),  # hiragana and katakana
    (0x3130, 0x318F, "ko"),
    (0x3400, 0x4DBF, "zh"),  # Han: Chinese unless kana show it is Japanese
    (0x4E00, 0x9FFF, "zh"),
    (0xAC00, 0xD7AF, "ko"),
    (0xFB50, 0xFDFF, "ar"),
    (0xFE70, 0xFEFF, "ar"),
)
_PERSIAN_URDU_LETTERS = frozenset("پچژگکیٹڈڑںےۓھ")


def _script_language(text: str) -> str:
    """A language code when most letters are in a script that names one language, else ""."""
    counts: dict[str, int] = {}
    letters = 0
    for char in text[:20_000]:
        if not char.isalpha():
            continue
        letters += 1
        code = ord(char)
        if code < 0x0370:
            continue
        for low, high, language in _SCRIPT_RANGES:
            if low <= code <= high:
                counts[language] = counts.get(language, 0) + 1
                break
    if not letters or not counts:
        return ""
    if counts.get("ja", 0) >= 0.05 * letters:
        counts["ja"] = counts.get("ja", 0) + counts.pop("zh", 0)
    language, count = max(counts.items(), key=lambda item: item[1])
    if count < 0.5 * letters:
        return ""
    if language == "ar" and any(char in _PERSIAN_URDU_LETTERS for char in text[:20_000]):
        return ""  # Persian or Urdu: Arabic script, another language
    return language


# ---------------------------------------------------------------------------------------------
# plain text and Markdown


def _from_plain(text: str, name: str, stem: str) -> ImportedText:
    clean = _paragraphs_from_lines(_normalise(text))
    if not _has_visible(clean):
        raise ImportProblem(f"{name}: the file holds no readable text. Choose the file that holds the article.")
    return ImportedText(
        text=clean,
        title=_title_from_first_line(clean) or _clean_field(stem),
        format="text",
        source_name=name,
        language=_script_language(clean),
    )


@cache
def _markdown() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _from_markdown(text: str, name: str, stem: str) -> ImportedText:
    from markdown_it.tree import SyntaxTreeNode

    meta, body = _front_matter(_normalise(text))
    root = SyntaxTreeNode(_markdown().parse(body))
    blocks = [_normalise(block) for block in _markdown_blocks(root.children)]
    clean = "\n\n".join(block for block in blocks if block)
    if not _has_visible(clean):
        raise ImportProblem(
            f"{name}: the Markdown file holds no text, only markup or images. Choose the file that holds the article."
        )
    title = meta.get("title", "")
    first = root.children[0] if root.children else None
    if not title and first is not None and first.type == "heading" and first.children:
        title = _clean_field(_inline_text(first.children[0]))
    published = meta.get("date", "")[:10]
    url = meta.get("url", "")
    return ImportedText(
        text=clean,
        title=title or _title_from_first_line(clean) or _clean_field(stem),
        outlet=meta.get("outlet", ""),
        author=meta.get("author", ""),
        published=published if _ISO_DATE.match(published) else "",
        url=url if url.lower().startswith(("http://", "https://")) else "",
        format="markdown",
        source_name=name,
        language=meta.get("lang", "") or _script_language(clean),
    )


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.{0,4000}?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FRONT_MATTER_KEYS = {
    "title": "title",
    "author": "author",
    "authors": "author",
    "by": "author",
    "date": "date",
    "published": "date",
    "url": "url",
    "source": "url",
    "link": "url",
    "outlet": "outlet",
    "publisher": "outlet",
    "site": "outlet",
    "lang": "lang",
    "language": "lang",
}


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """Simple ``key: value`` front matter (as Jekyll, Hugo and Obsidian write it), and the rest."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    meta: dict[str, str] = {}
    for line in match.group(1).split("\n"):
        key, colon, value = line.partition(":")
        field = _FRONT_MATTER_KEYS.get(key.strip().lower())
        if not colon or not field or field in meta:
            continue
        value = _clean_field(value).strip("'\"")
        if field == "lang":
            found = _LANGUAGE_TAG.match(value)
            value = found.group(1).lower() if found else ""
        if value:
            meta[field] = value
    if not meta:  # a thematic break followed by text, not front matter
        return {}, text
    return meta, text[match.end() :]


def _markdown_blocks(nodes: list[SyntaxTreeNode]) -> list[str]:
    """Paragraph texts of a run of block nodes, in order."""
    blocks: list[str] = []
    for child in nodes:
        kind = child.type
        if kind in ("paragraph", "heading"):
            blocks.append(_inline_text(child.children[0]) if child.children else "")
        elif kind in ("bullet_list", "ordered_list"):
            blocks.append("\n".join(_list_lines(child, 0)))
        elif kind == "blockquote":
            blocks.extend(_markdown_blocks(child.children))
        elif kind in ("fence", "code_block"):
            blocks.append(child.content.rstrip("\n"))
        elif kind == "html_block":
            blocks.append(_html_fragment_text(child.content))
        elif kind == "table":
            blocks.append(_table_text(child))
        # hr and anything unknown carries no text
    return blocks


def _list_lines(node: SyntaxTreeNode, depth: int) -> list[str]:
    """One line per list item ("- text" or "3. text"), nested lists indented."""
    lines: list[str] = []
    ordered = node.type == "ordered_list"
    start = node.attrs.get("start", 1) if ordered else 1
    number = start if isinstance(start, int) else 1
    indent = "  " * depth
    for item in node.children:
        marker = f"{number}. " if ordered else "- "
        number += 1
        pending = indent + marker
        for block in item.children:
            if block.type in ("bullet_list", "ordered_list"):
                if pending.strip():
                    lines.append(pending.rstrip())
                    pending = ""
                lines.extend(_list_lines(block, depth + 1))
                continue
            for text in _markdown_blocks([block]):
                for line in text.split("\n"):
                    lines.append((pending or indent + " " * len(marker)) + line)
                    pending = ""
        if pending.strip():
            lines.append(pending.rstrip())
    return lines


def _inline_text(node: SyntaxTreeNode) -> str:
    """Visible text of an inline run: link text kept, images, raw tags and markers dropped."""
    token = node.token
    if token is None:
        return ""
    return _inline_tokens_text(token.children or [])


def _inline_tokens_text(tokens: list[Token]) -> str:
    parts: list[str] = []
    for token in tokens:
        if token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type == "softbreak":
            parts.append(" ")
        elif token.type == "hardbreak":
            parts.append("\n")
    return "".join(parts)


def _table_text(node: SyntaxTreeNode) -> str:
    rows: list[str] = []
    for part in node.children:  # thead, tbody
        for row in part.children:
            cells = [_inline_text(cell.children[0]) if cell.children else "" for cell in row.children]
            rows.append(" | ".join(" ".join(cell.split()) for cell in cells))
    return "\n".join(rows)


def _html_fragment_text(source: str) -> str:
    """Text of a raw HTML block inside Markdown (parsed by lxml; scripts and styles dropped)."""
    import lxml.html

    if not source.strip():
        return ""
    root = lxml.html.fromstring(f"<div>{source}</div>")
    for element in root.xpath(".//script | .//style | .//template"):
        element.drop_tree()
    return " ".join(root.text_content().split())


# ---------------------------------------------------------------------------------------------
# web pages

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_HTML_START = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)
_HTML_TAGS = re.compile(r"</?(?:html|head|body|p|div|article|title|meta|br|span|a)\b[^>]*>", re.IGNORECASE)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LANGUAGE_TAG = re.compile(r"^([A-Za-z]{2,3})(?:$|[-_])")
_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\"\s>]+)", re.IGNORECASE)


def _looks_like_html(text: str) -> bool:
    head = text[:4096]
    if _HTML_START.match(head):
        return True
    return len(_HTML_TAGS.findall(head)) >= 5


def _from_html(text: str, name: str) -> ImportedText:
    import trafilatura

    text = _XML_DECLARATION.sub("", text, count=1)
    if "<html" not in text[:4096].lower():
        # a fragment (an article's markup copied on its own): trafilatura only trusts whole pages
        text = f"<html><body>{text}</body></html>"
    # trafilatura.load_html only parses (str in, lxml tree out); it never downloads
    tree = trafilatura.load_html(text)
    if tree is None:
        _raise_no_article(_lenient_tree(text), name)
    declared = _declared_language(tree)
    try:
        document = _extract(tree, with_metadata=True)
    except Exception:  # htmldate and the metadata code trip over some odd trees; keep the text
        logger.warning("metadata extraction failed for %r; importing the text alone", name, exc_info=True)
        document = _extract(tree, with_metadata=False)
    body = getattr(document, "body", None) if document is not None else None
    clean = _normalise("\n\n".join(_html_blocks(body, _control_texts(tree)))) if body is not None else ""
    if not _has_visible(clean):
        _raise_no_article(tree, name)

    url = _clean_field(getattr(document, "url", ""))
    published = _clean_field(getattr(document, "date", ""))
    guessed = _script_language(clean)
    title = _clean_field(getattr(document, "title", ""))
    outlet = _clean_field(getattr(document, "sitename", ""))
    if outlet == title:  # some pages repeat the headline as og:site_name
        outlet = _clean_field(getattr(document, "hostname", ""))
    return ImportedText(
        text=clean,
        title=title,
        outlet=outlet,
        author=_clean_field(getattr(document, "author", "")),
        published=published if _ISO_DATE.match(published) else "",
        url=url if url.lower().startswith(("http://", "https://")) else "",
        format="html",
        source_name=name,
        # pages built from an English template often keep lang="en" whatever they hold
        language=guessed if guessed and declared in ("", "en") else declared,
    )


def _extract(tree: Any, *, with_metadata: bool) -> Any:
    import trafilatura

    return trafilatura.bare_extraction(
        tree,  # parsed already, so nothing downstream can take it for a URL to fetch (it is copied)
        # Measured on 130 real pages (benchmarks/html_import_eval.py): recall mode finds more of
        # the article than the default and also brings less furniture; precision mode halves the
        # furniture but drops ledes and whole articles, and a missing paragraph goes unnoticed
        # where a stray menu line does not.
        favor_recall=True,
        with_metadata=with_metadata,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        deduplicate=False,
        # form fields hold no article, only things like a video's embed code to copy
        prune_xpath=["//textarea", "//select"],
        # No guessing from free text: on the corpus it added mostly invented "YYYY-01-01" dates
        # (a copyright year read as a day) and cost a 1.5 s dateparser warm-up.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )


def _html_blocks(body: Any, controls: frozenset[str] = frozenset()) -> list[str]:
    """Paragraph texts of trafilatura's output tree: one per block, list items one per line,
    a table row per line (a one-cell row, as layout tables have, is a paragraph of its own),
    without the page furniture (_drop_furniture; ``controls``: the page's link and button texts)."""
    from trafilatura.xml import xmltotxt

    blocks: list[tuple[str, list[str]]] = []  # (trafilatura's tag, lines)
    for element in body:
        if element.tag == "code":  # kept exactly: HTML whitespace is only significant here
            blocks.append(("code", [xmltotxt(element, False)]))
            continue
        if element.tag != "table":
            blocks.append((element.tag, [" ".join(line.split()) for line in xmltotxt(element, False).split("\n")]))
            continue
        rows: list[str] = []
        for row in element.iter("row"):
            # xmltotxt frames a cell as "| text |"; the frame goes, the cell's own spacing stays
            cells = [" ".join(xmltotxt(cell, False).strip(" |").split()) for cell in row.findall("cell")]
            cells = [cell for cell in cells if cell]
            if len(cells) == 1:
                blocks.append(("table", rows))
                blocks.append(("p", cells))
                rows = []
            elif cells:
                rows.append(" | ".join(cells))
        blocks.append(("table", rows))
    return _drop_furniture(blocks, controls)


# Page furniture that trafilatura lets through (most of all when a page holds little article
# and it falls back to reading the whole page).  The rules look at whole lines (a paragraph, a
# list item), never inside one, and leave code and table rows alone; a line that reads as a
# sentence only goes as a copyright notice or as the second copy of a paragraph.

_LIST_MARKER = re.compile(r"^\s*(?:[-*•·]|\d{1,3}[.)])\s+")
_BARE_MARKER = re.compile(r"^\s*[-•]\s*$")  # an empty list item (a lone "*" or "2." stays)
_UI_LINE = re.compile(
    r"close|loading(?: \w+){0,2}|advertisements?|advertising|sponsored(?: content)?|powered by \w+(?: \w+)?|"
    r"(?:from )?around the web|more stories|related(?: stories| articles| content)?|you may also like|"
    r"recommended(?: for you)?|most popular|trending|print(?: this)?|search|subscribe|sign in|log in|"
    r"sign up|menu|skip to (?:main )?content|share(?: this| this article| on \w+)?|tweet(?: this)?|"
    r"e-?mail(?: this)?|link this|digg this|pin it|reprints|permalink|comments?|view comments|"
    r"(?:add|leave|post|write) a comment|add your rating|rate this|\d+ (?:comments?|shares?|likes?)|"
    r"next|previous|prev|back to top|read more|continue reading|see more|view more|show more|load more|"
    r"view (?:gallery|slideshow)|see all|watch more videos|filed under|tags|keywords|"
    r"(?:(?:slide|photo|image) )?\d+ ?(?:of|/) ?\d+"
)
_UI_EDGES = " |>»›<«‹:…./-–—()[]"
_NAV_SEPARATOR = re.compile(r"\s+[|»›>•·]\s+")
# "© 2014 X", "Copyright 2014 X", "Copyright © X": not "Copyright holders say ..." in a story about it
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\s*(?:©|\(c\)|\d{4}))|\ball rights reserved\b")
_MENU_LINES = 5  # a paragraph of at least this many link texts, one per line, is a menu
_REPEATS = 3  # a short line seen this often in one page is a credit, a time stamp or a button


def _is_sentence(line: str) -> bool:
    """Five words or more, ending with . ! or ? (before any closing quote or bracket)."""
    return len(line.split()) >= 5 and line.rstrip("\"'”’)]").endswith((".", "!", "?"))


def _line_key(line: str) -> str:
    """A line as the furniture rules compare it: no list marker, single spaces, casefolded, no
    trailing comma (tag lists put one after each link), no punctuation or arrows at either end."""
    return " ".join(_LIST_MARKER.sub("", line).split()).casefold().rstrip(",;").strip(_UI_EDGES)


def _control_texts(tree: Any) -> frozenset[str]:
    """The texts of the page's links and buttons: what a reader clicks rather than reads."""
    texts = set()
    for element in tree.xpath("//a | //button | //*[@onclick] | //*[@role='button' or @role='link']"):
        key = _line_key(element.text_content())
        if key:
            texts.add(key)
    return frozenset(texts)


def _is_ui_line(line: str, controls: frozenset[str]) -> bool:
    """Interface words ("Close", "Loading...", "- Tweet this", "3 of 12"), a stray "|", a
    copyright notice, or a row of links ("Home | World | Sport")."""
    key = _line_key(line)
    if not key:
        return any(char in "|>»›<«‹" for char in line)  # keeps "*", "* * *" and "--"
    if _UI_LINE.fullmatch(key):
        return True
    plain = " ".join(_LIST_MARKER.sub("", line).split()).casefold()  # the key has lost "(c)"'s brackets
    if _COPYRIGHT.search(plain) and len(key.split()) <= 25:
        return True
    parts = [part.strip(_UI_EDGES) for part in _NAV_SEPARATOR.split(key)]
    return len(parts) >= 3 and all(part in controls for part in parts if part)


def _is_link_list(lines: list[str], controls: frozenset[str]) -> bool:
    """Two or more list items and nothing else, each the text of a link or button of the page
    and none a sentence: a menu, related stories, tags, share buttons."""
    return (
        len(lines) >= 2
        and all(_LIST_MARKER.match(line) for line in lines)
        and all(_line_key(line) in controls and not _is_sentence(line) for line in lines)
    )


def _is_menu_block(lines: list[str], controls: frozenset[str]) -> bool:
    """A paragraph of five or more lines, none a sentence and two in three of them short link
    texts: a site menu that lost its list markup ("Homes", "Decorating", "Renovation" ...)."""
    if len(lines) < _MENU_LINES or any(_is_sentence(line) for line in lines):
        return False
    links = sum(1 for line in lines if len(line.split()) <= 6 and _line_key(line) in controls)
    return links >= 2 * len(lines) / 3


_MORE_LINKS = re.compile(
    r"(?:more|related|read|see|also|recommended|trending|popular|further|you may|you might|watch|follow|"
    r"sponsored|from around|around the web|elsewhere|previously|latest)\b"
)


def _introduces_list(line: str) -> bool:
    """A line of the article's own that ends with a colon: "The nominees are:", not "Related
    stories:" or "More from Example.com:"."""
    text = " ".join(line.split())
    return text.endswith(":") and len(text.split()) >= 3 and not _MORE_LINKS.match(_line_key(text))


def _drop_furniture(blocks: list[tuple[str, list[str]]], controls: frozenset[str]) -> list[str]:
    """The blocks' texts without lines of interface words, lists of links, short lines repeated
    through the page (photo credits, comment time stamps) and second copies of a sentence
    paragraph (a pull quote)."""
    cleaned: list[tuple[str, list[str]]] = []
    for tag, lines in blocks:
        if tag in ("code", "table"):
            cleaned.append((tag, lines))
            continue
        joined: list[str] = []
        for line in lines:  # a list item whose text sat in a child element comes as "-", then the text
            if joined and _BARE_MARKER.match(joined[-1]) and line and not _BARE_MARKER.match(line):
                joined[-1] = f"{joined[-1].strip()} {line}"
            else:
                joined.append(line)
        kept = [line for line in joined if line and not _BARE_MARKER.match(line) and not _is_ui_line(line, controls)]
        # a list the article introduces ("The nominees are:") is the article's, links or not
        introduced = bool(cleaned and cleaned[-1][1] and _introduces_list(cleaned[-1][1][-1]))
        menu = not introduced and (_is_link_list(kept, controls) or _is_menu_block(kept, controls))
        cleaned.append((tag, [] if menu else kept))

    counts = Counter(_line_key(line) for tag, lines in cleaned if tag not in ("code", "table") for line in lines)
    seen: set[str] = set()
    texts: list[str] = []
    for tag, lines in cleaned:
        if tag not in ("code", "table", "head"):  # a heading may repeat ("Ingredients" per recipe)
            lines = [line for line in lines if not _repeated_furniture(line, counts, seen)]
        texts.append("\n".join(lines))
    return texts


def _repeated_furniture(line: str, counts: Counter[str], seen: set[str]) -> bool:
    key = _line_key(line)
    if _is_sentence(line):
        if key in seen:
            return True
        seen.add(key)
        return False
    if line.rstrip().endswith(":"):
        return False  # a speaker's name in an interview ("SMITH:") labels what follows
    return counts[key] >= _REPEATS and len(key.split()) <= 4 and any(char.isalnum() for char in key)


def _raise_no_article(tree: Any, name: str) -> NoReturn:
    refresh = _refresh_target(tree) if tree is not None else ""
    if refresh:
        raise ImportProblem(
            f"{name}: this page only sends the browser on to {refresh} and holds no article. "
            "Open that address, save the article page and import it."
        )
    raise ImportProblem(
        f"{name}: no article text was found in this web page. "
        "Open it in a browser, copy the article's text and paste it instead."
    )


def _lenient_tree(text: str) -> Any:
    """Parse what trafilatura refused (a fragment, a script-only page), for its meta tags."""
    import lxml.html

    try:
        return lxml.html.document_fromstring(text)
    except Exception:  # lxml refuses empty or strange documents; then there is nothing to find
        return None


def _declared_language(tree: Any) -> str:
    """The page's own language: <html lang>, Content-Language or og:locale."""
    candidates = [
        tree.get("lang"),
        tree.get("xml:lang"),  # XHTML, as lxml's HTML parser names it
        *tree.xpath("//meta[translate(@http-equiv,'CONTENTLANGUAGE','contentlanguage')='content-language']/@content"),
        *tree.xpath("//meta[@property='og:locale']/@content"),
    ]
    for candidate in candidates:
        if isinstance(candidate, str):
            match = _LANGUAGE_TAG.match(candidate.strip())
            if match:
                return match.group(1).lower()
    return ""


def _refresh_target(tree: Any) -> str:
    """Where a <meta http-equiv="refresh"> page sends the browser (never followed)."""
    for content in tree.xpath("//meta[translate(@http-equiv,'REFSH','refsh')='refresh']/@content"):
        match = _REFRESH_URL.search(str(content))
        if match:
            target = _clean_field(match.group(1))
            return target if len(target) <= 100 else target[:97] + "..."
    return ""
