"""Handing in: a trainee submits (and may edit again until the key is out); a teacher imports
the submission files."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, col, select

from claimmark.core.classroom.exchange import (
    ExchangeError,
    SubmissionFile,
    check_matches,
    read_exchange_file,
)
from claimmark.core.classroom.exercises import ClassroomError, claims_fingerprint, exercise_row, find_key_set
from claimmark.core.classroom.handout import handout_of, write_file
from claimmark.core.errors import Message
from claimmark.core.identity import Identity, name_key, named_uid, short_id
from claimmark.core.storage import repository as repo
from claimmark.core.storage.engine import Database, DiskProblem, LibraryDamaged
from claimmark.core.storage.models import ClaimSet, Exercise, TextRefused, Trainee


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
    The file carries the trainee's name and id as this database keeps them.

    Submitting again without reopening writes the same hand-in (same time) again.
    """
    with db.write() as session:
        claim_set, exercise, trainee = trainee_set(session, claim_set_id)
        moment = claim_set.submitted_at or datetime.now(UTC)
        submission = SubmissionFile.for_exercise(
            handout_of(session, exercise),
            Identity(uid=trainee.uid, name=trainee.name),
            repo.claim_spans(claim_set_id, session=session),
            moment,
        )
        if path is not None:
            write_file(path, submission)
        claim_set.submitted_at = moment
        session.add(claim_set)
        return submission


def reopen(db: Database, claim_set_id: int) -> None:
    """Let a trainee edit submitted claims again; refused once the key is available to them, and
    always on a class database, whose lock on submitted work the trainee's role cannot lift."""
    if db.class_kind == "trainee":
        raise ClassroomError(
            "on this class database a submission is final: it stays as you handed it in. Use Practise again "
            "for a new attempt, or ask your teacher"
        )
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
    """A later submission of the same trainee (their id) took the place of an earlier one."""
    DUPLICATE = "duplicate"
    """The same claims were imported before; nothing changed."""
    CONFLICT = "conflict"
    """Another trainee of the same name (another id) is here: the teacher decides (:class:`SameName`)."""
    SKIPPED = "skipped"
    """The teacher chose to leave it out; nothing changed."""
    REFUSED = "refused"
    """The file cannot be used; nothing changed."""


class SameName(StrEnum):
    """What to do with a submission whose name is another trainee's here, under another id."""

    KEEP_BOTH = "keep both"
    """Two people of one name: the file's trainee is added beside the one here, told apart by id."""
    REPLACE = "replace"
    """The same person (on another computer, say): the file replaces their submission here, and
    their files are recognised from now on by the file's id."""
    SKIP = "skip"
    """Leave the file out."""


@dataclass(frozen=True)
class NameConflict:
    """The trainee here whose name the submission shares, under another id."""

    name: str
    """The name, as the file gives it."""
    file_id: str
    here_id: str
    here_name: str
    here_submitted: datetime | None
    """When the trainee here handed in this exercise (None if they have not)."""
    file_submitted: datetime


@dataclass(frozen=True)
class SubmissionImport:
    """What became of one submission file."""

    path: Path
    status: ImportStatus
    note: Message
    """One line for people: what was done, or what is wrong (the window translates it)."""
    trainee: str = ""
    exercise_id: int | None = None
    conflict: NameConflict | None = None
    """For :attr:`ImportStatus.CONFLICT`: who is here; import again with a :class:`SameName`."""

    @property
    def ok(self) -> bool:
        return self.status in (ImportStatus.IMPORTED, ImportStatus.REPLACED)

    @property
    def message(self) -> str:
        """The note in English (the command line and the logs)."""
        return str(self.note)


