"""Table models.  One database serves a single learner (SQLite) or a whole class (PostgreSQL).

Shape:

* ``Trainee``: a person whose claims are kept, told apart by ``uid`` (the id in their profile,
  see ``core.identity``), not by ``name``: two trainees may share a name.
* ``Article``: text as it is read (repairs applied) plus the text as it came in.
* ``Exercise``: an article handed out with instructions; ``uid`` identifies it across machines.
  ``key_released`` says whether trainees on this database may see its answer key (as feedback
  on their submissions): set by the teacher on a shared database, by importing a key file, and
  for the bundled sample.  ``reading_cues`` says whether trainees see the reading cues (hidden,
  shown, or shown only after submitting), set by the teacher.
* ``ClaimSet``: one person's claims on one article: a trainee's work (``role="trainee"``) or an
  exercise's answer key (``role="key"``).  A submission is a trainee claim set with
  ``submitted_at`` set; submissions imported by a teacher belong to the trainee named in the file.
  ``attempt`` numbers a trainee's tries at one exercise (1, 2, ...): Practise again starts a new
  claim set with the next number and leaves the earlier ones, and their feedback, as they were.
* ``Claim``: a span tagged confirmed / estimated / unverified, with note and source.
* ``EntityCache``: spaCy's entities for a text, keyed by text hash and model name + version.

Offsets are code points, end exclusive.  Every time is a :class:`UTCDateTime`: stored as UTC and
read back timezone-aware in UTC, on SQLite and on PostgreSQL alike.

Every text written is checked first, by the same rule on both (:class:`TextRefused`): SQLite
would store a lone surrogate, a NUL character or a name longer than its column, where
PostgreSQL refuses them with an error no one can act on.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Column, DateTime, Dialect, String, Text, TypeDecorator, UniqueConstraint, event, false
from sqlalchemy.orm import Mapper
from sqlmodel import Field, SQLModel

from claimmark.core.details import DETAIL_LIMITS
from claimmark.core.errors import UserError
from claimmark.core.text import megabytes, text_problem


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A moment in time, always UTC: aware times are written in UTC, and read back aware in UTC.

    PostgreSQL keeps the moment (``timestamp with time zone``) but hands it back in the
    session's time zone; SQLite keeps the UTC clock time as text, with no zone, and hands back
    a naive time.  Both come back as the same aware UTC time.  A naive time is refused when
    written: whose clock it shows cannot be known.

    SQLModel 0.0.45 and newer choose a type like this one for a bare ``datetime`` field (before,
    a naive ``DateTime``); naming ours keeps the schema and what is read back from depending on
    that default.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"a time without a time zone cannot be stored ({value}); give an aware time")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Trainee(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    # who the trainee is: the id in their profile (core.identity); names may repeat
    uid: str = Field(index=True, unique=True, max_length=64)
    name: str = Field(index=True, max_length=200)
    last_article_id: int | None = Field(default=None, foreign_key="article.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Article(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    # the details of core.details.ArticleDetails, one column each
    title: str = Field(default="", max_length=DETAIL_LIMITS["title"])
    outlet: str = Field(default="", max_length=DETAIL_LIMITS["outlet"])
    author: str = Field(default="", max_length=DETAIL_LIMITS["author"])
    published: str = Field(default="", max_length=DETAIL_LIMITS["published"])
    url: str = Field(default="", max_length=DETAIL_LIMITS["url"])
    text: str = Field(sa_column=Column(Text, nullable=False))
    original_text: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    text_hash: str = Field(index=True, max_length=64)
    source_name: str = Field(default="", max_length=500)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Exercise(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(index=True, unique=True, max_length=64)
    article_id: int = Field(foreign_key="article.id", index=True, ondelete="CASCADE")
    title: str = Field(default="", max_length=500)
    instructions: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    # comma-separated spaCy labels trainees see; empty means all
    visible_labels: str = Field(default="", max_length=500)
    is_sample: bool = Field(default=False)
    # trainees on this database see the answer key (as feedback) once they have submitted
    key_released: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    # whether trainees see the reading cues: "hidden", "shown" or "after_submitting"
    # (core.storage.records.READING_CUE_MODES)
    reading_cues: str = Field(default="hidden", max_length=20, sa_column_kwargs={"server_default": "hidden"})
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


CLAIM_SET_UNIQUE = "uq_claimset_attempt"
"""The name of claim sets' unique constraint (one claim set per article, trainee, exercise, role
and attempt); migration 0004 made it, replacing 0001's constraint without the attempt."""


