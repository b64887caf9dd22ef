"""The review step of an import: each repair (a space where a link glued words, characters that
went through the wrong encoding), in context, to accept or reject."""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSignalBlocker,
    Qt,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from claimmark.core.importing.mojibake import Fix
from claimmark.core.library import PreparedImport, Repair
from claimmark.core.repair import Join
from claimmark.gui.common import plain
from claimmark.gui.common.qt_offsets import OffsetMap

logger = logging.getLogger(__name__)

CONTEXT_CHARS = 40
DETAIL_CHARS = 160
_BREAK = re.compile(r"[^\S\n]*\n\s*")


def one_line(text: str) -> str:
    """Text on one line: paragraph breaks shown as ¶, other whitespace as single spaces."""
    return " ".join(_BREAK.sub(" ¶ ", text).split())


class RepairModel(QAbstractTableModel):
    """The proposed repairs as rows: repair, how sure, context; column 0 is checkable.

    Rows are drawn on demand, so a review of thousands of repairs opens at once (filling a
    widget item per repair froze the window for about 0.1 s per 3,000).
    """

    COLUMNS = 3

    def __init__(self, repairs: Sequence[Repair], text: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.joins: list[Repair] = list(repairs)
        self.accepted = [True] * len(self.joins)
        self._text = text
        self._contexts: dict[int, str] = {}

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.joins)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Repair"), self.tr("Sure"), self.tr("In context (| marks the repair)"))[section]

    # made once: the view asks for every row's flags when it lays out, and building a flag
    # combination per call cost 47 ms for 7,000 rows
    _FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
    _CHECKABLE = _FLAGS | Qt.ItemFlag.ItemIsUserCheckable

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        return self._CHECKABLE if index.column() == 0 else self._FLAGS

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        join, column = self.joins[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                was, becomes = change_of(self._text, join)
                return self.tr("{0} → {1}").format(was, becomes)
            if column == 1:
                return sure_text(join.confidence)
            return self.context_text(index.row())
        if role == Qt.ItemDataRole.CheckStateRole and column == 0:
            return Qt.CheckState.Checked if self.accepted[index.row()] else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 1:
                return plain.tip(self.tr("How likely the detector thinks this repair is right"))
            return plain.tip(join.reason)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 1:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def setData(
        self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != 0 or not index.isValid():
            return False
        self.accepted[index.row()] = Qt.CheckState(value) == Qt.CheckState.Checked
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Rows by the repair's text, by how sure it is (least sure first when ascending, to
        check those) or, for the context column, in the order of the text; each row keeps its
        tick, and the selection follows its row."""
        keys: list[tuple[str | float, int]]
        if column == 0:
            keys = [(change_of(self._text, j)[0].casefold(), j.position) for j in self.joins]
        elif column == 1:
            keys = [(j.confidence, j.position) for j in self.joins]
        else:
            keys = [(0.0, j.position) for j in self.joins]
        new_order = sorted(range(len(self.joins)), key=keys.__getitem__, reverse=order == Qt.SortOrder.DescendingOrder)
        if new_order == list(range(len(self.joins))):
            return
        # plain emits: passing the parents list and a sort hint from Python crashed the view
        self.layoutAboutToBeChanged.emit()
        new_row = {old: new for new, old in enumerate(new_order)}
        self.joins = [self.joins[i] for i in new_order]
        self.accepted = [self.accepted[i] for i in new_order]
        self._contexts = {new_row[old]: text for old, text in self._contexts.items()}
        persistent = self.persistentIndexList()
        self.changePersistentIndexList(
            persistent, [self.index(new_row[index.row()], index.column()) for index in persistent]
        )
        self.layoutChanged.emit()

    def context_text(self, row: int) -> str:
        """The row's context line, made on first display."""
        found = self._contexts.get(row)
        if found is None:
            before, was, after = around(self._text, self.joins[row], CONTEXT_CHARS)
            found = self._contexts[row] = f"…{one_line(before)}|{one_line(was)}{one_line(after)}…"
        return found

    def add(self, repair: Repair) -> int:
        """A repair the person made (a missed space), accepted; returns its row."""
        row = len(self.joins)
        self.beginInsertRows(QModelIndex(), row, row)
        self.joins.append(repair)
        self.accepted.append(True)
        self.endInsertRows()
        return row

    def set_all(self, accepted: bool) -> None:
        self.accepted = [accepted] * len(self.joins)
        if self.joins:
            last = self.index(len(self.joins) - 1, 0)
            self.dataChanged.emit(self.index(0, 0), last, [Qt.ItemDataRole.CheckStateRole])

    def accepted_joins(self) -> list[Repair]:
        return [join for join, keep in zip(self.joins, self.accepted, strict=True) if keep]


class RepairReviewDialog(QDialog):
    """Proposed repairs, each checkable and shown in context; Accept all / Reject all / Import."""

    def __init__(self, prepared: PreparedImport, parent: QWidget | None = None, *, step: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("repairReview")
        self.prepared = prepared
        title = self.tr("Review repairs — {0}").format(prepared.name)
        self.setWindowTitle(f"{title} {step}".strip())
        self.resize(860, 560)

        intro = QLabel(self)
        intro.setWordWrap(True)
        found = []
        if prepared.joins:
            found.append(
                self.tr(
                    "{0} places where a space seems to be missing (text copied from a web page often loses "
                    "the spaces around links: “leaderKim Jong Unhailed”)"
                ).format(len(prepared.joins))
            )
        if prepared.fixes:
            found.append(
                self.tr(
                    "{0} places where the text went through the wrong character encoding (“donâ€™t” for “don’t”)"
                ).format(len(prepared.fixes))
            )
        intro.setText(
            self.tr(
                "ClaimMark found in <b>{1}</b>: {0}. Tick the repairs to make: nothing else in the text "
                "changes, and the text as it came in is kept (Article ▸ Show original text and repairs). The "
                "less sure a repair, the more it is worth a look: names and brands are what it gets wrong. "
                "“Least sure first” (Alt+L) or a click on “Sure” lists those first."
            ).format(html.escape("; ".join(found)), html.escape(prepared.name))
        )

        self.model = RepairModel(prepared.repairs, prepared.original, self)
        self.tree = QTreeView(self)
        self.tree.setObjectName("repairList")
        self.tree.setModel(self.model)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setResizeContentsPrecision(50)  # size the columns by the first rows: all of them took 60 ms
        self.tree.header().setStretchLastSection(True)
        self.tree.setAccessibleName(self.tr("Proposed repairs"))
        # a click on a column heading sorts; "Sure" puts the least sure first, to check those
        self.tree.header().setSortIndicator(2, Qt.SortOrder.AscendingOrder)  # text order to begin with
        self.tree.setSortingEnabled(True)
        # connected after the view's own sorting, so the chosen repair is scrolled to in its new place
        self.tree.header().sortIndicatorChanged.connect(self._sorted)
        self.least_sure = QCheckBox(self.tr("&Least sure first"), self)  # the sort by keyboard
        self.least_sure.setObjectName("leastSureFirst")
        self.least_sure.toggled.connect(self._order_by_sureness)

        self.detail = QTextBrowser(self)
        self.detail.setObjectName("repairDetail")
        self.detail.setMaximumHeight(130)
        self.detail.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        self.add_space_button = QPushButton(self.tr("Add a &missed space…"), self)
        self.add_space_button.setObjectName("addMissedSpace")
        self.add_space_button.setToolTip(
            self.tr("Put a space the detector missed anywhere in the text around the chosen repair")
        )
        self.add_space_button.setAutoDefault(False)
        self.add_space_button.clicked.connect(self.add_missed_space)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("repairCount")
        hint = QLabel(self.tr("↑/↓ choose a repair, Space accepts or rejects it, Enter imports."), self)
        hint.setEnabled(False)

        buttons = QDialogButtonBox(self)
        self.accept_all_button = QPushButton(self.tr("Accept &all"), self)
        self.reject_all_button = QPushButton(self.tr("&Reject all"), self)
        self.import_button = QPushButton(self.tr("&Import"), self)
        self.import_button.setDefault(True)
        buttons.addButton(self.accept_all_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.reject_all_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.accept_all_button.clicked.connect(lambda: self.set_all(True))
        self.reject_all_button.clicked.connect(lambda: self.set_all(False))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.detail)
        row = QHBoxLayout()
        row.addWidget(self.count_label)
        row.addWidget(self.least_sure)
        row.addWidget(self.add_space_button)
        row.addStretch(1)
        row.addWidget(hint)
        layout.addLayout(row)
        layout.addWidget(buttons)

        self.tree.selectionModel().currentChanged.connect(lambda current, _old: self._show_detail(current.row()))
        self.model.dataChanged.connect(lambda *_: self._update_count())
        if prepared.repairs:
            self.tree.setCurrentIndex(self.model.index(0, 0))
        self.tree.setFocus()
        self._update_count()

    # ---------------------------------------------------------------- state
    def row_texts(self, row: int) -> list[str]:
        """What row ``row`` shows, column by column."""
        return [str(self.model.data(self.model.index(row, column))) for column in range(RepairModel.COLUMNS)]

    def is_accepted(self, row: int) -> bool:
        return self.model.accepted[row]

    def accepted_joins(self) -> list[Repair]:
        return self.model.accepted_joins()

    def set_all(self, accepted: bool) -> None:
        self.model.set_all(accepted)

    def _order_by_sureness(self, least_sure_first: bool) -> None:
        self.tree.sortByColumn(1 if least_sure_first else 2, Qt.SortOrder.AscendingOrder)
        self.tree.setFocus()  # back to the list, to go on with ↑/↓ and Space

    def _sorted(self, column: int, order: Qt.SortOrder) -> None:
        self.tree.scrollTo(self.tree.currentIndex())
        with QSignalBlocker(self.least_sure):  # a click on a heading: the box shows the order
            self.least_sure.setChecked(column == 1 and order == Qt.SortOrder.AscendingOrder)

    def add_missed_space(self) -> None:
        """Add a Missed space dialog around the chosen repair (or the start); the space is added
        accepted, as a row of its own."""
        current = self.tree.currentIndex()
        row = current.row() if current.isValid() else -1
        at = self.model.joins[row].position if 0 <= row < len(self.model.joins) else 0
        dialog = MissedSpaceDialog(self.prepared.original, at, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.add_space_at(dialog.offset())

    def add_space_at(self, offset: int) -> bool:
        """Add the person's space at ``offset`` of the text as it came in; False (and a word on why)
        where no space can go."""
        try:
            join = self.prepared.space_at(offset)
        except ValueError:
            self.count_label.setText(self.tr("A space can only go between two characters that are not spaces."))
            return False
        if any(isinstance(r, Join) and r.position == join.position for r in self.model.joins):
            self.count_label.setText(self.tr("That space is in the list already."))
            return False
        row = self.model.add(join)
        self.tree.setCurrentIndex(self.model.index(row, 0))
        self.tree.scrollTo(self.tree.currentIndex())
        self.tree.setFocus()
        self._update_count()
        return True

    def _update_count(self) -> None:
        self.count_label.setText(
            self.tr("{0} of {1} repairs accepted").format(sum(self.model.accepted), len(self.model.joins))
        )

    def _show_detail(self, row: int) -> None:
        if not 0 <= row < len(self.model.joins):
            self.detail.clear()
            return
        join = self.model.joins[row]
        self.detail.setHtml(marked_context(self.prepared.original, join, DETAIL_CHARS, self.tr("Why: {0}")))


class MissedSpaceDialog(QDialog):
    """The text around a point, with a caret: Enter adds a space where the caret is."""

    AROUND = 600  # characters either side

    def __init__(self, text: str, at: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("missedSpace")
        self.setWindowTitle(self.tr("Add a missed space"))
        self.resize(640, 320)
        self._base = max(0, at - self.AROUND)
        piece = text[self._base : at + self.AROUND]
        self._offsets = OffsetMap(piece)
        hint = QLabel(self.tr("Put the caret where a space is missing (arrows, or a click), then press Enter."), self)
        hint.setWordWrap(True)
        self.view = QPlainTextEdit(self)
        self.view.setObjectName("missedSpaceText")
        self.view.setPlainText(piece)
        self.view.setReadOnly(True)
        self.view.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.view.setAccessibleName(self.tr("Text around the repair"))
        caret = self.view.textCursor()
        caret.setPosition(self._offsets.to_qt(at - self._base))
        self.view.setTextCursor(caret)
        self.view.centerCursor()
        buttons = QDialogButtonBox(self)
        add = buttons.addButton(self.tr("&Add the space here"), QDialogButtonBox.ButtonRole.AcceptRole)
        add.setDefault(True)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.view.setFocus()

    def offset(self) -> int:
        """Where the caret is, as an offset in the whole text (code points)."""
        return self._base + self._offsets.to_core(self.view.textCursor().position())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.accept()
            return
        super().keyPressEvent(event)


def sure_text(confidence: float) -> str:
    """A join's confidence as a percentage, at most 99%: the detector is never certain."""
    return f"{min(confidence, 0.99):.0%}"


def change_of(text: str, repair: Repair) -> tuple[str, str]:
    """What a repair changes, as a person reads it: ("leaderKim", "leader Kim"), ("donâ€™t", "don’t")."""
    if isinstance(repair, Fix):
        start, end = repair.start, repair.end
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        while end < len(text) and not text[end].isspace():
            end += 1
        word = text[start:end]
        head, tail = repair.start - start, end - repair.end
        return word, word[:head] + repair.becomes + word[len(word) - tail :]
    return f"{repair.left}{repair.right}", f"{repair.left} {repair.right}"


def around(text: str, repair: Repair, width: int) -> tuple[str, str, str]:
    """Up to ``width`` characters before the repair, what it replaces ('' for a space), and after."""
    start = repair.start if isinstance(repair, Fix) else repair.position
    end = repair.end if isinstance(repair, Fix) else repair.position
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    return text[max(0, start - width) : start], text[start:end], text[end : end + width]


def marked_context(text: str, join: Repair, width: int, why: str = "") -> str:
    """HTML: the text around a repair, what changes marked (the new space, or the characters
    decoded anew with what they become); ``why`` (with {0} for the reason) is added below."""
    before, was, after = (one_line(part) for part in around(text, join, width))
    mark = "background:#f2c14e"
    if isinstance(join, Fix):
        middle = f'<span style="{mark}"><s>{html.escape(was)}</s> → <b>{html.escape(join.becomes)}</b></span>'
        body = f"<p>…{html.escape(before)}{middle}{html.escape(after)}…</p>"
    else:
        left = join.left if before.endswith(join.left) else ""
        right = join.right if after.startswith(join.right) else ""
        space = f'<span style="{mark}">&nbsp;</span>'
        body = (
            f"<p>…{html.escape(before[: len(before) - len(left)])}<b>{html.escape(left)}</b>{space}"
            f"<b>{html.escape(right)}</b>{html.escape(after[len(right) :])}…</p>"
        )
    return body + (f"<p style='color:#555'>{html.escape(why.format(join.reason))}</p>" if why else "")
