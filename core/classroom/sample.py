"""The bundled sample exercise: the seed article, ready to annotate from the first run.

The sample ships with its complete answer key (``resources/samples/*.key.json``, written by
``scripts/make_sample_key.py``), loaded as the exercise's key claim set and released, so a
learner working alone gets feedback as soon as they submit.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

from sqlmodel import Session

from claimmark.core.classroom.exchange import ExchangeError, KeyFile, check_matches, parse_exchange
from claimmark.core.storage import repository as repo
from claimmark.core.storage.engine import Database
from claimmark.core.storage.models import Article, ClaimSet, Exercise
from claimmark.core.text import text_hash


@dataclass(frozen=True)
class SampleFiles:
    meta: dict[str, Any]
    text: str
    original: str


def load_sample() -> SampleFiles:
    folder = resources.files("claimmark.resources") / "samples"
    meta = json.loads((folder / "north_korea_soldiers.json").read_text(encoding="utf-8"))
    text = (folder / meta["text_file"]).read_text(encoding="utf-8").strip()
    original = (folder / meta["original_file"]).read_text(encoding="utf-8").strip()
    return SampleFiles(meta=meta, text=text, original=original)


def load_sample_key(sample: SampleFiles | None = None) -> KeyFile:
    """The bundled answer key, checked against the bundled text (ExchangeError if they differ)."""
    sample = sample or load_sample()
    name = sample.meta["key_file"]
    data = (resources.files("claimmark.resources") / "samples" / name).read_bytes()
    key = parse_exchange(data, name=name, expect=KeyFile)
    check_matches(text_hash(sample.text), key, name=name)
    if key.exercise_uid != sample.meta["uid"]:
        raise ExchangeError(
            "{name}: the key is for exercise {uid}, not the sample {sample}",
            name=name,
            uid=key.exercise_uid,
            sample=sample.meta["uid"],
        )
    return key


def _key_set(exercise: Exercise, *, session: Session, create: bool) -> ClaimSet | None:
    assert exercise.id is not None
    return repo.get_claim_set(
        exercise.article_id, session=session, trainee_id=None, exercise_id=exercise.id, role="key", create=create
    )


def _ensure_key(exercise: Exercise, sample: SampleFiles, *, session: Session) -> None:
    """Load the bundled key once; a key set that exists (even emptied by a teacher) is kept."""
    if _key_set(exercise, session=session, create=False) is not None:
        return
    try:
        key = load_sample_key(sample)
    except ExchangeError:  # a damaged install: the sample still works, without feedback
        return
    article = session.get(Article, exercise.article_id)
    if article is None or article.text_hash != key.text_hash:  # offsets would point at other words
        return
    key_set = _key_set(exercise, session=session, create=True)
    assert key_set is not None and key_set.id is not None
    repo.replace_claims(key_set.id, key.claims, session=session)
    exercise.key_released = True
    session.add(exercise)


def ensure_sample(db: Database) -> int:
    """The sample's article id, adding the article, its exercise and its answer key on first use."""
    sample = load_sample()
    with db.read() as session:
        exercise = repo.find_exercise(sample.meta["uid"], session=session)
        if exercise is not None and _key_set(exercise, session=session, create=False) is not None:
            return exercise.article_id
    with db.write() as session:
        exercise = repo.find_exercise(sample.meta["uid"], session=session)
        if exercise is not None:
            _ensure_key(exercise, sample, session=session)
            return exercise.article_id
        article = repo.find_article_by_text(sample.text, session=session) or repo.add_article(
            sample.text,
            session=session,
            title=sample.meta["article_title"],
            outlet=sample.meta.get("outlet", ""),
            original_text=sample.original,
            source_name=sample.meta["source_name"],
        )
        assert article.id is not None
        exercise = Exercise(
            uid=sample.meta["uid"],
            article_id=article.id,
            title=sample.meta["title"],
            instructions=sample.meta["instructions"],
            is_sample=True,
        )
        session.add(exercise)
        session.flush()
        _ensure_key(exercise, sample, session=session)
        return article.id
