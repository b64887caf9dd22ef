"""The practice view (File > Practice…, and at start for a learner working alone): the bundled set
with each exercise's difficulty, status, last score and next review, what to do next and why.

Enter (or Open) opens the chosen exercise; Practise again starts a fresh attempt at it, keeping
the earlier one and its feedback.  It shows a ``core.classroom.spacing.PracticeOverview``; the
feature controller (``gui.classroom.practice``) computes it off the GUI thread.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from claimmark.core.classroom.practice import DIFFICULTIES, KINDS, Status, distinctive_kinds
from claimmark.core.classroom.spacing import PracticeOverview, PracticeRow
from claimmark.gui.classroom.progress_view import fill_row, table
from claimmark.gui.common import plain
from claimmark.gui.common.failures import text_of


class PracticeView(QDialog):
    openRequested = Signal(str)  # a practice exercise's uid
    againRequested = Signal(str)
    progressRequested = Signal()
    atStartChanged = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("practiceView")
        self.setWindowTitle(self.tr("Practice"))
        self.resize(920, 560)
        self.overview: PracticeOverview | None = None
        self._keep_choice = False
        self.intro = QLabel(
            self.tr(
                "Invented news reports written for practice, easiest first. Each has a complete answer key: "
                "hand one in (File > Submit…) and its feedback opens at once."
            ),
            self,
        )
        self.intro.setWordWrap(True)
        self.suggestion = QLabel(self.tr("Reading your results…"), self)
        self.suggestion.setObjectName("practiceSuggestion")
        self.suggestion.setWordWrap(True)
        self.suggestion.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.suggestion.setStyleSheet("QLabel#practiceSuggestion { padding: 6px; background: #f4f1e8; }")
        self.table = table(
            self,
            "practiceTable",
            [self.tr("Exercise"), self.tr("Difficulty"), self.tr("Drills"), self.tr("Status"), self.tr("Last score"),
             self.tr("Review")],
        )  # fmt: skip
        self.table.setAccessibleName(self.tr("Practice exercises"))
        self.table.setToolTip(self.tr("Enter or double-click: open the exercise"))
        self.table.setWordWrap(False)
        self.table.doubleClicked.connect(lambda _index: self._open())
        self.table.itemSelectionChanged.connect(self._update_buttons)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.open_button = buttons.addButton(self.tr("&Open"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button.setDefault(True)  # Enter, in the table too, opens the chosen exercise
        self.again_button = buttons.addButton(self.tr("Practise &again"), QDialogButtonBox.ButtonRole.ActionRole)
        self.again_button.setToolTip(
            self.tr("A fresh attempt at the chosen exercise; your earlier attempts and their feedback are kept")
        )
        self.progress_button = QPushButton(self.tr("My &progress…"), self)
        buttons.addButton(self.progress_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.clicked.disconnect()
        self.open_button.clicked.connect(self._open)
        self.again_button.clicked.connect(self._again)
        self.progress_button.clicked.connect(self.progressRequested.emit)
        buttons.rejected.connect(self.close)
        self.at_start = QCheckBox(self.tr("&Show this when ClaimMark starts"), self)
        self.at_start.setToolTip(
            self.tr("Only for a learner working alone: not in teacher mode, not on a class's shared database")
        )
        self.at_start.toggled.connect(self.atStartChanged.emit)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.suggestion)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.at_start)
        layout.addWidget(buttons)
        self._update_buttons()

    # ------------------------------------------------------------------ showing
    def choose_suggestion(self) -> None:
        """The next rows shown select the suggested exercise (when the view is opened), not the
        one chosen before (as when the rows are refreshed while it is open)."""
        self._keep_choice = False

    def set_overview(self, overview: PracticeOverview, now: datetime) -> None:
        keep = self.selected_uid() if self._keep_choice else None
        self._keep_choice = True
        self.overview = overview
        rows = overview.rows
        self.table.setRowCount(len(rows))
        for i, row in enumerate(rows):
            fill_row(self.table, i, self._texts(row, now), numeric_from=99)
            tip = self.tr("Drills: {0}").format(", ".join(KINDS[k] for k in row.exercise.kinds))
            for column in range(self.table.columnCount()):
                item = self.table.item(i, column)
                if item is not None:
                    item.setToolTip(plain.tip(f"{row.exercise.title}\n{tip}"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        lines = [text_of(overview.suggestion.message)]
        if overview.skill is not None:
            lines.append(text_of(overview.skill))
        self.suggestion.setText(f"<b>{_escape(lines[0])}</b>" + "".join(f"<br>{_escape(line)}" for line in lines[1:]))
        suggested = overview.suggestion.exercise
        wanted = keep or (suggested.uid if suggested is not None else None)
        self.select_uid(wanted or (rows[0].exercise.uid if rows else None))
        self._update_buttons()

    def _texts(self, row: PracticeRow, now: datetime) -> list[str]:
        level = row.exercise.difficulty
        status = {
            Status.NEW: self.tr("new"),
            Status.IN_PROGRESS: self.tr("in progress"),
            Status.SUBMITTED: self.tr("submitted"),
        }[row.status.status]
        if row.status.attempt > 1:
            status = self.tr("{0} (attempt {1})").format(status, row.status.attempt)
        score = ""
        if row.last is not None:
            tally = row.last.tally()
            score = self.tr("{0} of {1} right, {2} found").format(tally.right, tally.key_claims, tally.found)
        review = ""
        if row.due is not None:
            review = self.tr("due now") if row.due <= now else row.due.astimezone().strftime("%Y-%m-%d")
        drills = ", ".join(KINDS[k] for k in distinctive_kinds(row.exercise))
        return [row.exercise.title, f"{level} · {DIFFICULTIES[level]}", drills, status, score, review]

    # ------------------------------------------------------------------ choosing
    def selected_row(self) -> PracticeRow | None:
        row = self.table.currentRow()
        if self.overview is None or not 0 <= row < len(self.overview.rows):
            return None
        return self.overview.rows[row]

    def selected_uid(self) -> str | None:
        row = self.selected_row()
        return row.exercise.uid if row is not None else None

    def select_uid(self, uid: str | None) -> None:
        if self.overview is None or uid is None:
            return
        for i, row in enumerate(self.overview.rows):
            if row.exercise.uid == uid:
                self.table.selectRow(i)
                self.table.setCurrentCell(i, 0)
                return

    def _update_buttons(self) -> None:
        row = self.selected_row()
        self.open_button.setEnabled(row is not None)
        self.again_button.setEnabled(row is not None and row.status.status is Status.SUBMITTED)

    def _open(self) -> None:
        uid = self.selected_uid()
        if uid is not None:
            self.openRequested.emit(uid)

    def _again(self) -> None:
        uid = self.selected_uid()
        if uid is not None and self.again_button.isEnabled():
            self.againRequested.emit(uid)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
