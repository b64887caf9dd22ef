"""Classroom work on the database: exercises and their answer keys, the files a class passes
around, submissions, a trainee's feedback and the class debrief.  No Qt here.

Who does what
-------------
* The **teacher** makes an exercise from an article (:func:`make_exercise`), tags its answer
  key in the reader (the key is a claim set with ``role="key"``, edited by the same undoable
  operations as a trainee's claims; each note is the explanation trainees see), and hands out
  an exercise file (:func:`export_exercise`, never carrying the key) and later, separately, the
  key (:func:`export_key`, or :func:`release_key` on a shared database).
* A **trainee** opens the exercise file (:func:`open_exercise_file`), tags it, and submits
  (:func:`submit`): a submission file is written and the claim set's ``submitted_at`` set.
  Once the key is available to them (:func:`import_key`, released, or the bundled sample), they
  get :func:`feedback`.
* The teacher imports submission files (:func:`import_submissions`) and reads the class
  :func:`debrief`; on a shared database trainees' submitted claim sets are already there.

Rules
-----
* Every file is checked before anything is written (kind, version, exercise uid, article text
  hash, offsets: ``core.exchange``), and each file is imported in one transaction, so a bad
  file changes nothing.
* A submission is one trainee's claim set on one exercise with ``submitted_at`` set.  One per
  trainee and exercise: importing the same claims again is reported as a duplicate; a later
  submission with other claims replaces an earlier one; an earlier one never replaces a later.
  Trainees are the same person when their names match ignoring case and spacing (as in
  ``claimmark score``).
* After submitting, a trainee's claims are final once the key is available to them;
  :func:`reopen` lets them edit again before that (they then submit again).
* Scores, agreement, confusion and per-key-claim answers come from ``core.scoring`` and
  ``core.agreement`` exactly as ``claimmark score`` computes them from files, so the window's
  debrief and the command line give the same numbers.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from sqlmodel import Session, col, select

from core import repository as repo
from core.agreement import ClassFigures, class_figures, token_units
from core.claims import ClaimSpan, Tag
from core.db import Database
from core.exchange import (
    MAX_FILE_BYTES,
    ArticleData,
    ExchangeError,
    ExchangeFile,
    ExerciseFile,
    KeyFile,
    SubmissionFile,
    check_matches,
    kind_of,
    new_exercise_uid,
    read_exchange_file,
    write_exchange,
)
from core.models import Article, ClaimSet, Exercise, Trainee
from core.scoring import Matching, Score, ScoredSubmission, count_latest, in_class_figures, match_claims, same_person
from core.tokens import TokenIndex
from core.workspace import Opened, Workspace

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


class ClassroomError(Exception):
    """A classroom step that cannot be done; the message is one line, fit to show a person."""


class KeyConflict(ClassroomError):
    """Importing a key file would replace a different answer key already in the database."""


def _aware(moment: datetime) -> datetime:
    """Times read back from SQLite are naive; everything here is stored as UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


# --- exercises --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExerciseSettings:
    """What the teacher sets for an exercise."""

    title: str
    instructions: str = ""
    labels: tuple[str, ...] = ()
    """Entity labels trainees see; empty means all."""


def labels_of(exercise: Exercise) -> tuple[str, ...]:
    return tuple(label for label in (p.strip() for p in exercise.visible_labels.split(",")) if label)


def _labels_text(labels: Iterable[str]) -> str:
    cleaned = list(dict.fromkeys(label.strip().upper() for label in labels if label.strip()))
    for label in cleaned:
        if not re.fullmatch(r"[A-Z_]+", label):
            raise ClassroomError(f"'{label}' is not an entity label (use names such as PERSON or DATE)")
    text = ",".join(cleaned)
    if len(text) > 500:
        raise ClassroomError("too many entity labels chosen")
    return text


def _apply_settings(exercise: Exercise, settings: ExerciseSettings) -> None:
    title = settings.title.strip()
    if not title:
        raise ClassroomError("an exercise needs a title")
    exercise.title = title[:500]
    exercise.instructions = settings.instructions.strip()
    exercise.visible_labels = _labels_text(settings.labels)


