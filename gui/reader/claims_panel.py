"""The claims panel: every claim in text order, and an editor for the selected one.

It emits requests (retag, note, source, delete) with claim ids; the main window turns them
into undoable core operations.  It never writes to the database itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QKeySequence, QShortcut
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
from claimmark.core.storage.models import Claim
from claimmark.core.text import excerpt
from claimmark.gui.palette import tag_colour

Index = QModelIndex | QPersistentModelIndex
NOTE_PAUSE_MS = 800


class ClaimsModel(QAbstractTableModel):
    COLUMNS = ("Tag", "Claim", "Source", "Note")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._claims: list[Claim] = []
        self._text = ""

    def set_claims(self, text: str, claims: Sequence[Claim]) -> None:
        self.beginResetModel()
        self._text = text
        self._claims = sorted(claims, key=lambda c: (c.start, c.end, c.id or 0))
        self.endResetModel()

    def claim(self, row: int) -> Claim | None:
        return self._claims[row] if 0 <= row < len(self._claims) else None

    def row_of(self, claim_id: int) -> int | None:
        return next((i for i, c in enumerate(self._claims) if c.id == claim_id), None)

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
            if column == 1:
                return excerpt(self._text, claim.start, claim.end, 70)
            if column == 2:
                return claim.source
            return " ".join(claim.note.split())
        if role == Qt.ItemDataRole.ToolTipRole and column in (1, 3):
            return self._text[claim.start : claim.end] if column == 1 else claim.note
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
        self.source_suggestions: Callable[[Claim], list[str]] = lambda _claim: []
        self.model = ClaimsModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("claimsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(2, 100)
        header.resizeSection(3, 100)
        self.table.setAccessibleName(self.tr("Claims"))
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        # only while the list has focus: a window-wide Delete would clash with the article's own
        # Delete (Qt runs neither of two shortcuts live at once) and fire from any other control
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.table, self._delete_current)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)

        self.count_label = QLabel(self)
        self.empty_hint = QLabel(self.tr("No claims yet. Select words in the article and press 1, 2 or 3."), self)
        self.empty_hint.setWordWrap(True)

        # editor for the selected claim
        self.tag_buttons = QButtonGroup(self)
        tag_row = QHBoxLayout()
        for tag in Tag:
            button = QPushButton(f"&{tag.shortcut} {tag.value}", self)
            button.setCheckable(True)
            button.setToolTip(self.tr("Retag the selected claim as {0}").format(tag.value))
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
        line_edit.editingFinished.connect(self._source_done)
        self.source_box.activated.connect(lambda _i: self._source_done())

        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setPlaceholderText(self.tr("Why this tag? What evidence would change it?"))
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(90)
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(NOTE_PAUSE_MS)
        self._note_timer.timeout.connect(self._note_done)
        self.note_edit.textChanged.connect(self._note_typed)
        self.note_edit.installEventFilter(self)

        self.delete_button = QPushButton(self.tr("&Delete claim"), self)
        self.delete_button.clicked.connect(self._delete_current)
        guide = QPushButton(self.tr("Tagging &guide"), self)
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
    def set_claims(self, text: str, claims: Sequence[Claim], keep: int | None = None) -> None:
        """Show ``claims``; keep ``keep`` (a claim id) selected if it is still there."""
        self._flush_note()
        current = keep if keep is not None else self.current_claim_id()
        self.model.set_claims(text, claims)
        counts = {tag: sum(1 for c in claims if c.tag == tag.value) for tag in Tag}
        summary = ", ".join(f"{counts[t]} {t.value}" for t in Tag)
        counted = self.tr("1 claim") if len(claims) == 1 else self.tr("{0} claims").format(len(claims))
        self.count_label.setText(f"{counted}: {summary}")
        self.empty_hint.setVisible(not claims)
        self.select_claim(current, emit=False)
        self._refresh_editor()

    def current_claim_id(self) -> int | None:
        index = self.table.currentIndex()
        claim = self.model.claim(index.row()) if index.isValid() else None
        return claim.id if claim is not None else None

    def select_claim(self, claim_id: int | None, *, emit: bool = True) -> None:
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
        self.table.scrollTo(index)
        selection.blockSignals(blocked)
        self._refresh_editor()

    def edit_claim(self, claim_id: int) -> None:
        """Select a claim and put the caret in its note (from the article's right-click menu)."""
        self.select_claim(claim_id)
        if self.current_claim_id() == claim_id:
            self.note_edit.setFocus()

    # ------------------------------------------------------------------ editor
    def _refresh_editor(self) -> None:
        claim = self.model.claim(self.table.currentIndex().row()) if self.table.currentIndex().isValid() else None
        self.editor.setEnabled(claim is not None)
        self.delete_button.setEnabled(claim is not None)
        self._loading = True
        try:
            self._editing_id = claim.id if claim is not None else None
            for i, _tag in enumerate(Tag):
                button = self.tag_buttons.button(i)
                button.setChecked(claim is not None and claim.tag == list(Tag)[i].value)
            self.source_box.clear()
            if claim is not None:
                self.source_box.addItems(self.source_suggestions(claim))
            self.source_box.setEditText(claim.source if claim is not None else "")
            if claim is None or self.note_edit.toPlainText() != claim.note:
                self.note_edit.setPlainText(claim.note if claim is not None else "")
        finally:
            self._loading = False

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._flush_note()
        self._refresh_editor()
        claim = self.model.claim(current.row()) if current.isValid() else None
        self.claimSelected.emit(claim.id if claim is not None else None)

    def _tag_clicked(self, button_id: int) -> None:
        if self._editing_id is not None:
            self.retagRequested.emit(self._editing_id, list(Tag)[button_id])

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

    def _note_done(self) -> None:
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

    def _claim(self, claim_id: int) -> Claim | None:
        row = self.model.row_of(claim_id)
        return self.model.claim(row) if row is not None else None

    def _delete_current(self) -> None:
        claim_id = self.current_claim_id()
        if claim_id is not None:
            self.deleteRequested.emit(claim_id)
