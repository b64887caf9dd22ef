"""The class debrief: every submission scored, agreement, confusion and the heat map."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import col, select

from claimmark.core.claims import ClaimSpan, Tag
from claimmark.core.classroom.agreement import ClassFigures, class_figures, token_units
from claimmark.core.classroom.attempts import FIRST_ATTEMPT
from claimmark.core.classroom.exchange import (
    SubmissionFile,
)
from claimmark.core.classroom.exercises import article_of, exercise_row, key_spans
from claimmark.core.classroom.handout import exercise_file, suggested_file_name, write_file
from claimmark.core.classroom.scoring import (
    Score,
    ScoredSubmission,
    count_latest,
    in_class_figures,
    match_claims,
)
from claimmark.core.identity import Identity, told_apart
from claimmark.core.storage import repository as repo
from claimmark.core.storage.engine import Database
from claimmark.core.storage.models import ClaimSet, Trainee
from claimmark.core.tokens import TokenIndex


@dataclass(frozen=True)
class DebriefRow(ScoredSubmission):
    """One trainee's submitted claim set, scored."""

    claim_set_id: int = field(kw_only=True)


@dataclass(frozen=True)
class HeatSpan:
    """A run of words that the same number of trainees tagged, with the same tags."""

    start: int
    end: int
    tagged: int
    """Trainees (counted in class figures) whose claims cover these words."""
    tags: Mapping[Tag, int] = field(default_factory=dict)

    @property
    def top_tag(self) -> Tag:
        """The tag most trainees chose here (ties: confirmed, estimated, unverified order)."""
        return max(Tag, key=lambda t: (self.tags.get(t, 0), -list(Tag).index(t)))


@dataclass(frozen=True)
class Debrief(ClassFigures):
    exercise_id: int
    exercise_uid: str
    title: str
    text: str
    key: tuple[ClaimSpan, ...]
    rows: tuple[DebriefRow, ...]
    """Every submission, sorted by trainee then time."""
    heat: tuple[HeatSpan, ...]

    @property
    def counted(self) -> list[DebriefRow]:
        return in_class_figures(self.rows)


def heat_spans(text: str | TokenIndex, submissions: Sequence[Sequence[ClaimSpan]]) -> list[HeatSpan]:
    """How many trainees tagged each word, and with which tag, merged into runs of equal counts.

    Uses the unit rule of ``core.agreement`` (a word takes the tag of the shortest claim of a
    trainee that covers it), so the shading shows the data agreement is computed on.
    """
    units = token_units(text, submissions)
    spans: list[HeatSpan] = []
    for j, (start, end) in enumerate(units.spans):
        counted = Counter(Tag(row[j]) for row in units.values if row[j] in Tag._value2member_map_)
        if not counted:
            continue
        tags = {t: counted[t] for t in Tag if counted[t]}
        last = spans[-1] if spans else None
        previous_unit_end = units.spans[j - 1][1] if j else -1
        if last is not None and last.end == previous_unit_end and dict(last.tags) == tags:
            spans[-1] = HeatSpan(last.start, end, last.tagged, tags)
        else:
            spans.append(HeatSpan(start, end, sum(counted.values()), tags))
    return spans


def debrief(db: Database, exercise_id: int) -> Debrief:
    """The class's submitted work on an exercise, scored against its key (see module notes)."""
    with db.read() as session:
        exercise = exercise_row(session, exercise_id)
        article = article_of(session, exercise)
        key = tuple(key_spans(session, exercise) or [])
        query = (
            select(ClaimSet, Trainee)
            .join(Trainee, col(Trainee.id) == col(ClaimSet.trainee_id))
            .where(
                ClaimSet.exercise_id == exercise_id,
                ClaimSet.role == "trainee",
                col(ClaimSet.submitted_at).is_not(None),
                # each trainee's first attempt: later ones were made after the key was seen
                ClaimSet.attempt == FIRST_ATTEMPT,
            )
            .order_by(col(ClaimSet.id))
        )
        handed_in = [
            (claim_set, trainee.name, trainee.uid, repo.claim_spans(claim_set.id, session=session))
            for claim_set, trainee in session.exec(query)
            if claim_set.id is not None
        ]
    index = TokenIndex(article.text)
    labels = told_apart((name, uid) for _, name, uid, _ in handed_in)  # two of one name: by id too
    rows = []
    for claim_set, _, uid, claims in handed_in:  # by claim set id, the order count_latest breaks equal times by
        assert claim_set.submitted_at is not None and claim_set.id is not None
        matching = match_claims(index, key, claims)
        rows.append(
            DebriefRow(
                trainee=labels[uid],
                person=uid,
                claim_set_id=claim_set.id,
                submitted_at=claim_set.submitted_at,
                score=Score.from_matching(matching),
                matching=matching,
            )
        )
    rows = count_latest(rows)
    figures = class_figures(index, key, rows)
    assert exercise.id is not None
    return Debrief(
        exercise_id=exercise.id,
        exercise_uid=exercise.uid,
        title=exercise.title or article.title,
        text=article.text,
        key=key,
        rows=tuple(rows),
        agreement=figures.agreement,
        confusion=figures.confusion,
        answers=figures.answers,
        heat=tuple(heat_spans(index, [r.matching.trainee for r in in_class_figures(rows)])),
    )


def trainee_names(db: Database, claim_set_ids: Sequence[int]) -> dict[int, str]:
    """The name of each claim set's trainee, as kept (without the id a debrief may add to it)."""
    with db.read() as session:
        query = (
            select(ClaimSet.id, Trainee.name)
            .join(Trainee, col(Trainee.id) == col(ClaimSet.trainee_id))
            .where(col(ClaimSet.id).in_(list(claim_set_ids)))
        )
        return {claim_set_id: name for claim_set_id, name in session.exec(query) if claim_set_id is not None}


def export_submissions(db: Database, exercise_id: int, folder: str | os.PathLike[str]) -> list[Path]:
    """Write every submitted claim set of an exercise as a submission file (for ``claimmark score``)."""
    written: list[Path] = []
    handout = exercise_file(db, exercise_id)
    rows = debrief(db, exercise_id).rows
    names = trainee_names(db, [row.claim_set_id for row in rows])
    for row in rows:
        path = Path(folder) / suggested_file_name(handout.title, "submission", row.trainee)
        if path in written:  # two names that are the same person: keep both files
            path = path.with_name(f"{path.name.removesuffix('.submission.json')}-{len(written)}.submission.json")
        who = Identity(uid=row.person, name=names[row.claim_set_id])
        sub = SubmissionFile.for_exercise(handout, who, row.matching.trainee, row.submitted_at)
        write_file(path, sub)
        written.append(path)
    return written