def make_exercise(db: Database, article_id: int, settings: ExerciseSettings) -> Exercise:
    """A new exercise (with a new uid) on an article in the library."""
    with db.write() as session:
        if session.get(Article, article_id) is None:
            raise ClassroomError(f"article {article_id} is no longer in the library")
        exercise = Exercise(uid=new_exercise_uid(), article_id=article_id)
        _apply_settings(exercise, settings)
        session.add(exercise)
        session.flush()
        return exercise


def update_exercise(db: Database, exercise_id: int, settings: ExerciseSettings) -> Exercise:
    with db.write() as session:
        exercise = _exercise(session, exercise_id)
        _apply_settings(exercise, settings)
        session.add(exercise)
        return exercise


def get_exercise(db: Database, exercise_id: int) -> Exercise:
    with db.read() as session:
        return _exercise(session, exercise_id)


def find_exercise(db: Database, uid: str) -> Exercise | None:
    with db.read() as session:
        return repo.find_exercise(uid, session=session)


def exercises_for_article(db: Database, article_id: int) -> list[Exercise]:
    with db.read() as session:
        query = select(Exercise).where(Exercise.article_id == article_id).order_by(col(Exercise.id))
        return list(session.exec(query))


def _exercise(session: Session, exercise_id: int) -> Exercise:
    exercise = session.get(Exercise, exercise_id)
    if exercise is None:
        raise ClassroomError(f"exercise {exercise_id} is no longer in this database")
    return exercise


def _article(session: Session, exercise: Exercise) -> Article:
    article = session.get(Article, exercise.article_id)
    if article is None:  # pragma: no cover - the foreign key cascades
        raise ClassroomError(f"the article of exercise '{exercise.title}' is no longer in the library")
    return article


# --- answer keys ------------------------------------------------------------------------------


def _key_set(session: Session, exercise: Exercise, *, create: bool) -> ClaimSet | None:
    assert exercise.id is not None
    return repo.get_claim_set(
        exercise.article_id, session=session, trainee_id=None, exercise_id=exercise.id, role="key", create=create
    )


def key_claim_set_id(db: Database, exercise_id: int) -> int:
    """The exercise's answer key claim set (made empty on first use): what teacher mode edits."""
    with db.read() as session:
        existing = _key_set(session, _exercise(session, exercise_id), create=False)
    if existing is not None and existing.id is not None:
        return existing.id
    with db.write() as session:
        claim_set = _key_set(session, _exercise(session, exercise_id), create=True)
        assert claim_set is not None and claim_set.id is not None
        return claim_set.id


def _key_spans(session: Session, exercise: Exercise) -> list[ClaimSpan] | None:
    key_set = _key_set(session, exercise, create=False)
    if key_set is None or key_set.id is None:
        return None
    return repo.claim_spans(key_set.id, session=session)


def key_claims(db: Database, exercise_id: int) -> list[ClaimSpan]:
    """The key claims in text order (empty when no key was made yet)."""
    with db.read() as session:
        return _key_spans(session, _exercise(session, exercise_id)) or []


def release_key(db: Database, exercise_id: int, released: bool = True) -> None:
    """Let trainees on this database see the key as feedback once they have submitted (or not)."""
    with db.write() as session:
        exercise = _exercise(session, exercise_id)
        exercise.key_released = released
        session.add(exercise)


def key_available(db: Database, exercise_id: int) -> bool:
    """Whether trainees on this database may see the key: released, and a key exists."""
    with db.read() as session:
        exercise = _exercise(session, exercise_id)
        return exercise.key_released and _key_set(session, exercise, create=False) is not None


# --- files from the database ------------------------------------------------------------------


def _article_data(article: Article) -> ArticleData:
    return ArticleData(
        text=article.text,
        title=article.title,
        outlet=article.outlet,
        author=article.author,
        published=article.published,
        url=article.url,
    )


def _exercise_file(session: Session, exercise: Exercise) -> ExerciseFile:
    return ExerciseFile(
        exercise_uid=exercise.uid,
        title=exercise.title,
        article=_article_data(_article(session, exercise)),
        instructions=exercise.instructions,
        entity_labels=labels_of(exercise),
    )


