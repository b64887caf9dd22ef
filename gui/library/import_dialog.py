"""Importing in the window: files and pasted text are read off the GUI thread, glued words are
reviewed in a dialog, and the article is stored through ``core.library``.

Flow for one request (a file dialog, a drop of several files, or a paste):

1. ``PrepareTask`` (a ``QRunnable``) calls ``core.library.prepare_import`` for each source and
   sends back plain data: a ``PreparedImport`` or a one-line problem.  The window stays usable;
   a busy indicator with a Cancel button sits in the status bar.
2. Each prepared article is handled in turn on the GUI thread: if its text is already in the
   library the user may open that copy instead; if glued words were found the
   ``RepairReviewDialog`` shows them; then it is stored in one transaction.
3. When every source of the request is done, problems and language warnings are shown in one
   message and the last article is opened.
"""

from __future__ import annotations

import html
import logging
import re
import threading
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import CancelledError
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRunnable,
    QSignalBlocker,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTextBrowser,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.exc import SQLAlchemyError

from claimmark.core import library
from claimmark.core.importing import ImportProblem
from claimmark.core.library import ArticleRef, PastedText, PreparedImport, Source
from claimmark.core.repair import Join, context
from claimmark.core.storage.engine import Database

logger = logging.getLogger(__name__)

CONTEXT_CHARS = 40
DETAIL_CHARS = 160
_BREAK = re.compile(r"[^\S\n]*\n\s*")


def _one_line(text: str) -> str:
    """Text on one line: paragraph breaks shown as ¶, other whitespace as single spaces."""
    return " ".join(_BREAK.sub(" ¶ ", text).split())


# ---------------------------------------------------------------------------------------------
# the worker


class _TaskSignals(QObject):
    prepared = Signal(int, object)  # batch id, PreparedImport
    failed = Signal(int, str)  # batch id, one-line message naming the source
    finished = Signal(int)  # batch id


class PrepareTask(QRunnable):
    """Read and check sources one after another in a pool thread; plain data in and out."""

    def __init__(self, batch_id: int, sources: Sequence[Source], preparer: library.Preparer) -> None:
        super().__init__()
        self.preparer = preparer
        self.setAutoDelete(False)  # the Importer keeps it until ``finished`` arrives
        self.batch_id = batch_id
        self.sources = list(sources)
        self.signals = _TaskSignals()
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        """Stop now: the source being checked is dropped (its helper process is ended), the rest skipped."""
        self.preparer.cancel(self._cancelled)

    def run(self) -> None:
        try:
            for source in self.sources:
                if self._cancelled.is_set():
                    break
                try:
                    prepared = self.preparer.prepare(source, cancel=self._cancelled)
                except CancelledError:
                    break
                except ImportProblem as problem:
                    self.signals.failed.emit(self.batch_id, problem.message)
                except Exception as err:  # never lose the thread's report to a bug
                    name = "pasted text" if isinstance(source, PastedText) else str(source)
                    self.signals.failed.emit(self.batch_id, f"{name}: could not be imported ({type(err).__name__}).")
                else:
                    if not self._cancelled.is_set():
                        self.signals.prepared.emit(self.batch_id, prepared)
            self.signals.finished.emit(self.batch_id)
        except RuntimeError:  # the window went away while we worked: nobody is listening
            pass


# ---------------------------------------------------------------------------------------------
# the review step


