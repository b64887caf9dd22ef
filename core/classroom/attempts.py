"""Attempts: a trainee tries an exercise again, and the earlier attempts stay as they were.

Each attempt is its own claim set (``ClaimSet.attempt`` 1, 2, ...).  **Practise again** is
offered once an attempt is handed in and its feedback is there (the key is available to the
trainee): before that, Edit again is the way to change a hand-in.  It starts the next attempt
empty; every earlier attempt keeps its claims, its hand-in time and so its feedback.

The trainee's open claim set is always their latest attempt (``repository.get_claim_set``).
A class's figures (the debrief, the grade book) count each trainee's first attempt: a later one
was made after seeing the key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, func, select

from claimmark.core.classroom.exercises import ClassroomError, find_key_set
from claimmark.core.classroom.submissions import trainee_set
from claimmark.core.classroom.trainee_feedback import FeedbackState
from claimmark.core.storage import repository as repo
from claimmark.core.storage.engine import Database
from claimmark.core.storage.models import Claim, ClaimSet

FIRST_ATTEMPT = 1
"""The attempt a class's figures count: the one handed in before the key was seen."""


@dataclass(frozen=True)
class Attempt:
    """One of a trainee's attempts at an exercise."""

    claim_set_id: int
    number: int
    submitted_at: datetime | None
    claims: int
    """How many claims it holds."""


def can_practise_again(state: FeedbackState) -> bool:
    """The rule: a fresh attempt once this one is handed in and its feedback is there."""
    return state is FeedbackState.READY


def practise_again(db: Database, claim_set_id: int) -> int:
    """Start the next attempt after ``claim_set_id`` (empty) and return its claim set id.

    Refused (ClassroomError) unless the attempt is handed in and its key is available.  When a
    later attempt exists already (another window started it), that one is returned.
    """
    with db.write() as session:
        claim_set, exercise, _ = trainee_set(session, claim_set_id)
        if claim_set.submitted_at is None:
            raise ClassroomError(
                "Hand in this attempt first (File > Submit…); Practise again starts a fresh one once "
                "its feedback is there."
            )
        if not exercise.key_released or find_key_set(session, exercise, create=False) is None:
            raise ClassroomError(
                "The feedback on this attempt is not there yet (the answer key is not available to you), "
                "so it cannot be practised again yet; until then, Exercise > Edit again changes it."
            )
        latest = repo.get_claim_set(
            claim_set.article_id,
            session=session,
            trainee_id=claim_set.trainee_id,
            exercise_id=claim_set.exercise_id,
            create=False,
        )
        if latest is not None and latest.id is not None and latest.attempt > claim_set.attempt:
            return latest.id
        fresh = repo.next_attempt(claim_set, session=session)
        assert fresh.id is not None
        return fresh.id


def attempts(db: Database, trainee_id: int, exercise_id: int) -> list[Attempt]:
    """A trainee's attempts at an exercise, first to latest."""
    claims = select(func.count(col(Claim.id))).where(col(Claim.claim_set_id) == col(ClaimSet.id)).scalar_subquery()
    query = (
        select(ClaimSet.id, ClaimSet.attempt, ClaimSet.submitted_at, claims)
        .where(
            ClaimSet.exercise_id == exercise_id,
            ClaimSet.trainee_id == trainee_id,
            ClaimSet.role == "trainee",
        )
        .order_by(col(ClaimSet.attempt))
    )
    with db.read() as session:
        return [
            Attempt(claim_set_id=i, number=n, submitted_at=when, claims=count)
            for i, n, when, count in session.exec(query)
            if i is not None
        ]


def attempt_number(db: Database, claim_set_id: int) -> int:
    with db.read() as session:
        claim_set = session.get(ClaimSet, claim_set_id)
        return claim_set.attempt if claim_set is not None else FIRST_ATTEMPT
