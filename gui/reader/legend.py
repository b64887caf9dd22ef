"""Entity legend: one check box per label found, coloured like its highlight."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QCheckBox, QLabel, QWidget

from claimmark.core.claims import Tag
from claimmark.gui.common import kinds, plain
from claimmark.gui.common.flow_layout import FlowLayout, flow_policy
from claimmark.gui.common.palette import entity_colour, is_dark, tag_colour, tag_description


def swatch(colour: QColor, size: int = 14) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(colour)
    painter = QPainter(pixmap)
    painter.setPen(QColor("#555555"))
    painter.drawRect(0, 0, size - 1, size - 1)
    painter.end()
    return QIcon(pixmap)


class EntityLegend(QWidget):
    hiddenChanged = Signal(object)  # set of hidden labels

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = FlowLayout(self)
        self._layout.setContentsMargins(6, 2, 6, 2)
        self.setSizePolicy(flow_policy())
        self._title = QLabel(self.tr("Entities:"), self)
        self._layout.addWidget(self._title)
        self._boxes: dict[str, QCheckBox] = {}
        self._tail = QLabel(self)
        self._layout.addWidget(self._tail)
        self._show_tail()
        self._tail.setToolTip(self.tr("How claims are drawn in the text"))

    def _show_tail(self) -> None:
        dark = is_dark(self.palette())
        self._tail.setText(
            "   ".join(
                f"<span style='color:{tag_colour(t, dark).name()}'><b>{t.letter}</b> {t.value}</span>: "
                f"{tag_description(t)}"
                for t in Tag
            )
        )

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # light to dark or back: swatches and tag colours to match
            self._show_tail()
            dark = is_dark(self.palette())
            for label, box in self._boxes.items():
                box.setIcon(swatch(entity_colour(label, dark)))

    def set_labels(self, entities: Sequence[tuple[int, int, str]], explanations: dict[str, str]) -> None:
        hidden = self.hidden()
        for box in self._boxes.values():
            self._layout.removeWidget(box)
            box.deleteLater()
        self._boxes.clear()
        counts = Counter(label for _, _, label in entities)
        for position, label in enumerate(sorted(counts, key=kinds.name), start=1):
            box = QCheckBox(f"{kinds.name(label)} ({counts[label]})", self)
            box.setObjectName(f"legend_{label}")
            box.setIcon(swatch(entity_colour(label, is_dark(self.palette()))))
            box.setChecked(label not in hidden)
            box.setToolTip(plain.tip(kinds.tip(label, explanations.get(label, ""))))
            box.setAccessibleName(self.tr("Show {0}").format(kinds.name(label)))
            box.setAccessibleDescription(
                self.tr("{0} marked in the article: {1}").format(counts[label], kinds.meaning(label, label))
            )
            box.toggled.connect(lambda _on: self.hiddenChanged.emit(self.hidden()))
            self._layout.insertWidget(position, box)
            self._boxes[label] = box
        self._title.setVisible(bool(self._boxes))
        self._layout.invalidate()
        self.updateGeometry()

    def set_entities_shown(self, shown: bool) -> None:
        """View > Show entities: the kinds' boxes are greyed while entities are off; the line
        explaining how claims are drawn stays as it is (claims are still drawn)."""
        self._title.setEnabled(shown)
        for box in self._boxes.values():
            box.setEnabled(shown)

    def hidden(self) -> set[str]:
        return {label for label, box in self._boxes.items() if not box.isChecked()}

    def set_hidden(self, labels: set[str]) -> None:
        for label, box in self._boxes.items():
            box.setChecked(label not in labels)

    def box(self, label: str) -> QCheckBox | None:
        return self._boxes.get(label)
