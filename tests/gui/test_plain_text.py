"""Text from files and people is shown as it is: markup and links show literally and open nothing.

Before, an exercise title, a key's exercise title or a web page's title holding ``<a href>``
showed as a clickable link in a message box, and a click opened it; tooltips rendered trainee
names, import messages and key notes as rich text.  Here markup goes through each of those.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QTextDocument
from PySide6.QtWidgets import QMessageBox

from claimmark.core import classroom as cr
from claimmark.core.claims import ClaimSpan, Tag
from claimmark.core.classroom.exchange import SubmissionFile, write_submission
from claimmark.core.reader import operations as ops
from claimmark.core.storage import repository as repo
from claimmark.core.text import text_hash
from claimmark.gui.classroom.controller import classroom_of
from claimmark.gui.library.actions import LibraryActions
from claimmark.gui.library.metadata_dialog import MetadataDialog
from claimmark.gui.reader.main_window import MainWindow

MARKUP = '<a href="https://evil.example/">click here</a> <b>bold</b> &amp;'
WAIT_MS = 30_000
TEXT = "Organisers said 40,000 people attended the march. Police put the figure at 25,000 on Sunday."


class Boxes:
    """Message boxes recorded (text, informative text, format) and answered, not waited on."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.shown: list[tuple[str, str, Qt.TextFormat]] = []
        self.answer = QMessageBox.StandardButton.No
        monkeypatch.setattr(QMessageBox, "exec", lambda box: self._exec(box))

    def _exec(self, box: QMessageBox) -> QMessageBox.StandardButton:
        self.shown.append((box.text(), box.informativeText(), box.textFormat()))
        return self.answer if box.property("kind") == "question" else QMessageBox.StandardButton.Cancel

    def with_markup(self) -> list[tuple[str, str, Qt.TextFormat]]:
        return [shown for shown in self.shown if MARKUP in shown[0] + shown[1]]


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> Boxes:
    return Boxes(monkeypatch)


@pytest.fixture
def opened_urls(monkeypatch: pytest.MonkeyPatch) -> list[QUrl]:
    """Whatever a click would open (a link in a label or a message box goes here)."""
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    return opened


def shows_literally(rich: str, text: str) -> bool:
    """``rich``, rendered as Qt renders a tooltip or rich label, shows ``text`` character for
    character and holds no link."""
    doc = QTextDocument()
    doc.setHtml(rich)
    block, anchors = doc.begin(), []
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            anchors.append(it.fragment().charFormat().isAnchor())
            it += 1
        block = block.next()
    return text in doc.toPlainText() and not any(anchors)


def exercise_window(open_window, tmp_path: Path, trainee: str = "ms-t") -> tuple[MainWindow, cr.ExerciseRecord]:
    window = open_window(str(tmp_path / "class.sqlite3"), trainee=trainee, pipeline=None)
    db = window.workspace.db
    with db.write() as session:
        article_id = repo.add_article(TEXT, session=session, title="Crowds").id
    exercise = cr.make_exercise(db, article_id, cr.ExerciseSettings(MARKUP, f"Instructions: {MARKUP}"))
    return window, exercise


def wait(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not classroom_of(window).busy, timeout=WAIT_MS)


def test_message_boxes_show_titles_from_files_as_they_are(qtbot, open_window, tmp_path, boxes, opened_urls) -> None:
    window, exercise = exercise_window(open_window, tmp_path)
    db = window.workspace.db
    # "Cannot open this exercise": the file's exercise is here with another text
    cr.export_exercise(db, exercise.id, tmp_path / "e.json")
    handout = json.loads((tmp_path / "e.json").read_text(encoding="utf-8"))
    handout["article"]["text"] = TEXT + " Changed."
    handout["text_hash"] = text_hash(handout["article"]["text"])
    (tmp_path / "changed.json").write_text(json.dumps(handout), encoding="utf-8")
    classroom_of(window).open_exercise_path(tmp_path / "changed.json")
    wait(qtbot, window)
    # "Replace the answer key?": a key file for this exercise while another key is here
    key = cr.key_claim_set_id(db, exercise.id)
    ops.run(db, ops.AddClaim(key, 0, 10, Tag.ESTIMATED, note="the organisers' figure"))
    cr.export_key(db, exercise.id, tmp_path / "k.json")
    ops.run(db, ops.AddClaim(key, 51, 60, Tag.UNVERIFIED))
    classroom_of(window).import_key_path(tmp_path / "k.json")
    wait(qtbot, window)
    # "already in the library as …": a saved page whose title holds markup, imported again
    with db.write() as session:
        repo.add_article("Bridge reopens. The bridge reopened on Monday, officials said.", session=session,
                         title=MARKUP)  # fmt: skip
    (tmp_path / "bridge.txt").write_text("Bridge reopens. The bridge reopened on Monday, officials said.")
    library = window.findChild(LibraryActions, "libraryActions")
    library.importer.import_paths([str(tmp_path / "bridge.txt")])
    qtbot.waitUntil(lambda: not library.importer.is_busy(), timeout=WAIT_MS)

    shown = boxes.with_markup()
    assert [text.split(":", 1)[0].split()[0] for text, _, _ in shown] == ["changed.json", "k.json", "bridge.txt"]
    assert all(form == Qt.TextFormat.PlainText for _, _, form in shown)  # no markup, no link: as typed
    assert opened_urls == []


