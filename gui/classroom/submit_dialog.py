"""Submit (trainee): hand in the claims, as a file for the teacher and marked submitted here."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class SubmitDialog(QDialog):
    """Says what will be handed in, and where the submission file goes."""

    def __init__(
        self,
        *,
        exercise_title: str,
        trainee: str,
        summary: str,
        default_path: str,
        save_file: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("submitDialog")
        self.setWindowTitle(self.tr("Submit your claims"))
        self.resize(560, 260)
        intro = QLabel(
            self.tr("<b>{0}</b><br>Submitting as <b>{1}</b>: {2}.").format(exercise_title, trainee, summary),
            self,
        )
        intro.setWordWrap(True)
        self.save_file = QCheckBox(self.tr("&Save a submission file to hand in to your teacher"), self)
        self.save_file.setChecked(save_file)
        self.path_edit = QLineEdit(default_path, self)
        self.path_edit.setAccessibleName(self.tr("Submission file"))
        browse = QPushButton(self.tr("&Browse…"), self)
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        self.save_file.toggled.connect(self.path_edit.setEnabled)
        self.save_file.toggled.connect(browse.setEnabled)
        self.path_edit.setEnabled(save_file)
        browse.setEnabled(save_file)
        after = QLabel(
            self.tr(
                "After you submit, your claims are locked. You can reopen them (Exercise > Edit again) until the "
                "answer key is available to you; then you see your feedback."
            ),
            self,
        )
        after.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.submit_button = self.buttons.addButton(self.tr("S&ubmit"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.path_edit.textChanged.connect(self._check)
        self.save_file.toggled.connect(self._check)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.save_file)
        layout.addLayout(path_row)
        layout.addWidget(after)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self._check()

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the submission file"),
            self.path_edit.text(),
            self.tr("ClaimMark submissions (*.json);;All files (*)"),
        )
        if path:
            self.path_edit.setText(path)

    def _check(self) -> None:
        self.submit_button.setEnabled(not self.save_file.isChecked() or bool(self.path_edit.text().strip()))

    def path(self) -> Path | None:
        """Where to write the submission file, or None to only mark the claims submitted."""
        return Path(self.path_edit.text().strip()) if self.save_file.isChecked() else None
