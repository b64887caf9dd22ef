"""Exercises that ship with ClaimMark (the sample, the practice set): their files, and loading one
into the library with its answer key, released, so a learner alone gets feedback on submitting.

A bundled exercise is a folder entry of three files in the formats of ``docs/file-formats.md``:
``NAME.json`` (what the exercise is: uid, titles, instructions, the names of the other files),
``NAME.txt`` (the article's text) and ``NAME.key.json`` (a ``claimmark-key`` file).  An optional
``original_file`` holds the text as it came in, before repairs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

from sqlmodel import Session

from claimmark.core.classroom.exchange import ExchangeError, KeyFile, check_matches, parse_exchange
from claimmark.core.storage import repository as repo
from claimmark.core.storage.engine import hold_lock
from claimmark.core.storage.models import Article, ClaimSet, Exercise
from claimmark.core.text import text_hash


@dataclass(frozen=True)
class BundledFiles:
    meta: dict[str, Any]
    text: str
    original: str | None
    package: str = "claimmark.resources.samples"
    """The resource package the files are in."""


def load_bundled(package: str, meta_name: str) -> BundledFiles:
    folder = resources.files(package)
    meta = json.loads((folder / meta_name).read_text(encoding="utf-8"))
    text = (folder / meta["text_file"]).read_text(encoding="utf-8").strip()
    original_name = meta.get("original_file")
    original = (folder / original_name).read_text(encoding="utf-8").strip() if original_name else None
    return BundledFiles(meta=meta, text=text, original=original, package=package)


def key_data(files: BundledFiles) -> bytes:
    return (resources.files(files.package) / files.meta["key_file"]).read_bytes()


def load_bundled_key(files: BundledFiles) -> KeyFile:
    """The bundled answer key, checked against the bundled text (ExchangeError if they differ)."""
    name = files.meta["key_file"]
    key = parse_exchange(key_data(files), name=name, expect=KeyFile)
    check_matches(text_hash(files.text), key, name=name)
    if key.exercise_uid != files.meta["uid"]:
        raise ExchangeError(
            "{name}: the key is for exercise {uid}, not the sample {sample}",
            name=name,
            uid=key.exercise_uid,
            sample=files.meta["uid"],
        )
    return key


def _key_set(exercise: Exercise, *, session: Session, create: bool) -> ClaimSet | None:
    assert exercise.id is not None
    return repo.get_claim_set(
        exercise.article_id, session=session, trainee_id=None, exercise_id=exercise.id, role="key", create=create
    )


def has_key(exercise: Exercise, *, session: Session) -> bool:
    return _key_set(exercise, session=session, create=False) is not None


def ensure_key(exercise: Exercise, files: BundledFiles, *, session: Session) -> None:
    """Load the bundled key once; a key set that exists (even emptied by a teacher) is kept."""
    if has_key(exercise, session=session):
        return
    try:
        key = load_bundled_key(files)
    except ExchangeError:  # a damaged install: the exercise still works, without feedback
        return
    article = session.get(Article, exercise.article_id)
    if article is None or article.text_hash != key.text_hash:  # offsets would point at other words
        return
    key_set = _key_set(exercise, session=session, create=True)
    assert key_set is not None and key_set.id is not None
    repo.replace_claims(key_set.id, key.claims, session=session)
    exercise.key_released = True
    session.add(exercise)


def add_bundled(files: BundledFiles, *, session: Session) -> Exercise:
    """The bundled exercise in this database (its article, exercise and key added if missing).

    Under a database-wide lock: a class starting together on a new database adds it once (the
    other processes wait here, then find it).  Call it in a write transaction.
    """
    hold_lock(session.connection(), "bundled exercises")
    meta = files.meta
    exercise = repo.find_exercise(meta["uid"], session=session)
    if exercise is None:
        article = repo.find_article_by_text(files.text, session=session) or repo.add_article(
            files.text,
            session=session,
            title=meta["article_title"],
            outlet=meta.get("outlet", ""),
            original_text=files.original,
            source_name=meta["source_name"],
        )
        assert article.id is not None
        exercise = Exercise(
            uid=meta["uid"],
            article_id=article.id,
            title=meta["title"],
            instructions=meta["instructions"],
            is_sample=True,
            # a learner alone sees the reading cues once they have submitted: they teach what was
            # passed over without anchoring the first reading (migration 0006c does the same)
            reading_cues=meta.get("reading_cues", "after_submitting"),
        )
        session.add(exercise)
        session.flush()
    ensure_key(exercise, files, session=session)
    return exercise
