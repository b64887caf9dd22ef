"""The one way to run slow work off the GUI thread: finding entities, reading imports, scoring a class.

``run_in_background(owner, work, done=..., failed=...)`` runs ``work(job)`` in a thread pool and
calls back on the GUI thread:

* ``done(result)`` when it returns, ``failed(error)`` when it raises;
* ``partial(value)`` for each ``job.send(value)`` (an import hands over each file as it is read);
* ``progress(done, total)`` for each ``job.report(done, total)``;
* ``ended()`` last, always, once the work is over (done, failed or cancelled).

``job.cancel()`` (from the GUI thread) sets ``job.cancelled``, a ``threading.Event`` that the
work checks between steps or hands on (the import helper process ends its check at once); a
cancelled job's result and failure are dropped, never delivered.

``work`` must not touch widgets: give it core functions and plain data.  Each call gets a
:class:`Job`, parented to ``owner``: when the owner goes, nothing is delivered to it.  Work that
must run one piece at a time (spaCy, the import queue) passes its own ``pool`` with one thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class Job(QObject):
    """One piece of background work; lives on the GUI thread, its signals arrive there."""

    _finished = Signal(object)
    _crashed = Signal(object)
    _partial = Signal(object)
    _progressed = Signal(int, int)

    def __init__(self, owner: QObject) -> None:
        super().__init__(owner)
        self.cancelled = threading.Event()
        self.running = True

    # ---------------------------------------------------------------- called by the work (any thread)
    def send(self, value: object) -> None:
        """Hand a piece of the result to the GUI thread now (``partial`` is called with it)."""
        if not self.cancelled.is_set():
            self._partial.emit(value)

    def report(self, done: int, total: int) -> None:
        if not self.cancelled.is_set():
            self._progressed.emit(done, total)

    # ---------------------------------------------------------------- called on the GUI thread
    def cancel(self) -> None:
        self.cancelled.set()


class _Runnable(QRunnable):
    def __init__(self, job: Job, work: Callable[[Job], Any]) -> None:
        super().__init__()
        self._job, self._work = job, work

    def run(self) -> None:
        job = self._job
        try:
            try:
                result = self._work(job)
            except Exception as error:  # reported on the GUI thread, never lost in the pool
                job._crashed.emit(error)
                return
            job._finished.emit(result)
        except RuntimeError:  # the owner (and with it the job) went away while the work ran
            pass


class _Delivery(QObject):
    """Connects a job's signals to the caller's callbacks, on the GUI thread."""

    def __init__(
        self,
        job: Job,
        done: Callable[[Any], None] | None,
        failed: Callable[[Exception], None] | None,
        partial: Callable[[Any], None] | None,
        progress: Callable[[int, int], None] | None,
        ended: Callable[[], None] | None,
    ) -> None:
        super().__init__(job)
        self._job = job
        self._done, self._failed, self._partial, self._progress = done, failed, partial, progress
        self._ended = ended
        job._finished.connect(self._on_finished)
        job._crashed.connect(self._on_crashed)
        job._partial.connect(self._on_partial)
        job._progressed.connect(self._on_progress)

    @Slot(object)
    def _on_finished(self, result: object) -> None:
        try:
            if self._done is not None and not self._job.cancelled.is_set():
                self._done(result)
        finally:
            self._end()

    @Slot(object)
    def _on_crashed(self, error: object) -> None:
        try:
            if self._job.cancelled.is_set():
                return
            problem = error if isinstance(error, Exception) else RuntimeError(str(error))
            if self._failed is None:
                raise problem  # a bug with nobody to tell: the application's last line of defence shows it
            self._failed(problem)
        finally:
            self._end()

    @Slot(object)
    def _on_partial(self, value: object) -> None:
        if self._partial is not None and not self._job.cancelled.is_set():
            self._partial(value)

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        if self._progress is not None and not self._job.cancelled.is_set():
            self._progress(done, total)

    def _end(self) -> None:
        self._job.running = False
        self._job.deleteLater()
        if self._ended is not None:
            self._ended()


def run_in_background(
    owner: QObject,
    work: Callable[[Job], Any],
    *,
    done: Callable[[Any], None] | None = None,
    failed: Callable[[Exception], None] | None = None,
    partial: Callable[[Any], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
    ended: Callable[[], None] | None = None,
    pool: QThreadPool | None = None,
) -> Job:
    """Start ``work(job)`` off the GUI thread (see the module notes); returns the job."""
    job = Job(owner)
    _Delivery(job, done, failed, partial, progress, ended)
    (pool or QThreadPool.globalInstance()).start(_Runnable(job, work))
    return job
