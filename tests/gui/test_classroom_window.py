"""Classroom in the window: a teacher authors a key in teacher mode and hands out the exercise, a
trainee on another database works and submits, the teacher imports and debriefs; feedback,
locking, bad files, printing to PDF."""

from __future__ import annotations

import argparse
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QDialogButtonBox, QTableWidget

from claimmark.core import classroom as cr
from claimmark.core.claims import ClaimSpan, Tag
from claimmark.core.classroom.agreement import UNIT_IN_ONE_LINE, UNIT_OF_ANALYSIS
from claimmark.core.classroom.exchange import ExerciseFile, SubmissionFile, read_exchange_file, write_submission
from claimmark.core.classroom.report import score_files
from claimmark.core.classroom.scoring import match_claims, score
from claimmark.core.nlp import Entities
from claimmark.core.reader import operations as ops
from claimmark.core.reader.workspace import Workspace
from claimmark.core.storage import open_database
from claimmark.core.storage import repository as repo
from claimmark.gui.classroom.controller import classroom_of
from claimmark.gui.classroom.exercise_dialog import ExerciseDialog
from claimmark.gui.classroom.marks import SYMBOLS
from claimmark.gui.classroom.printing import debrief_document, feedback_document, write_pdf
from claimmark.gui.classroom.submit_dialog import SubmitDialog
from claimmark.gui.common.qt_offsets import OffsetMap
from claimmark.gui.reader.guide import GuideDialog
from claimmark.gui.reader.main_window import MainWindow

TEXT = (
    "Officials said 40,000 people attended the rally 😀, the largest crowd since 1999. "
    "Police put the figure at 25,000. Organisers promised a bigger march next year."
)
KEY = [
    ("40,000 people attended the rally", Tag.ESTIMATED, "A crowd count from one side is an estimate."),
    ("the largest crowd since 1999", Tag.UNVERIFIED, "No record is cited."),
    ("Police put the figure at 25,000", Tag.CONFIRMED, "The police statement is on the record."),
]


WAIT_MS = 30_000


def read_file(qtbot, window: MainWindow, job) -> None:
    """Wait for an exercise or key file being read off the GUI thread, and what follows it."""
    qtbot.waitUntil(lambda: not job.running and not classroom_of(window).busy, timeout=WAIT_MS)


def tag_words(qtbot, window: MainWindow, words: str, tag: Tag) -> None:
    """Select ``words`` and press the tag's key, as a person would (in the active window)."""
    if not window.isActiveWindow():
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
    start = window.view.text.index(words)
    window.view.select_span(start, start + len(words))
    qtbot.keyClick(window.view, getattr(Qt.Key, f"Key_{tag.shortcut}"))


def article_window(open_window, db_path: Path, trainee: str) -> MainWindow:
    window = open_window(str(db_path), trainee=trainee, pipeline=None)
    with window.workspace.db.write() as session:
        article_id = repo.add_article(TEXT, session=session, title="Crowds at the square").id
    assert article_id is not None
    window.open(lambda s: s.open_article(article_id))
    return window


