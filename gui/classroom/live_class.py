"""Joining a class database, and the live class the teacher watches.

* **File > Join class…** (Ctrl+Shift+J) takes the connection file the teacher handed out
  (``claimmark class add-trainees``), tries it off the GUI thread, keeps it where only this user
  can read it (``core.storage.roles.join_class``: 0600, the config folder) and opens the class.
  **File > Leave class** forgets it and goes back to the library on this computer.  The password
  is never shown: titles and messages name the database without it.
* **Exercise > Live class view** (teacher mode, Ctrl+Shift+L): who has joined, how many claims
  each has, who has submitted, refreshing by itself.  The class debrief, while it is open,
  follows the class the same way (keeping its tab, its row and the feedback beside it).

Both follow :class:`ClassWatcher`: on PostgreSQL a thread of its own ``LISTEN``s for the
database's announcements (``core.classroom.live.listen``), with a slow poll behind it in case
the connection is lost; on SQLite a light poll (``change_marker``).  Announcements are gathered
for a moment (debounced) and every refresh is read off the GUI thread, one at a time, so the
window never freezes however fast the class works.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from claimmark.core.classroom.live import ClassMember, can_listen, change_marker, class_members, listen
from claimmark.core.errors import UserError
from claimmark.core.storage import open_database, roles
from claimmark.core.storage.engine import Database
from claimmark.core.text import counted
from claimmark.gui.classroom.teacher import TeacherActions
from claimmark.gui.common import failures, plain
from claimmark.gui.common.background import run_in_background
from claimmark.gui.common.host import Host
from claimmark.gui.common.menus import Section, make_action

DEBOUNCE_MS = 300
"""Announcements this close together make one refresh."""
POLL_MS = 2000
"""How often SQLite (or a database that announces nothing) is looked at."""
SAFETY_POLL_MS = 10_000
"""How often a database that announces changes is looked at all the same (a lost connection)."""


class ClassWatcher(QObject):
    """Says (``changed``) when the class's work changed: announced, or seen by a light poll."""

    changed = Signal()
    _announced = Signal(str)  # from the listening thread; queued to the GUI thread

    def __init__(self, db: Database, parent: QObject, *, wanted: Callable[[], bool] = lambda: True) -> None:
        super().__init__(parent)
        self.db = db
        self.wanted = wanted
        """Whether anyone looks now: the poll reads nothing while nothing is shown."""
        self.listening = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._marker: tuple[object, ...] | None = None
        self._polling = False
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.changed.emit)
        self._announced.connect(lambda _payload: self.bump())
        self._poll = QTimer(self)
        self._poll.timeout.connect(self._look)

    @property
    def how(self) -> str:
        return "live" if self.listening else "poll"

    def start(self) -> None:
        if self._poll.isActive():
            return
        try:
            self.listening = can_listen(self.db)
        except Exception:  # a database that cannot say whether it announces: poll it
            self.listening = False
        if self.listening:
            self._stop.clear()
            self._thread = threading.Thread(target=self._listen, name="claimmark-listen", daemon=True)
            self._thread.start()
        self._poll.start(SAFETY_POLL_MS if self.listening else POLL_MS)

    def stop(self) -> None:
        self._poll.stop()
        self._debounce.stop()
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
            self._thread = None
        self.listening = False

    def bump(self) -> None:
        """Something changed: refresh once things settle (many announcements, one refresh)."""
        self._debounce.start()

    def _listen(self) -> None:
        try:
            listen(self.db, self._stop, self._announced.emit)
        except Exception:  # the connection went, or the watcher: the poll carries on
            self.listening = False

    def _look(self) -> None:
        if self._polling or not self.wanted():
            return
        self._polling = True
        db = self.db
        run_in_background(self, lambda _job: change_marker(db), done=self._looked, ended=self._looked_done)

    def _looked(self, marker: tuple[object, ...]) -> None:
        if marker != self._marker:  # the first look too: what changed before it was not seen yet
            self.bump()
        self._marker = marker
        if not self.listening and self._poll.interval() != POLL_MS:
            self._poll.setInterval(POLL_MS)

    def _looked_done(self) -> None:
        self._polling = False


