"""The reader: a read-only article with a keyboard caret, entity and claim highlights.

It knows nothing of the database.  It turns gestures into signals carrying code-point offsets
(converted in ``OffsetMap``) and draws what it is given.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QPoint, QRectF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QContextMenuEvent,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextLine,
    QTextOption,
    QWheelEvent,
)
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QTextEdit, QToolTip, QWidget

from claimmark.core.claims import Tag
from claimmark.core.reader.cues import ReadingCues, cue_kind_label, source_kind_label
from claimmark.gui.common import kinds, plain
from claimmark.gui.common.highlighter import LayeredHighlighter, Span
from claimmark.gui.common.palette import entity_format, is_dark, tag_colour
from claimmark.gui.common.qt_offsets import OffsetMap
from claimmark.gui.reader import claim_lines
from claimmark.gui.reader.reading_cues import cue_formats, cue_spans


@dataclass(frozen=True, slots=True)
class ClaimMark:
    """What the view needs to draw a claim (code-point offsets)."""

    claim_id: int
    start: int
    end: int
    tag: Tag


ZOOM_STEPS = (50, 67, 80, 90, 100, 110, 125, 150, 175, 200, 250, 300)
"""The article's text sizes, in percent (as a browser's zoom steps)."""


def _x(line: QTextLine, position: int) -> float:
    x: Any = line.cursorToX(position)  # a float, or (x, position) in some PySide6 versions
    return float(x[0] if isinstance(x, tuple) else x)


LINE_LAYERS: dict[str, Callable[[str], str]] = {
    "claims": lambda key: key,  # the key is the tag
    "heat": lambda key: key.partition("-")[2],  # "3-estimated": the tag most trainees gave
}
"""The layers whose spans get a tag's line drawn by the view, and how to read the tag from a key."""

Line = tuple[int, int, QTextLine, float, float]
"""A laid-out line: its first and last text position in the block, the line, its top and baseline
(in the block's coordinates)."""


def _visible_lines(block: QTextBlock, top: float, bottom: float) -> list[Line]:
    """The block's lines between ``top`` and ``bottom`` (block coordinates)."""
    layout = block.layout()
    origin = layout.position()
    lines = []
    for i in range(layout.lineCount()):
        line = layout.lineAt(i)
        y = origin.y() + line.y()
        if y > bottom:
            break
        if y + line.height() >= top:
            first = line.textStart()
            lines.append((first, first + line.textLength(), line, y, y + line.ascent()))
    return lines


def _line_pieces(
    block: QTextBlock, lines: Sequence[Line], start: int, end: int
) -> list[tuple[float, float, float, float, float]]:
    """(x from, x to, line top, baseline, line height) of each of ``lines`` that [start, end)
    (document positions) covers, in the block's coordinates."""
    base = block.position()
    lo, hi = max(start - base, 0), min(end - base, block.length() - 1)
    pieces: list[tuple[float, float, float, float, float]] = []
    if lo >= hi:
        return pieces
    x0 = block.layout().position().x()
    for first, last, line, y, baseline in lines:
        if last <= lo or first >= hi:
            continue
        x1, x2 = _x(line, max(lo, first)), _x(line, min(hi, last))
        if x2 < x1:  # right-to-left text
            x1, x2 = x2, x1
        pieces.append((x0 + x1, x0 + x2, y, baseline, line.height()))
    return pieces


TAG_KEYS = {Qt.Key.Key_1: Tag.CONFIRMED, Qt.Key.Key_2: Tag.ESTIMATED, Qt.Key.Key_3: Tag.UNVERIFIED}


