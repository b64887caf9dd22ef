"""What to practise next: a spaced-practice rule over the kinds of claim a learner misses.

The rule (Leitner's boxes, one set of boxes per learner and kind of claim, ``practice.KINDS``):

1. Every kind starts in box 1.  After each handed-in attempt, in the order they were
   handed in, each kind the exercise's key holds moves: to **box 1** if any key claim of that
   kind was missed or given another tag; **up one box** (at most box 5) if all were found with
   the key's tag.
2. A kind in box *b* is **due** :data:`INTERVALS` [*b*] days after the attempt that put it
   there: 1, 3, 7, 14 and 30 days.  So a kind missed today comes back tomorrow, and one got
   right again and again comes back less and less often.
3. A handed-in exercise **comes back** (is due for review) once any kind it drills is due; an
   exercise never handed in is not reviewed, it is new.

What the practice view suggests, first match wins:

1. an exercise in progress (unsubmitted work, or a fresh attempt begun): finish it;
2. a review that is due: the exercise drilling most of the due kinds that were last missed,
   then most key claims of the learner's **weakest tag** (``Progress.weakest``), then the one
   due longest, then the easier, then the set's order;
3. a new exercise: of the easiest level not yet done, the one with most key claims of the
   weakest tag, then the set's order;
4. otherwise the exercise whose review comes soonest.

This was chosen over a fitted scheduler such as FSRS (the ``fsrs`` package is MIT-licensed and
pure Python): FSRS models the recall of one flash card rated Again/Hard/Good/Easy, with
parameters fitted to flash-card reviews, while an exercise here tests several kinds of claim at
once and gives right/wrong per claim; boxes with fixed intervals are a rule a teacher can read
and check, and need no new dependency.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from claimmark.core.claims import Tag
from claimmark.core.classroom.practice import (
    KINDS,
    ExerciseStatus,
    PracticeExercise,
    Status,
    loaded_ids,
    practice_set,
    statuses,
)
from claimmark.core.classroom.progress import AttemptResult, Progress, progress
from claimmark.core.errors import Message
from claimmark.core.storage.engine import Database

INTERVALS = {1: 1, 2: 3, 3: 7, 4: 14, 5: 30}
"""Days until a kind in each box is due again."""
TOP_BOX = max(INTERVALS)


@dataclass(frozen=True)
class KindState:
    kind: str
    box: int
    seen_at: datetime
    """When the attempt that put it in its box was handed in."""

    @property
    def due(self) -> datetime:
        return self.seen_at + timedelta(days=INTERVALS[self.box])

    @property
    def missed_last(self) -> bool:
        return self.box == 1


def kind_states(results: Sequence[AttemptResult]) -> dict[str, KindState]:
    """Each kind's box after these attempts (rule 1 and 2 of the module notes)."""
    states: dict[str, KindState] = {}
    for result in sorted(results, key=lambda r: r.submitted_at):
        kinds: dict[str, bool] = {}
        for outcome in result.outcomes:
            if outcome.kind:
                kinds[outcome.kind] = kinds.get(outcome.kind, True) and outcome.right
        for kind, all_right in kinds.items():
            before = states.get(kind)
            box = min((before.box if before else 1) + 1, TOP_BOX) if all_right else 1
            states[kind] = KindState(kind, box, result.submitted_at)
    return states


def review_due(exercise: PracticeExercise, states: dict[str, KindState]) -> datetime | None:
    """When a handed-in exercise comes back: when the first kind it drills is due."""
    dues = [states[kind].due for kind in exercise.kinds if kind in states]
    return min(dues) if dues else None


class Why(StrEnum):
    FINISH = "finish"
    REVIEW = "review"
    NEW = "new"
    LATER = "later"
    DONE = "done"


@dataclass(frozen=True)
class Suggestion:
    exercise: PracticeExercise | None
    why: Why
    message: Message
    """What to do next and why, for people (the window translates it)."""


@dataclass(frozen=True)
class PracticeRow:
    """One line of the practice view."""

    exercise: PracticeExercise
    exercise_id: int | None
    """None until the set is loaded into this database (the first time one is opened)."""
    status: ExerciseStatus
    last: AttemptResult | None
    """The latest handed-in attempt with feedback (its score is the last score)."""
    due: datetime | None
    """When it comes back for review (handed-in exercises only)."""


