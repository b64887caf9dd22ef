"""The practice set: graded exercises that ship with ClaimMark, for a learner working alone.

The set is the folder ``resources/practice``: for each exercise ``NN_name.json`` (as the sample's,
plus ``difficulty``, the invented ``people``, ``places`` and ``organisations`` it names, and
``invented``, which says so), ``NN_name.txt`` and ``NN_name.key.json``, whose claims carry two
optional fields of the practice set's own: ``kind`` (what the claim drills, :data:`KINDS`) and
``source_kind`` (who makes it, :data:`SOURCE_KINDS`).  ``scripts/make_practice_set.py`` writes
the JSON files from the keys authored in it; ``tests/core/test_practice_set.py`` checks them.

Like the sample, the set is loaded into the library on first use (:func:`practice_exercise_id`:
when the learner first opens one of its exercises; showing the practice view writes nothing),
each exercise with its key released, so every submission gets feedback at once.  Bundled
exercises are ``is_sample`` exercises: nothing is handed in.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, func, select

from claimmark.core.claims import Tag
from claimmark.core.classroom.bundled import BundledFiles, add_bundled, has_key, key_data, load_bundled
from claimmark.core.storage.engine import Database
from claimmark.core.storage.models import Claim, ClaimSet, Exercise

PRACTICE_PACKAGE = "claimmark.resources.practice"

KINDS: dict[str, str] = {
    "public_record": "claims on the record",
    "published_figure": "published figures",
    "correction": "corrections",
    "approximation": "approximate figures",
    "projection": "forecasts",
    "single_source": "one side's word",
    "anonymous": "anonymous sources",
    "state_media": "state media accounts",
    "competing": "competing accounts",
    "estimate_in_claim": "estimates inside one side's claim",
}
"""What a key claim drills, and how the practice view names it (English; the window translates)."""

SOURCE_KINDS: dict[str, str] = {
    "official": "an official body",
    "document": "a published document or record",
    "expert": "researchers or analysts",
    "party": "an interested party",
    "witness": "a witness",
    "anonymous": "an unnamed source",
    "state_media": "state media",
    "reporter": "the reporter",
}
"""Who makes a key claim."""

DIFFICULTIES: dict[int, str] = {1: "starter", 2: "steady", 3: "tricky", 4: "hard"}


@dataclass(frozen=True)
class KeyClaimKind:
    """What one key claim of a practice exercise drills."""

    start: int
    end: int
    tag: Tag
    kind: str
    source_kind: str


@dataclass(frozen=True)
class PracticeExercise:
    name: str
    files: BundledFiles
    difficulty: int
    claims: tuple[KeyClaimKind, ...]

    @property
    def uid(self) -> str:
        return str(self.files.meta["uid"])

    @property
    def title(self) -> str:
        return str(self.files.meta["title"])

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds it drills, in :data:`KINDS` order."""
        present = {c.kind for c in self.claims}
        return tuple(kind for kind in KINDS if kind in present)

    def tag_count(self, tag: Tag) -> int:
        return sum(1 for c in self.claims if c.tag is tag)


def distinctive_kinds(exercise: PracticeExercise) -> tuple[str, ...]:
    """The kinds an exercise drills that not every exercise does, rarest in the set first (what
    sets it apart: the practice view lists these)."""
    everywhere = practice_set()
    counts = {kind: sum(1 for ex in everywhere if kind in ex.kinds) for kind in exercise.kinds}
    rarer = [kind for kind in exercise.kinds if counts[kind] < len(everywhere)]
    return tuple(sorted(rarer, key=lambda kind: (counts[kind], list(KINDS).index(kind))))


def _kinds(files: BundledFiles) -> tuple[KeyClaimKind, ...]:
    data = json.loads(key_data(files))
    return tuple(
        KeyClaimKind(c["start"], c["end"], Tag(c["tag"]), c.get("kind", ""), c.get("source_kind", ""))
        for c in data["claims"]
    )


@cache
def practice_set() -> tuple[PracticeExercise, ...]:
    """The bundled practice exercises, in their order (easiest first)."""
    folder = resources.files(PRACTICE_PACKAGE)
    names = sorted(
        entry.name
        for entry in folder.iterdir()
        if entry.name.endswith(".json") and not entry.name.endswith(".key.json")
    )
    found = []
    for name in names:
        files = load_bundled(PRACTICE_PACKAGE, name)
        found.append(
            PracticeExercise(
                name=name.removesuffix(".json"),
                files=files,
                difficulty=int(files.meta["difficulty"]),
                claims=_kinds(files),
            )
        )
    return tuple(found)


