"""The bundled sample exercise: the seed article, ready to annotate from the first run."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

from core import repository as repo
from core.db import Database
from core.models import Exercise


@dataclass(frozen=True)
class SampleFiles:
    meta: dict[str, Any]
    text: str
    original: str


def load_sample() -> SampleFiles:
    folder = resources.files("resources") / "samples"
    meta = json.loads((folder / "north_korea_soldiers.json").read_text(encoding="utf-8"))
    text = (folder / meta["text_file"]).read_text(encoding="utf-8").strip()
    original = (folder / meta["original_file"]).read_text(encoding="utf-8").strip()
    return SampleFiles(meta=meta, text=text, original=original)


def ensure_sample(db: Database) -> int:
    """The sample's article id, adding the article and its exercise on first use."""
    sample = load_sample()
    with db.write() as session:
        exercise = repo.find_exercise(sample.meta["uid"], session=session)
        if exercise is not None:
            return exercise.article_id
        article = repo.find_article_by_text(sample.text, session=session) or repo.add_article(
            sample.text,
            session=session,
            title=sample.meta["article_title"],
            outlet=sample.meta.get("outlet", ""),
            original_text=sample.original,
            source_name=sample.meta["source_name"],
        )
        assert article.id is not None
        session.add(
            Exercise(
                uid=sample.meta["uid"],
                article_id=article.id,
                title=sample.meta["title"],
                instructions=sample.meta["instructions"],
                is_sample=True,
            )
        )
        return article.id
