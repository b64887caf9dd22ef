"""What one trainee has open: the article, its exercise, and the claim set their edits go to.

Everything here is plain data and database work, testable without a screen; what it hands out
are frozen records (``core.storage.records``), never table rows.  :class:`ReaderSession`
(``core.reader.session``) adds the rules of the open article on top.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass, replace

from claimmark.core.classroom.exercises import article_of, exercise_row, key_claim_set_id
from claimmark.core.classroom.sample import ensure_sample
from claimmark.core.storage import repository as repo
from claimmark.core.storage.engine import Database
from claimmark.core.storage.models import Article, ClaimSet
from claimmark.core.storage.records import ArticleRecord, ClaimRecord, ExerciseRecord


def default_trainee_name() -> str:
    try:
        return getpass.getuser() or "trainee"
    except (KeyError, OSError):  # no user name in the environment (some containers)
        return "trainee"


@dataclass(frozen=True)
class Opened:
    """An article opened for a trainee: its exercise (if any) and the claim set edits go to."""

    article: ArticleRecord
    exercise: ExerciseRecord | None
    claim_set_id: int
    is_key: bool = False
    """The claim set is the exercise's answer key (teacher mode), not a trainee's work."""
    attempt: int = 1
    """Which of the trainee's attempts at the exercise this is (Practise again starts the next)."""

    def with_article(self, article: ArticleRecord) -> Opened:
        return replace(self, article=article)


class Workspace:
    def __init__(self, db: Database, trainee_name: str | None = None) -> None:
        self.db = db
        with db.write() as session:
            trainee = repo.get_or_create_trainee(trainee_name or default_trainee_name(), session=session)
            assert trainee.id is not None
            self.trainee_id: int = trainee.id
            self.trainee_name = trainee.name
            self._last_article_id = trainee.last_article_id

    def open_start(self) -> Opened:
        """Where the trainee left off, else the bundled sample exercise."""
        if self._last_article_id is not None:
            with self.db.read() as session:
                article = session.get(Article, self._last_article_id)
            if article is not None and article.id is not None:
                return self.open_article(article.id)
        return self.open_sample()

    def open_sample(self) -> Opened:
        article_id = ensure_sample(self.db)
        return self.open_article(article_id)

    def open_article(self, article_id: int) -> Opened:
        with self.db.write() as session:
            article = session.get(Article, article_id)
            if article is None:
                raise LookupError(f"article {article_id} is no longer in the library")
            exercise = repo.exercise_for_article(article_id, session=session, trainee_id=self.trainee_id)
            claim_set = repo.get_claim_set(
                article_id,
                session=session,
                trainee_id=self.trainee_id,
                exercise_id=exercise.id if exercise else None,
            )
            assert claim_set is not None and claim_set.id is not None
            repo.remember_article(self.trainee_id, article_id, session=session)
            self._last_article_id = article_id
            return Opened(
                article=ArticleRecord.of(article),
                exercise=ExerciseRecord.of(exercise) if exercise is not None else None,
                claim_set_id=claim_set.id,
                attempt=claim_set.attempt,
            )

    def open_exercise(self, exercise_id: int) -> Opened:
        """Open an exercise for this trainee (their claim set on it, made on first use)."""
        with self.db.write() as session:
            exercise = exercise_row(session, exercise_id)
            article = article_of(session, exercise)
            claim_set = repo.get_claim_set(
                exercise.article_id, session=session, trainee_id=self.trainee_id, exercise_id=exercise.id
            )
            assert claim_set is not None and claim_set.id is not None and article.id is not None
            repo.remember_article(self.trainee_id, article.id, session=session)
            self._last_article_id = article.id
            return Opened(
                article=ArticleRecord.of(article),
                exercise=ExerciseRecord.of(exercise),
                claim_set_id=claim_set.id,
                attempt=claim_set.attempt,
            )

    def open_key(self, opened: Opened) -> Opened:
        """The same article with the exercise's answer key as the claim set to edit (teacher mode)."""
        if opened.exercise is None:
            return opened
        return Opened(opened.article, opened.exercise, key_claim_set_id(self.db, opened.exercise.id), is_key=True)

    def is_key_set(self, claim_set_id: int) -> bool:
        with self.db.read() as session:
            claim_set = session.get(ClaimSet, claim_set_id)
            return claim_set is not None and claim_set.role == "key"

    def article(self, article_id: int) -> ArticleRecord:
        with self.db.read() as session:
            article = session.get(Article, article_id)
            if article is None:
                raise LookupError(f"article {article_id} is no longer in the library")
            return ArticleRecord.of(article)

    def claims(self, claim_set_id: int) -> list[ClaimRecord]:
        """The claim set's claims in text order."""
        with self.db.read() as session:
            return repo.claim_records(claim_set_id, session=session)
