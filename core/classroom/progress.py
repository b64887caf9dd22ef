"""Progress a learner can see: every handed-in attempt scored against its key, over time.

What it counts, per attempt and per tag (the tag the *key* gives a claim):

* **key claims found**: key claims some claim of the learner matches (``core.classroom.scoring``);
* **tags right**: key claims found *and* given the key's tag.  Both are shares of the key
  claims, so "right" is never more than "found";
* **confusions**: key tag × the learner's tag over the claims found, and the key claims missed
  (``scoring.confusion``), told as "estimated taken for confirmed: 3 times".

Where a learner stands now (:attr:`Progress.standing`, the weakest skill) counts each
exercise's *latest* attempt, so practising again replaces an old result; the chart and the
confusions keep every attempt.  A learner sees attempts whose feedback is available to them
(the key released); a teacher (``teacher=True``) sees every hand-in.  Nothing here is stored:
it is computed from the claims and keys in the database, so it is the same after a restart.
(The kinds of *reading cue* a learner passes over need the reading cues, which ClaimMark does
not have yet; the kinds of *claim* they miss come from the practice set's keys.)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select

from claimmark.core.claims import ClaimSpan, Tag
from claimmark.core.classroom.exercises import find_key_set
from claimmark.core.classroom.practice import claim_kinds
from claimmark.core.classroom.scoring import Confusion, Matching, Score, confusion, match_claims
from claimmark.core.storage.engine import Database
from claimmark.core.storage.models import Article, Claim, ClaimSet, Exercise
from claimmark.core.tokens import TokenIndex


@dataclass(frozen=True)
class Outcome:
    """What became of one key claim in one attempt."""

    tag: Tag
    """The key's tag."""
    given: Tag | None
    """The learner's tag on the matching claim; None when the key claim was missed."""
    kind: str = ""
    """What the claim drills (the practice set's keys say; '' for other exercises)."""

    @property
    def found(self) -> bool:
        return self.given is not None

    @property
    def right(self) -> bool:
        return self.given is self.tag


@dataclass(frozen=True)
class Tally:
    """Key claims of one tag (or all): how many, found, found with the right tag."""

    key_claims: int = 0
    found: int = 0
    right: int = 0

    @property
    def found_share(self) -> float | None:
        return self.found / self.key_claims if self.key_claims else None

    @property
    def right_share(self) -> float | None:
        return self.right / self.key_claims if self.key_claims else None

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.key_claims + other.key_claims, self.found + other.found, self.right + other.right)

    @classmethod
    def of(cls, outcomes: Iterable[Outcome]) -> Tally:
        found = list(outcomes)
        return cls(len(found), sum(o.found for o in found), sum(o.right for o in found))


@dataclass(frozen=True)
class AttemptResult:
    """One handed-in attempt, scored against its exercise's key."""

    claim_set_id: int
    exercise_id: int
    exercise_uid: str
    title: str
    attempt: int
    submitted_at: datetime
    score: Score
    outcomes: tuple[Outcome, ...]
    matching: Matching

    def tally(self, tag: Tag | None = None) -> Tally:
        """Key claims found and right, of one tag or (None) of all."""
        return Tally.of(o for o in self.outcomes if tag is None or o.tag is tag)


@dataclass(frozen=True)
class Progress:
    """A learner's attempts, oldest first, and what follows from them."""

    results: tuple[AttemptResult, ...]

    @property
    def latest(self) -> list[AttemptResult]:
        """Each exercise's latest attempt (by attempt number), in the order they were handed in."""
        last: dict[int, AttemptResult] = {}
        for result in self.results:
            kept = last.get(result.exercise_id)
            if kept is None or (result.attempt, result.submitted_at) > (kept.attempt, kept.submitted_at):
                last[result.exercise_id] = result
        return sorted(last.values(), key=lambda r: r.submitted_at)

    def standing(self) -> dict[Tag, Tally]:
        """Per tag, over each exercise's latest attempt: where the learner stands now."""
        return {tag: Tally.of(o for r in self.latest for o in r.outcomes if o.tag is tag) for tag in Tag}

    def weakest(self) -> Tag | None:
        """The tag whose key claims the learner least often finds with the right tag now (None
        before any attempt); ties go to the tag with more key claims seen, then tag order."""
        seen = {tag: tally for tag, tally in self.standing().items() if tally.key_claims}
        if not seen:
            return None
        order = list(Tag)
        return min(seen, key=lambda t: (seen[t].right / seen[t].key_claims, -seen[t].key_claims, order.index(t)))

    def confusion(self) -> Confusion:
        """Key tag × the learner's tag over every attempt (and the key claims missed)."""
        return confusion(r.matching for r in self.results)

    def confusions(self) -> list[tuple[Tag, Tag, int]]:
        """(key tag, the learner's tag, times) for each mix-up made, most frequent first."""
        table = self.confusion()
        mixed = [(k, t, n) for (k, t), n in table.counts.items() if k is not t and n]
        order = list(Tag)
        return sorted(mixed, key=lambda m: (-m[2], order.index(m[0]), order.index(m[1])))

    def missed_kinds(self) -> dict[str, int]:
        """How often key claims of each kind were missed or mistagged, over every attempt."""
        counts: dict[str, int] = defaultdict(int)
        for result in self.results:
            for outcome in result.outcomes:
                if outcome.kind and not outcome.right:
                    counts[outcome.kind] += 1
        return dict(counts)


