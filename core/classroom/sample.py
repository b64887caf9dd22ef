"""The bundled sample exercise: the seed article, ready to annotate from the first run.

The sample ships with its complete answer key (``resources/samples/*.key.json``, written by
``scripts/make_sample_key.py``), loaded as the exercise's key claim set and released, so a
learner working alone gets feedback as soon as they submit (``core.classroom.bundled``).
"""

from __future__ import annotations

from claimmark.core.classroom.bundled import BundledFiles, add_bundled, has_key, load_bundled, load_bundled_key
from claimmark.core.classroom.exchange import KeyFile
from claimmark.core.errors import UserError
from claimmark.core.storage import repository as repo
from claimmark.core.storage.engine import Database

SAMPLE_PACKAGE = "claimmark.resources.samples"
SAMPLE_META = "north_korea_soldiers.json"

SampleFiles = BundledFiles


def load_sample() -> BundledFiles:
    return load_bundled(SAMPLE_PACKAGE, SAMPLE_META)


def load_sample_key(sample: BundledFiles | None = None) -> KeyFile:
    """The bundled answer key, checked against the bundled text (ExchangeError if they differ)."""
    return load_bundled_key(sample or load_sample())


def ensure_sample(db: Database) -> int:
    """The sample's article id, adding the article, its exercise and its answer key on first use."""
    sample = load_sample()
    with db.read() as session:
        exercise = repo.find_exercise(sample.meta["uid"], session=session)
        if exercise is not None and has_key(exercise, session=session):
            return exercise.article_id
    if db.class_kind == "trainee":  # a trainee of a class database may not add it: the owner's setup does
        if exercise is not None:
            return exercise.article_id
        raise UserError(
            "The class database {database} has no sample exercise, and your role may not add it. Ask your "
            "teacher to run 'claimmark class setup' again, or to hand out an exercise.",
            database=db.name,
        )
    with db.write() as session:
        return add_bundled(sample, session=session).article_id
