"""Named-entity recognition off the GUI thread.

A ``QThread`` owns one ``EntityWorker``; the window asks for a text's entities with
``request()``, and hears back through signals.  Inputs and outputs are plain data from
``core.nlp``.  The pipeline is loaded once, on the first request.
"""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QObject, QThread, Signal, Slot

from claimmark.core.nlp import Entities, Pipeline, Recognizer


def _load_without_collections(pipeline: Pipeline) -> Recognizer:
    """Load the pipeline with the garbage collector paused, then set what it made aside.

    The collector holds the GIL, so a collection on this thread freezes the window.  Loading
    spaCy makes about 170,000 objects: full collections fell due again and again while they
    were made, each walking all of them, and afterwards every full collection took 110 ms.
    They live as long as the app, so ``gc.freeze`` takes them out of all later collections.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return Recognizer(pipeline)
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


class EntityWorker(QObject):
    progress = Signal(str, int, int)  # text hash, done, total (characters)
    loading = Signal(str)  # pipeline name
    found = Signal(str, object)  # text hash, Entities
    failed = Signal(str, str)  # text hash, message

    def __init__(self, pipeline: Pipeline) -> None:
        super().__init__()
        self.pipeline = pipeline
        self._recognizer: Recognizer | None = None
        self._wanted = ""
        self._lock = threading.Lock()

    def want(self, digest: str) -> None:
        """Called from the GUI thread: only this text's result still matters."""
        with self._lock:
            self._wanted = digest

    def _cancelled(self, digest: str) -> bool:
        with self._lock:
            return self._wanted != digest

    @Slot(str, str)
    def run(self, digest: str, text: str) -> None:
        if self._cancelled(digest):
            return
        try:
            if self._recognizer is None:
                self.loading.emit(self.pipeline.name)
                self._recognizer = _load_without_collections(self.pipeline)
            result: Entities | None = self._recognizer.run(
                text,
                progress=lambda done, total: self.progress.emit(digest, done, total),
                cancelled=lambda: self._cancelled(digest),
            )
        except Exception as exc:  # a broken pipeline must not take the window down
            self.failed.emit(digest, f"{type(exc).__name__}: {exc}")
            return
        if result is not None:
            self.found.emit(digest, result)


class EntityFinder(QObject):
    """Owns the worker thread.  ``request`` is safe to call repeatedly; the latest wins."""

    _run = Signal(str, str)

    def __init__(self, pipeline: Pipeline, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.worker_thread = QThread(self)
        self.worker_thread.setObjectName("claimmark-ner")
        self.worker = EntityWorker(pipeline)
        self.worker.moveToThread(self.worker_thread)
        self._run.connect(self.worker.run)
        self.worker_thread.start()

    def request(self, digest: str, text: str) -> None:
        self.worker.want(digest)
        self._run.emit(digest, text)

    def cancel(self) -> None:
        self.worker.want("")

    def stop(self) -> None:
        self.cancel()
        self.worker_thread.quit()
        self.worker_thread.wait()
