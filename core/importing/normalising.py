r"""Normalising text and metadata values, and telling the language from the script.

Every format's text goes through :func:`normalise` (``\n`` newlines, no control characters,
NFC, no trailing spaces, at most one blank line in a row), so offsets stored against an
article stay valid on every platform; every metadata value through :func:`clean_field`.
"""

from __future__ import annotations

import re
import unicodedata

_NEWLINE = re.compile("\r\n?|[\u2028\x85]")
_PARAGRAPH_BREAK = re.compile("[\u2029\x0c]")
# C1 controls that Windows-1252 gives a letter or mark to (0x80 "€", 0x92 "’" ...) are kept: text
# read with the wrong encoding holds them where those characters belong, and the import proposes
# to decode them anew (core/importing/mojibake.py); the five it leaves undefined are dropped
_DROP = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\x81\x8d\x8f\x90\x9d\ufeff\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_C1 = re.compile("[\x80-\x9f]")
_TRAILING_SPACE = re.compile(r"[^\S\n]+(?=\n|\Z)")
_BLANK_RUN = re.compile(r"\n{3,}")


def normalise(text: str) -> str:
    r"""``\n`` newlines, no control characters (but the C1 ones mojibake is made of), NFC, no
    trailing spaces, at most one blank line in a row, no blank lines at either end."""
    text = _NEWLINE.sub("\n", text)
    text = _PARAGRAPH_BREAK.sub("\n\n", text)
    text = _DROP.sub("", text)
    text = _SURROGATE.sub("\ufffd", text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = _TRAILING_SPACE.sub("", text)
    text = _BLANK_RUN.sub("\n\n", text)
    return text.strip("\n")


def has_visible(text: str) -> bool:
    """Whether anything would show: not only spaces and invisible format characters."""
    return any(not char.isspace() and unicodedata.category(char) != "Cf" for char in text)


def paragraphs_from_lines(text: str) -> str:
    """Text without blank lines has one paragraph per line: separate them with blank lines."""
    if "\n" in text and "\n\n" not in text:
        return text.replace("\n", "\n\n")
    return text


def clean_field(value: object) -> str:
    """A metadata value on one line: NFC, single spaces, no controls; characters that went
    through the wrong encoding decoded anew (a title is shown, and edited, in the details)."""
    if not isinstance(value, str):
        return ""
    value = _SURROGATE.sub("\ufffd", _DROP.sub("", value))
    if not value.isascii():
        import ftfy

        value = ftfy.fix_encoding(value)
    return unicodedata.normalize("NFC", " ".join(_C1.sub("", value).split()))


def title_from_first_line(text: str) -> str:
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
        return clean_field(first)
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


def script_language(text: str) -> str:
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


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LANGUAGE_TAG = re.compile(r"^([A-Za-z]{2,3})(?:$|[-_])")


def iso_date(value: str) -> str:
    """``value`` when it is a YYYY-MM-DD date, else ""."""
    return value if _ISO_DATE.match(value) else ""


def web_address(value: str) -> str:
    """``value`` when it is an http(s) address, else ""."""
    return value if value.lower().startswith(("http://", "https://")) else ""


def language_code(tag: str) -> str:
    """The lower-case language of a language tag ("en-GB" -> "en", "pt_BR" -> "pt"), or ""."""
    match = _LANGUAGE_TAG.match(tag)
    return match.group(1).lower() if match else ""
