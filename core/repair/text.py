"""Places in the text that glued-link repair reads: word runs, the chunk of non-space
characters and the line around a position, the words on either side; and the lines it leaves
alone (program code or markup, and text that is not English)."""

from __future__ import annotations

import re

from claimmark.core.repair.words import english, lexicon

LONGEST_RUN = 40  # longer word runs (and hashtags) are data, not glued words
_LONGEST_CHUNK = 200  # a longer run of non-space characters is data, not prose
_LINE_WINDOW = 5000  # lines are read in blocks of this many characters at most
WORD_RUN = re.compile(r"[^\W_]+(?:(?:['’]|(?<=\d)[.,](?=\d))[^\W_]+)*")
WHITE_SPACE = re.compile(r"\s")
_CHUNK_REST = re.compile(rf"\S{{0,{_LONGEST_CHUNK}}}")
# Chunks with an address, a handle, a hashtag, a file name or code in them are never cut.
PROTECTED_CHUNK = re.compile(
    r"://|^www\.|@|^#|[_=\\{}<>|~^`]|\w\(\)|[a-z0-9]\.[a-z]|[a-z0-9]/[a-z]",
)
_PUNCTUATION = "\"'“”‘’()[]{}.,;:!?…—–-*/"
_CODE_MARKS = ("{", "}", "=>", "</", "/>", "$", ";", "()")
_CODE_WORDS = ("import", "def", "function", "var", "let", "const", "return", "if", "for")
# Lines of program code or markup, where words are glued on purpose (saveToFile, endfor).
_CODE_LINE = re.compile(
    r"""\{\s*$|^\s*\}|\{[%{]|[%}]\}|\{\s*"\w+"\s*:   # braces that open blocks, templates, JSON
    |=>|</\w|/>|\$[A-Za-z_]\w*\s*[=;,)\[-]|;\s*$|\w\(\)
    |^\s*(?:import|def|function|var|let|const|return|if|for)\b.*[(:{;]\s*$""",
    re.VERBOSE,
)


def chunk_bounds(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The whitespace-delimited chunk around text[start:end]; None if it is absurdly long."""
    low = max(0, start - _LONGEST_CHUNK)
    k = max(text.rfind(c, low, start) for c in " \n\t\r\u00a0")
    if k < 0 and low > 0:
        return None
    m = _CHUNK_REST.match(text, end)
    if m and m.end() - end >= _LONGEST_CHUNK:
        return None
    return k + 1, (m.end() if m else end)


def line_bounds(text: str, pos: int) -> tuple[int, int, bool]:
    """The line around pos: start, end, and whether it is the whole line.

    Lines longer than a few thousand characters are cut into fixed blocks, so that text
    without line breaks is still read in linear time.
    """
    low, high = max(0, pos - _LINE_WINDOW), min(len(text), pos + _LINE_WINDOW)
    start = text.rfind("\n", low, pos)
    end = text.find("\n", pos, high)
    whole = (start >= 0 or low == 0) and (end >= 0 or high == len(text))
    if whole:
        return start + 1, (end if end >= 0 else len(text)), True
    block = pos - pos % _LINE_WINDOW
    return max(start + 1, block), min(end if end >= 0 else len(text), block + _LINE_WINDOW), False


def skip_line(text: str, pos: int, cache: dict[int, bool]) -> bool:
    """Is pos on a line to leave alone: program code or markup, or not English?"""
    start, end, _ = line_bounds(text, pos)
    known = cache.get(start)
    if known is None:
        line = text[start:end]
        known = _code_like(line) or _foreign(line)
        cache[start] = known
    return known


def not_english(text: str) -> bool:
    """A text whose lower-case words are mostly not common English words (Spanish, German)."""
    words = [w for w in WORD_RUN.findall(text[:200_000]) if w.isalpha() and w.islower()]
    if len(words) < 30:
        return False
    lex = lexicon()
    return sum(1 for w in words if lex.get(w, -99.0) > -6.0) < 0.75 * len(words)


def _foreign(line: str) -> bool:
    """Mostly lower-case words that are rare or unknown in English (a quoted Czech tweet).

    Only lower-case words count: a line of foreign names in an English byline is English.
    Glued English words ("theinteractive") count as English.
    """
    chunks = line[:600].split()[:80]  # enough to tell the language of a paragraph
    words = [w for w in (c.strip(_PUNCTUATION) for c in chunks) if w.isalpha() and w.islower()]
    if len(words) < 6:
        return False
    return sum(1 for w in words if not english(w)) > 0.4 * len(words)


def _code_like(line: str) -> bool:
    if not any(mark in line for mark in _CODE_MARKS) and not line.lstrip().startswith(_CODE_WORDS):
        return False  # the quick answer for prose
    return bool(_CODE_LINE.search(line))


def neighbours(text: str, start: int, end: int) -> tuple[str, str]:
    """The word before ``start`` and the word after ``end`` (empty at the edges)."""
    before = text[max(0, start - 40) : start].split()
    after = text[end : end + 40].split()
    return (before[-1] if before else ""), (after[0] if after else "")


def at_sentence_start(text: str, pos: int) -> bool:
    """Does a sentence start at ``pos`` (after ". ! ? :" or a line break, and opening quotes)?"""
    k = pos - 1
    while k >= max(0, pos - 20) and text[k] in " \t\"'“‘([":
        k -= 1
    return k < 0 or text[k] in ".!?:\n\r"


def word_before(text: str, pos: int) -> str:
    """The letters, digits and apostrophes right before ``pos`` (60 at most)."""
    k = pos
    while k > max(0, pos - 60) and (text[k - 1].isalnum() or text[k - 1] in "'’"):
        k -= 1
    return text[k:pos]


def word_after(text: str, pos: int) -> str:
    """The word run that starts at ``pos``, or ""."""
    m = WORD_RUN.match(text, pos)
    return m.group() if m else ""


_SPACE_BEFORE = "\"'“‘(["


def at_word_start(text: str, k: int) -> bool:
    """Does text[k] start a word: the text's start, or after white space or an opening bracket or quote?"""
    return k == 0 or text[k - 1].isspace() or text[k - 1] in _SPACE_BEFORE


def glued_word_before(text: str, pos: int) -> str:
    """The letters glued to the left of ``pos`` when they make a whole word (nothing before
    them but a space, a line start or an opening bracket or quote), else ""."""
    word = word_before(text, pos)
    k = pos - len(word)
    return word if word.isalpha() and at_word_start(text, k) else ""
