"""Joining a class in the window (File > Join class…, Leave class), the live class view and the
debrief following the class as trainees work: on a real PostgreSQL class database (LISTEN/NOTIFY)
and on an SQLite library (a light poll)."""

from __future__ import annotations

import argparse
import re
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimmark.core import classroom as cr
from claimmark.core.claims import Tag
from claimmark.core.reader import operations as ops
from claimmark.core.reader.workspace import Workspace
from claimmark.core.storage import open_database, roles
from claimmark.core.storage import repository as repo
from claimmark.gui.classroom import live_class
from claimmark.gui.classroom.controller import classroom_of
from claimmark.gui.reader.main_window import MainWindow
from tests.class_db import ClassDatabase, class_database

TEXT = "The mayor said 300 new buses will run by May. Drivers doubt it. The budget, critics say, is too small."


@pytest.fixture(scope="module")
def klass(pg_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ClassDatabase]:
    with class_database(pg_server, tmp_path_factory.mktemp("class-files"), ["Alice", "Bob"]) as made:
        yield made


def window_on(qtbot, connection: roles.ClassConnection | None, *, db: str | None = None, trainee: str | None = None):
    from claimmark.gui.app import create_window

    args = argparse.Namespace(
        db=connection.url if connection else db,
        password=connection.password if connection else None,
        trainee=trainee,
        article=None,
        teacher=False,
        open_file=None,
    )
    window = create_window(args)
    if window is not None:
        qtbot.addWidget(window)
        window.show()
    return window


def close(window: MainWindow) -> None:
    window.close()
    window.workspace.db.close()
    window.deleteLater()


def test_join_class_keeps_the_file_private_and_opens_the_class(
    qtbot, open_window, klass: ClassDatabase, joined_class_file: Path
) -> None:
    from claimmark.gui.app import REPLACED, reopen

    window = open_window(pipeline=None)
    actions = classroom_of(window).class_actions
    assert actions.join_action.shortcut().toString() == "Ctrl+Shift+J"
    assert not actions.leave_action.isVisible()
    asked: list[tuple[str | None, str | None]] = []
    actions.reopen = lambda url, password: asked.append((url, password)) or True
    actions.join(str(klass.files["Alice"]))
    qtbot.waitUntil(lambda: bool(asked), timeout=10_000)
    connection = klass.connection("Alice")
    assert asked == [(connection.url, connection.password)]
    assert connection.password not in connection.url
    assert stat.S_IMODE(joined_class_file.stat().st_mode) == 0o600
    assert roles.joined_class() == connection
    assert actions.leave_action.isVisible() or not window.isVisible()
    # the real switch: a new window on the class, as Alice, the old one closed
    assert reopen(window, *asked[0])
    joined = REPLACED.pop(window)
    qtbot.addWidget(joined)
    try:
        assert joined.workspace.trainee_name == "Alice"
        assert joined.workspace.db.class_kind == "trainee"
        assert connection.password not in joined.windowTitle()
        assert not classroom_of(joined).mode_action.isChecked()
    finally:
        close(joined)


def test_leave_class_forgets_the_class_and_goes_back_to_the_library(qtbot, open_window, klass: ClassDatabase) -> None:
    roles.join_class(klass.files["Bob"])
    window = open_window(pipeline=None)
    actions = classroom_of(window).class_actions
    assert actions.leave_action.isVisible()
    asked: list[tuple[str | None, str | None]] = []
    actions.reopen = lambda url, password: asked.append((url, password)) or True
    actions.host.ask = lambda _title, _text: True  # type: ignore[method-assign]
    actions.leave_action.trigger()
    assert asked == [(None, None)], "the window opens again on the library"
    assert roles.joined_class() is None and not actions.leave_action.isVisible()


def test_a_file_that_is_no_connection_is_refused_with_a_message(qtbot, open_window, warnings, tmp_path) -> None:
    window = open_window(pipeline=None)
    bad = tmp_path / "bad.claimmark-class"
    bad.write_text("{}", encoding="utf-8")
    classroom_of(window).class_actions.join(str(bad))
    assert warnings and "not a class connection file" in warnings[0]
    assert not roles.joined_class_path().exists()


def test_working_as_another_trainee_is_a_message_not_a_window(qtbot, klass: ClassDatabase, warnings) -> None:
    window = window_on(qtbot, klass.connection("Alice"), trainee="bob")
    assert window is None
    assert warnings and "you work as Alice" in warnings[0] and "cannot work as bob" in warnings[0]
    assert klass.connection("Alice").password not in warnings[0]


