"""Results over time as a line chart, drawn with QPainter (PySide6-Essentials has no QtCharts).

Each handed-in attempt is a point, oldest on the left: the share of its key claims found (solid
blue line, circles) and found with the right tag (dashed vermillion line, squares), 0-100%.  The
two differ by line style and marker as well as colour, and the numbers are in the accessible
description and in the table beside the chart.  A point can be missing (an attempt whose key has
no claim of the tag shown): the line breaks there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from claimmark.gui.common.palette import OKABE_ITO

FOUND_COLOUR = QColor(OKABE_ITO["blue"])
RIGHT_COLOUR = QColor(OKABE_ITO["vermillion"])


@dataclass(frozen=True)
class ChartPoint:
    label: str
    """Under the point: the attempt's date, say."""
    found: float | None
    """Share of the key claims found, 0..1 (None: nothing to count)."""
    right: float | None
    """Share found with the key's tag, 0..1."""
    tip: str = ""


class ProgressChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("progressChart")
        self.setAccessibleName(self.tr("Results over time"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(360, 200)
        self.points: list[ChartPoint] = []
        self.empty_text = self.tr("Hand in an exercise to see your results here.")
        self.series_names = (self.tr("key claims found"), self.tr("found with the right tag"))

    def sizeHint(self) -> QSize:
        return QSize(640, 260)

    def set_points(self, points: Sequence[ChartPoint]) -> None:
        self.points = list(points)
        lines = [
            self.tr("{0}: {1} found, {2} right").format(p.label, _percent(p.found), _percent(p.right))
            for p in self.points
        ]
        self.setAccessibleDescription("; ".join(lines) or self.empty_text)
        self.update()

    # ------------------------------------------------------------------ geometry
    def plot_area(self) -> QRectF:
        metrics = self.fontMetrics()
        left = metrics.horizontalAdvance("100%") + 12
        top = metrics.height() * 2 + 8  # room for the legend
        bottom = metrics.height() + 10
        return QRectF(left, top, max(self.width() - left - 16, 10), max(self.height() - top - bottom, 10))

    def point_at(self, index: int, share: float) -> QPointF:
        """Where attempt ``index`` with ``share`` (0..1) is drawn."""
        area = self.plot_area()
        count = len(self.points)
        step = area.width() / count
        return QPointF(area.left() + step * (index + 0.5), area.bottom() - share * area.height())

    # ------------------------------------------------------------------ drawing
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        area = self.plot_area()
        text_pen = QPen(self.palette().text().color())
        grid_pen = QPen(QColor("#c8c8c8"), 1, Qt.PenStyle.DotLine)
        painter.setPen(text_pen)
        metrics = self.fontMetrics()
        for percent in (0, 25, 50, 75, 100):
            y = area.bottom() - percent / 100 * area.height()
            painter.setPen(grid_pen)
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            painter.setPen(text_pen)
            label = f"{percent}%"
            painter.drawText(
                QRectF(0, y - metrics.height() / 2, area.left() - 6, metrics.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        painter.drawLine(area.bottomLeft(), area.topLeft())
        self._draw_legend(painter)
        if not self.points:
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.empty_text)
            painter.end()
            return
        self._draw_labels(painter, area)
        self._draw_series(painter, [p.found for p in self.points], FOUND_COLOUR, Qt.PenStyle.SolidLine, circle=True)
        self._draw_series(painter, [p.right for p in self.points], RIGHT_COLOUR, Qt.PenStyle.DashLine, circle=False)
        painter.end()

    def _draw_legend(self, painter: QPainter) -> None:
        metrics = self.fontMetrics()
        x, y = self.plot_area().left(), metrics.height() / 2 + 4
        for name, colour, style, circle in (
            (self.series_names[0], FOUND_COLOUR, Qt.PenStyle.SolidLine, True),
            (self.series_names[1], RIGHT_COLOUR, Qt.PenStyle.DashLine, False),
        ):
            painter.setPen(QPen(colour, 2.5, style))
            painter.drawLine(QPointF(x, y), QPointF(x + 28, y))
            self._marker(painter, QPointF(x + 14, y), colour, circle)
            painter.setPen(QPen(self.palette().text().color()))
            painter.drawText(QPointF(x + 34, y + metrics.ascent() / 2 - 1), name)
            x += 34 + metrics.horizontalAdvance(name) + 24

    def _draw_labels(self, painter: QPainter, area: QRectF) -> None:
        metrics = self.fontMetrics()
        step = area.width() / len(self.points)
        every = max(1, int((metrics.horizontalAdvance("0000-00-00") + 8) // max(step, 1)) + 1)
        small = QFont(self.font())
        painter.setFont(small)
        for i, point in enumerate(self.points):
            if i % every and i != len(self.points) - 1:
                continue
            x = self.point_at(i, 0).x()
            painter.drawText(
                QRectF(x - step * every / 2, area.bottom() + 3, step * every, metrics.height()),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                point.label,
            )

    def _draw_series(
        self, painter: QPainter, values: list[float | None], colour: QColor, style: Qt.PenStyle, *, circle: bool
    ) -> None:
        path = QPainterPath()
        drawing = False
        for i, value in enumerate(values):
            if value is None:
                drawing = False
                continue
            point = self.point_at(i, value)
            if drawing:
                path.lineTo(point)
            else:
                path.moveTo(point)
                drawing = True
        painter.setPen(QPen(colour, 2.5, style))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        for i, value in enumerate(values):
            if value is not None:
                self._marker(painter, self.point_at(i, value), colour, circle)

    def _marker(self, painter: QPainter, at: QPointF, colour: QColor, circle: bool) -> None:
        painter.setPen(QPen(colour, 1.5))
        painter.setBrush(colour)
        if circle:
            painter.drawEllipse(at, 4.5, 4.5)
        else:
            painter.drawRect(QRectF(at.x() - 4, at.y() - 4, 8, 8))


def _percent(share: float | None) -> str:
    return "–" if share is None else f"{share:.0%}"
