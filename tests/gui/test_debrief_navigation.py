"""Working through a debrief: a trainee's feedback opens beside it, Ctrl+PgDown / Ctrl+PgUp go
from trainee to trainee, the debrief keeps its tab and row (also when read again), PDF names
carry the trainee and the exercise, and the agreement figures say what they mean."""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from claimmark.core import classroom as cr
from claimmark.core.claims import ClaimSpan, Tag
from claimmark.core.classroom.agreement import UNIT_IN_ONE_LINE
from claimmark.core.classroom.exchange import SubmissionFile, write_submission
from claimmark.core.identity import Identity
from claimmark.core.reader import operations as ops
from claimmark.core.storage import repository as repo
from claimmark.gui.classroom.controller import classroom_of
from claimmark.gui.classroom.debrief import DebriefWindow
from claimmark.gui.reader.main_window import MainWindow

TEXT = (
    "Officials said 40,000 people attended the rally, the largest crowd since 1999. "
    "Police put the figure at 25,000. Organisers promised a bigger march next year."
)
TITLE = 'Crowds: who "counts"?'


def at(words: str, tag: Tag) -> ClaimSpan:
    start = TEXT.index(words)
    return ClaimSpan(start, start + len(words), tag)


KEY = [at("40,000 people attended the rally", Tag.ESTIMATED), at("Police put the figure at 25,000", Tag.CONFIRMED)]
CLASS = {
    "Ana Lima": [at("40,000 people attended the rally", Tag.ESTIMATED)],
    "Bo Chen": [at("Police put the figure at 25,000", Tag.UNVERIFIED)],
    "Cy Diaz": [at("Organisers promised a bigger march", Tag.UNVERIFIED)],
}


@pytest.fixture
def debrief(qtbot, open_window, tmp_path: Path) -> tuple[MainWindow, DebriefWindow]:
    """A teacher's window with three trainees' submissions imported and the debrief open."""
    window = open_window(str(tmp_path / "teacher.sqlite3"), trainee="Ms Tan", pipeline=None)
    db = window.workspace.db
    with db.write() as session:
        article_id = repo.add_article(TEXT, session=session, title="Crowds").id
    assert article_id is not None
    exercise = cr.make_exercise(db, article_id, cr.ExerciseSettings(TITLE))
    assert exercise.id is not None
    for claim in KEY:
        ops.run(db, ops.AddClaim(cr.key_claim_set_id(db, exercise.id), claim.start, claim.end, claim.tag))
    handout = cr.exercise_file(db, exercise.id)
    when = datetime(2024, 5, 2, 9, 0, tzinfo=UTC)
    for i, (name, claims) in enumerate(CLASS.items()):
        path = tmp_path / f"{i}.json"
        write_submission(path, SubmissionFile.for_exercise(handout, Identity.new(name), claims, when))
        assert cr.import_submission(db, path).ok
    exercise_id = exercise.id
    window.open(lambda s: s.open_exercise(exercise_id))
    classroom_of(window).set_teacher_mode(True)
    actions = classroom_of(window).teacher_actions
    actions.show_debrief()
    qtbot.waitUntil(lambda: actions.debrief_window is not None and actions.debrief_window.isVisible(), timeout=10_000)
    assert actions.debrief_window is not None
    yield window, actions.debrief_window
    QSettings().setValue("classroom/teacher_mode", False)


def shown_trainee(window: DebriefWindow) -> str:
    feedback = window.feedback.view.feedback
    assert feedback is not None
    return feedback.trainee


