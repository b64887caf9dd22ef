"""The files a class passes around: exercises, answer keys and submissions (JSON, no database).

Three kinds of file, each one JSON object that names its kind and version::

    {"format": "claimmark-exercise" | "claimmark-key" | "claimmark-submission", "version": 2, ...}

* an **exercise** is what the teacher hands out: the article, instructions, which entity labels
  to show.  It never carries key claims.
* a **key** is the teacher's answer key for one exercise.  It carries the article text too, so
  that a key on its own is enough to score submissions (``claimmark score``) and to check their
  offsets; a key is never handed to trainees.
* a **submission** is one trainee's claims on one exercise.

Every file says who made it, by name and by id (``core.identity``): an exercise or key its
teacher (``teacher``, ``teacher_id``), a submission its trainee (``trainee``, ``trainee_id``), so
two trainees of one name are never taken for one.  Version 1 files, made before ids, still read:
their trainee is known by name only (:attr:`SubmissionFile.person_id`).

Every file names its exercise (``exercise_uid``) and the article text it was made on
(``text_hash``: sha256 hex of the UTF-8 text), so a key or submission for another exercise, or
for an article that was edited since, is caught by :func:`check_matches` rather than scored
against the wrong text.  ``docs/file-formats.md`` documents the fields and the versioning rule.

Reading never trusts a file: :func:`parse_exchange` and :func:`read_exchange_file` raise
:class:`ExchangeError` with a one-line message naming the file and the problem (a
:class:`~claimmark.core.errors.UserError`: a template whose fields are the file name, the field
and the values found).  Writing is
atomic (a temporary file, then ``os.replace``), so a crash never leaves half a file behind, and
everything written is first read back through the same checks.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import tempfile
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar, TypeVar, overload

from claimmark.core.claims import ClaimSpan, Tag
from claimmark.core.details import ArticleDetails
from claimmark.core.errors import UserError
from claimmark.core.identity import Identity, canonical_uid, named_uid
from claimmark.core.storage.models import Claim, Trainee, limit_of
from claimmark.core.storage.records import READING_CUE_MODES, ReadingCueMode
from claimmark.core.text import TextProblem, megabytes, readable_number, text_hash, text_problem

FORMAT_VERSION = 2
"""The version this program writes, and the newest it reads (it reads every older one).

2: who made the file is given by id as well as by name (``teacher_id``, ``trainee_id``).
"""

EXERCISE_FORMAT = "claimmark-exercise"
KEY_FORMAT = "claimmark-key"
SUBMISSION_FORMAT = "claimmark-submission"

MAX_FILE_BYTES = 32 * 1024 * 1024
"""Larger files are refused unread: no article is that long, so it is not one of ours (the
article in a file is held to ``core.text.MAX_ARTICLE_BYTES``, as every article is; JSON's
escapes make the file larger than its text)."""

LARGEST_NUMBER = 2**53
"""No offset or version in a ClaimMark file comes near this (JSON readers agree on integers up to it)."""

TRAINEE_LIMIT = limit_of(Trainee, "name")
SOURCE_LIMIT = limit_of(Claim, "source")
LABELS_LIMIT = 500
"""The entity labels of an exercise, joined by commas (``Exercise.visible_labels``)."""


class ExchangeError(UserError):
    """A classroom file that cannot be used; the message is one line, fit to show a person."""


# --- the data -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleData(ArticleDetails):
    """The article as files carry it: the text and what is known about it (its details)."""

    text: str

    @property
    def text_hash(self) -> str:
        return text_hash(self.text)


@dataclass(frozen=True, slots=True)
class ExerciseFile:
    """An article handed out with instructions.  Never carries key claims."""

    FORMAT: ClassVar[str] = EXERCISE_FORMAT
    KIND: ClassVar[str] = "exercise"

    exercise_uid: str
    title: str
    article: ArticleData
    instructions: str = ""
    entity_labels: tuple[str, ...] = ()
    """spaCy labels trainees see (PERSON, ORG, ...); empty means all."""
    reading_cues: ReadingCueMode = "hidden"
    """Whether trainees see the reading cues (hidden, shown, after_submitting); an older file
    without the field reads as hidden."""
    teacher: str = ""
    """Who handed it out ('' when not known)."""
    teacher_id: str = ""
    """Their id (``core.identity``; '' when not known)."""

    @property
    def text_hash(self) -> str:
        return self.article.text_hash

    def made_by(self, teacher: Identity | None) -> ExerciseFile:
        return self if teacher is None else replace(self, teacher=teacher.name, teacher_id=teacher.uid)


@dataclass(frozen=True, slots=True)
class KeyFile:
    """The teacher's answer key for one exercise, with the article so it can score on its own."""

    FORMAT: ClassVar[str] = KEY_FORMAT
    KIND: ClassVar[str] = "answer key"

    exercise_uid: str
    article: ArticleData
    claims: tuple[ClaimSpan, ...]
    """Key claims; each ``note`` is the teacher's explanation, shown to trainees as feedback."""
    title: str = ""
    """The exercise's title, for reports."""
    teacher: str = ""
    teacher_id: str = ""
    """Who made the key, as for :class:`ExerciseFile`."""

    @property
    def text_hash(self) -> str:
        return self.article.text_hash

    @classmethod
    def for_exercise(cls, exercise: ExerciseFile, claims: Sequence[ClaimSpan]) -> KeyFile:
        return cls(
            exercise_uid=exercise.exercise_uid,
            article=exercise.article,
            claims=tuple(claims),
            title=exercise.title,
            teacher=exercise.teacher,
            teacher_id=exercise.teacher_id,
        )


