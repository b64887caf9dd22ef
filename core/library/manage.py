"""The library once articles are in it: details, deleting, what to show after a delete."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import col, select

from claimmark.core.details import DETAIL_FIELDS, ArticleDetails
from claimmark.core.library.pipeline import ArticleRef
from claimmark.core.storage import repository as repo
from claimmark.core.storage.engine import Database
from claimmark.core.storage.models import Article
from claimmark.core.storage.records import ArticleRecord, ArticleRow


def list_articles(db: Database, search: str = "") -> list[ArticleRow]:
    """The library's rows (newest first), those matching ``search`` in title, outlet or text."""
    with db.read() as session:
        return repo.list_articles(session=session, search=search)


def update_details(db: Database, article_id: int, **fields: str) -> ArticleRecord:
    """Change some of the article's details (title, outlet ...: ``ArticleDetails``) in one
    transaction, as a person typed them: each on one line with single spaces, cut to fit."""
    unknown = set(fields) - set(DETAIL_FIELDS)
    if unknown:
        raise ValueError(f"not article details: {sorted(unknown)}")
    cleaned = ArticleDetails(**fields).cleaned()
    with db.write() as session:
        article = repo.update_article_meta(
            article_id, session=session, **{name: getattr(cleaned, name) for name in fields}
        )
        return ArticleRecord.of(article)


def deletion_info(db: Database, article_id: int) -> tuple[ArticleRef, int] | None:
    """The article and how many claims (everyone's, answer keys included) go with it."""
    with db.read() as session:
        article = session.get(Article, article_id)
        if article is None or article.id is None:
            return None
        return ArticleRef(article.id, article.title), repo.count_claims_for_article(article_id, session=session)


def key_claims(db: Database, article_id: int) -> int:
    """How many of the article's claims are in answer keys (the rest are trainees')."""
    with db.read() as session:
        return repo.count_key_claims_for_article(article_id, session=session)


def delete_article(db: Database, article_id: int) -> None:
    """Delete an article with its exercises, claim sets and claims, in one transaction."""
    with db.write() as session:
        repo.delete_article(article_id, session=session)


def article_after_delete(db: Database) -> int | None:
    """The newest article left in the library, to show after the open one was deleted."""
    with db.read() as session:
        return session.exec(select(func.max(col(Article.id)))).one()