def press(qtbot, widget, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    window = widget.window()
    if not window.isActiveWindow():
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(widget, key, modifier)


def test_feedback_opens_beside_the_debrief_and_steps_from_trainee_to_trainee(qtbot, debrief) -> None:
    _, window = debrief
    view = window.view
    assert [cell.text() for cell in (view.trainees.item(r, 0) for r in range(3))] == list(CLASS)
    assert not window.feedback.isVisible()
    view.trainees.setFocus()
    view.trainees.setCurrentCell(0, 0)
    press(qtbot, view.trainees, Qt.Key.Key_Return)
    qtbot.waitUntil(window.feedback.isVisible)
    # beside it: the debrief is still open, with its list, in the same window
    assert window.isVisible() and view.isVisible() and shown_trainee(window) == "Ana Lima"
    assert "trainee 1 of 3" in window.feedback.heading.text()
    assert not window.feedback.previous_button.isEnabled() and window.feedback.next_button.isEnabled()
    assert window.feedback.x() >= view.x() + view.width()  # to the right of the debrief, not over it

    ctrl = Qt.KeyboardModifier.ControlModifier
    press(qtbot, view.trainees, Qt.Key.Key_PageDown, ctrl)
    qtbot.waitUntil(lambda: shown_trainee(window) == "Bo Chen")
    assert view.trainees.currentRow() == 1 and "trainee 2 of 3" in window.feedback.heading.text()
    # from inside the feedback too, and the debrief's row follows while it shows another tab
    view.tabs.setCurrentIndex(1)
    press(qtbot, window.feedback.view.list, Qt.Key.Key_PageDown, ctrl)
    qtbot.waitUntil(lambda: shown_trainee(window) == "Cy Diaz")
    assert view.trainees.currentRow() == 2 and view.tabs.currentIndex() == 1
    assert not window.feedback.next_button.isEnabled()
    press(qtbot, window.feedback.view.list, Qt.Key.Key_PageDown, ctrl)  # the last: stays
    assert shown_trainee(window) == "Cy Diaz" and view.trainees.currentRow() == 2
    window.feedback.previous_button.click()
    qtbot.waitUntil(lambda: shown_trainee(window) == "Bo Chen")
    assert view.trainees.currentRow() == 1 and view.tabs.currentIndex() == 1

    # read again (F5): the tab, the row and the feedback beside it stay
    window.refresh_button.click()
    qtbot.waitUntil(lambda: view.trainees.currentRow() == 1 and window.feedback.isVisible(), timeout=10_000)
    assert view.tabs.currentIndex() == 1 and shown_trainee(window) == "Bo Chen"
    window.feedback.close_button.click()
    assert not window.feedback.isVisible() and window.isVisible()


def test_pdf_names_carry_the_trainee_and_the_exercise_and_are_safe_everywhere(qtbot, debrief, tmp_path) -> None:
    _, window = debrief
    window.view.trainees.setCurrentCell(1, 0)
    window.feedbackRequested.emit(window.view.current_trainee())
    qtbot.waitUntil(window.feedback.isVisible)
    name = window.feedback.printing.pdf_name()
    assert name == "Crowds who counts - Bo Chen - feedback.pdf"
    assert window.printing.pdf_name() == "Crowds who counts - class debrief.pdf"
    assert not re.search(r'[<>:"/\\|?*]', name)
    window.feedback.printing.save_pdf(str(tmp_path / name))
    assert (tmp_path / name).read_bytes().startswith(b"%PDF")


def test_agreement_says_what_it_means_and_what_a_unit_is(debrief) -> None:
    _, window = debrief
    text = window.view.agreement.text()
    kappa = window.view.debrief.agreement.kappa  # type: ignore[union-attr]
    assert kappa.value is not None
    assert re.search(r"Fleiss' kappa: -?\d\.\d{3}, [a-z ]+ agreement \(Landis &amp; Koch, 1977\)", text), text
    assert re.search(r"Krippendorff's alpha \(nominal\): -?\d\.\d{3}, .+ \(Krippendorff, 2004\)", text), text
    assert window.view.unit.text() == UNIT_IN_ONE_LINE


def test_enter_on_a_trainee_leaves_the_debrief_open(qtbot, debrief) -> None:
    """A dialog's Enter presses its default button (Close): the trainee list must keep it."""
    _, window = debrief
    window.view.trainees.setCurrentCell(2, 0)
    press(qtbot, window.view.trainees, Qt.Key.Key_Enter)
    qtbot.waitUntil(window.feedback.isVisible)
    assert window.isVisible() and shown_trainee(window) == "Cy Diaz"


def test_a_new_import_keeps_the_place_in_an_open_debrief(qtbot, debrief, tmp_path: Path) -> None:
    main, window = debrief
    view = window.view
    view.tabs.setCurrentIndex(2)
    view.trainees.setCurrentCell(2, 0)
    db = main.workspace.db
    debrief_now = view.debrief
    assert debrief_now is not None
    handout = cr.exercise_file(db, debrief_now.exercise_id)
    path = tmp_path / "late.json"
    late = datetime(2024, 5, 2, 9, 0, tzinfo=UTC) + timedelta(hours=1)
    write_submission(path, SubmissionFile.for_exercise(handout, Identity.new("Aaron Abel"), [], late))
    actions = classroom_of(main).teacher_actions
    actions.import_submissions([path])
    qtbot.waitUntil(lambda: actions.report is not None, timeout=10_000)
    assert actions.report is not None
    actions.report.close()
    qtbot.waitUntil(lambda: view.debrief is not None and len(view.debrief.rows) == 4, timeout=10_000)
    # a new row came first ("Aaron"): the same trainee is still the chosen one, on the same tab
    assert view.tabs.currentIndex() == 2 and view.trainees.item(view.trainees.currentRow(), 0).text() == "Cy Diaz"


def test_two_trainees_of_one_name_are_told_apart_beside_the_debrief_and_in_their_pdfs(qtbot, debrief, tmp_path):
    main, window = debrief
    db = main.workspace.db
    assert window.view.debrief is not None
    handout = cr.exercise_file(db, window.view.debrief.exercise_id)
    other = Identity.new("Ana Lima")
    path = tmp_path / "other-ana.json"
    write_submission(path, SubmissionFile.for_exercise(handout, other, [], datetime(2024, 5, 2, 10, 0, tzinfo=UTC)))
    assert cr.import_submission(db, path, same_name=cr.SameName.KEEP_BOTH).ok
    window.refresh_button.click()
    qtbot.waitUntil(lambda: window.view.debrief is not None and len(window.view.debrief.rows) == 4, timeout=10_000)
    names = []
    for row in (0, 1):
        window.view.trainees.setCurrentCell(row, 0)
        window.feedbackRequested.emit(window.view.current_trainee())
        qtbot.waitUntil(window.feedback.isVisible)
        names.append(window.feedback.printing.pdf_name())
        assert shown_trainee(window) in window.feedback.heading.text()
    assert len(set(names)) == 2 and all(
        re.fullmatch(r"Crowds who counts - Ana Lima \(#[0-9a-f]{6}\) - feedback\.pdf", n) for n in names
    )


def test_the_debrief_shows_notes_only_when_there_are_some_and_keeps_the_shading_visible(debrief) -> None:
    """Issue 14: the always-empty Note column took half the width; the shading steps for 1-25%
    and 26-50% looked alike and wrapped inside; choosing a key claim greyed out its shading."""
    from claimmark.gui.classroom.marks import HEAT_LEVELS, heat_colour

    _window, report = debrief
    view = report.view
    headers = [view.trainees.horizontalHeaderItem(c).text() for c in range(view.trainees.columnCount())]
    assert "Note" not in headers

    # adjacent shading steps differ clearly (relative luminance, as WCAG computes it); the darkest
    # still has black text at 4.5:1 or more
    def luminance(level: int) -> float:
        colour = heat_colour(level)
        channels = [colour.redF(), colour.greenF(), colour.blueF()]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lum = [luminance(level) for level in range(1, HEAT_LEVELS + 1)]
    ratios = [(a + 0.05) / (b + 0.05) for a, b in itertools.pairwise(lum)]
    assert min(ratios) >= 1.25, ratios
    assert (lum[-1] + 0.05) / 0.05 >= 4.5
    legend = view.heat_legend.text()
    assert "26–50%&nbsp;of&nbsp;trainees" in legend  # one step never breaks inside
    # choosing a key claim outlines it in bold, without a grey background over the shading
    view.tabs.setCurrentIndex(2)
    view.answers.setCurrentCell(0, 1)
    (selection,) = view.view.extraSelections()
    assert selection.format.fontWeight() == 600
    assert selection.format.background().style() == Qt.BrushStyle.NoBrush


def test_feedback_scrolls_a_whole_mark_into_view_and_says_it_in_the_debriefs_words(qtbot, debrief) -> None:
    from claimmark.gui.classroom.feedback import FeedbackView

    window, _report = debrief
    db = window.workspace.db
    rows = cr.debrief(db, window.session.exercise.id).rows
    feedback = cr.feedback(db, rows[0].claim_set_id, teacher=True)
    view = FeedbackView()
    qtbot.addWidget(view)
    view.resize(700, 420)
    view.show()
    qtbot.waitExposed(view)
    font = view.view.font()
    font.setPointSizeF(28)  # big text in a small window: the last mark sits below the fold
    view.view.setFont(font)
    view.set_feedback(feedback)
    last = len(feedback.items) - 1
    view.list.setCurrentRow(last)
    item = feedback.items[last]
    article = view.view
    from PySide6.QtGui import QTextCursor

    for offset in (item.start, item.end):
        cursor = QTextCursor(article.document())
        cursor.setPosition(offset)  # ASCII text: code points are UTF-16 positions
        rect = article.cursorRect(cursor)
        assert article.viewport().rect().contains(rect), (offset, rect, article.viewport().rect())
    lines = view.score_label.text()
    assert "Tag accuracy" in lines and "you" not in lines.lower()