class ClaimSet(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("article_id", "trainee_id", "exercise_id", "role", "attempt", name=CLAIM_SET_UNIQUE),
    )

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True, ondelete="CASCADE")
    exercise_id: int | None = Field(default=None, foreign_key="exercise.id", ondelete="CASCADE")
    trainee_id: int | None = Field(default=None, foreign_key="trainee.id", ondelete="CASCADE")
    role: str = Field(default="trainee", max_length=20)  # "trainee" | "key"
    attempt: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    submitted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Claim(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    claim_set_id: int = Field(foreign_key="claimset.id", index=True, ondelete="CASCADE")
    start: int
    end: int
    tag: str = Field(max_length=20)
    note: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    source: str = Field(default="", max_length=500)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class EntityCache(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("text_hash", "model_name", "model_version"),)

    id: int | None = Field(default=None, primary_key=True)
    text_hash: str = Field(max_length=64, index=True)
    model_name: str = Field(max_length=200)
    model_version: str = Field(max_length=50)
    # JSON: {"entities": [[start, end, label], ...], "sentences": [start, ...]}
    payload: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


# ---------------------------------------------------------------- every text, checked before it is written
class TextRefused(UserError):
    """A text that cannot be stored: the same rule on SQLite and PostgreSQL (a lone surrogate, a
    NUL character, longer than its column, an article over the size limit); nothing was written."""


_WHAT = {
    ("trainee", "name"): "A trainee's name",
    ("article", "text"): "An article's text",
    ("article", "original_text"): "An article's original text",
    ("article", "title"): "An article's title",
    ("article", "source_name"): "An article's file name",
    ("exercise", "title"): "An exercise's title",
    ("exercise", "instructions"): "An exercise's instructions",
    ("exercise", "visible_labels"): "An exercise's entity labels",
    ("claim", "note"): "A claim's note",
    ("claim", "source"): "A claim's source",
}


ARTICLE_TEXTS = frozenset({("article", "text"), ("article", "original_text")})
"""Columns that hold an article, whose size limit is ``core.text.MAX_ARTICLE_BYTES``."""


def text_refusal(table: str, column: str, value: str, limit: int | None) -> TextRefused | None:
    """Why ``value`` cannot go into ``table.column`` (None when it can)."""
    problem = text_problem(value, limit=limit, article=(table, column) in ARTICLE_TEXTS)
    if problem is None:
        return None
    what = _WHAT.get((table, column), f"The {column.replace('_', ' ')} of a {table}")
    if problem.kind == "surrogate":
        return TextRefused(
            "{what} holds an invalid character (half of a surrogate pair, at character {position}), so it was "
            "not stored. Type it again, or fix the file it came from.",
            what=what,
            position=f"{problem.position:,}",
        )
    if problem.kind == "nul":
        return TextRefused(
            "{what} holds a NUL character (at character {position}), which a database cannot store, so it was "
            "not stored. Remove it, or fix the file it came from.",
            what=what,
            position=f"{problem.position:,}",
        )
    if problem.kind == "size":
        return TextRefused(
            "{what} is {size}, over the limit of {limit} for an article, so it was not stored. Split it into "
            "shorter articles.",
            what=what,
            size=megabytes(problem.length),
            limit=megabytes(problem.limit),
        )
    return TextRefused(
        "{what} is {length} characters long; at most {limit} fit, so it was not stored. Shorten it.",
        what=what,
        length=f"{problem.length:,}",
        limit=f"{problem.limit:,}",
    )


def text_limit(column: Any) -> int | bool | None:
    """A column's longest text (None: no limit), or False for a column that holds no text."""
    kind = column.type
    if isinstance(kind, TypeDecorator):  # SQLModel's AutoString wraps a String
        kind = kind.impl_instance
    if isinstance(kind, String):  # Text is a String too
        return kind.length
    return False


def limit_of(model: type[SQLModel], column: str) -> int | None:
    """The longest text a model's column holds (None: no limit)."""
    limit = text_limit(model.__table__.c[column])  # type: ignore[attr-defined]
    return limit if isinstance(limit, int) and not isinstance(limit, bool) else None


def check_texts(table: Any, values: Mapping[str, object]) -> None:
    """Raise :class:`TextRefused` for the first text in ``values`` (by column name) that cannot be stored."""
    for column in table.columns:
        value = values.get(column.key)
        if isinstance(value, str):
            limit = text_limit(column)
            if limit is not False:
                refusal = text_refusal(table.name, column.key, value, limit if isinstance(limit, int) else None)
                if refusal is not None:
                    raise refusal


@event.listens_for(Mapper, "before_insert")
@event.listens_for(Mapper, "before_update")
def _texts_fit(mapper: Mapper[Any], _connection: Any, target: object) -> None:
    """Every row written through a session, of every table, is checked (bulk inserts call :func:`check_texts`)."""
    table = mapper.local_table
    check_texts(table, {column.key: getattr(target, column.key, None) for column in table.columns})
