"""Classroom features in the reader window: trainee and teacher mode, exercise files, Submit,
feedback, and (through ``gui.teacher``) authoring keys, importing submissions and the debrief.

``install_classroom_actions(window)`` adds the menus, a toolbar and a status label, and returns
the :class:`ClassroomController` the window consults when it opens an article:

* ``before_open(opened)``: in teacher mode an exercise opens on its answer key (a claim set with
  role "key"), so the same reader, claims panel and undo stack author the key;
* ``after_open(opened)``: mode banner, which actions apply, and locking submitted work;
* ``visible_entities(entities)``: trainees see only the entity labels the exercise chose.

``start_classroom(window, args, opened)`` applies ``--teacher`` and opens an exercise file given
on the command line (``claimmark FILE`` / ``--open FILE``).  Every slot calls one
``core.classroom`` function; nothing here decides a classroom rule.
"""

from __future__ import annotations

import argparse
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QFileDialog, QLabel, QMenu, QMessageBox, QToolBar
from sqlalchemy.exc import SQLAlchemyError

from claimmark.core import classroom as cr
from claimmark.core.claims import Tag
from claimmark.core.classroom.exchange import ExchangeError
from claimmark.core.nlp import Entities
from claimmark.core.reader.workspace import Opened
from claimmark.core.storage.engine import Database
from claimmark.core.storage.models import Exercise
from claimmark.gui.classroom.feedback import FeedbackWindow
from claimmark.gui.classroom.submit_dialog import SubmitDialog
from claimmark.gui.classroom.teacher import JSON_FILTER, TeacherActions, last_folder, remember_folder
from claimmark.gui.reader.guide import show_guide

if TYPE_CHECKING:
    from claimmark.gui.reader.main_window import MainWindow

MODE_KEY = "classroom/teacher_mode"
LAST_EXERCISE_KEY = "classroom/last_exercise"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")


