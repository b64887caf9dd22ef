"""Claim marks drawn by the reader itself: solid, dashed and wavy lines thick enough to tell apart.

Qt's own underlines are one device pixel thick, and its wave is a 2-pixel checker that reads as
dots.  Here each tag's line is a pen as thick as a tenth of the text's height (2 px at least): a
straight line, dashes three times as long as their gaps, or a sine wave with a visible swing.
Claims that overlap are drawn one below the other (lanes), so neither hides the other; the claim
selected in the list gets a frame around its words, which leaves their entity colour showing.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPixmap

from claimmark.core.claims import Tag
from claimmark.gui.common.highlighter import Span

MAX_LANES = 3


def line_width(text_height: float) -> float:
    """Whole pixels, so that lines fall on the pixel grid (crisp, not smeared by antialiasing)."""
    return float(max(2, round(text_height / 10)))


def on_grid(y: float, width: float) -> float:
    """``y`` moved to where a line ``width`` pixels thick covers whole rows."""
    return round(y) + (0.5 if round(width) % 2 else 0.0)


def lanes(spans: Sequence[Span]) -> dict[Span, int]:
    """A lane per span, so that overlapping spans are drawn apart: the longer (outer) claim on top."""
    placed: dict[Span, int] = {}
    ends: list[int] = []  # per lane, where its last span ends
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        for lane, end in enumerate(ends):
            if end <= span.start:
                ends[lane] = span.end
                placed[span] = lane
                break
        else:
            ends.append(span.end)
            placed[span] = min(len(ends) - 1, MAX_LANES - 1)
    return placed


def draw_line(painter: QPainter, tag: Tag, colour: QColor, x1: float, x2: float, y: float, width: float) -> None:
    """One tag's line from x1 to x2 at height y."""
    pen = QPen(colour, width)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    if tag is Tag.CONFIRMED:
        painter.setPen(pen)
        painter.drawLine(QPointF(x1, y), QPointF(x2, y))
    elif tag is Tag.ESTIMATED:
        pen.setDashPattern([3.0, 1.6])  # in pen widths: long dashes, clear gaps
        painter.setPen(pen)
        painter.drawLine(QPointF(x1, y), QPointF(x2, y))
    else:
        tile = wave_tile(colour.rgba(), width, painter.device().devicePixelRatioF() if painter.device() else 1.0)
        height = tile.height() / tile.devicePixelRatioF()
        painter.drawTiledPixmap(QRectF(x1, y - height / 2, x2 - x1, height), tile)


@functools.lru_cache(maxsize=64)
def wave_tile(rgba: int, width: float, ratio: float) -> QPixmap:
    """One period of the wavy line, drawn once and tiled along every wavy claim (stroking a long
    antialiased path per claim took 2 ms each: 150 ms a repaint with 5,000 claims)."""
    period = max(6, round(width * 5.5))  # whole pixels, so that the tiles join without a seam
    amplitude = width * 1.4
    pen_width = max(1.5, width * 0.8)
    height = math.ceil(2 * amplitude + pen_width + 2)
    tile = QPixmap(round(period * ratio), round(height * ratio))
    tile.setDevicePixelRatio(ratio)
    tile.fill(Qt.GlobalColor.transparent)
    painter = QPainter(tile)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor.fromRgba(rgba), pen_width)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    painter.setPen(pen)
    # a little past both ends, so that the joins are covered
    painter.drawPath(wave(-1.0, period + 1.0, height / 2, amplitude=amplitude, period=period, phase=-1.0))
    painter.end()
    return tile


def wave(x1: float, x2: float, y: float, *, amplitude: float, period: float, phase: float = 0.0) -> QPainterPath:
    """A sine wave from x1 to x2 around y (``phase``: the x where it crosses y going up)."""

    def at(x: float) -> QPointF:
        return QPointF(x, y - amplitude * math.sin(2 * math.pi * (x - x1 + phase) / period))

    path = QPainterPath(at(x1))
    steps = max(2, math.ceil((x2 - x1) / 0.75))
    for i in range(1, steps + 1):
        path.lineTo(at(x1 + (x2 - x1) * i / steps))
    return path


def draw_frame(painter: QPainter, rect: QRectF, colour: QColor, width: float, *, bottom: bool) -> None:
    """The selected claim's frame: around the words, never over them; open at the bottom when
    the claim's own line closes it (a bottom edge there would run into a wavy line)."""
    pen = QPen(colour, width)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    r = rect.adjusted(-1.5, -0.5, 1.5, 0.5)
    if bottom:
        painter.drawRoundedRect(r, 3, 3)
        return
    path = QPainterPath(QPointF(r.left(), r.bottom()))
    path.lineTo(QPointF(r.left(), r.top()))
    path.lineTo(QPointF(r.right(), r.top()))
    path.lineTo(QPointF(r.right(), r.bottom()))
    painter.drawPath(path)
