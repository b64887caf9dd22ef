"""'Worth a second look': after submitting an article without a key, the sentences the learner did
not tag that hold a reading cue or a number.  Never shown before submitting, so it cannot anchor
the first reading.  Enter or a double-click scrolls the article to the sentence and outlines it.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from claimmark.core.reader.cue_review import SecondLook
from claimmark.core.text import excerpt


class SecondLookPanel(QWidget):
    spanChosen = Signal(int, int)  # the sentence, in code points

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("secondLook")
        self.title = QLabel(self.tr("&Worth a second look:"), self)
        self.title.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("secondLookList")
        self.list.setAccessibleName(self.tr("Sentences worth a second look"))
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setMaximumHeight(190)
        self.list.itemActivated.connect(self._chosen)  # Enter, and a double-click
        self.title.setBuddy(self.list)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(self.title)
        layout.addWidget(self.list)
        self.items: list[SecondLook] = []
        self.setVisible(False)

    def set_items(self, text: str, items: Sequence[SecondLook]) -> None:
        """Show these sentences (none: the panel hides)."""
        self.items = list(items)
        self.list.clear()
        for item in self.items:
            entry = QListWidgetItem(f"“{excerpt(text, item.start, item.end, 110)}”\n{item.reasons(text)}", self.list)
            entry.setData(Qt.ItemDataRole.UserRole, (item.start, item.end))
        if len(self.items) == 1:
            title = self.tr(
                "&Worth a second look: 1 sentence you did not tag holds an estimate, a hedge, an attribution "
                "or a number (Enter shows it in the article)"
            )
        else:
            title = self.tr(
                "&Worth a second look: {0} sentences you did not tag hold an estimate, a hedge, an attribution "
                "or a number (Enter shows one in the article)"
            ).format(f"{len(self.items):,}")
        self.title.setText(title)
        self.setVisible(bool(self.items))
        if self.items:
            self.list.setCurrentRow(0)

    def clear(self) -> None:
        self.set_items("", [])

    def _chosen(self, entry: QListWidgetItem) -> None:
        span = entry.data(Qt.ItemDataRole.UserRole)
        if span:
            self.spanChosen.emit(int(span[0]), int(span[1]))