def exercise_file(db: Database, exercise_id: int) -> ExerciseFile:
    """The exercise as handed out: article, instructions, labels; never the key."""
    with db.read() as session:
        return _exercise_file(session, _exercise(session, exercise_id))


def key_file(db: Database, exercise_id: int) -> KeyFile:
    with db.read() as session:
        exercise = _exercise(session, exercise_id)
        return KeyFile.for_exercise(_exercise_file(session, exercise), _key_spans(session, exercise) or [])


def export_exercise(db: Database, exercise_id: int, path: str | os.PathLike[str]) -> ExerciseFile:
    exercise = exercise_file(db, exercise_id)
    _write(path, exercise)
    return exercise


def export_key(db: Database, exercise_id: int, path: str | os.PathLike[str]) -> KeyFile:
    key = key_file(db, exercise_id)
    _write(path, key)
    return key


def _write(path: str | os.PathLike[str], obj: ExchangeFile) -> None:
    try:
        write_exchange(path, obj)
    except OSError as exc:
        raise ClassroomError(f"could not write {Path(path).name}: {exc.strerror or exc}") from exc


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


# --- trainees: opening an exercise, submitting ------------------------------------------------


def open_exercise_file(db: Database, path: str | os.PathLike[str]) -> Exercise:
    """Bring an exercise file into this database (or find it there); return the exercise.

    Refuses, with a message and no change: anything but an exercise file (a key says keys stay
    with the teacher), and an exercise whose uid is here already with another article text.
    Opening the same exercise again updates its title, instructions and labels from the file.
    """
    name = Path(path).name
    found = read_exchange_file(path)
    if isinstance(found, KeyFile):
        raise ClassroomError(
            f"{name}: this is an answer key, not an exercise. Open the exercise file your teacher handed out; "
            "an answer key is imported separately, to see feedback after you submit"
        )
    if isinstance(found, SubmissionFile):
        raise ClassroomError(
            f"{name}: this is a submission (by {found.trainee}), not an exercise. "
            "Teachers import submissions in teacher mode"
        )
    handout = found
    with db.write() as session:
        exercise = repo.find_exercise(handout.exercise_uid, session=session)
        if exercise is not None:
            article = _article(session, exercise)
            if article.text_hash != handout.text_hash:
                raise ClassroomError(
                    f"{name}: exercise '{handout.title}' is already in this database with a different article "
                    "text (it was changed after it was handed out); ask your teacher for the current file"
                )
        else:
            article = repo.find_article_by_hash(handout.text_hash, session=session) or repo.add_article(
                handout.article.text,
                session=session,
                title=handout.article.title,
                outlet=handout.article.outlet,
                author=handout.article.author,
                published=handout.article.published,
                url=handout.article.url,
                source_name=name,
            )
            assert article.id is not None
            exercise = Exercise(uid=handout.exercise_uid, article_id=article.id)
        _apply_settings(
            exercise,
            ExerciseSettings(handout.title or article.title or name, handout.instructions, handout.entity_labels),
        )
        session.add(exercise)
        session.flush()
        return exercise


def open_exercise(workspace: Workspace, exercise_id: int) -> Opened:
    """Open an exercise for the workspace's trainee (their claim set on it, made on first use)."""
    with workspace.db.write() as session:
        exercise = _exercise(session, exercise_id)
        article = _article(session, exercise)
        claim_set = repo.get_claim_set(
            exercise.article_id, session=session, trainee_id=workspace.trainee_id, exercise_id=exercise.id
        )
        assert claim_set is not None and claim_set.id is not None and article.id is not None
        repo.remember_article(workspace.trainee_id, article.id, session=session)
        return Opened(article=article, exercise=exercise, claim_set_id=claim_set.id)


def open_key(db: Database, opened: Opened) -> Opened:
    """The same article with the exercise's answer key as the claim set to edit (teacher mode)."""
    if opened.exercise is None or opened.exercise.id is None:
        return opened
    return Opened(opened.article, opened.exercise, key_claim_set_id(db, opened.exercise.id))


def is_key_set(db: Database, claim_set_id: int) -> bool:
    with db.read() as session:
        claim_set = session.get(ClaimSet, claim_set_id)
        return claim_set is not None and claim_set.role == "key"


