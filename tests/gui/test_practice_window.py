"""Practising alone in the window: the practice view at start and Enter opening an exercise, a
submission updating it, Practise again keeping the earlier attempt and its feedback, progress
after a restart, the chart drawn, and the teacher's class progress and grade book CSV."""

from __future__ import annotations

import argparse
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QMessageBox

from claimmark.core import classroom as cr
from claimmark.core.claims import ClaimSpan, Tag
from claimmark.core.classroom.bundled import load_bundled_key
from claimmark.core.classroom.gradebook import class_progress, write_csv
from claimmark.core.classroom.practice import practice_set
from claimmark.core.reader import operations as ops
from claimmark.core.reader.session import ReaderSession
from claimmark.core.reader.workspace import Workspace
from claimmark.core.storage import repository as repo
from claimmark.gui.classroom.controller import classroom_of
from claimmark.gui.classroom.practice import practice_of
from claimmark.gui.classroom.progress_chart import FOUND_COLOUR, RIGHT_COLOUR, ChartPoint, ProgressChart
from claimmark.gui.reader.main_window import MainWindow

FIRST = practice_set()[0]


@pytest.fixture(autouse=True)
def practice_at_start() -> None:
    """As ClaimMark is installed: the practice view opens at start (tests/gui/conftest.py turns it off)."""
    QSettings().setValue("practice/at_start", True)


def args(**given) -> argparse.Namespace:
    return argparse.Namespace(**{"teacher": False, "open_file": None, "article": None, **given})


def tag_key(qtbot, window: MainWindow, claims, tag_for=lambda claim: claim.tag) -> None:
    """Select each claim's words and press its tag's key, as a person would."""
    if not window.isActiveWindow():
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
    window.view.setFocus()
    for claim in claims:
        window.view.select_span(claim.start, claim.end)
        qtbot.keyClick(window.view, getattr(Qt.Key, f"Key_{tag_for(claim).shortcut}"))


def rows_shown(qtbot, window: MainWindow) -> list[list[str]]:
    view = practice_of(window).view
    assert view is not None
    qtbot.waitUntil(lambda: view.overview is not None)
    table = view.table
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def test_the_practice_view_opens_at_start_and_enter_opens_the_suggested_exercise(qtbot, open_window) -> None:
    window = open_window()  # as claimmark starts: a learner alone, on the sample at the first start
    feature = practice_of(window)
    qtbot.waitUntil(lambda: feature.view is not None and feature.view.isVisible())  # once the window has painted
    view = feature.view
    assert view is not None
    rows = rows_shown(qtbot, window)
    assert len(rows) == len(practice_set()) >= 12
    assert [r[3] for r in rows] == ["new"] * len(rows)
    assert rows[0][0] == FIRST.title and rows[0][1] == "1 · starter" and rows[-1][1].endswith("hard")
    assert "Next: “Practice 1" in view.suggestion.text()
    with window.workspace.db.read() as session:  # showing the view wrote nothing
        assert len(repo.list_articles(session=session)) == 1
    assert view.selected_uid() == FIRST.uid
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not view.isVisible())
    assert window.opened is not None and window.opened.exercise is not None
    assert window.opened.exercise.uid == FIRST.uid and window.opened.article.text == FIRST.files.text
    assert "invented report" in window.instructions.text()

    # the view and My progress, open beside the exercise, follow a hand-in: status and last score
    feature.show_practice()
    progress = feature.show_progress()
    qtbot.waitUntil(
        lambda: rows_shown(qtbot, window)[0][3] == "in progress" or rows_shown(qtbot, window)[0][3] == "new"
    )
    tag_key(qtbot, window, load_bundled_key(FIRST.files).claims)
    assert classroom_of(window).submit_to(None)
    feedback = classroom_of(window).feedback_window
    assert feedback is not None and feedback.isVisible()
    feedback.close()
    qtbot.waitUntil(lambda: rows_shown(qtbot, window)[0][3] == "submitted")
    qtbot.waitUntil(lambda: len(progress.view.progress.results) == 1)
    progress.close()
    first = rows_shown(qtbot, window)[0]
    assert first[4] == f"{len(FIRST.claims)} of {len(FIRST.claims)} right, {len(FIRST.claims)} found"
    assert first[5]  # it comes back for review later
    assert "Practice 2" in view.suggestion.text() or "Practice 3" in view.suggestion.text()


