"""The menu bar from a fixed registry of menus and sections (as napari's and Spyder's menus by id).

Every feature adds its actions to a named menu and section (``MenuBar.add(Menu.FILE,
Section.FILE_ARTICLES, action)``); where an action appears follows from the registry below,
never from which feature was installed first.  Sections are separated by a line; a section with
no visible action shows none (Qt collapses the separators around it).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar


class Menu(StrEnum):
    FILE = "file"
    EDIT = "edit"
    VIEW = "view"
    ARTICLE = "article"
    EXERCISE = "exercise"
    HELP = "help"


class Section(StrEnum):
    FILE_EXERCISE = "file.exercise"
    """Open an exercise file, submit."""
    FILE_SAMPLE = "file.sample"
    FILE_ARTICLES = "file.articles"
    """Import, paste, the library."""
    FILE_EXPORT = "file.export"
    FILE_BACKUP = "file.backup"
    """Back up now, restore from a backup."""
    FILE_PROFILE = "file.profile"
    """Your name."""
    FILE_QUIT = "file.quit"
    EDIT_UNDO = "edit.undo"
    EDIT_CLIPBOARD = "edit.clipboard"
    EDIT_TAG = "edit.tag"
    EDIT_SETTINGS = "edit.settings"
    VIEW_SHOW = "view.show"
    VIEW_FOCUS = "view.focus"
    VIEW_MODE = "view.mode"
    ARTICLE_DETAILS = "article.details"
    EXERCISE_TRAINEE = "exercise.trainee"
    """Feedback, edit again, import the key."""
    EXERCISE_TEACHER = "exercise.teacher"
    HELP_MAIN = "help.main"


def _tr(text: str) -> str:
    return QCoreApplication.translate("Menus", text)


# (menu, its title, its sections in order), in menu-bar order
REGISTRY: tuple[tuple[Menu, str, tuple[Section, ...]], ...] = (
    (Menu.FILE, "&File", (Section.FILE_EXERCISE, Section.FILE_SAMPLE, Section.FILE_ARTICLES, Section.FILE_EXPORT,
                          Section.FILE_BACKUP, Section.FILE_PROFILE, Section.FILE_QUIT)),
    (Menu.EDIT, "&Edit", (Section.EDIT_UNDO, Section.EDIT_CLIPBOARD, Section.EDIT_TAG, Section.EDIT_SETTINGS)),
    (Menu.VIEW, "&View", (Section.VIEW_SHOW, Section.VIEW_FOCUS, Section.VIEW_MODE)),
    (Menu.ARTICLE, "&Article", (Section.ARTICLE_DETAILS,)),
    (Menu.EXERCISE, "E&xercise", (Section.EXERCISE_TRAINEE, Section.EXERCISE_TEACHER)),
    (Menu.HELP, "&Help", (Section.HELP_MAIN,)),
)  # fmt: skip


class MenuBar:
    """Builds a window's menus from :data:`REGISTRY` and places actions by section."""

    def __init__(self, bar: QMenuBar) -> None:
        self.bar = bar
        self.menus: dict[Menu, QMenu] = {}
        self._sections: dict[Menu, tuple[Section, ...]] = {}
        self._actions: dict[Section, list[QAction]] = {}
        self._separators: dict[Menu, list[QAction]] = {}
        for menu_id, title, sections in REGISTRY:
            menu = bar.addMenu(_tr(title))
            menu.setObjectName(f"{menu_id.value}Menu")
            menu.setSeparatorsCollapsible(True)
            self.menus[menu_id] = menu
            self._sections[menu_id] = sections
            for section in sections:
                self._actions[section] = []
            menu.menuAction().setVisible(False)
        self._menu_of = {section: menu_id for menu_id, sections in self._sections.items() for section in sections}

    def add(self, section: Section, *actions: QAction) -> None:
        """Put ``actions`` at the end of ``section`` (in its menu, after the sections before it)."""
        self._actions[section].extend(actions)
        self._lay_out(self._menu_of[section])

    def menu(self, menu_id: Menu) -> QMenu:
        return self.menus[menu_id]

    def actions(self, section: Section) -> list[QAction]:
        return list(self._actions[section])

    def _lay_out(self, menu_id: Menu) -> None:
        menu = self.menus[menu_id]
        # not QMenu.clear(): it deletes some actions that belong to others (QUndoStack's)
        for action in menu.actions():
            menu.removeAction(action)
        for separator in self._separators.pop(menu_id, []):
            separator.deleteLater()
        first = True
        for section in self._sections[menu_id]:
            actions = self._actions[section]
            if not actions:
                continue
            if not first:
                self._separators.setdefault(menu_id, []).append(menu.addSeparator())
            menu.addActions(actions)
            first = False
        menu.menuAction().setVisible(not first)  # a menu no installed feature uses is not shown


def make_action(
    parent: QObject,
    text: str,
    slot: Callable[[], object],
    *,
    shortcut: str | QKeySequence | QKeySequence.StandardKey | None = None,
    tip: str = "",
) -> QAction:
    """An action for a menu or toolbar: its text, what it does, its keys, and a tip for the status bar.

    A toolbar button's tooltip names the action and its keys ("Submit (Ctrl+Shift+S)").
    """
    action = QAction(text, parent)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    label = text.replace("&", "").rstrip("…")
    if tip:
        action.setStatusTip(tip)
    action.setToolTip(f"{label} ({keys})" if keys else tip or label)
    action.triggered.connect(lambda _checked=False: slot())
    return action