def score_attempt(
    index: TokenIndex,
    key: Sequence[ClaimSpan],
    claims: Sequence[ClaimSpan],
    *,
    exercise_uid: str,
) -> tuple[Score, tuple[Outcome, ...], Matching]:
    matching = match_claims(index, key, claims)
    kinds = claim_kinds()
    outcomes = tuple(
        Outcome(
            tag=m.key.tag,
            given=m.trainee.tag if m.trainee is not None else None,
            kind=found.kind if (found := kinds.get((exercise_uid, m.key.start, m.key.end))) else "",
        )
        for m in matching.key_matches
    )
    return Score.from_matching(matching), outcomes, matching


def results(
    db: Database,
    trainee_ids: Sequence[int],
    *,
    exercise_ids: Sequence[int] | None = None,
    teacher: bool = False,
) -> dict[int, Progress]:
    """Each trainee's progress (by trainee id): their handed-in attempts, scored.

    Only exercises with a key count; a learner (``teacher=False``) sees those whose key is
    released to them.  ``exercise_ids`` limits it to some exercises (a class's).
    """
    query = (
        select(ClaimSet, Exercise, Article)
        .join(Exercise, col(Exercise.id) == col(ClaimSet.exercise_id))
        .join(Article, col(Article.id) == col(Exercise.article_id))
        .where(
            col(ClaimSet.trainee_id).in_(list(trainee_ids)),
            ClaimSet.role == "trainee",
            col(ClaimSet.submitted_at).is_not(None),
        )
        .order_by(col(ClaimSet.submitted_at), col(ClaimSet.id))
    )
    if exercise_ids is not None:
        query = query.where(col(ClaimSet.exercise_id).in_(list(exercise_ids)))
    if not teacher:
        query = query.where(col(Exercise.key_released).is_(True))
    found: dict[int, list[AttemptResult]] = {trainee: [] for trainee in trainee_ids}
    with db.read() as session:
        rows = list(session.exec(query))
        keys: dict[int, list[ClaimSpan] | None] = {}
        indexes: dict[int, TokenIndex] = {}
        claims = _claims_of([claim_set.id for claim_set, _, _ in rows if claim_set.id is not None], session)
        for claim_set, exercise, article in rows:
            assert exercise.id is not None and claim_set.id is not None and claim_set.submitted_at is not None
            if exercise.id not in keys:
                key_set = find_key_set(session, exercise, create=False)
                keys[exercise.id] = _claims_of([key_set.id], session)[key_set.id] if key_set and key_set.id else None
                indexes[exercise.id] = TokenIndex(article.text)
            key = keys[exercise.id]
            if key is None:  # no key yet: nothing to score against
                continue
            result, outcomes, matching = score_attempt(
                indexes[exercise.id], key, claims.get(claim_set.id, []), exercise_uid=exercise.uid
            )
            assert claim_set.trainee_id is not None
            found[claim_set.trainee_id].append(
                AttemptResult(
                    claim_set_id=claim_set.id,
                    exercise_id=exercise.id,
                    exercise_uid=exercise.uid,
                    title=exercise.title or article.title,
                    attempt=claim_set.attempt,
                    submitted_at=claim_set.submitted_at,
                    score=result,
                    outcomes=outcomes,
                    matching=matching,
                )
            )
    return {trainee: Progress(tuple(attempts)) for trainee, attempts in found.items()}


def progress(db: Database, trainee_id: int, *, teacher: bool = False) -> Progress:
    """One learner's progress over every exercise with a key available to them."""
    return results(db, [trainee_id], teacher=teacher)[trainee_id]


def _claims_of(claim_set_ids: Sequence[int], session) -> dict[int, list[ClaimSpan]]:
    """The claims of many claim sets in one query, each in text order."""
    found: dict[int, list[ClaimSpan]] = {claim_set_id: [] for claim_set_id in claim_set_ids}
    if not claim_set_ids:
        return found
    query = (
        select(Claim)
        .where(col(Claim.claim_set_id).in_(list(claim_set_ids)))
        .order_by(col(Claim.claim_set_id), col(Claim.start), col(Claim.end), col(Claim.id))
    )
    for claim in session.exec(query):
        found[claim.claim_set_id].append(ClaimSpan(claim.start, claim.end, Tag(claim.tag), claim.note, claim.source))
    return found
