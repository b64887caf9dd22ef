"""Table models.  One database serves a single learner (SQLite) or a whole class (PostgreSQL).

Shape:

* ``Trainee``: a person whose claims are kept, told apart by ``uid`` (the id in their profile,
  see ``core.identity``), not by ``name``: two trainees may share a name.
* ``Article``: text as it is read (repairs applied) plus the text as it came in.
* ``Exercise``: an article handed out with instructions; ``uid`` identifies it across machines.
  ``key_released`` says whether trainees on this database may see its answer key (as feedback
  on their submissions): set by the teacher on a shared database, by importing a key file, and
  for the bundled sample.
* ``ClaimSet``: one person's claims on one article: a trainee's work (``role="trainee"``) or an
  exercise's answer key (``role="key"``).  A submission is a trainee claim set with
  ``submitted_at`` set; submissions imported by a teacher belong to the trainee named in the file.
  ``attempt`` numbers a trainee's tries at one exercise (1, 2, ...): Practise again starts a new
  claim set with the next number and leaves the earlier ones, and their feedback, as they were.
* ``Claim``: a span tagged confirmed / estimated / unverified, with note and source.
* ``EntityCache``: spaCy's entities for a text, keyed by text hash and model name + version.

Offsets are code points, end exclusive.  Every time is a :class:`UTCDateTime`: stored as UTC and
read back timezone-aware in UTC, on SQLite and on PostgreSQL alike.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Column, DateTime, Dialect, Text, TypeDecorator, UniqueConstraint, false
from sqlmodel import Field, SQLModel

from claimmark.core.details import DETAIL_LIMITS


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
