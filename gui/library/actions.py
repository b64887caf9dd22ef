"""The library in the window: import (menu, drag and drop, paste), browse, open, delete, edit details.

``LibraryActions(host)`` adds, through the :class:`claimmark.gui.common.host.Host` interface:

* File > Import articles… (Ctrl+I), File > Paste as new article (Ctrl+Shift+V),
  File > Library… (Ctrl+L); article files dropped on the window or given on the command line
  are imported too (the host routes files by kind);
* Article > Edit details… (Ctrl+Shift+D), Article > Show original text and repairs… (Ctrl+Shift+O).

Slots stay one-liners over ``core.library``; the import flow lives in ``gui.library.importer``,
its review step in ``gui.library.review``.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog

from claimmark.core import library
from claimmark.core.importing import file_patterns
from claimmark.core.reader.session import ReaderSession
from claimmark.core.reader.workspace import Opened
from claimmark.core.storage.engine import Database
from claimmark.gui.common import file_dialogs, plain
from claimmark.gui.common.failures import reported
from claimmark.gui.common.file_dialogs import FileKind
from claimmark.gui.common.host import Host
from claimmark.gui.common.menus import Section, make_action
from claimmark.gui.library.dialog import LibraryDialog, claims_said
from claimmark.gui.library.importer import Importer
from claimmark.gui.library.metadata_dialog import MetadataDialog
from claimmark.gui.library.text_dialog import TextEditDialog


class LibraryActions(QObject):
    """Menu actions, file routing and paste for one main window."""

    def __init__(self, host: Host) -> None:
        super().__init__(host.widget())
        self.setObjectName("libraryActions")
        self.host = host
        self.importer = Importer(host, self.open_article)
        self.importer.articleImported.connect(lambda _id: self._refresh_library())
        self.library: LibraryDialog | None = None
        self.details: MetadataDialog | None = None
        self._build_actions()
        host.handle_files("article", self.importer.import_paths)
        host.events.filesComing.connect(self.importer.get_ready)
        host.events.closing.connect(self.importer.shutdown)

    @property
    def db(self) -> Database:
        return self.host.session.workspace.db

    def _build_actions(self) -> None:
        parent = self.host.widget()
        self.import_action = make_action(
            parent,
            self.tr("&Import articles…"),
            self.import_files,
            shortcut="Ctrl+I",
            tip=self.tr("Add .txt, .md or .html articles to the library"),
        )
        self.paste_action = make_action(
            parent,
            self.tr("&Paste as new article"),
            self.paste_article,
            shortcut="Ctrl+Shift+V",
            tip=self.tr("Make a new article from the text on the clipboard"),
        )
        self.library_action = make_action(
            parent,
            self.tr("&Library…"),
            self.show_library,
            shortcut="Ctrl+L",
            tip=self.tr("Search, open and delete articles"),
        )
        self.details_action = make_action(
            parent,
            self.tr("Edit &details…"),
            self.edit_details,
            shortcut="Ctrl+Shift+D",
            tip=self.tr("Title, outlet, author, date and address of this article"),
        )
        self.edit_text_action = make_action(
            parent,
            self.tr("Edit &text…"),
            self.edit_text,
            tip=self.tr(
                "Change the article's text: a missed space, a stray line, a typo; claims move with their words"
            ),
        )
        self.original_action = make_action(
            parent,
            self.tr("Show &original text and repairs…"),
            self.show_original,
            shortcut="Ctrl+Shift+O",
            tip=self.tr("The text as it was imported, and the spaces inserted"),
        )
        self.host.add_actions(Section.FILE_ARTICLES, self.import_action, self.paste_action, self.library_action)
        self.host.add_actions(Section.ARTICLE_DETAILS, self.details_action, self.edit_text_action, self.original_action)
        self.host.events.stateChanged.connect(self._update_actions)

    # ---------------------------------------------------------------- importing
    def import_files(self) -> None:
        """File > Import articles…: choose files, then import them in the background."""
        self.importer.get_ready()  # while the user picks the files
        settings = self.host.settings
        patterns = file_patterns()
        paths = file_dialogs.open_files(
            self.host.widget(),
            settings,
            FileKind.IMPORT,
            self.tr("Import articles"),
            self.tr("Articles ({0});;All files (*)").format(patterns),
            many=True,
        )
        if paths:
            settings.remember_import(paths[0])
            self.host.open_files(paths)

    def paste_article(self) -> None:
        """File > Paste as new article: the clipboard's text becomes an article."""
        self.importer.import_text(QGuiApplication.clipboard().text())

    # ---------------------------------------------------------------- library
    def show_library(self) -> None:
        """File > Library…: the article list, searched and refreshed each time it is shown."""
        if self.library is None:
            self.library = LibraryDialog(self.db, self.host.widget())
            self.library.openRequested.connect(self.open_article)
            self.library.deleteRequested.connect(self.delete_article)
        self.library.current_id = self._open_id()
        if not self.library.isVisible():  # a new look: last time's search is not kept
            self.library.search.clear()
            self.library.reset_search()
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
        article = self.host.session.article
        return article.id if article is not None else None

    def open_article(self, article_id: int) -> None:
        """Open an article from the library, which then closes: the article is what was wanted."""
        if self.host.open(lambda session: session.open_article(article_id)) and self.library is not None:
            self.library.close()
            self.host.widget().activateWindow()
        else:
            self._refresh_library()

    def delete_article(self, article_id: int) -> None:
        """Delete after a confirmation that says how many claims go with the article."""
        parent = self.library if self.library is not None and self.library.isVisible() else self.host.widget()
        info = library.deletion_info(self.db, article_id)
        if info is None:
            self._refresh_library()
            return
        article, claims = info
        question = self.tr("Delete “{0}” from the library?").format(article.title or self.tr("Untitled article"))
        if claims:
            keys = library.key_claims(self.db, article_id)
            consequence = self.tr("Its {0} will be deleted with it, and any exercise built on it.").format(
                claims_said(claims - keys, keys)
            )
        else:
            consequence = self.tr("It has no claims yet.")
        text = f"{question}\n\n{consequence}\n\n{self.tr('This cannot be undone.')}"
        if not plain.ask(parent, self.tr("Delete article"), text, default_yes=False):
            return
        with reported(parent, self.tr("Could not delete"), database=self.db.name) as outcome:
            library.delete_article(self.db, article_id)
        if outcome.failed:
            return
        if self._open_id() == article_id:
            self._open_after_delete()
        self.host.status(self.tr("Deleted “{0}”.").format(article.title), 6000)
        self._refresh_library()

    def _open_after_delete(self) -> None:
        """The open article is gone: show the newest one left, else the sample exercise."""
        remaining = library.article_after_delete(self.db)

        def reopen(session: ReaderSession) -> Opened:
            return session.open_article(remaining) if remaining is not None else session.open_sample()

        self.host.open(reopen)

    # ---------------------------------------------------------------- details
    def edit_details(self, *, repairs: bool = False) -> None:
        """Article > Edit details…: a dialog; Save stores the details in one transaction."""
        article = self.host.session.article
        if article is None:
            return
        dialog = MetadataDialog(article, self.host.widget())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.save_details(article.id, dialog.details()))
        dialog.finished.connect(lambda _result: setattr(self, "details", None))
        if repairs:
            dialog.show_repairs()
        self.details = dialog
        dialog.open()

    def _update_actions(self) -> None:
        self.edit_text_action.setEnabled(self.host.session.permissions.edit_text)

    def edit_text(self) -> None:
        """Article > Edit text…: the text in an editor; Save makes one undoable edit of it."""
        session = self.host.session
        article = session.article
        if article is None:
            return
        if not session.permissions.edit_text:
            self.host.status(self.tr("An exercise's text is the teacher's: only teacher mode changes it."))
            return
        self.host.flush_edits()
        dialog = TextEditDialog(article.text, exercise=session.exercise is not None, parent=self.host.widget())
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        op = session.edit_text(dialog.text())
        if op is None:
            self.host.status(self.tr("The text is as it was: nothing to change."))
            return
        self.host.edit(op)

    def show_original(self) -> None:
        """Article > Show original text and repairs…"""
        self.edit_details(repairs=True)

    def save_details(self, article_id: int, fields: dict[str, str]) -> None:
        with reported(self.host.widget(), self.tr("Details not saved"), database=self.db.name) as outcome:
            article = library.update_details(self.db, article_id, **fields)
        if outcome.failed:
            return
        self.host.session.update_article(article)
        self.host.refresh_state()  # the title
        self.host.status(self.tr("Details saved."), 4000)
        self._refresh_library()


def library_of(window: QObject) -> LibraryActions:
    """The library actions installed on a window."""
    found = window.findChild(LibraryActions, "libraryActions")
    if found is None:
        raise LookupError("no library actions are installed on this window")
    return found
