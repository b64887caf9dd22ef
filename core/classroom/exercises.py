"""Exercises and their answer keys: made, changed and looked up by the teacher."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select

from claimmark.core.claims import ClaimSpan
from claimmark.core.classroom.exchange import (
    entity_label_problem,
    new_exercise_uid,
)
from claimmark.core.errors import UserError
from claimmark.core.storage import repository as repo
from claimmark.core.storage.engine import Database
from claimmark.core.storage.models import Article, ClaimSet, Exercise
from claimmark.core.storage.records import READING_CUE_MODES, ExerciseRecord, ReadingCueMode, labels_in

ENTITY_LABELS: tuple[str, ...] = (
    "PERSON",
    "NORP",
    "ORG",
    "GPE",
    "LOC",
    "FAC",
    "EVENT",
    "PRODUCT",
    "WORK_OF_ART",
    "LAW",
    "LANGUAGE",
    "DATE",
    "TIME",
    "CARDINAL",
    "ORDINAL",
    "QUANTITY",
    "MONEY",
    "PERCENT",
)
"""The labels of spaCy's English pipelines, in the order the exercise settings list them."""


class ClassroomError(UserError):
    """A classroom step that cannot be done; the message is one line, fit to show a person."""


class KeyConflict(ClassroomError):
    """Importing a key file would replace a different answer key already in the database."""


# --- exercises --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExerciseSettings:
    """What the teacher sets for an exercise."""

    title: str
    instructions: str = ""
    labels: tuple[str, ...] = ()
    """Entity labels trainees see; empty means all."""
    reading_cues: ReadingCueMode = "hidden"
    """Whether trainees see the reading cues: hidden, shown, or shown only after submitting."""


def labels_of(exercise: Exercise) -> tuple[str, ...]:
    return labels_in(exercise.visible_labels)


def _labels_text(labels: Iterable[str]) -> str:
    cleaned = list(dict.fromkeys(label.strip().upper() for label in labels if label.strip()))
    for label in cleaned:
        if entity_label_problem(label):
            raise ClassroomError("'{label}' is not an entity label (use names such as PERSON or DATE)", label=label)
    text = ",".join(cleaned)
    if len(text) > 500:
        raise ClassroomError("too many entity labels chosen")
    return text


def apply_settings(exercise: Exercise, settings: ExerciseSettings) -> None:
    title = settings.title.strip()
    if not title:
        raise ClassroomError("an exercise needs a title")
    exercise.title = title[:500]
    exercise.instructions = settings.instructions.strip()
    exercise.visible_labels = _labels_text(settings.labels)
    if settings.reading_cues not in READING_CUE_MODES:
        raise ClassroomError(
            "'{mode}' is not a setting for the reading cues (use one of {allowed})",
            mode=settings.reading_cues,
            allowed=", ".join(READING_CUE_MODES),
        )
    exercise.reading_cues = settings.reading_cues


def make_exercise(db: Database, article_id: int, settings: ExerciseSettings) -> ExerciseRecord:
    """A new exercise (with a new uid) on an article in the library."""
    with db.write() as session:
        if session.get(Article, article_id) is None:
            raise ClassroomError("article {article} is no longer in the library", article=article_id)
        exercise = Exercise(uid=new_exercise_uid(), article_id=article_id)
        apply_settings(exercise, settings)
        session.add(exercise)
        session.flush()
        return ExerciseRecord.of(exercise)


def update_exercise(db: Database, exercise_id: int, settings: ExerciseSettings) -> ExerciseRecord:
    with db.write() as session:
        exercise = exercise_row(session, exercise_id)
        apply_settings(exercise, settings)
        session.add(exercise)
        session.flush()
        return ExerciseRecord.of(exercise)


def get_exercise(db: Database, exercise_id: int) -> ExerciseRecord:
    with db.read() as session:
        return ExerciseRecord.of(exercise_row(session, exercise_id))


def find_exercise(db: Database, uid: str) -> ExerciseRecord | None:
    with db.read() as session:
        exercise = repo.find_exercise(uid, session=session)
        return ExerciseRecord.of(exercise) if exercise is not None else None


def exercises_for_article(db: Database, article_id: int) -> list[ExerciseRecord]:
    with db.read() as session:
        query = select(Exercise).where(Exercise.article_id == article_id).order_by(col(Exercise.id))
        return [ExerciseRecord.of(exercise) for exercise in session.exec(query)]


def exercise_row(session: Session, exercise_id: int) -> Exercise:
    exercise = session.get(Exercise, exercise_id)
    if exercise is None:
        raise ClassroomError("exercise {exercise} is no longer in this database", exercise=exercise_id)
    return exercise


def article_of(session: Session, exercise: Exercise) -> Article:
    article = session.get(Article, exercise.article_id)
    if article is None:  # pragma: no cover - the foreign key cascades
        raise ClassroomError("the article of exercise '{title}' is no longer in the library", title=exercise.title)
    return article


def claims_fingerprint(claims: Sequence[ClaimSpan]) -> list[tuple[int, int, str, str, str]]:
    return sorted((c.start, c.end, c.tag.value, c.note, c.source) for c in claims)


# --- answer keys ------------------------------------------------------------------------------


def find_key_set(session: Session, exercise: Exercise, *, create: bool) -> ClaimSet | None:
    assert exercise.id is not None
    return repo.get_claim_set(
        exercise.article_id, session=session, trainee_id=None, exercise_id=exercise.id, role="key", create=create
    )


def key_claim_set_id(db: Database, exercise_id: int) -> int:
    """The exercise's answer key claim set (made empty on first use): what teacher mode edits."""
    with db.read() as session:
        existing = find_key_set(session, exercise_row(session, exercise_id), create=False)
    if existing is not None and existing.id is not None:
        return existing.id
    with db.write() as session:
        claim_set = find_key_set(session, exercise_row(session, exercise_id), create=True)
        assert claim_set is not None and claim_set.id is not None
        return claim_set.id


def key_spans(session: Session, exercise: Exercise) -> list[ClaimSpan] | None:
    key_set = find_key_set(session, exercise, create=False)
    if key_set is None or key_set.id is None:
        return None
    return repo.claim_spans(key_set.id, session=session)


def key_claims(db: Database, exercise_id: int) -> list[ClaimSpan]:
    """The key claims in text order (empty when no key was made yet)."""
    with db.read() as session:
        return key_spans(session, exercise_row(session, exercise_id)) or []


def release_key(db: Database, exercise_id: int, released: bool = True) -> None:
    """Let trainees on this database see the key as feedback once they have submitted (or not)."""
    with db.write() as session:
        exercise = exercise_row(session, exercise_id)
        exercise.key_released = released
        session.add(exercise)


def key_available(db: Database, exercise_id: int) -> bool:
    """Whether trainees on this database may see the key: released, and a key exists."""
    with db.read() as session:
        exercise = exercise_row(session, exercise_id)
        return exercise.key_released and find_key_set(session, exercise, create=False) is not None
