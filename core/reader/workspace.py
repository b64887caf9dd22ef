"""What one trainee has open: the article, its exercise, and the claim set their edits go to.

Everything here is plain data and database work, testable without a screen; what it hands out
are frozen records (``core.storage.records``), never table rows.  :class:`ReaderSession`
(``core.reader.session``) adds the rules of the open article on top.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass, replace

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, select

from claimmark.core.classroom.exercises import article_of, exercise_row, key_claim_set_id
from claimmark.core.classroom.sample import ensure_sample
from claimmark.core.errors import NotAllowed
from claimmark.core.identity import Identity, IdentityProblem, name_key, named_uid, save_profile
from claimmark.core.storage import repository as repo
from claimmark.core.storage.engine import Database, DatabaseProblem
from claimmark.core.storage.models import Article, ClaimSet, Trainee, utcnow
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


def trainee_for(identity: Identity, *, session: Session) -> Trainee:
    """The person's trainee row: found by id, else made (see ``core.identity``).

    A profile met for the first time on a database takes over the trainee an earlier version
    kept under the same name (whose id is the one derived from the name), once: the next
    profile of that name gets a trainee of its own.  The profile's name is the one kept.
    """
    trainee = repo.find_trainee_by_uid(identity.uid, session=session)
    if (
        trainee is None
        and identity.from_profile
        and repo.change_trainee_uid(named_uid(identity.name), identity.uid, session=session)
    ):
        trainee = repo.find_trainee_by_uid(identity.uid, session=session)
    if trainee is None:
        trainee = repo.get_or_create_trainee(identity.uid, identity.name, session=session)
    if identity.from_profile and trainee.name != identity.name:
        assert trainee.id is not None
        repo.rename_trainee(trainee.id, identity.name, session=session)
    return trainee


def class_trainee(db: Database, who: Identity | str | None, *, session: Session) -> Trainee:
    """The trainee a class database's role is (``trainee.db_role``), marked as joined on the
    first start.  Only that trainee: ``--trainee`` naming anyone else is refused with a message
    (the database would show nothing of theirs anyway)."""
    role = session.connection().exec_driver_sql("SELECT current_user").scalar()
    trainee = session.exec(select(Trainee).where(Trainee.db_role == role)).first()
    if trainee is None or trainee.id is None:
        raise NotAllowed(
            "The role {role} is not a trainee of the class database {database}. Ask your teacher for your own "
            "connection file.",
            role=str(role),
            database=db.name,
        )
    if isinstance(who, str) and name_key(who) != name_key(trainee.name):
        raise NotAllowed(
            "On the class database {database} you work as {name}, the trainee your connection is for; you cannot "
            "work as {other}. Start ClaimMark without --trainee.",
            database=db.name,
            name=trainee.name,
            other=who,
        )
    if trainee.joined_at is None:
        trainee.joined_at = utcnow()
        session.add(trainee)
        session.flush()
    return trainee


def own_trainee_name(db: Database) -> str | None:
    """The name of the trainee a class database's role is (None: the role is no trainee's)."""
    with db.read() as session:
        role = session.connection().exec_driver_sql("SELECT current_user").scalar()
        trainee = session.exec(select(Trainee).where(Trainee.db_role == role)).first()
        return trainee.name if trainee is not None else None


def cannot_start(db: Database, error: SQLAlchemyError) -> DatabaseProblem:
    reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
    return DatabaseProblem(
        "ClaimMark could not start on the database '{database}': {reason}. Start it again; if it keeps "
        "happening, check the database (or the server and the network), or choose another with --db.",
        database=db.name,
        reason=reason,
    )


class Workspace:
    """The database and who works in it.

    ``who`` is the person's :class:`~claimmark.core.identity.Identity` (from the profile), or a
    name (``--trainee NAME``: :meth:`Identity.named`); without either, the login name.  A
    database error on the way in is a :class:`DatabaseProblem` naming the database.
    """

    def __init__(self, db: Database, who: Identity | str | None = None) -> None:
        self.db = db
        self.identity = who if isinstance(who, Identity) else Identity.named(who or default_trainee_name())
        try:
            with db.write() as session:
                if db.class_kind == "trainee":
                    trainee = class_trainee(db, who, session=session)
                    self.identity = Identity(uid=trainee.uid, name=trainee.name, from_profile=False)
                else:
                    trainee = trainee_for(self.identity, session=session)
                assert trainee.id is not None
                self.trainee_id: int = trainee.id
                self._last_article_id = trainee.last_article_id
        except SQLAlchemyError as exc:
            raise cannot_start(db, exc) from exc

    @property
    def trainee_name(self) -> str:
        return self.identity.name

    @property
    def trainee_uid(self) -> str:
        return self.identity.uid

    @property
    def name_fixed(self) -> bool:
        """The name was given with ``--trainee``, so it cannot be changed in the window."""
        return not self.identity.from_profile

    def change_name(self, name: str) -> Identity:
        """Go by another name from now on (the id stays): in the profile and in this database.

        The profile is written first: it is what the next start goes by, so a database that
        could not be written then is put right then.
        """
        if self.name_fixed:
            raise IdentityProblem(
                "This window works as {name}, given with --trainee; start ClaimMark without --trainee "
                "to use your own name.",
                name=self.identity.name,
            )
        renamed = self.identity.renamed(name)
        if renamed == self.identity:
            return renamed
        save_profile(renamed)
        with self.db.write() as session:
            repo.rename_trainee(self.trainee_id, renamed.name, session=session)
        self.identity = renamed
        return renamed

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