class LiveClassWindow(QDialog):
    """Who has joined, their claims and submissions: a table that refreshes by itself."""

    refreshRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("liveClassWindow")
        self.setWindowTitle(self.tr("Live class view"))
        self.resize(720, 520)
        self.members: list[ClassMember] = []
        self.summary = QLabel(self)
        self.summary.setObjectName("liveClassSummary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("liveClassTable")
        self.table.setAccessibleName(self.tr("Trainees of the class"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Trainee"), self.tr("Joined"), self.tr("Claims"), self.tr("Submitted"), self.tr("Worked on")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.refresh_button = QPushButton(self.tr("&Refresh"), self)
        self.refresh_button.setShortcut(QKeySequence.StandardKey.Refresh)
        self.refresh_button.setToolTip(self.tr("Read the class again now (F5); it also refreshes by itself"))
        self.refresh_button.clicked.connect(self.refreshRequested.emit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.refresh_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    def set_members(self, members: list[ClassMember], *, how: str) -> None:
        self.members = members
        chosen = self.table.currentRow()
        self.table.setRowCount(len(members))
        for row, member in enumerate(members):
            joined = member.joined_at.astimezone().strftime("%H:%M %d %b") if member.joined_at else ""
            if member.role is None:
                joined = self.tr("(no role)")
            elif not joined:
                joined = self.tr("not yet")
            cells = [member.name, joined, str(member.claims), str(member.submitted), str(member.claim_sets)]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(plain.tip(text))  # a name as the teacher typed it: plain text
                if column >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        if 0 <= chosen < len(members):
            self.table.selectRow(chosen)
        joined_count = sum(1 for m in members if m.joined_at is not None)
        handed = sum(1 for m in members if m.submitted)
        follows = (
            self.tr("refreshes as trainees work")
            if how == "live"
            else self.tr("looks every {0} s").format(POLL_MS // 1000)
        )
        joined = (self.tr("{0} of {1} has joined") if joined_count == 1 else self.tr("{0} of {1} have joined")).format(
            joined_count, counted(len(members), "trainee")
        )
        submitted = (self.tr("{0} has submitted") if handed == 1 else self.tr("{0} have submitted")).format(handed)
        self.summary.setText(
            self.tr("{0}; {1}. Updated {2} ({3}).").format(joined, submitted, time.strftime("%H:%M:%S"), follows)
        )


class ClassActions(QObject):
    """File > Join class… and Leave class; Exercise > Live class view; the debrief following the class."""

    reopen: Callable[[str | None, str | None], bool] | None = None
    """Opens the window on another database (URL, password), closing this one: set by ``gui.app``."""

    def __init__(self, host: Host, teacher: TeacherActions) -> None:
        super().__init__(host.widget())
        self.setObjectName("classActions")
        self.host = host
        self.teacher = teacher
        """Whose debrief follows the class while it is open."""
        parent = host.widget()
        self.join_action = make_action(
            parent,
            self.tr("Join &class…"),
            self.join_dialog,
            shortcut="Ctrl+Shift+J",
            tip=self.tr("Work in your class's database, with the connection file your teacher gave you"),
        )
        self.leave_action = make_action(
            parent,
            self.tr("&Leave class"),
            self.leave,
            tip=self.tr("Stop working in the class database and go back to the library on this computer"),
        )
        self.live_action = make_action(
            parent,
            self.tr("&Live class view"),
            self.show_live,
            shortcut="Ctrl+Shift+L",
            tip=self.tr("Who has joined, their claims and who has submitted, refreshing by itself"),
        )
        host.add_actions(Section.FILE_PROFILE, self.join_action, self.leave_action)
        host.add_actions(Section.EXERCISE_TEACHER, self.live_action)
        self.window: LiveClassWindow | None = None
        self.watcher: ClassWatcher | None = None
        self._reading = False
        self._again = False
        host.events.stateChanged.connect(self.update_actions)
        host.events.closing.connect(self.close)
        self.update_actions()

    @property
    def db(self) -> Database:
        return self.host.session.workspace.db

    def update_actions(self) -> None:
        teacher = self.host.session.permissions.teacher_actions
        self.live_action.setVisible(teacher)
        self.leave_action.setVisible(roles.joined_class_path().exists())
        if teacher:
            self._watch()
        elif self.watcher is not None:
            self.watcher.stop()
            self.watcher.deleteLater()
            self.watcher = None

    # ------------------------------------------------------------------ joining
    def join_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.host.widget(),
            self.tr("Join a class"),
            "",
            self.tr("Class connection files (*.claimmark-class);;All files (*)"),
        )
        if path:
            self.join(path)

    def join(self, path: str) -> None:
        """Try the connection file (off the GUI thread); when it works, keep it and open the class."""
        with failures.reported(self.host.widget(), self.tr("Could not join the class")) as outcome:
            connection = roles.read_connection(path)
        if outcome.failed:
            return
        self.host.status(self.tr("Joining the class…"), 0)
        run_in_background(
            self,
            lambda _job: _try_class(connection),
            done=lambda _kind: self._joined(path, connection),
            failed=lambda error: failures.warn(self.host.widget(), self.tr("Could not join the class"), error),
        )

    def _joined(self, path: str, connection: roles.ClassConnection) -> None:
        with failures.reported(self.host.widget(), self.tr("Could not join the class")) as outcome:
            roles.join_class(path)
        if outcome.failed:
            return
        self.host.status(self.tr("Joined the class as {0}.").format(connection.name))
        self.update_actions()
        if self.reopen is not None:
            self.reopen(connection.url, connection.password)
        else:
            self.host.warn(
                self.tr("Joined the class"),
                self.tr("You joined the class as {0}. Start ClaimMark again to work in it.").format(connection.name),
            )

    def leave(self) -> None:
        if not self.host.ask(
            self.tr("Leave the class?"),
            self.tr(
                "ClaimMark forgets the class's connection on this computer and opens your own library. Your work "
                "stays in the class database; to come back, join again with the file your teacher gave you."
            ),
        ):
            return
        roles.leave_class()
        self.update_actions()
        if self.reopen is not None:
            self.reopen(None, None)

    # ------------------------------------------------------------------ the live class
    def _watch(self) -> None:
        if self.watcher is None:
            self.watcher = ClassWatcher(self.db, self, wanted=self._anyone_looks)
            self.watcher.changed.connect(self._class_changed)
            self.watcher.start()

    def _anyone_looks(self) -> bool:
        return (self.window is not None and self.window.isVisible()) or self.teacher.debrief_open

    def _class_changed(self) -> None:
        if self.window is not None and self.window.isVisible():
            self.refresh()
        if self.teacher.debrief_open:
            self.teacher.refresh_debrief_quietly()

    def show_live(self) -> None:
        if self.window is None:
            self.window = LiveClassWindow(self.host.widget())
            self.window.refreshRequested.connect(self.refresh)
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()
        self._watch()
        self.refresh()

    def refresh(self) -> None:
        """Read the class again (off the GUI thread; one read at a time, the last change never missed)."""
        if self._reading:
            self._again = True
            return
        self._reading = True
        db = self.db
        only_roles = db.class_kind is not None  # a class database: its trainees, not the teacher's own row
        run_in_background(
            self,
            lambda _job: class_members(db, only_roles=only_roles),
            done=self._show,
            failed=lambda error: failures.warn(self.window, self.tr("Could not read the class"), error),
            ended=self._read_done,
        )

    def _show(self, members: list[ClassMember]) -> None:
        if self.window is not None:
            self.window.set_members(members, how=self.watcher.how if self.watcher is not None else "poll")

    def _read_done(self) -> None:
        self._reading = False
        if self._again:
            self._again = False
            self.refresh()

    def close(self) -> None:
        """The window closes: stop watching (the listening thread ends, its connection is closed)."""
        if self.watcher is not None:
            self.watcher.stop()
        if self.window is not None:
            self.window.close()


def _try_class(connection: roles.ClassConnection) -> str:
    """Open the class database as the connection's role, to see that it works; its kind."""
    db = open_database(connection.url, password=connection.password)
    try:
        if db.class_kind not in (roles.KIND_TEACHER, roles.KIND_TRAINEE):
            raise UserError(
                "{database} is not a class database (or the role {role} is not in its class). Ask your teacher "
                "for a new connection file.",
                database=db.name,
                role=connection.role,
            )
        return db.class_kind
    finally:
        db.close()
