"""Handing in: a trainee submits (and may edit again until the key is out); a teacher imports
the submission files."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from sqlmodel import Session, select

from claimmark.core.classroom.exchange import (
    ExchangeError,
    SubmissionFile,
    check_matches,
    read_exchange_file,
)
from claimmark.core.classroom.exercises import ClassroomError, claims_fingerprint, exercise_row, find_key_set
from claimmark.core.classroom.handout import handout_of, write_file
from claimmark.core.classroom.scoring import (
    same_person,
)
from claimmark.core.errors import Message
from claimmark.core.identity import Identity
from claimmark.core.storage import repository as repo
from claimmark.core.storage.engine import Database
from claimmark.core.storage.models import ClaimSet, Exercise, Trainee


def submitted_at(db: Database, claim_set_id: int) -> datetime | None:
    with db.read() as session:
        claim_set = session.get(ClaimSet, claim_set_id)
        return claim_set.submitted_at if claim_set else None


def trainee_set(session: Session, claim_set_id: int) -> tuple[ClaimSet, Exercise, Trainee]:
    claim_set = session.get(ClaimSet, claim_set_id)
    if claim_set is None:
        raise ClassroomError("these claims are no longer in the database")
    if claim_set.role != "trainee" or claim_set.trainee_id is None:
        raise ClassroomError("only a trainee's own claims can be submitted, not an answer key")
    if claim_set.exercise_id is None:
        raise ClassroomError("this article is not an exercise, so there is nothing to submit it to")
    exercise = exercise_row(session, claim_set.exercise_id)
    trainee = session.get(Trainee, claim_set.trainee_id)
    assert trainee is not None
    return claim_set, exercise, trainee


def submit(db: Database, claim_set_id: int, path: str | os.PathLike[str] | None) -> SubmissionFile:
    """Hand in a trainee's claims: write the submission file (when ``path`` is given) and mark
    the claim set submitted, in one transaction (if the file cannot be written, nothing changes).

    Submitting again without reopening writes the same hand-in (same time) again.
    """
    with db.write() as session:
        claim_set, exercise, trainee = trainee_set(session, claim_set_id)
        moment = claim_set.submitted_at or datetime.now(UTC)
        submission = SubmissionFile.for_exercise(
            handout_of(session, exercise), trainee.name, repo.claim_spans(claim_set_id, session=session), moment
        )
        if path is not None:
            write_file(path, submission)
        claim_set.submitted_at = moment
        session.add(claim_set)
        return submission


def reopen(db: Database, claim_set_id: int) -> None:
    """Let a trainee edit submitted claims again; refused once the key is available to them."""
    with db.write() as session:
        claim_set, exercise, _ = trainee_set(session, claim_set_id)
        if exercise.key_released and find_key_set(session, exercise, create=False) is not None:
            raise ClassroomError("the answer key is already available to you, so your submission is final")
        claim_set.submitted_at = None
        session.add(claim_set)


# --- teachers: importing submissions and keys -------------------------------------------------


class ImportStatus(StrEnum):
    IMPORTED = "imported"
    REPLACED = "replaced"
    """A later submission by the same trainee took the place of an earlier one."""
    DUPLICATE = "duplicate"
    """The same claims were imported before; nothing changed."""
    REFUSED = "refused"
    """The file cannot be used; nothing changed."""


@dataclass(frozen=True)
class SubmissionImport:
    """What became of one submission file."""

    path: Path
    status: ImportStatus
    note: Message
    """One line for people: what was done, or what is wrong (the window translates it)."""
    trainee: str = ""
    exercise_id: int | None = None

    @property
    def ok(self) -> bool:
        return self.status in (ImportStatus.IMPORTED, ImportStatus.REPLACED)

    @property
    def message(self) -> str:
        """The note in English (the command line and the logs)."""
        return str(self.note)


def _find_person(session: Session, name: str) -> Trainee | None:
    exact = repo.find_trainee(name, session=session)
    if exact is not None:
        return exact
    wanted = same_person(name)
    return next((t for t in session.exec(select(Trainee)) if same_person(t.name) == wanted), None)


def _when(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def import_submission(db: Database, path: str | os.PathLike[str]) -> SubmissionImport:
    """Import one submission file as its trainee's submitted claims, or say why not.

    Everything is checked before anything is written, in one transaction: a refused or
    duplicate file leaves the database exactly as it was.
    """
    p = Path(path)
    try:
        submission = read_exchange_file(p, expect=SubmissionFile)
    except ExchangeError as exc:
        return SubmissionImport(p, ImportStatus.REFUSED, exc.as_message())
    who = submission.trainee.strip()
    try:
        with db.write() as session:
            exercise = repo.find_exercise(submission.exercise_uid, session=session)
            if exercise is None or exercise.id is None:
                raise ClassroomError(
                    "{name}: this submission is for exercise '{uid}', which is not in this "
                    "database; make or open that exercise first",
                    name=p.name,
                    uid=submission.exercise_uid,
                )
            check_matches(handout_of(session, exercise), submission, name=p.name)
            trainee = _find_person(session, who)
            claim_set = None
            if trainee is not None:
                claim_set = repo.get_claim_set(
                    exercise.article_id,
                    session=session,
                    trainee_id=trainee.id,
                    exercise_id=exercise.id,
                    create=False,
                )
            status = ImportStatus.IMPORTED
            message = Message.of(
                "{trainee}: submission of {when} imported", trainee=who, when=_when(submission.submitted_at)
            )
            if claim_set is not None and claim_set.id is not None:
                existing = repo.claim_spans(claim_set.id, session=session)
                if claim_set.submitted_at is None:
                    if existing:
                        raise ClassroomError(
                            "{name}: {trainee} has claims of their own on this exercise in this database that were "
                            "never submitted; they were left as they are and the file was not imported",
                            name=p.name,
                            trainee=who,
                        )
                else:
                    before = claim_set.submitted_at
                    if claims_fingerprint(existing) == claims_fingerprint(submission.claims):
                        return SubmissionImport(
                            p,
                            ImportStatus.DUPLICATE,
                            Message.of(
                                "{name}: already imported: {trainee}'s submission of {when} has the same claims",
                                name=p.name,
                                trainee=who,
                                when=_when(before),
                            ),
                            trainee=who,
                            exercise_id=exercise.id,
                        )
                    if submission.submitted_at <= before:
                        raise ClassroomError(
                            "{name}: {trainee} handed in a later submission ({later}) that is already "
                            "imported; this earlier one ({earlier}) was not imported",
                            name=p.name,
                            trainee=who,
                            later=_when(before),
                            earlier=_when(submission.submitted_at),
                        )
                    status = ImportStatus.REPLACED
                    message = Message.of(
                        "{trainee}: submission of {when} imported, replacing the one of {earlier}",
                        trainee=who,
                        when=_when(submission.submitted_at),
                        earlier=_when(before),
                    )
            if trainee is None:
                named = Identity.named(who)
                trainee = repo.get_or_create_trainee(named.uid, named.name, session=session)
            if claim_set is None:
                claim_set = repo.get_claim_set(
                    exercise.article_id, session=session, trainee_id=trainee.id, exercise_id=exercise.id
                )
            assert claim_set is not None and claim_set.id is not None
            repo.replace_claims(claim_set.id, submission.claims, session=session)
            claim_set.submitted_at = submission.submitted_at
            session.add(claim_set)
            return SubmissionImport(p, status, message, trainee=trainee.name, exercise_id=exercise.id)
    except (ClassroomError, ExchangeError) as exc:
        return SubmissionImport(p, ImportStatus.REFUSED, exc.as_message(), trainee=who)


def import_submissions(db: Database, paths: Iterable[str | os.PathLike[str]]) -> list[SubmissionImport]:
    """Import many submission files, each on its own (one bad file does not stop the others)."""
    return [import_submission(db, path) for path in paths]
