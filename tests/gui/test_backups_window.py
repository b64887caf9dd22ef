"""Backups in the window: back up now, restore from a backup (listed by date and claim count), the
day's backup in the background, the backup when the window closes, and the way out offered when
the library is damaged at start."""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from claimmark.core.claims import Tag
from claimmark.core.reader import operations as ops
from claimmark.core.reader.workspace import Workspace
from claimmark.core.storage import backups, files, open_database
from claimmark.gui.app import create_window
from claimmark.gui.common.menus import Section
from claimmark.gui.library.backups import BackupActions, RescueDialog, RestoreDialog
from claimmark.gui.reader.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
WAIT_MS = 30_000


def backup_actions(window: MainWindow) -> BackupActions:
    found = window.findChild(BackupActions, "backupActions")
    assert found is not None
    return found


def tag(window: MainWindow, words: str, note: str) -> None:
    text = window.view.text
    start = text.index(words)
    assert window.opened is not None
    window.edit(ops.AddClaim(window.opened.claim_set_id, start, start + len(words), Tag.ESTIMATED, note=note))


def notes(window: MainWindow) -> list[str]:
    return [c.note for c in window.claims]


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> list[QMessageBox.StandardButton]:
    """Questions are answered from this list (Yes when it is empty); other boxes are recorded away."""
    given: list[QMessageBox.StandardButton] = []
    monkeypatch.setattr(
        QMessageBox,
        "exec",
        lambda box: (
            (given.pop(0) if given else QMessageBox.StandardButton.Yes)
            if box.property("kind") == "question"
            else QMessageBox.StandardButton.Ok
        ),
    )
    return given


def test_back_up_now_then_restore_from_the_file_menu(qtbot, open_window, tmp_path, answers) -> None:
    path = tmp_path / "lib.sqlite3"
    window = open_window(str(path), pipeline=None)
    tag(window, "about 600", "kept")
    actions = backup_actions(window)
    assert window.menus.actions(Section.FILE_BACKUP) == [actions.backup_action, actions.restore_action]
    job = actions.back_up_now()
    assert job is not None
    qtbot.waitUntil(lambda: not job.running, timeout=WAIT_MS)
    made_now = backups.list_backups(path)[0]
    assert made_now.articles == 1  # the sample: "1 article", never "1 articles"
    assert window.statusBar().currentMessage() == (
        f"Backed up: {made_now.claims:,} claims in 1 article, checked ({made_now.path.name})."
    )
    tag(window, "thousands", "a mistake")
    assert notes(window) == ["kept", "a mistake"]

    dialog = actions.restore_dialog()
    assert isinstance(dialog, RestoreDialog)
    made = [dialog.table.item(0, c).text() for c in range(dialog.table.columnCount())]
    newest = backups.list_backups(path)[0]
    assert made[0] == newest.made_at.astimezone().strftime("%Y-%m-%d %H:%M")
    assert made[1] == f"{newest.claims:,}" and made[4] == "made on request"
    job = dialog.restore_chosen()
    assert job is not None
    qtbot.waitUntil(lambda: actions.dialog is None, timeout=WAIT_MS)
    assert notes(window) == ["kept"]  # the window shows the library as restored
    assert "Restored the backup of" in window.statusBar().currentMessage()
    before = backups.list_backups(path)[0]
    assert before.reason == "restore" and before.claims == newest.claims + 1  # the mistake is kept, just in case


def test_the_days_backup_is_made_off_the_gui_thread_once_a_day(qtbot, open_window, tmp_path, monkeypatch) -> None:
    path = tmp_path / "lib.sqlite3"
    window = open_window(str(path), pipeline=None)
    threads: list[threading.Thread] = []
    real = backups.make_backup
    monkeypatch.setattr(
        backups, "make_backup", lambda *a, **k: threads.append(threading.current_thread()) or real(*a, **k)
    )
    actions = backup_actions(window)
    job = actions.daily()
    assert job is not None
    qtbot.waitUntil(lambda: not job.running, timeout=WAIT_MS)
    assert [b.reason for b in backups.list_backups(path)] == ["daily"]
    assert threads and threads[0] is not threading.main_thread()
    tag(window, "about 600", "an edit")
    job = actions.daily()
    assert job is not None
    qtbot.waitUntil(lambda: not job.running, timeout=WAIT_MS)
    assert len(backups.list_backups(path)) == 1  # not again the same day


def test_on_postgresql_the_window_names_the_servers_tools(qtbot, open_window, pg_url, monkeypatch) -> None:
    window = open_window(pg_url, pipeline=None)
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: said.append(box.text()) or QMessageBox.StandardButton.Ok)
    assert backup_actions(window).restore_dialog() is None
    assert backup_actions(window).back_up_now() is None
    assert len(said) == 2 and all("pg_dump --format=custom" in text for text in said)


CLOSING = textwrap.dedent(
    """
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from claimmark.gui.app import main
    from claimmark.gui.library import backups
    backups.DAILY_AFTER_MS = 10 * 60 * 1000  # this test is about the backup at close, not the daily one
    def close():
        # a loaded machine may take longer than any fixed delay to show the window: keep looking
        for widget in QApplication.topLevelWidgets():
            if widget.objectName() == "mainWindow" and widget.isVisible():
                QTimer.singleShot(1000, widget.close)
                return
        QTimer.singleShot(200, close)
    QTimer.singleShot(200, close)
    sys.exit(main(["--db", sys.argv[1], "--trainee", "kim"]))
    """
)


