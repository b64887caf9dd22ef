"""Practising alone, and getting better, in the window: File > Practice…, Exercise > Practise again,
Exercise > My progress…, and in teacher mode Exercise > Class progress….

``PracticeActions(host)`` adds its actions through the :class:`claimmark.gui.common.host.Host`
interface; what a person may do comes from the reader session's permissions, and every slot
calls one core function (``core.classroom.spacing.overview``, ``ReaderSession.practise_again``,
``core.classroom.progress.progress``, ``core.classroom.gradebook``), reading off the GUI thread.
``start(args)`` opens the practice view at start when ``core.classroom.practice.shows_at_start``
says so: for a learner working alone.
"""

from __future__ import annotations

import argparse
import html
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from claimmark.core import classroom as cr
from claimmark.core.classroom import gradebook, spacing
from claimmark.core.classroom.practice import practice_exercise_id, shows_at_start
from claimmark.core.classroom.progress import Progress, progress
from claimmark.core.reader.cue_review import CueProgress, exercise_cues, passed_over
from claimmark.core.reader.cues import ReadingCues
from claimmark.core.reader.session import ReaderSession
from claimmark.core.reader.workspace import Opened
from claimmark.core.storage.engine import Database
from claimmark.core.text import counted
from claimmark.gui.classroom.class_progress import ClassProgressWindow
from claimmark.gui.classroom.feedback import FeedbackWindow
from claimmark.gui.classroom.practice_view import PracticeView
from claimmark.gui.classroom.progress_view import ProgressWindow
from claimmark.gui.common import failures, file_dialogs
from claimmark.gui.common.background import Job, run_in_background
from claimmark.gui.common.failures import reported
from claimmark.gui.common.file_dialogs import FileKind
from claimmark.gui.common.host import Host
from claimmark.gui.common.menus import Section, make_action


def _open_practice(session: ReaderSession, uid: str) -> Opened:
    """Open a practice exercise (the set is loaded into the library the first time)."""
    return session.open_exercise(practice_exercise_id(session.workspace.db, uid))


def _again_at(session: ReaderSession, uid: str) -> Opened | None:
    _open_practice(session, uid)
    return session.practise_again()


