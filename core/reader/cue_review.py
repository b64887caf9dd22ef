"""What a learner passed over, told by the reading cues: after submitting, never before.

* :func:`second_look`: on an article without a key, the sentences the learner did not tag that
  hold an estimate, attribution or hedge cue, or a number ("worth a second look").
* :func:`feedback_cues`: with a key, the cues inside each key claim the learner missed or
  tagged otherwise, named as "'is believed to' (estimate)" beside the teacher's explanation.
* :func:`passed_over`: over a learner's attempts, how many cues of each kind lay inside the key
  claims they missed or mistagged (the progress view's "kinds of cue passed over").

Plain data in and out; the cues come from ``core.reader.cues`` (found by the window, cached in
the entity cache: :func:`exercise_cues` reads them back for many exercises at once).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlmodel import col, select

from claimmark.core.classroom.progress import AttemptResult, Progress
from claimmark.core.classroom.trainee_feedback import Feedback, FeedbackItem, Mark
from claimmark.core.nlp import Entities, sentence_bounds
from claimmark.core.reader.cues import CUE_KINDS, Cue, CueKind, ReadingCues, cue_kind_label
from claimmark.core.storage import repository as repo
from claimmark.core.storage.engine import Database
from claimmark.core.storage.models import Article, Exercise

NUMBER_LABELS = ("CARDINAL", "QUANTITY", "MONEY", "PERCENT")
"""Entity labels that are numbers a careful reader checks (dates and ordinals are left out)."""

_DIGITS = re.compile(r"\d[\d,.]*")


def cue_words(text: str, cue: Cue) -> str:
    return " ".join(text[cue.start : cue.end].split())


def name_cues(text: str, cues: Iterable[Cue]) -> str:
    """ "'is believed to' (estimate), 'said' (attribution)": each cue once, in text order."""
    named: dict[str, None] = {}
    for cue in cues:
        named.setdefault(f"'{cue_words(text, cue)}' ({cue_kind_label(cue.kind)})", None)
    return ", ".join(named)


@dataclass(frozen=True)
class SecondLook:
    """One sentence the learner did not tag, and why it is worth a second look."""

    start: int
    end: int
    """The sentence (code points, end exclusive)."""
    cues: tuple[Cue, ...]
    numbers: tuple[tuple[int, int], ...]

    def reasons(self, text: str) -> str:
        """ "'about' (estimate), 'said' (attribution); a number: 600" """
        parts = []
        if self.cues:
            parts.append(name_cues(text, self.cues))
        if self.numbers:
            shown = ", ".join(dict.fromkeys(" ".join(text[s:e].split()) for s, e in self.numbers))
            parts.append(("numbers: " if len(self.numbers) > 1 else "a number: ") + shown)
        return "; ".join(parts)


def _numbers(text: str, start: int, end: int, entities: Entities) -> list[tuple[int, int]]:
    ents = entities.entities  # sorted by start
    first = bisect.bisect_left(ents, (start, -1, ""))
    found: set[tuple[int, int]] = set()
    for s, e, label in ents[first:]:
        if s >= end:
            break
        if label in NUMBER_LABELS and e <= end:
            found.add((s, e))
    for match in _DIGITS.finditer(text, start, end):
        s, e = match.start(), match.end()
        while e > s and text[e - 1] in ",.":
            e -= 1
        if not any(a <= s < b for a, b in found):
            found.add((s, e))
    return sorted(found)


def second_look(
    text: str, entities: Entities, cues: ReadingCues, claims: Sequence[tuple[int, int]]
) -> list[SecondLook]:
    """The sentences no claim touches that hold a cue (estimate, attribution, hedge) or a number,
    in text order.  Sentences are spaCy's (``entities.sentences``), as the source suggestions use."""
    starts = sorted({0, *entities.sentences})
    found: list[SecondLook] = []
    tagged = sorted(claims)
    claim_starts = [s for s, _ in tagged]
    reach = list(itertools.accumulate((e for _, e in tagged), max))  # the furthest end of the claims so far
    position = 0
    for first in starts:
        if first < position or first >= len(text):
            continue
        start, end = sentence_bounds(entities.sentences, len(text), first)
        position = end
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        before = bisect.bisect_left(claim_starts, end)  # the claims starting before the sentence ends
        if start >= end or (before and reach[before - 1] > start):  # one of them reaches into it
            continue
        inside = tuple(c for c in cues.cues_within(start, end) if c.start >= start and c.end <= end)
        numbers = tuple(_numbers(text, start, end, entities))
        if inside or numbers:
            found.append(SecondLook(start, end, inside, numbers))
    return found