def _when(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _same_name_here(
    session: Session, name: str, person: str, exercise: Exercise
) -> list[tuple[Trainee, ClaimSet | None]]:
    """Trainees here of the same name (case and spacing ignored) under another id, each with
    their claim set on the exercise: those with a submission first."""
    wanted = name_key(name)
    found = []
    for trainee in session.exec(select(Trainee).order_by(col(Trainee.id))):
        if trainee.uid == person or name_key(trainee.name) != wanted:
            continue
        claim_set = repo.get_claim_set(
            exercise.article_id, session=session, trainee_id=trainee.id, exercise_id=exercise.id, create=False
        )
        found.append((trainee, claim_set))
    return sorted(found, key=lambda pair: pair[1] is None or pair[1].submitted_at is None)


def import_submission(
    db: Database, path: str | os.PathLike[str], *, same_name: SameName | None = None
) -> SubmissionImport:
    """Import one submission file as its trainee's submitted claims, or say why not.

    The trainee is found by the file's id (a version 1 file: the id its name gives).  The same
    id with a later time is a resubmission and replaces the earlier one; an earlier one never
    replaces a later.  A file whose name is another trainee's here, under another id, is a
    :attr:`ImportStatus.CONFLICT` until the teacher says what to do (``same_name``), never a
    silent replace.  Everything is checked before anything is written, in one transaction: a
    refused, duplicate, skipped or conflicting file leaves the database exactly as it was.
    """
    p = Path(path)
    try:
        submission = read_exchange_file(p, expect=SubmissionFile)
    except ExchangeError as exc:
        return SubmissionImport(p, ImportStatus.REFUSED, exc.as_message())
    who = " ".join(submission.trainee.split())
    person = submission.person_id
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
            done: dict[str, Any] = {"trainee": who, "exercise_id": exercise.id}
            trainee = repo.find_trainee_by_uid(person, session=session)
            chosen_replace = False
            if trainee is None and (same := _same_name_here(session, who, person, exercise)):
                here, here_set = same[0]
                conflict = NameConflict(
                    name=who,
                    file_id=person,
                    here_id=here.uid,
                    here_name=here.name,
                    here_submitted=here_set.submitted_at if here_set is not None else None,
                    file_submitted=submission.submitted_at,
                )
                if same_name is None:
                    return SubmissionImport(
                        p,
                        ImportStatus.CONFLICT,
                        Message.of(
                            "{name}: {trainee} is already a trainee here, with another id: two people of one name, "
                            "or one person on another computer. Keep both, replace, or skip this file",
                            name=p.name,
                            trainee=who,
                        ),
                        **done,
                        conflict=conflict,
                    )
                if same_name is SameName.SKIP:
                    return SubmissionImport(
                        p,
                        ImportStatus.SKIPPED,
                        Message.of("{name}: skipped, as you chose; nothing changed", name=p.name),
                        **done,
                    )
                if same_name is SameName.REPLACE:
                    trainee, chosen_replace = here, True
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
            when = _when(submission.submitted_at)
            if trainee is None and same_name is SameName.KEEP_BOTH:
                message = Message.of(
                    "{trainee}: submission of {when} imported as another trainee of that name "
                    "(id {short}); the debrief tells them apart by id",
                    trainee=who,
                    when=when,
                    short=short_id(person),
                )
            elif chosen_replace and (claim_set is None or claim_set.submitted_at is None):
                message = Message.of(
                    "{trainee}: submission of {when} imported as the trainee of that name here (the same person, "
                    "as you chose)",
                    trainee=who,
                    when=when,
                )
            else:
                message = Message.of("{trainee}: submission of {when} imported", trainee=who, when=when)
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
                            **done,
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
                    message = (
                        Message.of(
                            "{trainee}: submission of {when} imported in place of {here}'s of {earlier} "
                            "(the same person, as you chose)",
                            trainee=who,
                            here=trainee.name if trainee is not None else who,
                            when=when,
                            earlier=_when(before),
                        )
                        if chosen_replace
                        else Message.of(
                            "{trainee}: resubmission of {when} imported, replacing their submission of {earlier}",
                            trainee=who,
                            when=when,
                            earlier=_when(before),
                        )
                    )
            if trainee is None:
                trainee = repo.get_or_create_trainee(person, who, session=session)
            elif chosen_replace:
                # from now on this person's files are recognised by the id they carry
                repo.change_trainee_uid(trainee.uid, person, session=session)
            assert trainee.id is not None
            if person != named_uid(who):  # a profile's id: the name in their latest file is the one they go by
                repo.rename_trainee(trainee.id, who, session=session)
            if claim_set is None:
                claim_set = repo.get_claim_set(
                    exercise.article_id, session=session, trainee_id=trainee.id, exercise_id=exercise.id
                )
            assert claim_set is not None and claim_set.id is not None
            repo.replace_claims(claim_set.id, submission.claims, session=session)
            claim_set.submitted_at = submission.submitted_at
            session.add(claim_set)
            return SubmissionImport(p, status, message, **done)
    except (ClassroomError, ExchangeError) as exc:
        return SubmissionImport(p, ImportStatus.REFUSED, exc.as_message(), trainee=who)
    except (TextRefused, DiskProblem) as exc:  # checked by the database's rules: nothing of this file was written
        return SubmissionImport(
            p, ImportStatus.REFUSED, Message.of("{name}: {reason}", name=p.name, reason=str(exc)), trainee=who
        )
    except SQLAlchemyError as exc:
        return SubmissionImport(
            p,
            ImportStatus.REFUSED,
            Message.of(
                "{name}: could not be saved to the database ({reason}); nothing of it was written. Try again",
                name=p.name,
                reason=str(getattr(exc, "orig", None) or exc).strip().splitlines()[0][:200],
            ),
            trainee=who,
        )


def import_submissions(
    db: Database,
    paths: Iterable[str | os.PathLike[str]],
    *,
    same_name: SameName | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[SubmissionImport]:
    """Import many submission files, each on its own: a bad file is refused with its reason and
    the next one is tried.  Only a damaged library stops the batch (nothing more is written into
    it): the files not tried say so.  ``progress(done, total)`` after each file."""
    files = list(paths)
    results: list[SubmissionImport] = []
    for path in files:
        try:
            results.append(import_submission(db, path, same_name=same_name))
        except LibraryDamaged as damage:
            for rest in files[len(results) :]:
                results.append(
                    SubmissionImport(
                        Path(rest),
                        ImportStatus.REFUSED,
                        Message.of(
                            "{name}: not imported, because the library is damaged ({reason}); nothing more is "
                            "written into it. Restore a backup (File > Restore from backup…), then import again",
                            name=Path(rest).name,
                            reason=damage.reason,
                        ),
                    )
                )
            break
        if progress is not None:
            progress(len(results), len(files))
    return results
