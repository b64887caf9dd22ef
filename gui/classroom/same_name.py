"""The teacher's question when a submission's name is another trainee's under another id:
keep both (told apart by id), replace (the same person), or skip.  Core decides that it is a
conflict (``core.classroom.submissions``); this only asks."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from claimmark.core import classroom as cr
from claimmark.core.identity import short_id
from claimmark.gui.classroom.identity import fit_wrapped


def _when(moment: datetime | None) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if moment is not None else ""


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class SameNameDialog(QDialog):
    """One conflict; ``choice`` is what the teacher chose (SKIP if they closed the dialog)."""

    def __init__(self, file_name: str, conflict: cr.NameConflict, *, others: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("sameNameDialog")
        self.setWindowTitle(self.tr("Two trainees named {0}?").format(conflict.name))
        self.choice = cr.SameName.SKIP
        here = (
            self.tr("handed in this exercise on {0}").format(_when(conflict.here_submitted))
            if conflict.here_submitted is not None
            else self.tr("has not handed in this exercise")
        )
        text = QLabel(
            self.tr(
                "<p><b>{file}</b> is from <b>{name}</b> (id {new}), handed in on {when}.</p>"
                "<p>A trainee named <b>{here_name}</b> is already here with another id ({old}), and {here}.</p>"
                "<p>They are two people with the same name, or one person who worked on another computer.</p>"
            ).format(
                file=_escape(file_name),
                name=_escape(conflict.name),
                new=short_id(conflict.file_id),
                when=_when(conflict.file_submitted),
                here_name=_escape(conflict.here_name),
                old=short_id(conflict.here_id),
                here=here,
            ),
            self,
        )
        text.setWordWrap(True)
        self.buttons = QDialogButtonBox(self)
        self.keep_button = self._button(
            self.tr("&Keep both"),
            cr.SameName.KEEP_BOTH,
            self.tr("Two people: both are listed, each name with the start of its id"),
        )
        self.replace_button = self._button(
            self.tr("&Replace"),
            cr.SameName.REPLACE,
            self.tr("The same person: this file replaces their work here, and their files are recognised from now on"),
        )
        self.skip_button = self._button(self.tr("&Skip this file"), cr.SameName.SKIP, self.tr("Change nothing"))
        self.keep_button.setDefault(True)
        self.for_all = QCheckBox(
            self.tr("Do the same for the other file like this")
            if others == 1
            else self.tr("Do the same for the other {0} files like this").format(others),
            self,
        )
        self.for_all.setVisible(others > 0)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.for_all)
        layout.addWidget(self.buttons)
        fit_wrapped(self, 560)

    def _button(self, text: str, choice: cr.SameName, tip: str) -> QPushButton:
        button = self.buttons.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
        button.setToolTip(tip)
        button.clicked.connect(lambda: self._choose(choice))
        return button

    def _choose(self, choice: cr.SameName) -> None:
        self.choice = choice
        self.accept()


def ask_same_name(parent: QWidget, conflicts: list[cr.SubmissionImport]) -> dict[str, cr.SameName]:
    """The teacher's choice for each conflicting file (by path), one question each unless they
    choose to do the same for the rest."""
    chosen: dict[str, cr.SameName] = {}
    for i, result in enumerate(conflicts):
        assert result.conflict is not None
        dialog = SameNameDialog(result.path.name, result.conflict, others=len(conflicts) - i - 1, parent=parent)
        try:
            dialog.exec()
            choice, for_all = dialog.choice, dialog.for_all.isChecked()
        finally:
            dialog.deleteLater()
        if for_all:
            chosen.update({str(r.path): choice for r in conflicts[i:]})
            break
        chosen[str(result.path)] = choice
    return chosen