@cache
def claim_kinds() -> dict[tuple[str, int, int], KeyClaimKind]:
    """(exercise uid, start, end) -> what that key claim drills, for the whole set."""
    return {(ex.uid, c.start, c.end): c for ex in practice_set() for c in ex.claims}


def loaded_ids(db: Database) -> dict[str, int]:
    """The ids of the practice exercises this database has already (by uid), with their keys."""
    uids = [ex.uid for ex in practice_set()]
    with db.read() as session:
        rows = session.exec(select(Exercise).where(col(Exercise.uid).in_(uids))).all()
        return {row.uid: row.id for row in rows if row.id is not None and has_key(row, session=session)}


def ensure_practice_set(db: Database) -> dict[str, int]:
    """Each practice exercise's id (by uid), adding the missing ones with their keys first.

    One transaction adds them all.  On a shared database another learner may be adding them at
    the same moment: the one who comes second is refused by the exercises' unique uid, rolls
    back, and reads what the first added.
    """
    loaded = loaded_ids(db)
    if len(loaded) == len(practice_set()) or db.class_kind == "trainee":
        return loaded  # a trainee of a class database may not add exercises: the owner's setup did
    try:
        with db.write() as session:
            for exercise in practice_set():
                add_bundled(exercise.files, session=session)
    except IntegrityError:
        pass  # added meanwhile by someone else: read it below
    return loaded_ids(db)


def practice_exercise_id(db: Database, uid: str) -> int:
    """The id of the practice exercise ``uid`` in this database, the set being loaded on first use."""
    ids = loaded_ids(db)
    return ids[uid] if uid in ids else ensure_practice_set(db)[uid]


class Status(StrEnum):
    NEW = "new"
    IN_PROGRESS = "in progress"
    SUBMITTED = "submitted"


@dataclass(frozen=True)
class ExerciseStatus:
    """Where a learner is with one exercise: their latest attempt."""

    status: Status
    attempt: int = 0
    """The latest attempt's number (0 before any)."""


def statuses(db: Database, trainee_id: int, exercise_ids: list[int]) -> dict[int, ExerciseStatus]:
    """The learner's status on each exercise: new, in progress (unsubmitted work, or a fresh
    attempt begun) or submitted (the latest attempt is handed in)."""
    claims = (
        select(col(Claim.claim_set_id), func.count(col(Claim.id)).label("n"))
        .group_by(col(Claim.claim_set_id))
        .subquery()
    )
    query = (
        select(ClaimSet.exercise_id, ClaimSet.attempt, ClaimSet.submitted_at, claims.c.n)
        .outerjoin(claims, claims.c.claim_set_id == col(ClaimSet.id))
        .where(
            ClaimSet.trainee_id == trainee_id,
            ClaimSet.role == "trainee",
            col(ClaimSet.exercise_id).in_(exercise_ids),
        )
    )
    latest: dict[int, tuple[int, bool, int]] = {}
    with db.read() as session:
        for exercise_id, attempt, submitted, count in session.exec(query):
            if exercise_id is not None and attempt > latest.get(exercise_id, (0, False, 0))[0]:
                latest[exercise_id] = (attempt, submitted is not None, count or 0)
    found = {}
    for exercise_id in exercise_ids:
        attempt, handed_in, count = latest.get(exercise_id, (0, False, 0))
        if handed_in:
            status = Status.SUBMITTED
        elif count or attempt > 1:
            status = Status.IN_PROGRESS
        else:
            status = Status.NEW
        found[exercise_id] = ExerciseStatus(status, attempt)
    return found


def shows_at_start(*, teacher: bool, shared: bool, asked_for: bool, opened_bundled: bool, wanted: bool) -> bool:
    """Whether the practice view opens when the window starts: for a learner working alone.

    It does in trainee mode, on a database of one's own (a file, not a class's server), when no
    article or file was asked for on the command line, when the window opened on bundled
    material (the sample at the very first start, or a practice exercise the learner left off
    on; someone who left off on their own article or a teacher's exercise goes straight back to
    it), and unless the learner switched it off (the view's "Show at start" box).
    """
    return wanted and not teacher and not shared and not asked_for and opened_bundled