def submitted_at(db: Database, claim_set_id: int) -> datetime | None:
    with db.read() as session:
        claim_set = session.get(ClaimSet, claim_set_id)
        return _aware(claim_set.submitted_at) if claim_set and claim_set.submitted_at else None


def _trainee_set(session: Session, claim_set_id: int) -> tuple[ClaimSet, Exercise, Trainee]:
    claim_set = session.get(ClaimSet, claim_set_id)
    if claim_set is None:
        raise ClassroomError("these claims are no longer in the database")
    if claim_set.role != "trainee" or claim_set.trainee_id is None:
        raise ClassroomError("only a trainee's own claims can be submitted, not an answer key")
    if claim_set.exercise_id is None:
        raise ClassroomError("this article is not an exercise, so there is nothing to submit it to")
    exercise = _exercise(session, claim_set.exercise_id)
    trainee = session.get(Trainee, claim_set.trainee_id)
    assert trainee is not None
    return claim_set, exercise, trainee


def submit(db: Database, claim_set_id: int, path: str | os.PathLike[str] | None) -> SubmissionFile:
    """Hand in a trainee's claims: write the submission file (when ``path`` is given) and mark
    the claim set submitted, in one transaction (if the file cannot be written, nothing changes).

    Submitting again without reopening writes the same hand-in (same time) again.
    """
    with db.write() as session:
        claim_set, exercise, trainee = _trainee_set(session, claim_set_id)
        moment = _aware(claim_set.submitted_at) if claim_set.submitted_at else datetime.now(UTC)
        submission = SubmissionFile.for_exercise(
            _exercise_file(session, exercise), trainee.name, repo.claim_spans(claim_set_id, session=session), moment
        )
        if path is not None:
            _write(path, submission)
        claim_set.submitted_at = moment
        session.add(claim_set)
        return submission


def reopen(db: Database, claim_set_id: int) -> None:
    """Let a trainee edit submitted claims again; refused once the key is available to them."""
    with db.write() as session:
        claim_set, exercise, _ = _trainee_set(session, claim_set_id)
        if exercise.key_released and _key_set(session, exercise, create=False) is not None:
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
    message: str
    """One line for people: what was done, or what is wrong."""
    trainee: str = ""
    exercise_id: int | None = None

    @property
    def ok(self) -> bool:
        return self.status in (ImportStatus.IMPORTED, ImportStatus.REPLACED)


def _claims_fingerprint(claims: Sequence[ClaimSpan]) -> list[tuple[int, int, str, str, str]]:
    return sorted((c.start, c.end, c.tag.value, c.note, c.source) for c in claims)


def _find_person(session: Session, name: str) -> Trainee | None:
    exact = repo.find_trainee(name, session=session)
    if exact is not None:
        return exact
    wanted = same_person(name)
    return next((t for t in session.exec(select(Trainee)) if same_person(t.name) == wanted), None)


def _when(moment: datetime) -> str:
    return _aware(moment).strftime("%Y-%m-%d %H:%M UTC")


