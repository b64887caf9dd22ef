"""Submit (trainee): hand in the claims, as a file for the teacher and marked submitted here.

The dialog shows the name the work is handed in under, and lets the trainee correct it there
(it is their name from then on: ``core.identity``); the file name follows the name.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from claimmark.core.identity import NAME_LIMIT, clean_name
from claimmark.gui.classroom.identity import show_name_problem
from claimmark.gui.common import file_dialogs, plain
from claimmark.gui.common.file_dialogs import FileKind
from claimmark.gui.common.settings import Settings


class SubmitDialog(QDialog):
    """Says what will be handed in, under which name, and where the submission file goes."""

    def __init__(
        self,
        *,
        exercise_title: str,
        trainee: str,
        summary: str,
        folder: str,
        file_name: Callable[[str], str],
        save_file: bool,
        name_fixed: bool = False,
        feedback_at_once: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("submitDialog")
        self.setWindowTitle(self.tr("Submit your claims"))
        self.resize(560, 300)
        self._folder = Path(folder)
        self._file_name = file_name
        intro = QLabel(self.tr("<b>{0}</b><br>You hand in: {1}.").format(exercise_title, summary), self)
        intro.setWordWrap(True)
        self.name_edit = QLineEdit(trainee, self)
        self.name_edit.setObjectName("submitName")
        self.name_edit.setMaxLength(NAME_LIMIT)
        self.name_edit.setAccessibleName(self.tr("Your name, as your teacher sees it"))
        self.name_edit.setReadOnly(name_fixed)
        if name_fixed:
            self.name_edit.setToolTip(self.tr("Given with --trainee for this window"))
        else:
            self.name_edit.setToolTip(self.tr("Correct it here if it is wrong: it is your name from now on"))
        name_label = QLabel(self.tr("Your &name:"), self)
        name_label.setBuddy(self.name_edit)
        self.name_problem = QLabel(self)
        self.name_problem.setWordWrap(True)
        self.name_problem.setVisible(False)
        self.save_file = QCheckBox(self.tr("&Save a submission file to hand in to your teacher"), self)
        self.save_file.setChecked(save_file)
        self.path_edit = QLineEdit(str(self._folder / file_name(trainee)), self)
        self.path_edit.setAccessibleName(self.tr("Submission file"))
        self._suggested = self.path_edit.text()
        browse = QPushButton(self.tr("&Browse…"), self)
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        self.save_file.toggled.connect(self.path_edit.setEnabled)
        self.save_file.toggled.connect(browse.setEnabled)
        self.path_edit.setEnabled(save_file)
        browse.setEnabled(save_file)
        if feedback_at_once:  # a bundled exercise: its key ships with the program
            said = self.tr(
                "After you submit, your claims are locked and your feedback opens at once. To try again, "
                "Exercise > Practise again starts a fresh attempt and keeps this one."
            )
        else:
            said = self.tr(
                "After you submit, your claims are locked. You can reopen them (Exercise > Edit again) until the "
                "answer key is available to you; then you see your feedback."
            )
        after = QLabel(said, self)
        after.setObjectName("submitAfter")
        after.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.submit_button = self.buttons.addButton(self.tr("S&ubmit"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.path_edit.textChanged.connect(self._check)
        self.save_file.toggled.connect(self._check)
        self.name_edit.textChanged.connect(self._name_changed)
        form = QFormLayout()
        form.addRow(name_label, self.name_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.name_problem)
        layout.addWidget(self.save_file)
        layout.addLayout(path_row)
        layout.addWidget(after)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self._check()

    def _browse(self) -> None:
        current = Path(self.path_edit.text().strip() or self._suggested)
        path = file_dialogs.save_file(
            self,
            Settings(),
            FileKind.SUBMISSION,
            self.tr("Save the submission file"),
            current.name,
            self.tr("ClaimMark submissions (*.json);;All files (*)"),
            folder=str(current.parent) if current.parent.is_dir() else "",
        )
        if path:
            self.path_edit.setText(path)

    def _name_changed(self) -> None:
        """The suggested file name follows the name, unless the trainee chose a file of their own."""
        if self.path_edit.text() == self._suggested:
            self._suggested = str(self._folder / self._file_name(self.name_edit.text()))
            self.path_edit.setText(self._suggested)
        self._check()

    def _check(self) -> None:
        name_ok = show_name_problem(self.name_edit.text(), self.name_problem)
        path_ok = not self.save_file.isChecked() or bool(self.path_edit.text().strip())
        self.submit_button.setEnabled(name_ok and path_ok)

    def accept(self) -> None:
        """Submit, but ask first before a new submission file replaces an earlier one."""
        path = self.path()
        if path is not None and path.exists():
            when = datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
            replace = plain.ask(
                self,
                self.tr("Replace the earlier submission?"),
                self.tr(
                    "There is already a submission file at {0} (saved {1}).\n\nReplace it with this submission? "
                    "Choose No to keep it and pick another file name (Browse…)."
                ).format(path, when),
                default_yes=False,
            )
            if not replace:
                self.path_edit.setFocus()
                return
        super().accept()

    def trainee(self) -> str:
        """The name to hand in under (tidied)."""
        return clean_name(self.name_edit.text())

    def path(self) -> Path | None:
        """Where to write the submission file, or None to only mark the claims submitted."""
        return Path(self.path_edit.text().strip()) if self.save_file.isChecked() else None
