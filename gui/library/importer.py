"""Importing in the window: files and pasted text are read off the GUI thread, glued words are
reviewed in a dialog, and the article is stored through ``core.library``.

Flow for one request (a file dialog, a drop of several files, or a paste):

1. A background job (``gui.common.background``) has the import helper process read and check
   each source (``core.library.Preparer``) and sends each back as it is done: a
   ``PreparedImport`` or a one-line problem.  The window stays usable; a busy indicator with a
   Cancel button sits in the status bar.
2. Each prepared article is handled in turn on the GUI thread: if its text is already in the
   library the user may open that copy instead; if glued words were found the
   ``RepairReviewDialog`` shows them; then it is stored in one transaction.
3. When every source of the request is done, problems and language warnings are shown in one
   message and the last article is opened.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import CancelledError
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QLocale,
    QObject,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QMessageBox,
    QProgressBar,
    QToolButton,
    QWidget,
)
from sqlalchemy.exc import SQLAlchemyError

from claimmark.core import library
from claimmark.core.importing import ImportProblem
from claimmark.core.library import ArticleRef, PastedText, PreparedImport, Repair, Source
from claimmark.core.library.pipeline import PASTED
from claimmark.core.storage.engine import Database
from claimmark.gui.common import failures, plain
from claimmark.gui.common.background import Job, run_in_background
from claimmark.gui.common.host import Host
from claimmark.gui.library.review import RepairReviewDialog, one_line

logger = logging.getLogger(__name__)


def prepare_all(preparer: library.Preparer, sources: Sequence[Source], job: Job) -> None:
    """In the background: read and check each source in turn, sending each result on as it comes
    (a PreparedImport, an ImportProblem, or a bug's message); a cancel stops at once."""
    for source in sources:
        if job.cancelled.is_set():
            return
        try:
            job.send(preparer.prepare(source, cancel=job.cancelled))
        except CancelledError:
            return
        except ImportProblem as problem:
            job.send(problem)
        except Exception as err:  # never lose the report to a bug
            logger.exception("reading %s failed", source)
            name = library.PASTED if isinstance(source, PastedText) else str(source)
            job.send(f"{name}: could not be imported ({type(err).__name__}).")


@dataclass
class _Batch:
    """One request (a file dialog, a drop, a paste) and what became of its sources."""

    id: int
    job: Job
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


def sentence(text: str) -> str:
    """A message that starts with "pasted text" starts a sentence ("Pasted text is ..."); a
    file name keeps its own spelling ("bridge.txt is ...")."""
    return "P" + text[1:] if text.startswith(PASTED) else text


def language_name(code: str) -> str:
    """ "zh" -> "Chinese (zh)": the language's English name, with its code; the code alone when unknown."""
    locale = QLocale(code)
    if not code or locale.language() in (QLocale.Language.C, QLocale.Language.AnyLanguage):
        return QCoreApplication.translate("Importer", "another language (“{0}”)").format(code)
    return f"{QLocale.languageToString(locale.language())} ({code})"


class ImportBusy(QWidget):
    """The status bar's import indicator: what is being read, a busy bar and a Cancel button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importBusy")
        self.label = plain.plain_label(parent=self)  # a file's name, as it is
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

    def __init__(self, host: Host, open_article: Callable[[int], None]) -> None:
        super().__init__(host.widget())
        self.setObjectName("importer")
        self.host = host
        self._open_article = open_article
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)  # one request after another, in the order asked
        self.preparer = library.shared_preparer()  # the reading and checking itself, in a helper process
        self._batches: dict[int, _Batch] = {}
        self._queue: deque[tuple[_Batch, int, PreparedImport]] = deque()
        self._next_id = 0
        self._handling = False
        self.review: RepairReviewDialog | None = None
        self.busy = ImportBusy(host.widget())
        self.busy.cancel.clicked.connect(self.cancel)
        host.add_status_widget(self.busy)

    # ---------------------------------------------------------------- requests
    @property
    def _db(self) -> Database:
        return self.host.session.workspace.db

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
            self._cancel(batch)
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
        self.host.status(self.tr("Import cancelled."), 5000)
        for batch in list(self._batches.values()):
            self._maybe_finish(batch)

    def shutdown(self) -> None:
        """Stop and wait for the worker (the window is closing)."""
        for batch in self._batches.values():
            self._cancel(batch)
        self.pool.waitForDone()

    def _cancel(self, batch: _Batch) -> None:
        """Stop a request now: the source being checked is dropped (its helper process is ended)."""
        batch.cancelled = True
        self.preparer.cancel(batch.job.cancelled)  # sets the job's event too

    def _start(self, sources: list[Source], label: str) -> None:
        self._next_id += 1
        batch_id = self._next_id
        preparer = self.preparer
        job = run_in_background(
            self,
            lambda job: prepare_all(preparer, sources, job),
            failed=lambda error: self._worker_failed(batch_id, error),
            ended=lambda: self._worker_finished(batch_id),
            partial=lambda result: self._arrived(batch_id, result),
            pool=self.pool,
        )
        self._batches[batch_id] = _Batch(batch_id, job, len(sources), label)
        self._show_busy()

    def _show_busy(self) -> None:
        running = [b for b in self._batches.values() if not b.cancelled]
        self.busy.setVisible(bool(running))
        if running:
            self.busy.label.setText(running[0].label)

    # ---------------------------------------------------------------- worker results
    def _arrived(self, batch_id: int, result: PreparedImport | ImportProblem | str) -> None:
        batch = self._batches.get(batch_id)
        if batch is None or batch.cancelled:
            return
        batch.arrived += 1
        if isinstance(result, ImportProblem):  # translated here, on the GUI thread
            batch.problems.append(failures.message_of(result))
            return
        if isinstance(result, str):  # a bug's one-line report
            batch.problems.append(result)
            return
        batch.outstanding += 1
        self._queue.append((batch, batch.arrived, result))
        self._next()

    def _worker_finished(self, batch_id: int) -> None:
        batch = self._batches.get(batch_id)
        if batch is not None:
            batch.worker_done = True
            self._maybe_finish(batch)

    def _worker_failed(self, batch_id: int, error: Exception) -> None:
        batch = self._batches.get(batch_id)
        if batch is not None:
            batch.problems.append(self.tr("Reading the files failed ({0}).").format(type(error).__name__))

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
            existing = library.find_existing(self._db, prepared)
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
        if not prepared.repairs:
            self._store(batch, prepared, [])
            return
        step = self.tr("(file {0} of {1})").format(number, batch.total) if batch.total > 1 else ""
        dialog = RepairReviewDialog(prepared, self.host.widget(), step=step)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.review = dialog
        dialog.finished.connect(lambda result: self._reviewed(batch, prepared, dialog, result))
        dialog.open()

    def _ask_existing(self, prepared: PreparedImport, existing: ArticleRef) -> int:
        box = plain.message_box(self.host.widget(), "question", self.tr("Already in the library"), "")
        box.setText(
            sentence(
                self.tr("{0} is already in the library as “{1}”.").format(
                    prepared.name, existing.title or self.tr("Untitled article")
                )
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

    def _store(self, batch: _Batch, prepared: PreparedImport, accepted: list[Repair]) -> None:
        try:
            article = library.store_import(self._db, prepared, accepted)
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
        reason = one_line(str(getattr(err, "orig", None) or err))[:200]
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
            sentence(
                self.tr(
                    "{0} looks like text in {1}. Entity highlighting is English-only, so names "
                    "and places in it will not be highlighted reliably; tagging claims works as usual."
                ).format(name, language_name(code))
            )
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
            plain.warn(self.host.widget(), self.tr("Import problems"), "\n\n".join([text, *notes]))
        elif notes:
            plain.inform(self.host.widget(), self.tr("Imported, with a warning"), "\n\n".join(notes))
        if batch.stored:
            message = (
                self.tr("Imported “{0}”.").format(batch.stored[0].title)
                if len(batch.stored) == 1
                else self.tr("Imported {0} articles.").format(len(batch.stored))
            )
            self.host.status(message, 6000)