def import_submission(db: Database, path: str | os.PathLike[str]) -> SubmissionImport:
    """Import one submission file as its trainee's submitted claims, or say why not.

    Everything is checked before anything is written, in one transaction: a refused or
    duplicate file leaves the database exactly as it was.
    """
    p = Path(path)
    try:
        submission = read_exchange_file(p, expect=SubmissionFile)
    except ExchangeError as exc:
        return SubmissionImport(p, ImportStatus.REFUSED, str(exc))
    who = submission.trainee.strip()
    try:
        with db.write() as session:
            exercise = repo.find_exercise(submission.exercise_uid, session=session)
            if exercise is None or exercise.id is None:
                raise ClassroomError(
                    f"{p.name}: this submission is for exercise '{submission.exercise_uid}', which is not in this "
                    "database; make or open that exercise first"
                )
            check_matches(_exercise_file(session, exercise), submission, name=p.name)
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
            message = f"{who}: submission of {_when(submission.submitted_at)} imported"
            if claim_set is not None and claim_set.id is not None:
                existing = repo.claim_spans(claim_set.id, session=session)
                if claim_set.submitted_at is None:
                    if existing:
                        raise ClassroomError(
                            f"{p.name}: {who} has claims of their own on this exercise in this database that were "
                            "never submitted; they were left as they are and the file was not imported"
                        )
                else:
                    before = _aware(claim_set.submitted_at)
                    if _claims_fingerprint(existing) == _claims_fingerprint(submission.claims):
                        return SubmissionImport(
                            p,
                            ImportStatus.DUPLICATE,
                            f"{p.name}: already imported: {who}'s submission of {_when(before)} has the same claims",
                            trainee=who,
                            exercise_id=exercise.id,
                        )
                    if _aware(submission.submitted_at) <= before:
                        raise ClassroomError(
                            f"{p.name}: {who} handed in a later submission ({_when(before)}) that is already "
                            f"imported; this earlier one ({_when(submission.submitted_at)}) was not imported"
                        )
                    status = ImportStatus.REPLACED
                    message = (
                        f"{who}: submission of {_when(submission.submitted_at)} imported, replacing the one of "
                        f"{_when(before)}"
                    )
            if trainee is None:
                trainee = repo.get_or_create_trainee(who, session=session)
            if claim_set is None:
                claim_set = repo.get_claim_set(
                    exercise.article_id, session=session, trainee_id=trainee.id, exercise_id=exercise.id
                )
            assert claim_set is not None and claim_set.id is not None
            repo.replace_claims(claim_set.id, submission.claims, session=session)
            claim_set.submitted_at = _aware(submission.submitted_at)
            session.add(claim_set)
            return SubmissionImport(p, status, message, trainee=trainee.name, exercise_id=exercise.id)
    except (ClassroomError, ExchangeError) as exc:
        return SubmissionImport(p, ImportStatus.REFUSED, str(exc), trainee=who)


def import_submissions(db: Database, paths: Iterable[str | os.PathLike[str]]) -> list[SubmissionImport]:
    """Import many submission files, each on its own (one bad file does not stop the others)."""
    return [import_submission(db, path) for path in paths]


def import_key(db: Database, path: str | os.PathLike[str], *, replace: bool = False) -> Exercise:
    """Bring in an answer key file: it becomes the exercise's key, released on this database.

    The exercise must be here (its file opened first) with the same article text.  A different
    key already here is only replaced with ``replace=True`` (otherwise :class:`KeyConflict`).
    """
    p = Path(path)
    found = read_exchange_file(p)
    if not isinstance(found, KeyFile):
        raise ClassroomError(f"{p.name}: this is {kind_of(found)}, not an answer key")
    key = found
    with db.write() as session:
        exercise = repo.find_exercise(key.exercise_uid, session=session)
        if exercise is None:
            title = f" ({key.title})" if key.title else ""
            raise ClassroomError(
                f"{p.name}: this answer key is for exercise '{key.exercise_uid}'{title}, which is not in this "
                "database; open its exercise file first"
            )
        check_matches(_exercise_file(session, exercise), key, name=p.name)
        existing = _key_spans(session, exercise)
        if existing and _claims_fingerprint(existing) != _claims_fingerprint(key.claims) and not replace:
            raise KeyConflict(
                f"{p.name}: exercise '{exercise.title}' already has a different answer key here "
                f"({len(existing)} claims; the file has {len(key.claims)})"
            )
        key_set = _key_set(session, exercise, create=True)
        assert key_set is not None and key_set.id is not None
        repo.replace_claims(key_set.id, key.claims, session=session)
        exercise.key_released = True
        session.add(exercise)
        return exercise


# --- feedback for one trainee -----------------------------------------------------------------


class FeedbackState(StrEnum):
    NOT_AN_EXERCISE = "not an exercise"
    KEY_SET = "answer key"
    """The claims are an answer key, not a trainee's work."""
    NOT_SUBMITTED = "not submitted"
    NO_KEY = "key not available"
    """No key here, or the teacher has not released it."""
    READY = "ready"


class Mark(StrEnum):
    FOUND = "found"
    MISSED = "missed"
    EXTRA = "extra"
    """Not in the key: counted, not an error."""


