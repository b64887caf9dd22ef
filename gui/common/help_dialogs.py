"""Help > Keyboard, Help > About and Edit > Keyboard settings: small dialogs the reader opens.

The keyboard table has a column for the keys as wide as the widest of them (a message box's
tab stops let "Ctrl+Shift+D" run into its text); every text is shown as plain text.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import metadata

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from claimmark.gui.common import plain

TAG_KEY_CHOICES: tuple[tuple[str, str], ...] = (
    ("plain", "&1, 2, 3: single keys, while the article has the keyboard"),
    ("ctrl", "&Ctrl+1, Ctrl+2, Ctrl+3"),
    ("off", "&Off: tag from the Edit menu, the toolbar or the right-click menu"),
)
"""The ways the three tags can be keyed (WCAG 2.1.4: a single-key shortcut can be changed or turned off)."""


def _tr(text: str) -> str:
    return QCoreApplication.translate("HelpDialogs", text)


class KeyboardDialog(QDialog):
    """Every key, in a two-column table: the keys, then what they do."""

    def __init__(self, rows: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keyboardDialog")
        self.setWindowTitle(_tr("Keyboard"))
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setObjectName("keyboardTable")
        self.table.setAccessibleName(_tr("Keys and what they do"))
        self.table.setHorizontalHeaderLabels([_tr("Keys"), _tr("What they do")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(True)
        for row, (keys, what) in enumerate(rows):
            for column, text in enumerate((keys, what)):
                item = QTableWidgetItem(text)  # a table item shows its text literally
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        # the widest keys and a gap of two letters' width before their text
        metrics = self.table.fontMetrics()
        widest = max((metrics.horizontalAdvance(keys) for keys, _ in rows), default=0)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(0, widest + metrics.horizontalAdvance("MM") + 8)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        # each row as tall as its text at the width the text column gets (measured before it was
        # laid out, rows came out three times too tall)
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(760, 560)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.table.resizeRowsToContents()


def about_text(pipeline: str | None) -> str:
    """Help > About, as plain text: version, licence, the language model in use."""
    try:
        version = metadata.version("claimmark")
        meta = metadata.metadata("claimmark")
        licence = meta["License-Expression"] or meta["License"] or ""
    except metadata.PackageNotFoundError:  # run from a source tree that is not installed
        version, licence = _tr("(not installed)"), "MIT"
    model = pipeline or _tr("none installed: entities are off; tagging works without them")
    return "\n".join(
        (
            _tr("ClaimMark {0}").format(version),
            _tr("Read the news critically: tag the claims an article makes as confirmed, estimated or unverified."),
            "",
            _tr("Licence: {0}").format(licence or "MIT"),
            _tr("Language model for entities: {0}").format(model),
            _tr("Qt {0}, spaCy-based entity finding; everything runs on this computer.").format(
                __import__("PySide6").__version__
            ),
        )
    )


def show_about(parent: QWidget, pipeline: str | None) -> None:
    plain.inform(parent, _tr("About ClaimMark"), about_text(pipeline))


class TagKeysDialog(QDialog):
    """Edit > Keyboard settings: which keys tag the selection (remembered)."""

    def __init__(self, current: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tagKeysDialog")
        self.setWindowTitle(_tr("Keyboard settings"))
        intro = QLabel(_tr("Keys that tag the selected words confirmed, estimated, unverified:"), self)
        intro.setWordWrap(True)
        self.choices = QButtonGroup(self)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        for number, (value, text) in enumerate(TAG_KEY_CHOICES):
            button = QRadioButton(_tr(text), self)
            button.setProperty("choice", value)
            button.setChecked(value == current)
            self.choices.addButton(button, number)
            layout.addWidget(button)
        if self.choices.checkedButton() is None:
            self.choices.button(0).setChecked(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def choice(self) -> str:
        button = self.choices.checkedButton()
        return str(button.property("choice")) if button is not None else "plain"
