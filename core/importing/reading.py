"""Reading an article file: the size limit, reading its bytes safely, and choosing its format.

No exception but :class:`ImportProblem` leaves :func:`read_article_file` or
:func:`article_from_bytes`, whatever the file holds or however reading it fails.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

# defining a format registers it: these imports give the registry its formats
from claimmark.core.importing import html, markdown, plain  # noqa: F401
from claimmark.core.importing.decoding import apply_declared_charset, decode_bytes
from claimmark.core.importing.formats import format_for_suffix, format_for_text
from claimmark.core.importing.normalising import has_visible
from claimmark.core.importing.result import ImportedText, ImportProblem, display_name
from claimmark.core.text import MAX_ARTICLE_BYTES

logger = logging.getLogger(__name__)

MAX_BYTES = MAX_ARTICLE_BYTES
"""The largest file we import: the one limit for an article, wherever it comes from
(``core.text.MAX_ARTICLE_BYTES``, 20 MB).  A long feature is well under 1 MB of text; a saved
page with inline scripts and styles rarely passes 5 MB."""


def read_article_file(path: str | os.PathLike[str]) -> ImportedText:
    """Read one article file; raise :class:`ImportProblem` if it cannot be imported."""
    full = os.fspath(path)
    name = display_name(Path(full).name or full)
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
    shown = display_name(name)
    suffix = suffix.lower()
    if suffix and not suffix.startswith("."):
        suffix = "." + suffix
    try:
        return _article_from_bytes(bytes(data), shown, suffix)
    except ImportProblem:
        raise
    except ImportError as err:  # an installation that lost a parser's dependency
        logger.exception("importing %r needs a missing module", name)
        raise ImportProblem(
            "{name}: reading this kind of file needs the Python package {package!r}, which is not installed. "
            "Reinstall ClaimMark (python3 scripts/bootstrap.py run does it), or save the article as plain text "
            "(.txt) and import that.",
            name=shown,
            package=err.name or "a module",
        ) from err
    except Exception as err:  # a bug in a parser on odd input must not crash the app
        logger.exception("importing %r failed unexpectedly", name)
        raise ImportProblem(
            "{name}: this file could not be read ({error}). Save the article as plain text (.txt) and import that.",
            name=shown,
            error=type(err).__name__,
        ) from err


def _read_limited(full: str, name: str) -> bytes:
    """Read at most MAX_BYTES from a regular file, turning every OS error into a message."""
    try:
        info = os.stat(full)
        if stat.S_ISDIR(info.st_mode):
            raise _folder(name)
        if not stat.S_ISREG(info.st_mode):
            # a pipe or device would block or never end
            raise ImportProblem(
                "{name}: this is not an ordinary file. Choose a saved article (.txt, .md or .html).", name=name
            )
        if info.st_size > MAX_BYTES:
            raise _too_large(name, info.st_size)
        with open(full, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)  # the file may have grown since stat()
    except ImportProblem:
        raise
    except FileNotFoundError:
        raise ImportProblem(
            "{name}: the file was not found. It may have been moved, renamed or deleted; choose it again.", name=name
        ) from None
    except IsADirectoryError:
        raise _folder(name) from None
    except PermissionError:
        raise ImportProblem(
            "{name}: you do not have permission to read this file. "
            "Copy it to your own documents folder and import the copy.",
            name=name,
        ) from None
    except OSError as err:
        raise ImportProblem(
            "{name}: the file could not be read ({reason}). "
            "Check that it is still there and its drive is connected, then try again.",
            name=name,
            reason=" ".join((err.strerror or type(err).__name__).split()),
        ) from None
    except ValueError:  # a path with a NUL byte or characters the file system cannot hold
        raise ImportProblem("{name}: this is not a valid file path. Choose the file again.", name=name) from None
    if len(data) > MAX_BYTES:
        raise _too_large(name, len(data))
    return data


def _too_large(name: str, size: int) -> ImportProblem:
    mib = 1024 * 1024
    return ImportProblem(
        "{name}: the file is too large ({size:.1f} MB; the limit is {limit:g} MB). "
        "Import one article at a time, saved as .txt, .md or .html.",
        name=name,
        size=size / mib,
        limit=MAX_BYTES / mib,
    )


def _folder(name: str) -> ImportProblem:
    return ImportProblem("{name}: this is a folder, not a file. Choose the article file inside it.", name=name)


def _article_from_bytes(data: bytes, name: str, suffix: str) -> ImportedText:
    if len(data) > MAX_BYTES:
        raise _too_large(name, len(data))
    if not data:
        raise ImportProblem("{name}: the file is empty. Choose the file that holds the article's text.", name=name)

    chosen = format_for_suffix(suffix)
    text = decode_bytes(apply_declared_charset(data) if chosen is None or chosen.DECLARES_CHARSET else data, name=name)
    if not has_visible(text):
        raise ImportProblem(
            "{name}: the file holds only blank space, no text. Choose the file that holds the article.", name=name
        )
    if text.lstrip("\ufeff \t\r\n").startswith("{\\rtf"):
        raise ImportProblem(
            "{name}: this is a rich-text (RTF) document, not plain text. "
            "Save the article as .txt, .md or .html and import that.",
            name=name,
        )
    return (chosen or format_for_text(text)).read(text, name)