class ArticleView(QPlainTextEdit):
    """Read-only article text with highlight layers.

    Signals carry code-point offsets into the article text.
    """

    tagRequested = Signal(int, int, object)  # start, end, Tag
    claimClicked = Signal(int)  # claim id
    offsetClicked = Signal(int)  # a click without a selection, at this code-point offset
    claimEditRequested = Signal(int)  # claim id: edit its note and source
    claimDeleteRequested = Signal(int)  # claim id
    nothingToTag = Signal(object)  # Tag: asked to tag with no words selected (only a caret)
    zoomChanged = Signal(int)  # percent

    LAYERS = ("entities", "heat", "cues", "claims", "feedback")
    """Draw order (later on top): entities, the class heat map, reading cues, claims, feedback marks."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleView")
        self.setReadOnly(True)
        # selectable by keyboard as well as mouse: a visible caret that arrows move
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursorWidth(2)
        self.setAccessibleName(self.tr("Article text"))
        self.setAccessibleDescription(
            self.tr(
                "The article. Select words (Shift+arrows, Ctrl+Shift+arrows by word), then press 1 confirmed, "
                "2 estimated or 3 unverified; F7 goes to the claims list."
            )
        )
        font = self.font()
        font.setPointSizeF(max(font.pointSizeF(), 11.5))
        self.setFont(font)
        self._base_point_size = font.pointSizeF()
        self._zoom = 100
        self.document().setDocumentMargin(14)
        self._map = OffsetMap("")
        self._text = ""
        self._entities: list[tuple[int, int, str]] = []
        self._explanations: dict[str, str] = {}
        self._claims: dict[int, ClaimMark] = {}
        self._current_claim: int | None = None
        self._cues: ReadingCues | None = None
        self._tagging = True
        self._tag_modifier: Qt.KeyboardModifier | None = Qt.KeyboardModifier.NoModifier
        self.highlighter = LayeredHighlighter(self.document(), order=self.LAYERS)
        self.highlighter.first_visible = lambda: self.firstVisibleBlock().blockNumber()
        self.tag_actions: list[QAction] = []
        # more tooltip lines for a code-point offset (the feedback and debrief views explain their marks)
        self.tooltip_lines: Callable[[int], list[str]] = lambda _offset: []

    # ------------------------------------------------------------------ content
    def set_article(self, text: str) -> None:
        self._text = text
        self._map = OffsetMap(text)
        self._entities = []
        self._claims = {}
        self._current_claim = None
        self._cues = None
        # the old article's highlights must not be drawn on the new text while new ones are found
        self.highlighter.clear()
        self.setPlainText(text)
        self.setExtraSelections([])
        self.moveCursor(QTextCursor.MoveOperation.Start)

    @property
    def text(self) -> str:
        return self._text

    def set_entities(self, entities: Sequence[tuple[int, int, str]], explanations: dict[str, str]) -> None:
        self._entities = sorted(entities)
        self._explanations = dict(explanations)
        labels = {label for _, _, label in self._entities}
        spans = [Span(*self._map.span_to_qt(s, e), label) for s, e, label in self._entities]
        dark = is_dark(self.palette())  # the view's own palette: a dark theme may be set on it alone
        self.highlighter.set_layer("entities", spans, {label: entity_format(label, dark) for label in labels})

    def set_cues(self, cues: ReadingCues | None) -> None:
        """Draw the reading cues (None: none drawn), and explain them in the tooltip."""
        self._cues = cues
        if cues is None:
            self.highlighter.set_layer("cues", [], {})
            return
        spans = [Span(*self._map.span_to_qt(s, e), key) for s, e, key in cue_spans(cues)]
        self.highlighter.set_layer("cues", spans, cue_formats())

    @property
    def cues(self) -> ReadingCues | None:
        """The reading cues drawn now (None when they are not shown)."""
        return self._cues

    def cue_lines(self, offset: int) -> list[str]:
        """The tooltip's lines for the cues and the source at a code-point offset (rich text, escaped)."""
        cues = self._cues
        if cues is None:
            return []
        lines = []
        for cue in cues.cues_within(offset, offset + 1):
            words = plain.escape(self._text[cue.start : cue.end])
            lines.append(f"<i>{words}</i> ({cue_kind_label(cue.kind)}): {plain.escape(cue.explanation)}")
        for attribution in cues.attributions:
            source = attribution.source
            if source is not None and source[0] <= offset < source[1]:
                lines.append(
                    self.tr("<i>{0}</i>: the source the text gives ({1})").format(
                        plain.escape(attribution.source_text), source_kind_label(attribution.source_kind)
                    )
                )
                break
        return lines

    def set_hidden_labels(self, hidden: Iterable[str]) -> None:
        self.highlighter.set_hidden("entities", set(hidden))

    def set_layer(
        self, name: str, spans: Iterable[tuple[int, int, str]], formats: Mapping[str, QTextCharFormat]
    ) -> None:
        """Draw (start, end, key) spans in code points on one of :data:`LAYERS` ("heat", "feedback")."""
        qt_spans = [Span(*self._map.span_to_qt(s, e), key) for s, e, key in spans]
        drawn = dict(formats)
        if name in LINE_LAYERS:  # this view draws the tag's line itself (see paintEvent), Qt's 1-px one is left out
            for key, fmt in drawn.items():
                fmt = QTextCharFormat(fmt)
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.NoUnderline)
                drawn[key] = fmt
        self.highlighter.set_layer(name, qt_spans, drawn)

    def set_tagging_enabled(self, enabled: bool) -> None:
        """Whether 1/2/3 and the tag actions tag the selection, and the right-click menu offers to
        edit or delete a claim (off for submitted work and reports)."""
        self._tagging = enabled
        for action in self.tag_actions:
            action.setEnabled(enabled)

    @property
    def tagging_enabled(self) -> bool:
        return self._tagging

    def set_claims(self, claims: Sequence[ClaimMark]) -> None:
        """Draw these claims in place of any drawn before."""
        ordered = sorted(claims, key=lambda c: (c.start, c.end, c.claim_id))
        self._claims = {c.claim_id: c for c in ordered}
        self.highlighter.set_layer(
            "claims", [self._span(c) for c in ordered], {tag.value: QTextCharFormat() for tag in Tag}
        )
        self.viewport().update()
        if self._current_claim is not None:
            self.mark_claim(self._current_claim, scroll=False)

    def change_claims(self, added: Sequence[ClaimMark] = (), removed: Sequence[ClaimMark] = ()) -> None:
        """Draw some claims anew and take others away; only the blocks they touch are re-drawn.

        A claim whose tag changed is removed as it was and added as it is.
        """
        for claim in removed:
            self._claims.pop(claim.claim_id, None)
        for claim in added:
            self._claims[claim.claim_id] = claim
        self.highlighter.change_layer(
            "claims", added=[self._span(c) for c in added], removed=[self._span(c) for c in removed]
        )
        if self._current_claim is not None and self._current_claim not in self._claims:
            self.mark_claim(None)
        self.viewport().update()

    def claim_mark(self, claim_id: int) -> ClaimMark | None:
        """The claim as it is drawn now."""
        return self._claims.get(claim_id)

    def _span(self, claim: ClaimMark) -> Span:
        return Span(*self._map.span_to_qt(claim.start, claim.end), claim.tag.value)

    # ------------------------------------------------------------------ selection
    def selection(self) -> tuple[int, int] | None:
        """The selected span in code points, or None if nothing is selected."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return self._map.span_to_core(cursor.selectionStart(), cursor.selectionEnd())

    def caret_offset(self) -> int:
        """Where the caret is, in code points."""
        return self._map.to_core(self.textCursor().position())

    def select_span(self, start: int, end: int) -> None:
        """Select [start, end) (code points), leaving the caret at the end."""
        cursor = self.textCursor()
        qs, qe = self._map.span_to_qt(start, end)
        cursor.setPosition(qs)
        cursor.setPosition(qe, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def mark_claim(self, claim_id: int | None, *, scroll: bool = True) -> None:
        """Outline one claim (the one selected in the claims panel) and scroll to it."""
        self._current_claim = claim_id
        claim = self._claims.get(claim_id) if claim_id is not None else None
        if claim is None:
            self.setExtraSelections([])
            self.viewport().update()
            return
        self._outline(claim.start, claim.end, scroll=scroll)

    def mark_span(self, span: tuple[int, int] | None, *, scroll: bool = True) -> None:
        """Outline any span (code points), e.g. a missed key claim, and scroll to it; None clears."""
        self._current_claim = None
        if span is None:
            self.setExtraSelections([])
            self.viewport().update()
            return
        self._outline(*span, scroll=scroll)

    def marked_span(self) -> tuple[int, int] | None:
        """The outlined span in code points, or None."""
        selections = self.extraSelections()
        if not selections:
            return None
        cursor = selections[0].cursor
        return self._map.span_to_core(cursor.selectionStart(), cursor.selectionEnd())

    def _outline(self, start: int, end: int, *, scroll: bool) -> None:
        extra = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        qs, qe = self._map.span_to_qt(start, end)
        cursor.setPosition(qs)
        cursor.setPosition(qe, QTextCursor.MoveMode.KeepAnchor)
        fmt = QTextCharFormat()
        fmt.setFontWeight(600)  # bold, and a frame drawn in paintEvent: the entity shades stay visible
        extra.cursor = cursor
        extra.format = fmt
        self.setExtraSelections([extra])
        self.viewport().update()
        if scroll:
            # the whole span in view where it fits (its end first, then its start): showing
            # only the start's line left a claim near the article's end cut off at the bottom
            caret = QTextCursor(self.document())
            caret.setPosition(qe)
            self.setTextCursor(caret)
            self.ensureCursorVisible()
            caret.setPosition(qs)
            self.setTextCursor(caret)
            self.ensureCursorVisible()

    def claims_at(self, offset: int) -> list[ClaimMark]:
        """Claims covering a code-point offset, shortest first."""
        found = [c for c in self._claims.values() if c.start <= offset < c.end]
        return sorted(found, key=lambda c: (c.end - c.start, c.start, c.claim_id))

    def entity_at(self, offset: int) -> tuple[int, int, str] | None:
        for start, end, label in self._entities:
            if start <= offset < end:
                return start, end, label
            if start > offset:
                break
        return None

    def offset_at(self, point: QPoint) -> int:
        return self._map.to_core(self.cursorForPosition(point).position())

    # ------------------------------------------------------------------ gestures
    def set_tag_modifier(self, modifier: Qt.KeyboardModifier | None) -> None:
        """With which modifier 1, 2, 3 tag the selection (NoModifier: the keys alone); None: they do not."""
        self._tag_modifier = modifier

    def keyPressEvent(self, event: QKeyEvent) -> None:
        tag = TAG_KEYS.get(Qt.Key(event.key()))
        wanted = self._tag_modifier
        pressed = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if tag is not None and wanted is not None and pressed == wanted:
            self.request_tag(tag)
            event.accept()
            return
        super().keyPressEvent(event)

    def request_tag(self, tag: Tag) -> None:
        span = self.selection()
        if span is not None and self._tagging:
            self.tagRequested.emit(span[0], span[1], tag)
        else:
            self.nothingToTag.emit(tag)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            offset = self.offset_at(event.position().toPoint())
            hits = self.claims_at(offset)
            if hits:
                self.claimClicked.emit(hits[0].claim_id)
            self.offsetClicked.emit(offset)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.context_menu(self.offset_at(event.pos()))
        menu.exec(event.globalPos())
        menu.deleteLater()

    def context_menu(self, offset: int) -> QMenu:
        """The right-click menu at a code-point offset: tag the selection; edit or delete the claim there."""
        menu = self.createStandardContextMenu()
        first = menu.actions()[0] if menu.actions() else None
        ours: list[QAction] = list(self.tag_actions)
        hits = self.claims_at(offset)
        if hits and self._tagging:  # not in submitted work or reports, where claims cannot change
            claim = hits[0]
            edit = QAction(self.tr("Go to this claim's note and source (in the claims panel)"), menu)
            edit.triggered.connect(lambda: self.claimEditRequested.emit(claim.claim_id))
            delete = QAction(self.tr("Delete this claim ({0})").format(claim.tag.value), menu)
            delete.triggered.connect(lambda: self.claimDeleteRequested.emit(claim.claim_id))
            ours += [edit, delete]
        if first is not None:
            menu.insertActions(first, ours)
            menu.insertSeparator(first)
        else:
            menu.addActions(ours)
        return menu

    def tooltip_at(self, offset: int) -> str:
        """What hovering at a code-point offset shows: the entity, its kind explained, and claims."""
        lines = []
        entity = self.entity_at(offset)
        if entity is not None:
            start, end, label = entity
            meaning = kinds.meaning(label, self._explanations.get(label, label))
            lines.append(
                f"<b>{plain.escape(self._text[start:end])}</b>: {plain.escape(kinds.name(label))}"
                f" ({plain.escape(meaning)})<br><small>{self.tr('spaCy label')} {plain.escape(label)}</small>"
            )
        lines.extend(self.cue_lines(offset))
        for claim in self.claims_at(offset):
            lines.append(self.tr("Claim tagged <b>{0}</b>").format(claim.tag.value))
        lines.extend(self.tooltip_lines(offset))
        return "<br>".join(lines)

    # ------------------------------------------------------------------ drawing claims
    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        try:
            self._paint_claims(painter, event.rect().top(), event.rect().bottom())
        finally:
            painter.end()

    def _paint_claims(self, painter: QPainter, top: float, bottom: float) -> None:
        """Each visible claim's line (solid, dashed, wavy by tag), then the marked span's frame."""
        dark = is_dark(self.palette())
        colours = {tag.value: (tag, tag_colour(tag, dark)) for tag in Tag}
        marked = self.extraSelections()
        marked_span = (marked[0].cursor.selectionStart(), marked[0].cursor.selectionEnd()) if marked else None
        frame_colour = self.palette().color(QPalette.ColorRole.Text)
        offset = self.contentOffset()
        block = self.firstVisibleBlock()
        width = claim_lines.line_width(self.fontMetrics().height())
        while block.isValid():
            geometry = self.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > bottom:
                break
            if geometry.bottom() >= top and block.isVisible():
                # only the block's lines on screen (a paragraph may run far past the window)
                lines = _visible_lines(block, top - geometry.top() - 2 * width, bottom - geometry.top() + 2 * width)
                spans = [
                    (span, tag_of(span.key))
                    for layer, tag_of in LINE_LAYERS.items()
                    for span in self.highlighter.block_spans(layer, block.blockNumber())
                ]
                lanes = claim_lines.lanes([span for span, _ in spans])
                for span, tag_name in spans:
                    if tag_name not in colours:
                        continue
                    tag, colour = colours[tag_name]
                    for x1, x2, _top, baseline, _height in _line_pieces(block, lines, span.start, span.end):
                        y = claim_lines.on_grid(geometry.top() + baseline + width * (1.2 + 2.2 * lanes[span]), width)
                        claim_lines.draw_line(painter, tag, colour, x1, x2, y, width)
                if marked_span is not None:
                    for x1, x2, line_top, _baseline, height in _line_pieces(block, lines, *marked_span):
                        rect = QRectF(x1, geometry.top() + line_top, x2 - x1, height)
                        claim_lines.draw_frame(
                            painter, rect, frame_colour, max(1.5, width * 0.75), bottom=self._current_claim is None
                        )
            block = block.next()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # the system went dark (or light): shades to match
            dark = is_dark(self.palette())
            labels = {label for _, _, label in self._entities}
            self.highlighter.restyle("entities", {label: entity_format(label, dark) for label in labels})
            self.viewport().update()

    # ------------------------------------------------------------------ zoom
    def zoom(self) -> int:
        """The article's text size, in percent of its normal size."""
        return self._zoom

    def set_zoom(self, percent: int) -> None:
        """Show the text at ``percent`` of its normal size (kept within ZOOM_STEPS' range)."""
        percent = max(ZOOM_STEPS[0], min(ZOOM_STEPS[-1], int(percent)))
        font = self.font()
        font.setPointSizeF(self._base_point_size * percent / 100)
        self.setFont(font)
        changed = percent != self._zoom
        self._zoom = percent
        self.viewport().update()
        if changed:
            self.zoomChanged.emit(percent)

    def zoom_by(self, steps: int) -> None:
        """One step larger (1) or smaller (-1) through ZOOM_STEPS."""
        now = self._zoom
        if steps > 0:
            bigger = [z for z in ZOOM_STEPS if z > now]
            self.set_zoom(bigger[0] if bigger else ZOOM_STEPS[-1])
        else:
            smaller = [z for z in ZOOM_STEPS if z < now]
            self.set_zoom(smaller[-1] if smaller else ZOOM_STEPS[0])

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:  # Ctrl+wheel: the same steps as Ctrl++ / Ctrl+-
            delta = event.angleDelta().y()
            if delta:
                self.zoom_by(1 if delta > 0 else -1)
            event.accept()
            return
        super().wheelEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            tip = self.tooltip_at(self.offset_at(event.pos()))
            if tip:
                QToolTip.showText(event.globalPos(), tip, self)
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)
