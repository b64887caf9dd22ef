"""The import pipeline, one for ``claimmark import`` / ``claimmark clean`` and the window:

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

import logging
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from claimmark.core.errors import fill
from claimmark.core.importing import ImportedText, ImportProblem, article_from_paste, read_article_file
from claimmark.core.importing.mojibake import Fix, find_mojibake
from claimmark.core.repair import Join, find_joins
from claimmark.core.storage import repository as repo
from claimmark.core.storage.engine import Database, DiskProblem
from claimmark.core.storage.models import TextRefused
from claimmark.core.storage.records import ArticleRecord
from claimmark.core.text import replacements

logger = logging.getLogger(__name__)

PASTED = "pasted text"
ADDED_IN_REVIEW = "added by hand in the review"
CHANGED = "changed from the text as it came in"
ENGLISH = ("", "en")


@dataclass(frozen=True)
class PastedText:
    """Text from the clipboard (or standard input), as opposed to a file path."""

    text: str


Source = str | os.PathLike[str] | PastedText
Repair = Join | Fix
"""A change import proposes: a space inserted where a link glued words (:class:`Join`), or
characters decoded anew where the text went through the wrong encoding (:class:`Fix`)."""


def apply_repairs(text: str, repairs: Iterable[Repair]) -> str:
    """``text`` (as it came in) with each repair made; positions are all in ``text``."""
    pieces: list[str] = []
    done = len(text)
    # from the end, so that earlier positions stay valid; at one position the fix (which
    # replaces what follows) before the space (which goes in front of it)
    for repair in sorted(repairs, key=lambda r: (r.position, isinstance(r, Fix)), reverse=True):
        if isinstance(repair, Fix):
            pieces.append(text[repair.end : done])
            pieces.append(repair.becomes)
            done = repair.start
        else:
            pieces.append(text[repair.position : done])
            pieces.append(" ")
            done = repair.position
    pieces.append(text[:done])
    return "".join(reversed(pieces))


@dataclass(frozen=True)
class ArticleRef:
    id: int
    title: str


@dataclass(frozen=True)
class PreparedImport:
    """An article read and checked for glued words and mojibake, not yet stored."""

    source: str
    """The file path as given, or ``"pasted text"``."""
    imported: ImportedText
    joins: tuple[Join, ...]
    """Proposed spaces, by position in :attr:`original`."""
    repair_checked: bool
    """Whether glued words were looked for (not for web pages, non-English text or on request)."""
    fixes: tuple[Fix, ...] = ()
    """Proposed encoding fixes, by position in :attr:`original` (looked for in every text)."""

    @property
    def repairs(self) -> tuple[Repair, ...]:
        """Every proposed repair, in text order."""
        return tuple(sorted((*self.joins, *self.fixes), key=lambda r: (r.position, isinstance(r, Fix))))

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

    def text_with(self, accepted: Iterable[Repair]) -> str:
        return apply_repairs(self.original, self._checked(accepted))

    def title_with(self, accepted: Iterable[Repair]) -> str:
        """The title, repaired too when it is the text's first line; else from the file, else the
        first words of the text as it will be stored (with the accepted repairs)."""
        chosen = self._checked(accepted)
        title = self.imported.title
        first_line = self.original.partition("\n")[0]
        if title and title == first_line.strip():
            cut = len(first_line)
            within = [r for r in chosen if (r.end if isinstance(r, Fix) else r.position) <= cut]
            title = apply_repairs(first_line, within).strip()
        return title or _title_from_text(self.text_with(chosen))

    def space_at(self, position: int) -> Join:
        """A space the person adds in the review, where the detector missed one.

        Only between two characters that are not white space (a space cannot go twice, nor
        at either end); ``ValueError`` otherwise.
        """
        text = self.original
        if not 0 < position < len(text) or text[position - 1].isspace() or text[position].isspace():
            raise ValueError(f"no space can be added at {position} in {self.name}")
        left = text[:position].rsplit(None, 1)[-1]
        right = text[position:].split(None, 1)[0]
        return Join(position, left, right, ADDED_IN_REVIEW, 1.0)

    def _checked(self, accepted: Iterable[Repair]) -> list[Repair]:
        proposed = set(self.repairs)
        chosen = list(accepted)
        stray = [r.position for r in chosen if r not in proposed and not self._added(r)]
        if stray:
            raise ValueError(f"repairs at {stray} were not proposed for {self.name}")
        return chosen

    def _added(self, repair: Repair) -> bool:
        if not isinstance(repair, Join) or repair.reason != ADDED_IN_REVIEW:
            return False
        try:
            return self.space_at(repair.position) == repair
        except ValueError:
            return False


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
            raise ImportProblem(
                "{name}: looking for glued words failed ({error}). "
                "Import it without repairs (claimmark import --no-repair) and report the problem.",
                name=PASTED.capitalize() if shown == PASTED else Path(shown).name,
                error=type(err).__name__,
            ) from err
    fixes = tuple(find_mojibake(imported.text))
    if fixes:  # a space never goes inside characters that are to be decoded anew
        joins = tuple(j for j in joins if not any(f.start < j.position < f.end for f in fixes))
    return PreparedImport(source=shown, imported=imported, joins=joins, repair_checked=checked, fixes=fixes)


def find_existing(db: Database, prepared: PreparedImport) -> ArticleRef | None:
    """The library's copy of this text: stored or original text equal to what came in, or to
    the text with every proposed repair applied."""
    candidates = [prepared.original]
    if prepared.repairs:
        candidates.append(prepared.text_with(prepared.repairs))
    with db.read() as session:
        for text in candidates:
            found = repo.find_article_by_text(text, session=session)
            if found is not None and found.id is not None:
                return ArticleRef(found.id, found.title)
    return None


def store_import(db: Database, prepared: PreparedImport, accepted: Iterable[Repair] = ()) -> ArticleRecord:
    """Store the article with the accepted repairs applied and the original kept; one transaction.

    ``accepted`` must be among ``prepared.repairs`` (ValueError otherwise).
    """
    chosen = list(accepted)
    text = prepared.text_with(chosen)
    meta = prepared.imported
    with db.write() as session:
        article = repo.add_article(
            text,
            session=session,
            original_text=prepared.original,
            source_name=meta.source_name or prepared.name,
            **(meta.details() | {"title": prepared.title_with(chosen)}),
        )
        return ArticleRecord.of(article)


def import_sources(db: Database, sources: Sequence[Source], *, repair: bool = True) -> Iterator[ImportOutcome]:
    """Import each source with every proposed repair applied (no review step): the command line.

    A source already in the library is not stored again.  A source that fails is reported in
    its outcome and the others are still imported (a damaged library stops them all: it raises
    ``LibraryDamaged``).
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
            article = store_import(db, prepared, prepared.repairs)
        except (TextRefused, DiskProblem) as refused:  # the next file may still fit
            yield ImportOutcome(shown, problem=f"{shown}: {refused}")
            continue
        except SQLAlchemyError as err:
            reason = " ".join(str(getattr(err, "orig", None) or err).split())[:200]
            yield ImportOutcome(shown, problem=f"{shown}: could not be saved to {db.name} ({reason}).")
            continue
        assert article.id is not None
        yield ImportOutcome(
            shown, article=ArticleRef(article.id, article.title), repairs=len(prepared.repairs), language=language
        )


