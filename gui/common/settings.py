"""The window's preferences, typed, in one place (Qt's settings store underneath).

Work never lives here (that is the database); only how the window looks and what it remembers
for convenience: its size, hidden entity kinds, whether the reading cues show, teacher mode, the folders last used, the
exercise last open.  The keys are those earlier versions wrote, so preferences carry over.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings


class Settings:
    GEOMETRY = "window/geometry"
    HIDDEN_LABELS = "entities/hidden"
    TEACHER_MODE = "classroom/teacher_mode"
    CLASSROOM_FOLDER = "classroom/folder"
    IMPORT_FOLDER = "import/folder"
    LAST_EXERCISE = "classroom/last_exercise"
    PRACTICE_AT_START = "practice/at_start"
    TAG_KEYS = "keyboard/tag_keys"
    FOLDERS = "folders"
    ZOOM = "reader/zoom"
    READING_CUES = "reader/reading_cues"

    def __init__(self, store: QSettings | None = None) -> None:
        self._store = store

    @property
    def store(self) -> QSettings:
        # a fresh QSettings each time by default: it follows the application's names and the
        # default format, which tests set after the window is made
        return self._store if self._store is not None else QSettings()

    # ------------------------------------------------------------------ window
    @property
    def geometry(self) -> QByteArray | None:
        value = self.store.value(self.GEOMETRY)
        return value if isinstance(value, QByteArray) else None

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self.store.setValue(self.GEOMETRY, value)

    @property
    def hidden_labels(self) -> set[str]:
        """Entity kinds the legend hides."""
        value = self.store.value(self.HIDDEN_LABELS, [])
        if isinstance(value, str):  # one value comes back as a plain string
            return {value} if value else set()
        return {str(v) for v in value} if isinstance(value, list) else set()

    @hidden_labels.setter
    def hidden_labels(self, labels: set[str]) -> None:
        self.store.setValue(self.HIDDEN_LABELS, sorted(labels))

    @property
    def tag_keys(self) -> str:
        """Which keys tag the selection: "plain" (1, 2, 3), "ctrl" (Ctrl+1, ...) or "off"."""
        value = str(self.store.value(self.TAG_KEYS, "plain") or "plain")
        return value if value in ("plain", "ctrl", "off") else "plain"

    @tag_keys.setter
    def tag_keys(self, value: str) -> None:
        self.store.setValue(self.TAG_KEYS, value)

    @property
    def zoom(self) -> int:
        """The article's text size in percent (100 at first)."""
        try:
            return int(str(self.store.value(self.ZOOM, 100)))
        except (TypeError, ValueError):  # a hand-edited settings file
            return 100

    @zoom.setter
    def zoom(self, percent: int) -> None:
        self.store.setValue(self.ZOOM, int(percent))

    @property
    def reading_cues(self) -> bool:
        """Whether View > Reading cues is on (it decides on a learner's own articles; on at first)."""
        return bool(self.store.value(self.READING_CUES, True, type=bool))

    @reading_cues.setter
    def reading_cues(self, on: bool) -> None:
        self.store.setValue(self.READING_CUES, on)

    # ------------------------------------------------------------------ classroom
    @property
    def teacher_mode(self) -> bool:
        return bool(self.store.value(self.TEACHER_MODE, False, type=bool))

    @teacher_mode.setter
    def teacher_mode(self, on: bool) -> None:
        self.store.setValue(self.TEACHER_MODE, on)

    @property
    def classroom_folder(self) -> str:
        """Where exercise, key and submission files were last opened or saved ('' at first)."""
        return str(self.store.value(self.CLASSROOM_FOLDER, "") or "")

    def remember_classroom_file(self, path: str | Path) -> None:
        self.store.setValue(self.CLASSROOM_FOLDER, str(Path(path).parent))

    def _exercise_key(self, database: str, trainee: str) -> str:
        who = f"{database}\n{trainee}".encode()
        return f"{self.LAST_EXERCISE}/{hashlib.sha1(who).hexdigest()[:16]}"

    def last_exercise(self, database: str, trainee: str) -> str:
        """The uid of the exercise this trainee last had open on this database ('' if none)."""
        return str(self.store.value(self._exercise_key(database, trainee), "") or "")

    def set_last_exercise(self, database: str, trainee: str, uid: str) -> None:
        self.store.setValue(self._exercise_key(database, trainee), uid)

    @property
    def practice_at_start(self) -> bool:
        """Whether the practice view opens at start (for a learner working alone; on at first)."""
        return bool(self.store.value(self.PRACTICE_AT_START, True, type=bool))

    @practice_at_start.setter
    def practice_at_start(self, on: bool) -> None:
        self.store.setValue(self.PRACTICE_AT_START, on)

    # ------------------------------------------------------------------ folders
    def folder(self, kind: str) -> str:
        """The folder a kind of file was last opened from or saved to ('' at first); the import
        and classroom folders earlier versions kept count for their kinds."""
        value = str(self.store.value(f"{self.FOLDERS}/{kind}", "") or "")
        if value:
            return value
        if kind == "import":
            return self.import_folder
        return self.classroom_folder if kind in ("exercise", "key", "submissions") else ""

    def remember_folder(self, kind: str, path: str | Path) -> None:
        self.store.setValue(f"{self.FOLDERS}/{kind}", str(Path(path).parent))

    # ------------------------------------------------------------------ library
    @property
    def import_folder(self) -> str:
        return str(self.store.value(self.IMPORT_FOLDER, "") or "")

    def remember_import(self, path: str | Path) -> None:
        self.store.setValue(self.IMPORT_FOLDER, str(Path(path).parent))
