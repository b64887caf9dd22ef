"""The import helper process: reading and repair detection out of the window's process."""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import threading
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from claimmark.core.library.pipeline import PreparedImport, Source, prepare_import
from claimmark.core.repair import find_joins

logger = logging.getLogger(__name__)


@dataclass(eq=False)
class _Call:
    """One :meth:`Preparer.prepare` waiting for the helper process."""

    future: Future[PreparedImport]
    pool: ProcessPoolExecutor
    cancel: threading.Event | None
    retry: bool = False
    """Set when the helper was ended for another call's cancel: this call starts again."""


class Preparer:
    """Runs :func:`prepare_import` in a helper process.

    Parsing pages and loading the repair word lists is C-level work that holds Python's global
    lock for up to 0.3 s at a time; in a thread of the window's process that freezes the
    window.  One long-lived helper process (started on first use, so later imports skip the
    loading) keeps it out.  If a helper process cannot be started or dies, the work runs in the
    calling thread instead: slower to the eye, never lost.

    A call made with ``cancel=event`` stops when :meth:`cancel` is given that event: a helper
    busy with it is ended (a 20 MB file takes about 6 s to check, and the next import would wait
    for it) and the next call starts a fresh one, which :meth:`warm_up` can get ready early
    (a fresh helper takes about 2 s to load the word lists).
    """

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._broken = False
        self._calls: list[_Call] = []

    def prepare(self, source: Source, *, repair: bool = True, cancel: threading.Event | None = None) -> PreparedImport:
        """:func:`prepare_import` in the helper process.

        Raises CancelledError when :meth:`cancel` stopped the call (or ``cancel`` was set before
        it); a result that arrived first is still returned.
        """
        while True:
            with self._lock:
                if cancel is not None and cancel.is_set():
                    raise CancelledError
                pool = self._get_pool()
                if pool is None:
                    break
                try:
                    call = _Call(pool.submit(prepare_import, source, repair=repair), pool, cancel)
                except (BrokenProcessPool, RuntimeError) as err:
                    logger.warning("the import helper process failed (%s); importing in this process", err)
                    self._end_pool(broken=True)
                    break
                self._calls.append(call)
            try:
                return call.future.result()
            except (CancelledError, BrokenProcessPool, OSError, RuntimeError) as err:
                if cancel is not None and cancel.is_set():
                    raise CancelledError from None
                if call.retry:
                    continue
                if isinstance(err, CancelledError):
                    raise
                logger.warning("the import helper process failed (%s); importing in this process", err)
                with self._lock:
                    self._end_pool(broken=True)
                break
            finally:
                with self._lock:
                    self._calls.remove(call)
        return prepare_import(source, repair=repair)

    def cancel(self, cancel: threading.Event) -> None:
        """Stop the calls made with ``cancel=cancel`` (and set it); returns at once.

        A call still queued is dropped; a helper process busy with one is ended, and the
        other calls it had are started again on a fresh one.  A call running in this process
        (no helper could be started) cannot be stopped: it ends on its own.
        """
        cancel.set()
        with self._lock:
            for call in self._calls:
                if call.cancel is not cancel or call.future.cancel() or call.future.done():
                    continue
                for other in self._calls:
                    if other.pool is call.pool and other.cancel is not cancel:
                        other.retry = True
                if self._pool is call.pool:
                    self._pool = None
                _terminate(call.pool)

    def warm_up(self) -> None:
        """Start a helper process, if none is running, and have it load the word lists now
        (about 2 s), so that the next import need not wait for that; returns at once."""
        with self._lock:
            if self._pool is None and not self._broken:
                pool = self._get_pool()
                if pool is not None:
                    with contextlib.suppress(BrokenProcessPool, RuntimeError):  # then prepare() finds out
                        pool.submit(_load_word_lists)

    def _get_pool(self) -> ProcessPoolExecutor | None:
        """The helper process's pool, started if need be; the caller holds ``_lock``."""
        if self._pool is None and not self._broken:
            try:
                self._pool = ProcessPoolExecutor(
                    max_workers=1, mp_context=multiprocessing.get_context("spawn"), initializer=_end_with_parent
                )
            except (OSError, ValueError, NotImplementedError) as err:
                logger.warning("no helper process for imports (%s)", err)
                self._broken = True
        return self._pool

    def _end_pool(self, *, broken: bool = False) -> None:
        """Let the helper process go (work in progress finishes); the caller holds ``_lock``."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        self._broken = self._broken or broken

    def shutdown(self) -> None:
        """End the helper process (without waiting for work in progress)."""
        with self._lock:
            self._end_pool()


def _end_with_parent() -> None:
    """In the helper process: exit as soon as the program that started it is gone.

    A helper holds both ends of its pool's queues, so when the program crashes or is killed
    (no shutdown) it would wait for work for ever, holding about 200 MB.
    """
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_when_gone, args=(parent,), name="end-with-parent", daemon=True).start()


def _exit_when_gone(parent: multiprocessing.process.BaseProcess) -> None:
    parent.join()  # returns when the parent's end of the spawn pipe closes: it has exited
    os._exit(0)


def _load_word_lists() -> None:
    find_joins("Kim and Putinsigned a pact.")  # the detector loads its word lists on first use


def _terminate(pool: ProcessPoolExecutor) -> None:
    """End the pool's process now, without waiting: what ``terminate_workers()`` does in Python 3.14.

    The pool's own manager thread then fails its unfinished futures with BrokenProcessPool and
    reaps the process, so none is left behind as a zombie.
    """
    processes = dict(pool._processes or {})  # shutdown() drops the pool's reference to them
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes.values():
        with contextlib.suppress(ValueError):  # closed: it is gone already
            process.terminate()


_SHARED: Preparer | None = None


def shared_preparer() -> Preparer:
    """The process's one Preparer: its helper process (and the word lists it loaded) is reused."""
    global _SHARED
    if _SHARED is None:
        _SHARED = Preparer()
    return _SHARED