def problem_for(source: str, problem: ImportProblem) -> str:
    """The problem's one-line message naming the source as given (a path, not only its name)."""
    name = Path(source).name
    if source != PASTED and name and source != name and problem.params.get("name") == name:
        return fill(problem.template, problem.params | {"name": source})
    return problem.message


# ---------------------------------------------------------------- repairs made earlier
def applied_repairs(original: str | None, text: str) -> list[Repair]:
    """The changes import made: spaces inserted (joins) and characters replaced (fixes), by
    position in ``original``, in text order.

    Empty when nothing was repaired.  Found by comparing the texts: line by line first, then
    character by character inside the lines that differ, so a long article costs little.
    """
    if not original or original == text:
        return []
    spaces = _inserted_spaces(original, text)
    if spaces is not None:
        return [_join_at(original, p) for p in spaces]
    repairs: list[Repair] = []
    for change in replacements(original, text):
        was, becomes = original[change.start : change.end], text[change.new_start : change.new_end]
        if not was and becomes == " ":
            repairs.append(_join_at(original, change.start))
        else:
            repairs.append(Fix(change.start, change.end, was, becomes, CHANGED, 1.0))
    return repairs


def _inserted_spaces(original: str, text: str) -> list[int] | None:
    """Where spaces were inserted into ``original`` to make ``text``; None if it was not only that."""
    if len(text) <= len(original):
        return None
    positions: list[int] = []
    i = j = 0
    while j < len(text):
        if i < len(original) and original[i] == text[j]:
            i += 1
        elif text[j] == " ":
            positions.append(i)
        else:
            return None
        j += 1
    return positions if i == len(original) else None


def _join_at(original: str, p: int) -> Join:
    left = original[:p].rsplit(None, 1)[-1] if original[:p].strip() else ""
    rest = original[p:].split(None, 1)
    return Join(p, left, rest[0] if rest else "", "space inserted on import", 1.0)


def _title_from_text(text: str, words: int = 10) -> str:
    first = text.strip().partition("\n")[0].split()
    return " ".join(first[:words]) + ("…" if len(first) > words else "")
