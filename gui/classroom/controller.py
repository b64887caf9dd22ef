"""Classroom features in the reader window: trainee and teacher mode, exercise files, Submit,
feedback, and (through ``gui.classroom.teacher``) authoring keys, importing submissions and the
debrief.

``ClassroomController(host)`` adds its actions to the host's menus and a toolbar.  It talks to
the window only through :class:`claimmark.gui.common.host.Host`; what a person may do comes from
the reader session's permissions, and every slot calls one ``core.classroom`` function.
``start(args)`` applies ``--teacher`` and opens an exercise file given on the command line.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from claimmark.core import classroom as cr
from claimmark.core.reader.session import ReaderSession
from claimmark.core.storage.engine import Database
from claimmark.core.storage.records import ExerciseRecord
from claimmark.gui.classroom.feedback import FeedbackWindow
from claimmark.gui.classroom.identity import NameActions
from claimmark.gui.classroom.live_class import ClassActions
from claimmark.gui.classroom.submit_dialog import SubmitDialog
from claimmark.gui.classroom.teacher import JSON_FILTER, TeacherActions
from claimmark.gui.common import failures, file_dialogs, plain
from claimmark.gui.common.background import Job, run_in_background
from claimmark.gui.common.failures import reported
from claimmark.gui.common.file_dialogs import FileKind
from claimmark.gui.common.host import Host
from claimmark.gui.common.menus import Section, make_action
from claimmark.gui.reader.claims_panel import tag_summary


class ClassroomController(QObject):
    def __init__(self, host: Host) -> None:
        super().__init__(host.widget())
        self.setObjectName("classroomController")
        self.host = host
        self.feedback_window: FeedbackWindow | None = None
        self.teacher_actions = TeacherActions(host)
        self.name_actions = NameActions(host)
        self.class_actions = ClassActions(host, self.teacher_actions)
        self._jobs: list[Job] = []
        self._build()
        host.handle_files("exercise", self.open_exercise_paths)
        host.handle_files("key", self.import_key_paths)
        host.handle_files("submission", self.teacher_actions.import_submissions)
        host.events.opened.connect(self._opened)
        host.events.stateChanged.connect(self.update_actions)
        host.events.cuesFound.connect(self._cues_found)
        self.update_actions()

    def _cues_found(self) -> None:
        """The feedback window names the cues of the key claims missed, once they are found."""
        window = self.feedback_window
        if window is not None and window.view.feedback is not None:
            window.view.set_cue_names(self.host.feedback_cues(window.view.feedback))

    @property
    def session(self) -> ReaderSession:
        return self.host.session

    @property
    def db(self) -> Database:
        return self.host.session.workspace.db

    @property
    def teacher(self) -> bool:
        return self.session.teacher

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        host = self.host
        parent = host.widget()
        self.open_action = make_action(
            parent,
            self.tr("&Open exercise…"),
            self.open_exercise_dialog,
            shortcut="Ctrl+O",
            tip=self.tr("Open an exercise file your teacher handed out"),
        )
        self.submit_action = make_action(
            parent,
            self.tr("S&ubmit…"),
            self.submit_dialog,
            shortcut="Ctrl+Shift+S",
            tip=self.tr("Hand in your claims: a submission file for your teacher"),
        )
        self.feedback_action = make_action(
            parent,
            self.tr("&Feedback"),
            self.show_feedback,
            shortcut="Ctrl+Shift+F",
            tip=self.tr("Your submission against the answer key"),
        )
        self.reopen_action = make_action(
            parent,
            self.tr("&Edit again"),
            self.reopen_submission,
            tip=self.tr("Unlock your submitted claims (possible until the answer key is available to you)"),
        )
        self.import_key_action = make_action(
            parent,
            self.tr("Import answer &key…"),
            self.import_key_dialog,
            shortcut="Ctrl+Shift+K",
            tip=self.tr("The key file your teacher gives out after you submitted: it shows your feedback"),
        )
        self.mode_action = QAction(self.tr("&Teacher mode"), host.widget())
        self.mode_action.setCheckable(True)
        self.mode_action.setChecked(self.teacher)
        self.mode_action.setShortcut(QKeySequence("Ctrl+Shift+T"))
        self.mode_action.setStatusTip(self.tr("Author answer keys, hand out exercises, import submissions, debrief"))
        self.mode_action.toggled.connect(self.set_teacher_mode)

        host.add_actions(Section.FILE_EXERCISE, self.open_action, self.submit_action)
        host.add_actions(Section.VIEW_MODE, self.mode_action)
        host.add_actions(Section.EXERCISE_TRAINEE, self.feedback_action, self.reopen_action, self.import_key_action)
        t = self.teacher_actions
        host.add_actions(Section.EXERCISE_TEACHER, *t.actions)
        self.toolbar = host.add_toolbar(
            "classroomToolbar",
            self.tr("Exercise"),
            [self.submit_action, self.feedback_action, t.make_action, t.export_action, t.import_action,
             t.debrief_action],
        )  # fmt: skip

    # ------------------------------------------------------------------ following the window
    def _opened(self) -> None:
        exercise = self.session.exercise
        if exercise is not None:
            self.host.settings.set_last_exercise(self.db.name, self.session.workspace.trainee_uid, exercise.uid)

    def update_actions(self) -> None:
        """Which actions apply now: from the session's permissions."""
        rules = self.session.permissions
        for action in (self.submit_action, self.feedback_action, self.reopen_action, self.import_key_action):
            action.setVisible(rules.trainee_actions)
        self.submit_action.setEnabled(rules.submit)
        self.submit_action.setText(
            self.tr("Save the s&ubmission file again…") if rules.submit_again else self.tr("S&ubmit…")
        )
        self.feedback_action.setEnabled(rules.feedback)
        self.reopen_action.setEnabled(rules.edit_again)
        if self.mode_action.isChecked() != self.teacher:
            self.mode_action.blockSignals(True)
            self.mode_action.setChecked(self.teacher)
            self.mode_action.blockSignals(False)
        self.teacher_actions.update(rules, has_exercise=self.session.exercise is not None)

    # ------------------------------------------------------------------ mode
    def set_teacher_mode(self, on: bool) -> None:
        if on != self.mode_action.isChecked():
            self.mode_action.setChecked(on)  # comes back here through toggled
            return
        if on == self.teacher:
            return
        self.host.settings.teacher_mode = on
        self.host.open(lambda session: session.set_teacher(on))
        self.host.status(self.tr("Teacher mode: the reader edits answer keys.") if on else self.tr("Trainee mode."))

    # ------------------------------------------------------------------ trainee slots
    def open_exercise_dialog(self) -> None:
        settings = self.host.settings
        path = file_dialogs.open_file(
            self.host.widget(), settings, FileKind.EXERCISE, self.tr("Open an exercise file"), self.tr(JSON_FILTER)
        )
        if path:
            settings.remember_classroom_file(path)
            self.open_exercise_path(path)

    def open_exercise_paths(self, paths: list[str]) -> None:
        """Exercise files given to the window: the first is opened (one article is open at a time)."""
        self.open_exercise_path(paths[0])
        if len(paths) > 1:
            self.host.status(
                self.tr("Opened the first exercise file of {0}; open the others one at a time.").format(len(paths))
            )

    def open_exercise_path(self, path: str | Path) -> Job:
        """Read the exercise file and bring it into this database off the GUI thread (a file may
        hold a 20 MB article), then open it; a problem is reported.  Returns the job (``busy``)."""
        db = self.db
        self.host.status(self.tr("Reading {0}…").format(Path(path).name), 0)
        return self._start(
            lambda _job: cr.open_exercise_file(db, path),
            done=self._open_read_exercise,
            title=self.tr("Cannot open this exercise"),
        )

    def _open_read_exercise(self, exercise: ExerciseRecord) -> None:
        self.host.status("")
        if not self.host.open(lambda session: session.open_exercise(exercise.id)):
            return
        opened = self.session.opened
        self.host.status(
            self.tr("Opened the exercise “{0}”.").format(opened.exercise.title if opened and opened.exercise else "")
        )

    @property
    def busy(self) -> bool:
        """A file is being read (an exercise or an answer key)."""
        return any(job.running for job in self._jobs)

    def _start(self, work: Callable[[Job], Any], *, done: Callable[[Any], None], title: str) -> Job:
        self._jobs = [job for job in self._jobs if job.running]
        job = run_in_background(self, work, done=done, failed=lambda error: self._failed(title, error))
        self._jobs.append(job)
        return job

    def _failed(self, title: str, error: Exception) -> None:
        self.host.status("")
        if not isinstance(error, failures.EXPECTED):
            raise error  # a bug: the application's last line of defence shows it
        failures.warn(self.host.widget(), title, error, database=self.db.name)

    def submit_dialog(self) -> None:
        exercise = self.session.exercise
        if exercise is None:
            return
        self.host.flush_edits()
        workspace = self.session.workspace
        dialog = SubmitDialog(
            exercise_title=plain.escape(exercise.title),
            trainee=workspace.trainee_name,
            name_fixed=workspace.name_fixed,
            summary=tag_summary(self.session.tag_counts()),
            folder=file_dialogs.start_folder(self.host.settings, FileKind.SUBMISSION),
            file_name=lambda name: cr.suggested_file_name(exercise.title, "submission", name),
            save_file=not exercise.is_sample,
            feedback_at_once=exercise.is_sample,
            parent=self.host.widget(),
        )
        try:
            if dialog.exec() != SubmitDialog.DialogCode.Accepted:
                return
            name, path = dialog.trainee(), dialog.path()
        finally:
            dialog.deleteLater()
        if name != workspace.trainee_name and not self.name_actions.change(name):
            return
        self.submit_to(path)

    def submit_to(self, path: Path | None) -> bool:
        """Submit the open claims (writing ``path`` when given); then feedback if the key is here."""
        opened = self.session.opened
        if opened is None:
            return False
        self.host.flush_edits()
        with reported(self.host.widget(), self.tr("Not submitted")) as outcome:
            cr.submit(self.db, opened.claim_set_id, path)
        if outcome.failed:
            return False
        if path is not None:
            self.host.settings.remember_folder(FileKind.SUBMISSION.value, path)
        self.host.refresh_state()
        self.host.status(
            self.tr("Submitted; the file for your teacher is {0}.").format(path) if path else self.tr("Submitted.")
        )
        if self.session.permissions.feedback:
            self.show_feedback()
        return True

    def reopen_submission(self) -> None:
        opened = self.session.opened
        if opened is None:
            return
        with reported(self.host.widget(), self.tr("Still submitted")) as outcome:
            cr.reopen(self.db, opened.claim_set_id)
        if outcome.failed:
            return
        self.host.refresh_state()
        self.host.status(self.tr("Your claims can be changed again; submit again when you are done."))

    def show_feedback(self) -> FeedbackWindow | None:
        opened = self.session.opened
        if opened is None:
            return None
        with reported(self.host.widget(), self.tr("No feedback yet")) as outcome:
            feedback = cr.feedback(self.db, opened.claim_set_id)
        if outcome.failed:
            return None
        if self.feedback_window is None:
            self.feedback_window = FeedbackWindow(self.host.widget())
        self.feedback_window.set_feedback(feedback, self.host.feedback_cues(feedback))
        self.feedback_window.show()
        self.feedback_window.raise_()
        self.feedback_window.activateWindow()
        return self.feedback_window

    def import_key_dialog(self) -> None:
        settings = self.host.settings
        path = file_dialogs.open_file(
            self.host.widget(), settings, FileKind.KEY, self.tr("Import an answer key file"), self.tr(JSON_FILTER)
        )
        if path:
            settings.remember_classroom_file(path)
            self.import_key_path(path)

    def import_key_paths(self, paths: list[str]) -> None:
        for path in paths:
            self.import_key_path(path)

    def import_key_path(self, path: str | Path, *, replace: bool = False) -> Job:
        """Read the key file and store it off the GUI thread (a key may hold 200,000 claims); then
        show the feedback it brings.  A different key already here is replaced only when asked."""
        db = self.db
        self.host.status(self.tr("Reading {0}…").format(Path(path).name), 0)
        return self._start(
            lambda _job: self._read_key(db, path, replace),
            done=lambda exercise: self._key_read(path, exercise),
            title=self.tr("Answer key not imported"),
        )

    @staticmethod
    def _read_key(db: Database, path: str | Path, replace: bool) -> ExerciseRecord | cr.KeyConflict:
        try:
            return cr.import_key(db, path, replace=replace)
        except cr.KeyConflict as conflict:  # a question for the person, asked on the GUI thread
            return conflict

    def _key_read(self, path: str | Path, exercise: ExerciseRecord | cr.KeyConflict) -> None:
        self.host.status("")
        if isinstance(exercise, cr.KeyConflict):
            question = self.tr("{0}\n\nReplace the answer key in this database with the one in the file?")
            if self.host.ask(self.tr("Replace the answer key?"), question.format(failures.message_of(exercise))):
                self.import_key_path(path, replace=True)
            return
        self.host.status(self.tr("Answer key for “{0}” imported.").format(exercise.title))
        current = self.session.exercise
        if current is not None and current.id == exercise.id:
            self.host.refresh_state()
            if self.session.permissions.feedback:
                self.show_feedback()

    # ------------------------------------------------------------------ start-up
    def start(self, args: argparse.Namespace) -> None:
        """Apply ``--teacher``; open an exercise file given with ``--open`` (or as ``claimmark FILE``);
        otherwise return to the exercise last worked on when it shares the open article with another."""
        if getattr(args, "teacher", False):
            self.set_teacher_mode(True)
        path = getattr(args, "open_file", None)
        if path:
            if cr.is_classroom_file(path):
                self.host.open_files([path])
            return  # an article file: the library's import handles it
        opened = self.session.opened
        uid = self.host.settings.last_exercise(self.db.name, self.session.workspace.trainee_uid)
        if getattr(args, "article", None) is not None or not uid or opened is None:
            return
        if opened.exercise is not None and opened.exercise.uid == uid:
            return
        exercise = cr.find_exercise(self.db, uid)
        if exercise is not None and exercise.id is not None and exercise.article_id == opened.article.id:
            exercise_id = exercise.id
            self.host.open(lambda session: session.open_exercise(exercise_id))


def classroom_of(window: QObject) -> ClassroomController:
    """The classroom controller installed on a window."""
    found = window.findChild(ClassroomController, "classroomController")
    if found is None:
        raise LookupError("no classroom controller is installed on this window")
    return found
