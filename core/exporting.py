"""Write the work out: JSONL (one object per article and trainee) or CSV (one row per claim).

Offsets are code points into ``text``, end exclusive, so ``Doc.char_span(start, end)`` accepts
every claim span (claims are snapped to whole tokens when made).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import IO, Any

from claimmark.core.nlp import best_pipeline
from claimmark.core.storage import repository as repo
from claimmark.core.storage.engine import Database

CSV_FIELDS = [
    "article_id",
    "title",
    "trainee",
    "start",
    "end",
    "label",
    "text",
    "note",
    "source",
]


def records(
    db: Database, *, article_id: int | None = None, trainee: str | None = None, trainee_uid: str | None = None
) -> Iterator[dict[str, Any]]:
    """One record per (article, trainee) that has a claim set, and one per untouched article.

    ``trainee`` keeps only the work of trainees of that name (the command line's ``--trainee``),
    ``trainee_uid`` only one person's (the window's own work: two people may share a name).
    """
    pipeline = best_pipeline()
    only = trainee is not None or trainee_uid is not None
    with db.read() as session:
        worked = repo.worked_sets(session=session, article_id=article_id, trainee=trainee, trainee_uid=trainee_uid)
        seen: set[int] = set()
        for article, person, claim_set in worked:
            assert article.id is not None and claim_set.id is not None
            seen.add(article.id)
            claims = repo.list_claims(claim_set.id, session=session)
            yield _record(session, article, person, claims, pipeline)
        if not only:
            for article in repo.all_articles(session=session, article_id=article_id):
                if article.id not in seen:
                    yield _record(session, article, None, [], pipeline)


def _record(session: Any, article: Any, trainee: Any, claims: list, pipeline: Any) -> dict[str, Any]:
    entities: list[dict[str, Any]] = []
    model = ""
    if pipeline is not None:
        cached = repo.cached_entities(article.text_hash, pipeline.name, pipeline.version, session=session)
        if cached is not None:
            model = f"{pipeline.name} {pipeline.version}"
            entities = [{"start": s, "end": e, "label": label} for s, e, label in cached.get("entities", [])]
    return {
        "text": article.text,
        "meta": {
            "article_id": article.id,
            "title": article.title,
            "outlet": article.outlet,
            "url": article.url,
            "published": article.published,
            "trainee": trainee.name if trainee is not None else None,
            "trainee_id": trainee.uid if trainee is not None else None,
            "model": model,
        },
        "spans": [{"start": c.start, "end": c.end, "label": c.tag, "note": c.note, "source": c.source} for c in claims],
        "entities": entities,
    }


def write_jsonl(rows: Iterator[dict[str, Any]], out: IO[str]) -> int:
    count = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(rows: Iterator[dict[str, Any]], out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS)
    writer.writeheader()
    count = 0
    for row in rows:
        meta = row["meta"]
        for span in row["spans"]:
            writer.writerow(
                {
                    "article_id": meta["article_id"],
                    "title": meta["title"],
                    "trainee": meta["trainee"] or "",
                    "start": span["start"],
                    "end": span["end"],
                    "label": span["label"],
                    "text": row["text"][span["start"] : span["end"]],
                    "note": span["note"],
                    "source": span["source"],
                }
            )
            count += 1
    return count
