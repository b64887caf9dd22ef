"""Bring articles into the library and manage them there, without a screen.

One pipeline for ``claimmark import`` / ``claimmark clean`` and the window:

    prepared = prepare_import("article.txt")            # slow: read the file, find glued words
    existing = find_existing(db, prepared)               # quick: is this text stored already?
    article = store_import(db, prepared, accepted)       # one transaction

``prepare_import`` touches no database and returns plain data, so the window can run it in a
worker thread (reading and repair detection take seconds on a 5 MB file).  Problems with the
input come out as :class:`core.importing.ImportProblem` before anything is written, so a bad
file never changes the database.

Glued-link repair (:mod:`core.repair`) is proposed for pasted text, plain text and Markdown.
It is not proposed for web pages, whose spacing comes from their markup, nor for text in a
language other than English, because the detector judges words with an English word list.
The stored ``Article.text`` carries the accepted repairs; ``Article.original_text`` keeps the
text as it came in, so :func:`applied_repairs` can list every change later.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import col, select

from core import repository as repo
from core.db import Database
from core.importing import ImportedText, ImportProblem, article_from_paste, read_article_file
from core.models import Article
from core.repair import Join, apply_joins, find_joins

__all__ = [
    "PASTED",
    "ArticleRef",
    "ImportOutcome",
    "PastedText",
    "PreparedImport",
    "applied_repairs",
    "article_after_delete",
    "delete_article",
    "deletion_info",
    "find_existing",
    "import_sources",
    "prepare_import",
    "problem_for",
    "repair_applies",
    "store_import",
    "update_details",
]

logger = logging.getLogger(__name__)

PASTED = "pasted text"
ENGLISH = ("", "en")


@dataclass(frozen=True)
class PastedText:
    """Text from the clipboard (or standard input), as opposed to a file path."""

    text: str


Source = str | os.PathLike[str] | PastedText


@dataclass(frozen=True)
class ArticleRef:
    id: int
    title: str


@dataclass(frozen=True)
class PreparedImport:
    """An article read and checked for glued words, not yet stored."""

    source: str
    """The file path as given, or ``"pasted text"``."""
    imported: ImportedText
    joins: tuple[Join, ...]
    """Proposed repairs, by position in :attr:`original`."""
    repair_checked: bool
    """Whether glued words were looked for (not for web pages, non-English text or on request)."""

    @property
    def original(self) -> str:
        return self.imported.text

    @property
    def name(self) -> str:
        """The file name (or "pasted text") for messages."""
        return PASTED if self.source == PASTED else Path(self.source).name or self.source

    @property
    def non_english(self) -> bool:
        return self.imported.language not in ENGLISH

    def text_with(self, accepted: Iterable[Join]) -> str:
        return apply_joins(self.original, self._checked(accepted))

    def title_with(self, accepted: Iterable[Join]) -> str:
        """The title, repaired too when it is the text's first line; else from the file or text."""
        title = self.imported.title
        first_line = self.original.partition("\n")[0]
        if title and title == first_line.strip():
            cut = len(first_line)
            title = apply_joins(first_line, [j for j in self._checked(accepted) if j.position < cut]).strip()
        return title or _title_from_text(self.original)

    def _checked(self, accepted: Iterable[Join]) -> list[Join]:
        proposed = {j.position for j in self.joins}
        chosen = list(accepted)
        stray = [j.position for j in chosen if j.position not in proposed]
        if stray:
            raise ValueError(f"repairs at {stray} were not proposed for {self.name}")
        return chosen


@dataclass(frozen=True)
class ImportOutcome:
    """What became of one source in :func:`import_sources`."""

    source: str
    article: ArticleRef | None = None
    existing: bool = False
    """True when the text was already in the library (nothing was stored)."""
    repairs: int = 0
    language: str = ""
    problem: str | None = None


def repair_applies(imported: ImportedText) -> bool:
    """Whether glued-word repair makes sense for this text (see the module notes)."""
    return imported.format != "html" and imported.language in ENGLISH


def read_source(source: Source) -> tuple[str, ImportedText]:
    if isinstance(source, PastedText):
        return PASTED, article_from_paste(source.text)
    path = os.fspath(source)
    return path, read_article_file(path)


def prepare_import(source: Source, *, repair: bool = True) -> PreparedImport:
    """Read a file (or pasted text) and propose repairs; raise ImportProblem if it cannot be imported.

    No database is touched: safe to run in a worker thread.
    """
    shown, imported = read_source(source)
    checked = repair and repair_applies(imported)
    joins: tuple[Join, ...] = ()
    if checked:
        try:
            joins = tuple(find_joins(imported.text))
        except Exception as err:  # a detector bug must not lose the article
            logger.exception("finding glued words in %r failed", shown)
            name = PASTED.capitalize() if shown == PASTED else Path(shown).name
            raise ImportProblem(
                f"{name}: looking for glued words failed ({type(err).__name__}). "
                "Import it without repairs (claimmark import --no-repair) and report the problem."
            ) from err
    return PreparedImport(source=shown, imported=imported, joins=joins, repair_checked=checked)


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


