"""The library in the window: import (menu, drag and drop, paste), browse, open, delete, edit details.

``install_library_actions(window)`` adds everything to a ``MainWindow``:

* File > Import articles… (Ctrl+I), File > Paste as new article (Ctrl+Shift+V),
  File > Library… (Ctrl+L); files dropped on the window are imported too.
* Article > Edit details… (Ctrl+Shift+D), Article > Show original text and repairs… (Ctrl+Shift+O).

Slots stay one-liners over ``core.library``; the import flow lives in ``gui.import_dialog``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    QObject,
    QSettings,
    Qt,
)
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QMenu,
    QMessageBox,
    QWidget,
)
from sqlalchemy.exc import SQLAlchemyError

from claimmark.core import library
from claimmark.core.classroom import classroom_file_kind
from claimmark.core.importing import file_patterns
from claimmark.core.storage.engine import Database
from claimmark.gui.library.import_dialog import Importer
from claimmark.gui.library.metadata_dialog import MetadataDialog

if TYPE_CHECKING:
    from claimmark.gui.reader.main_window import MainWindow

from claimmark.gui.library.dialog import LibraryDialog


class LibraryActions(QObject):
    """Menu actions, drag and drop and paste for one main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("libraryActions")
        self.window = window
        self.importer = Importer(window, lambda: self.window.workspace.db, self.open_article)
        self.importer.articleImported.connect(lambda _id: self._refresh_library())
        self.library: LibraryDialog | None = None
        self.details: MetadataDialog | None = None
        self._build_actions()
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    @property
    def db(self) -> Database:
        return self.window.workspace.db

    def _build_actions(self) -> None:
        window = self.window
        self.import_action = self._action(self.tr("&Import articles…"), "Ctrl+I", self.import_files)
        self.import_action.setStatusTip(self.tr("Add .txt, .md or .html articles to the library"))
        self.paste_action = self._action(self.tr("&Paste as new article"), "Ctrl+Shift+V", self.paste_article)
        self.paste_action.setStatusTip(self.tr("Make a new article from the text on the clipboard"))
        self.library_action = self._action(self.tr("&Library…"), "Ctrl+L", self.show_library)
        self.library_action.setStatusTip(self.tr("Search, open and delete articles"))
        file_menu: QMenu = window.file_menu
        mine = [self.import_action, self.paste_action, self.library_action]
        separators = [action for action in file_menu.actions() if action.isSeparator()]
        if separators:  # File: ..., ----, Import, Paste, Library, ----, Quit
            last = separators[-1]
            file_menu.insertSeparator(last)
            file_menu.insertActions(last, mine)
        else:
            file_menu.addSeparator()
            file_menu.addActions(mine)

        self.details_action = self._action(self.tr("Edit &details…"), "Ctrl+Shift+D", self.edit_details)
        self.details_action.setStatusTip(self.tr("Title, outlet, author, date and address of this article"))
        self.original_action = self._action(
            self.tr("Show &original text and repairs…"), "Ctrl+Shift+O", self.show_original
        )
        self.original_action.setStatusTip(self.tr("The text as it was imported, and the spaces inserted"))
        self.article_menu = QMenu(self.tr("&Article"), window)
        self.article_menu.setObjectName("articleMenu")
        self.article_menu.addAction(self.details_action)
        self.article_menu.addAction(self.original_action)
        menu_bar = window.menuBar()
        after_view = _action_after_menu_with(menu_bar.actions(), window.entities_action)
        if after_view is not None:
            menu_bar.insertMenu(after_view, self.article_menu)
        else:
            menu_bar.addMenu(self.article_menu)

    def _action(self, text: str, shortcut: str, slot) -> QAction:
        action = QAction(text, self.window)
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    # ---------------------------------------------------------------- importing
    def import_files(self) -> None:
        """File > Import articles…: choose files, then import them in the background."""
        self.importer.get_ready()  # while the user picks the files
        settings = QSettings()
        patterns = file_patterns()
        paths, _chosen = QFileDialog.getOpenFileNames(
            self.window,
            self.tr("Import articles"),
            str(settings.value("import/folder", "")),
            self.tr("Articles ({0});;All files (*)").format(patterns),
        )
        if paths:
            settings.setValue("import/folder", str(_parent_folder(paths[0])))
            self.open_paths(paths)

    def open_paths(self, paths: Sequence[str]) -> None:
        """Files given to the window: classroom files go to the classroom, the rest are imported."""
        articles: list[str] = []
        submissions: list[str] = []
        classroom = self.window.classroom
        for path in paths:
            kind = classroom_file_kind(path)
            if kind == "exercise":
                classroom.open_exercise_path(path)
            elif kind == "key":
                classroom.import_key_path(path)
            elif kind == "submission":
                submissions.append(path)
            else:
                articles.append(path)
        if submissions:
            classroom.teacher_actions.import_submissions(submissions)
        if articles:
            self.importer.import_paths(articles)

    def paste_article(self) -> None:
        """File > Paste as new article: the clipboard's text becomes an article."""
        self.importer.import_text(QGuiApplication.clipboard().text())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window:
            kind = event.type()
            if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and isinstance(
                event, QDragEnterEvent | QDropEvent
            ):
                if _local_paths(event):
                    event.acceptProposedAction()
                    if kind == QEvent.Type.DragEnter:
                        self.importer.get_ready()  # while the files are dragged to their drop
                    return True
            elif kind == QEvent.Type.Drop and isinstance(event, QDropEvent):
                paths = _local_paths(event)
                if paths:
                    event.acceptProposedAction()
                    self.open_paths(paths)
                    return True
            elif kind == QEvent.Type.Close:
                self.importer.shutdown()
        return False

    # ---------------------------------------------------------------- library
    def show_library(self) -> None:
        """File > Library…: the article list, searched and refreshed each time it is shown."""
        if self.library is None:
            self.library = LibraryDialog(self.db, self.window)
            self.library.openRequested.connect(self.open_article)
            self.library.deleteRequested.connect(self.delete_article)
        self.library.current_id = self._open_id()
        self.library.refresh()
        self.library.show()
        self.library.raise_()
        self.library.activateWindow()
        self.library.search.setFocus()

    def _refresh_library(self) -> None:
        if self.library is not None and self.library.isVisible():
            self.library.current_id = self._open_id()
            self.library.refresh()

    def _open_id(self) -> int | None:
        opened = self.window.opened
        return opened.article.id if opened is not None else None

    def open_article(self, article_id: int) -> None:
        try:
            self.window.open(self.window.workspace.open_article(article_id))
        except LookupError as err:
            QMessageBox.warning(self.window, self.tr("Not in the library"), str(err))
        except SQLAlchemyError as err:
            QMessageBox.critical(self.window, self.tr("Could not open"), str(getattr(err, "orig", err)))
        self._refresh_library()

    def delete_article(self, article_id: int) -> None:
        """Delete after a confirmation that says how many claims go with the article."""
        parent = self.library if self.library is not None and self.library.isVisible() else self.window
        info = library.deletion_info(self.db, article_id)
        if info is None:
            self._refresh_library()
            return
        article, claims = info
        question = self.tr("Delete “{0}” from the library?").format(article.title or self.tr("Untitled article"))
        if claims:
            consequence = (
                self.tr("1 claim made on it will be deleted with it")
                if claims == 1
                else self.tr("{0} claims made on it will be deleted with it").format(claims)
            ) + self.tr(" (everyone's work and any answer key), and any exercise built on it.")
        else:
            consequence = self.tr("It has no claims yet.")
        answer = QMessageBox.question(
            parent,
            self.tr("Delete article"),
            f"{question}\n\n{consequence}\n\n{self.tr('This cannot be undone.')}",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            library.delete_article(self.db, article_id)
        except SQLAlchemyError as err:
            QMessageBox.critical(parent, self.tr("Could not delete"), str(getattr(err, "orig", err)))
            return
        if self._open_id() == article_id:
            self._open_after_delete()
        self.window.statusBar().showMessage(self.tr("Deleted “{0}”.").format(article.title), 6000)
        self._refresh_library()

    def _open_after_delete(self) -> None:
        """The open article is gone: show the newest one left, else the sample exercise."""
        workspace = self.window.workspace
        remaining = library.article_after_delete(self.db)
        self.window.open(workspace.open_article(remaining) if remaining is not None else workspace.open_sample())

    # ---------------------------------------------------------------- details
    def edit_details(self, *, repairs: bool = False) -> None:
        """Article > Edit details…: a dialog; Save stores the details in one transaction."""
        opened = self.window.opened
        if opened is None or opened.article.id is None:
            return
        dialog = MetadataDialog(opened.article, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.save_details(opened.article.id, dialog.details()))
        dialog.finished.connect(lambda _result: setattr(self, "details", None))
        if repairs:
            dialog.show_repairs()
        self.details = dialog
        dialog.open()

    def show_original(self) -> None:
        """Article > Show original text and repairs…"""
        self.edit_details(repairs=True)

    def save_details(self, article_id: int | None, fields: dict[str, str]) -> None:
        if article_id is None:
            return
        try:
            article = library.update_details(self.db, article_id, **fields)
        except (LookupError, SQLAlchemyError) as err:
            QMessageBox.critical(
                self.window,
                self.tr("Details not saved"),
                self.tr("The details were not saved: {0}").format(getattr(err, "orig", err)),
            )
            return
        opened = self.window.opened
        if opened is not None and opened.article.id == article_id:
            opened.article = article
            self.window.refresh_title()
        self.window.statusBar().showMessage(self.tr("Details saved."), 4000)
        self._refresh_library()


def install_library_actions(window: MainWindow) -> LibraryActions:
    """Add import, paste, library and article-details actions (and drag and drop) to the window."""
    return LibraryActions(window)


def library_actions(window: QWidget) -> LibraryActions:
    """The window's ``LibraryActions`` (installed by ``install_library_actions``)."""
    found = window.findChild(LibraryActions, "libraryActions")
    if found is None:
        raise LookupError("install_library_actions() was not called for this window")
    return found


# ---------------------------------------------------------------------------------------------
# helpers


def _local_paths(event: QDragEnterEvent | QDropEvent) -> list[str]:
    mime = event.mimeData()
    if mime is None or not mime.hasUrls():
        return []
    return [url.toLocalFile() for url in mime.urls() if url.isLocalFile() and url.toLocalFile()]


def _action_after_menu_with(actions: list[QAction], member: QAction) -> QAction | None:
    """The menu-bar entry after the menu that holds ``member`` (None: append at the end)."""
    for i, action in enumerate(actions):
        menu = action.menu()
        if isinstance(menu, QMenu) and member in menu.actions():
            return actions[i + 1] if i + 1 < len(actions) else None
    return None


def _parent_folder(path: str) -> str:
    return str(Path(path).parent)
