"""Every file dialog, started where the user keeps that kind of file, big enough to read names.

Each kind of file (articles to import, exercise files, answer keys, submissions, exported
claims, PDFs, ...) remembers its own folder; the first time, a dialog starts in the user's
documents folder (never the program's own working folder, which Qt's default gives).  The
dialog opens wide, in the detail view, so two long file names that differ near their end
("ebola-case-in-glasgow-....ana.submission.json" and "...ben.submission.json") both read in
full.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from claimmark.gui.common.settings import Settings

DIALOG_SIZE = (980, 620)


class FileKind(StrEnum):
    """A kind of file with a folder of its own (the value is its settings key)."""

    IMPORT = "import"
    EXERCISE = "exercise"
    KEY = "key"
    SUBMISSION = "submission"
    SUBMISSIONS = "submissions"
    HANDOUT = "handout"
    CLAIMS = "claims"
    PDF = "pdf"
    GRADES = "grades"
    RESCUE = "rescue"


def documents_folder() -> str:
    """The user's documents folder (their home folder where there is none)."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return documents
    return str(Path.home())


def start_folder(settings: Settings, kind: FileKind) -> str:
    """Where a dialog for ``kind`` starts: the folder last used for it if it is still there."""
    folder = settings.folder(kind.value)
    return folder if folder and Path(folder).is_dir() else documents_folder()


def _dialog(parent: QWidget | None, caption: str, folder: str, filters: str) -> QFileDialog:
    dialog = QFileDialog(parent, caption, folder, filters)
    dialog.setObjectName("fileDialog")
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    dialog.resize(*DIALOG_SIZE)
    return dialog


def _chosen(dialog: QFileDialog) -> list[str]:
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return []
        return [path for path in dialog.selectedFiles() if path]
    finally:
        dialog.deleteLater()


def open_files(
    parent: QWidget | None, settings: Settings, kind: FileKind, caption: str, filters: str, *, many: bool = False
) -> list[str]:
    """Files to open (one unless ``many``); their folder is remembered for ``kind``."""
    dialog = _dialog(parent, caption, start_folder(settings, kind), filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles if many else QFileDialog.FileMode.ExistingFile)
    paths = _chosen(dialog)
    if paths:
        settings.remember_folder(kind.value, paths[0])
    return paths if many else paths[:1]


def open_file(parent: QWidget | None, settings: Settings, kind: FileKind, caption: str, filters: str) -> str:
    paths = open_files(parent, settings, kind, caption, filters)
    return paths[0] if paths else ""


def save_file(
    parent: QWidget | None,
    settings: Settings,
    kind: FileKind,
    caption: str,
    name: str,
    filters: str,
    *,
    folder: str = "",
) -> str:
    """Where to save a file of ``kind`` suggested as ``name`` ('' if cancelled); the dialog asks
    before replacing a file, and the folder is remembered."""
    dialog = _dialog(parent, caption, folder or start_folder(settings, kind), filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.selectFile(name)
    paths = _chosen(dialog)
    if paths:
        settings.remember_folder(kind.value, paths[0])
    return paths[0] if paths else ""
