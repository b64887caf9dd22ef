"""Repository functions over SQLModel: each takes the session keyword-only and never commits.

Callers own the transaction (``Database.write()``), so one user edit is one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import case, func, or_
from sqlalchemy import delete as sa_delete
from sqlalchemy import insert as sa_insert
from sqlalchemy import select as sa_select  # sqlmodel's select takes at most four columns
from sqlalchemy import update as sa_update
from sqlmodel import Session, SQLModel, col, select

from claimmark.core.claims import ClaimSpan, Tag
from claimmark.core.details import ArticleDetails
from claimmark.core.storage.models import (
    Article,
    Claim,
    ClaimSet,
    EntityCache,
    Exercise,
    Trainee,
    check_texts,
    limit_of,
    utcnow,
)
from claimmark.core.storage.records import ArticleRow, ClaimRecord
from claimmark.core.text import text_hash


# ---------------------------------------------------------------- trainees
def get_or_create_trainee(uid: str, name: str, *, session: Session) -> Trainee:
    """The trainee with this id, added (under ``name``) if new.

    Safe when many processes start the same new trainee at once: the row is inserted with
    ``ON CONFLICT DO NOTHING`` on the unique id, so the ones that lose the race read the
    winner's row instead of failing.
    """
    values = {"uid": uid, "name": name[: limit_of(Trainee, "name")]}
    check_texts(Trainee.__table__, values)  # type: ignore[attr-defined]  # before the query: it could not look them up
    found = find_trainee_by_uid(uid, session=session)
    if found is not None:
        return found
    session.execute(
        _insert(session, Trainee).values(**values, created_at=utcnow()).on_conflict_do_nothing(index_elements=["uid"])
    )
    found = find_trainee_by_uid(uid, session=session)
    assert found is not None, "inserted or found"
    return found


def find_trainee_by_uid(uid: str, *, session: Session) -> Trainee | None:
    return session.exec(select(Trainee).where(Trainee.uid == uid).execution_options(populate_existing=True)).first()


def find_trainee(name: str, *, session: Session) -> Trainee | None:
    """The first trainee (the oldest) of this exact name; names may repeat."""
    return session.exec(select(Trainee).where(Trainee.name == name).order_by(col(Trainee.id))).first()


def trainees_named(name: str, *, session: Session) -> list[Trainee]:
    return list(session.exec(select(Trainee).where(Trainee.name == name).order_by(col(Trainee.id))))


def change_trainee_uid(old: str, new: str, *, session: Session) -> bool:
    """Give the trainee with id ``old`` the id ``new``; False when no trainee has ``old`` any more
    (another process took it first) or one has ``new`` already."""
    if find_trainee_by_uid(new, session=session) is not None:
        return False
    result = session.execute(sa_update(Trainee).where(col(Trainee.uid) == old).values(uid=new))
    return bool(getattr(result, "rowcount", 0))


def rename_trainee(trainee_id: int, name: str, *, session: Session) -> None:
    trainee = session.get(Trainee, trainee_id)
    if trainee is not None and trainee.name != name:
        trainee.name = name[:200]
        session.add(trainee)


def _insert(session: Session, table: type[SQLModel]) -> Any:
    """An INSERT that can say what to do on a conflict (``on_conflict_do_nothing``), in this
    database's dialect (imported when first needed: PostgreSQL's costs a SQLite start 30-40 ms)."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table)


def remember_article(trainee_id: int, article_id: int, *, session: Session) -> None:
    trainee = session.get(Trainee, trainee_id)
    if trainee is not None and trainee.last_article_id != article_id:
        trainee.last_article_id = article_id
        session.add(trainee)


# ---------------------------------------------------------------- articles
def add_article(
    text: str,
    *,
    session: Session,
    original_text: str | None = None,
    source_name: str = "",
    **details: str,
) -> Article:
    """Store a new article; ``details`` are its :class:`ArticleDetails` by name (``title=...``),
    each trimmed and cut to fit its column."""
    if not text.strip():
        raise ValueError("an article needs some text")
    article = Article(
        text=text,
        original_text=original_text if original_text != text else None,
        text_hash=text_hash(text),
        source_name=source_name[:500],
    )
    _set_details(article, details)
    session.add(article)
    session.flush()
    return article


