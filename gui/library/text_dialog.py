"""Article > Edit text…: change the article's text by hand (a missed space, a stray dateline, a typo).

The dialog only collects the new text; the edit is made by the reader session
(``ReaderSession.edit_text``), carries every claim to its words, and is undoable like any
other edit (Edit > Undo).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget


class TextEditDialog(QDialog):
    def __init__(self, text: str, *, exercise: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editText")
        self.setWindowTitle(self.tr("Edit the article's text"))
        self.resize(760, 600)
        note = self.tr(
            "Change the text as it should read. Every claim moves with its words; a claim whose words you "
            "remove goes with them. Edit > Undo takes the change back. The text as it came in is kept "
            "(Article > Show original text and repairs)."
        )
        if exercise:
            note += " " + self.tr(
                "This article is an exercise: files handed out before the change no longer match it, so hand "
                "out the exercise file again."
            )
        label = QLabel(note, self)
        label.setWordWrap(True)
        self.editor = QPlainTextEdit(self)
        self.editor.setObjectName("articleText")
        self.editor.setPlainText(text)
        self.editor.setAccessibleName(self.tr("Article text"))
        label.setBuddy(self.editor)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setToolTip(self.tr("Save the text (Ctrl+Enter)"))
        save.setAutoDefault(False)  # Enter makes a new line in the text; Ctrl+Enter saves
        # the editor takes Ctrl+Enter as text input before any shortcut sees it: ask it first
        self.editor.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.editor, 1)
        layout.addWidget(buttons)
        self.editor.setFocus()

    def text(self) -> str:
        return self.editor.toPlainText()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.editor
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.accept()
            return True
        return super().eventFilter(watched, event)
