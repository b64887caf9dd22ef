"""One identity per trainee, in the window: the name is asked on the first start only, changed
later with File > Your name… or in the Submit dialog (the id stays), a teacher is asked what to
do with a submission whose name is another trainee's under another id, and a database that fails
at start gives a message naming it."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMenu

from claimmark.core import classroom as cr
from claimmark.core.claims import Tag
from claimmark.core.classroom.exchange import SubmissionFile, read_exchange_file, write_submission
from claimmark.core.identity import Identity, load_profile
from claimmark.core.storage import open_database
from claimmark.core.storage import repository as repo
from claimmark.gui.app import create_window
from claimmark.gui.classroom.controller import classroom_of
from claimmark.gui.classroom.identity import NameDialog
from claimmark.gui.classroom.same_name import SameNameDialog
from claimmark.gui.classroom.submit_dialog import SubmitDialog
from claimmark.gui.reader.main_window import MainWindow

TEXT = "Officials said 40,000 people attended the rally. Police put the figure at 25,000."


def when_dialog(kind: type[QDialog], act: Callable[[QDialog], None], seen: list[QDialog] | None = None) -> QTimer:
    """Answer the next modal dialog of ``kind`` as a person would, once it is shown (the timer
    looks every 10 ms until then; stop it when no dialog may come)."""
    timer = QTimer()
    timer.setInterval(10)

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isVisible():
            timer.stop()
            if seen is not None:
                seen.append(dialog)
            act(dialog)

    timer.timeout.connect(look)
    timer.start()
    return timer


def start(qtbot, db: Path, **args) -> MainWindow:
    window = create_window(argparse.Namespace(db=str(db), article=None, **({"trainee": None} | args)))
    assert window is not None
    qtbot.addWidget(window)
    return window


def close(window: MainWindow) -> None:
    window.close()
    window.workspace.db.close()


def type_name(name: str) -> Callable[[QDialog], None]:
    def act(dialog: QDialog) -> None:
        assert isinstance(dialog, NameDialog)
        dialog.name_edit.setText(name)
        dialog.accept()

    return act


def test_the_name_is_asked_on_the_first_start_only(qtbot, tmp_path: Path, profile_file: Path, warnings) -> None:
    asked: list[QDialog] = []
    when_dialog(NameDialog, type_name("  Ana   Lima "), asked)
    window = start(qtbot, tmp_path / "mine.sqlite3")
    try:
        assert len(asked) == 1 and asked[0].windowTitle() == "Welcome to ClaimMark"
        profile = load_profile()
        assert profile is not None and profile.name == "Ana Lima"
        assert window.workspace.trainee_uid == profile.uid
        assert window.mode_label.text() == "Trainee: Ana Lima"  # the title names the work, not the person
    finally:
        close(window)
    # the next start goes by the profile: nothing is asked, the same trainee opens
    watch = when_dialog(NameDialog, lambda dialog: dialog.reject(), asked)
    again = start(qtbot, tmp_path / "mine.sqlite3")
    watch.stop()
    try:
        assert len(asked) == 1 and again.workspace.trainee_uid == profile.uid
    finally:
        close(again)
    assert warnings == []


def test_a_damaged_profile_is_said_and_the_name_asked_again(
    qtbot, tmp_path: Path, profile_file: Path, warnings
) -> None:
    profile_file.write_text('{"format": "claimmark-profile", "id": "x"', encoding="utf-8")
    when_dialog(NameDialog, type_name("Bo"))
    window = start(qtbot, tmp_path / "mine.sqlite3")
    try:
        assert len(warnings) == 1 and "is damaged" in warnings[0] and "profile.json.damaged" in warnings[0]
        assert profile_file.with_name("profile.json.damaged").exists()
        assert window.workspace.trainee_name == "Bo" and load_profile() == window.workspace.identity
    finally:
        close(window)


def test_the_name_is_changed_in_the_window_and_the_work_stays(qtbot, tmp_path: Path, warnings) -> None:
    when_dialog(NameDialog, type_name("Ana"))
    window = start(qtbot, tmp_path / "mine.sqlite3")
    try:
        names = classroom_of(window).name_actions
        before = (window.workspace.trainee_id, window.workspace.trainee_uid)
        assert names.action.text() == "Your &name: Ana…" and names.action.isEnabled()
        when_dialog(NameDialog, type_name("Ana Lima"))
        names.action.trigger()
        assert window.mode_label.text() == "Trainee: Ana Lima" and names.action.text() == "Your &name: Ana Lima…"
        assert (window.workspace.trainee_id, window.workspace.trainee_uid) == before
        assert load_profile() == Identity(before[1], "Ana Lima")
        with window.workspace.db.read() as session:
            trainee = repo.find_trainee_by_uid(before[1], session=session)
            assert trainee is not None and trainee.name == "Ana Lima"
        # cancelling changes nothing
        when_dialog(NameDialog, lambda dialog: dialog.reject())
        names.action.trigger()
        assert window.workspace.trainee_name == "Ana Lima"
    finally:
        close(window)
    assert warnings == []


def test_a_name_given_with_trainee_is_shown_but_not_changed(qtbot, open_window) -> None:
    window = open_window(trainee="bot", pipeline=None)
    action = classroom_of(window).name_actions.action
    assert action.text() == "Your &name: bot…" and not action.isEnabled()


def test_the_submit_dialog_shows_the_name_and_a_correction_is_kept(qtbot, tmp_path: Path, warnings) -> None:
    when_dialog(NameDialog, type_name("ana"))
    window = start(qtbot, tmp_path / "mine.sqlite3")
    try:
        db = window.workspace.db
        with db.write() as session:
            article_id = repo.add_article(TEXT, session=session, title="Crowds").id
        assert article_id is not None
        exercise = cr.make_exercise(db, article_id, cr.ExerciseSettings("Crowds"))
        exercise_id = exercise.id
        assert exercise_id is not None
        window.open(lambda s: s.open_exercise(exercise_id))
        start_at = TEXT.index("Police")
        window.tag_span(start_at, start_at + 10, Tag.CONFIRMED)
        target = tmp_path / "mine.json"

        def correct(dialog: QDialog) -> None:
            assert isinstance(dialog, SubmitDialog) and dialog.name_edit.text() == "ana"
            dialog.name_edit.setText("Ana Lima")
            assert dialog.path_edit.text().endswith("crowds.ana-lima.submission.json")
            dialog.path_edit.setText(str(target))
            dialog.submit_button.click()

        when_dialog(SubmitDialog, correct)
        classroom_of(window).submit_dialog()
        submission = read_exchange_file(target, expect=SubmissionFile)
        assert (submission.trainee, submission.trainee_id) == ("Ana Lima", window.workspace.trainee_uid)
        assert window.workspace.trainee_name == "Ana Lima" and load_profile() == window.workspace.identity
    finally:
        close(window)
    assert warnings == []


def test_a_teacher_chooses_what_to_do_with_two_trainees_of_one_name(qtbot, open_window, tmp_path: Path) -> None:
    window = open_window(str(tmp_path / "teacher.sqlite3"), trainee="Ms Tan", pipeline=None)
    db = window.workspace.db
    with db.write() as session:
        article_id = repo.add_article(TEXT, session=session, title="Crowds").id
    assert article_id is not None
    exercise = cr.make_exercise(db, article_id, cr.ExerciseSettings("Crowds"))
    assert exercise.id is not None
    handout = cr.exercise_file(db, exercise.id)
    t0 = datetime(2024, 5, 2, 9, 0, tzinfo=UTC)
    files = []
    for i, minutes in enumerate((0, 5, 9)):
        path = tmp_path / f"ana-{i}.json"
        write_submission(
            path, SubmissionFile.for_exercise(handout, Identity.new("Ana Lima"), [], t0 + timedelta(minutes=minutes))
        )
        files.append(path)
    exercise_id = exercise.id
    window.open(lambda s: s.open_exercise(exercise_id))
    classroom_of(window).set_teacher_mode(True)
    actions = classroom_of(window).teacher_actions
    asked: list[QDialog] = []

    def keep_both_for_all(dialog: QDialog) -> None:
        assert isinstance(dialog, SameNameDialog)
        assert "Ana Lima" in dialog.windowTitle() and dialog.for_all.isVisible()
        dialog.for_all.setChecked(True)
        dialog.keep_button.click()

    when_dialog(SameNameDialog, keep_both_for_all, asked)
    actions.import_submissions(files)
    qtbot.waitUntil(lambda: actions.report is not None, timeout=10_000)
    assert actions.report is not None and len(asked) == 1  # asked once, for both others
    table = actions.report.table
    assert [table.item(r, 1).text() for r in range(3)] == ["✓ imported"] * 3
    assert "another trainee of that name" in table.item(1, 2).text()
    actions.report.close()
    debrief = cr.debrief(db, exercise.id)
    assert len({r.trainee for r in debrief.rows}) == 3 and all(
        r.trainee.startswith("Ana Lima (#") for r in debrief.rows
    )

    # another file of a fourth Ana: skipped, as the teacher says
    path = tmp_path / "ana-3.json"
    write_submission(path, SubmissionFile.for_exercise(handout, Identity.new("Ana Lima"), [], t0))
    when_dialog(SameNameDialog, lambda dialog: dialog.skip_button.click())  # type: ignore[attr-defined]
    actions.import_submissions([path])
    qtbot.waitUntil(lambda: actions.report is not None and actions.report.table.rowCount() == 1, timeout=10_000)
    assert actions.report is not None and actions.report.table.item(0, 1).text() == "= skipped, as you chose"
    actions.report.close()
    assert len(cr.debrief(db, exercise.id).rows) == 3
    QSettings().setValue("classroom/teacher_mode", False)


def test_a_database_that_fails_at_start_gives_a_message_naming_it(qtbot, tmp_path: Path, warnings) -> None:
    broken = tmp_path / "broken.sqlite3"
    db = open_database(broken)
    with db.writer.begin() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        conn.exec_driver_sql("DROP TABLE trainee")  # at the newest schema, yet unusable
    db.close()
    window = create_window(argparse.Namespace(db=str(broken), trainee="ana", article=None))
    assert window is None
    assert len(warnings) == 1 and str(broken) in warnings[0] and "no such table: trainee" in warnings[0]
    assert "Traceback" not in warnings[0]


def test_a_teacher_is_asked_their_name_in_a_teachers_words(qtbot, tmp_path: Path, profile_file: Path, warnings) -> None:
    # `claimmark --teacher` (or a class's teacher file) on a first start said "Your teacher sees it on
    # the work you hand in" to the teacher
    asked: list[QDialog] = []
    seen: list[str] = []

    def answer(dialog: QDialog) -> None:
        seen.append(" ".join(label.text() for label in dialog.findChildren(QLabel)))
        type_name("Mr Bell")(dialog)

    when_dialog(NameDialog, answer, asked)
    window = start(qtbot, tmp_path / "mine.sqlite3", teacher=True)
    try:
        assert len(asked) == 1 and asked[0].windowTitle() == "Welcome to ClaimMark"
        assert "Your teacher" not in seen[0] and "exercise" in seen[0] and "File > Your name" in seen[0]
    finally:
        close(window)
    assert warnings == []


def test_the_submit_dialog_says_what_follows_as_the_exercise_has_it(qtbot, tmp_path: Path, open_window) -> None:
    """A bundled exercise's key ships with it, so its feedback opens at once and Practise again is
    the way back; an exercise without a key here can be reopened with Edit again.  Each dialog
    names a menu entry the window really has."""
    window = open_window(str(tmp_path / "lib.sqlite3"), trainee="bot", pipeline=None)
    entries = {
        action.text().replace("&", "").rstrip("…")
        for menu in window.menuBar().findChildren(QMenu)
        for action in menu.actions()
    }
    said: list[str] = []

    def read_and_cancel(dialog: QDialog) -> None:
        said.append(dialog.findChild(QLabel, "submitAfter").text())
        dialog.reject()

    assert window.session.exercise is not None and window.session.exercise.is_sample
    when_dialog(SubmitDialog, read_and_cancel)
    classroom_of(window).submit_dialog()
    db = window.workspace.db
    with db.write() as session:
        article_id = repo.add_article(TEXT, session=session, title="Crowds").id
    assert article_id is not None
    exercise_id = cr.make_exercise(db, article_id, cr.ExerciseSettings("Crowds")).id
    assert exercise_id is not None
    window.open(lambda s: s.open_exercise(exercise_id))
    when_dialog(SubmitDialog, read_and_cancel)
    classroom_of(window).submit_dialog()
    assert len(said) == 2
    assert "feedback opens at once" in said[0] and "Exercise > Practise again" in said[0]
    assert "Edit again" not in said[0] and "Practise again" in entries
    assert "Exercise > Edit again" in said[1] and "Edit again" in entries