def test_labels_show_names_and_titles_as_they_are(qtbot, open_window, tmp_path, boxes, opened_urls) -> None:
    window, exercise = exercise_window(open_window, tmp_path, trainee=MARKUP)
    assert window.mode_label.textFormat() == Qt.TextFormat.PlainText and MARKUP in window.mode_label.text()
    window.open(lambda s: s.open_exercise(exercise.id))
    banner = window.instructions.text()  # rich text of its own: every piece from the exercise escaped
    assert shows_literally(banner, MARKUP) and shows_literally(banner, f"Instructions: {MARKUP}")
    with window.workspace.db.write() as session:
        article_id = repo.add_article("A text of its own.", session=session, source_name=MARKUP).id
    window.open(lambda s: s.open_article(article_id))
    assert window.session.article is not None
    dialog = MetadataDialog(window.session.article, window)
    source = next(label for label in dialog.findChildren(type(window.mode_label)) if MARKUP in label.text())
    assert source.textFormat() == Qt.TextFormat.PlainText
    dialog.deleteLater()
    assert opened_urls == []


def test_tooltips_show_notes_names_and_messages_as_they_are(qtbot, open_window, tmp_path, boxes, opened_urls) -> None:
    window, exercise = exercise_window(open_window, tmp_path)
    db = window.workspace.db
    key = cr.key_claim_set_id(db, exercise.id)
    ops.run(db, ops.AddClaim(key, 0, 10, Tag.ESTIMATED, note=f"Why: {MARKUP}"))
    cr.release_key(db, exercise.id)
    # a claim's note and source in the claims list
    window.open(lambda s: s.open_exercise(exercise.id))
    assert window.opened is not None
    window.edit(ops.AddClaim(window.opened.claim_set_id, 16, 39, Tag.CONFIRMED, note=MARKUP, source=MARKUP))
    model = window.panel.model
    (row,) = [r for r in range(model.rowCount()) if model.index(r, 3).data() == MARKUP]
    for column in (2, 3):
        assert shows_literally(model.index(row, column).data(Qt.ItemDataRole.ToolTipRole), MARKUP)
    # a submission by a trainee whose name holds markup: the import report and the debrief
    handout = cr.exercise_file(db, exercise.id)
    path = tmp_path / "sub.json"
    when = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    write_submission(path, SubmissionFile.for_exercise(handout, MARKUP, [ClaimSpan(0, 10, Tag.ESTIMATED)], when))
    teacher = classroom_of(window).teacher_actions
    teacher.import_submissions([path])
    qtbot.waitUntil(lambda: teacher.report is not None, timeout=WAIT_MS)
    report = teacher.report
    tips = [report.table.item(0, c).toolTip() for c in range(3)]
    assert all(shows_literally(tip, MARKUP) for tip in tips)
    report.close()
    teacher.show_debrief(exercise.id)
    qtbot.waitUntil(lambda: teacher.debrief_window is not None and teacher.debrief_window.isVisible(), timeout=WAIT_MS)
    table = teacher.debrief_window.view.trainees
    assert shows_literally(table.item(0, 0).toolTip(), MARKUP)
    # the key's note as feedback
    feedback = cr.feedback(db, next(r.claim_set_id for r in teacher.debrief_window.view.debrief.rows), teacher=True)
    from claimmark.gui.classroom.feedback import FeedbackWindow

    shown = FeedbackWindow(window)
    shown.set_feedback(feedback)
    lst = shown.view.list
    assert any(shows_literally(lst.item(i).toolTip(), f"Why: {MARKUP}") for i in range(lst.count()))
    shown.close()
    # and printed (or saved as PDF): the feedback and the debrief
    from claimmark.gui.classroom.printing import debrief_document, feedback_document

    for document in (feedback_document(feedback), debrief_document(teacher.debrief_window.view.debrief)):
        assert shows_literally(document.toHtml(), MARKUP)
    assert opened_urls == []