class RepairModel(QAbstractTableModel):
    """The proposed repairs as rows: repair, how sure, context; column 0 is checkable.

    Rows are drawn on demand, so a review of thousands of repairs opens at once (filling a
    widget item per repair froze the window for about 0.1 s per 3,000).
    """

    COLUMNS = 3

    def __init__(self, joins: Sequence[Join], text: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.joins = list(joins)
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
        return (self.tr("Repair"), self.tr("Sure"), self.tr("In context (| marks the new space)"))[section]

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
                return self.tr("{0} → {1}").format(f"{join.left}{join.right}", f"{join.left} {join.right}")
            if column == 1:
                return sure_text(join.confidence)
            return self.context_text(index.row())
        if role == Qt.ItemDataRole.CheckStateRole and column == 0:
            return Qt.CheckState.Checked if self.accepted[index.row()] else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("How likely the detector thinks this space was lost") if column == 1 else join.reason
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
            keys = [(f"{j.left}{j.right}".casefold(), j.position) for j in self.joins]
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
            before, after = context(self._text, self.joins[row], CONTEXT_CHARS)
            found = self._contexts[row] = f"…{_one_line(before)}|{_one_line(after)}…"
        return found

    def set_all(self, accepted: bool) -> None:
        self.accepted = [accepted] * len(self.joins)
        if self.joins:
            last = self.index(len(self.joins) - 1, 0)
            self.dataChanged.emit(self.index(0, 0), last, [Qt.ItemDataRole.CheckStateRole])

    def accepted_joins(self) -> list[Join]:
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
        intro.setText(
            self.tr(
                "Text copied from a web page often loses the spaces around links "
                "(“leaderKim Jong Unhailed”). ClaimMark found {0} places in <b>{1}</b> where a space "
                "seems to be missing. Tick the repairs to make: only spaces are inserted, and the text "
                "as it came in is kept (Article ▸ Show original text and repairs). The less sure a repair, "
                "the more it is worth a look: names and brands are what it gets wrong. “Least sure first” "
                "(Alt+L) or a click on “Sure” lists those first."
            ).format(len(prepared.joins), html.escape(prepared.name))
        )

        self.model = RepairModel(prepared.joins, prepared.original, self)
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
        row.addStretch(1)
        row.addWidget(hint)
        layout.addLayout(row)
        layout.addWidget(buttons)

        self.tree.selectionModel().currentChanged.connect(lambda current, _old: self._show_detail(current.row()))
        self.model.dataChanged.connect(lambda *_: self._update_count())
        if prepared.joins:
            self.tree.setCurrentIndex(self.model.index(0, 0))
        self.tree.setFocus()
        self._update_count()

    # ---------------------------------------------------------------- state
    def row_texts(self, row: int) -> list[str]:
        """What row ``row`` shows, column by column."""
        return [str(self.model.data(self.model.index(row, column))) for column in range(RepairModel.COLUMNS)]

    def is_accepted(self, row: int) -> bool:
        return self.model.accepted[row]

    def accepted_joins(self) -> list[Join]:
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


def sure_text(confidence: float) -> str:
    """A join's confidence as a percentage, at most 99%: the detector is never certain."""
    return f"{min(confidence, 0.99):.0%}"


def marked_context(text: str, join: Join, width: int, why: str = "") -> str:
    """HTML: the text around a join with its two words in bold and the new space marked;
    ``why`` (with {0} for the join's reason) is added below when given."""
    before, after = (_one_line(part) for part in context(text, join, width))
    left = join.left if before.endswith(join.left) else ""
    right = join.right if after.startswith(join.right) else ""
    space = '<span style="background:#f2c14e">&nbsp;</span>'
    return (
        f"<p>…{html.escape(before[: len(before) - len(left)])}<b>{html.escape(left)}</b>{space}"
        f"<b>{html.escape(right)}</b>{html.escape(after[len(right) :])}…</p>"
    ) + (f"<p style='color:#555'>{html.escape(why.format(join.reason))}</p>" if why else "")


# ---------------------------------------------------------------------------------------------
# the flow


@dataclass
class _Batch:
    """One request (a file dialog, a drop, a paste) and what became of its sources."""

    id: int
    task: PrepareTask
    total: int
    label: str
    worker_done: bool = False
    arrived: int = 0  # sources the worker has reported on
    outstanding: int = 0  # prepared sources not yet stored, opened or dropped
    problems: list[str] = field(default_factory=list)
    languages: list[tuple[str, str]] = field(default_factory=list)  # (name, code)
    stored: list[ArticleRef] = field(default_factory=list)
    open_id: int | None = None
    cancelled: bool = False


class ImportBusy(QWidget):
    """The status bar's import indicator: what is being read, a busy bar and a Cancel button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importBusy")
        self.label = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setMaximumWidth(140)
        self.bar.setRange(0, 0)
        self.cancel = QToolButton(self)
        self.cancel.setText(self.tr("Cancel import"))
        self.cancel.setToolTip(self.tr("Stop importing (nothing more is added)"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel)
        self.setVisible(False)


class Importer(QObject):
    """Runs import requests for the window: worker, duplicate question, review, store, report."""

    articleImported = Signal(int)  # id of an article just stored
    batchFinished = Signal()

    def __init__(self, window: QMainWindow, db: Callable[[], Database], open_article: Callable[[int], None]) -> None:
        super().__init__(window)
        self.setObjectName("importer")
        self.window = window
        self._db = db
        self._open_article = open_article
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)  # one request after another, in the order asked
        self.preparer = library.shared_preparer()  # the reading and checking itself, in a helper process
        self._batches: dict[int, _Batch] = {}
        self._queue: deque[tuple[_Batch, int, PreparedImport]] = deque()
        self._next_id = 0
        self._handling = False
        self.review: RepairReviewDialog | None = None
        self.busy = ImportBusy(window)
        self.busy.cancel.clicked.connect(self.cancel)
        window.statusBar().addPermanentWidget(self.busy)

    # ---------------------------------------------------------------- requests
    def import_paths(self, paths: Sequence[str]) -> None:
        if not paths:
            return
        names = ", ".join(Path(p).name or p for p in paths[:3])
        more = self.tr(" and {0} more").format(len(paths) - 3) if len(paths) > 3 else ""
        self._start(list(paths), self.tr("Importing {0}{1}…").format(names, more))

    def import_text(self, text: str) -> None:
        self._start([PastedText(text)], self.tr("Importing pasted text…"))

    def is_busy(self) -> bool:
        return bool(self._batches)

    def get_ready(self) -> None:
        """An import is probably coming (the file dialog is open, files are dragged over the
        window): start the helper process and its word lists now, about 2 s of work that the
        import would otherwise wait for.  Nothing is started before that, so a session without
        imports never holds the helper's memory."""
        self.preparer.warm_up()

    def cancel(self) -> None:
        """Stop every running request; what is already stored stays."""
        for batch in self._batches.values():
            batch.cancelled = True
            batch.task.cancel()
        if self._batches:  # a helper process ended by the cancel is replaced, ready for the next import
            self.preparer.warm_up()
        kept: deque[tuple[_Batch, int, PreparedImport]] = deque()
        for item in self._queue:
            if item[0].cancelled:
                item[0].outstanding -= 1
            else:
                kept.append(item)
        self._queue = kept
        if self.review is not None:
            self.review.reject()
        self.window.statusBar().showMessage(self.tr("Import cancelled."), 5000)
        for batch in list(self._batches.values()):
            self._maybe_finish(batch)

    def shutdown(self) -> None:
        """Stop and wait for the worker (the window is closing)."""
        for batch in self._batches.values():
            batch.cancelled = True
            batch.task.cancel()
        self.pool.waitForDone()

    def _start(self, sources: list[Source], label: str) -> None:
        self._next_id += 1
        task = PrepareTask(self._next_id, sources, self.preparer)
        batch = _Batch(self._next_id, task, len(sources), label)
        self._batches[batch.id] = batch
        task.signals.prepared.connect(self._prepared)
        task.signals.failed.connect(self._failed)
        task.signals.finished.connect(self._worker_finished)
        self._show_busy()
        self.pool.start(task)

    def _show_busy(self) -> None:
        running = [b for b in self._batches.values() if not b.cancelled]
        self.busy.setVisible(bool(running))
        if running:
            self.busy.label.setText(running[0].label)

    # ---------------------------------------------------------------- worker results
    def _prepared(self, batch_id: int, prepared: PreparedImport) -> None:
        batch = self._batches.get(batch_id)
        if batch is None or batch.cancelled:
            return
        batch.arrived += 1
        batch.outstanding += 1
        self._queue.append((batch, batch.arrived, prepared))
        self._next()

    def _failed(self, batch_id: int, message: str) -> None:
        batch = self._batches.get(batch_id)
        if batch is not None:
            batch.arrived += 1
            batch.problems.append(message)

    def _worker_finished(self, batch_id: int) -> None:
        batch = self._batches.get(batch_id)
        if batch is not None:
            batch.worker_done = True
            self._maybe_finish(batch)

    # ---------------------------------------------------------------- handling, one at a time
    def _next(self) -> None:
        if self._handling or self.review is not None or not self._queue:
            return
        batch, number, prepared = self._queue.popleft()
        self._handling = True
        try:
            self._handle(batch, number, prepared)
        except Exception as err:  # a bug must not leave the request hanging with its busy bar
            logger.exception("importing %s failed", prepared.name)
            self._done(batch, problem=self.tr("{0}: could not be imported ({1}).").format(prepared.name, err))
        finally:
            self._handling = False

    def _handle(self, batch: _Batch, number: int, prepared: PreparedImport) -> None:
        try:
            existing = library.find_existing(self._db(), prepared)
        except SQLAlchemyError as err:
            self._done(batch, problem=self._save_problem(prepared, err))
            return
        if existing is not None:
            answer = self._ask_existing(prepared, existing)
            if answer != QMessageBox.StandardButton.Save:  # Open existing, or Cancel
                if answer == QMessageBox.StandardButton.Open:
                    batch.open_id = existing.id
                self._done(batch)
                return
        if not prepared.joins:
            self._store(batch, prepared, [])
            return
        step = self.tr("(file {0} of {1})").format(number, batch.total) if batch.total > 1 else ""
        dialog = RepairReviewDialog(prepared, self.window, step=step)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.review = dialog
        dialog.finished.connect(lambda result: self._reviewed(batch, prepared, dialog, result))
        dialog.open()

    def _ask_existing(self, prepared: PreparedImport, existing: ArticleRef) -> int:
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Already in the library"))
        box.setText(
            self.tr("{0} is already in the library as “{1}”.").format(
                prepared.name, existing.title or self.tr("Untitled article")
            )
        )
        box.setInformativeText(self.tr("Open that article instead of making a copy?"))
        box.setStandardButtons(
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel
        )
        box.button(QMessageBox.StandardButton.Open).setText(self.tr("&Open existing"))
        box.button(QMessageBox.StandardButton.Save).setText(self.tr("Import a &copy"))
        box.setDefaultButton(QMessageBox.StandardButton.Open)
        return box.exec()

    def _reviewed(self, batch: _Batch, prepared: PreparedImport, dialog: RepairReviewDialog, result: int) -> None:
        self.review = None
        if result == QDialog.DialogCode.Accepted and not batch.cancelled:
            self._store(batch, prepared, dialog.accepted_joins())
        else:
            self._done(batch)
        self._next()

    def _store(self, batch: _Batch, prepared: PreparedImport, accepted: list[Join]) -> None:
        try:
            article = library.store_import(self._db(), prepared, accepted)
        except SQLAlchemyError as err:
            self._done(batch, problem=self._save_problem(prepared, err))
            return
        assert article.id is not None
        batch.stored.append(ArticleRef(article.id, article.title))
        if prepared.non_english:
            batch.languages.append((prepared.name, prepared.imported.language))
        batch.open_id = article.id
        self.articleImported.emit(article.id)
        self._done(batch)

    def _save_problem(self, prepared: PreparedImport, err: SQLAlchemyError) -> str:
        reason = _one_line(str(getattr(err, "orig", None) or err))[:200]
        return self.tr("{0}: could not be saved to the database ({1}). Nothing was added; try again.").format(
            prepared.name, reason
        )

    def _done(self, batch: _Batch, *, problem: str | None = None) -> None:
        if problem:
            batch.problems.append(problem)
        batch.outstanding -= 1
        self._maybe_finish(batch)

    def _maybe_finish(self, batch: _Batch) -> None:
        if batch.id not in self._batches or not batch.worker_done or batch.outstanding > 0:
            return
        del self._batches[batch.id]
        self._show_busy()
        if not batch.cancelled:
            self._report(batch)
            if batch.open_id is not None:
                self._open_article(batch.open_id)
        self.batchFinished.emit()

    def _report(self, batch: _Batch) -> None:
        notes = [
            self.tr(
                "{0} looks like text in language “{1}”. Entity highlighting is English-only, so names "
                "and places in it will not be highlighted reliably; tagging claims works as usual."
            ).format(name, code)
            for name, code in batch.languages
        ]
        if batch.problems:
            if batch.total == 1:
                text = batch.problems[0]
            else:
                text = self.tr("{0} of {1} could not be imported:").format(len(batch.problems), batch.total)
                text += "\n" + "\n".join(f"• {problem}" for problem in batch.problems)
                if batch.stored:
                    text += "\n\n" + self.tr("The other {0} were imported.").format(len(batch.stored))
            QMessageBox.warning(self.window, self.tr("Import problems"), "\n\n".join([text, *notes]))
        elif notes:
            QMessageBox.information(self.window, self.tr("Imported, with a warning"), "\n\n".join(notes))
        if batch.stored:
            message = (
                self.tr("Imported “{0}”.").format(batch.stored[0].title)
                if len(batch.stored) == 1
                else self.tr("Imported {0} articles.").format(len(batch.stored))
            )
            self.window.statusBar().showMessage(message, 6000)