@dataclass(frozen=True, slots=True)
class SubmissionFile:
    """One trainee's claims on one exercise."""

    FORMAT: ClassVar[str] = SUBMISSION_FORMAT
    KIND: ClassVar[str] = "submission"

    exercise_uid: str
    text_hash: str
    trainee: str
    submitted_at: datetime
    """When the trainee handed it in; timezone-aware (written as UTC)."""
    claims: tuple[ClaimSpan, ...] = field(default=())
    trainee_id: str = ""
    """The trainee's id (``core.identity``); '' in a version 1 file, made before ids."""

    @property
    def person_id(self) -> str:
        """Who handed it in: the trainee's id, else (a version 1 file) the id their name gives."""
        return self.trainee_id or named_uid(self.trainee)

    @classmethod
    def for_exercise(
        cls,
        exercise: ExerciseFile | KeyFile,
        trainee: str | Identity,
        claims: Sequence[ClaimSpan],
        submitted_at: datetime | None = None,
    ) -> SubmissionFile:
        """``trainee``: who hands it in; a bare name is the person known only by that name
        (the id derived from it, as :meth:`Identity.named` gives)."""
        name, uid = (trainee.name, trainee.uid) if isinstance(trainee, Identity) else (trainee, named_uid(trainee))
        return cls(
            exercise_uid=exercise.exercise_uid,
            text_hash=exercise.text_hash,
            trainee=name,
            submitted_at=submitted_at or datetime.now(UTC),
            claims=tuple(claims),
            trainee_id=uid,
        )


ExchangeFile = ExerciseFile | KeyFile | SubmissionFile
_KINDS: dict[str, type[ExerciseFile] | type[KeyFile] | type[SubmissionFile]] = {
    EXERCISE_FORMAT: ExerciseFile,
    KEY_FORMAT: KeyFile,
    SUBMISSION_FORMAT: SubmissionFile,
}
F = TypeVar("F", ExerciseFile, KeyFile, SubmissionFile)


def new_exercise_uid() -> str:
    return str(uuid.uuid4())


# --- writing --------------------------------------------------------------------------------