def find_article_by_hash(digest: str, *, session: Session) -> Article | None:
    return session.exec(select(Article).where(Article.text_hash == digest).order_by(col(Article.id))).first()


def find_article_by_text(text: str, *, session: Session) -> Article | None:
    """The library's copy of a text, matching either the stored (repaired) or the original text."""
    digest = text_hash(text)
    found = find_article_by_hash(digest, session=session)
    if found is not None:
        return found
    return session.exec(select(Article).where(Article.original_text == text)).first()


def list_articles(*, session: Session, search: str = "") -> list[ArticleRow]:
    """Library rows with the number of claims made on each article: trainees' and answer keys'."""
    is_key = case((col(ClaimSet.role) == "key", 1), else_=0)
    counts = (
        select(
            ClaimSet.article_id,
            func.count(col(Claim.id)).label("n"),
            func.coalesce(func.sum(is_key), 0).label("in_keys"),
        )
        .join(Claim, col(Claim.claim_set_id) == col(ClaimSet.id))
        .group_by(col(ClaimSet.article_id))
        .subquery()
    )
    query = sa_select(
        col(Article.id), col(Article.title), col(Article.outlet), col(Article.published), counts.c.n, counts.c.in_keys
    ).outerjoin(counts, counts.c.article_id == col(Article.id))
    if search.strip():
        # % and _ typed by the user are searched for, not wildcards
        escaped = search.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        like = f"%{escaped}%"
        # SQLite's lower() only folds ASCII; core.db registers a Unicode one for SQLite
        lower = func.claimmark_lower if session.get_bind().dialect.name == "sqlite" else func.lower
        query = query.where(
            or_(
                lower(Article.title).like(like, escape="\\"),
                lower(Article.outlet).like(like, escape="\\"),
                lower(Article.text).like(like, escape="\\"),
            )
        )
    query = query.order_by(col(Article.id).desc())
    return [
        ArticleRow(id=i, title=t, outlet=o, published=p, claims=(n or 0) - int(k or 0), key_claims=int(k or 0))
        for i, t, o, p, n, k in session.execute(query)
    ]


def count_key_claims_for_article(article_id: int, *, session: Session) -> int:
    """Claims in the answer keys of the article's exercises."""
    query = (
        select(func.count(col(Claim.id)))
        .join(ClaimSet, col(Claim.claim_set_id) == col(ClaimSet.id))
        .where(ClaimSet.article_id == article_id, ClaimSet.role == "key")
    )
    return int(session.exec(query).one())


def count_claims_for_article(article_id: int, *, session: Session) -> int:
    query = (
        select(func.count(col(Claim.id)))
        .join(ClaimSet, col(Claim.claim_set_id) == col(ClaimSet.id))
        .where(ClaimSet.article_id == article_id)
    )
    return int(session.exec(query).one())


def delete_article(article_id: int, *, session: Session) -> None:
    """Delete an article with its exercises, claim sets and claims."""
    set_ids = list(session.exec(select(ClaimSet.id).where(ClaimSet.article_id == article_id)))
    if set_ids:
        for claim in session.exec(select(Claim).where(col(Claim.claim_set_id).in_(set_ids))):
            session.delete(claim)
        for claim_set in session.exec(select(ClaimSet).where(col(ClaimSet.id).in_(set_ids))):
            session.delete(claim_set)
    for exercise in session.exec(select(Exercise).where(Exercise.article_id == article_id)):
        session.delete(exercise)
    for trainee in session.exec(select(Trainee).where(Trainee.last_article_id == article_id)):
        trainee.last_article_id = None
        session.add(trainee)
    article = session.get(Article, article_id)
    if article is not None:
        session.delete(article)


def update_article_meta(article_id: int, *, session: Session, **details: str) -> Article:
    """Change the details given by name; values are trimmed and cut to fit their columns (PostgreSQL refuses longer)."""
    article = session.get(Article, article_id)
    if article is None:
        raise LookupError(f"article {article_id} no longer exists")
    _set_details(article, details)
    session.add(article)
    return article


def _set_details(article: Article, details: dict[str, str]) -> None:
    """Set the details given by name, each trimmed and cut to fit its column; TypeError for
    a name that is not one of :class:`ArticleDetails`."""
    fitted = ArticleDetails(**details).fitted()
    for name in details:
        setattr(article, name, getattr(fitted, name))