@dataclass(frozen=True)
class FeedbackItem:
    """One mark on the trainee's article."""

    mark: Mark
    start: int
    end: int
    """The trainee's span for found and extra claims, the key's for missed ones."""
    key: ClaimSpan | None
    trainee: ClaimSpan | None
    iou: float = 0.0

    @property
    def tag_right(self) -> bool | None:
        """Whether the trainee chose the key's tag (None unless found)."""
        if self.key is None or self.trainee is None:
            return None
        return self.key.tag == self.trainee.tag

    @property
    def explanation(self) -> str:
        return self.key.note if self.key is not None else ""


@dataclass(frozen=True)
class Feedback:
    exercise_title: str
    article_title: str
    text: str
    trainee: str
    submitted_at: datetime
    items: tuple[FeedbackItem, ...]
    """Every found, missed and extra claim, in text order."""
    score: Score

    def count(self, mark: Mark) -> int:
        return sum(1 for item in self.items if item.mark == mark)


def feedback_items(matching: Matching) -> list[FeedbackItem]:
    items = []
    for m in matching.key_matches:
        if m.trainee is None:
            items.append(FeedbackItem(Mark.MISSED, m.key.start, m.key.end, key=m.key, trainee=None))
        else:
            items.append(
                FeedbackItem(Mark.FOUND, m.trainee.start, m.trainee.end, key=m.key, trainee=m.trainee, iou=m.iou)
            )
    for claim in matching.extra_claims:
        items.append(FeedbackItem(Mark.EXTRA, claim.start, claim.end, key=None, trainee=claim))
    order = {Mark.FOUND: 0, Mark.MISSED: 1, Mark.EXTRA: 2}
    return sorted(items, key=lambda i: (i.start, i.end, order[i.mark]))


def feedback_state(db: Database, claim_set_id: int) -> FeedbackState:
    with db.read() as session:
        claim_set = session.get(ClaimSet, claim_set_id)
        if claim_set is None or claim_set.exercise_id is None:
            return FeedbackState.NOT_AN_EXERCISE
        if claim_set.role == "key":
            return FeedbackState.KEY_SET
        if claim_set.submitted_at is None:
            return FeedbackState.NOT_SUBMITTED
        exercise = _exercise(session, claim_set.exercise_id)
        if not exercise.key_released or _key_set(session, exercise, create=False) is None:
            return FeedbackState.NO_KEY
        return FeedbackState.READY


def feedback(db: Database, claim_set_id: int, *, teacher: bool = False) -> Feedback:
    """A trainee's submitted claims against the key: found / missed / extra and the score.

    Raises ClassroomError unless :func:`feedback_state` is READY; ``teacher=True`` skips the
    release check (a teacher looking at one trainee's work from the debrief).
    """
    state = feedback_state(db, claim_set_id)
    if state is not FeedbackState.READY and not (teacher and state is FeedbackState.NO_KEY):
        raise ClassroomError(f"no feedback yet: {state.value}")
    with db.read() as session:
        claim_set, exercise, trainee = _trainee_set(session, claim_set_id)
        article = _article(session, exercise)
        key = _key_spans(session, exercise) or []
        claims = repo.claim_spans(claim_set_id, session=session)
        assert claim_set.submitted_at is not None
        matching = match_claims(article.text, key, claims)
        return Feedback(
            exercise_title=exercise.title,
            article_title=article.title,
            text=article.text,
            trainee=trainee.name,
            submitted_at=_aware(claim_set.submitted_at),
            items=tuple(feedback_items(matching)),
            score=Score.from_matching(matching),
        )


# --- the class debrief ------------------------------------------------------------------------


@dataclass(frozen=True)
class DebriefRow(ScoredSubmission):
    """One trainee's submitted claim set, scored."""

    claim_set_id: int = field(kw_only=True)


@dataclass(frozen=True)
class HeatSpan:
    """A run of words that the same number of trainees tagged, with the same tags."""

    start: int
    end: int
    tagged: int
    """Trainees (counted in class figures) whose claims cover these words."""
    tags: Mapping[Tag, int] = field(default_factory=dict)

    @property
    def top_tag(self) -> Tag:
        """The tag most trainees chose here (ties: confirmed, estimated, unverified order)."""
        return max(Tag, key=lambda t: (self.tags.get(t, 0), -list(Tag).index(t)))


