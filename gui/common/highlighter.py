"""Highlights as a view concern: layers of spans drawn per block, never written into the text.

Each layer (entities, claims) holds spans already converted to Qt positions and indexed by
block number, so drawing a block looks only at that block's spans, and changing the claims
re-draws only the blocks whose claims changed. Large changes are drawn in time slices, the
blocks on screen first, so the window never freezes while thousands of entities appear.
Formats of overlapping spans are merged, so an entity's background shows under a claim's
underline.

A block is drawn by giving its layout the merged formats, as ``QSyntaxHighlighter`` does, but
only when this highlighter is asked to: a ``QSyntaxHighlighter`` also re-runs on every block
whenever the text is set (5,500 calls into Python for a 100,000-word article, a third of the
time it took to show it), although an article's text never changes once shown.
"""

from __future__ import annotations

import bisect
import itertools
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QTextBlock, QTextCharFormat, QTextDocument, QTextLayout

# Up to this many blocks are re-drawn at once; more are drawn in slices of the event loop so
# that the window keeps responding (a 100,000-word article has thousands of blocks).
SYNC_BLOCKS = 64
SLICE_SECONDS = 0.02


@dataclass(frozen=True, slots=True)
class Span:
    start: int  # Qt position, document-wide
    end: int
    key: str  # what the format is looked up by (an entity label, a tag)


def _text_order(span: Span) -> tuple[int, int]:
    return (span.start, span.end)


@dataclass
class Layer:
    formats: dict[str, QTextCharFormat]
    hidden: set[str] = field(default_factory=set)
    by_block: dict[int, list[Span]] = field(default_factory=dict)