class ClassroomController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("classroomController")
        self.window = window
        self.teacher = bool(QSettings().value(MODE_KEY, False, type=bool))
        self.state = cr.FeedbackState.NOT_AN_EXERCISE
        self.locked = False
        self.feedback_window: FeedbackWindow | None = None
        self._note_placeholder = window.panel.note_edit.placeholderText()
        self._empty_hint = window.panel.empty_hint.text()
        self.teacher_actions = TeacherActions(self)
        self._build()
        self.refresh()

    @property
    def db(self) -> Database:
        return self.window.workspace.db

    # ------------------------------------------------------------------ building
    def _action(self, text: str, shortcut: str, slot: Callable[[], object], tip: str = "") -> QAction:
        action = QAction(text, self.window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(f"{action.text().replace('&', '').rstrip('…')} ({shortcut})" if shortcut else tip)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build(self) -> None:
        window = self.window
        self.open_action = self._action(
            self.tr("&Open exercise…"),
            "Ctrl+O",
            self.open_exercise_dialog,
            self.tr("Open an exercise file your teacher handed out"),
        )
        self.submit_action = self._action(
            self.tr("S&ubmit…"),
            "Ctrl+Shift+S",
            self.submit_dialog,
            self.tr("Hand in your claims: a submission file for your teacher"),
        )
        self.feedback_action = self._action(
            self.tr("&Feedback"), "Ctrl+Shift+F", self.show_feedback, self.tr("Your submission against the answer key")
        )
        self.reopen_action = self._action(
            self.tr("&Edit again"),
            "",
            self.reopen_submission,
            self.tr("Unlock your submitted claims (possible until the answer key is available to you)"),
        )
        self.import_key_action = self._action(
            self.tr("Import answer &key…"),
            "Ctrl+Shift+K",
            self.import_key_dialog,
            self.tr("The key file your teacher gives out after you submitted: it shows your feedback"),
        )
        self.mode_action = QAction(self.tr("&Teacher mode"), window)
        self.mode_action.setCheckable(True)
        self.mode_action.setChecked(self.teacher)
        self.mode_action.setShortcut(QKeySequence("Ctrl+Shift+T"))
        self.mode_action.setStatusTip(self.tr("Author answer keys, hand out exercises, import submissions, debrief"))
        self.mode_action.toggled.connect(self.set_teacher_mode)

        file_menu: QMenu = window.file_menu
        existing = file_menu.actions()
        if existing:  # File: Open exercise, Submit, ----, what was there
            file_menu.insertActions(existing[0], [self.open_action, self.submit_action])
            file_menu.insertSeparator(existing[0])
        else:
            file_menu.addActions([self.open_action, self.submit_action])

        view_menu = _menu_holding(window, window.entities_action)
        if view_menu is not None:
            view_menu.addSeparator()
            view_menu.addAction(self.mode_action)
        else:
            window.addAction(self.mode_action)

        self.menu = QMenu(self.tr("E&xercise"), window)
        self.menu.setObjectName("exerciseMenu")
        self.menu.addActions([self.feedback_action, self.reopen_action, self.import_key_action])
        guide = self.menu.addAction(self.tr("Tagging &guide"))
        guide.triggered.connect(lambda: show_guide(window))
        self.menu.addSeparator()
        self.menu.addActions(self.teacher_actions.actions)
        help_menu = _help_menu_action(window)
        if help_menu is not None:
            window.menuBar().insertMenu(help_menu, self.menu)
        else:
            window.menuBar().addMenu(self.menu)

        toolbar = QToolBar(self.tr("Exercise"), window)
        toolbar.setObjectName("classroomToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addActions([self.submit_action, self.feedback_action])
        t = self.teacher_actions
        toolbar.addActions([t.make_action, t.export_action, t.import_action, t.debrief_action])
        window.addToolBar(toolbar)
        self.toolbar = toolbar

        self.mode_label = QLabel(window)
        self.mode_label.setObjectName("modeLabel")
        window.statusBar().addPermanentWidget(self.mode_label)

    # ------------------------------------------------------------------ window hooks
    def before_open(self, opened: Opened) -> Opened:
        """Teacher mode edits an exercise's answer key; trainee mode the trainee's own claims."""
        exercise = opened.exercise
        if exercise is None or exercise.id is None:
            return opened
        try:
            if self.teacher:
                return self.window.workspace.open_key(opened)
            if self.window.workspace.is_key_set(opened.claim_set_id):
                return self.window.workspace.open_exercise(exercise.id)
        except (cr.ClassroomError, SQLAlchemyError) as exc:
            self.warn(self.tr("Could not open the exercise"), _reason(exc))
        return opened

    def after_open(self, opened: Opened) -> None:
        if opened.exercise is not None:
            QSettings().setValue(self.last_exercise_key(), opened.exercise.uid)
        self.refresh()

    def visible_entities(self, entities: Entities) -> Entities:
        """Trainees see only the entity labels the exercise chose (teachers see all)."""
        exercise = self.current_exercise()
        labels = set(cr.labels_of(exercise)) if exercise is not None and not self.teacher else set()
        if not labels:
            return entities
        kept = [e for e in entities.entities if e[2] in labels]
        return Entities(kept, entities.sentences, entities.explanations)

    def current_exercise(self) -> Exercise | None:
        opened = self.window.opened
        return opened.exercise if opened is not None else None

    def last_exercise_key(self) -> str:
        """Where the exercise this trainee last had open on this database is remembered."""
        who = f"{self.db.name}\n{self.window.workspace.trainee_name}".encode()
        return f"{LAST_EXERCISE_KEY}/{hashlib.sha1(who).hexdigest()[:16]}"

    # ------------------------------------------------------------------ state
    def refresh(self) -> None:
        """Which actions apply, the banner, and whether the claims are locked."""
        window = self.window
        opened = window.opened
        exercise = opened.exercise if opened is not None else None
        try:
            self.state = (
                cr.feedback_state(self.db, opened.claim_set_id)
                if opened is not None
                else cr.FeedbackState.NOT_AN_EXERCISE
            )
        except (cr.ClassroomError, SQLAlchemyError):
            self.state = cr.FeedbackState.NOT_AN_EXERCISE
        trainee = not self.teacher
        for action in (self.submit_action, self.feedback_action, self.reopen_action, self.import_key_action):
            action.setVisible(trainee)
        self.submit_action.setEnabled(
            trainee and self.state in (cr.FeedbackState.NOT_SUBMITTED, cr.FeedbackState.NO_KEY)
        )
        self.submit_action.setText(
            self.tr("Save the s&ubmission file again…")
            if self.state is cr.FeedbackState.NO_KEY
            else self.tr("S&ubmit…")
        )
        self.feedback_action.setEnabled(trainee and self.state is cr.FeedbackState.READY)
        self.reopen_action.setEnabled(trainee and self.state is cr.FeedbackState.NO_KEY)
        self.teacher_actions.update(
            self.teacher, exercise.id if exercise is not None else None, bool(exercise and exercise.key_released)
        )
        locked = trainee and self.state in (cr.FeedbackState.NO_KEY, cr.FeedbackState.READY)
        self._lock(locked)
        self._banner(opened, locked)

    def _lock(self, locked: bool) -> None:
        """Submitted work is handed in: no tagging, editing, deleting or undoing (``may_edit``
        refuses any edit that still gets through; this hides the controls that would offer one)."""
        window = self.window
        self.locked = locked
        window.view.set_tagging_enabled(not locked)
        window.delete_action.setEnabled(not locked)
        window.panel.editor.setVisible(not locked)
        window.panel.delete_button.setVisible(not locked)
        for shortcut in window.panel.table.findChildren(QShortcut):
            shortcut.setEnabled(not locked)
        if locked:
            window.undo_stack.clear()

    def may_edit(self) -> bool:
        """False (with a word in the status bar) while the open claims are submitted."""
        if self.locked:
            self.status(self.tr("Your claims are submitted and locked (Exercise > Edit again, until the key is out)."))
        return not self.locked

    def _banner(self, opened: Opened | None, locked: bool) -> None:
        window = self.window
        panel = window.panel
        exercise = opened.exercise if opened is not None else None
        if self.teacher:
            self.mode_label.setText(self.tr("Teacher mode"))
            panel.note_edit.setPlaceholderText(
                self.tr("The explanation trainees see as feedback: why this tag, and what would change it")
            )
            panel.empty_hint.setText(
                self.tr("No key claims yet. Select the words of a claim trainees should find and press 1, 2 or 3.")
            )
        else:
            self.mode_label.setText(self.tr("Trainee: {0}").format(window.workspace.trainee_name))
            panel.note_edit.setPlaceholderText(self._note_placeholder)
            panel.empty_hint.setText(self._empty_hint)
        if opened is None:
            return
        title = opened.article.title or self.tr("Untitled article")
        if self.teacher and exercise is not None:
            window.setWindowTitle(self.tr("{0} — answer key — ClaimMark").format(title))
            text = self.tr(
                "<b>Answer key</b> of “{0}”. Tag the claims trainees should find; each claim's note is the "
                "explanation they see as feedback."
            ).format(_escape(exercise.title))
            if exercise.instructions:
                text += self.tr("<br>Instructions for trainees: {0}").format(_escape(exercise.instructions))
        elif self.teacher:
            text = self.tr(
                "<b>Teacher mode.</b> This article is not an exercise yet: Exercise > Make exercise from this "
                "article… (Ctrl+Shift+N). Until then you are tagging your own claims."
            )
        elif exercise is not None:
            text = f"<b>{_escape(exercise.title)}</b>"
            if exercise.instructions:
                text += f"<br>{_escape(exercise.instructions)}"
            when = cr.submitted_at(self.db, opened.claim_set_id) if locked else None
            stamp = when.astimezone().strftime("%Y-%m-%d %H:%M") if when else ""
            if self.state is cr.FeedbackState.READY:
                text += self.tr(
                    "<br><b>Submitted {0}.</b> Your feedback is ready: Exercise > Feedback (Ctrl+Shift+F)."
                ).format(stamp)
            elif self.state is cr.FeedbackState.NO_KEY:
                text += self.tr(
                    "<br><b>Submitted {0}.</b> Your claims are locked. Feedback appears once the answer key is "
                    "available (Exercise > Import answer key…); to change them first: Exercise > Edit again."
                ).format(stamp)
        else:
            window.instructions.setVisible(False)
            return
        window.instructions.setText(text)
        window.instructions.setVisible(True)

    # ------------------------------------------------------------------ mode
    def set_teacher_mode(self, on: bool) -> None:
        if on != self.mode_action.isChecked():
            self.mode_action.setChecked(on)  # comes back here through toggled
            return
        if on == self.teacher:
            return
        self.teacher = on
        QSettings().setValue(MODE_KEY, on)
        opened = self.window.opened
        if opened is None:
            self.refresh()
            return
        if opened.exercise is not None and opened.exercise.id is not None:
            self.open_exercise_id(opened.exercise.id)
        elif opened.article.id is not None:
            self.window.open(self.window.workspace.open_article(opened.article.id))
        self.status(self.tr("Teacher mode: the reader edits answer keys.") if on else self.tr("Trainee mode."))

    # ------------------------------------------------------------------ trainee slots
    def open_exercise_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.window, self.tr("Open an exercise file"), last_folder(), self.tr(JSON_FILTER)
        )
        if path:
            remember_folder(path)
            self.open_exercise_path(path)

    def open_exercise_path(self, path: str | Path) -> bool:
        opened = self.opened_for_file(path)
        if opened is None:
            return False
        self.window.open(opened)
        self.status(self.tr("Opened the exercise “{0}”.").format(opened.exercise.title if opened.exercise else ""))
        return True

    def opened_for_file(self, path: str | Path) -> Opened | None:
        """The exercise in the file, brought into this database; None after a message saying why not."""
        try:
            exercise = cr.open_exercise_file(self.db, path)
            assert exercise.id is not None
            return self.window.workspace.open_exercise(exercise.id)
        except (cr.ClassroomError, ExchangeError, SQLAlchemyError) as exc:
            self.warn(self.tr("Cannot open this exercise"), _reason(exc))
            return None

    def open_exercise_id(self, exercise_id: int) -> None:
        try:
            opened = self.window.workspace.open_exercise(exercise_id)
        except (cr.ClassroomError, SQLAlchemyError) as exc:
            self.warn(self.tr("Cannot open this exercise"), _reason(exc))
            return
        self.window.open(opened)

    def submit_dialog(self) -> None:
        opened = self.window.opened
        if opened is None or opened.exercise is None:
            return
        self.window.panel.flush()
        claims = self.window.claims
        counts = {t: sum(1 for c in claims if c.tag == t.value) for t in Tag}
        summary = (
            self.tr("{0} ({1})").format(len(claims), ", ".join(f"{counts[t]} {t.value}" for t in Tag))
            if claims
            else self.tr("none at all")
        )
        name = cr.suggested_file_name(opened.exercise.title, "submission", self.window.workspace.trainee_name)
        dialog = SubmitDialog(
            exercise_title=_escape(opened.exercise.title),
            trainee=_escape(self.window.workspace.trainee_name),
            summary=summary,
            default_path=str(Path(last_folder() or Path.home()) / name),
            save_file=not opened.exercise.is_sample,
            parent=self.window,
        )
        if dialog.exec() == SubmitDialog.DialogCode.Accepted:
            self.submit_to(dialog.path())

    def submit_to(self, path: Path | None) -> bool:
        """Submit the open claims (writing ``path`` when given); then feedback if the key is here."""
        opened = self.window.opened
        if opened is None:
            return False
        self.window.panel.flush()
        try:
            cr.submit(self.db, opened.claim_set_id, path)
        except (cr.ClassroomError, ExchangeError, SQLAlchemyError) as exc:
            self.warn(self.tr("Not submitted"), _reason(exc))
            return False
        if path is not None:
            remember_folder(path)
        self.refresh()
        self.status(
            self.tr("Submitted; the file for your teacher is {0}.").format(path) if path else self.tr("Submitted.")
        )
        if self.state is cr.FeedbackState.READY:
            self.show_feedback()
        return True

    def reopen_submission(self) -> None:
        opened = self.window.opened
        if opened is None:
            return
        try:
            cr.reopen(self.db, opened.claim_set_id)
        except (cr.ClassroomError, SQLAlchemyError) as exc:
            self.warn(self.tr("Still submitted"), _reason(exc))
            return
        self.refresh()
        self.status(self.tr("Your claims can be changed again; submit again when you are done."))

    def show_feedback(self) -> FeedbackWindow | None:
        opened = self.window.opened
        if opened is None:
            return None
        try:
            feedback = cr.feedback(self.db, opened.claim_set_id)
        except (cr.ClassroomError, SQLAlchemyError) as exc:
            self.warn(self.tr("No feedback yet"), _reason(exc))
            return None
        if self.feedback_window is None:
            self.feedback_window = FeedbackWindow(self.window)
        self.feedback_window.set_feedback(feedback)
        self.feedback_window.show()
        self.feedback_window.raise_()
        self.feedback_window.activateWindow()
        return self.feedback_window

    def import_key_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.window, self.tr("Import an answer key file"), last_folder(), self.tr(JSON_FILTER)
        )
        if path:
            remember_folder(path)
            self.import_key_path(path)

    def import_key_path(self, path: str | Path) -> bool:
        try:
            try:
                exercise = cr.import_key(self.db, path)
            except cr.KeyConflict as conflict:
                answer = QMessageBox.question(
                    self.window,
                    self.tr("Replace the answer key?"),
                    self.tr("{0}\n\nReplace the answer key in this database with the one in the file?").format(
                        conflict
                    ),
                )
                if answer != QMessageBox.StandardButton.Yes:
                    return False
                exercise = cr.import_key(self.db, path, replace=True)
        except (cr.ClassroomError, ExchangeError, SQLAlchemyError) as exc:
            self.warn(self.tr("Answer key not imported"), _reason(exc))
            return False
        self.status(self.tr("Answer key for “{0}” imported.").format(exercise.title))
        current = self.current_exercise()
        if current is not None and current.id == exercise.id:
            self.refresh()
            if self.state is cr.FeedbackState.READY:
                self.show_feedback()
        return True

    # ------------------------------------------------------------------ messages
    def warn(self, title: str, text: str) -> None:
        QMessageBox.warning(self.window, title, text)

    def status(self, text: str, timeout: int = 8000) -> None:
        self.window.statusBar().showMessage(text, timeout)