@dataclass(frozen=True)
class Debrief(ClassFigures):
    exercise_id: int
    exercise_uid: str
    title: str
    text: str
    key: tuple[ClaimSpan, ...]
    rows: tuple[DebriefRow, ...]
    """Every submission, sorted by trainee then time."""
    heat: tuple[HeatSpan, ...]

    @property
    def counted(self) -> list[DebriefRow]:
        return in_class_figures(self.rows)


def heat_spans(text: str | TokenIndex, submissions: Sequence[Sequence[ClaimSpan]]) -> list[HeatSpan]:
    """How many trainees tagged each word, and with which tag, merged into runs of equal counts.

    Uses the unit rule of ``core.agreement`` (a word takes the tag of the shortest claim of a
    trainee that covers it), so the shading shows the data agreement is computed on.
    """
    units = token_units(text, submissions)
    spans: list[HeatSpan] = []
    for j, (start, end) in enumerate(units.spans):
        counted = Counter(Tag(row[j]) for row in units.values if row[j] in Tag._value2member_map_)
        if not counted:
            continue
        tags = {t: counted[t] for t in Tag if counted[t]}
        last = spans[-1] if spans else None
        previous_unit_end = units.spans[j - 1][1] if j else -1
        if last is not None and last.end == previous_unit_end and dict(last.tags) == tags:
            spans[-1] = HeatSpan(last.start, end, last.tagged, tags)
        else:
            spans.append(HeatSpan(start, end, sum(counted.values()), tags))
    return spans


def debrief(db: Database, exercise_id: int) -> Debrief:
    """The class's submitted work on an exercise, scored against its key (see module notes)."""
    with db.read() as session:
        exercise = _exercise(session, exercise_id)
        article = _article(session, exercise)
        key = tuple(_key_spans(session, exercise) or [])
        query = (
            select(ClaimSet, Trainee)
            .join(Trainee, col(Trainee.id) == col(ClaimSet.trainee_id))
            .where(
                ClaimSet.exercise_id == exercise_id,
                ClaimSet.role == "trainee",
                col(ClaimSet.submitted_at).is_not(None),
            )
            .order_by(col(ClaimSet.id))
        )
        handed_in = [
            (claim_set, trainee.name, repo.claim_spans(claim_set.id, session=session))
            for claim_set, trainee in session.exec(query)
            if claim_set.id is not None
        ]
    index = TokenIndex(article.text)
    rows = []
    for claim_set, name, claims in handed_in:  # by claim set id, the order count_latest breaks equal times by
        assert claim_set.submitted_at is not None and claim_set.id is not None
        matching = match_claims(index, key, claims)
        rows.append(
            DebriefRow(
                trainee=name,
                claim_set_id=claim_set.id,
                submitted_at=_aware(claim_set.submitted_at),
                score=Score.from_matching(matching),
                matching=matching,
            )
        )
    rows = count_latest(rows)
    figures = class_figures(index, key, rows)
    assert exercise.id is not None
    return Debrief(
        exercise_id=exercise.id,
        exercise_uid=exercise.uid,
        title=exercise.title or article.title,
        text=article.text,
        key=key,
        rows=tuple(rows),
        agreement=figures.agreement,
        confusion=figures.confusion,
        answers=figures.answers,
        heat=tuple(heat_spans(index, [r.matching.trainee for r in in_class_figures(rows)])),
    )


def export_submissions(db: Database, exercise_id: int, folder: str | os.PathLike[str]) -> list[Path]:
    """Write every submitted claim set of an exercise as a submission file (for ``claimmark score``)."""
    written: list[Path] = []
    handout = exercise_file(db, exercise_id)
    for row in debrief(db, exercise_id).rows:
        path = Path(folder) / suggested_file_name(handout.title, "submission", row.trainee)
        if path in written:  # two names that are the same person: keep both files
            path = path.with_name(f"{path.name.removesuffix('.submission.json')}-{len(written)}.submission.json")
        sub = SubmissionFile.for_exercise(handout, row.trainee, row.matching.trainee, row.submitted_at)
        _write(path, sub)
        written.append(path)
    return written
