"""The files a class passes around, from and into the database: the exercise handed out,
the answer key, and telling a classroom file from an article."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from sqlmodel import Session

from claimmark.core.classroom.exchange import (
    MAX_FILE_BYTES,
    ArticleData,
    ExchangeFile,
    ExerciseFile,
    KeyFile,
    SubmissionFile,
    check_matches,
    kind_of,
    read_exchange_file,
    write_exchange,
)
from claimmark.core.classroom.exercises import (
    ClassroomError,
    ExerciseSettings,
    KeyConflict,
    apply_settings,
    article_of,
    claims_fingerprint,
    exercise_row,
    find_key_set,
    key_spans,
    labels_of,
)
from claimmark.core.identity import Identity
from claimmark.core.storage import repository as repo
from claimmark.core.storage.engine import Database
from claimmark.core.storage.models import Article, Exercise
from claimmark.core.storage.records import ExerciseRecord, reading_cue_mode


def article_data(article: Article) -> ArticleData:
    return ArticleData.of(article, text=article.text)


def handout_of(session: Session, exercise: Exercise) -> ExerciseFile:
    return ExerciseFile(
        exercise_uid=exercise.uid,
        title=exercise.title,
        article=article_data(article_of(session, exercise)),
        instructions=exercise.instructions,
        entity_labels=labels_of(exercise),
        reading_cues=reading_cue_mode(exercise.reading_cues),
    )


def exercise_file(db: Database, exercise_id: int, teacher: Identity | None = None) -> ExerciseFile:
    """The exercise as handed out: article, instructions, labels (and who hands it out); never the key."""
    with db.read() as session:
        return handout_of(session, exercise_row(session, exercise_id)).made_by(teacher)


def key_file(db: Database, exercise_id: int, teacher: Identity | None = None) -> KeyFile:
    with db.read() as session:
        exercise = exercise_row(session, exercise_id)
        handout = handout_of(session, exercise).made_by(teacher)
        return KeyFile.for_exercise(handout, key_spans(session, exercise) or [])


def export_exercise(
    db: Database, exercise_id: int, path: str | os.PathLike[str], *, teacher: Identity | None = None
) -> ExerciseFile:
    """Write the exercise file to hand out; ``teacher`` (name and id) goes in it as who made it."""
    exercise = exercise_file(db, exercise_id, teacher)
    write_file(path, exercise)
    return exercise


def export_key(
    db: Database, exercise_id: int, path: str | os.PathLike[str], *, teacher: Identity | None = None
) -> KeyFile:
    key = key_file(db, exercise_id, teacher)
    write_file(path, key)
    return key


def write_file(path: str | os.PathLike[str], obj: ExchangeFile) -> None:
    try:
        write_exchange(path, obj)
    except OSError as exc:
        raise ClassroomError(
            "could not write {name}: {reason}", name=Path(path).name, reason=exc.strerror or str(exc)
        ) from exc


def suggested_file_name(title: str, kind: str, trainee: str = "") -> str:
    """A file name people recognise: ``crowds.exercise.json``, ``crowds.ana-lima.submission.json``."""

    def slug(text: str) -> str:
        words = re.findall(r"[^\W_]+", text.casefold())
        return "-".join(words)[:48].strip("-") or "exercise"

    parts = [slug(title)] + ([slug(trainee)] if trainee else []) + [kind, "json"]
    return ".".join(parts)


# --- reading a file of unknown kind -----------------------------------------------------------


def is_classroom_file(path: str | os.PathLike[str]) -> bool:
    """Whether a file says it is a ClaimMark exercise, key or submission (even a damaged one).

    Used to tell classroom files from articles to import.  A JSON object whose ``format``
    starts with ``claimmark-`` is ours; so is a file that only starts like one (truncated).
    """
    p = Path(path)
    try:
        if p.stat().st_size > MAX_FILE_BYTES:
            return False
        with p.open("rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    text = head.decode("utf-8-sig", errors="replace").lstrip()
    if not text.startswith("{"):
        return False
    return re.search(r'"format"\s*:\s*"claimmark-', text) is not None


def classroom_file_kind(path: str | os.PathLike[str]) -> str | None:
    """ "exercise", "key" or "submission" for a classroom file (judged by its format field), else None."""
    if not is_classroom_file(path):
        return None
    try:
        with Path(path).open("rb") as fh:
            head = fh.read(4096).decode("utf-8-sig", errors="replace")
    except OSError:
        return None
    found = re.search(r'"format"\s*:\s*"claimmark-(exercise|key|submission)"', head)
    return found.group(1) if found else "exercise"  # damaged: opening it says what is wrong


FILE_KINDS = ("exercise", "key", "submission", "article")
"""The kinds of file a person gives the window, in the order they are dealt with: an exercise
first (a key or submissions given with it are for it), articles last."""


def group_by_kind(paths: Iterable[str]) -> dict[str, list[str]]:
    """The files by kind (:data:`FILE_KINDS`, in that order; kinds with no file left out).

    A file that says it is a ClaimMark exercise, key or submission (even a damaged one, so that
    opening it says what is wrong) is that; anything else is an article to import.
    """
    grouped: dict[str, list[str]] = {kind: [] for kind in FILE_KINDS}
    for path in paths:
        grouped[classroom_file_kind(path) or "article"].append(path)
    return {kind: files for kind, files in grouped.items() if files}


def open_exercise_file(db: Database, path: str | os.PathLike[str]) -> ExerciseRecord:
    """Bring an exercise file into this database (or find it there); return the exercise.

    Refuses, with a message and no change: anything but an exercise file (a key says keys stay
    with the teacher), and an exercise whose uid is here already with another article text.
    Opening the same exercise again updates its title, instructions, labels and reading-cue
    setting from the file.
    """
    name = Path(path).name
    found = read_exchange_file(path)
    if isinstance(found, KeyFile):
        raise ClassroomError(
            "{name}: this is an answer key, not an exercise. Open the exercise file your teacher handed out; "
            "an answer key is imported separately, to see feedback after you submit",
            name=name,
        )
    if isinstance(found, SubmissionFile):
        raise ClassroomError(
            "{name}: this is a submission (by {trainee}), not an exercise. Teachers import submissions in teacher mode",
            name=name,
            trainee=found.trainee,
        )
    handout = found
    with db.write() as session:
        exercise = repo.find_exercise(handout.exercise_uid, session=session)
        if exercise is not None:
            article = article_of(session, exercise)
            if article.text_hash != handout.text_hash:
                raise ClassroomError(
                    "{name}: exercise '{title}' is already in this database with a different article "
                    "text (it was changed after it was handed out); ask your teacher for the current file",
                    name=name,
                    title=handout.title,
                )
        else:
            article = repo.find_article_by_hash(handout.text_hash, session=session) or repo.add_article(
                handout.article.text, session=session, source_name=name, **handout.article.details()
            )
            assert article.id is not None
            exercise = Exercise(uid=handout.exercise_uid, article_id=article.id)
        apply_settings(
            exercise,
            ExerciseSettings(
                handout.title or article.title or name,
                handout.instructions,
                handout.entity_labels,
                handout.reading_cues,
            ),
        )
        session.add(exercise)
        session.flush()
        return ExerciseRecord.of(exercise)


def import_key(db: Database, path: str | os.PathLike[str], *, replace: bool = False) -> ExerciseRecord:
    """Bring in an answer key file: it becomes the exercise's key, released on this database.

    The exercise must be here (its file opened first) with the same article text.  A different
    key already here is only replaced with ``replace=True`` (otherwise :class:`KeyConflict`).
    """
    p = Path(path)
    found = read_exchange_file(p)
    if not isinstance(found, KeyFile):
        raise ClassroomError("{name}: this is {kind}, not an answer key", name=p.name, kind=kind_of(found))
    key = found
    with db.write() as session:
        exercise = repo.find_exercise(key.exercise_uid, session=session)
        if exercise is None:
            about = {"name": p.name, "uid": key.exercise_uid, "title": key.title}
            if key.title:
                raise ClassroomError(
                    "{name}: this answer key is for exercise '{uid}' ({title}), which is not in this "
                    "database; open its exercise file first",
                    **about,
                )
            raise ClassroomError(
                "{name}: this answer key is for exercise '{uid}', which is not in this database; "
                "open its exercise file first",
                **about,
            )
        check_matches(handout_of(session, exercise), key, name=p.name)
        existing = key_spans(session, exercise)
        if existing and claims_fingerprint(existing) != claims_fingerprint(key.claims) and not replace:
            raise KeyConflict(
                "{name}: exercise '{title}' already has a different answer key here "
                "({here} claims; the file has {in_file})",
                name=p.name,
                title=exercise.title,
                here=len(existing),
                in_file=len(key.claims),
            )
        key_set = find_key_set(session, exercise, create=True)
        assert key_set is not None and key_set.id is not None
        repo.replace_claims(key_set.id, key.claims, session=session)
        exercise.key_released = True
        session.add(exercise)
        session.flush()
        return ExerciseRecord.of(exercise)
