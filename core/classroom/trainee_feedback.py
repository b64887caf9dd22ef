"""One trainee's feedback: their submitted claims against the answer key."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from claimmark.core.claims import ClaimSpan
from claimmark.core.classroom.exercises import (
    ClassroomError,
    article_of,
    exercise_row,
    find_key_set,
    key_spans,
)
from claimmark.core.classroom.scoring import (
    Matching,
    Score,
    match_claims,
)
from claimmark.core.classroom.submissions import trainee_set
from claimmark.core.storage import repository as repo
from claimmark.core.storage.engine import Database
from claimmark.core.storage.models import ClaimSet


class FeedbackState(StrEnum):
    NOT_AN_EXERCISE = "not an exercise"
    KEY_SET = "answer key"
    """The claims are an answer key, not a trainee's work."""
    NOT_SUBMITTED = "not submitted"
    NO_KEY = "key not available"
    """No key here, or the teacher has not released it."""
    READY = "ready"


class Mark(StrEnum):
    FOUND = "found"
    MISSED = "missed"
    EXTRA = "extra"
    """Not in the key: counted, not an error."""


@dataclass(frozen=True)
class FeedbackItem:
    """One mark on the trainee's article."""

    mark: Mark
    start: int
    end: int
    """The trainee's span for found and extra claims, the key's for missed ones."""
    key: ClaimSpan | None
    trainee: ClaimSpan | None
    iou: float = 0.0

    @property
    def tag_right(self) -> bool | None:
        """Whether the trainee chose the key's tag (None unless found)."""
        if self.key is None or self.trainee is None:
            return None
        return self.key.tag == self.trainee.tag

    @property
    def explanation(self) -> str:
        return self.key.note if self.key is not None else ""


@dataclass(frozen=True)
class Feedback:
    exercise_title: str
    article_title: str
    text: str
    trainee: str
    submitted_at: datetime
    items: tuple[FeedbackItem, ...]
    """Every found, missed and extra claim, in text order."""
    score: Score

    def count(self, mark: Mark) -> int:
        return sum(1 for item in self.items if item.mark == mark)


def feedback_items(matching: Matching) -> list[FeedbackItem]:
    items = []
    for m in matching.key_matches:
        if m.trainee is None:
            items.append(FeedbackItem(Mark.MISSED, m.key.start, m.key.end, key=m.key, trainee=None))
        else:
            items.append(
                FeedbackItem(Mark.FOUND, m.trainee.start, m.trainee.end, key=m.key, trainee=m.trainee, iou=m.iou)
            )
    for claim in matching.extra_claims:
        items.append(FeedbackItem(Mark.EXTRA, claim.start, claim.end, key=None, trainee=claim))
    order = {Mark.FOUND: 0, Mark.MISSED: 1, Mark.EXTRA: 2}
    return sorted(items, key=lambda i: (i.start, i.end, order[i.mark]))


def feedback_state(db: Database, claim_set_id: int) -> FeedbackState:
    with db.read() as session:
        claim_set = session.get(ClaimSet, claim_set_id)
        if claim_set is None or claim_set.exercise_id is None:
            return FeedbackState.NOT_AN_EXERCISE
        if claim_set.role == "key":
            return FeedbackState.KEY_SET
        if claim_set.submitted_at is None:
            return FeedbackState.NOT_SUBMITTED
        exercise = exercise_row(session, claim_set.exercise_id)
        if not exercise.key_released or find_key_set(session, exercise, create=False) is None:
            return FeedbackState.NO_KEY
        return FeedbackState.READY


def feedback(db: Database, claim_set_id: int, *, teacher: bool = False) -> Feedback:
    """A trainee's submitted claims against the key: found / missed / extra and the score.

    Raises ClassroomError unless :func:`feedback_state` is READY; ``teacher=True`` skips the
    release check (a teacher looking at one trainee's work from the debrief).
    """
    state = feedback_state(db, claim_set_id)
    if state is not FeedbackState.READY and not (teacher and state is FeedbackState.NO_KEY):
        raise ClassroomError("no feedback yet: {state}", state=state.value)
    with db.read() as session:
        claim_set, exercise, trainee = trainee_set(session, claim_set_id)
        article = article_of(session, exercise)
        key = key_spans(session, exercise) or []
        claims = repo.claim_spans(claim_set_id, session=session)
        assert claim_set.submitted_at is not None
        matching = match_claims(article.text, key, claims)
        return Feedback(
            exercise_title=exercise.title,
            article_title=article.title,
            text=article.text,
            trainee=trainee.name,
            submitted_at=claim_set.submitted_at,
            items=tuple(feedback_items(matching)),
            score=Score.from_matching(matching),
        )