def test_practise_again_keeps_the_earlier_attempt_and_progress_survives_a_restart(
    qtbot, open_window, tmp_path: Path
) -> None:
    db_path = tmp_path / "alone.sqlite3"
    window = open_window(str(db_path), pipeline=None)
    feature = practice_of(window)
    feature.open_exercise(FIRST.uid)
    key = load_bundled_key(FIRST.files).claims
    tag_key(qtbot, window, [c for c in key if c.tag is not Tag.UNVERIFIED], lambda c: Tag.CONFIRMED)
    assert classroom_of(window).submit_to(None)
    assert window.opened is not None
    first_set = window.opened.claim_set_id
    before = cr.feedback(window.workspace.db, first_set)
    classroom_of(window).feedback_window.close()
    assert feature.again_action.isEnabled() and feature.again_action.isVisible()

    feature.again_action.trigger()
    assert window.opened.attempt == 2 and window.opened.claim_set_id != first_set
    assert window.claims == [] and window.session.permissions.tag and not feature.again_action.isEnabled()
    assert "Attempt 2" in window.instructions.text()
    tag_key(qtbot, window, key)
    assert classroom_of(window).submit_to(None)
    classroom_of(window).feedback_window.close()
    assert cr.feedback(window.workspace.db, first_set) == before  # the earlier attempt, as handed in

    progress = feature.show_progress()
    view = progress.view
    qtbot.waitUntil(lambda: len(view.progress.results) == 2)
    assert view.heading.text().endswith(": 2 attempts handed in with feedback")  # was "2 attempt(s)"
    assert view.attempts.rowCount() == 2 and view.chart.points and len(view.chart.points) == 2
    assert [p.right for p in view.chart.points] == [
        sum(c.tag is Tag.CONFIRMED for c in key) / len(key),
        1.0,
    ]
    assert "estimated taken for confirmed" in view.confusions.text()
    # the older attempt's feedback, from the list (newest first): Enter on the second row
    progress.activateWindow()
    qtbot.waitUntil(progress.isActiveWindow)
    view.attempts.setFocus()
    view.attempts.setCurrentCell(1, 0)
    view.attempts.activated.emit(view.attempts.currentIndex())
    shown = feature.feedback_window
    assert shown is not None and shown.isVisible() and shown.view.feedback == before
    shown.close()
    progress.close()
    window.close()

    again = open_window(str(db_path), pipeline=None)  # a restart
    restarted = practice_of(again).show_progress().view
    qtbot.waitUntil(lambda: len(restarted.progress.results) == 2)
    assert [r.claim_set_id for r in restarted.progress.results] == [r.claim_set_id for r in view.progress.results]


def test_the_practice_view_stays_away_from_teachers_class_databases_and_own_work(qtbot, open_window) -> None:
    window = open_window(pipeline=None)
    feature = practice_of(window)
    assert not feature.start(args(article=1))  # an article asked for on the command line
    assert not feature.start(args(open_file="exercise.json"))
    with window.workspace.db.write() as session:
        article_id = repo.add_article("Her own article. It has claims.", session=session).id
    window.open(lambda s: s.open_article(article_id))
    assert not feature.start(args())  # left off on their own article: straight back to it
    window.open(ReaderSession.open_sample)
    QSettings().setValue("practice/at_start", False)  # "Show this when ClaimMark starts" unticked
    assert not feature.start(args())
    QSettings().setValue("practice/at_start", True)
    classroom_of(window).set_teacher_mode(True)
    assert not feature.start(args())
    assert not feature.practice_action.isVisible() and feature.class_action.isVisible()
    assert feature.view is None


def test_the_view_remembers_whether_to_show_at_start(qtbot, open_window) -> None:
    window = open_window(pipeline=None)
    view = practice_of(window).show_practice()
    assert view.at_start.isChecked()
    view.at_start.setChecked(False)
    assert not practice_of(window).start(args())
    view.at_start.setChecked(True)
    view.close()
    assert practice_of(window).start(args())
    qtbot.waitUntil(view.isVisible)