@dataclass(frozen=True)
class PracticeOverview:
    rows: tuple[PracticeRow, ...]
    progress: Progress
    weakest: Tag | None
    skill: Message | None
    """The weakest skill in words (None before any attempt)."""
    suggestion: Suggestion


def weak_skill(progress: Progress, weakest: Tag | None) -> Message | None:
    """What the learner's weakest skill is now, in words (None before any attempt)."""
    if weakest is None:
        return None
    tally = progress.standing()[weakest]
    return Message.of(
        "Your weakest skill now: {tag} claims ({right} of {total} found with the right tag in your latest attempts).",
        tag=weakest.value,
        right=tally.right,
        total=tally.key_claims,
    )


def suggest(rows: Sequence[PracticeRow], progress: Progress, now: datetime) -> Suggestion:
    """What to practise next (the order of the module notes)."""
    weakest = progress.weakest()
    states = kind_states(progress.results)

    def weak_claims(row: PracticeRow) -> int:
        return row.exercise.tag_count(weakest) if weakest is not None else 0

    started = [r for r in rows if r.status.status is Status.IN_PROGRESS]
    if started:
        row = started[0]
        return Suggestion(
            row.exercise,
            Why.FINISH,
            Message.of("Next: finish “{title}”, which you have started.", title=row.exercise.title),
        )
    due = [r for r in rows if r.status.status is Status.SUBMITTED and r.due is not None and r.due <= now]
    if due:

        def missed_due(row: PracticeRow) -> int:
            return sum(1 for k in row.exercise.kinds if k in states and states[k].missed_last and states[k].due <= now)

        row = min(
            due,
            key=lambda r: (-missed_due(r), -weak_claims(r), r.due, r.exercise.difficulty, rows.index(r)),
        )
        missed = [k for k in row.exercise.kinds if k in states and states[k].missed_last]
        return Suggestion(
            row.exercise,
            Why.REVIEW,
            Message.of(
                "Next: practise “{title}” again: it drills {kinds}, due for review.",
                title=row.exercise.title,
                kinds=", ".join(KINDS[k] for k in (missed or [k for k in row.exercise.kinds if k in states][:2])),
            ),
        )
    new = [r for r in rows if r.status.status is Status.NEW]
    if new:
        level = min(r.exercise.difficulty for r in new)
        row = min((r for r in new if r.exercise.difficulty == level), key=lambda r: (-weak_claims(r), rows.index(r)))
        return Suggestion(
            row.exercise,
            Why.NEW,
            Message.of("Next: “{title}”, a new exercise.", title=row.exercise.title),
        )
    later = [r for r in rows if r.due is not None]
    if later:
        row = min(later, key=lambda r: (r.due, rows.index(r)))
        assert row.due is not None
        return Suggestion(
            row.exercise,
            Why.LATER,
            Message.of(
                "Nothing is due: the next review is “{title}” on {day}.",
                title=row.exercise.title,
                day=row.due.strftime("%Y-%m-%d"),
            ),
        )
    return Suggestion(None, Why.DONE, Message.of("Every exercise is done."))


def overview(db: Database, trainee_id: int, now: datetime) -> PracticeOverview:
    """The practice view's rows, the learner's progress and the suggestion (reading only: an
    exercise not yet in this database is new)."""
    ids = loaded_ids(db)
    exercises = practice_set()
    where = statuses(db, trainee_id, list(ids.values()))
    mine = progress(db, trainee_id)
    states = kind_states(mine.results)
    last = {r.exercise_id: r for r in mine.latest}
    rows = []
    for exercise in exercises:
        exercise_id = ids.get(exercise.uid)
        status = where[exercise_id] if exercise_id is not None else ExerciseStatus(Status.NEW)
        done = exercise_id is not None and (status.status is Status.SUBMITTED or exercise_id in last)
        rows.append(
            PracticeRow(
                exercise=exercise,
                exercise_id=exercise_id,
                status=status,
                last=last.get(exercise_id) if exercise_id is not None else None,
                due=review_due(exercise, states) if done else None,
            )
        )
    weakest = mine.weakest()
    return PracticeOverview(tuple(rows), mine, weakest, weak_skill(mine, weakest), suggest(rows, mine, now))
