"""The claims panel: every claim in text order, and an editor for the selected one.

It emits requests (retag, note, source, delete) with claim ids; the main window turns them
into undoable core operations.  It never writes to the database itself.  It shows frozen
``ClaimRecord`` values; after an edit it is given the edit's ``Change`` and updates only the
rows concerned, so an edit costs the same with 5 claims or 5,000.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QKeySequence, QPalette, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from claimmark.core.claims import Tag
from claimmark.core.reader.operations import Change
from claimmark.core.storage.records import ClaimRecord
from claimmark.core.text import excerpt
from claimmark.gui.common import plain
from claimmark.gui.common.palette import tag_colour

Index = QModelIndex | QPersistentModelIndex
NOTE_PAUSE_MS = 800


def tag_summary(counts: Mapping[Tag, int]) -> str:
    """ "3 claims (1 confirmed, 2 estimated, 0 unverified)": the panel and the submit dialog."""
    total = sum(counts.values())
    tr = QCoreApplication.translate
    if total == 0:
        return tr("ClaimsPanel", "no claims")
    counted = tr("ClaimsPanel", "1 claim") if total == 1 else tr("ClaimsPanel", "{0} claims").format(total)
    return f"{counted} (" + ", ".join(f"{counts.get(t, 0)} {t.value}" for t in Tag) + ")"


class ClaimsModel(QAbstractTableModel):
    COLUMNS = ("Tag", "Claim", "Source", "Note")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._claims: list[ClaimRecord] = []  # in text order
        self._orders: list[tuple[int, int, int]] = []  # their sort keys, for bisection
        self._order_of: dict[int, tuple[int, int, int]] = {}
        self._text = ""
        # notes being typed, not saved yet (after the typing pause): the list follows the field at
        # once, its undo and redo included
        self._drafts: dict[int, str] = {}
        # more for the source's tooltip: who the text gives the claim's words to, and their kind
        self.source_note: Callable[[ClaimRecord], str] = lambda _claim: ""

    def set_claims(self, text: str, claims: Sequence[ClaimRecord]) -> None:
        self.beginResetModel()
        self._text = text
        self._claims = sorted(claims, key=lambda c: c.order)
        self._orders = [c.order for c in self._claims]
        self._order_of = {c.id: c.order for c in self._claims}
        self._drafts.clear()
        self.endResetModel()

    def set_draft(self, claim_id: int, note: str | None) -> None:
        """Show ``note`` as the claim's note until it is saved (None: show the saved one)."""
        if note is None:
            if self._drafts.pop(claim_id, None) is None:
                return
        else:
            self._drafts[claim_id] = note
        row = self.row_of(claim_id)
        if row is not None:
            cell = self.index(row, 3)
            self.dataChanged.emit(cell, cell)

    def apply(self, change: Change) -> None:
        """Follow one edit: remove, change and insert only the rows it names."""
        for claim in change.removed:
            self._drafts.pop(claim.id, None)
            self._remove(claim.id)
        for claim in change.updated:
            self._drafts.pop(claim.id, None)
            row = self.row_of(claim.id)
            if row is not None and self._claims[row].order == claim.order:
                self._claims[row] = claim
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))
            else:
                self._remove(claim.id)
                self._insert(claim)
        for claim in change.added:
            self._insert(claim)

    def _remove(self, claim_id: int) -> None:
        row = self.row_of(claim_id)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._claims[row], self._orders[row], self._order_of[claim_id]
        self.endRemoveRows()

    def _insert(self, claim: ClaimRecord) -> None:
        row = bisect.bisect_left(self._orders, claim.order)
        self.beginInsertRows(QModelIndex(), row, row)
        self._claims.insert(row, claim)
        self._orders.insert(row, claim.order)
        self._order_of[claim.id] = claim.order
        self.endInsertRows()

    def refresh_sources(self) -> None:
        """The source tooltips changed (the reading cues were shown or hidden)."""
        if self._claims:
            self.dataChanged.emit(self.index(0, 2), self.index(len(self._claims) - 1, 2))

    def claim(self, row: int) -> ClaimRecord | None:
        return self._claims[row] if 0 <= row < len(self._claims) else None

    def row_of(self, claim_id: int) -> int | None:
        order = self._order_of.get(claim_id)
        return bisect.bisect_left(self._orders, order) if order is not None else None

    def note_of(self, claim: ClaimRecord) -> str:
        """The note as the field shows it: the one being typed, else the saved one."""
        return self._drafts.get(claim.id, claim.note)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt API)
        return 0 if parent.isValid() else len(self._claims)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt API)
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        claim = self.claim(index.row())
        if claim is None:
            return None
        column = index.column()
        tag = Tag(claim.tag)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return f"{tag.letter}  {tag.value}"
            if column == 1:  # from its start, on two lines: the view cuts the end off ("…")
                return " ".join(self._text[claim.start : min(claim.end, claim.start + 240)].split())
            if column == 2:
                return claim.source
            return " ".join(self.note_of(claim).split())
        if role == Qt.ItemDataRole.AccessibleTextRole:  # a screen reader: words, not the letter and spacing
            if column == 0:
                return tag.value
            if column == 1:
                return excerpt(self._text, claim.start, claim.end, 200)
            return (claim.source, " ".join(self.note_of(claim).split()))[column - 2] or self.tr("none")
        if role == Qt.ItemDataRole.ToolTipRole and column == 2:
            return plain.tip("\n".join(part for part in (claim.source, self.source_note(claim)) if part))
        if role == Qt.ItemDataRole.ToolTipRole and column in (1, 3):  # shown literally, never as markup
            return plain.tip((self._text[claim.start : claim.end], claim.source, self.note_of(claim))[column - 1])
        if role == Qt.ItemDataRole.ForegroundRole and column == 0:
            return QBrush(tag_colour(tag))
        if role == Qt.ItemDataRole.UserRole:
            return claim.id
        return None


