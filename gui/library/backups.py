"""Backups in the window: File > Back up now, File > Restore from backup…, the day's backup made
in the background, the backup made when the window closes, and what a person is offered when
the library turns out to be damaged at start (:class:`RescueDialog`).

Every backup and restore runs off the GUI thread (``gui.common.background``): a 100 MB library
takes well under a second, and the window never waits on it.  The rules are core's
(``core.storage.backups``); here they are only offered and shown.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from claimmark.core.storage import backups, open_database
from claimmark.core.storage.backups import Backup, BackupProblem, Restored
from claimmark.core.storage.engine import Database, LibraryDamaged
from claimmark.core.storage.portable import Exported, export_library
from claimmark.core.text import counted
from claimmark.gui.common import failures, file_dialogs, plain
from claimmark.gui.common.background import Job, run_in_background
from claimmark.gui.common.file_dialogs import FileKind
from claimmark.gui.common.host import Host
from claimmark.gui.common.menus import Section, make_action
from claimmark.gui.common.settings import Settings

DAILY_AFTER_MS = 3000
"""The day's backup starts this long after the window opens, once start-up work is done."""


def when(backup: Backup) -> str:
    return backup.made_at.astimezone().strftime("%Y-%m-%d %H:%M")


def backup_at_close(db: Database) -> Backup | None:
    """The backup made when the window has closed, if the library changed since the newest one."""
    path = db.path
    if path is None or db.readonly or db.damage is not None:
        return None
    return backups.backup_if_due(path, "close")