def cell(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None, (row, column)
    return item.text()


def pdf_pages(path: Path) -> int:
    data = path.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 2000
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", data))


def test_author_hand_out_submit_import_debrief_and_feedback(qtbot, open_window, tmp_path: Path, warnings) -> None:
    # --- the teacher makes an exercise and tags its key in the reader, in teacher mode
    teacher = article_window(open_window, tmp_path / "teacher.sqlite3", "ms-t")
    classroom = classroom_of(teacher)
    assert not classroom.teacher
    assert classroom.mode_action.shortcut().toString() == "Ctrl+Shift+T"
    teacher.activateWindow()
    qtbot.waitUntil(teacher.isActiveWindow)
    qtbot.keyClick(teacher.view, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert classroom.teacher and QSettings().value("classroom/teacher_mode", type=bool)
    assert "not an exercise yet" in teacher.instructions.text()
    classroom.teacher_actions.save_settings(cr.ExerciseSettings("Counting crowds", "Tag every number.", ()))
    assert teacher.opened is not None and teacher.opened.exercise is not None
    exercise_id = teacher.opened.exercise.id
    assert teacher.workspace.is_key_set(teacher.opened.claim_set_id)
    assert "Answer key" in teacher.instructions.text() and "answer key" in teacher.windowTitle()
    for words, tag, note in KEY:
        tag_words(qtbot, teacher, words, tag)
        claim_id = teacher.panel.current_claim_id()
        assert claim_id is not None
        teacher.edit(ops.UpdateClaim(claim_id, note=note))
    key = cr.key_claims(teacher.workspace.db, exercise_id)
    assert [(TEXT[c.start : c.end], c.tag, c.note) for c in key] == KEY
    # undo works on the key like on any claims
    teacher.undo_stack.undo()
    assert cr.key_claims(teacher.workspace.db, exercise_id)[-1].note == ""
    teacher.undo_stack.redo()

    exercise_path = tmp_path / "crowds.exercise.json"
    classroom.teacher_actions.export_exercise(exercise_path)
    handout = json.loads(exercise_path.read_text(encoding="utf-8"))
    assert "claims" not in handout and not any(note in exercise_path.read_text("utf-8") for *_, note in KEY)

    # --- a trainee on their own database (and machine: trainee mode) opens it, tags, submits
    QSettings().setValue("classroom/teacher_mode", False)
    trainee = open_window(str(tmp_path / "trainee.sqlite3"), trainee="Ana Lima", pipeline=None)
    read_file(qtbot, trainee, classroom_of(trainee).open_exercise_path(exercise_path))
    assert trainee.opened is not None and trainee.opened.exercise is not None
    assert "Tag every number." in trainee.instructions.text()
    tag_words(qtbot, trainee, "40,000 people attended", Tag.CONFIRMED)
    tag_words(qtbot, trainee, "Police put the figure at 25,000", Tag.CONFIRMED)
    tag_words(qtbot, trainee, "Organisers promised a bigger march", Tag.UNVERIFIED)
    assert len(trainee.claims) == 3
    submission_path = tmp_path / "ana.submission.json"
    assert classroom_of(trainee).submit_to(submission_path)
    assert submission_path.exists() and trainee.session.state is cr.FeedbackState.NO_KEY
    assert "Submitted" in trainee.instructions.text()
    # submitted work is locked: the tag keys, the editor and undo do nothing
    tag_words(qtbot, trainee, "the largest crowd", Tag.UNVERIFIED)
    trainee.edit(ops.DeleteClaim(trainee.claims[0].id or 0))
    assert len(trainee.workspace.claims(trainee.opened.claim_set_id)) == 3
    assert not trainee.undo_stack.canUndo() and not trainee.panel.editor.isVisible()
    assert not classroom_of(trainee).feedback_action.isEnabled()

    # --- the teacher imports it (twice: the second is a duplicate) and opens the debrief
    actions = classroom.teacher_actions
    actions.import_submissions([submission_path, submission_path])
    qtbot.waitUntil(lambda: actions.report is not None, timeout=10_000)
    assert actions.report is not None
    results = [cell(actions.report.table, r, 1) for r in range(actions.report.table.rowCount())]
    assert "imported" in results[0] and "duplicate" in results[1]
    actions.report.close()
    actions.show_debrief()
    qtbot.waitUntil(lambda: actions.debrief_window is not None and actions.debrief_window.isVisible(), timeout=10_000)
    debrief_window = actions.debrief_window
    assert debrief_window is not None
    view = debrief_window.view
    mine = [
        ClaimSpan(TEXT.index(w), TEXT.index(w) + len(w), t)
        for w, t in [
            ("40,000 people attended", Tag.CONFIRMED),
            ("Police put the figure at 25,000", Tag.CONFIRMED),
            ("Organisers promised a bigger march", Tag.UNVERIFIED),
        ]
    ]
    expected = score(TEXT, key, mine)
    row = [cell(view.trainees, 0, c) for c in range(view.trainees.columnCount())]
    assert row[0] == "Ana Lima"
    assert row[2] == f"{expected.found} / {expected.key_claims} ({expected.found_share:.0%})" == "2 / 3 (67%)"
    assert row[3] == f"{expected.tags_right} / {expected.found} ({expected.tag_accuracy:.0%})" == "1 / 2 (50%)"
    assert row[4] == str(expected.extra) == "1"
    assert view.unit.text() == UNIT_IN_ONE_LINE and view.unit.toolTip() == UNIT_OF_ANALYSIS
    assert "Krippendorff's alpha (nominal)" in view.agreement.text() and "Fleiss' kappa" in view.agreement.text()
    # the confusion table: key 'estimated' found as 'confirmed' once, key 'confirmed' found as such once
    tags = list(Tag)
    assert view.confusion.item(tags.index(Tag.ESTIMATED), 1 + tags.index(Tag.CONFIRMED)).text() == "1"
    assert view.confusion.item(tags.index(Tag.CONFIRMED), 1 + tags.index(Tag.CONFIRMED)).text() == "1"
    assert view.confusion.item(tags.index(Tag.UNVERIFIED), 1 + len(tags)).text() == "1"  # missed
    # Enter on a trainee opens their feedback for the teacher (the key need not be released), beside the debrief
    view.trainees.setCurrentCell(0, 0)
    qtbot.keyClick(view.trainees, Qt.Key.Key_Return)
    assert debrief_window.feedback.isVisible() and debrief_window.isVisible()
    assert debrief_window.feedback.view.feedback is not None
    assert debrief_window.feedback.view.feedback.trainee == "Ana Lima"
    # the heat map shades what the trainee tagged; selecting a key claim marks it in the article
    assert view.view.highlighter.spans("heat")
    view.tabs.setCurrentIndex(2)
    view.answers.setCurrentCell(2, 1)
    start = TEXT.index("Police put")
    assert view.view.marked_span() == (start, start + len("Police put the figure at 25,000"))

    # the same numbers as 'claimmark score' on the key file and the submission file
    key_path = tmp_path / "crowds.key.json"
    actions.export_key(key_path)
    cli = score_files(key_path, [submission_path])
    assert view.debrief is not None
    assert [r.score for r in cli.results] == [r.score for r in view.debrief.rows]
    assert cli.agreement == view.debrief.agreement

    # --- the trainee imports the key: feedback opens, with found / missed / extra as scored
    read_file(qtbot, trainee, classroom_of(trainee).import_key_path(key_path))
    feedback_window = classroom_of(trainee).feedback_window
    assert feedback_window is not None and feedback_window.isVisible()
    fb_view = feedback_window.view
    matching = match_claims(TEXT, key, mine)
    texts = [fb_view.list.item(i).text() for i in range(fb_view.list.count())]
    found = [t for t in texts if t.startswith((SYMBOLS["found-right"], SYMBOLS["found-wrong"]))]
    assert len(found) == sum(1 for m in matching.key_matches if m.found) == 2
    assert sum(t.startswith(SYMBOLS["missed"]) for t in texts) == 1
    assert sum(t.startswith(SYMBOLS["extra"]) for t in texts) == len(matching.extra) == 1
    assert any("Not in the key" in t for t in texts) and any("No record is cited." in t for t in texts)
    assert "2 / 3 (67%)" in fb_view.score_label.text()
    # keyboard: arrows move through the list and the article marks the span
    qtbot.keyClick(fb_view.list, Qt.Key.Key_Down)
    item = fb_view.current_item()
    assert item is not None and fb_view.view.marked_span() == (item.start, item.end)
    assert classroom_of(trainee).feedback_action.isEnabled() and not classroom_of(trainee).reopen_action.isEnabled()

    # --- paper
    feedback_pdf = tmp_path / "feedback.pdf"
    feedback_window.save_pdf(str(feedback_pdf))
    assert pdf_pages(feedback_pdf) >= 1
    debrief_pdf = tmp_path / "debrief.pdf"
    debrief_window.save_pdf(str(debrief_pdf))
    assert pdf_pages(debrief_pdf) >= 1
    assert warnings == []


def test_a_learner_alone_gets_feedback_on_the_sample(qtbot, open_window, tmp_path: Path) -> None:
    window = open_window(pipeline=None)
    assert window.opened is not None and window.opened.exercise is not None and window.opened.exercise.is_sample
    assert classroom_of(window).submit_action.isEnabled() and not classroom_of(window).feedback_action.isEnabled()
    tag_words(qtbot, window, "about 600 are believed to have been killed", Tag.ESTIMATED)
    tag_words(qtbot, window, "Kim laid a flower on a memorial wall", Tag.UNVERIFIED)
    tag_words(qtbot, window, "state media said Friday", Tag.CONFIRMED)
    assert classroom_of(window).submit_to(None)  # no teacher: nothing to hand in, the key is bundled
    feedback_window = classroom_of(window).feedback_window
    assert feedback_window is not None and feedback_window.isVisible()
    fb = feedback_window.view.feedback
    assert fb is not None
    text = window.opened.article.text
    key = cr.key_claims(window.workspace.db, window.opened.exercise.id or 0)
    claims = [ClaimSpan(c.start, c.end, Tag(c.tag)) for c in window.claims]
    expected = score(text, key, claims)
    assert fb.score == expected
    assert (
        (fb.count(cr.Mark.FOUND), fb.count(cr.Mark.MISSED), fb.count(cr.Mark.EXTRA))
        == (
            expected.found,
            expected.key_claims - expected.found,
            expected.extra,
        )
        == (2, 11, 1)
    )
    assert feedback_window.view.list.count() == len(fb.items)
    # marks differ by more than colour: each kind has its own text format in the feedback layer
    keys = {span.key for span in feedback_window.view.view.highlighter.spans("feedback")}
    assert keys == {"found-right", "found-wrong", "missed", "extra"}
    # clicking in the article selects the mark there
    row = next(i for i, item in enumerate(fb.items) if item.mark is cr.Mark.EXTRA)
    article = feedback_window.view.view
    caret = QTextCursor(article.document())
    caret.setPosition(OffsetMap(text).to_qt(fb.items[row].start + 1))
    qtbot.mouseClick(article.viewport(), Qt.MouseButton.LeftButton, pos=article.cursorRect(caret).center())
    assert feedback_window.view.list.currentRow() == row
    # Tab goes from the article to the guide and print buttons, and Close comes last
    chain, widget = [], feedback_window.nextInFocusChain()
    while widget is not feedback_window:
        chain.append(widget)
        widget = widget.nextInFocusChain()
    close = feedback_window.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
    assert chain.index(feedback_window.view.view) < chain.index(feedback_window.guide_button)
    assert chain.index(feedback_window.guide_button) < chain.index(close)
    assert all(chain.index(b) < chain.index(close) for b in feedback_window.printing.buttons)
    # and Enter closes the window, as in any dialog: it does not open the guide or print
    assert close.isDefault()
    assert not any(b.isDefault() for b in (feedback_window.guide_button, *feedback_window.printing.buttons))
    # the guide is one key away
    feedback_window.activateWindow()
    qtbot.waitUntil(feedback_window.isActiveWindow)
    qtbot.keyClick(feedback_window.view.list, Qt.Key.Key_F1)  # a button shortcut clicks after a short delay
    qtbot.waitUntil(lambda: any(d.isVisible() for d in feedback_window.findChildren(GuideDialog)))
    shot = tmp_path / "feedback.png"
    feedback_window.grab().save(str(shot))
    assert shot.stat().st_size > 0
    for guide in feedback_window.findChildren(GuideDialog):
        guide.close()
    qtbot.keyClick(feedback_window.view.list, Qt.Key.Key_Return)  # Enter closes the window
    qtbot.waitUntil(lambda: not feedback_window.isVisible())
    assert not any(d.isVisible() for d in feedback_window.findChildren(GuideDialog))


def test_reopening_is_possible_until_the_key_is_out(qtbot, open_window, tmp_path: Path, warnings) -> None:
    teacher = article_window(open_window, tmp_path / "shared.sqlite3", "ms-t")
    classroom_of(teacher).set_teacher_mode(True)
    classroom_of(teacher).teacher_actions.save_settings(cr.ExerciseSettings("Crowds"))
    assert teacher.opened is not None and teacher.opened.exercise is not None
    exercise_id = teacher.opened.exercise.id or 0
    db = teacher.workspace.db
    key_set = cr.key_claim_set_id(db, exercise_id)
    start = TEXT.index("Police put")
    ops.run(db, ops.AddClaim(key_set, start, start + 10, Tag.CONFIRMED, "on the record"))
    teacher.close()
    QSettings().setValue("classroom/teacher_mode", False)

    # a trainee on the same (shared) database
    trainee = open_window(str(tmp_path / "shared.sqlite3"), trainee="ben", pipeline=None)
    trainee.open(lambda s: s.open_exercise(exercise_id))
    assert trainee.opened is not None and not trainee.workspace.is_key_set(trainee.opened.claim_set_id)
    tag_words(qtbot, trainee, "Police put the figure", Tag.ESTIMATED)
    assert classroom_of(trainee).submit_to(None)
    assert classroom_of(trainee).reopen_action.isEnabled()
    classroom_of(trainee).reopen_submission()
    assert trainee.session.state is cr.FeedbackState.NOT_SUBMITTED and trainee.panel.editor.isVisible()
    tag_words(qtbot, trainee, "Organisers promised", Tag.UNVERIFIED)
    assert classroom_of(trainee).submit_to(None)
    cr.release_key(trainee.workspace.db, exercise_id)
    trainee.refresh_state()
    assert trainee.session.state is cr.FeedbackState.READY and not classroom_of(trainee).reopen_action.isEnabled()
    window = classroom_of(trainee).show_feedback()
    assert window is not None and window.view.feedback is not None
    assert window.view.feedback.score.found == 1 and window.view.feedback.score.tags_right == 0


def test_bad_files_give_a_message_and_change_nothing(qtbot, open_window, tmp_path: Path, warnings) -> None:
    teacher = article_window(open_window, tmp_path / "teacher.sqlite3", "ms-t")
    classroom_of(teacher).set_teacher_mode(True)
    classroom_of(teacher).teacher_actions.save_settings(cr.ExerciseSettings("Crowds"))
    key_path = tmp_path / "crowds.key.json"
    classroom_of(teacher).teacher_actions.export_key(key_path)
    exercise_path = tmp_path / "crowds.exercise.json"
    classroom_of(teacher).teacher_actions.export_exercise(exercise_path)

    QSettings().setValue("classroom/teacher_mode", False)
    trainee = open_window(str(tmp_path / "trainee.sqlite3"), trainee="cleo", pipeline=None)
    before = trainee.opened
    read_file(qtbot, trainee, classroom_of(trainee).open_exercise_path(key_path))
    assert "this is an answer key, not an exercise" in warnings[-1]
    truncated = tmp_path / "truncated.json"
    truncated.write_bytes(exercise_path.read_bytes()[:300])
    read_file(qtbot, trainee, classroom_of(trainee).open_exercise_path(truncated))
    assert "truncated" in warnings[-1] and warnings[-1].count("\n") <= 1
    assert trainee.opened is before
    with trainee.workspace.db.read() as session:
        assert repo.list_articles(session=session)[0].title != "Crowds at the square"
    # a submission for an exercise the teacher's database does not have
    other = tmp_path / "other.json"
    handout = read_exchange_file(exercise_path, expect=ExerciseFile)
    moment = datetime(2024, 5, 2, 9, 0, tzinfo=UTC)
    wrong = SubmissionFile("7a1c5a52-0d6e-4bb6-9f1e-1d2c3b4a5f60", handout.text_hash, "dan", moment, ())
    write_submission(other, wrong)
    actions = classroom_of(teacher).teacher_actions
    actions.import_submissions([other, key_path])
    qtbot.waitUntil(lambda: actions.report is not None, timeout=10_000)
    assert actions.report is not None
    details = [cell(actions.report.table, r, 2) for r in range(2)]
    assert (
        "not in this database" in details[0] and "This is an answer key, not a submission" in details[1]
    )  # the File column names the file
    assert not actions.report.debrief_button.isEnabled()


def test_command_line_teacher_flag_and_exercise_file(qtbot, tmp_path: Path, warnings) -> None:
    from claimmark.gui.app import create_window

    teacher_db = str(tmp_path / "teacher.sqlite3")
    window = create_window(argparse.Namespace(db=teacher_db, trainee="ms-t", article=None, teacher=True))
    assert window is not None
    qtbot.addWidget(window)
    try:
        assert classroom_of(window).teacher and classroom_of(window).mode_action.isChecked()
        # the sample opens on its bundled key in teacher mode
        assert window.opened is not None and window.workspace.is_key_set(window.opened.claim_set_id)
        assert len(window.claims) == 13
        exercise_path = tmp_path / "sample.exercise.json"
        classroom_of(window).teacher_actions.export_exercise(exercise_path)
    finally:
        window.close()
        window.workspace.db.close()
    QSettings().setValue("classroom/teacher_mode", False)

    trainee = create_window(
        argparse.Namespace(db=str(tmp_path / "t.sqlite3"), trainee="eve", article=None, open_file=str(exercise_path))
    )
    assert trainee is not None
    qtbot.addWidget(trainee)
    try:
        qtbot.waitUntil(lambda: not classroom_of(trainee).busy, timeout=WAIT_MS)  # the file is read off the GUI thread
        assert not classroom_of(trainee).teacher
        assert trainee.opened is not None and trainee.opened.exercise is not None
        assert trainee.opened.exercise.uid == json.loads(exercise_path.read_text("utf-8"))["exercise_uid"]
        assert not trainee.workspace.is_key_set(trainee.opened.claim_set_id)
    finally:
        trainee.close()
        trainee.workspace.db.close()
    assert warnings == []


def test_an_exercise_shows_trainees_only_its_entity_labels(qtbot, open_window, tmp_path: Path) -> None:
    window = article_window(open_window, tmp_path / "labels.sqlite3", "ida")
    classroom_of(window).set_teacher_mode(True)
    classroom_of(window).teacher_actions.save_settings(cr.ExerciseSettings("Numbers", "", ("CARDINAL",)))
    entities = Entities([(0, 9, "PERSON"), (15, 21, "CARDINAL")], [0])
    assert window.session.visible_entities(entities) is entities  # the teacher sees everything
    classroom_of(window).set_teacher_mode(False)
    assert window.session.visible_entities(entities).entities == [(15, 21, "CARDINAL")]


def test_exercise_dialog_returns_the_settings(qtbot) -> None:
    dialog = ExerciseDialog(cr.ExerciseSettings("Old", "Read.", ("DATE",)), new=False)
    qtbot.addWidget(dialog)
    assert not dialog.all_labels.isChecked() and dialog.labels.isEnabled()
    dialog.title_edit.setText("")
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    dialog.title_edit.setText("New title")
    numbers = dialog.labels.item(cr.ENTITY_LABELS.index("CARDINAL"))
    assert numbers.text() == "Number" and "spaCy label: CARDINAL" in numbers.toolTip()  # words, the code aside
    numbers.setCheckState(Qt.CheckState.Checked)
    assert dialog.settings() == cr.ExerciseSettings("New title", "Read.", ("DATE", "CARDINAL"))  # list order
    dialog.all_labels.setChecked(True)
    assert dialog.settings().labels == ()


def test_documents_print_to_pdf_with_a_legend_for_black_and_white(qtbot, tmp_path: Path) -> None:
    db = open_database(tmp_path / "print.sqlite3")
    try:
        workspace = Workspace(db, "fay")
        opened = workspace.open_sample()
        text = opened.article.text
        for words, tag in [("thousands more injured", Tag.ESTIMATED), ("Kim laid a flower", Tag.CONFIRMED)]:
            start = text.index(words)
            ops.run(db, ops.AddClaim(opened.claim_set_id, start, start + len(words), tag, "why"))
        cr.submit(db, opened.claim_set_id, None)
        fb = cr.feedback(db, opened.claim_set_id)
        doc = feedback_document(fb)
        plain = doc.toPlainText()
        assert "How to read the marks" in plain and "[1 " in plain
        for word in ("Found, tag right", "Missed", "Not in the key", "dashed underline", "wavy underline"):
            assert word in plain
        path = tmp_path / "feedback.pdf"
        pages = write_pdf(doc, path)
        assert pages >= 2 and pdf_pages(path) == pages
        assert opened.exercise is not None and opened.exercise.id is not None
        debrief = cr.debrief(db, opened.exercise.id)
        ddoc = debrief_document(debrief)
        assert "Unit of analysis" in ddoc.toPlainText() and "How to read the shading" in ddoc.toPlainText()
        dpath = tmp_path / "debrief.pdf"
        pages = write_pdf(ddoc, dpath)
        assert pages >= 2 and pdf_pages(dpath) == pages
        with pytest.raises(OSError):
            write_pdf(doc, tmp_path / "missing folder" / "x.pdf")
    finally:
        db.close()


def submit_dialog(tmp_path: Path, **kwargs) -> SubmitDialog:
    return SubmitDialog(
        exercise_title="Crowds",
        summary="3",
        folder=str(tmp_path),
        file_name=lambda name: cr.suggested_file_name("Crowds", "submission", name),
        **{"trainee": "ana", "save_file": True} | kwargs,
    )


def test_submit_dialog_says_where_the_file_goes(qtbot, tmp_path: Path) -> None:
    dialog = submit_dialog(tmp_path)
    qtbot.addWidget(dialog)
    assert dialog.path() == tmp_path / "crowds.ana.submission.json" and dialog.submit_button.isEnabled()
    dialog.path_edit.setText("")
    assert not dialog.submit_button.isEnabled()
    dialog.save_file.setChecked(False)
    assert dialog.path() is None and dialog.submit_button.isEnabled() and not dialog.path_edit.isEnabled()


def test_submit_dialog_shows_the_name_and_lets_it_be_corrected(qtbot, tmp_path: Path) -> None:
    dialog = submit_dialog(tmp_path, trainee="ana")
    qtbot.addWidget(dialog)
    assert dialog.name_edit.text() == "ana" and not dialog.name_edit.isReadOnly()
    dialog.name_edit.setText("  Ana  Lima ")
    assert dialog.trainee() == "Ana Lima"
    assert dialog.path() == tmp_path / "crowds.ana-lima.submission.json"  # the file name follows the name
    dialog.name_edit.setText("   ")
    assert not dialog.submit_button.isEnabled() and "Type your name" in dialog.name_problem.text()
    dialog.name_edit.setText("Ana")
    dialog.path_edit.setText(str(tmp_path / "mine.json"))
    dialog.name_edit.setText("Ana Lima")
    assert dialog.path() == tmp_path / "mine.json"  # a file chosen by hand stays
    fixed = submit_dialog(tmp_path, trainee="bot", name_fixed=True)
    qtbot.addWidget(fixed)
    assert fixed.name_edit.isReadOnly()


def test_claim_menu_offers_edit_and_delete_only_where_claims_can_change(qtbot, open_window) -> None:
    """Right-clicking a claim in submitted work or in the feedback window must not offer
    "Edit this claim…" and "Delete this claim", which could do nothing there."""

    def claim_entries(view, offset: int) -> list[str]:
        menu = view.context_menu(offset)
        names = [a.text() for a in menu.actions() if a.isEnabled() and "this claim" in a.text()]
        menu.deleteLater()
        return names

    window = open_window(pipeline=None)
    words = "about 600 are believed to have been killed"
    tag_words(qtbot, window, words, Tag.ESTIMATED)
    inside = window.view.text.index(words) + 3
    assert len(claim_entries(window.view, inside)) == 2
    assert classroom_of(window).submit_to(None)  # the sample's key is bundled: locked, with feedback
    assert not window.session.permissions.tag
    assert claim_entries(window.view, inside) == []
    feedback_window = classroom_of(window).feedback_window
    assert feedback_window is not None
    assert claim_entries(feedback_window.view.view, inside) == []