class PracticeActions(QObject):
    def __init__(self, host: Host) -> None:
        super().__init__(host.widget())
        self.setObjectName("practiceActions")
        self.host = host
        self.view: PracticeView | None = None
        self.progress_window: ProgressWindow | None = None
        self.class_window: ClassProgressWindow | None = None
        self.feedback_window: FeedbackWindow | None = None
        self.book: gradebook.GradeBook | None = None
        self._asked = 0  # the practice view's refreshes asked for so far
        parent = host.widget()
        self.practice_action = make_action(
            parent,
            self.tr("&Practice…"),
            self.show_practice,
            shortcut="Ctrl+Shift+P",
            tip=self.tr("Graded practice exercises with their answer keys, your results, and what to do next"),
        )
        self.again_action = make_action(
            parent,
            self.tr("Practise &again"),
            self.practise_again,
            tip=self.tr("A fresh attempt at this exercise; your earlier attempts and their feedback are kept"),
        )
        self.progress_action = make_action(
            parent,
            self.tr("My &progress…"),
            self.show_progress,
            tip=self.tr("Your results over time, where you stand per tag, and the confusions you make"),
        )
        self.class_action = make_action(
            parent,
            self.tr("Class &progress…"),
            self.show_class_progress,
            tip=self.tr("Every trainee's results across the class's exercises, and a CSV for a grade book"),
        )
        host.add_actions(Section.FILE_SAMPLE, self.practice_action)
        host.add_actions(Section.EXERCISE_TRAINEE, self.again_action, self.progress_action)
        host.add_actions(Section.EXERCISE_TEACHER, self.class_action)
        host.events.stateChanged.connect(self.update_actions)
        self.update_actions()

    @property
    def session(self) -> ReaderSession:
        return self.host.session

    @property
    def db(self) -> Database:
        return self.host.session.workspace.db

    # ------------------------------------------------------------------ following the window
    def update_actions(self) -> None:
        """Which actions apply now (from the session's permissions); open views follow a hand-in."""
        rules = self.session.permissions
        for action in (self.practice_action, self.again_action, self.progress_action):
            action.setVisible(rules.trainee_actions)
        self.again_action.setEnabled(rules.practise_again)
        self.class_action.setVisible(rules.teacher_actions)
        if self.view is not None and self.view.isVisible():
            self.refresh_practice()
        if self.progress_window is not None and self.progress_window.isVisible():
            self.refresh_progress()

    def start(self, args: argparse.Namespace) -> bool:
        """Open the practice view at start for a learner working alone; True if it opened."""
        exercise = self.session.exercise
        if not shows_at_start(
            teacher=self.session.teacher,
            shared=not self.db.is_sqlite,
            asked_for=getattr(args, "article", None) is not None or bool(getattr(args, "open_file", None)),
            opened_bundled=self.session.opened is None or (exercise is not None and exercise.is_sample),
            wanted=self.host.settings.practice_at_start,
        ):
            return False
        # a moment later: the window paints first (a timer, not a posted call, which would run before it)
        QTimer.singleShot(1, self.show_practice)
        return True

    # ------------------------------------------------------------------ the practice view
    def show_practice(self) -> PracticeView:
        if self.view is None:
            self.view = PracticeView(self.host.widget())
            self.view.openRequested.connect(self.open_exercise)
            self.view.againRequested.connect(self.practise_again_at)
            self.view.progressRequested.connect(self.show_progress)
            self.view.atStartChanged.connect(self._remember_at_start)
        self.view.at_start.blockSignals(True)
        self.view.at_start.setChecked(self.host.settings.practice_at_start)
        self.view.at_start.blockSignals(False)
        if not self.view.isVisible():
            self.view.choose_suggestion()
        self.view.show()
        self.view.raise_()
        self.view.activateWindow()
        self.view.table.setFocus()
        self.refresh_practice()
        return self.view

    def refresh_practice(self) -> None:
        """Read the set, the learner's results and the suggestion again, off the GUI thread."""
        db, trainee, now = self.db, self.session.workspace.trainee_id, datetime.now(UTC)
        self._asked += 1
        asked = self._asked
        run_in_background(
            self,
            lambda _job: spacing.overview(db, trainee, now),
            done=lambda overview: self._show_overview(overview, now, asked),
            failed=lambda error: failures.warn(self.view, self.tr("Could not read the practice set"), error,
                                               database=db.name),
        )  # fmt: skip

    def _show_overview(self, overview: spacing.PracticeOverview, now: datetime, asked: int) -> None:
        # refreshes run side by side: one that was asked for earlier may end later, and is dropped
        if self.view is not None and asked == self._asked:
            self.view.set_overview(overview, now)

    def _remember_at_start(self, on: bool) -> None:
        self.host.settings.practice_at_start = on

    def open_exercise(self, uid: str) -> None:
        if self.host.open(lambda session: _open_practice(session, uid)):
            opened = self.session.opened
            if self.view is not None:
                self.view.hide()
            if opened is not None and opened.exercise is not None:
                self.host.status(self.tr("Opened “{0}”.").format(opened.exercise.title))

    def practise_again_at(self, uid: str) -> None:
        if self.host.open(lambda session: _again_at(session, uid)):
            if self.view is not None:
                self.view.hide()
            self._started_again()

    def practise_again(self) -> None:
        if self.host.open(ReaderSession.practise_again):
            self._started_again()

    def _started_again(self) -> None:
        opened = self.session.opened
        number = opened.attempt if opened is not None else 0
        self.host.status(
            self.tr(
                "Attempt {0}: a fresh start. Your earlier attempts and their feedback are kept "
                "(Exercise > My progress…)."
            ).format(number)
        )

    # ------------------------------------------------------------------ progress
    def show_progress(self) -> ProgressWindow:
        if self.progress_window is None:
            self.progress_window = ProgressWindow(self.host.widget())
            self.progress_window.feedbackRequested.connect(self.show_feedback)
        self.progress_window.show()
        self.progress_window.raise_()
        self.progress_window.activateWindow()
        self.refresh_progress()
        return self.progress_window

    def refresh_progress(self) -> None:
        db, trainee = self.db, self.session.workspace.trainee_id
        key = self.host.cue_cache_key()

        def work(_job: Job) -> tuple[Progress, CueProgress | None]:
            mine = progress(db, trainee)
            if key is None:
                return mine, None
            return mine, passed_over(mine, exercise_cues(db, {r.exercise_id for r in mine.results}, *key))

        run_in_background(
            self,
            work,
            done=lambda found: self._show_progress(*found),
            failed=lambda error: failures.warn(self.progress_window, self.tr("Could not read your results"), error,
                                               database=db.name),
        )  # fmt: skip

    def _show_progress(self, mine: Progress, cues: CueProgress | None = None) -> None:
        if self.progress_window is not None:
            heading = self.tr("<b>{0}</b>: {1} handed in with feedback").format(
                html.escape(self.session.trainee_name), counted(len(mine.results), "attempt")
            )
            self.progress_window.view.set_progress(mine, heading, cues)

    def show_feedback(self, claim_set_id: int) -> FeedbackWindow | None:
        """An attempt's feedback (the learner's own, or in teacher mode any trainee's)."""
        parent = self.host.widget()
        with reported(parent, self.tr("No feedback"), database=self.db.name) as outcome:
            feedback = cr.feedback(self.db, claim_set_id, teacher=self.session.teacher)
        if outcome.failed:
            return None
        if self.feedback_window is None:
            self.feedback_window = FeedbackWindow(parent)
        self.feedback_window.set_feedback(feedback, self.host.feedback_cues(feedback))
        self.feedback_window.show()
        self.feedback_window.raise_()
        return self.feedback_window

    # ------------------------------------------------------------------ teachers
    def show_class_progress(self) -> ClassProgressWindow:
        if self.class_window is None:
            self.class_window = ClassProgressWindow(self.host.widget())
            self.class_window.practiceChanged.connect(lambda _on: self.refresh_class())
            self.class_window.exportRequested.connect(self.export_grades)
            self.class_window.feedbackRequested.connect(self.show_feedback)
        self.class_window.show()
        self.class_window.raise_()
        self.class_window.activateWindow()
        self.refresh_class()
        return self.class_window

    def refresh_class(self) -> None:
        assert self.class_window is not None
        db, practice = self.db, self.class_window.practice.isChecked()
        key = self.host.cue_cache_key()

        def work(_job: Job) -> tuple[gradebook.GradeBook, dict[int, ReadingCues] | None]:
            book = gradebook.class_progress(db, practice=practice)
            if key is None:
                return book, None
            exercise_ids = {r.exercise_id for row in book.rows for r in row.progress.results}
            return book, exercise_cues(db, exercise_ids, *key)

        run_in_background(
            self,
            work,
            done=lambda found: self._show_class(*found),
            failed=lambda error: failures.warn(self.class_window, self.tr("Could not read the class's results"),
                                               error, database=db.name),
        )  # fmt: skip

    def _show_class(self, book: gradebook.GradeBook, cues: dict[int, ReadingCues] | None = None) -> None:
        self.book = book
        if self.class_window is not None:
            self.class_window.set_book(book, cues)

    def export_grades(self) -> Path | None:
        if self.book is None:
            return None
        settings = self.host.settings
        path = file_dialogs.save_file(
            self.class_window,
            settings,
            FileKind.GRADES,
            self.tr("Export the grade book"),
            "grades.csv",
            self.tr("CSV (*.csv);;All files (*)"),
        )
        return self.export_grades_to(Path(path)) if path else None

    def export_grades_to(self, path: Path) -> Path | None:
        assert self.book is not None
        book = self.book
        with reported(self.class_window, self.tr("Grade book not written")) as outcome:
            try:
                with path.open("w", encoding="utf-8", newline="") as out:
                    count = gradebook.write_csv(book, out, trainee_heading=self.tr("trainee"))
            except OSError as exc:
                raise cr.ClassroomError(
                    "Could not write {path}: {reason}. Choose another folder.", path=str(path), reason=exc.strerror
                ) from exc
        if outcome.failed:
            return None
        self.host.settings.remember_classroom_file(path)
        self.host.status(self.tr("Grade book written: {0} in {1}.").format(counted(count, "trainee"), path))
        return path


def practice_of(window: QObject) -> PracticeActions:
    """The practice feature installed on a window."""
    found = window.findChild(PracticeActions, "practiceActions")
    if found is None:
        raise LookupError("no practice feature is installed on this window")
    return found