class LayeredHighlighter(QObject):
    """Draws named layers in a fixed order (later layers on top) on one document."""

    def __init__(self, document: QTextDocument, order: Iterable[str]) -> None:
        super().__init__(document)
        self._document = document
        self._order = list(order)
        self._layers: dict[str, Layer] = {name: Layer(formats={}) for name in self._order}
        self._pending: set[int] = set()
        # which block is at the top of the screen (the view sets this); drawn first
        self.first_visible: Callable[[], int] = lambda: 0
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._draw_slice)

    # ------------------------------------------------------------------ setting spans
    def set_layer(self, name: str, spans: Iterable[Span], formats: dict[str, QTextCharFormat]) -> None:
        """Replace a layer's spans; re-draw only the blocks whose spans changed."""
        layer = self._layers[name]
        old = layer.by_block
        layer.formats = formats
        layer.by_block = self._index(spans)
        changed = {b for b in old.keys() | layer.by_block.keys() if old.get(b) != layer.by_block.get(b)}
        self._redraw(changed)

    def restyle(self, name: str, formats: dict[str, QTextCharFormat]) -> None:
        """Give a layer new formats for the same spans (the palette changed): every block it touches is re-drawn."""
        layer = self._layers[name]
        layer.formats = formats
        self._redraw(layer.by_block.keys())

    def change_layer(self, name: str, added: Iterable[Span] = (), removed: Iterable[Span] = ()) -> None:
        """Add and remove some of a layer's spans; re-draw only the blocks they touch.

        The cost follows the spans changed, not the spans in the layer: one edit among
        thousands of claims re-draws one or two blocks.
        """
        layer = self._layers[name]
        touched: set[int] = set()
        for number, span in self._blocks_of(removed):
            spans = layer.by_block.get(number)
            if spans is not None and span in spans:
                spans.remove(span)
                if not spans:
                    del layer.by_block[number]
                touched.add(number)
        for number, span in self._blocks_of(added):
            # in text order, as set_layer leaves them, so overlapping spans merge the same way
            bisect.insort(layer.by_block.setdefault(number, []), span, key=_text_order)
            touched.add(number)
        self._redraw(touched)

    def clear(self) -> None:
        """Forget every layer's spans without re-drawing: for when the document's text is replaced
        (which re-draws every block anyway), so old highlights never land on the new text."""
        for layer in self._layers.values():
            layer.by_block = {}
        self._pending.clear()
        self._timer.stop()

    def set_hidden(self, name: str, hidden: set[str]) -> None:
        layer = self._layers[name]
        if layer.hidden == hidden:
            return
        affected = hidden ^ layer.hidden
        layer.hidden = set(hidden)
        blocks = {b for b, spans in layer.by_block.items() if any(s.key in affected for s in spans)}
        self._redraw(blocks)

    def spans(self, name: str) -> list[Span]:
        seen: dict[Span, None] = {}
        for block_spans in self._layers[name].by_block.values():
            seen.update(dict.fromkeys(block_spans))
        return sorted(seen, key=lambda s: (s.start, s.end))

    def block_spans(self, name: str, block_number: int) -> list[Span]:
        """A layer's spans touching one block, hidden ones left out (for views that draw a layer themselves)."""
        layer = self._layers[name]
        return [s for s in layer.by_block.get(block_number, ()) if s.key not in layer.hidden]

    def _index(self, spans: Iterable[Span]) -> dict[int, list[Span]]:
        by_block: dict[int, list[Span]] = defaultdict(list)
        starts = self._block_starts()
        find = bisect.bisect_right
        for span in spans:  # as _blocks_of, inlined: thousands of spans are indexed at each open
            if span.end <= span.start:
                continue
            first = find(starts, span.start) - 1
            last = find(starts, span.end - 1) - 1
            if first == last:
                by_block[first].append(span)
            else:
                for number in range(max(first, 0), max(last, first) + 1):
                    by_block[number].append(span)
        return dict(by_block)

    def _blocks_of(self, spans: Iterable[Span]) -> Iterator[tuple[int, Span]]:
        """(block number, span) for every block each span touches."""
        starts = self._block_starts()  # block start positions, to find each span's blocks by bisection
        for span in spans:
            if span.end <= span.start:
                continue
            first = bisect.bisect_right(starts, span.start) - 1
            last = bisect.bisect_right(starts, span.end - 1) - 1
            for number in range(max(first, 0), max(last, first) + 1):
                yield number, span

    def _block_starts(self) -> list[int]:
        doc = self.document()
        cached = getattr(self, "_starts_cache", None)
        if cached is not None and cached[0] == doc.revision() and cached[1] == doc.blockCount():
            return cached[2]
        starts = []
        block = doc.begin()
        while block.isValid():
            starts.append(block.position())
            block = block.next()
        self._starts_cache = (doc.revision(), doc.blockCount(), starts)
        return starts

    def _redraw(self, block_numbers: Iterable[int]) -> None:
        """Re-draw blocks: a few at once, many in time slices, those on screen first."""
        self._pending.update(block_numbers)
        if len(self._pending) <= SYNC_BLOCKS:
            self.flush()
        elif not self._timer.isActive():
            self._timer.start()

    def flush(self) -> None:
        """Draw every pending block now."""
        self._timer.stop()
        self._draw_slice(budget=None)

    def pending(self) -> int:
        return len(self._pending)

    def _draw_slice(self, budget: float | None = SLICE_SECONDS) -> None:
        doc = self.document()
        first = self.first_visible()
        order = sorted(self._pending, key=lambda n: (n < first, abs(n - first)))
        deadline = time.perf_counter() + budget if budget is not None else None
        for number in order:
            self._pending.discard(number)
            block = doc.findBlockByNumber(number)
            if block.isValid():
                self.rehighlightBlock(block)
            if deadline is not None and time.perf_counter() > deadline:
                break
        if self._pending and not self._timer.isActive():
            self._timer.start()

    def document(self) -> QTextDocument:
        return self._document

    # ------------------------------------------------------------------ drawing
    def rehighlightBlock(self, block: QTextBlock) -> None:
        """Give one block the merged formats of its spans (none: its formats are cleared)."""
        layout = block.layout()
        ranges = self._ranges(block)
        if not ranges and not layout.formats():
            return  # nothing drawn, nothing to draw
        layout.setFormats(ranges)
        self._document.markContentsDirty(block.position(), block.length())

    def _ranges(self, block: QTextBlock) -> list[QTextLayout.FormatRange]:
        number = block.blockNumber()
        base = block.position()
        length = block.length() - 1  # without the block's end
        ranges: list[QTextLayout.FormatRange] = []
        # (start, end, draw-order rank, format key) clipped to this block
        pieces: list[tuple[int, int, int, tuple[str, str]]] = []
        for rank, name in enumerate(self._order):
            layer = self._layers[name]
            for span in layer.by_block.get(number, ()):
                if span.key in layer.hidden or span.key not in layer.formats:
                    continue
                start = max(span.start - base, 0)
                end = min(span.end - base, length)
                if start < end:
                    pieces.append((start, end, rank, (name, span.key)))
        if not pieces:
            return ranges
        # sweep over the span edges, keeping the spans that cover the current segment
        events: dict[int, list[int]] = defaultdict(list)
        for i, (start, end, _, _) in enumerate(pieces):
            events[start].append(i)
            events[end].append(~i)
        active: set[int] = set()
        edges = sorted(events)
        merged_cache: dict[tuple[tuple[str, str], ...], QTextCharFormat] = {}
        for left, right in itertools.pairwise(edges):
            for i in events[left]:
                if i >= 0:
                    active.add(i)
                else:
                    active.discard(~i)
            if not active:
                continue
            keys = tuple(pieces[i][3] for i in sorted(active, key=lambda i: (pieces[i][2], i)))
            fmt = merged_cache.get(keys)
            if fmt is None:
                fmt = QTextCharFormat(self._layers[keys[0][0]].formats[keys[0][1]])
                for layer_name, key in keys[1:]:
                    fmt.merge(self._layers[layer_name].formats[key])
                merged_cache[keys] = fmt
            piece = QTextLayout.FormatRange()
            piece.start, piece.length, piece.format = left, right - left, fmt
            ranges.append(piece)
        return ranges