def _reason(exc: BaseException) -> str:
    return str(getattr(exc, "orig", None) or exc)


def _menu_holding(window: MainWindow, member: QAction) -> QMenu | None:
    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and member in menu.actions():
            return menu
    return None


def _help_menu_action(window: MainWindow) -> QAction | None:
    help_keys = QKeySequence(QKeySequence.StandardKey.HelpContents)
    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and any(a.shortcut() == help_keys for a in menu.actions()):
            return action
    return None


def install_classroom_actions(window: MainWindow) -> ClassroomController:
    """Add the classroom menus, toolbar and mode to the window (see the module notes)."""
    return ClassroomController(window)


def start_classroom(window: MainWindow, args: argparse.Namespace, opened: Opened) -> Opened:
    """What the window should open first: applies ``--teacher``; opens an exercise file given
    with ``--open`` (or as ``claimmark FILE``); otherwise returns to the exercise last worked on
    when it shares the start article with another exercise."""
    controller = window.classroom
    if getattr(args, "teacher", False):
        controller.set_teacher_mode(True)
    path = getattr(args, "open_file", None)
    if path:
        if cr.is_classroom_file(path):
            return controller.opened_for_file(path) or opened
        return opened  # an article file: the library's import handles it
    uid = str(QSettings().value(controller.last_exercise_key(), "") or "")
    if getattr(args, "article", None) is None and uid and (opened.exercise is None or opened.exercise.uid != uid):
        try:
            exercise = cr.find_exercise(controller.db, uid)
            if exercise is not None and exercise.id is not None and exercise.article_id == opened.article.id:
                return window.workspace.open_exercise(exercise.id)
        except (cr.ClassroomError, SQLAlchemyError):
            pass
    return opened
