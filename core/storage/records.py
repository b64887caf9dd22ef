"""Frozen snapshots of stored rows: what leaves storage for the reader, the classroom and the GUI.

Table rows (``core.storage.models``) are mutable and belong to a session; handing them out lets
any caller change them by accident and ties the caller to the ORM.  Everything above storage
gets these plain values instead, made from a row with ``of(row)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, cast

from claimmark.core.claims import ClaimSpan, Tag
from claimmark.core.storage.models import Article, Claim, Exercise


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """An article in the library: the text as it is read, and where it came from."""

    id: int
    text: str
    text_hash: str
    title: str = ""
    outlet: str = ""
    author: str = ""
    published: str = ""
    url: str = ""
    original_text: str | None = None
    """The text as it came in, when import repaired it (spaces inserted), else None."""
    source_name: str = ""

    @classmethod
    def of(cls, row: Article) -> ArticleRecord:
        assert row.id is not None, "only stored articles have records"
        return cls(
            id=row.id,
            text=row.text,
            text_hash=row.text_hash,
            title=row.title,
            outlet=row.outlet,
            author=row.author,
            published=row.published,
            url=row.url,
            original_text=row.original_text,
            source_name=row.source_name,
        )


def labels_in(visible_labels: str) -> tuple[str, ...]:
    """The entity labels an exercise shows, from their stored comma-separated form."""
    return tuple(label for label in (part.strip() for part in visible_labels.split(",")) if label)


ReadingCueMode = Literal["hidden", "shown", "after_submitting"]
READING_CUE_MODES: tuple[ReadingCueMode, ...] = ("hidden", "shown", "after_submitting")
"""Whether an exercise's trainees see the reading cues: never, from the start, or only once they
have submitted (so the cues never anchor the first reading)."""


def reading_cue_mode(value: str) -> ReadingCueMode:
    """A stored mode, read leniently: anything unknown is ``hidden`` (the safe choice for a class)."""
    return cast(ReadingCueMode, value) if value in READING_CUE_MODES else "hidden"


@dataclass(frozen=True, slots=True)
class ExerciseRecord:
    """An exercise: an article handed out with instructions (its answer key is kept apart)."""

    id: int
    uid: str
    article_id: int
    title: str = ""
    instructions: str = ""
    labels: tuple[str, ...] = ()
    """Entity labels trainees see; empty means all."""
    is_sample: bool = False
    key_released: bool = False
    reading_cues: ReadingCueMode = "hidden"
    """Whether trainees see the reading cues (:data:`READING_CUE_MODES`)."""

    @classmethod
    def of(cls, row: Exercise) -> ExerciseRecord:
        assert row.id is not None, "only stored exercises have records"
        return cls(
            id=row.id,
            uid=row.uid,
            article_id=row.article_id,
            title=row.title,
            instructions=row.instructions,
            labels=labels_in(row.visible_labels),
            is_sample=row.is_sample,
            key_released=row.key_released,
            reading_cues=reading_cue_mode(row.reading_cues),
        )


@dataclass(frozen=True, slots=True)
class ClaimRecord:
    """A stored claim: a span of the article (code points, end exclusive) with its tag."""

    id: int
    start: int
    end: int
    tag: Tag
    note: str = ""
    source: str = ""

    @classmethod
    def of(cls, row: Claim) -> ClaimRecord:
        assert row.id is not None, "only stored claims have records"
        return cls(id=row.id, start=row.start, end=row.end, tag=Tag(row.tag), note=row.note, source=row.source)

    @property
    def order(self) -> tuple[int, int, int]:
        """Text order: by start, then end, then id (how lists and the claims panel sort claims)."""
        return (self.start, self.end, self.id)

    @property
    def span(self) -> ClaimSpan:
        return ClaimSpan(self.start, self.end, self.tag, self.note, self.source)


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """One line of the library list: an article with the number of claims made on it, trainees'
    and answer keys' apart (deleting the article deletes both)."""

    id: int
    title: str
    outlet: str
    published: str
    claims: int
    key_claims: int = 0
