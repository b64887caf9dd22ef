"""Issue 14, dialogs: every file dialog starts in the documents folder or the folder last used for
its kind of file, is wide enough to read long names, and a second submission asks before it
replaces the first one's file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from claimmark.core import classroom as cr
from claimmark.gui.classroom.submit_dialog import SubmitDialog
from claimmark.gui.common import file_dialogs
from claimmark.gui.common.file_dialogs import FileKind
from claimmark.gui.common.settings import Settings


class Answers:
    """Stands in for the person at each file dialog: records where it started and how big it
    was, and picks ``path`` (or cancels when there is none)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.path: str | None = None
        self.seen: list[tuple[str, int, str]] = []  # (start folder, width, title)

        def run(dialog: QFileDialog) -> int:
            self.seen.append((dialog.directory().absolutePath(), dialog.width(), dialog.windowTitle()))
            if self.path is None:
                return QDialog.DialogCode.Rejected
            dialog.selectFile(self.path)
            return QDialog.DialogCode.Accepted

        monkeypatch.setattr(QFileDialog, "exec", run)


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Answers:
    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.setattr(file_dialogs, "documents_folder", lambda: str(documents))
    return Answers(monkeypatch)


def test_the_documents_folder_is_a_real_folder_of_the_users() -> None:
    folder = file_dialogs.documents_folder()
    assert Path(folder).is_dir()
    assert folder in (
        QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation),
        str(Path.home()),
    )


def test_each_kind_of_file_starts_in_documents_then_in_its_own_last_folder(answers, tmp_path: Path) -> None:
    settings = Settings()
    documents = str(tmp_path / "Documents")
    pdfs, claims = tmp_path / "reports", tmp_path / "exports"
    pdfs.mkdir()
    claims.mkdir()
    answers.path = str(pdfs / "debrief.pdf")
    assert file_dialogs.save_file(None, settings, FileKind.PDF, "Save as PDF", "debrief.pdf", "PDF (*.pdf)") == str(
        pdfs / "debrief.pdf"
    )
    answers.path = str(claims / "claims.jsonl")
    file_dialogs.save_file(None, settings, FileKind.CLAIMS, "Export claims", "claims.jsonl", "*.jsonl")
    answers.path = None  # cancelled: nothing remembered
    for kind in (FileKind.PDF, FileKind.CLAIMS, FileKind.SUBMISSION, FileKind.IMPORT):
        file_dialogs.save_file(None, settings, kind, "again", "x", "*")
    starts = [folder for folder, _width, _title in answers.seen]
    assert starts[:2] == [documents, documents]  # never the program's own folder
    assert starts[2:] == [str(pdfs), str(claims), documents, documents]  # each kind its own folder
    assert all(width >= 900 for _folder, width, _title in answers.seen)


def test_opening_remembers_the_folder_for_its_kind_only(answers, tmp_path: Path) -> None:
    settings = Settings()
    folder = tmp_path / "handouts"
    folder.mkdir()
    exercise = folder / "crowds.exercise.json"
    exercise.write_text("{}", encoding="utf-8")
    answers.path = str(exercise)
    assert file_dialogs.open_file(None, settings, FileKind.EXERCISE, "Open", "*.json") == str(exercise)
    answers.path = None
    file_dialogs.open_file(None, settings, FileKind.EXERCISE, "Open", "*.json")
    file_dialogs.open_file(None, settings, FileKind.KEY, "Key", "*.json")
    assert [start for start, _w, _t in answers.seen[1:]] == [str(folder), str(tmp_path / "Documents")]


def test_export_claims_goes_through_the_remembered_folder(qtbot, open_window, answers, tmp_path: Path) -> None:
    window = open_window(pipeline=None)
    out = tmp_path / "mine"
    out.mkdir()
    answers.path = str(out / "claims.csv")
    window.export_dialog()
    assert (out / "claims.csv").is_file()
    answers.path = None
    window.export_dialog()
    assert answers.seen[0][0] == str(tmp_path / "Documents") and answers.seen[1][0] == str(out)


def make_submit_dialog(tmp_path: Path) -> SubmitDialog:
    return SubmitDialog(
        exercise_title="Crowds",
        trainee="ana",
        summary="3",
        folder=str(tmp_path),
        file_name=lambda name: cr.suggested_file_name("Crowds", "submission", name),
        save_file=True,
    )


@pytest.mark.parametrize("answer", [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
def test_submitting_again_asks_before_replacing_the_earlier_file(qtbot, tmp_path, monkeypatch, answer) -> None:
    asked: list[str] = []

    def reply(box: QMessageBox) -> QMessageBox.StandardButton:
        asked.append(box.text())
        return answer

    monkeypatch.setattr(QMessageBox, "exec", reply)
    dialog = make_submit_dialog(tmp_path)
    qtbot.addWidget(dialog)
    dialog.accept()  # no file there yet: nothing asked
    assert asked == [] and dialog.result() == QDialog.DialogCode.Accepted
    path = dialog.path()
    assert path is not None
    path.write_text("{}", encoding="utf-8")
    again = make_submit_dialog(tmp_path)
    qtbot.addWidget(again)
    again.setResult(QDialog.DialogCode.Rejected)
    again.accept()
    assert len(asked) == 1 and str(path) in asked[0] and "Replace it" in asked[0]
    replaced = again.result() == QDialog.DialogCode.Accepted
    assert replaced == (answer == QMessageBox.StandardButton.Yes)