def test_closing_the_window_backs_up_a_library_that_changed(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite3"
    result = subprocess.run(
        [sys.executable, "-c", CLOSING, str(path)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    (made,) = backups.list_backups(path)
    assert made.reason == "close" and made.articles == 1  # the sample, made on the first start
    assert f"backed up {path} to {made.path}" in result.stderr


# ---------------------------------------------------------------- a damaged library at start
def damaged_library_with_a_backup(tmp_path: Path) -> Path:
    path = tmp_path / "lib.sqlite3"
    db = open_database(path)
    opened = Workspace(db, "kim").open_start()  # what the window opens first: the sample
    ops.run(db, ops.AddClaim(opened.claim_set_id, 0, 5, Tag.ESTIMATED, note="in the backup"))
    db.close()
    backups.make_backup(path, "manual")
    page = files.read_header(path).page_size
    with path.open("r+b") as fh:
        fh.seek(page)
        fh.write(os.urandom(page))
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_damaged_library_at_start_is_restored_from_the_newest_good_backup(qtbot, tmp_path, monkeypatch) -> None:
    path = damaged_library_with_a_backup(tmp_path)
    damaged = digest(path)
    offered: list[RescueDialog] = []

    def rescue(dialog: RescueDialog) -> int:
        offered.append(dialog)
        if len(offered) > 1:  # offered again: the restore did not put a sound library in place
            return QDialog.DialogCode.Rejected
        assert "is damaged" in dialog.findChild(type(dialog.status), "rescueText").text()
        job = dialog.restore_newest()
        assert job is not None
        qtbot.waitUntil(lambda: not job.running, timeout=WAIT_MS)
        return dialog.result()

    monkeypatch.setattr(RescueDialog, "exec", rescue)
    window = create_window(argparse.Namespace(db=str(path), trainee="kim", article=None))
    assert window is not None and len(offered) == 1
    qtbot.addWidget(window)
    try:
        assert notes(window) == ["in the backup"]
        (aside,) = backups.backup_folder(path).glob("replaced-*")
        assert digest(aside / "lib.sqlite3") == damaged  # the damaged library is kept, byte for byte
    finally:
        window.close()
        window.workspace.db.close()


def test_quitting_the_rescue_writes_nothing_and_opens_no_window(qtbot, tmp_path, monkeypatch) -> None:
    path = damaged_library_with_a_backup(tmp_path)
    before = {p.name: digest(p) for p in tmp_path.iterdir() if p.is_file() and not p.name.endswith("-shm")}
    shown: list[RescueDialog] = []
    monkeypatch.setattr(RescueDialog, "exec", lambda dialog: shown.append(dialog) or QDialog.DialogCode.Rejected)
    assert create_window(argparse.Namespace(db=str(path), trainee="kim", article=None)) is None
    assert len(shown) == 1
    after = {p.name: digest(p) for p in tmp_path.iterdir() if p.is_file() and not p.name.endswith("-shm")}
    assert after == before  # the library and its (empty) journal exactly as they were


def test_what_a_damaged_library_holds_can_be_saved_from_the_rescue(qtbot, tmp_path, monkeypatch) -> None:
    path = damaged_library_with_a_backup(tmp_path)
    damaged = digest(path)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Ok)

    def save(dialog: RescueDialog) -> int:
        job = dialog.save_to(tmp_path / "rescued.jsonl.gz")
        qtbot.waitUntil(lambda: not job.running, timeout=WAIT_MS)
        return QDialog.DialogCode.Rejected

    dialogs: list[RescueDialog] = []
    monkeypatch.setattr(RescueDialog, "exec", lambda dialog: dialogs.append(dialog) or save(dialog))
    assert create_window(argparse.Namespace(db=str(path), trainee="kim", article=None)) is None
    assert dialogs[0].saved is not None and dialogs[0].saved.total > 0
    assert (tmp_path / "rescued.jsonl.gz").stat().st_size > 0
    assert digest(path) == damaged


@pytest.mark.parametrize("answer", [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes], ids=["no", "yes"])
def test_an_empty_file_becomes_a_library_only_when_asked(qtbot, tmp_path, answers, answer) -> None:
    path = tmp_path / "empty.sqlite3"
    path.write_bytes(b"")
    answers.append(answer)
    window = create_window(argparse.Namespace(db=str(path), trainee="kim", article=None))
    if answer == QMessageBox.StandardButton.No:
        assert window is None and path.read_bytes() == b""
        return
    assert window is not None
    qtbot.addWidget(window)
    try:
        assert files.read_header(path).application_id == files.APPLICATION_ID
        assert window.opened is not None  # the sample, in the new library
    finally:
        window.close()
        window.workspace.db.close()


def test_exercise_and_key_files_are_read_off_the_gui_thread(qtbot, open_window, tmp_path, monkeypatch) -> None:
    """A 200,000-claim key took 18 s on the GUI thread: now the window stays with the person."""
    from claimmark.core import classroom as cr
    from claimmark.gui.classroom.controller import classroom_of

    window = open_window(str(tmp_path / "lib.sqlite3"), pipeline=None)
    sample = window.session.exercise
    assert sample is not None
    cr.export_exercise(window.workspace.db, sample.id, tmp_path / "sample.exercise.json")
    cr.export_key(window.workspace.db, sample.id, tmp_path / "sample.key.json")
    seen: list[str] = []
    for name in ("open_exercise_file", "import_key"):
        real = getattr(cr, name)
        monkeypatch.setattr(
            cr, name, lambda *a, _real=real, **k: seen.append(threading.current_thread().name) or _real(*a, **k)
        )
    classroom = classroom_of(window)
    classroom.open_exercise_path(tmp_path / "sample.exercise.json")
    qtbot.waitUntil(lambda: not classroom.busy, timeout=WAIT_MS)
    classroom.import_key_path(tmp_path / "sample.key.json")
    qtbot.waitUntil(lambda: not classroom.busy, timeout=WAIT_MS)
    assert len(seen) == 2 and threading.main_thread().name not in seen