def _teacher_window(qtbot, klass: ClassDatabase) -> MainWindow:
    window = window_on(qtbot, klass.connection("teacher"), trainee="Ms Tan")
    assert window is not None and window.workspace.db.class_kind == "teacher"
    classroom_of(window).set_teacher_mode(True)
    return window


def _row_of(table, name: str) -> list[str]:
    for row in range(table.rowCount()):
        if table.item(row, 0).text() == name:
            return [table.item(row, c).text() for c in range(table.columnCount())]
    return []


def test_the_live_class_view_follows_the_class_as_it_is_announced(qtbot, klass: ClassDatabase) -> None:
    window = _teacher_window(qtbot, klass)
    bob = klass.open("Bob")
    try:
        actions = classroom_of(window).class_actions
        assert actions.live_action.isVisible() and actions.live_action.shortcut().toString() == "Ctrl+Shift+L"
        actions.live_action.trigger()
        assert actions.window is not None
        table = actions.window.table
        qtbot.waitUntil(lambda: bool(_row_of(table, "Bob")), timeout=10_000)
        assert actions.watcher is not None and actions.watcher.listening
        before = int(_row_of(table, "Bob")[2])
        opened = Workspace(bob).open_sample()
        for start in (0, 4, 10):
            ops.run(bob, ops.AddClaim(opened.claim_set_id, start, start + 3, Tag.CONFIRMED))
        # announced: well before the safety poll (10 s) would have seen it
        qtbot.waitUntil(lambda: _row_of(table, "Bob")[2] == str(before + 3), timeout=live_class.SAFETY_POLL_MS - 2000)
        assert _row_of(table, "Bob")[1] != "not yet", "he joined"
        summary = actions.window.summary.text()
        assert "refreshes as trainees work" in summary
        counts = re.findall(r"(\d+) (?:of \d+ trainees? )?(has|have) (?:joined|submitted)", summary)
        assert len(counts) == 2, summary  # Bob alone (run by itself): "1 of 2 trainees has joined"
        assert all((verb == "has") == (n == "1") for n, verb in counts), summary
    finally:
        bob.close()
        close(window)


def test_the_debrief_follows_submissions_as_they_come(qtbot, klass: ClassDatabase) -> None:
    from claimmark.core.classroom.submissions import submit

    window = _teacher_window(qtbot, klass)
    db = window.workspace.db
    alice = klass.open("Alice")
    try:
        with db.write() as session:
            article_id = repo.add_article(TEXT, session=session, title="Buses").id
        assert article_id is not None
        exercise = cr.make_exercise(db, article_id, cr.ExerciseSettings("Buses"))
        ops.run(db, ops.AddClaim(cr.key_claim_set_id(db, exercise.id), 0, 40, Tag.UNVERIFIED))
        teacher = classroom_of(window).teacher_actions
        teacher.show_debrief(exercise.id)
        qtbot.waitUntil(lambda: teacher.debrief_open, timeout=20_000)
        assert teacher.debrief_window is not None and teacher.debrief_window.debrief is not None
        assert not teacher.debrief_window.debrief.rows
        opened = Workspace(alice).open_exercise(exercise.id)
        ops.run(alice, ops.AddClaim(opened.claim_set_id, 0, 40, Tag.UNVERIFIED))
        submit(alice, opened.claim_set_id, None)
        shown = teacher.debrief_window
        qtbot.waitUntil(lambda: bool(shown.debrief and shown.debrief.rows), timeout=live_class.SAFETY_POLL_MS - 2000)
        assert [row.trainee for row in shown.debrief.rows] == ["Alice"]
    finally:
        alice.close()
        if teacher.debrief_window is not None:
            teacher.debrief_window.close()
        close(window)


def test_on_a_library_the_live_class_view_polls(qtbot, open_window, tmp_path: Path) -> None:
    path = str(tmp_path / "class.sqlite3")
    window = open_window(path, trainee="Ms Tan", pipeline=None)
    classroom_of(window).set_teacher_mode(True)
    actions = classroom_of(window).class_actions
    actions.show_live()
    assert actions.window is not None and actions.watcher is not None
    other = open_database(path)
    try:
        ws = Workspace(other, "Kim")
        opened = ws.open_sample()
        table = actions.window.table
        assert not actions.watcher.listening
        ops.run(other, ops.AddClaim(opened.claim_set_id, 0, 3, Tag.CONFIRMED))
        qtbot.waitUntil(lambda: _row_of(table, "Kim")[2:3] == ["1"], timeout=live_class.POLL_MS * 4)
        assert "looks every 2 s" in actions.window.summary.text()
    finally:
        other.close()
