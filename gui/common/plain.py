"""Text from files and people is shown as it is: never as rich text, never as a link.

Qt guesses: a message box, a label or a tooltip whose text starts like markup is shown as rich
text, so an exercise title, a trainee's name or a web page's title holding ``<a href=...>`` would
be a clickable link (and a click opened it).  Everything the window shows goes through here:

* :func:`message` (and :func:`warn`, :func:`inform`, :func:`critical`, :func:`ask`): message
  boxes in plain text; the one place the window makes them (tests record them at ``exec``);
* :func:`plain_label`: a label that is always plain text; :class:`StatusLabel` one for the status
  bar, which gives up width fairly and ends a text cut short with "…" (the whole text in its tooltip);
* :func:`tip`: a tooltip that shows its text literally (escaped, so Qt cannot take it for markup);
* :func:`escape`: for the few places that build rich text of their own (the exercise banner, the
  feedback detail): every piece from a file or a person escaped, newlines kept.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QMessageBox, QSizePolicy, QWidget

ICONS = {
    "information": QMessageBox.Icon.Information,
    "warning": QMessageBox.Icon.Warning,
    "critical": QMessageBox.Icon.Critical,
    "question": QMessageBox.Icon.Question,
}

Button = QMessageBox.StandardButton


def message_box(
    parent: QWidget | None,
    kind: str,
    title: str,
    text: str,
    buttons: Button = Button.Ok,
    default: Button | None = None,
) -> QMessageBox:
    """A message box whose texts are plain text (``kind``: information, warning, critical, question)."""
    box = QMessageBox(ICONS[kind], title, text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)  # the informative text follows it
    box.setProperty("kind", kind)
    if default is not None:
        box.setDefaultButton(default)
    return box


def message(
    parent: QWidget | None,
    kind: str,
    title: str,
    text: str,
    buttons: Button = Button.Ok,
    default: Button | None = None,
) -> Button:
    """Show a plain-text message box and wait for its answer."""
    return Button(message_box(parent, kind, title, text, buttons, default).exec())


def inform(parent: QWidget | None, title: str, text: str) -> None:
    message(parent, "information", title, text)


def warn(parent: QWidget | None, title: str, text: str) -> None:
    message(parent, "warning", title, text)


def critical(parent: QWidget | None, title: str, text: str) -> None:
    message(parent, "critical", title, text)


def ask(parent: QWidget | None, title: str, text: str, *, default_yes: bool = True) -> bool:
    """A yes/no question; True for yes."""
    buttons = Button.Yes | Button.No
    answer = message(parent, "question", title, text, buttons, Button.Yes if default_yes else Button.No)
    return answer == Button.Yes


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


class StatusLabel(QLabel):
    """A plain-text label that shares the status bar: it asks for its text's width but may be
    narrowed to a few letters, and then draws its text cut with "…", the whole text in its tooltip.
    ``text()`` (and so the accessible name) stays the whole text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(tip(text))

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance("Mmmm…"), super().minimumSizeHint().height())

    def shown_text(self) -> str:
        """The text as drawn at the label's width."""
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, self.contentsRect().width())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        self.style().drawItemText(
            painter,
            self.contentsRect(),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            self.palette(),
            self.isEnabled(),
            self.shown_text(),
            self.foregroundRole(),
        )
        painter.end()


def escape(text: str) -> str:
    """``text`` for a piece of rich text: shown literally, its newlines as line breaks."""
    return html.escape(text, quote=False).replace("\n", "<br>")


def tip(text: str) -> str:
    """A tooltip showing ``text`` exactly: as escaped rich text (a tooltip has no plain-text switch)."""
    if not text:
        return ""
    return f"<p style='white-space:pre-wrap'>{html.escape(text, quote=False)}</p>"