class RestoreDialog(QDialog):
    """A library's backups, newest first, by date and claim count; Restore puts the chosen one in
    the library's place (the library as it was is kept first)."""

    restored = Signal(object)  # a core.storage.backups.Restored

    def __init__(self, library: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.setWindowTitle(self.tr("Restore from backup"))
        self.resize(720, 420)
        self.library = library
        self.backups = backups.list_backups(library)
        self.job: Job | None = None
        intro = plain.plain_label(
            self.tr(
                "Backups of {0}, newest first (in {1}). Restoring one puts it in the library's place. The library "
                "as it is now is kept first, as a backup (or moved aside when it is damaged), so a restore can "
                "itself be undone."
            ).format(library, backups.backup_folder(library))
            if self.backups
            else self.tr("There are no backups of {0} yet. ClaimMark makes one each day you work, when you close "
                         "it after changes, and before it upgrades the library.").format(library),
            self,
        )  # fmt: skip
        intro.setWordWrap(True)
        self.table = QTableWidget(len(self.backups), 5, self)
        self.table.setObjectName("backupTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Made"), self.tr("Claims"), self.tr("Articles"), self.tr("Size"), self.tr("Why")]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for row, backup in enumerate(self.backups):
            cells = (
                when(backup),
                f"{backup.claims:,}",
                f"{backup.articles:,}",
                f"{backup.size / 1e6:.1f} MB",
                backups.REASONS.get(backup.reason, backup.reason),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (1, 2, 3):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.restore_chosen())
        self.status = plain.plain_label(parent=self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.restore_button = QPushButton(self.tr("&Restore"), self)
        self.restore_button.setObjectName("restoreButton")
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.clicked.connect(self.restore_chosen)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        if self.backups:
            self.table.selectRow(0)
        self.restore_button.setEnabled(bool(self.backups))

    def chosen(self) -> Backup | None:
        row = self.table.currentRow()
        return self.backups[row] if 0 <= row < len(self.backups) else None

    def restore_chosen(self) -> Job | None:
        backup = self.chosen()
        if backup is None or (self.job is not None and self.job.running):
            return None
        question = self.tr(
            "Put the backup of {0} ({1} in {2}) in the library's place?\n\nThe library as it is "
            "now is kept first, so this can be undone by restoring that."
        ).format(when(backup), counted(backup.claims, "claim"), counted(backup.articles, "article"))
        if not plain.ask(self, self.tr("Restore this backup?"), question):
            return None
        self.restore_button.setEnabled(False)
        self.status.setText(self.tr("Restoring the backup of {0}…").format(when(backup)))
        library = self.library
        self.job = run_in_background(
            self, lambda _job: backups.restore(library, backup), done=self._restored, failed=self._failed
        )
        return self.job

    def _restored(self, result: Restored) -> None:
        self.status.setText("")
        self.restored.emit(result)
        self.accept()

    def _failed(self, error: Exception) -> None:
        self.status.setText("")
        self.restore_button.setEnabled(True)
        if not isinstance(error, failures.EXPECTED):
            raise error
        failures.warn(self, self.tr("Not restored"), error)


class BackupActions(QObject):
    """File > Back up now and File > Restore from backup…; the day's backup, in the background."""

    def __init__(self, host: Host) -> None:
        super().__init__(host.widget())
        self.setObjectName("backupActions")
        self.host = host
        parent = host.widget()
        self.backup_action = make_action(
            parent,
            self.tr("&Back up now"),
            self.back_up_now,
            tip=self.tr("Copy the library, checked, into its backups folder"),
        )
        self.restore_action = make_action(
            parent,
            self.tr("&Restore from backup…"),
            self.restore_dialog,
            tip=self.tr("Put an earlier state of the library back, by date and claim count"),
        )
        host.add_actions(Section.FILE_BACKUP, self.backup_action, self.restore_action)
        self.dialog: RestoreDialog | None = None
        self.job: Job | None = None
        QTimer.singleShot(DAILY_AFTER_MS, self.daily)

    @property
    def db(self) -> Database:
        return self.host.session.workspace.db

    @property
    def busy(self) -> bool:
        return self.job is not None and self.job.running

    def _library(self) -> Path | None:
        """The library file, or None after telling how a PostgreSQL database is backed up."""
        path = self.db.path
        if path is None:
            self.host.warn(
                self.tr("Backups"),
                failures.text_of(BackupProblem(backups.POSTGRES_ADVICE, url=self.db.name).as_message()),
            )
        return path

    # ------------------------------------------------------------------ backing up
    def daily(self) -> Job | None:
        """The day's backup, when the library changed since the newest one a day or more ago."""
        path = self.db.path
        if path is None or self.busy or self.db.damage is not None:
            return None
        self.job = run_in_background(
            self,
            lambda _job: backups.backup_if_due(path, "daily", every=backups.DAILY),
            done=self._daily_done,
            failed=self._failed,
        )
        return self.job

    def _daily_done(self, made: Backup | None) -> None:
        if made is not None:
            self._backed_up(made)

    def back_up_now(self) -> Job | None:
        path = self._library()
        if path is None or self.busy:
            return None
        self.host.flush_edits()
        self.host.status(self.tr("Backing up the library…"), 0)
        self.job = run_in_background(
            self, lambda _job: backups.make_backup(path, "manual"), done=self._backed_up, failed=self._failed
        )
        return self.job

    def _backed_up(self, made: Backup) -> None:
        self.host.status(
            self.tr("Backed up: {0} in {1}, checked ({2}).").format(
                counted(made.claims, "claim"), counted(made.articles, "article"), made.path.name
            )
        )

    def _failed(self, error: Exception) -> None:
        self.host.status("")
        if not isinstance(error, failures.EXPECTED):
            raise error
        failures.warn(self.host.widget(), self.tr("No backup made"), error, database=self.db.name)

    # ------------------------------------------------------------------ restoring
    def restore_dialog(self) -> RestoreDialog | None:
        path = self._library()
        if path is None:
            return None
        self.host.flush_edits()
        self.dialog = RestoreDialog(path, self.host.widget())
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.destroyed.connect(lambda: setattr(self, "dialog", None))
        self.dialog.restored.connect(self._restored)
        self.dialog.open()
        return self.dialog

    def _restored(self, result: Restored) -> None:
        self.host.reload()
        kept = result.kept
        self.host.status(
            self.tr("Restored the backup of {0} ({1} claims). The library as it was is kept: {2}").format(
                when(result.backup), f"{result.backup.claims:,}", kept.name if kept is not None else "-"
            ),
            15000,
        )


class RescueDialog(QDialog):
    """A damaged library at start: what is wrong, and the way out (restore the newest good
    backup, choose another, save what can still be read, or quit).  Nothing is written into the
    damaged library; accepted once a backup is in its place."""

    def __init__(self, problem: LibraryDamaged, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rescueDialog")
        self.setWindowTitle(self.tr("ClaimMark: the library is damaged"))
        assert problem.path is not None
        self.library = problem.path
        self.problem = problem
        self.job: Job | None = None
        self.saved: Exported | None = None
        newest = problem.backup if isinstance(problem.backup, Backup) else None
        self.newest = newest
        heading = QLabel(f"<h3>{plain.escape(self.tr('The library is damaged'))}</h3>", self)
        what = failures.text_of(problem.as_message())  # what is wrong, without the command line's advice
        if newest is not None:
            way_out = self.tr(
                "The newest good backup is from {0}: {1} in {2}. Restoring it puts it in the library's place; the "
                "damaged library is moved into the backups folder, never deleted. Edits made after that backup "
                "are not in it: save what can still be read first if you need them."
            ).format(when(newest), counted(newest.claims, "claim"), counted(newest.articles, "article"))
        else:
            way_out = self.tr(
                "There is no good backup of it. Save what can still be read into a library file, then bring it "
                "into a new library with: claimmark import-all FILE"
            )
        text = plain.plain_label(f"{what}\n\n{way_out}", self)
        text.setObjectName("rescueText")
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = plain.plain_label(parent=self)
        buttons = QDialogButtonBox(self)
        self.restore_button = QPushButton(
            self.tr("&Restore the backup of {0}").format(when(newest))
            if newest is not None
            else self.tr("No good backup"),
            self,
        )
        self.restore_button.setObjectName("restoreNewest")
        self.restore_button.setEnabled(newest is not None)
        self.restore_button.clicked.connect(self.restore_newest)
        self.choose_button = QPushButton(self.tr("&Choose a backup…"), self)
        self.choose_button.setEnabled(bool(backups.list_backups(self.library)))
        self.choose_button.clicked.connect(self.choose_backup)
        self.save_button = QPushButton(self.tr("&Save what can be read…"), self)
        self.save_button.clicked.connect(self.save_dialog)
        quit_button = buttons.addButton(self.tr("&Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        quit_button.clicked.connect(self.reject)
        for button in (self.restore_button, self.choose_button, self.save_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(text, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(620, 280)

    def _busy(self, text: str) -> None:
        self.status.setText(text)
        for button in (self.restore_button, self.choose_button, self.save_button):
            button.setEnabled(False)

    def _idle(self) -> None:
        self.status.setText("")
        self.restore_button.setEnabled(self.newest is not None)
        self.choose_button.setEnabled(True)
        self.save_button.setEnabled(True)

    def restore_newest(self) -> Job | None:
        backup = self.newest
        if backup is None:
            return None
        self._busy(self.tr("Restoring the backup of {0}…").format(when(backup)))
        library = self.library
        self.job = run_in_background(
            self, lambda _job: backups.restore(library, backup), done=lambda _r: self.accept(), failed=self._failed
        )
        return self.job

    def choose_backup(self) -> RestoreDialog:
        dialog = RestoreDialog(self.library, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.restored.connect(lambda _r: self.accept())
        dialog.open()
        return dialog

    def save_dialog(self) -> None:
        path = file_dialogs.save_file(
            self,
            Settings(),
            FileKind.RESCUE,
            self.tr("Save what the damaged library still holds"),
            f"{self.library.stem}-rescued.claimmark.jsonl.gz",
            self.tr("ClaimMark library files (*.jsonl.gz *.jsonl);;All files (*)"),
        )
        if path:
            self.save_to(path)

    def save_to(self, path: str | Path) -> Job:
        """Read what can still be read (read-only) into a library file for 'claimmark import-all'."""
        self._busy(self.tr("Saving what can be read…"))
        library = self.library

        def work(_job: Job) -> Exported:
            db = open_database(library, readonly=True)
            try:
                return export_library(db, path)
            finally:
                db.close()

        self.job = run_in_background(self, work, done=lambda done: self._saved(path, done), failed=self._failed)
        return self.job

    def _saved(self, path: str | Path, done: Exported) -> None:
        self._idle()
        self.saved = done
        lost = sum(done.unreadable.values())
        text = self.tr("Saved {0} rows to {1}. Bring them into a new library with: claimmark import-all {1}").format(
            f"{done.total:,}", path
        )
        if lost:
            text += "\n\n" + self.tr("{0} rows could not be read from the damaged library.").format(f"{lost:,}")
        plain.inform(self, self.tr("Saved"), text)

    def _failed(self, error: Exception) -> None:
        self._idle()
        if not isinstance(error, failures.EXPECTED):
            raise error
        failures.warn(self, self.tr("Not done"), error)
