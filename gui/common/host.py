"""The narrow interface that the window's features (library, classroom) talk to.

A feature controller gets a :class:`Host` and nothing else of the window: it reads the open
article from ``host.session`` (a Qt-free ``ReaderSession``), opens another with ``host.open``,
puts its actions into named menus and sections, says things in the status bar, asks and warns,
and hears through ``host.events`` when an article opened or its state changed.  It never reaches
a widget of the window, so the window can change without breaking the features, and a feature
can be tested against a small fake host.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QToolBar, QWidget

from claimmark.core.classroom.trainee_feedback import Feedback
from claimmark.core.reader.cues import ReadingCues
from claimmark.core.reader.operations import Operation
from claimmark.core.reader.session import ReaderSession
from claimmark.core.reader.workspace import Opened
from claimmark.gui.common.menus import Section
from claimmark.gui.common.settings import Settings

FileHandler = Callable[[list[str]], None]
"""Takes the files of one kind given to the window (opened, dropped, on the command line)."""


class HostEvents(QObject):
    opened = Signal()
    """Another article (or the same one in another mode) is shown."""
    stateChanged = Signal()
    """The open claims' permissions changed (submitted, edit again, a key arrived, mode)."""
    filesComing = Signal()
    """Files are being chosen or dragged over the window: slow set-up may start now."""
    cuesFound = Signal()
    """The open article's reading cues were found (an open feedback window can name them now)."""
    closing = Signal()
    """The window is closing: stop background work."""


class Host(Protocol):
    """What the window offers its features (see the module notes)."""

    session: ReaderSession
    settings: Settings
    events: HostEvents

    def widget(self) -> QWidget:
        """The parent for the feature's dialogs and windows."""
        ...

    def reading_cues_of(self, text_hash: str) -> ReadingCues | None:
        """A text's reading cues, the open article's or cached (None when never found)."""
        ...

    def cue_cache_key(self) -> tuple[str, str] | None:
        """The name and version reading cues are cached under (None: no language model)."""
        ...

    def feedback_cues(self, feedback: Feedback) -> dict[int, str]:
        """The cues in each missed or mistagged key claim of ``feedback`` (by item), named."""
        ...

    def open(self, how: Callable[[ReaderSession], Opened | None]) -> bool:
        """Open through the session (``lambda s: s.open_exercise(7)``) and show it; a failure is
        reported, and False returned."""
        ...

    def reload(self) -> None:
        """Read everything again from the database (after a restore put another state of it in
        place): the same trainee, opened where they left off."""
        ...

    def refresh_state(self) -> None:
        """Read the open claims' state again and apply it (locks, actions, banner)."""
        ...

    def edit(self, op: Operation) -> None:
        """Make an undoable edit of the open article (committed at once, on the Edit menu's undo)."""
        ...

    def flush_edits(self) -> None:
        """Save a note or source still being typed (before a step that reads the claims)."""
        ...

    def status(self, text: str, timeout_ms: int = 8000) -> None: ...

    def warn(self, title: str, text: str) -> None: ...

    def ask(self, title: str, text: str) -> bool:
        """A yes/no question; True for yes."""
        ...

    def add_actions(self, section: Section, *actions: QAction) -> None:
        """Put actions at the end of a menu section (``claimmark.gui.common.menus``)."""
        ...

    def add_toolbar(self, name: str, title: str, actions: Sequence[QAction]) -> QToolBar: ...

    def add_status_widget(self, widget: QWidget) -> None:
        """A widget at the right of the status bar (a busy indicator, the mode)."""
        ...

    def handle_files(self, kind: str, handler: FileHandler) -> None:
        """Take the files of one kind ("article", "exercise", "key", "submission")."""
        ...

    def open_files(self, paths: Sequence[str]) -> None:
        """Give files to whichever feature takes their kind."""
        ...
