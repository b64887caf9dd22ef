"""A class's results for a grade book: one row per trainee, one column per exercise.

Each cell is the share of the exercise's key claims the trainee found **with the key's tag**,
as a whole percentage (0-100), from their **first** attempt: the one handed in before the key was
available to them (a later attempt was made after seeing it, see ``core.classroom.attempts``).
An empty cell means nothing was handed in.  The exercises are the class's: every exercise with
an answer key, in the order they were made, leaving out the bundled ones (the sample and the
practice set) unless asked.  Trainees are listed by name, ignoring case; two of one name (two
ids) are told apart by the start of their id, as in the debrief.

:func:`write_csv` writes it as CSV (UTF-8, a header row, comma-separated), which grade books
import; a cell that a spreadsheet would run as a formula (a name starting with ``=``, ``+``,
``-``, ``@``) is written with a leading apostrophe.  The same figures, and each trainee's whole
progress, are in :func:`class_progress`.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from typing import IO

from sqlmodel import col, select

from claimmark.core.classroom.attempts import FIRST_ATTEMPT
from claimmark.core.classroom.exercises import find_key_set
from claimmark.core.classroom.progress import Progress, results
from claimmark.core.identity import told_apart
from claimmark.core.storage.engine import Database
from claimmark.core.storage.models import Article, ClaimSet, Exercise, Trainee


@dataclass(frozen=True)
class Column:
    exercise_id: int
    title: str


@dataclass(frozen=True)
class Row:
    trainee_id: int
    trainee: str
    cells: tuple[int | None, ...]
    """Per column: percent of key claims found with the right tag, first attempt; None if none."""
    progress: Progress
    """The trainee's whole progress on these exercises (every attempt)."""


@dataclass(frozen=True)
class GradeBook:
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]


def _percent(found_right: int, key_claims: int) -> int:
    return round(100 * found_right / key_claims) if key_claims else 0


def class_exercises(db: Database, *, practice: bool = False) -> list[Column]:
    """The exercises with a key, oldest first; bundled ones only when ``practice``."""
    with db.read() as session:
        query = select(Exercise, Article).join(Article, col(Article.id) == col(Exercise.article_id))
        if not practice:
            query = query.where(col(Exercise.is_sample).is_(False))
        found = []
        for exercise, article in session.exec(query.order_by(col(Exercise.id))):
            if exercise.id is not None and find_key_set(session, exercise, create=False) is not None:
                found.append(Column(exercise.id, exercise.title or article.title))
    return _distinct_titles(found)


def _distinct_titles(columns: list[Column]) -> list[Column]:
    """A grade book needs a different heading for each column: repeated titles get '(2)', '(3)'."""
    seen: dict[str, int] = {}
    named = []
    for column in columns:
        seen[column.title] = seen.get(column.title, 0) + 1
        title = column.title if seen[column.title] == 1 else f"{column.title} ({seen[column.title]})"
        named.append(Column(column.exercise_id, title))
    return named


def class_progress(db: Database, *, practice: bool = False) -> GradeBook:
    """Every trainee who handed in any of the class's exercises, with their grades and progress."""
    columns = class_exercises(db, practice=practice)
    ids = [c.exercise_id for c in columns]
    with db.read() as session:
        query = (
            select(Trainee)
            .join(ClaimSet, col(ClaimSet.trainee_id) == col(Trainee.id))
            .where(col(ClaimSet.exercise_id).in_(ids), col(ClaimSet.submitted_at).is_not(None))
            .distinct()
        )
        found = [(t.id, t.name, t.uid) for t in session.exec(query) if t.id is not None]
    labels = told_apart((name, uid) for _, name, uid in found)  # two of one name: with the start of the id
    trainees = sorted(((i, labels[uid]) for i, _, uid in found), key=_by_name)
    everyone = results(db, [i for i, _ in trainees], exercise_ids=ids, teacher=True)
    rows = []
    for trainee_id, name in trainees:
        mine = everyone[trainee_id]
        first = {r.exercise_id: r for r in mine.results if r.attempt == FIRST_ATTEMPT}
        cells = tuple(
            _percent(first[c.exercise_id].score.tags_right, first[c.exercise_id].score.key_claims)
            if c.exercise_id in first
            else None
            for c in columns
        )
        rows.append(Row(trainee_id, name, cells, mine))
    return GradeBook(tuple(columns), tuple(rows))


def _by_name(trainee: tuple[int, str]) -> tuple[str, int]:
    return (trainee[1].casefold(), trainee[0])


def _safe(text: str) -> str:
    """A cell a spreadsheet will not run as a formula."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def write_csv(book: GradeBook, out: IO[str], *, trainee_heading: str = "trainee") -> int:
    """Write the grade book as CSV; returns the number of trainee rows."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([trainee_heading, *(_safe(c.title) for c in book.columns)])
    for row in book.rows:
        writer.writerow([_safe(row.trainee), *("" if cell is None else cell for cell in row.cells)])
    return len(book.rows)