# ------------------------------------------------------------------------------------ with a key
def needs_cues(item: FeedbackItem) -> bool:
    """A key claim missed, or found with another tag: where naming its cues helps."""
    return item.mark is Mark.MISSED or (item.mark is Mark.FOUND and item.tag_right is False)


def feedback_cues(feedback: Feedback, cues: ReadingCues | None) -> dict[int, tuple[Cue, ...]]:
    """For each feedback item (by its place in ``feedback.items``) that :func:`needs_cues`, the
    cues inside its key claim (items without any are left out)."""
    if cues is None:
        return {}
    found: dict[int, tuple[Cue, ...]] = {}
    for i, item in enumerate(feedback.items):
        if needs_cues(item) and item.key is not None:
            inside = tuple(c for c in cues.cues_within(item.key.start, item.key.end) if c.start >= item.key.start)
            if inside:
                found[i] = inside
    return found


def feedback_cue_names(feedback: Feedback, cues: ReadingCues | None) -> dict[int, str]:
    """:func:`feedback_cues`, each item's cues named ("'is believed to' (estimate)")."""
    return {i: name_cues(feedback.text, found) for i, found in feedback_cues(feedback, cues).items()}


# ------------------------------------------------------------------------------------ over attempts
@dataclass(frozen=True)
class AttemptCues:
    """The kinds of cue inside the key claims one attempt missed or mistagged."""

    result: AttemptResult
    kinds: Counter[CueKind]
    known: bool
    """Whether that exercise's cues were found (cached); if not, ``kinds`` is empty."""


@dataclass(frozen=True)
class CueProgress:
    attempts: tuple[AttemptCues, ...]

    def totals(self) -> dict[CueKind, int]:
        """Per kind of cue, over every attempt whose cues are known (every kind listed)."""
        total: Counter[CueKind] = Counter()
        for attempt in self.attempts:
            total.update(attempt.kinds)
        return {kind: total[kind] for kind in CUE_KINDS}

    @property
    def unknown(self) -> int:
        """Attempts whose exercise's cues were never found (no language model, or never opened)."""
        return sum(1 for a in self.attempts if not a.known)

    def most_passed_over(self) -> CueKind | None:
        totals = self.totals()
        best = max(CUE_KINDS, key=lambda k: (totals[k], -CUE_KINDS.index(k)))
        return best if totals[best] else None


def passed_over(progress: Progress, cues_by_exercise: Mapping[int, ReadingCues]) -> CueProgress:
    """For every attempt, the cues (by kind) inside the key claims missed or given another tag."""
    attempts = []
    for result in progress.results:
        cues = cues_by_exercise.get(result.exercise_id)
        kinds: Counter[CueKind] = Counter()
        if cues is not None:
            for match in result.matching.key_matches:
                if match.trainee is not None and match.trainee.tag == match.key.tag:
                    continue
                for cue in cues.cues_within(match.key.start, match.key.end):
                    if cue.start >= match.key.start:
                        kinds[cue.kind] += 1
        attempts.append(AttemptCues(result, kinds, cues is not None))
    return CueProgress(tuple(attempts))


def text_cues(db: Database, text_hash: str, name: str, version: str) -> ReadingCues | None:
    """A text's reading cues as the cache keeps them under a finder's name and version."""
    with db.read() as session:
        payload = repo.cached_entities(text_hash, name, version, session=session)
    return ReadingCues.from_payload(payload) if payload is not None else None


def exercise_cues(db: Database, exercise_ids: Iterable[int], name: str, version: str) -> dict[int, ReadingCues]:
    """The cached reading cues of each exercise's article (those never found are left out)."""
    wanted = sorted(set(exercise_ids))
    if not wanted:
        return {}
    found: dict[int, ReadingCues] = {}
    with db.read() as session:
        query = (
            select(Exercise.id, Article.text_hash)
            .join(Article, col(Article.id) == col(Exercise.article_id))
            .where(col(Exercise.id).in_(wanted))
        )
        by_hash: dict[str, ReadingCues | None] = {}
        for exercise_id, digest in session.exec(query):
            if digest not in by_hash:
                payload = repo.cached_entities(digest, name, version, session=session)
                by_hash[digest] = ReadingCues.from_payload(payload) if payload is not None else None
            cues = by_hash[digest]
            if cues is not None and exercise_id is not None:
                found[exercise_id] = cues
    return found
