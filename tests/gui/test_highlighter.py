"""Highlight layers on a bare QTextDocument, read back from each block's layout formats."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCharFormat, QTextDocument

from claimmark.core.claims import Tag
from claimmark.gui.common.highlighter import LayeredHighlighter, Span
from claimmark.gui.common.palette import claim_format, entity_format
from claimmark.gui.common.qt_offsets import OffsetMap


def formats(doc: QTextDocument, block_number: int) -> list[tuple[int, int, QTextCharFormat]]:
    doc.findChild(LayeredHighlighter).flush()
    block = doc.findBlockByNumber(block_number)
    return [(r.start, r.start + r.length, QTextCharFormat(r.format)) for r in block.layout().formats()]


def make(text: str) -> tuple[QTextDocument, LayeredHighlighter]:
    doc = QTextDocument(text)
    return doc, LayeredHighlighter(doc, order=("entities", "claims"))


def test_overlapping_layers_merge_entity_background_and_claim_underline(qapp) -> None:
    doc, hl = make("Kim met Putin in Moscow.")
    hl.set_layer("entities", [Span(0, 3, "PERSON"), Span(8, 13, "PERSON")], {"PERSON": entity_format("PERSON")})
    hl.set_layer("claims", [Span(0, 13, "estimated")], {t.value: claim_format(t) for t in Tag})
    ranges = formats(doc, 0)
    assert [(s, e) for s, e, _ in ranges] == [(0, 3), (3, 8), (8, 13)]
    kim, middle, putin = (f for _, _, f in ranges)
    assert kim.background().color() == entity_format("PERSON").background().color()
    assert kim.underlineStyle() == QTextCharFormat.UnderlineStyle.DashUnderline
    assert middle.background().color() != kim.background().color()
    assert middle.underlineStyle() == QTextCharFormat.UnderlineStyle.DashUnderline
    assert putin.background().color() == kim.background().color()


def test_tags_differ_by_underline_style_not_only_colour(qapp) -> None:
    styles = {claim_format(t).underlineStyle() for t in Tag}
    colours = {claim_format(t).underlineColor().name() for t in Tag}
    assert len(styles) == 3 and len(colours) == 3


def test_spans_across_blocks_and_hidden_labels(qapp) -> None:
    doc, hl = make("First paragraph here.\nSecond one.")
    hl.set_layer("claims", [Span(6, 28, "confirmed")], {t.value: claim_format(t) for t in Tag})
    assert [(s, e) for s, e, _ in formats(doc, 0)] == [(6, 21)]
    assert [(s, e) for s, e, _ in formats(doc, 1)] == [(0, 6)]
    hl.set_layer("entities", [Span(22, 28, "ORDINAL")], {"ORDINAL": entity_format("ORDINAL")})
    assert formats(doc, 1)[0][2].background().color() != QColor(0, 0, 0, 0)
    hl.set_hidden("entities", {"ORDINAL"})
    assert all(f.background().style() == Qt.BrushStyle.NoBrush for _, _, f in formats(doc, 1))
    hl.set_layer("claims", [], {})
    hl.set_hidden("entities", set())
    assert [(s, e) for s, e, _ in formats(doc, 0)] == []


def test_offset_map_converts_emoji_both_ways() -> None:
    text = "a😀b🎉🎉c é"
    m = OffsetMap(text)
    for i in range(len(text) + 1):
        qt = len(text[:i].encode("utf-16-le")) // 2
        assert m.to_qt(i) == qt and m.to_core(qt) == i
    assert m.qt_length == len(text.encode("utf-16-le")) // 2
    assert m.to_core(2) == 1  # inside the first emoji's surrogate pair: moves to its start


def test_offset_map_counts_crlf_as_one_block_break(qapp) -> None:
    r"""QTextDocument turns "\r\n" into one block break; \r, \n, \u2028 and \u2029 keep one position each."""
    text = "a\r\nb😀\u2028c\r\n\r\nd\u2029e\rf\ng"
    doc = QTextDocument()
    doc.setPlainText(text)
    m = OffsetMap(text)
    assert m.qt_length == doc.characterCount() - 1
    raw = doc.toRawText().encode("utf-16-le")
    units = [int.from_bytes(raw[k : k + 2], "little") for k in range(0, len(raw), 2)]  # Qt's positions
    for i, ch in enumerate(text):
        if text[i - 1 : i + 1] == "\r\n":
            assert m.to_qt(i + 1) == m.to_qt(i)  # the "\n" of a pair takes no position of its own
            continue
        unit = units[m.to_qt(i)]
        wanted = 0x2029 if ch in "\r\n\u2029" else int.from_bytes(ch.encode("utf-16-le")[:2], "little")
        assert unit == wanted
        assert m.to_core(m.to_qt(i)) == i
    assert m.to_core(m.qt_length) == len(text)
    assert m.to_core(m.to_qt(text.index("b"))) == text.index("b")  # after a pair: its next character


def test_large_changes_are_drawn_in_slices_and_all_arrive(qapp, qtbot) -> None:
    text = "\n".join(f"Paragraph {i} names Kim." for i in range(2000))
    doc = QTextDocument(text)
    hl = LayeredHighlighter(doc, order=("entities", "claims"))
    spans = []
    block = doc.begin()
    while block.isValid():
        start = block.position() + block.text().index("Kim")
        spans.append(Span(start, start + 3, "PERSON"))
        block = block.next()
    hl.set_layer("entities", spans, {"PERSON": entity_format("PERSON")})
    assert hl.pending() > 0  # not all drawn in one go
    qtbot.waitUntil(lambda: hl.pending() == 0, timeout=10_000)
    last = doc.findBlockByNumber(1999)
    ranges = [(r.start, r.length) for r in last.layout().formats()]
    assert ranges == [(last.text().index("Kim"), 3)]
