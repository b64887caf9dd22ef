"""Storage: the database (``engine``), its schema and upgrades (``models``, ``migrate``,
``migrations``), the frozen records that leave it (``records``) and the repository functions
that read and write it (``repository``).

:func:`open_database` is the way in: it opens the database and brings its schema up to date.
"""

from __future__ import annotations

import os

from sqlalchemy.exc import SQLAlchemyError

from claimmark.core.storage.engine import Database, DatabaseProblem, cannot_open, connect
from claimmark.core.storage.migrate import upgrade


def open_database(target: str | os.PathLike[str] | None = None, *, migrate: bool = True) -> Database:
    """Open (and create or upgrade) the database named by a path, URL, $CLAIMMARK_DB or the default."""
    db = connect(target)
    if not migrate:
        return db
    try:
        upgrade(db)
    except DatabaseProblem:
        db.close()
        raise
    except SQLAlchemyError as exc:
        db.close()
        raise cannot_open(db.name, exc) from exc
    return db


__all__ = ["Database", "DatabaseProblem", "open_database"]
