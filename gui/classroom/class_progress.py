"""Exercise > Class progress… (teacher mode): the grade book, one row per trainee and one column per
exercise, and the chosen trainee's progress across the class's exercises below it; Export CSV…
writes the grade book for a grade book program.  It shows a ``core.classroom.gradebook.GradeBook``
(computed off the GUI thread by the caller)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from claimmark.core.classroom.gradebook import GradeBook
from claimmark.core.classroom.progress import Progress
from claimmark.core.reader.cue_review import passed_over
from claimmark.core.reader.cues import ReadingCues
from claimmark.gui.classroom.progress_view import ProgressView, fill_row, table
from claimmark.gui.common import plain


class ClassProgressWindow(QDialog):
    exportRequested = Signal()
    practiceChanged = Signal(bool)
    feedbackRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("classProgress")
        self.setWindowTitle(self.tr("Class progress"))
        self.resize(1100, 800)
        self.book: GradeBook | None = None
        self.cues: dict[int, ReadingCues] | None = None
        """The reading cues of the exercises' articles, by exercise (None: no language model)."""
        self.note = QLabel(
            self.tr(
                "Each cell: the share of the exercise's key claims the trainee found with the right tag, on their "
                "first attempt (later attempts were made after the key was out; they show in the trainee's "
                "progress below). Empty: nothing handed in."
            ),
            self,
        )
        self.note.setWordWrap(True)
        self.grades = table(self, "gradeTable", [self.tr("Trainee")])
        self.grades.setAccessibleName(self.tr("Grade book"))
        self.grades.itemSelectionChanged.connect(self._show_trainee)
        self.progress = ProgressView(self)
        self.progress.feedbackRequested.connect(self.feedbackRequested)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.grades)
        splitter.addWidget(self.progress)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)
        self.practice = QCheckBox(self.tr("Include the bundled &practice exercises"), self)
        self.practice.toggled.connect(self.practiceChanged.emit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.export_button = QPushButton(self.tr("&Export CSV…"), self)
        self.export_button.setToolTip(self.tr("One row per trainee, one column per exercise, for a grade book"))
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.clicked.connect(self.exportRequested.emit)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.practice)
        layout.addWidget(buttons)

    def set_book(self, book: GradeBook, cues: dict[int, ReadingCues] | None = None) -> None:
        """``cues``: the cached reading cues of the exercises (by exercise id), for the kinds of cue
        each trainee passes over; None without a language model."""
        self.book = book
        self.cues = cues
        headers = [self.tr("Trainee"), *(c.title for c in book.columns)]
        self.grades.clear()
        self.grades.setColumnCount(len(headers))
        self.grades.setHorizontalHeaderLabels(headers)
        self.grades.setRowCount(len(book.rows))
        for i, row in enumerate(book.rows):
            fill_row(self.grades, i, [row.trainee, *("" if c is None else f"{c}%" for c in row.cells)])
        self.grades.resizeColumnsToContents()
        self.export_button.setEnabled(bool(book.rows))
        if book.rows:
            self.grades.selectRow(0)
        else:
            self.progress.set_progress(Progress(()), self.tr("Nobody has handed in yet."))

    def _show_trainee(self) -> None:
        row = self.grades.currentRow()
        if self.book is None or not 0 <= row < len(self.book.rows):
            return
        chosen = self.book.rows[row]
        heading = self.tr("<b>{0}</b>: results over time").format(plain.escape(chosen.trainee))
        cues = passed_over(chosen.progress, self.cues) if self.cues is not None else None
        self.progress.set_progress(chosen.progress, heading, cues)
