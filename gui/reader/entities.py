"""Named-entity recognition off the GUI thread, through ``claimmark.gui.common.background``.

The window asks for a text's entities with :meth:`EntityFinder.request` and hears back through
signals.  Requests run one at a time in the finder's own one-thread pool (spaCy is not run
twice at once); a new request cancels the one before, whose result is dropped.  The pipeline is
loaded once, on the first request.  Inputs and outputs are plain data from ``core.nlp``.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QThreadPool, Signal

from claimmark.core.nlp import Entities, Pipeline, Recognizer, without_collections
from claimmark.gui.common.background import Job, run_in_background


def load_without_collections(pipeline: Pipeline) -> Recognizer:
    """Load the pipeline with the garbage collector paused (core.nlp.without_collections)."""
    return without_collections(lambda: Recognizer(pipeline))


class EntityFinder(QObject):
    """Finds entities for the window, one request at a time; the latest request wins."""

    loading = Signal(str)  # pipeline name
    progress = Signal(str, int, int)  # text hash, done, total (characters)
    found = Signal(str, object)  # text hash, Entities
    failed = Signal(str, str)  # text hash, message

    def __init__(self, pipeline: Pipeline, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pipeline = pipeline
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._recognizer: Recognizer | None = None
        self._load_lock = threading.Lock()
        self._job: Job | None = None

    def request(self, digest: str, text: str) -> None:
        """Find the entities of ``text`` (its hash ``digest``); any earlier request is dropped."""
        self.cancel()

        def work(job: Job) -> Entities | None:
            return self._find(job, digest, text)

        self._job = run_in_background(
            self,
            work,
            done=lambda result: self._done(digest, result),
            failed=lambda error: self.failed.emit(digest, f"{type(error).__name__}: {error}"),
            partial=lambda _loading: self.loading.emit(self.pipeline.name),
            progress=lambda done, total: self.progress.emit(digest, done, total),
            pool=self.pool,
        )

    def _find(self, job: Job, digest: str, text: str) -> Entities | None:
        if job.cancelled.is_set():
            return None
        with self._load_lock:
            if self._recognizer is None:
                job.send(None)  # "loading" (see _loading), before the slow part
                self._recognizer = load_without_collections(self.pipeline)
        return self._recognizer.run(text, progress=job.report, cancelled=job.cancelled.is_set)

    def _done(self, digest: str, result: Entities | None) -> None:
        if result is not None:
            self.found.emit(digest, result)

    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self._job = None

    def stop(self) -> None:
        """Cancel and wait for the thread (the window is closing)."""
        self.cancel()
        self.pool.waitForDone()
