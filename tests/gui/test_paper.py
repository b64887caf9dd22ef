"""Issue 14, paper: the debrief on A4 keeps each heading with what follows it, cuts no key claim
short, sets the matching rule apart, and the print dialog suggests a name Windows accepts."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtGui import QTextDocument, QTextFormat
from PySide6.QtPrintSupport import QPrinter

from claimmark.core import classroom as cr
from claimmark.core.claims import ClaimSpan, Tag
from claimmark.core.classroom.exchange import SubmissionFile, write_submission
from claimmark.core.classroom.report import MATCHING_RULE
from claimmark.core.identity import Identity
from claimmark.core.reader.workspace import Workspace
from claimmark.core.storage import open_database
from claimmark.gui.classroom import printing
from tests.gui.test_classroom_window import pdf_pages

TRAINEES = 15


@pytest.fixture
def class_debrief(tmp_path: Path) -> cr.Debrief:
    return make_debrief(tmp_path, TRAINEES)


def make_debrief(tmp_path: Path, trainees: int) -> cr.Debrief:
    db = open_database(tmp_path / "paper.sqlite3")
    try:
        opened = Workspace(db, "teacher").open_sample()
        assert opened.exercise is not None and opened.exercise.id is not None
        exercise_id = opened.exercise.id
        handout = cr.exercise_file(db, exercise_id)
        key = cr.debrief(db, exercise_id).key
        when = datetime(2026, 1, 1, tzinfo=UTC)
        for i in range(trainees):
            claims = [ClaimSpan(k.start, k.end, Tag.ESTIMATED) for k in key[: (i % len(key)) + 1]]
            path = tmp_path / f"{i}.json"
            write_submission(path, SubmissionFile.for_exercise(handout, Identity.new(f"Trainee {i}"), claims, when))
            assert cr.import_submission(db, path).ok
        return cr.debrief(db, exercise_id)
    finally:
        db.close()


def split_headings(doc: QTextDocument) -> list[str]:
    """Headings not on the page of the first line after them, or cut by a page's end."""
    height = doc.pageSize().height()
    layout = doc.documentLayout()
    wrong = []
    block = doc.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() and block.next().isValid():
            rect, after = layout.blockBoundingRect(block), layout.blockBoundingRect(block.next())
            first = block.next().layout().lineAt(0).height() if block.next().layout().lineCount() else 0
            top = rect.top() + block.blockFormat().topMargin()
            if {int(top // height), int(rect.bottom() // height), int((after.top() + first) // height)} != {
                int(top // height)
            }:
                wrong.append(block.text())
        block = block.next()
    return wrong


def test_debrief_headings_stay_with_what_follows_them(class_debrief, tmp_path: Path) -> None:
    # pages of many heights: wherever Qt's own layout leaves a heading at a page's foot (or cuts
    # it), it is moved to the next page with what follows it
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printing._setup(printer, "test")
    page = printer.pageRect(QPrinter.Unit.Point).size() * (printing.LAYOUT_DPI / 72)
    split = 0
    for height in range(500, int(page.height()) + 1, 17):
        doc = printing.debrief_document(class_debrief)
        doc.setPageSize(type(page)(page.width(), height))
        if split_headings(doc):
            split += 1
            assert printing.keep_headings_with_text(doc) >= 1
            assert split_headings(doc) == [], height
    assert split >= 3  # Qt alone splits headings on some of these pages
    doc = printing.debrief_document(class_debrief)
    path = tmp_path / "debrief.pdf"
    pages = printing.write_pdf(doc, path)
    assert pdf_pages(path) == pages


def test_debrief_on_paper_has_spacing_whole_claims_and_a_separate_footnote(class_debrief) -> None:
    doc = printing.debrief_document(class_debrief)
    headings = []
    block = doc.begin()
    while block.isValid():
        fmt = block.blockFormat()
        if fmt.headingLevel():
            headings.append(block.text())
            assert fmt.bottomMargin() >= 4 and fmt.topMargin() >= 6, block.text()  # never touching a table
        block = block.next()
    assert "Trainees" in headings and "How the class answered each key claim" in headings
    text = doc.toPlainText()
    for claim in class_debrief.key:  # every key claim in full: nothing the reader needs is cut
        assert class_debrief.text[claim.start : claim.end] in text
    # the matching rule is a footnote: a rule line above it, space, smaller type
    rule_block = doc.findBlock(text.index(MATCHING_RULE))
    ruler = rule_block.previous()
    assert ruler.blockFormat().hasProperty(QTextFormat.Property.BlockTrailingHorizontalRulerWidth)
    assert ruler.blockFormat().topMargin() >= 12
    assert rule_block.begin().fragment().charFormat().fontPointSize() < 10.5


def test_the_print_dialog_suggests_a_name_windows_accepts(class_debrief) -> None:
    doc = printing.debrief_document(class_debrief)
    title = printing._title(doc)
    assert ":" in title
    name = printing.print_name(doc)
    assert not set(name) & set('<>:"/\\|?*') and name.startswith("Class debrief")


@pytest.mark.parametrize("trainees", [1, TRAINEES])
def test_debrief_table_headings_are_never_broken_inside_a_word(tmp_path: Path, trainees: int) -> None:
    # the PDF of one trainee's debrief: the key-claim table read "confirme|d", "unverifie|d", "righ|t"
    from PySide6.QtGui import QTextCursor

    doc = printing.debrief_document(make_debrief(tmp_path, trainees))
    printing.write_pdf(doc, tmp_path / "d.pdf")  # laid out on the page, as Save as PDF does
    broken = []
    cursor = QTextCursor(doc)
    block = doc.begin()
    while block.isValid():
        cursor.setPosition(block.position())
        layout = block.layout()
        if cursor.currentTable() is not None and layout.lineCount() > 1:
            text = block.text()
            for i in range(1, layout.lineCount()):
                cut = layout.lineAt(i).textStart()
                if 0 < cut < len(text) and text[cut - 1].isalnum() and text[cut].isalnum():
                    broken.append(f"{text[:cut]}|{text[cut:]}")
        block = block.next()
    assert broken == []
