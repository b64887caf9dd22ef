"""Teacher mode's actions: make an exercise, hand out its file and (separately) its key, import
submission files, release the key on a shared database, and open the class debrief.

Each slot calls one ``core.classroom`` function and shows what happened; importing and scoring a
class run off the GUI thread (``gui.common.background``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from claimmark.core import classroom as cr
from claimmark.core.reader.session import Permissions
from claimmark.core.storage.engine import Database
from claimmark.gui.classroom.debrief import DebriefWindow
from claimmark.gui.classroom.exercise_dialog import ExerciseDialog
from claimmark.gui.classroom.same_name import ask_same_name
from claimmark.gui.common import failures, file_dialogs, plain
from claimmark.gui.common.background import Job, run_in_background
from claimmark.gui.common.failures import reported
from claimmark.gui.common.file_dialogs import FileKind
from claimmark.gui.common.host import Host
from claimmark.gui.common.menus import make_action

JSON_FILTER = "ClaimMark files (*.json);;All files (*)"


def files_imported(ok: int, total: int) -> str:
    """ "1 of 1 file imported.", "2 of 3 files imported." (no "file(s)")."""
    tr = QCoreApplication.translate
    if total == 1:
        return tr("ImportReport", "{0} of 1 file imported.").format(ok)
    return tr("ImportReport", "{0} of {1} files imported.").format(ok, total)


def without_name(reason: str, name: str) -> str:
    """A reason without the file name it starts with ("a.json: the file is empty" -> "The file is empty")."""
    prefix = f"{name}: "
    if reason.startswith(prefix) and len(reason) > len(prefix):
        rest = reason[len(prefix) :]
        return rest[0].upper() + rest[1:]
    return reason


def count_files(count: int) -> str:
    """ "1 file", "3 files"."""
    tr = QCoreApplication.translate
    return tr("ImportReport", "1 file") if count == 1 else tr("ImportReport", "{0} files").format(count)


class ImportReport(QDialog):
    """What became of each submission file: imported, replaced, duplicate or refused (and why)."""

    debriefRequested = Signal()

    def __init__(self, results: Sequence[cr.SubmissionImport], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importReport")
        self.setWindowTitle(self.tr("Imported submissions"))
        self.resize(980, 440)
        ok = sum(1 for r in results if r.ok)
        summary = QLabel(
            files_imported(ok, len(results)) + " " + self.tr("Refused, duplicate and skipped files changed nothing."),
            self,
        )
        summary.setWordWrap(True)
        names = {
            cr.ImportStatus.IMPORTED: self.tr("imported"),
            cr.ImportStatus.REPLACED: self.tr("replaced an earlier one"),
            cr.ImportStatus.DUPLICATE: self.tr("duplicate: already imported"),
            cr.ImportStatus.CONFLICT: self.tr("not imported: same name, another id"),
            cr.ImportStatus.SKIPPED: self.tr("skipped, as you chose"),
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
            marker = (
                "✓ "
                if result.ok
                else ("= " if result.status in (cr.ImportStatus.DUPLICATE, cr.ImportStatus.SKIPPED) else "✗ ")
            )
            note = without_name(failures.text_of(result.note), result.path.name)  # the File column names it
            for col, text in enumerate((result.path.name, marker + names[result.status], note)):
                item = QTableWidgetItem(text)
                item.setToolTip(plain.tip(note))
                self.table.setItem(row, col, item)
        # the reason gets the room and wraps over as many lines as it needs; the file name and
        # the result are as wide as they need up to a third of the table (then the user can
        # drag them)
        header = self.table.horizontalHeader()
        self.table.resizeColumnsToContents()
        for column in (0, 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, min(header.sectionSize(column), 300))
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
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
    """The Exercise menu's teacher entries (shown in teacher mode)."""

    def __init__(self, host: Host) -> None:
        super().__init__(host.widget())
        self.setObjectName("teacherActions")
        self.host = host
        parent = host.widget()
        self.make_action = make_action(
            parent,
            self.tr("&Make exercise from this article…"),
            self.edit,
            shortcut="Ctrl+Shift+N",
            tip=self.tr("Title, instructions and entity labels; then tag its answer key"),
        )
        self.export_action = make_action(
            parent,
            self.tr("E&xport exercise file…"),
            self.export_exercise_dialog,
            tip=self.tr("The file you hand out: the article and instructions, never the key"),
        )
        self.export_key_action = make_action(
            parent,
            self.tr("Export answer &key file…"),
            self.export_key_dialog,
            tip=self.tr("Keep it until trainees have submitted; it gives them feedback"),
        )
        self.import_action = make_action(
            parent,
            self.tr("&Import submissions…"),
            self.import_submissions_dialog,
            shortcut="Ctrl+Shift+I",
            tip=self.tr("Add trainees' submission files to this database"),
        )
        self.release_action = make_action(
            parent,
            self.tr("&Release the answer key on this database"),
            lambda: self.release(self.release_action.isChecked()),
            tip=self.tr("Trainees working in this (shared) database see feedback once they have submitted"),
        )
        self.release_action.setCheckable(True)
        self.debrief_action = make_action(
            parent,
            self.tr("Class &debrief"),
            self.show_debrief,
            shortcut="Ctrl+Shift+B",
            tip=self.tr("Scores, tag confusion, agreement and the article's heat map"),
        )
        self.actions = [
            self.make_action,
            self.export_action,
            self.export_key_action,
            self.import_action,
            self.release_action,
            self.debrief_action,
        ]
        self.debrief_window: DebriefWindow | None = None
        self._scoring = False
        self._score_again = False
        self.report: ImportReport | None = None
        self._importing: Job | None = None

    @property
    def db(self) -> Database:
        return self.host.session.workspace.db

    @property
    def busy(self) -> bool:
        """Submission files are being imported."""
        return self._importing is not None and self._importing.running

    def update(self, rules: Permissions, *, has_exercise: bool) -> None:
        for action in self.actions:
            action.setVisible(rules.teacher_actions)
        self.make_action.setText(
            self.tr("Exercise &settings…") if has_exercise else self.tr("&Make exercise from this article…")
        )
        for action in (self.export_action, self.export_key_action, self.release_action, self.debrief_action):
            action.setEnabled(rules.exercise_actions)
        self.release_action.setChecked(rules.key_released)

    def _warn(self, title: str, error: BaseException) -> None:
        failures.warn(self.host.widget(), title, error, database=self.db.name)

    # ------------------------------------------------------------------ authoring
    def edit(self) -> None:
        """Make an exercise of the open article, or change the open exercise's settings."""
        session = self.host.session
        article, exercise = session.article, session.exercise
        if article is None:
            return
        if exercise is None:
            settings = cr.ExerciseSettings(article.title or self.tr("Untitled exercise"))
        else:
            settings = cr.ExerciseSettings(
                exercise.title, exercise.instructions, exercise.labels, exercise.reading_cues
            )
        dialog = ExerciseDialog(settings, new=exercise is None, parent=self.host.widget())
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.save_settings(dialog.settings())

    def save_settings(self, settings: cr.ExerciseSettings) -> None:
        session = self.host.session
        article, current = session.article, session.exercise
        if article is None:
            return
        with reported(self.host.widget(), self.tr("Exercise not saved")) as outcome:
            if current is None:
                exercise = cr.make_exercise(self.db, article.id, settings)
                message = self.tr("Exercise “{0}” made: now tag its answer key.").format(exercise.title)
            else:
                exercise = cr.update_exercise(self.db, current.id, settings)
                message = self.tr("Exercise settings saved.")
        if outcome.failed:
            return
        exercise_id = exercise.id
        assert exercise_id is not None
        if self.host.open(lambda s: s.open_exercise(exercise_id)):
            self.host.status(message)

    # ------------------------------------------------------------------ hand-out files
    def _exercise_id(self) -> int | None:
        exercise = self.host.session.exercise
        return exercise.id if exercise is not None else None

    def _save_path(self, caption: str, kind: str) -> str:
        exercise = self.host.session.exercise
        if exercise is None:
            return ""
        return file_dialogs.save_file(
            self.host.widget(),
            self.host.settings,
            FileKind.HANDOUT,
            caption,
            cr.suggested_file_name(exercise.title, kind),
            self.tr(JSON_FILTER),
        )

    def export_exercise_dialog(self) -> None:
        path = self._save_path(self.tr("Export the exercise file to hand out"), "exercise")
        if path:
            self.export_exercise(path)

    def export_exercise(self, path: str | Path) -> None:
        exercise_id = self._exercise_id()
        if exercise_id is None:
            return
        with reported(self.host.widget(), self.tr("Exercise file not written")) as outcome:
            cr.export_exercise(self.db, exercise_id, path, teacher=self.host.session.workspace.identity)
        if outcome.failed:
            return
        self.host.settings.remember_classroom_file(path)
        self.host.status(self.tr("Exercise file written to {0} (it holds no answer key).").format(path))

    def export_key_dialog(self) -> None:
        path = self._save_path(self.tr("Export the answer key (keep it until trainees have submitted)"), "key")
        if path:
            self.export_key(path)

    def export_key(self, path: str | Path) -> None:
        exercise_id = self._exercise_id()
        if exercise_id is None:
            return
        with reported(self.host.widget(), self.tr("Answer key not written")) as outcome:
            key = cr.export_key(self.db, exercise_id, path, teacher=self.host.session.workspace.identity)
        if outcome.failed:
            return
        self.host.settings.remember_classroom_file(path)
        self.host.status(self.tr("Answer key written to {1} (key claims: {0}).").format(len(key.claims), path))

    def release(self, released: bool) -> None:
        exercise_id = self._exercise_id()
        if exercise_id is None:
            return
        with reported(self.host.widget(), self.tr("Not changed")) as outcome:
            cr.release_key(self.db, exercise_id, released)
        self.host.refresh_state()
        if outcome.failed:
            return
        self.host.status(
            self.tr("Trainees on this database now see feedback after submitting.")
            if released
            else self.tr("The answer key is withheld from trainees on this database.")
        )

    # ------------------------------------------------------------------ submissions
    def import_submissions_dialog(self) -> None:
        settings = self.host.settings
        paths = file_dialogs.open_files(
            self.host.widget(),
            settings,
            FileKind.SUBMISSIONS,
            self.tr("Import submission files"),
            self.tr(JSON_FILTER),
            many=True,
        )
        if paths:
            settings.remember_classroom_file(paths[0])
            self.import_submissions(paths)

    def import_submissions(self, paths: Sequence[str | Path]) -> None:
        """Import in the background; then show what became of each file."""
        if self.busy:
            self.host.status(self.tr("Submissions are being imported; try again when that is done."))
            return
        self.host.status(self.tr("Importing {0}…").format(count_files(len(paths))), 0)
        db = self.db
        files = list(paths)
        self._importing = run_in_background(
            self,
            lambda _job: cr.import_submissions(db, files),
            done=self._imported,
            failed=self._import_failed,
        )

    def _imported(self, results: list[cr.SubmissionImport]) -> None:
        """Files whose name is another trainee's (another id) are asked about, then imported
        again as the teacher chose; then the report of every file."""
        conflicts = [r for r in results if r.status is cr.ImportStatus.CONFLICT and r.conflict is not None]
        if not conflicts:
            self._report(results)
            return
        self.host.status(self.tr("{0} need your choice: same name, another id.").format(count_files(len(conflicts))), 0)
        chosen = ask_same_name(self.host.widget(), conflicts)
        db = self.db

        def again(_job: Job) -> list[cr.SubmissionImport]:
            return [cr.import_submission(db, path, same_name=choice) for path, choice in chosen.items()]

        def merged(answers: list[cr.SubmissionImport]) -> None:
            by_path = {str(r.path): r for r in answers}
            self._report([by_path.get(str(r.path), r) if r in conflicts else r for r in results])

        self._importing = run_in_background(self, again, done=merged, failed=self._import_failed)

    def _report(self, results: list[cr.SubmissionImport]) -> None:
        ok = sum(1 for r in results if r.ok)
        self.host.status(files_imported(ok, len(results)))
        self.report = ImportReport(results, self.host.widget())
        self.report.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.report.destroyed.connect(lambda: setattr(self, "report", None))
        exercises = {r.exercise_id for r in results if r.ok and r.exercise_id is not None}
        self.report.debriefRequested.connect(lambda: self.show_debrief(next(iter(exercises), None)))
        self.report.show()
        if self.debrief_window is not None and self.debrief_window.isVisible():
            self.show_debrief()

    def _import_failed(self, error: Exception) -> None:
        self.host.status("")
        self._warn(self.tr("Import failed"), error)

    # ------------------------------------------------------------------ debrief
    def show_debrief(self, exercise_id: int | None = None) -> None:
        """Score the class in the background, then show (or refresh) the debrief window."""
        exercise_id = exercise_id if exercise_id is not None else self._exercise_id()
        if exercise_id is None:
            self.host.warn(
                self.tr("No exercise open"),
                self.tr("Open an exercise (or make one from this article) to see its class debrief."),
            )
            return
        db = self.db
        chosen = exercise_id
        self.host.status(self.tr("Scoring the class…"), 0)
        run_in_background(
            self,
            lambda _job: cr.debrief(db, chosen),
            done=self._scored,
            failed=lambda error: self._warn(self.tr("Could not score the class"), error),
        )

    def _scored(self, debrief: cr.Debrief) -> None:
        self.host.status(self.tr("Submissions scored: {0}.").format(len(debrief.rows)))
        if self.debrief_window is None:
            self.debrief_window = DebriefWindow(self.host.widget())
            self.debrief_window.refreshRequested.connect(self._refresh_debrief)
            self.debrief_window.feedbackRequested.connect(self.show_trainee_feedback)
        self.debrief_window.set_debrief(debrief)
        self.debrief_window.show()
        self.debrief_window.raise_()
        self.debrief_window.activateWindow()

    @property
    def debrief_open(self) -> bool:
        return self.debrief_window is not None and self.debrief_window.isVisible()

    def refresh_debrief_quietly(self) -> None:
        """Score the class again for the open debrief, as the class works: off the GUI thread, one
        scoring at a time (the last change never missed), without raising the window or taking focus."""
        shown = self.debrief_window.debrief if self.debrief_window is not None else None
        if shown is None:
            return
        if self._scoring:
            self._score_again = True
            return
        self._scoring = True
        db, chosen = self.db, shown.exercise_id
        run_in_background(
            self,
            lambda _job: cr.debrief(db, chosen),
            done=self._rescored,
            failed=lambda error: self.host.status(self.tr("The debrief could not follow the class: {0}").format(error)),
            ended=self._rescoring_done,
        )

    def _rescored(self, debrief: cr.Debrief) -> None:
        if self.debrief_window is not None and self.debrief_window.isVisible():
            self.debrief_window.set_debrief(debrief)

    def _rescoring_done(self) -> None:
        self._scoring = False
        if self._score_again:
            self._score_again = False
            self.refresh_debrief_quietly()

    def _refresh_debrief(self) -> None:
        shown = self.debrief_window.debrief if self.debrief_window is not None else None
        if shown is not None:
            self.show_debrief(shown.exercise_id)

    def show_trainee_feedback(self, claim_set_id: int) -> None:
        """One trainee's feedback, beside the debrief in its window (the debrief stays as it is)."""
        window = self.debrief_window
        if window is None:
            return
        with reported(window, self.tr("No feedback")) as outcome:
            feedback = cr.feedback(self.db, claim_set_id, teacher=True)
        if outcome.failed:
            return
        window.show_feedback(feedback, claim_set_id)
