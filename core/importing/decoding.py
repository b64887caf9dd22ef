"""Decoding a file's bytes: byte-order marks, UTF-16 without one, UTF-8, a page's declared
charset, and charset-normalizer's guess for the rest; refusing what is not text at all."""

from __future__ import annotations

import codecs
import logging
import re
import unicodedata

from claimmark.core.importing.result import ImportProblem, display_name

# charset-normalizer is imported where it is used (it is slow to import and rarely needed)

logger = logging.getLogger(__name__)


def decode_bytes(data: bytes, *, name: str) -> str:
    """Decode the bytes of a text file, finding the encoding; raise if it is not text.

    Order: a byte-order mark (UTF-8/16/32), UTF-16 without one (many NULs in alternate
    positions), strict UTF-8, then charset-normalizer's best guess, preferring Windows-1252 when
    it is as good a guess as another single-byte code page.  The decoded text must not be
    mostly control characters.
    """
    shown = display_name(name)
    kind = _binary_kind(data)
    if kind:
        raise ImportProblem(
            "{name}: this is {kind}, not a text file. Save the article as .txt, .md or .html and import that.",
            name=shown,
            kind=kind,
        )
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
            "{name}: the text is damaged (it starts like Unicode text but has invalid bytes). "
            "Open it in a text editor, save it as UTF-8 and import it again.",
            name=shown,
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
            "{name}: the text's character encoding could not be recognised. "
            "Open it in a text editor, save it as UTF-8 and import it again.",
            name=shown,
        )
    return _checked_text(guessed, shown)


def apply_declared_charset(data: bytes) -> bytes:
    """Re-encode a web page to UTF-8 when it declares a charset that decodes it cleanly.

    A page's own ``<meta charset>`` is a better witness than any statistical guess, but only
    for bytes that are not already valid UTF-8 (pages often declare the wrong thing) and have
    no byte-order mark.  For formats whose files may declare one (``DECLARES_CHARSET``).
    """
    if data.startswith(tuple(b for b, _ in _BOMS)):
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
    return ImportProblem(
        "{name}: this is not a text file (it looks binary). Save the article as .txt, .md or .html and import that.",
        name=name,
    )