def pixels(image: QImage, colour: QColor) -> list[tuple[int, int]]:
    wanted = colour.rgb()
    return [(x, y) for y in range(image.height()) for x in range(image.width()) if image.pixel(x, y) == wanted]


def test_the_chart_draws_each_attempt_where_its_shares_are(qtbot, tmp_path: Path) -> None:
    chart = ProgressChart()
    qtbot.addWidget(chart)
    chart.resize(480, 260)
    legend_only = len(pixels(chart.grab().toImage(), FOUND_COLOUR))  # no attempt yet: the legend's sample line
    chart.set_points([ChartPoint("2026-12-01", 0.5, 0.25), ChartPoint("2026-12-02", 1.0, 0.75)])
    image = chart.grab().toImage()
    assert len(pixels(image, FOUND_COLOUR)) > legend_only + 40
    ratio = image.width() / chart.width()  # a high-density screen grabs more pixels
    for i, (found, right) in enumerate(((0.5, 0.25), (1.0, 0.75))):
        for share, colour in ((found, FOUND_COLOUR), (right, RIGHT_COLOUR)):
            at = chart.point_at(i, share)
            x, y = round(at.x() * ratio), round(at.y() * ratio)
            assert image.pixel(x, y) == colour.rgb(), (i, share)
    assert "2026-12-02: 100% found, 75% right" in chart.accessibleDescription()
    image.save(str(tmp_path / "chart.png"))


def test_a_teacher_sees_each_trainees_progress_and_writes_the_grade_book(
    qtbot, open_window, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Ok)
    db_path = tmp_path / "class.sqlite3"
    window = open_window(str(db_path), trainee="ms-t", pipeline=None)
    db = window.workspace.db
    text = "The mayor opened the bridge on Monday. About 600 people came. Rivals say it cracked."
    with db.write() as session:
        article_id = repo.add_article(text, session=session, title="Bridge").id
    exercise = cr.make_exercise(db, article_id, cr.ExerciseSettings("Bridge, week 1"))
    key_set = cr.key_claim_set_id(db, exercise.id)
    key = []
    for words, tag in (
        ("The mayor opened the bridge on Monday", Tag.CONFIRMED),
        ("About 600 people came", Tag.ESTIMATED),
    ):
        start = text.index(words)
        ops.run(db, ops.AddClaim(key_set, start, start + len(words), tag))
        key.append(ClaimSpan(start, start + len(words), tag))
    cr.release_key(db, exercise.id)
    for name, right in (("ana", 2), ("ben", 1)):
        reader = ReaderSession(Workspace(db, name))
        opened = reader.open_exercise(exercise.id)
        for claim in key[:right]:
            ops.run(db, ops.AddClaim(opened.claim_set_id, claim.start, claim.end, claim.tag))
        cr.submit(db, opened.claim_set_id, None)
        when = datetime.now(UTC) - timedelta(days=1)
        with db.write() as session:
            claim_set = repo.get_claim_set(article_id, session=session, trainee_id=reader.workspace.trainee_id,
                                           exercise_id=exercise.id, create=False)  # fmt: skip
            assert claim_set is not None
            claim_set.submitted_at = when
            session.add(claim_set)

    classroom_of(window).set_teacher_mode(True)
    feature = practice_of(window)
    assert feature.class_action.isVisible()
    feature.class_action.trigger()
    shown = feature.class_window
    assert shown is not None and shown.isVisible()
    qtbot.waitUntil(lambda: shown.grades.rowCount() == 2)
    assert [shown.grades.item(r, 0).text() for r in range(2)] == ["ana", "ben"]
    assert [shown.grades.item(r, 1).text() for r in range(2)] == ["100%", "50%"]
    shown.grades.selectRow(1)
    assert "ben" in shown.progress.heading.text() and len(shown.progress.progress.results) == 1
    path = feature.export_grades_to(tmp_path / "grades.csv")
    assert path is not None
    expected = io.StringIO()
    write_csv(class_progress(db), expected)
    assert path.read_text(encoding="utf-8") == expected.getvalue() == 'trainee,"Bridge, week 1"\nana,100\nben,50\n'
    # a folder that cannot be written gets a message, and nothing is claimed written
    assert feature.export_grades_to(tmp_path / "missing" / "grades.csv") is None
