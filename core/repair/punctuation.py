"""Missing spaces after punctuation and before brackets and quotes: "mansion.Grant's",
"types,we", "(fMRI)to", 'said"heroes', 'days,"Dimon', "U.S.managed", "bag($140)", "a‘thigh bone’",
"disagreed.[1]The"; and around a bar where the article spaces its bars ("Politics|Sport"
among " | ")."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from claimmark.core.repair.joins import RULE_CONFIDENCE, Join
from claimmark.core.repair.text import (
    PROTECTED_CHUNK,
    chunk_bounds,
    line_bounds,
    neighbours,
    skip_line,
    word_after,
    word_before,
)
from claimmark.core.repair.words import FUNCTION_WORDS, lexicon

# Each pattern starts with its punctuation mark so the scan stays fast; the letters around it
# are checked in Python.
_PUNCT_THEN_LETTER = re.compile(r"[,;:.!?](?=[^\W\d_])")
_CLOSE_THEN_WORD = re.compile(r"[)\]”](?=[^\W_])")
_OPENING = re.compile(r"[(\[“‘]")
# starts with the quote mark, not with the look-behind, so that the engine skips ahead to the
# next quote instead of trying every position (so do _POSSESSIVE_THEN_NAME and _WORD_BEFORE_DOTTED
# in forms.py)
_QUOTE_CLOSED_GLUED = re.compile(r'"(?<=[^\W_][,.!?]")(?=[A-Z][a-z])')
_APOSTROPHE_ENDING = re.compile(r"(?:s|t|ll|re|ve|d|m)\b")
_STRAIGHT_QUOTE = re.compile('"')


def _latin(c: str) -> bool:
    """A letter of the Latin script (the rules below know English spacing only)."""
    return c.isalpha() and c <= "\u024f"


def _word_character(c: str) -> bool:
    """A Latin letter or a digit: what a bracket or quote mark is glued to."""
    return _latin(c) or c.isdigit()


_ADDRESS_ENDINGS = frozenset(["com", "org", "net", "gov", "edu", "co", "uk", "us", "io", "info", "biz", "html", "htm"])
_LEADING_LETTERS = re.compile(r"[^\W\d_]+")
_CLOSERS = ')]”’"'
_DOTTED_ABBREVIATION = re.compile(r"(?<![\w.])(?:[A-Z]\.)+[A-Z]$")  # U.S  U.K  D.C (its last dot is the mark)


def _punctuation_glued(text: str, mark: str, pos: int) -> bool:
    """Is the letter right after text[pos] (a , ; : . ! or ?) the start of a glued word?"""
    before = text[max(0, pos - 2) : pos]
    word = word_after(text, pos + 1)
    if not word or not _latin(word[0]):
        return False
    # the word's leading letters: "You" of "You'll", "Arizona" of "Arizona4.1"
    leading = _LEADING_LETTERS.match(word)
    word = leading.group() if leading else word
    whole = len(word) >= 2 or word in ("a", "I", "A")
    if len(word) == 1 and word.isupper() and text[pos + 2 : pos + 3] == "-" and text[pos + 3 : pos + 4].isalpha():
        whole = mark in ",;"  # Paul,R-Ky.  (a letter and a hyphen: R-Ky., X-ray, T-shirt)
    if before and before[-1] in _CLOSERS and mark in ",;":
        return whole and before[0] not in _CLOSERS  # (I kid),Iggy   "days,"Dimon is a quote's business
    if not before or not (_latin(before[-1]) or before[-1].isdigit()):
        return before in ("..", "…") and word[:1].isupper() and word[1:].islower()  # ...Read
    if mark in ",;":
        return whole  # types,we   Chen;Carrie   2014,only   Intellia,a
    if mark == ":":
        return whole and before.isalpha() and len(word) >= 2  # Sidenote:same   NASDAQ:QCOM
    if mark == "." and word.islower() and _DOTTED_ABBREVIATION.search(text, max(0, pos - 12), pos):
        # the U.S.managed: an abbreviation, then the sentence goes on (not "U.S.gov", an address)
        return word not in _ADDRESS_ENDINGS and lexicon().get(word, -99.0) > -5.0
    # . ! ?  before a capitalised word or an acronym: mansion.Grant   swim?You   unity.FULL
    sentence_word = word[1:].islower() or len(word) >= 4 or (word in ("A", "I") and before.isalpha())
    if not (whole and word[0].isupper() and sentence_word):
        return False  # not before "JS" in Node.JS or "NET" in ASP.NET; "A" only after a word (Salgia.A)
    if before.isalnum() or before[-1].isdigit():
        # no sentence ends with a capitalised "My" or "The": "My.Future" is a name
        left = word_before(text, pos)
        return not (mark == "." and left[:1].isupper() and left.lower() in FUNCTION_WORDS)
    # an abbreviation that ends in a capital: U.S.Energy (but not U.S.A or J.K.Rowling)
    return mark == "." and before[0] == "." and before[1].isupper() and word[1:].islower() and len(word) >= 3


def punctuation_joins(text: str) -> Iterator[Join]:
    code_lines: dict[int, bool] = {}

    def chunk_of(pos: int) -> tuple[int, str] | None:
        bounds = chunk_bounds(text, pos, pos)
        if bounds is None:
            return None
        start, end = bounds
        chunk = text[start:end]
        if PROTECTED_CHUNK.search(chunk) or skip_line(text, pos, code_lines):
            return None
        return start, chunk

    def sides(pos: int, cut: int) -> tuple[str, str] | None:
        """The chunk around ``pos`` cut at ``cut``, or None when the chunk is left alone."""
        found = chunk_of(pos)
        if not found:
            return None
        start, chunk = found
        return chunk[: cut - start], chunk[cut - start :]

    for m in _PUNCT_THEN_LETTER.finditer(text):
        mark, pos = m.group(), m.start()
        glued = _punctuation_glued(text, mark, pos) and sides(pos, pos + 1)
        if glued:
            yield Join(pos + 1, *glued, f"no space after '{mark}' before a word", RULE_CONFIDENCE["punct"])
    for m in _CLOSE_THEN_WORD.finditer(text):
        glued = _word_character(text[m.end()]) and sides(m.start(), m.end())
        if not glued:
            continue
        left, right = glued
        if m.group() in ")]":
            inner = left[:-1].rsplit("(" if m.group() == ")" else "[", 1)
            content = inner[1] if len(inner) == 2 else ""
            footnote = m.group() == "]" and content.isdigit() and len(content) <= 3 and _latin(text[m.end()])
            if not footnote and (len(content) < 2 or (content.isalpha() and content.islower() and len(content) <= 3)):
                continue  # (s)he, (re)write; but a footnote mark before a word: disagreed.[1]The
        elif m.start() > 0 and text[m.start() - 1].isspace():
            continue  # a detached quote mark: spacing is already odd, leave it
        yield Join(m.end(), left, right, f"no space after '{m.group()}'", RULE_CONFIDENCE["bracket"])
    for m in _OPENING.finditer(text):
        glued = m.start() > 0 and _word_character(text[m.start() - 1]) and sides(m.start(), m.start())
        if not glued:
            continue
        left, right = glued
        if m.group() in "([":
            content = right[1:].split(")" if m.group() == "(" else "]", 1)[0]
            if len(content) < 3 or not (content[:1].isalnum() or content[:1] in "$£€"):
                continue  # friend(s), f(x); but bag($140)
            if m.group() == "[" and content.isalpha() and content.islower() and len(content) <= 4:
                continue  # pick[ing]: an editor's letters inside a quoted word
        elif m.group() == "“" and (m.end() >= len(text) or not _word_character(text[m.end()])):
            continue  # review“ of: an opening mark typed for a closing one, not glued to what follows
        elif m.group() == "‘":
            # a single quote that opens a quotation closed soon after: a‘thigh bone’ (not Kim‘s or ‘n’)
            quoted = text[m.end() : m.end() + 80].split("’", 1)
            if len(quoted) < 2 or len(quoted[0]) < 3 or not quoted[0][:1].isalpha() or "\n" in quoted[0]:
                continue
            if _APOSTROPHE_ENDING.match(quoted[0]):
                continue  # Newsroom‘s, don‘t: the wrong quote mark typed for an apostrophe
        if len(left) < 2 and not (m.group() == "‘" and left in ("a", "A", "I")):
            continue
        yield Join(m.start(), left, right, f"no space before '{m.group()}'", RULE_CONFIDENCE["bracket"])
    yield from _straight_quote_joins(text, chunk_of)
    for m in _QUOTE_CLOSED_GLUED.finditer(text):
        # days,"Dimon said: punctuation and a quote mark close a quotation, whatever the count of
        # marks on the line (a quotation that runs on into the next paragraph leaves it odd)
        if not skip_line(text, m.start(), code_lines):
            yield Join(
                m.end(), *neighbours(text, m.end(), m.end()), "no space after a closing quote", RULE_CONFIDENCE["quote"]
            )


_SEPARATOR = re.compile(r"\|")
_GLUE_SIDE = re.compile(r"[^\W_]")


def separator_joins(text: str) -> Iterator[Join]:
    """A bar that lost the space on one side or both, read from the article's own style.

    A bar with a space on one side and a letter on the other ("News |Sport") lost a space: one
    side of a link.  One with letters on both sides ("News|Sport") lost two where the article
    spaces its other bars.  Dashes are left alone: clean news text closes them up ("war—and")
    and even spaces them on one side only, about as often as glue does (PolNeAR train).
    """
    marks = {"|": [0, 0]}  # spaced on both sides, closed on both sides
    found = []
    for m in _SEPARATOR.finditer(text):
        k = m.start()
        a = text[k - 1] if k else "\n"
        b = text[k + 1] if k + 1 < len(text) else "\n"
        if a == " " and b == " ":
            marks[m.group()][0] += 1
        elif _GLUE_SIDE.match(a) and _GLUE_SIDE.match(b):
            marks[m.group()][1] += 1
            found.append((k, True, True))
        elif _GLUE_SIDE.match(a) and b == " " and k + 2 < len(text) and _GLUE_SIDE.match(text[k + 2]):
            found.append((k, True, False))
        elif _GLUE_SIDE.match(b) and a == " " and k >= 2 and _GLUE_SIDE.match(text[k - 2]):
            found.append((k, False, True))
    code_lines: dict[int, bool] = {}
    for k, before, after in found:
        mark = text[k]
        spaced, closed = marks[mark]
        if before and after and not (spaced >= 2 and closed < spaced):
            continue
        if not _latin(text[k - 1]) and not _latin(text[k + 1]):
            continue  # digits: 2014|2015, a score 3—1
        bounds = chunk_bounds(text, k, k + 1)
        if bounds is None or skip_line(text, k, code_lines):
            continue
        chunk = text[bounds[0] : bounds[1]]
        if "://" in chunk or "@" in chunk or "www." in chunk:
            continue
        for pos in ([k] if before else []) + ([k + 1] if after else []):
            left, right = neighbours(text, pos, pos)
            left = text[bounds[0] : pos] if pos > bounds[0] else left
            right = text[pos : bounds[1]] if pos < bounds[1] else right
            yield Join(
                pos, left, right, f"no space beside '{mark}' where the article spaces it", RULE_CONFIDENCE["punct"]
            )


def _straight_quote_joins(text: str, chunk_of: Callable[[int], tuple[int, str] | None]) -> Iterator[Join]:
    """'said"heroes"at': an opening quote glued to the word before, a closing one to the next.

    Whether a straight quote opens or closes is read from the number of quotes before it on
    its line; lines with an odd number of quotes are left alone.
    """
    for m in _STRAIGHT_QUOTE.finditer(text):
        q = m.start()
        if q == 0 or q + 1 >= len(text):
            continue
        a, b = text[q - 1], text[q + 1]
        if not ((_latin(a) and (_latin(b) or b.isdigit())) or (not a.isspace() and _latin(b))):
            continue
        line_start, line_end, whole = line_bounds(text, q)
        if not whole or text.count('"', line_start, line_end) % 2 or not chunk_of(q):
            continue
        opening = text.count('"', line_start, q) % 2 == 0
        if opening and _latin(a) and (_latin(b) or b.isdigit()):
            left, right = text[line_start:q].split()[-1], text[q:line_end].split()[0]
            yield Join(q, left, right, "no space before an opening quote", RULE_CONFIDENCE["quote"])
        elif not opening and _latin(b):
            left, right = text[line_start : q + 1].split()[-1], text[q + 1 : line_end].split()[0]
            yield Join(q + 1, left, right, "no space after a closing quote", RULE_CONFIDENCE["quote"])