# ---------------------------------------------------------------- exercises
def exercise_for_article(article_id: int, *, session: Session, trainee_id: int | None = None) -> Exercise | None:
    """The exercise to open with an article: of the article's exercises, the one ``trainee_id``
    last worked on (newest claim edit, else newest claim set), else the first one made.

    An article can carry several exercises (one per class, say); opening it from the library
    must bring back the work the trainee was doing, not an empty claim set of another exercise.
    """
    if trainee_id is not None:
        last_edit = (
            sa_select(func.max(Claim.updated_at)).where(col(Claim.claim_set_id) == col(ClaimSet.id)).scalar_subquery()
        )
        worked_on = (
            select(Exercise)
            .join(ClaimSet, col(ClaimSet.exercise_id) == col(Exercise.id))
            .where(
                ClaimSet.article_id == article_id,
                ClaimSet.trainee_id == trainee_id,
                ClaimSet.role == "trainee",
            )
            .order_by(func.coalesce(last_edit, col(ClaimSet.created_at)).desc(), col(ClaimSet.id).desc())
        )
        found = session.exec(worked_on).first()
        if found is not None:
            return found
    query = select(Exercise).where(Exercise.article_id == article_id).order_by(col(Exercise.id))
    return session.exec(query).first()


def find_exercise(uid: str, *, session: Session) -> Exercise | None:
    return session.exec(select(Exercise).where(Exercise.uid == uid)).first()


def sample_exercise(*, session: Session) -> Exercise | None:
    query = select(Exercise).where(col(Exercise.is_sample).is_(True)).order_by(col(Exercise.id))
    return session.exec(query).first()


# ---------------------------------------------------------------- claim sets and claims
def get_claim_set(
    article_id: int,
    *,
    session: Session,
    trainee_id: int | None,
    exercise_id: int | None = None,
    role: str = "trainee",
    create: bool = True,
) -> ClaimSet | None:
    query = select(ClaimSet).where(
        ClaimSet.article_id == article_id,
        ClaimSet.role == role,
        ClaimSet.trainee_id == trainee_id if trainee_id is not None else col(ClaimSet.trainee_id).is_(None),
        (ClaimSet.exercise_id == exercise_id if exercise_id is not None else col(ClaimSet.exercise_id).is_(None)),
    )
    # the latest attempt: earlier ones are kept as they were handed in (see next_attempt)
    query = query.order_by(col(ClaimSet.attempt).desc(), col(ClaimSet.id)).execution_options(populate_existing=True)
    claim_set = session.exec(query).first()
    if claim_set is None and create:
        # the same trainee opening the same exercise in two processes at once: one row (the
        # unique key holds where both ids are given; where one is NULL, the first row is used)
        session.execute(
            _insert(session, ClaimSet)
            .values(
                article_id=article_id,
                trainee_id=trainee_id,
                exercise_id=exercise_id,
                role=role,
                attempt=1,
                created_at=utcnow(),
            )
            .on_conflict_do_nothing(index_elements=["article_id", "trainee_id", "exercise_id", "role", "attempt"])
        )
        claim_set = session.exec(query).first()
    return claim_set


def next_attempt(claim_set: ClaimSet, *, session: Session) -> ClaimSet:
    """A new, empty claim set for the same person, article and exercise, numbered after the last
    attempt; the earlier claim sets stay as they are."""
    last = session.exec(
        select(func.max(ClaimSet.attempt)).where(
            ClaimSet.article_id == claim_set.article_id,
            ClaimSet.role == claim_set.role,
            ClaimSet.trainee_id == claim_set.trainee_id,
            ClaimSet.exercise_id == claim_set.exercise_id,
        )
    ).one()
    fresh = ClaimSet(
        article_id=claim_set.article_id,
        exercise_id=claim_set.exercise_id,
        trainee_id=claim_set.trainee_id,
        role=claim_set.role,
        attempt=(last or claim_set.attempt) + 1,
    )
    session.add(fresh)
    session.flush()
    return fresh