class ClaimsPanel(QWidget):
    claimSelected = Signal(object)  # claim id or None
    retagRequested = Signal(int, object)  # claim id, Tag
    noteEdited = Signal(int, str)
    sourceEdited = Signal(int, str)
    deleteRequested = Signal(int)
    guideRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # the names to offer as a claim's source, each with its kind or '' (the window asks the
        # reader session; with the reading cues, the source the text attributes the claim to first)
        self.source_suggestions: Callable[[int], list[tuple[str, str]]] = lambda _claim_id: []
        self.model = ClaimsModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("claimsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Tab leaves the list for the editor below it (arrows move between rows), as Help >
        # Keyboard says; by default Qt's Tab walks the cells and changes the claim at each step
        self.table.setTabKeyNavigation(False)
        # the list with the keyboard in it is outlined, and its chosen row keeps the selection
        # colour when the focus is in the editor (Qt's dotted focus cell was almost invisible)
        self.table.setStyleSheet(
            "QTableView#claimsTable { border: 2px solid transparent; }"
            " QTableView#claimsTable:focus { border: 2px solid palette(highlight); }"
        )
        palette = self.table.palette()
        for role in (QPalette.ColorRole.Highlight, QPalette.ColorRole.HighlightedText):
            palette.setColor(QPalette.ColorGroup.Inactive, role, palette.color(QPalette.ColorGroup.Active, role))
        self.table.setPalette(palette)
        self.table.verticalHeader().setVisible(False)
        # two lines per claim in rows of one fixed height (measuring every row's text on each
        # edit would cost as sizing the tag column to its contents did)
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.table.fontMetrics().lineSpacing() * 2 + 8)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        # a fixed width for the tag column: sizing it to its contents re-measured every row on
        # each edit (about 70 ms with 5,000 claims)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        widest = max(self.table.fontMetrics().horizontalAdvance(f"{t.letter}  {t.value}") for t in Tag)
        header.resizeSection(0, widest + 24)
        # the claim gets the room; Source and Note start as wide as their headings (the user may
        # widen them), a fifth of the list each once they hold text
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        self._narrow = {
            column: header.fontMetrics().horizontalAdvance(self.model.headerData(column, Qt.Orientation.Horizontal,
                                                           Qt.ItemDataRole.DisplayRole)) + 28
            for column in (2, 3)
        }  # fmt: skip
        for column, width in self._narrow.items():
            header.resizeSection(column, width)
        header.sectionResized.connect(self._column_resized)
        self._user_widths: set[int] = set()
        self._fitting = False
        self.table.setAccessibleName(self.tr("Claims"))
        self.table.setAccessibleDescription(
            self.tr("Every claim in text order: its tag, words, source and note. Choosing one shows it in the article.")
        )
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        # a screen reader selects a row without moving the current one: the claim follows it
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        # only while the list has focus: a window-wide Delete would clash with the article's own
        # Delete (Qt runs neither of two shortcuts live at once) and fire from any other control
        self._delete_shortcut = QShortcut(QKeySequence.StandardKey.Delete, self.table, self._delete_current)
        self._delete_shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("claimCount")
        self.empty_hint = QLabel(self.tr("No claims yet. Select words in the article and press 1, 2 or 3."), self)
        self.empty_hint.setWordWrap(True)

        # editor for the selected claim
        self.tag_buttons = QButtonGroup(self)
        tag_row = QHBoxLayout()
        for tag in Tag:
            button = QPushButton(f"&{tag.shortcut} {tag.value}", self)
            button.setCheckable(True)
            button.setToolTip(self.tr("Retag the selected claim as {0}").format(tag.value))
            button.setAccessibleName(self.tr("Retag as {0}").format(tag.value))
            button.setAccessibleDescription(
                self.tr("Retag the selected claim as {0} (Alt+{1}); pressed: its tag now").format(
                    tag.value, tag.shortcut
                )
            )
            self.tag_buttons.addButton(button, list(Tag).index(tag))
            tag_row.addWidget(button)
        self.tag_buttons.idClicked.connect(self._tag_clicked)

        self.source_box = QComboBox(self)
        self.source_box.setEditable(True)
        self.source_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.source_box.setToolTip(self.tr("Who makes this claim: pick a name from its sentence or type one"))
        line_edit = self.source_box.lineEdit()
        assert line_edit is not None
        line_edit.setPlaceholderText(self.tr("who makes the claim"))
        self.source_box.setAccessibleName(self.tr("Source"))
        self.source_box.setAccessibleDescription(
            self.tr("Who makes the selected claim: a name from its sentence, or type one (Alt+S)")
        )
        line_edit.editingFinished.connect(self._source_done)
        self.source_box.activated.connect(self._source_chosen)

        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setPlaceholderText(self.tr("Why this tag? What evidence would change it?"))
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(90)
        self.note_edit.setAccessibleName(self.tr("Note"))
        self.note_edit.setAccessibleDescription(
            self.tr("Why this tag, and what evidence would change it (Alt+N); saved as you type")
        )
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(NOTE_PAUSE_MS)
        self._note_timer.timeout.connect(self._note_done)
        self.note_edit.textChanged.connect(self._note_typed)
        self.note_edit.installEventFilter(self)

        self.delete_button = QPushButton(self.tr("&Delete claim"), self)
        self.delete_button.clicked.connect(self._delete_current)
        self.delete_button.setAccessibleDescription(self.tr("Delete the selected claim (Delete; Ctrl+Z undoes it)"))
        guide = QPushButton(self.tr("Tagging &guide"), self)
        guide.setAccessibleDescription(self.tr("When a claim is confirmed, estimated or unverified, with examples"))
        guide.clicked.connect(self.guideRequested.emit)

        form = QFormLayout()
        form.addRow(self.tr("Tag:"), tag_row)
        form.addRow(self.tr("&Source:"), self.source_box)
        form.addRow(self.tr("&Note:"), self.note_edit)
        self.editor = QWidget(self)
        editor_layout = QVBoxLayout(self.editor)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.addLayout(form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(guide)

        layout = QVBoxLayout(self)
        layout.addWidget(self.count_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.editor)
        layout.addLayout(buttons)
        self._editing_id: int | None = None
        self._loading = False
        self._refresh_editor()

    # ------------------------------------------------------------------ content
    def set_claims(
        self, text: str, claims: Sequence[ClaimRecord], counts: Mapping[Tag, int], keep: int | None = None
    ) -> None:
        """Show ``claims`` (another article, or the same read again); keep ``keep`` selected if it is there."""
        self._flush_note()
        current = keep if keep is not None else self.current_claim_id()
        self.model.set_claims(text, claims)
        self._show_counts(counts)
        self.select_claim(current, emit=False)
        self._refresh_editor()

    def apply_change(self, change: Change, counts: Mapping[Tag, int], *, select: int | None = None) -> None:
        """Follow one edit (only its rows change); ``select`` the claim it touched, if given."""
        self._flush_note()
        current = self.current_claim_id()
        self.model.apply(change)
        self._show_counts(counts)
        chosen = select if select is not None else current
        self.select_claim(chosen, emit=False, scroll=select is not None)
        self._refresh_editor()

    def _show_counts(self, counts: Mapping[Tag, int]) -> None:
        self.count_label.setText(tag_summary(counts))
        self.empty_hint.setVisible(sum(counts.values()) == 0)
        self._fit_columns()

    def set_hints(self, *, note: str, empty: str) -> None:
        """The note field's placeholder and the empty list's hint (a key's notes are feedback)."""
        self.note_edit.setPlaceholderText(note)
        self.empty_hint.setText(empty)

    def focus_list(self) -> None:
        """Put the keyboard focus in the claims list (F7)."""
        self.table.setFocus()

    def set_editable(self, editable: bool) -> None:
        """Whether the claims can be changed here (not once they are handed in)."""
        self.editor.setVisible(editable)
        self.delete_button.setVisible(editable)
        self._delete_shortcut.setEnabled(editable)

    def current_claim_id(self) -> int | None:
        index = self.table.currentIndex()
        claim = self.model.claim(index.row()) if index.isValid() else None
        return claim.id if claim is not None else None

    def select_claim(self, claim_id: int | None, *, emit: bool = True, scroll: bool = True) -> None:
        row = self.model.row_of(claim_id) if claim_id is not None else None
        selection = self.table.selectionModel()
        if row is None:
            blocked = selection.blockSignals(True)
            selection.clearSelection()
            selection.setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.NoUpdate)
            selection.blockSignals(blocked)
            self._refresh_editor()
            return
        blocked = selection.blockSignals(not emit)
        index = self.model.index(row, 1)
        self.table.setCurrentIndex(index)
        selection.select(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        if scroll:
            self.table.scrollTo(index)
        selection.blockSignals(blocked)
        self._refresh_editor()

    def edit_claim(self, claim_id: int) -> None:
        """Select a claim and put the caret in its note (from the article's right-click menu)."""
        self.select_claim(claim_id)
        if self.current_claim_id() == claim_id:
            self.note_edit.setFocus()

    # ------------------------------------------------------------------ columns
    def _column_resized(self, column: int, _old: int, _new: int) -> None:
        if not self._fitting and column in self._narrow:
            self._user_widths.add(column)  # widened or narrowed by hand: kept

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Source and Note as wide as their headings while empty, else a fifth of the list each:
        the claim keeps the most room (a user's own widths stay)."""
        header = self.table.horizontalHeader()
        fifth = self.table.viewport().width() // 5
        self._fitting = True
        try:
            for column, narrow in self._narrow.items():
                if column not in self._user_widths:
                    wanted = narrow if not self._has_text(column) else max(narrow, fifth)
                    if header.sectionSize(column) != wanted:
                        header.resizeSection(column, wanted)
        finally:
            self._fitting = False

    def _has_text(self, column: int) -> bool:
        rows = self.model.rowCount()
        field = "source" if column == 2 else "note"
        return any(getattr(self.model.claim(row), field) for row in range(rows))

    # ------------------------------------------------------------------ editor
    def _refresh_editor(self) -> None:
        claim = self.model.claim(self.table.currentIndex().row()) if self.table.currentIndex().isValid() else None
        self.editor.setEnabled(claim is not None)
        self.delete_button.setEnabled(claim is not None)
        self._loading = True
        try:
            self._editing_id = claim.id if claim is not None else None
            # not exclusive while set: an exclusive group cannot uncheck its last button, and a
            # disabled editor kept the last claim's tag looking pressed
            self.tag_buttons.setExclusive(False)
            for i, _tag in enumerate(Tag):
                button = self.tag_buttons.button(i)
                button.setChecked(claim is not None and claim.tag == list(Tag)[i])
            self.tag_buttons.setExclusive(True)
            self.source_box.clear()
            if claim is not None:
                for name, kind in self.source_suggestions(claim.id):
                    # the kind beside the name in the list; choosing it fills in the name alone
                    self.source_box.addItem(f"{name} — {kind}" if kind else name, name)
            self.source_box.setEditText(claim.source if claim is not None else "")
            if claim is None or self.note_edit.toPlainText() != claim.note:
                self.note_edit.setPlainText(claim.note if claim is not None else "")
                self.note_edit.document().setModified(False)
        finally:
            self._loading = False

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._flush_note()
        self._refresh_editor()
        claim = self.model.claim(current.row()) if current.isValid() else None
        self.claimSelected.emit(claim.id if claim is not None else None)

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = {index.row() for index in selected.indexes()}
        if len(rows) == 1:
            row = rows.pop()
            if row != self.table.currentIndex().row():
                self.table.selectionModel().setCurrentIndex(
                    self.model.index(row, 1), QItemSelectionModel.SelectionFlag.NoUpdate
                )

    def _tag_clicked(self, button_id: int) -> None:
        if self._editing_id is not None:
            self.retagRequested.emit(self._editing_id, list(Tag)[button_id])

    def _source_chosen(self, index: int) -> None:
        name = self.source_box.itemData(index)
        if isinstance(name, str) and self.source_box.currentText() != name:
            self.source_box.setEditText(name)
        self._source_done()

    def suggestions(self) -> list[tuple[str, str]]:
        """What the source list offers now: (name filled in, text shown), the empty choice left out."""
        box = self.source_box
        return [(box.itemData(i), box.itemText(i)) for i in range(box.count()) if box.itemData(i)]

    def _source_done(self) -> None:
        if self._loading or self._editing_id is None:
            return
        self._source_line().setModified(False)  # not pending any more (see flush)
        claim = self._claim(self._editing_id)
        value = self.source_box.currentText().strip()
        if claim is not None and value != claim.source:
            self.sourceEdited.emit(self._editing_id, value)

    def _note_typed(self) -> None:
        if not self._loading:
            self._note_timer.start()
            if self._editing_id is not None:
                self.model.set_draft(self._editing_id, self.note_edit.toPlainText())

    def _note_done(self) -> None:
        # what is typed after this pause is an undo step of its own in the field (Ctrl+Z there
        # takes back the last burst of typing, not the whole note): Qt merges typing into one
        # step only while the document is modified
        self.note_edit.document().setModified(False)
        if self._editing_id is None:
            return
        claim = self._claim(self._editing_id)
        value = self.note_edit.toPlainText()
        if claim is not None and value != claim.note:
            self.noteEdited.emit(self._editing_id, value)

    def _flush_note(self) -> None:
        """Save a note being typed now (before the selection moves or the window closes)."""
        if self._note_timer.isActive():
            self._note_timer.stop()
            self._note_done()

    def flush(self) -> None:
        """Save a note or source being typed (before another edit, an undo, or closing)."""
        self._flush_note()
        if self._source_line().isModified():  # typed, not yet confirmed by Enter or leaving it
            self._source_done()

    def _source_line(self) -> QLineEdit:
        line_edit = self.source_box.lineEdit()
        assert line_edit is not None
        return line_edit

    def eventFilter(self, watched: Any, event: Any) -> bool:
        if watched is self.note_edit and event.type() == event.Type.FocusOut:
            self._flush_note()
        return super().eventFilter(watched, event)

    def _claim(self, claim_id: int) -> ClaimRecord | None:
        row = self.model.row_of(claim_id)
        return self.model.claim(row) if row is not None else None

    def _delete_current(self) -> None:
        claim_id = self.current_claim_id()
        if claim_id is not None:
            self.deleteRequested.emit(claim_id)
