"""Teacher mode's actions: make an exercise, hand out its file and (separately) its key, import
submission files, release the key on a shared database, and open the class debrief.

Each slot calls one ``core.classroom`` function and shows what happened; importing and scoring a
class run off the GUI thread (``gui.background``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.exc import SQLAlchemyError

from claimmark.core import classroom as cr
from claimmark.core.classroom.exchange import ExchangeError
from claimmark.core.storage.engine import Database
from claimmark.gui.background import run_in_background
from claimmark.gui.classroom.debrief import DebriefWindow
from claimmark.gui.classroom.exercise_dialog import ExerciseDialog
from claimmark.gui.classroom.feedback import FeedbackWindow

if TYPE_CHECKING:
    from claimmark.gui.classroom.controller import ClassroomController

FOLDER_KEY = "classroom/folder"
JSON_FILTER = "ClaimMark files (*.json);;All files (*)"


def last_folder() -> str:
    return str(QSettings().value(FOLDER_KEY, "") or "")


def remember_folder(path: str | Path) -> None:
    QSettings().setValue(FOLDER_KEY, str(Path(path).parent))


class ImportReport(QDialog):
    """What became of each submission file: imported, replaced, duplicate or refused (and why)."""

    debriefRequested = Signal()

    def __init__(self, results: Sequence[cr.SubmissionImport], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importReport")
        self.setWindowTitle(self.tr("Imported submissions"))
        self.resize(820, 380)
        ok = sum(1 for r in results if r.ok)
        summary = QLabel(
            self.tr("{0} of {1} file(s) imported. Refused and duplicate files changed nothing.").format(
                ok, len(results)
            ),
            self,
        )
        summary.setWordWrap(True)
        names = {
            cr.ImportStatus.IMPORTED: self.tr("imported"),
            cr.ImportStatus.REPLACED: self.tr("replaced an earlier one"),
            cr.ImportStatus.DUPLICATE: self.tr("duplicate: already imported"),
            cr.ImportStatus.REFUSED: self.tr("refused"),
        }
        self.table = QTableWidget(len(results), 3, self)
        self.table.setObjectName("importTable")
        self.table.setHorizontalHeaderLabels([self.tr("File"), self.tr("Result"), self.tr("Details")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        for row, result in enumerate(results):
            marker = "✓ " if result.ok else ("= " if result.status is cr.ImportStatus.DUPLICATE else "✗ ")
            for col, text in enumerate((result.path.name, marker + names[result.status], result.message)):
                item = QTableWidgetItem(text)
                item.setToolTip(result.message)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.resizeRowsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.debrief_button = buttons.addButton(self.tr("Open the &debrief"), QDialogButtonBox.ButtonRole.ActionRole)
        self.debrief_button.setEnabled(ok > 0)
        self.debrief_button.clicked.connect(self.debriefRequested.emit)
        self.debrief_button.clicked.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)


class TeacherActions(QObject):
    """The Exercise menu's teacher entries (enabled in teacher mode)."""

    def __init__(self, controller: ClassroomController) -> None:
        super().__init__(controller)
        self.setObjectName("teacherActions")
        self.controller = controller
        self.make_action = self._action(self.tr("&Make exercise from this article…"), "Ctrl+Shift+N", self.edit)
        self.make_action.setStatusTip(self.tr("Title, instructions and entity labels; then tag its answer key"))
        self.export_action = self._action(self.tr("E&xport exercise file…"), "", self.export_exercise_dialog)
        self.export_action.setStatusTip(self.tr("The file you hand out: the article and instructions, never the key"))
        self.export_key_action = self._action(self.tr("Export answer &key file…"), "", self.export_key_dialog)
        self.export_key_action.setStatusTip(self.tr("Keep it until trainees have submitted; it gives them feedback"))
        self.import_action = self._action(
            self.tr("&Import submissions…"), "Ctrl+Shift+I", self.import_submissions_dialog
        )
        self.import_action.setStatusTip(self.tr("Add trainees' submission files to this database"))
        self.release_action = self._action(
            self.tr("&Release the answer key on this database"),
            "",
            lambda: self.release(self.release_action.isChecked()),
        )
        self.release_action.setCheckable(True)
        self.release_action.setStatusTip(
            self.tr("Trainees working in this (shared) database see feedback once they have submitted")
        )
        self.debrief_action = self._action(self.tr("Class &debrief"), "Ctrl+Shift+B", self.show_debrief)
        self.debrief_action.setStatusTip(self.tr("Scores, tag confusion, agreement and the article's heat map"))
        self.actions = [
            self.make_action,
            self.export_action,
            self.export_key_action,
            self.import_action,
            self.release_action,
            self.debrief_action,
        ]
        self.debrief_window: DebriefWindow | None = None
        self.feedback_window: FeedbackWindow | None = None
        self.report: ImportReport | None = None
        self.busy = False

    def _action(self, text: str, shortcut: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self.controller.window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    @property
    def db(self) -> Database:
        return self.controller.db

    def update(self, teacher: bool, exercise_id: int | None, released: bool) -> None:
        for action in self.actions:
            action.setVisible(teacher)
        self.make_action.setText(
            self.tr("Exercise &settings…") if exercise_id is not None else self.tr("&Make exercise from this article…")
        )
        for action in (self.export_action, self.export_key_action, self.release_action, self.debrief_action):
            action.setEnabled(teacher and exercise_id is not None)
        self.release_action.setChecked(released)

    # ------------------------------------------------------------------ authoring
    def edit(self) -> None:
        """Make an exercise of the open article, or change the open exercise's settings."""
        opened = self.controller.window.opened
        if opened is None or opened.article.id is None:
            return
        exercise = opened.exercise
        if exercise is None:
            settings = cr.ExerciseSettings(opened.article.title or self.tr("Untitled exercise"))
        else:
            settings = cr.ExerciseSettings(exercise.title, exercise.instructions, cr.labels_of(exercise))
        dialog = ExerciseDialog(settings, new=exercise is None, parent=self.controller.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.save_settings(dialog.settings())

    def save_settings(self, settings: cr.ExerciseSettings) -> None:
        opened = self.controller.window.opened
        if opened is None or opened.article.id is None:
            return
        try:
            if opened.exercise is None or opened.exercise.id is None:
                exercise = cr.make_exercise(self.db, opened.article.id, settings)
                message = self.tr("Exercise “{0}” made: now tag its answer key.").format(exercise.title)
            else:
                exercise = cr.update_exercise(self.db, opened.exercise.id, settings)
                message = self.tr("Exercise settings saved.")
        except (cr.ClassroomError, SQLAlchemyError) as exc:
            self.controller.warn(self.tr("Exercise not saved"), _reason(exc))
            return
        assert exercise.id is not None
        self.controller.open_exercise_id(exercise.id)
        self.controller.status(message)

    # ------------------------------------------------------------------ hand-out files
    def _exercise_id(self) -> int | None:
        exercise = self.controller.current_exercise()
        return exercise.id if exercise is not None else None

    def export_exercise_dialog(self) -> None:
        exercise = self.controller.current_exercise()
        if exercise is None or exercise.id is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self.controller.window,
            self.tr("Export the exercise file to hand out"),
            str(Path(last_folder()) / cr.suggested_file_name(exercise.title, "exercise")),
            self.tr(JSON_FILTER),
        )
        if path:
            self.export_exercise(path)

    def export_exercise(self, path: str | Path) -> None:
        exercise_id = self._exercise_id()
        if exercise_id is None:
            return
        try:
            cr.export_exercise(self.db, exercise_id, path)
        except (cr.ClassroomError, ExchangeError, SQLAlchemyError) as exc:
            self.controller.warn(self.tr("Exercise file not written"), _reason(exc))
            return
        remember_folder(path)
        self.controller.status(self.tr("Exercise file written to {0} (it holds no answer key).").format(path))

    def export_key_dialog(self) -> None:
        exercise = self.controller.current_exercise()
        if exercise is None or exercise.id is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self.controller.window,
            self.tr("Export the answer key (keep it until trainees have submitted)"),
            str(Path(last_folder()) / cr.suggested_file_name(exercise.title, "key")),
            self.tr(JSON_FILTER),
        )
        if path:
            self.export_key(path)

    def export_key(self, path: str | Path) -> None:
        exercise_id = self._exercise_id()
        if exercise_id is None:
            return
        try:
            key = cr.export_key(self.db, exercise_id, path)
        except (cr.ClassroomError, ExchangeError, SQLAlchemyError) as exc:
            self.controller.warn(self.tr("Answer key not written"), _reason(exc))
            return
        remember_folder(path)
        self.controller.status(self.tr("Answer key written to {1} (key claims: {0}).").format(len(key.claims), path))

    def _toggled(self) -> None:
        self.release(self.release_action.isChecked())

    def release(self, released: bool) -> None:
        exercise_id = self._exercise_id()
        if exercise_id is None:
            return
        try:
            cr.release_key(self.db, exercise_id, released)
        except (cr.ClassroomError, SQLAlchemyError) as exc:
            self.controller.warn(self.tr("Not changed"), _reason(exc))
        self.controller.refresh()
        self.controller.status(
            self.tr("Trainees on this database now see feedback after submitting.")
            if released
            else self.tr("The answer key is withheld from trainees on this database.")
        )

    # ------------------------------------------------------------------ submissions
    def import_submissions_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self.controller.window, self.tr("Import submission files"), last_folder(), self.tr(JSON_FILTER)
        )
        if paths:
            remember_folder(paths[0])
            self.import_submissions(paths)

    def import_submissions(self, paths: Sequence[str | Path]) -> None:
        """Import in the background; then show what became of each file."""
        if self.busy:
            return
        self.busy = True
        self.controller.status(self.tr("Importing {0} file(s)…").format(len(paths)), 0)
        db = self.db
        files = list(paths)
        run_in_background(self, lambda: cr.import_submissions(db, files), self._imported, self._failed)

    def _imported(self, results: list[cr.SubmissionImport]) -> None:
        self.busy = False
        ok = sum(1 for r in results if r.ok)
        self.controller.status(self.tr("{0} of {1} submission file(s) imported.").format(ok, len(results)))
        self.report = ImportReport(results, self.controller.window)
        self.report.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.report.destroyed.connect(lambda: setattr(self, "report", None))
        exercises = {r.exercise_id for r in results if r.ok and r.exercise_id is not None}
        self.report.debriefRequested.connect(lambda: self.show_debrief(next(iter(exercises), None)))
        self.report.show()
        if self.debrief_window is not None and self.debrief_window.isVisible():
            self.show_debrief()

    def _failed(self, error: Exception) -> None:
        self.busy = False
        self.controller.status("")
        self.controller.warn(self.tr("Import failed"), _reason(error))

    # ------------------------------------------------------------------ debrief
    def show_debrief(self, exercise_id: int | None = None) -> None:
        """Score the class in the background, then show (or refresh) the debrief window."""
        exercise_id = exercise_id if exercise_id is not None else self._exercise_id()
        if exercise_id is None:
            self.controller.warn(
                self.tr("No exercise open"),
                self.tr("Open an exercise (or make one from this article) to see its class debrief."),
            )
            return
        db = self.db
        self.controller.status(self.tr("Scoring the class…"), 0)
        run_in_background(self, lambda: cr.debrief(db, exercise_id), self._scored, self._failed)

    def _scored(self, debrief: cr.Debrief) -> None:
        self.controller.status(self.tr("Submissions scored: {0}.").format(len(debrief.rows)))
        if self.debrief_window is None:
            self.debrief_window = DebriefWindow(self.controller.window)
            self.debrief_window.refreshRequested.connect(self._refresh_debrief)
            self.debrief_window.view.feedbackRequested.connect(self.show_trainee_feedback)
        self.debrief_window.set_debrief(debrief)
        self.debrief_window.show()
        self.debrief_window.raise_()
        self.debrief_window.activateWindow()

    def _refresh_debrief(self) -> None:
        shown = self.debrief_window.view.debrief if self.debrief_window is not None else None
        if shown is not None:
            self.show_debrief(shown.exercise_id)

    def show_trainee_feedback(self, claim_set_id: int) -> None:
        try:
            feedback = cr.feedback(self.db, claim_set_id, teacher=True)
        except (cr.ClassroomError, SQLAlchemyError) as exc:
            self.controller.warn(self.tr("No feedback"), _reason(exc))
            return
        if self.feedback_window is None:
            self.feedback_window = FeedbackWindow(self.debrief_window or self.controller.window)
        self.feedback_window.set_feedback(feedback)
        self.feedback_window.show()
        self.feedback_window.raise_()


def _reason(exc: BaseException) -> str:
    return str(getattr(exc, "orig", None) or exc)
