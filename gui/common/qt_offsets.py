"""The one place where core offsets (code points) become Qt positions (UTF-16 units) and back.

Python and spaCy count code points; ``QTextCursor`` counts UTF-16 units, so every character
outside the Basic Multilingual Plane (most emoji) takes two Qt positions.  And a
``QTextDocument`` given plain text makes one block break of each ``"\\r\\n"``, so the ``"\\n"``
of such a pair takes none (lone ``\\r``, ``\\n``, ``\\u2028`` and ``\\u2029`` keep one each).
Everything in gui/ converts through an ``OffsetMap`` made for the article's text.
"""

from __future__ import annotations

import bisect
import re

_CRLF = re.compile("\r\n")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class OffsetMap:
    def __init__(self, text: str) -> None:
        # code-point indices of characters that take two UTF-16 units
        # (found by a regular expression: a loop over 600,000 characters in Python took 120 ms)
        self._astral = [m.start() for m in _ASTRAL.finditer(text)] if not text.isascii() else []
        # code-point indices of characters that take no Qt position: the "\n" of each "\r\n"
        self._merged = [m.start() + 1 for m in _CRLF.finditer(text)] if "\r\n" in text else []
        self.length = len(text)
        self.qt_length = len(text) + len(self._astral) - len(self._merged)

    def to_qt(self, offset: int) -> int:
        """Code-point offset -> Qt position."""
        return offset + bisect.bisect_left(self._astral, offset) - bisect.bisect_left(self._merged, offset)

    def to_core(self, position: int) -> int:
        """Qt position -> code-point offset.  A position inside a surrogate pair moves to its
        start; the position after a ``"\\r\\n"`` break is the offset after its ``"\\n"``."""
        if not self._astral and not self._merged:
            return max(0, min(position, self.length))
        # the last offset whose Qt position is not beyond ``position`` (to_qt never decreases)
        return max(0, bisect.bisect_right(range(self.length + 1), position, key=self.to_qt) - 1)

    def span_to_qt(self, start: int, end: int) -> tuple[int, int]:
        if not self._astral and not self._merged:  # most articles: the same numbers
            return start, end
        return self.to_qt(start), self.to_qt(end)

    def span_to_core(self, start: int, end: int) -> tuple[int, int]:
        return self.to_core(start), self.to_core(end)
