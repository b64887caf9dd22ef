"""Paper: a trainee's feedback and the class debrief as printable documents (QtPrintSupport).

Each report is built as its own ``QTextDocument`` (never the reader's document): headings,
tables, and the article with the same formats as on screen plus a small numbered mark after
each span ("[3 ✓]"), so that it reads in black and white.  :func:`write_pdf` saves it with
``QPrinter``'s PDF output; :func:`print_with_dialog` and :func:`preview` use Qt's print and
preview dialogs.  :class:`PrintButtons` offers all three in a window, and :class:`ReportWindow`
is the window a report is shown in (the feedback and the debrief windows).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QMarginsF, QObject, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QKeySequence,
    QPageLayout,
    QPageSize,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFrameFormat,
    QTextLength,
    QTextOption,
    QTextTableFormat,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from claimmark.core.claims import Tag
from claimmark.core.classroom import Debrief, Feedback, FeedbackItem, Mark
from claimmark.core.classroom.agreement import (
    ALPHA_SOURCE,
    KAPPA_SOURCE,
    UNIT_OF_ANALYSIS,
    Agreement,
    alpha_reading,
    kappa_reading,
)
from claimmark.core.classroom.report import MATCHING_RULE
from claimmark.core.text import excerpt, safe_file_name
from claimmark.gui.classroom.marks import (
    FEEDBACK_KEYS,
    HEAT_LEVELS,
    MISSED,
    SYMBOLS,
    feedback_formats,
    feedback_key,
    heat_colour,
    heat_formats,
    heat_key,
    heat_level_range,
    mark_drawing,
    mark_name,
    superscript,
)
from claimmark.gui.common import file_dialogs, plain
from claimmark.gui.common.file_dialogs import FileKind
from claimmark.gui.common.palette import claim_format, tag_description
from claimmark.gui.common.qt_offsets import OffsetMap
from claimmark.gui.common.settings import Settings


def _tr(text: str) -> str:
    return QCoreApplication.translate("Printing", text)


def _when(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _ratio(part: int, whole: int, share: float | None) -> str:
    return "—" if share is None else f"{part} / {whole} ({share:.0%})"


KEEP_WITH_NEXT = QTextFormat.Property.UserProperty + 1
"""A block property: this block (a heading) goes on the page of the block after it."""

HEADING_POINTS = {1: 16.0, 2: 13.0, 3: 11.5}


class _Writer:
    """Appends headings, paragraphs, tables and formatted runs to a document.

    Every block gets its own block format (inserted HTML would merge into the block before it
    and lose its heading level and margins: headings then touched the tables under them).
    """

    def __init__(self, title: str) -> None:
        self.doc = QTextDocument()
        self.doc.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, title)
        font = QFont()
        font.setPointSizeF(10.5)
        self.doc.setDefaultFont(font)
        # wrap between words only: a narrow table column widens to its longest word rather than
        # breaking it ("confirme|d" under a column heading)
        option = self.doc.defaultTextOption()
        option.setWrapMode(QTextOption.WrapMode.WordWrap)
        self.doc.setDefaultTextOption(option)
        self.cursor = QTextCursor(self.doc)
        self._fresh = True  # the document's first, empty block is still to be used
        self._need_block = True  # the next run starts a paragraph of its own

    def _block(self, block: QTextBlockFormat, char: QTextCharFormat | None = None) -> None:
        """Start a block with these formats (the first one uses the document's empty block)."""
        self.cursor.movePosition(QTextCursor.MoveOperation.End)
        char = char or QTextCharFormat()
        if self._fresh:
            self.cursor.setBlockFormat(block)
            self.cursor.setBlockCharFormat(char)
            self.cursor.setCharFormat(char)
            self._fresh = False
        else:
            self.cursor.insertBlock(block, char)

    def heading(self, text: str, level: int = 1) -> None:
        """A heading, kept on the page of what follows it (see ``_paginate``)."""
        block = QTextBlockFormat()
        block.setHeadingLevel(level)
        block.setTopMargin(14 if level < 3 else 8)
        block.setBottomMargin(6)
        block.setProperty(KEEP_WITH_NEXT, True)
        char = QTextCharFormat()
        char.setFontWeight(QFont.Weight.Bold)
        char.setFontPointSize(HEADING_POINTS.get(level, 11.0))
        self._block(block, char)
        self.cursor.insertText(text, char)
        self._need_block = True

    def paragraph(self, text: str, *, bold: bool = False, italic: bool = False) -> None:
        char = QTextCharFormat()
        if bold:
            char.setFontWeight(QFont.Weight.Bold)
        char.setFontItalic(italic)
        self._paragraph_block()
        self.cursor.insertText(text, char)
        self._need_block = True

    def rich(self, parts: Sequence[tuple[str, QTextCharFormat | None]]) -> None:
        """A paragraph of runs, each in its own format (plain text: never read as markup)."""
        self._paragraph_block()
        for text, fmt in parts:
            self.cursor.insertText(text, fmt or QTextCharFormat())
        self._need_block = True

    def _paragraph_block(self) -> None:
        block = QTextBlockFormat()
        block.setBottomMargin(4)
        self._block(block)

    def footnote(self, text: str) -> None:
        """A note set apart from what comes before (a rule above it, smaller type)."""
        block = QTextBlockFormat()
        block.setTopMargin(18)
        block.setProperty(
            QTextFormat.Property.BlockTrailingHorizontalRulerWidth, QTextLength(QTextLength.Type.PercentageLength, 100)
        )
        self._block(block)
        self._paragraph_block()
        char = QTextCharFormat()
        char.setFontPointSize(9.0)
        char.setFontItalic(True)
        self.cursor.insertText(text, char)
        self._need_block = True

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[str]], *, wide: int | None = None) -> None:
        """A table whose heading row repeats on each page it runs onto; cells wrap, never cut.
        ``wide``: the column that takes a third of the width or more (a claim's text)."""
        self._paragraph_block()
        fmt = QTextTableFormat()
        fmt.setBorder(1)
        fmt.setBorderBrush(QColor("#888888"))
        fmt.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
        if wide is not None:
            fmt.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
            fmt.setColumnWidthConstraints(
                [
                    QTextLength(QTextLength.Type.PercentageLength, 30)
                    if column == wide
                    else QTextLength(QTextLength.Type.VariableLength, 0)
                    for column in range(len(headers))
                ]
            )
        fmt.setBorderCollapse(True)
        fmt.setCellPadding(3)
        fmt.setCellSpacing(0)
        fmt.setHeaderRowCount(1)
        fmt.setTopMargin(2)
        fmt.setBottomMargin(8)
        table = self.cursor.insertTable(len(rows) + 1, len(headers), fmt)
        bold = QTextCharFormat()
        bold.setFontWeight(QFont.Weight.Bold)
        for column, text in enumerate(headers):
            table.cellAt(0, column).firstCursorPosition().insertText(text, bold)
        for r, row in enumerate(rows, start=1):
            for column, text in enumerate(row):
                table.cellAt(r, column).firstCursorPosition().insertText(text, QTextCharFormat())
        self.cursor.movePosition(QTextCursor.MoveOperation.End)
        self._need_block = True

    def run(self, text: str, fmt: QTextCharFormat | None = None) -> None:
        """Text at the end of the current line of runs (``new_block`` ends the line)."""
        if self._need_block:
            self._paragraph_block()
            self._need_block = False
        self.cursor.movePosition(QTextCursor.MoveOperation.End)
        self.cursor.insertText(text, fmt or QTextCharFormat())

    def new_block(self) -> None:
        self._need_block = True

    def article(
        self,
        text: str,
        spans: Sequence[tuple[int, int, QTextCharFormat]],
        marks: Sequence[tuple[int, str]],
    ) -> None:
        """The article text with formats merged over spans (code points) and a superscript
        mark inserted at each (offset, mark)."""
        self._paragraph_block()
        self.cursor.setCharFormat(QTextCharFormat())
        base = self.cursor.position()
        self.cursor.insertText(text, QTextCharFormat())
        offsets = OffsetMap(text)
        cursor = QTextCursor(self.doc)
        for start, end, fmt in spans:
            qs, qe = offsets.span_to_qt(start, end)
            cursor.setPosition(base + qs)
            cursor.setPosition(base + qe, QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(fmt)
        # insert from the end so that earlier positions stay where they were
        # (marks at one offset keep their order: the later one is inserted first)
        for _, offset, mark in sorted(((i, o, m) for i, (o, m) in enumerate(marks)), key=lambda m: (m[1], m[0]))[::-1]:
            cursor.setPosition(base + offsets.to_qt(offset))
            cursor.insertText(mark, superscript())
        self.new_block()


# --- feedback ---------------------------------------------------------------------------------


def feedback_lines(fb: Feedback) -> list[str]:
    """The score in three sentences (the window's summary says the same)."""
    s = fb.score
    found = (
        _tr("Key claims found: {0}").format(_ratio(s.found, s.key_claims, s.found_share))
        if s.key_claims
        else _tr("Key claims found: none to find (the key has no claims)")
    )
    accuracy = (
        _tr("Tag accuracy: {0}, the key's tag on the key claims found").format(
            _ratio(s.tags_right, s.found, s.tag_accuracy)
        )
        if s.found
        else _tr("Tag accuracy: no key claim was found, so there is nothing to compare")
    )
    extra = _tr("Not in the key: {0} (not errors: a key need not list every claim)").format(s.extra)
    return [found, accuracy, extra]


def item_tags(item: FeedbackItem) -> str:
    if item.mark is Mark.FOUND and item.key is not None and item.trainee is not None:
        if item.tag_right:
            return _tr("you and the key: {0}").format(item.key.tag.value)
        return _tr("you: {0}; key: {1}").format(item.trainee.tag.value, item.key.tag.value)
    if item.mark is Mark.MISSED and item.key is not None:
        return _tr("key: {0}").format(item.key.tag.value)
    if item.trainee is not None:
        return _tr("you: {0}").format(item.trainee.tag.value)
    return ""


def _legend_feedback(w: _Writer) -> None:
    formats = feedback_formats()
    w.heading(_tr("How to read the marks"), 3)
    for key in FEEDBACK_KEYS:
        sample = QTextCharFormat(claim_format(Tag.CONFIRMED)) if key != MISSED else QTextCharFormat()
        sample.merge(formats[key])
        w.run(f"[n {SYMBOLS[key]}] ", superscript())
        w.run(_tr("sample words"), sample)
        w.run(f"  {mark_name(key)}: {mark_drawing(key)}")
        w.new_block()
    for tag in Tag:
        w.run(f"{tag.letter} ", superscript())
        w.run(tag.value, claim_format(tag))
        w.run(f"  {tag_description(tag)}")
        w.new_block()


def feedback_document(fb: Feedback, cue_names: Mapping[int, str] | None = None) -> QTextDocument:
    """The feedback to print; ``cue_names``: the reading cues in each missed or mistagged key claim
    (by item), named beside the key's explanation."""
    cue_names = cue_names or {}
    title = _tr("Feedback: {0}").format(fb.exercise_title)
    w = _Writer(title)
    w.heading(title)
    w.paragraph(_tr("{0} · submitted {1} · article: {2}").format(fb.trainee, _when(fb.submitted_at), fb.article_title))
    for line in feedback_lines(fb):
        w.paragraph(line, bold=True)
    _legend_feedback(w)

    w.heading(_tr("The article"), 2)
    formats = feedback_formats()
    spans: list[tuple[int, int, QTextCharFormat]] = []
    marks: list[tuple[int, str]] = []
    for n, item in enumerate(fb.items, start=1):
        key = feedback_key(item)
        if item.trainee is not None:
            spans.append((item.start, item.end, claim_format(item.trainee.tag)))
        spans.append((item.start, item.end, formats[key]))
        marks.append((item.end, f"[{n} {SYMBOLS[key]}]"))
    w.article(fb.text, spans, marks)

    w.heading(_tr("Claim by claim"), 2)
    for n, item in enumerate(fb.items, start=1):
        key = feedback_key(item)
        bold = QTextCharFormat()
        bold.setFontWeight(QFont.Weight.Bold)
        # the claim in full: the reader needs all of it on paper (no tooltip there)
        w.rich(
            [
                (f"{n}. {SYMBOLS[key]} {mark_name(key)}", bold),
                (f" ({item_tags(item)}): “{fb.text[item.start : item.end]}”", None),
            ]
        )
        if item.explanation:
            w.paragraph(f"{_tr('Why (from the key):')} {item.explanation}")
        if item.trainee is not None and item.trainee.source:
            w.paragraph(f"{_tr('Your source:')} {item.trainee.source}", italic=True)
        if cue_names.get(n - 1):
            w.paragraph(f"{_tr('The words that tell:')} {cue_names[n - 1]}")
        if item.trainee is not None and item.trainee.note:
            w.paragraph(f"{_tr('Your note:')} {item.trainee.note}", italic=True)
    w.footnote(MATCHING_RULE)
    return w.doc


# --- debrief ----------------------------------------------------------------------------------


def _any_note(d: Debrief) -> bool:
    return any(r.note for r in d.rows)


def trainee_rows(d: Debrief) -> list[list[str]]:
    """One row a trainee; the Note column only when a trainee has a note (it was always empty)."""
    notes = _any_note(d)
    rows = []
    for r in d.rows:
        s = r.score
        rows.append(
            [
                r.trainee if r.counted_in_class else f"{r.trainee} *",
                _when(r.submitted_at),
                _ratio(s.found, s.key_claims, s.found_share),
                _ratio(s.tags_right, s.found, s.tag_accuracy),
                str(s.extra),
                *([r.note] if notes else []),
            ]
        )
    return rows


def trainee_headers(d: Debrief) -> list[str]:
    return [
        _tr("Trainee"),
        _tr("Submitted"),
        _tr("Key claims found"),
        _tr("Tag accuracy"),
        _tr("Not in the key"),
        *([_tr("Note")] if _any_note(d) else []),
    ]


def confusion_rows(d: Debrief) -> list[list[str]]:
    cf = d.confusion
    return [[k.value, *(str(cf.count(k, t)) for t in Tag), str(cf.missed.get(k, 0))] for k in Tag]


def confusion_headers() -> list[str]:
    return [_tr("Key tag \\ trainee tag"), *(t.value for t in Tag), _tr("missed")]


def answer_rows(d: Debrief, *, full: bool = False) -> list[list[str]]:
    """One row a key claim; ``full``: its whole text (on paper), else cut to 70 characters."""
    rows = []
    for a in d.answers:
        rows.append(
            [
                str(a.key_index + 1),
                d.text[a.key.start : a.key.end] if full else excerpt(d.text, a.key.start, a.key.end, 70),
                a.key.tag.value,
                *(str(a.tags.get(t, 0)) for t in Tag),
                str(a.missed),
                f"{a.right} / {a.trainees}",
            ]
        )
    return rows


def answer_headers() -> list[str]:
    return ["#", _tr("Key claim"), _tr("Key tag"), *(t.value for t in Tag), _tr("missed"), _tr("right")]


def _read(value: Agreement, reading: str, source: str) -> str:
    """The value and what it means ("0.512, moderate agreement (Landis & Koch, 1977)")."""
    if not reading:
        return value.text
    # the reading is core's English words: translated in the core context, as core's messages
    return _tr("{0}, {1} ({2})").format(value.text, QCoreApplication.translate("core", reading), source)


def agreement_lines(d: Debrief) -> list[str]:
    """How many were compared, then alpha and kappa, each with what it means on its documented scale."""
    a = d.agreement
    return [
        _tr("Trainees compared: {0}; words (units): {1}").format(a.trainees, a.units),
        _tr("Krippendorff's alpha (nominal): {0}").format(_read(a.alpha, alpha_reading(a.alpha), ALPHA_SOURCE)),
        _tr("Fleiss' kappa: {0}").format(_read(a.kappa, kappa_reading(a.kappa), KAPPA_SOURCE)),
    ]


def feedback_pdf_name(fb: Feedback) -> str:
    """ "Counting crowds - Ana Lima - feedback.pdf": safe on every system."""
    return safe_file_name([fb.exercise_title, fb.trainee, _tr("feedback")], "pdf")


def debrief_pdf_name(d: Debrief) -> str:
    return safe_file_name([d.title, _tr("class debrief")], "pdf")


def _legend_heat(w: _Writer, trainees: int) -> None:
    w.heading(_tr("How to read the shading"), 3)
    for level in range(1, HEAT_LEVELS + 1):
        fmt = QTextCharFormat()
        fmt.setBackground(heat_colour(level))
        w.run(_tr("sample words"), fmt)
        w.run(f"  {heat_level_range(level, trainees)}")
        w.new_block()
    for tag in Tag:
        w.run(tag.value, claim_format(tag))
        w.run(_tr("  most chose {0} ({1})").format(tag.value, tag_description(tag)))
        w.new_block()
    w.run(_tr("[n]"), superscript())
    w.run(_tr("  how many trainees tagged the words before the mark"))
    w.new_block()


def debrief_document(d: Debrief) -> QTextDocument:
    title = _tr("Class debrief: {0}").format(d.title)
    w = _Writer(title)
    w.heading(title)
    counted = len(d.counted)
    w.paragraph(_tr("Trainees who submitted: {0}; key claims: {1}").format(counted, len(d.key)))
    w.heading(_tr("Trainees"), 2)
    w.table(trainee_headers(d), trainee_rows(d))
    if any(not r.counted_in_class for r in d.rows):
        w.paragraph(_tr("* an earlier submission by a trainee who handed in again; not in the class figures."))
    w.heading(_tr("Agreement among trainees"), 2)
    for line in agreement_lines(d):
        w.paragraph(line)
    w.paragraph(UNIT_OF_ANALYSIS)
    if d.key:
        w.heading(_tr("Tags: the key's (rows) against the trainees' (columns)"), 2)
        w.table(confusion_headers(), confusion_rows(d))
        w.heading(_tr("How the class answered each key claim"), 2)
        w.table(answer_headers(), answer_rows(d, full=True), wide=1)
    w.heading(_tr("The article, shaded by how many trainees tagged each passage"), 2)
    _legend_heat(w, counted)
    formats = heat_formats()
    spans = [(h.start, h.end, formats[heat_key(h, counted)]) for h in d.heat]
    marks = [(h.end, f"[{h.tagged}]") for h in d.heat]
    w.article(d.text, spans, marks)
    w.footnote(MATCHING_RULE)
    return w.doc


# --- output -----------------------------------------------------------------------------------


def _setup(printer: QPrinter, title: str) -> None:
    printer.setDocName(title)
    printer.setCreator("ClaimMark")
    printer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(15, 15, 15, 15),
            QPageLayout.Unit.Millimeter,
        )
    )


