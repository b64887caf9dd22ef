"""Bring articles into the library and manage them there, without a screen.

One pipeline for ``claimmark import`` / ``claimmark clean`` and the window (``pipeline``):

    prepared = prepare_import("article.txt")            # slow: read the file, find glued words
    existing = find_existing(db, prepared)               # quick: is this text stored already?
    article = store_import(db, prepared, accepted)       # one transaction

``helper`` runs the slow step in a helper process, so the window never freezes; ``manage``
changes details and deletes articles.  This package's namespace offers their public names.
"""

from __future__ import annotations

from claimmark.core.library.helper import Preparer, shared_preparer
from claimmark.core.library.manage import (
    article_after_delete,
    delete_article,
    deletion_info,
    key_claims,
    list_articles,
    update_details,
)
from claimmark.core.library.pipeline import (
    PASTED,
    ArticleRef,
    ImportOutcome,
    PastedText,
    PreparedImport,
    Repair,
    Source,
    applied_repairs,
    apply_repairs,
    find_existing,
    import_sources,
    prepare_import,
    problem_for,
    read_source,
    repair_applies,
    store_import,
)

__all__ = [
    "PASTED",
    "ArticleRef",
    "ImportOutcome",
    "PastedText",
    "PreparedImport",
    "Preparer",
    "Repair",
    "Source",
    "applied_repairs",
    "apply_repairs",
    "article_after_delete",
    "delete_article",
    "deletion_info",
    "find_existing",
    "import_sources",
    "key_claims",
    "list_articles",
    "prepare_import",
    "problem_for",
    "read_source",
    "repair_applies",
    "shared_preparer",
    "store_import",
    "update_details",
]
