"""Run plain-data work (scoring a class, importing files) off the GUI thread.

``run_in_background(owner, work, done, failed)`` runs ``work()`` in Qt's global thread pool and
calls ``done(result)`` or ``failed(exception)`` back on the GUI thread.  ``work`` must not touch
widgets; give it core functions and plain data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class _Relay(QObject):
    """Lives on the GUI thread; its signals carry the result back there (queued)."""

    finished = Signal(object)
    crashed = Signal(object)

    def __init__(self, owner: QObject, done: Callable[[Any], None], failed: Callable[[Exception], None]) -> None:
        super().__init__(owner)
        self._done, self._failed = done, failed
        self.finished.connect(self._on_finished)
        self.crashed.connect(self._on_crashed)

    @Slot(object)
    def _on_finished(self, result: object) -> None:
        try:
            self._done(result)
        finally:
            self.deleteLater()

    @Slot(object)
    def _on_crashed(self, error: object) -> None:
        try:
            self._failed(error if isinstance(error, Exception) else RuntimeError(str(error)))
        finally:
            self.deleteLater()


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._work, self._relay = work, relay

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as exc:  # reported on the GUI thread, never lost in the pool
            self._relay.crashed.emit(exc)
            return
        self._relay.finished.emit(result)


def run_in_background(
    owner: QObject,
    work: Callable[[], Any],
    done: Callable[[Any], None],
    failed: Callable[[Exception], None],
) -> None:
    QThreadPool.globalInstance().start(_Job(work, _Relay(owner, done, failed)))