def find_existing(db: Database, prepared: PreparedImport) -> ArticleRef | None:
    """The library's copy of this text: stored or original text equal to what came in, or to
    the text with every proposed repair applied."""
    candidates = [prepared.original]
    if prepared.joins:
        candidates.append(prepared.text_with(prepared.joins))
    with db.read() as session:
        for text in candidates:
            found = repo.find_article_by_text(text, session=session)
            if found is not None and found.id is not None:
                return ArticleRef(found.id, found.title)
    return None


def store_import(db: Database, prepared: PreparedImport, accepted: Iterable[Join] = ()) -> Article:
    """Store the article with the accepted repairs applied and the original kept; one transaction.

    ``accepted`` must be among ``prepared.joins`` (ValueError otherwise).
    """
    chosen = list(accepted)
    text = prepared.text_with(chosen)
    meta = prepared.imported
    with db.write() as session:
        return repo.add_article(
            text,
            session=session,
            title=prepared.title_with(chosen),
            outlet=meta.outlet,
            author=meta.author,
            published=meta.published,
            url=meta.url,
            original_text=prepared.original,
            source_name=meta.source_name or prepared.name,
        )


def import_sources(db: Database, sources: Sequence[Source], *, repair: bool = True) -> Iterator[ImportOutcome]:
    """Import each source with every proposed repair applied (no review step): the command line.

    A source already in the library is not stored again.  A source that fails is reported in
    its outcome and the others are still imported.
    """
    for source in sources:
        shown = PASTED if isinstance(source, PastedText) else os.fspath(source)
        try:
            prepared = prepare_import(source, repair=repair)
        except ImportProblem as problem:
            yield ImportOutcome(shown, problem=problem_for(shown, problem))
            continue
        language = prepared.imported.language
        try:
            existing = find_existing(db, prepared)
            if existing is not None:
                yield ImportOutcome(shown, article=existing, existing=True, language=language)
                continue
            article = store_import(db, prepared, prepared.joins)
        except SQLAlchemyError as err:
            reason = " ".join(str(getattr(err, "orig", None) or err).split())[:200]
            yield ImportOutcome(shown, problem=f"{shown}: could not be saved to {db.name} ({reason}).")
            continue
        assert article.id is not None
        yield ImportOutcome(
            shown, article=ArticleRef(article.id, article.title), repairs=len(prepared.joins), language=language
        )


def problem_for(source: str, problem: ImportProblem) -> str:
    """The problem's one-line message naming the source as given (a path, not only its name)."""
    message = problem.message
    name = Path(source).name
    if source != PASTED and name and source != name and message.startswith(name + ": "):
        return f"{source}: {message[len(name) + 2 :]}"
    return message


# ---------------------------------------------------------------- repairs made earlier
def applied_repairs(original: str | None, text: str) -> list[Join]:
    """The spaces that import inserted: positions in ``original``, with the words either side.

    Empty when nothing was repaired, or when ``text`` is not ``original`` with spaces inserted.
    """
    if not original or original == text or len(text) <= len(original):
        return []
    positions: list[int] = []
    i = j = 0
    while j < len(text):
        if i < len(original) and original[i] == text[j]:
            i += 1
        elif text[j] == " ":
            positions.append(i)
        else:
            return []
        j += 1
    if i != len(original):
        return []
    joins = []
    for p in positions:
        left = original[:p].rsplit(None, 1)[-1] if original[:p].strip() else ""
        rest = original[p:].split(None, 1)
        joins.append(Join(p, left, rest[0] if rest else "", "space inserted on import", 1.0))
    return joins


# ---------------------------------------------------------------- details, deleting
def update_details(db: Database, article_id: int, **fields: str) -> Article:
    """Change title, outlet, author, published or url in one transaction (values cut to fit)."""
    unknown = set(fields) - set(repo.DETAIL_LIMITS)
    if unknown:
        raise ValueError(f"not article details: {sorted(unknown)}")
    clean = {name: " ".join(value.split()) for name, value in fields.items()}
    with db.write() as session:
        return repo.update_article_meta(article_id, session=session, **clean)


def deletion_info(db: Database, article_id: int) -> tuple[ArticleRef, int] | None:
    """The article and how many claims (everyone's, answer keys included) go with it."""
    with db.read() as session:
        article = session.get(Article, article_id)
        if article is None or article.id is None:
            return None
        return ArticleRef(article.id, article.title), repo.count_claims_for_article(article_id, session=session)


def delete_article(db: Database, article_id: int) -> None:
    """Delete an article with its exercises, claim sets and claims, in one transaction."""
    with db.write() as session:
        repo.delete_article(article_id, session=session)


def article_after_delete(db: Database) -> int | None:
    """The newest article left in the library, to show after the open one was deleted."""
    with db.read() as session:
        return session.exec(select(func.max(col(Article.id)))).one()


def _title_from_text(text: str, words: int = 10) -> str:
    first = text.strip().partition("\n")[0].split()
    return " ".join(first[:words]) + ("…" if len(first) > words else "")