def _title(doc: QTextDocument) -> str:
    return doc.metaInformation(QTextDocument.MetaInformation.DocumentTitle) or "ClaimMark"


def print_name(doc: QTextDocument) -> str:
    """The name the print dialog suggests for printing to a file (it takes the printer's
    document name): the title made safe on every system ("Class debrief: who?" has ':' and
    '?', which Windows refuses)."""
    return safe_file_name([_title(doc)], "pdf").removesuffix(".pdf")


LAYOUT_DPI = 96
"""Reports are laid out as on a screen (pixel sizes in tables stay visible) and scaled to the page."""


def _paginate(doc: QTextDocument, printer: QPrinter) -> int:
    """Cut the document into the printer's pages (printing then uses these pages); the page count."""
    page = printer.pageRect(QPrinter.Unit.Point).size()
    doc.setPageSize(page * (LAYOUT_DPI / 72))
    keep_headings_with_text(doc)
    return doc.pageCount()


def _page_of(y: float, height: float) -> int:
    return int(y // height)


def keep_headings_with_text(doc: QTextDocument) -> int:
    """Start each heading on a new page where it would end a page without the first line of
    what follows it, or be cut by the page's end; how many headings were moved.

    Qt lays out rich text without "keep with next": a heading could end page 1 (its top half
    even, cut off and repeated on page 2) and its table begin page 2.
    """
    height = doc.pageSize().height()
    if height <= 0:
        return 0
    layout = doc.documentLayout()
    moved = 0
    for _pass in range(100):  # each move can only push later blocks down: this ends
        block = doc.begin()
        while block.isValid():
            following = block.next()
            if _keeps(block) and following.isValid():
                rect = layout.blockBoundingRect(block)
                after = layout.blockBoundingRect(following)
                lines = following.layout()
                first_line = lines.lineAt(0).height() if lines is not None and lines.lineCount() else 0.0
                page = _page_of(rect.top() + block.blockFormat().topMargin(), height)
                if _page_of(rect.bottom(), height) != page or _page_of(after.top() + first_line, height) != page:
                    break
            block = following
        else:
            return moved
        # a heading right under another ("The article" then "How to read the shading") goes
        # with it: the first of them starts the new page
        while _keeps(block.previous()) and block.previous().next() == block:
            block = block.previous()
        fmt = block.blockFormat()
        fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
        QTextCursor(block).setBlockFormat(fmt)  # laid out again at once
        moved += 1
    return moved


def _keeps(block: QTextBlock) -> bool:
    """A heading still free to move to a new page."""
    fmt = block.blockFormat()
    return (
        block.isValid()
        and bool(fmt.property(KEEP_WITH_NEXT))
        and fmt.pageBreakPolicy() != QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore
    )


def write_pdf(doc: QTextDocument, path: str | os.PathLike[str]) -> int:
    """Save the document as a PDF file; the number of pages (OSError if it cannot be written)."""
    target = os.fspath(path)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(target)
    _setup(printer, _title(doc))
    pages = _paginate(doc, printer)
    doc.print_(printer)
    if not os.path.exists(target) or os.path.getsize(target) == 0:
        raise OSError(f"could not write {target}")
    return pages


def print_with_dialog(parent: QWidget, doc: QTextDocument) -> bool:
    """Qt's print dialog (which also offers printing to a PDF file); True if printed."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    _setup(printer, print_name(doc))
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    _paginate(doc, printer)
    doc.print_(printer)
    return True


def preview(parent: QWidget, doc: QTextDocument) -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    _setup(printer, print_name(doc))
    dialog = QPrintPreviewDialog(printer, parent)

    def paint(target: QPrinter) -> None:
        _paginate(doc, target)
        doc.print_(target)

    dialog.paintRequested.connect(paint)
    dialog.exec()


class PrintButtons(QObject):
    """Print…, Print preview… and Save as PDF… buttons for a window that shows a report.

    ``document`` makes the report's QTextDocument, or returns None while there is nothing to print;
    ``pdf_name`` gives the file name Save as PDF suggests (for what is shown then).
    """

    def __init__(
        self, parent: QWidget, document: Callable[[], QTextDocument | None], pdf_name: Callable[[], str]
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._document = document
        self._pdf_name = pdf_name
        self.print_button = QPushButton(_tr("&Print…"), parent)
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.print_button.clicked.connect(self.print_report)
        self.preview_button = QPushButton(_tr("Print pre&view…"), parent)
        self.preview_button.clicked.connect(self.preview_report)
        self.pdf_button = QPushButton(_tr("Save as P&DF…"), parent)
        self.pdf_button.clicked.connect(self.save_pdf_dialog)

    @property
    def buttons(self) -> list[QPushButton]:
        return [self.print_button, self.preview_button, self.pdf_button]

    def pdf_name(self) -> str:
        """The file name Save as PDF suggests."""
        return self._pdf_name()

    def save_pdf(self, path: str) -> None:
        document = self._document()
        assert document is not None
        write_pdf(document, path)

    def save_pdf_dialog(self) -> None:
        if self._document() is None:
            return
        path = file_dialogs.save_file(
            self._parent, Settings(), FileKind.PDF, _tr("Save as PDF"), self.pdf_name(), _tr("PDF files (*.pdf)")
        )
        if path:
            try:
                self.save_pdf(path)
            except OSError as exc:
                plain.critical(self._parent, _tr("Not saved"), _tr("Could not save {0}: {1}").format(path, exc))

    def print_report(self) -> None:
        document = self._document()
        if document is not None:
            print_with_dialog(self._parent, document)

    def preview_report(self) -> None:
        document = self._document()
        if document is not None:
            preview(self._parent, document)


class ReportWindow(QDialog):
    """A window that shows one report view, with a ``printing`` (:class:`PrintButtons`) for it."""

    printing: PrintButtons

    def __init__(self, parent: QWidget | None, name: str, size: tuple[int, int]) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.resize(*size)

    def lay_out(self, view: QWidget, buttons: Sequence[QPushButton], close_box: QDialogButtonBox) -> None:
        """``view`` above a row of ``buttons`` from the left and ``close_box`` (which closes the
        window) at the right.

        The widgets are made by the window, so the Tab order (the order they were made in) stays its own.
        """
        close_box.rejected.connect(self.close)
        close = close_box.button(QDialogButtonBox.StandardButton.Close)
        if close is not None:
            close.setDefault(True)  # Enter closes, as in any dialog, whatever has the focus
        row = QHBoxLayout()
        for button in buttons:
            button.setAutoDefault(False)  # else the first of them would take Enter ("Tagging guide")
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(close_box)
        layout = QVBoxLayout(self)
        layout.addWidget(view, 1)
        layout.addLayout(row)

    def save_pdf(self, path: str) -> None:
        self.printing.save_pdf(path)
