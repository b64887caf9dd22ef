"""Word tokens of an article, for snapping selections and for comparing claims.

This tokenizer is deliberately simple and has no dependency on spaCy, so that tagging and
scoring work the same with or without an NLP pipeline installed.  A token is a run of letters
and digits, joined by inner apostrophes, hyphens, periods or commas between digits
("country's", "real-world", "U.S.", "15,000"); every other non-space character is a token of
its own (punctuation).  Offsets are code points.
"""

from __future__ import annotations

import bisect
import re

_TOKEN = re.compile(
    r"""
    [^\W_]+(?:['’\-.][^\W_]+)*\.?(?<=[A-Z]\.)   # abbreviations such as U.S.
    | \d+(?:[.,]\d+)+                              # numbers: 15,000 and 3.5
    | [^\W_]+(?:['’\-][^\W_]+)*                    # words: country's, real-world
    | \S                                           # anything else: one punctuation mark
    """,
    re.VERBOSE,
)


class TokenIndex:
    """Token boundaries of one text, searchable by offset."""

    def __init__(self, text: str) -> None:
        self.text = text
        spans = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]

    def __len__(self) -> int:
        return len(self.starts)

    def _is_word(self, i: int) -> bool:
        return self.text[self.starts[i]].isalnum()

    def snap(self, start: int, end: int) -> tuple[int, int] | None:
        """Widen a selection to whole tokens and trim edge spaces and punctuation.

        A selection that covers part of a word takes the whole word; punctuation and spaces at
        either edge are dropped, but punctuation inside the selection stays.  Returns ``None``
        when the selection holds no word at all.
        """
        start, end = max(0, min(start, end)), min(len(self.text), max(start, end))
        # tokens that overlap [start, end)
        first = bisect.bisect_right(self.ends, start)
        last = bisect.bisect_left(self.starts, end) - 1
        if start == end:
            return None
        while first <= last and not self._is_word(first):
            first += 1
        while last >= first and not self._is_word(last):
            last -= 1
        if first > last:
            return None
        return self.starts[first], self.ends[last]

    def token_range(self, start: int, end: int) -> range:
        """Indices of the tokens that overlap [start, end)."""
        first = bisect.bisect_right(self.ends, start)
        last = bisect.bisect_left(self.starts, end)
        return range(first, max(first, last))

    def word_tokens(self, start: int, end: int) -> set[int]:
        """Indices of the word tokens (not punctuation) that overlap [start, end)."""
        return {i for i in self.token_range(start, end) if self._is_word(i)}


def token_iou(index: TokenIndex, a: tuple[int, int], b: tuple[int, int]) -> float:
    """Intersection over union of the word tokens two spans cover (0.0 when both are empty)."""
    ta, tb = index.word_tokens(*a), index.word_tokens(*b)
    union = ta | tb
    return len(ta & tb) / len(union) if union else 0.0


def snap_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``TokenIndex(text).snap(start, end)`` without tokenizing the whole text.

    Tokens never cross white space, so tokenizing from the white space before ``start`` to the
    white space after ``end`` gives the same tokens; this keeps tagging fast in long articles.
    """
    start, end = max(0, min(start, end)), min(len(text), max(start, end))
    left = start
    while left > 0 and not text[left - 1].isspace():
        left -= 1
    right = end
    while right < len(text) and not text[right].isspace():
        right += 1
    snapped = TokenIndex(text[left:right]).snap(start - left, end - left)
    return None if snapped is None else (snapped[0] + left, snapped[1] + left)