def _iso_utc(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ExchangeError("submitted_at must be a timezone-aware time")
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _claim_json(claim: ClaimSpan) -> dict[str, Any]:
    return {
        "start": claim.start,
        "end": claim.end,
        "tag": claim.tag.value,
        "note": claim.note,
        "source": claim.source,
    }


def _article_json(article: ArticleData) -> dict[str, Any]:
    return article.details() | {"text": article.text}


def _safe_hash(text: str, name: str) -> str:
    problem = text_problem(text)
    if problem is not None:
        raise _text_error(name, "article.text", problem)
    return text_hash(text)


_BAD_CHARACTER = {
    "surrogate": "{name}: field '{field}' holds an invalid character (half of a surrogate pair, at character "
    "{position}); the file is damaged or was not made by ClaimMark. Ask for it again",
    "nul": "{name}: field '{field}' holds a NUL character (at character {position}), which ClaimMark does not store; "
    "the file is damaged or was not made by ClaimMark. Ask for it again",
}


def _text_error(name: str, where: str, problem: TextProblem) -> ExchangeError:
    """The message for a text field that cannot go into a database (core.text.text_problem)."""
    if problem.kind in _BAD_CHARACTER:
        return ExchangeError(
            _BAD_CHARACTER[problem.kind], name=name, field=where, position=readable_number(problem.position)
        )
    if problem.kind == "size":
        return ExchangeError(
            "{name}: the article is {size}, over the limit of {limit} for an article. Hand out a shorter article",
            name=name,
            size=megabytes(problem.length),
            limit=megabytes(problem.limit),
        )
    return ExchangeError(
        "{name}: field '{field}' is {length} characters long; at most {limit} fit. Shorten it in the program that "
        "made the file",
        name=name,
        field=where,
        length=readable_number(problem.length),
        limit=readable_number(problem.limit),
    )


def _made_by(obj: ExerciseFile | KeyFile) -> dict[str, str]:
    """The teacher's name and id, when known (a bundled exercise has none)."""
    if not (obj.teacher or obj.teacher_id):
        return {}
    return {"teacher": obj.teacher, "teacher_id": obj.teacher_id}


def to_json(obj: ExchangeFile) -> dict[str, Any]:
    """The JSON object (as Python data) for an exchange file, in documented field order."""
    head: dict[str, Any] = {"format": obj.FORMAT, "version": FORMAT_VERSION, "exercise_uid": obj.exercise_uid}
    if isinstance(obj, ExerciseFile):
        return head | {
            "text_hash": _safe_hash(obj.article.text, "exercise"),
            "title": obj.title,
            **_made_by(obj),
            "instructions": obj.instructions,
            "entity_labels": list(obj.entity_labels),
            "reading_cues": obj.reading_cues,
            "article": _article_json(obj.article),
        }
    if isinstance(obj, KeyFile):
        return head | {
            "text_hash": _safe_hash(obj.article.text, "answer key"),
            "title": obj.title,
            **_made_by(obj),
            "article": _article_json(obj.article),
            "claims": [_claim_json(c) for c in obj.claims],
        }
    return head | {
        "text_hash": obj.text_hash,
        "trainee": obj.trainee,
        "trainee_id": obj.person_id,
        "submitted_at": _iso_utc(obj.submitted_at),
        "claims": [_claim_json(c) for c in obj.claims],
    }


def dump_exchange(obj: ExchangeFile) -> bytes:
    """The file's bytes: indented UTF-8 JSON.  Raises ExchangeError if it would not read back."""
    data = to_json(obj)
    _parse_object(data, name=f"the {obj.KIND} being saved")  # never write what we cannot read
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def dump_exercise(exercise: ExerciseFile) -> bytes:
    return dump_exchange(exercise)


def dump_key(key: KeyFile) -> bytes:
    return dump_exchange(key)


def dump_submission(submission: SubmissionFile) -> bytes:
    return dump_exchange(submission)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and ``os.replace``.

    Readers see the old file or the new one, never half of one.  A replaced file keeps its
    permission bits; a new one gets rw-r--r--.
    """
    target = Path(path)
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = 0o644
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_exchange(path: str | os.PathLike[str], obj: ExchangeFile) -> None:
    atomic_write_bytes(path, dump_exchange(obj))


def write_exercise(path: str | os.PathLike[str], exercise: ExerciseFile) -> None:
    write_exchange(path, exercise)


def write_key(path: str | os.PathLike[str], key: KeyFile) -> None:
    write_exchange(path, key)


def write_submission(path: str | os.PathLike[str], submission: SubmissionFile) -> None:
    write_exchange(path, submission)


# --- reading --------------------------------------------------------------------------------


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, float):
        return f"the fraction {readable_number(value)}" if value == value and abs(value) != float("inf") else "a number"
    if isinstance(value, int):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


_ABSENT = object()


class _Fields:
    """Typed access to one JSON object, with errors that name the file and the field path."""

    def __init__(self, obj: dict[str, Any], *, name: str, path: str = "") -> None:
        self.obj, self.name, self.path = obj, name, path

    def where(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def fail(self, template: str, /, **params: object) -> ExchangeError:
        """The error for this file: ``template`` starts with ``{name}:``, filled with the file's name."""
        return ExchangeError(template, name=self.name, **params)

    def _get(self, key: str, required: bool) -> Any:
        if key not in self.obj and required:
            raise self.fail("{name}: field '{field}' is missing", field=self.where(key))
        return self.obj.get(key, _ABSENT)

    def text(self, key: str, *, required: bool = False, limit: int | None = None, article: bool = False) -> str:
        """A string field, checked as the database will check it (core.text.text_problem): no lone
        surrogate or NUL character, at most ``limit`` characters, an article within the size limit."""
        value = self._get(key, required)
        if value is _ABSENT:
            return ""
        if not isinstance(value, str):
            raise self.fail(
                "{name}: field '{field}' must be a string, not {found}", field=self.where(key), found=_json_type(value)
            )
        problem = text_problem(value, limit=limit, article=article)
        if problem is not None:
            raise _text_error(self.name, self.where(key), problem)
        return value

    def integer(self, key: str) -> int:
        value = self._get(key, True)
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.fail(
                "{name}: field '{field}' must be a whole number, not {found}",
                field=self.where(key),
                found=_json_type(value),
            )
        if abs(value) > LARGEST_NUMBER:
            raise self.fail(
                "{name}: field '{field}' is {found}, far larger than any ClaimMark file holds; the file is damaged",
                field=self.where(key),
                found=readable_number(value),
            )
        return value

    def array(self, key: str, *, required: bool = True) -> list[Any]:
        value = self._get(key, required)
        if value is _ABSENT:
            return []
        if not isinstance(value, list):
            raise self.fail(
                "{name}: field '{field}' must be a list, not {found}", field=self.where(key), found=_json_type(value)
            )
        return value

    def object(self, key: str) -> _Fields:
        value = self._get(key, True)
        if not isinstance(value, dict):
            raise self.fail(
                "{name}: field '{field}' must be an object, not {found}", field=self.where(key), found=_json_type(value)
            )
        return _Fields(value, name=self.name, path=self.where(key))

    def item(self, key: str, i: int, value: Any) -> _Fields:
        path = f"{self.where(key)}[{i}]"
        if not isinstance(value, dict):
            raise self.fail("{name}: '{field}' must be an object, not {found}", field=path, found=_json_type(value))
        return _Fields(value, name=self.name, path=path)


_KIND_NAMES = {EXERCISE_FORMAT: "an exercise", KEY_FORMAT: "an answer key", SUBMISSION_FORMAT: "a submission"}


def _uid(fields: _Fields) -> str:
    raw = fields.text("exercise_uid", required=True)
    try:
        return str(uuid.UUID(raw))
    except ValueError:
        raise fields.fail("{name}: field 'exercise_uid' is not a UUID: {found!r}", found=raw[:60]) from None


def _person_id(fields: _Fields, key: str, *, required: bool) -> str:
    """An id field (``trainee_id``, ``teacher_id``): a UUID, read canonically; '' when left out."""
    raw = fields.text(key, required=required)
    if not raw and not required:
        return ""
    found = canonical_uid(raw)
    if found is None:
        raise fields.fail("{name}: field '{field}' is not a UUID: {found!r}", field=key, found=raw[:60])
    return found


def _hash_field(fields: _Fields) -> str:
    value = fields.text("text_hash", required=True)
    if len(value) != 64 or any(c not in "0123456789abcdef" for c in value.lower()):
        raise fields.fail("{name}: field 'text_hash' must be 64 hexadecimal digits (sha256 of the article text)")
    return value.lower()


def _article(fields: _Fields, declared_hash: str) -> ArticleData:
    a = fields.object("article")
    article = ArticleData.from_json(a.text, text=a.text("text", required=True, article=True))
    if not article.text.strip():
        raise fields.fail("{name}: the article text is empty")
    if _safe_hash(article.text, fields.name) != declared_hash:
        raise fields.fail(
            "{name}: text_hash does not match the article text in the file (the text was changed after "
            "the file was made, or the file is damaged)"
        )
    return article


def _claims(fields: _Fields, text_length: int | None) -> tuple[ClaimSpan, ...]:
    claims = []
    for i, raw in enumerate(fields.array("claims")):
        c = fields.item("claims", i, raw)
        start, end = c.integer("start"), c.integer("end")
        tag_value = c.text("tag", required=True)
        where = {"number": i + 1, "start": readable_number(start), "end": readable_number(end)}
        if start < 0 or start >= end:
            raise c.fail("{name}: claim {number} ({start}..{end}) needs 0 <= start < end", **where)
        if text_length is not None and end > text_length:
            raise c.fail(
                "{name}: claim {number} ({start}..{end}) lies outside the article text ({length} characters)",
                **where,
                length=readable_number(text_length),
            )
        try:
            tag = Tag(tag_value)
        except ValueError:
            raise c.fail(
                "{name}: claim {number} ({start}..{end}) has an unknown tag {found!r}; use one of {allowed}",
                **where,
                found=tag_value[:40],
                allowed=", ".join(t.value for t in Tag),
            ) from None
        claims.append(ClaimSpan(start, end, tag, note=c.text("note"), source=c.text("source", limit=SOURCE_LIMIT)))
    return tuple(claims)


def _submitted_at(fields: _Fields) -> datetime:
    raw = fields.text("submitted_at", required=True)
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise fields.fail("{name}: field 'submitted_at' is not an ISO 8601 time: {found!r}", found=raw[:40]) from None
    if moment.tzinfo is None:
        raise fields.fail(
            "{name}: field 'submitted_at' has no timezone (write UTC, e.g. '...Z'): {found!r}", found=raw[:40]
        )
    return moment.astimezone(UTC)


def _parse_object(data: object, *, name: str) -> ExchangeFile:
    if not isinstance(data, dict):
        raise ExchangeError(
            "{name}: not a ClaimMark file (the JSON is {found}, not an object)", name=name, found=_json_type(data)
        )
    fields = _Fields(data, name=name)
    if "format" not in data:
        raise fields.fail("{name}: not a ClaimMark file (no 'format' field)")
    kind = data["format"]
    if kind not in _KINDS:
        raise fields.fail(
            "{name}: unknown file format {found!r}; expected one of {known}",
            found=kind[:40] if isinstance(kind, str) else _json_type(kind),
            known=", ".join(_KINDS),
        )
    version = fields.integer("version")
    if version > FORMAT_VERSION:
        raise fields.fail(
            "{name}: {kind} in format version {version}, made by a newer ClaimMark "
            "(this one reads up to version {newest}); update the program",
            kind=_KIND_NAMES[kind],
            version=readable_number(version),
            newest=FORMAT_VERSION,
        )
    if version < 1:
        raise fields.fail("{name}: unknown format version {version}", version=readable_number(version))

    uid = _uid(fields)
    declared_hash = _hash_field(fields)
    if kind == EXERCISE_FORMAT:
        if "claims" in data or "key" in data:
            raise fields.fail("{name}: an exercise file must not contain key claims")
        labels = fields.array("entity_labels", required=False)
        for i, label in enumerate(labels):
            if not isinstance(label, str):
                raise fields.fail(
                    "{name}: 'entity_labels[{index}]' must be a string, not {found}", index=i, found=_json_type(label)
                )
            if entity_label_problem(label):
                raise fields.fail(
                    "{name}: 'entity_labels[{index}]' is {found!r}, not an entity label (use names such as PERSON "
                    "or DATE)",
                    index=i,
                    found=label[:40],
                )
        if len(",".join(labels)) > LABELS_LIMIT:
            raise fields.fail("{name}: 'entity_labels' lists too many labels ({count})", count=len(labels))
        cue_mode = fields.text("reading_cues") or "hidden"
        if cue_mode not in READING_CUE_MODES:
            raise fields.fail(
                "{name}: field 'reading_cues' is {found!r}; use one of {allowed} (or leave it out: hidden)",
                found=cue_mode[:40],
                allowed=", ".join(READING_CUE_MODES),
            )
        return ExerciseFile(
            exercise_uid=uid,
            title=fields.text("title", required=True),
            article=_article(fields, declared_hash),
            instructions=fields.text("instructions"),
            entity_labels=tuple(labels),
            reading_cues=cue_mode,  # checked just above
            **_teacher(fields, version),
        )
    if kind == KEY_FORMAT:
        article = _article(fields, declared_hash)
        return KeyFile(
            exercise_uid=uid,
            article=article,
            claims=_claims(fields, len(article.text)),
            title=fields.text("title"),
            **_teacher(fields, version),
        )
    trainee = fields.text("trainee", required=True, limit=TRAINEE_LIMIT)
    if not trainee.strip():
        raise fields.fail("{name}: field 'trainee' is empty: a submission must say whose it is")
    return SubmissionFile(
        exercise_uid=uid,
        text_hash=declared_hash,
        trainee=trainee,
        submitted_at=_submitted_at(fields),
        claims=_claims(fields, None),  # offsets are checked against the text by check_matches
        # version 1 knew trainees by name only; from version 2 the id says who it is
        trainee_id=_person_id(fields, "trainee_id", required=True) if version >= 2 else "",
    )


def _teacher(fields: _Fields, version: int) -> dict[str, str]:
    if version < 2:
        return {}
    return {"teacher": fields.text("teacher"), "teacher_id": _person_id(fields, "teacher_id", required=False)}


def entity_label_problem(label: str) -> bool:
    """Whether ``label`` cannot be an entity label: the rule for exercise settings and files alike."""
    return re.fullmatch(r"[A-Z_]+", label.strip().upper()) is None


def kind_of(obj: ExchangeFile | type[ExchangeFile]) -> str:
    """'an exercise', 'an answer key' or 'a submission': for messages."""
    return _KIND_NAMES[obj.FORMAT]


@overload
def parse_exchange(data: bytes, *, name: str, expect: type[F]) -> F: ...
@overload
def parse_exchange(data: bytes, *, name: str, expect: None = None) -> ExchangeFile: ...
def parse_exchange(data: bytes, *, name: str, expect: type[F] | None = None) -> ExchangeFile:
    """Read a classroom file from its bytes.  ``name`` (usually the file name) starts every message.

    With ``expect``, a file of another kind (a key where an exercise is expected) is an
    ExchangeError too; without it, look at the returned type or its ``FORMAT``.
    """
    if not data.strip():
        raise ExchangeError("{name}: the file is empty", name=name)
    try:
        decoded = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExchangeError(
            "{name}: not a ClaimMark file: it is not UTF-8 text (a binary file, or text saved in another "
            "encoding). Choose the file ClaimMark saved",
            name=name,
        ) from None
    try:
        raw = json.loads(decoded)
    except json.JSONDecodeError as e:
        raise ExchangeError(
            "{name}: the file is not valid JSON (line {line}): it is cut short or damaged. Ask for the file again, "
            "or choose the one ClaimMark saved",
            name=name,
            line=e.lineno,
        ) from None
    except RecursionError:
        raise ExchangeError("{name}: not a ClaimMark file (JSON nested too deeply)", name=name) from None
    result = _parse_object(raw, name=name)
    if expect is not None and not isinstance(result, expect):
        raise ExchangeError(
            "{name}: this is {kind}, not {expected}", name=name, kind=kind_of(result), expected=kind_of(expect)
        )
    return result


@overload
def read_exchange_file(path: str | os.PathLike[str], *, expect: type[F]) -> F: ...
@overload
def read_exchange_file(path: str | os.PathLike[str], *, expect: None = None) -> ExchangeFile: ...
def read_exchange_file(path: str | os.PathLike[str], *, expect: type[F] | None = None) -> ExchangeFile:
    """Read an exercise, key or submission file; any problem (including I/O) is an ExchangeError."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ExchangeError(
                "{name}: too large ({size}; the largest ClaimMark file is {limit}), so it is not one. Choose the "
                "file ClaimMark saved",
                name=p.name,
                size=megabytes(size),
                limit=megabytes(MAX_FILE_BYTES),
            )
        data = p.read_bytes()
    except OSError as e:
        raise ExchangeError("{name}: cannot read the file ({reason})", name=p.name, reason=e.strerror or str(e)) from e
    return parse_exchange(data, name=p.name, expect=expect)


# --- belonging together ---------------------------------------------------------------------


def check_matches(
    exercise_or_hash: ExerciseFile | KeyFile | str,
    other: KeyFile | SubmissionFile | ExerciseFile,
    *,
    name: str = "",
) -> None:
    """Raise ExchangeError unless ``other`` belongs to this exercise (or this article text).

    Given an exercise or key, checks the exercise uid, then the article text hash, then that
    every claim of ``other`` lies inside the article text.  Given a bare text hash, checks the
    hash only.  ``name`` (a file name) starts the message when given: the templates' ``{prefix}``
    is the name and a colon, or nothing.
    """
    about = {"prefix": f"{name}: " if name else "", "kind": other.KIND}
    if isinstance(exercise_or_hash, str):
        expected_hash = exercise_or_hash.lower()
        if other.text_hash != expected_hash:
            raise ExchangeError(
                "{prefix}this {kind} was made on another article text (text_hash {found}…, expected {expected}…)",
                **about,
                found=other.text_hash[:12],
                expected=expected_hash[:12],
            )
        return
    ref = exercise_or_hash
    exercise = {"exercise": ref.exercise_uid, "title": ref.title}
    if other.exercise_uid != ref.exercise_uid:
        if ref.title:
            raise ExchangeError(
                "{prefix}this {kind} is for exercise '{uid}', not '{exercise}' ({title})",
                **about,
                uid=other.exercise_uid,
                **exercise,
            )
        raise ExchangeError(
            "{prefix}this {kind} is for exercise '{uid}', not '{exercise}'", **about, uid=other.exercise_uid, **exercise
        )
    if other.text_hash != ref.text_hash:
        if ref.title:
            raise ExchangeError(
                "{prefix}this {kind} was made on a different text of exercise '{exercise}' ({title}) "
                "(the article was changed after it was handed out)",
                **about,
                **exercise,
            )
        raise ExchangeError(
            "{prefix}this {kind} was made on a different text of exercise '{exercise}' "
            "(the article was changed after it was handed out)",
            **about,
            **exercise,
        )
    claims = other.claims if isinstance(other, KeyFile | SubmissionFile) else ()
    length = len(ref.article.text)
    for i, claim in enumerate(claims):
        if claim.end > length:
            raise ExchangeError(
                "{prefix}this {kind}: claim {number} ({start}..{end}) lies outside "
                "the article text ({length} characters)",
                **about,
                number=i + 1,
                start=claim.start,
                end=claim.end,
                length=length,
            )
