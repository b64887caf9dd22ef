"""The one place where core offsets (code points) become Qt positions (UTF-16 units) and back.

Python and spaCy count code points; ``QTextCursor`` counts UTF-16 units, so every character
outside the Basic Multilingual Plane (most emoji) takes two Qt positions.  Everything in gui/
converts through an ``OffsetMap`` made for the article's text.
"""

from __future__ import annotations

import bisect


class OffsetMap:
    def __init__(self, text: str) -> None:
        # code-point indices of characters that take two UTF-16 units
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF] if not text.isascii() else []
        # their Qt positions: index + number of astral characters before them
        self._astral_qt = [i + k for k, i in enumerate(self._astral)]
        self.length = len(text)
        self.qt_length = len(text) + len(self._astral)

    def to_qt(self, offset: int) -> int:
        """Code-point offset -> Qt position."""
        return offset + bisect.bisect_left(self._astral, offset)

    def to_core(self, position: int) -> int:
        """Qt position -> code-point offset; a position inside a surrogate pair moves to its start."""
        before = bisect.bisect_right(self._astral_qt, position - 2)  # pairs wholly before position
        inside = bisect.bisect_left(self._astral_qt, position) - before  # 1 when between the halves
        return position - before - inside

    def span_to_qt(self, start: int, end: int) -> tuple[int, int]:
        return self.to_qt(start), self.to_qt(end)

    def span_to_core(self, start: int, end: int) -> tuple[int, int]:
        return self.to_core(start), self.to_core(end)
