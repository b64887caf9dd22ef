"""Exercise settings (teacher): title, instructions, which entity labels trainees see, and
whether they see the reading cues (hidden, shown, or only after submitting)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from claimmark.core.classroom import ENTITY_LABELS, ExerciseSettings
from claimmark.core.storage.records import ReadingCueMode
from claimmark.gui.common import kinds


class ExerciseDialog(QDialog):
    """Make an exercise from the open article, or change an exercise's settings."""

    def __init__(self, settings: ExerciseSettings, *, new: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exerciseDialog")
        self.setWindowTitle(self.tr("Make an exercise") if new else self.tr("Exercise settings"))
        self.resize(560, 560)
        self.title_edit = QLineEdit(settings.title, self)
        self.title_edit.setPlaceholderText(self.tr("What trainees see as the exercise's name"))
        self.instructions_edit = QPlainTextEdit(settings.instructions, self)
        self.instructions_edit.setPlaceholderText(self.tr("What to do, e.g. “Tag every number and who gives it.”"))
        self.instructions_edit.setTabChangesFocus(True)
        self.all_labels = QCheckBox(self.tr("Show trainees &all entity labels"), self)
        self.all_labels.setChecked(not settings.labels)
        self.labels = QListWidget(self)
        self.labels.setAccessibleName(self.tr("Entity labels trainees see"))
        chosen = set(settings.labels)
        for label in ENTITY_LABELS:
            item = QListWidgetItem(kinds.name(label), self.labels)
            item.setData(Qt.ItemDataRole.UserRole, label)
            item.setToolTip(kinds.tip(label))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if label in chosen else Qt.CheckState.Unchecked)
        self.labels.setEnabled(bool(settings.labels))
        self.all_labels.toggled.connect(self._all_toggled)
        if not settings.labels:
            self._all_toggled(True)  # all shown: the list says so, every kind ticked
        self.cues = QComboBox(self)
        self.cues.setObjectName("readingCues")
        self.cues.setAccessibleName(self.tr("Reading cues trainees see"))
        for mode, text in self.cue_choices().items():
            self.cues.addItem(text, mode)
        self.cues.setCurrentIndex(max(self.cues.findData(settings.reading_cues), 0))
        self.cues.setToolTip(
            self.tr(
                "The reading cues mark the words that carry a claim's status: hedges (may, reportedly), "
                "estimates (about, up to) and who says so (said, according to). Shown only after submitting, "
                "they point out what a trainee passed over without steering the first reading."
            )
        )

        form = QFormLayout()
        title_label = QLabel(self.tr("&Title:"), self)
        title_label.setBuddy(self.title_edit)
        form.addRow(title_label, self.title_edit)
        instructions_label = QLabel(self.tr("&Instructions:"), self)
        instructions_label.setBuddy(self.instructions_edit)
        form.addRow(instructions_label, self.instructions_edit)
        cues_label = QLabel(self.tr("&Reading cues:"), self)
        cues_label.setBuddy(self.cues)
        form.addRow(cues_label, self.cues)
        # only for a new exercise, and only then made: a label made and not laid out sat at the
        # dialog's top left, over "Title:"
        hint = (
            QLabel(
                self.tr(
                    "After this, the reader edits the exercise's answer key: tag the claims trainees should find "
                    "and write, as each claim's note, the explanation they will see as feedback."
                ),
                self,
            )
            if new
            else None
        )
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.title_edit.textChanged.connect(self._check)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.all_labels)
        layout.addWidget(self.labels, 1)
        if hint is not None:
            hint.setWordWrap(True)
            layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self._check()

    def _all_toggled(self, on: bool) -> None:
        """All labels: every kind ticked (and fixed); unticked, the teacher unticks the kinds to hide."""
        self.labels.setEnabled(not on)
        if on:
            for i in range(self.labels.count()):
                self.labels.item(i).setCheckState(Qt.CheckState.Checked)

    def cue_choices(self) -> dict[ReadingCueMode, str]:
        return {
            "hidden": self.tr("Hidden from trainees"),
            "shown": self.tr("Shown while trainees read"),
            "after_submitting": self.tr("Shown only after submitting"),
        }

    def _check(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.title_edit.text().strip()))

    def settings(self) -> ExerciseSettings:
        labels: tuple[str, ...] = ()
        if not self.all_labels.isChecked():
            items = (self.labels.item(i) for i in range(self.labels.count()))
            labels = tuple(
                str(item.data(Qt.ItemDataRole.UserRole)) for item in items if item.checkState() == Qt.CheckState.Checked
            )
        return ExerciseSettings(
            self.title_edit.text(), self.instructions_edit.toPlainText(), labels, self.cues.currentData()
        )