def list_claims(claim_set_id: int, *, session: Session) -> list[Claim]:
    query = (
        select(Claim)
        .where(Claim.claim_set_id == claim_set_id)
        .order_by(col(Claim.start), col(Claim.end), col(Claim.id))
    )
    return list(session.exec(query))


def claim_records(claim_set_id: int, *, session: Session) -> list[ClaimRecord]:
    """The claim set's claims as records, in text order.

    Read as plain columns, not table rows: for 5,000 claims that is about 20 ms instead of 160.
    """
    query = (
        sa_select(col(Claim.id), col(Claim.start), col(Claim.end), col(Claim.tag), col(Claim.note), col(Claim.source))
        .where(col(Claim.claim_set_id) == claim_set_id)
        .order_by(col(Claim.start), col(Claim.end), col(Claim.id))
    )
    return [
        ClaimRecord(id=i, start=s, end=e, tag=Tag(t), note=n, source=src)
        for i, s, e, t, n, src in session.execute(query)
    ]


def claim_spans(claim_set_id: int, *, session: Session) -> list[ClaimSpan]:
    return [ClaimSpan(c.start, c.end, Tag(c.tag), c.note, c.source) for c in list_claims(claim_set_id, session=session)]


def replace_claims(claim_set_id: int, spans: Sequence[ClaimSpan], *, session: Session) -> None:
    """Make a claim set hold exactly these claims (used for imported keys and submissions).

    In two statements, not a table row per claim: a key of 200,000 claims takes seconds, not
    minutes.  Each claim's texts are checked as every write is (``models.check_texts``).
    """
    session.flush()
    session.execute(
        sa_delete(Claim).where(col(Claim.claim_set_id) == claim_set_id).execution_options(synchronize_session=False)
    )
    now = utcnow()
    rows = [
        {
            "claim_set_id": claim_set_id,
            "start": span.start,
            "end": span.end,
            "tag": span.tag.value,
            "note": span.note,
            "source": span.source,
            "created_at": now,
            "updated_at": now,
        }
        for span in spans
    ]
    table = Claim.__table__  # type: ignore[attr-defined]
    for row in rows:
        check_texts(table, row)
    if rows:
        session.execute(sa_insert(table), rows)
    session.expire_all()  # claims of this set read earlier in the session are gone


def worked_sets(
    *, session: Session, article_id: int | None = None, trainee: str | None = None, trainee_uid: str | None = None
):
    """(article, trainee name or None, claim set) for every trainee claim set, for export."""
    query = (
        select(Article, Trainee, ClaimSet)
        .join(ClaimSet, col(ClaimSet.article_id) == col(Article.id))
        .outerjoin(Trainee, col(Trainee.id) == col(ClaimSet.trainee_id))
        .where(ClaimSet.role == "trainee")
    )
    if article_id is not None:
        query = query.where(Article.id == article_id)
    if trainee is not None:
        query = query.where(Trainee.name == trainee)
    if trainee_uid is not None:
        query = query.where(Trainee.uid == trainee_uid)
    return list(session.exec(query.order_by(col(Article.id), col(ClaimSet.id))))


def all_articles(*, session: Session, article_id: int | None = None) -> list[Article]:
    query = select(Article).order_by(col(Article.id))
    if article_id is not None:
        query = query.where(Article.id == article_id)
    return list(session.exec(query))


# ---------------------------------------------------------------- entity cache
def cached_entities(digest: str, model_name: str, model_version: str, *, session: Session) -> dict | None:
    query = select(EntityCache.payload).where(
        EntityCache.text_hash == digest,
        EntityCache.model_name == model_name,
        EntityCache.model_version == model_version,
    )
    payload = session.exec(query).first()
    return json.loads(payload) if payload else None


def store_entities(digest: str, model_name: str, model_version: str, payload: dict, *, session: Session) -> None:
    """Keep a text's entities; a class opening the same article at once all store them without
    a conflict (``ON CONFLICT DO UPDATE`` on the cache's unique key)."""
    data = json.dumps(payload, separators=(",", ":"))
    statement = _insert(session, EntityCache).values(
        text_hash=digest, model_name=model_name, model_version=model_version, payload=data, created_at=utcnow()
    )
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["text_hash", "model_name", "model_version"], set_={"payload": statement.excluded.payload}
        )
    )
