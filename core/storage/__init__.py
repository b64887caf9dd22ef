"""Storage: the database (``engine``), its schema and upgrades (``models``, ``migrate``,
``migrations``), the frozen records that leave it (``records``), the repository functions
that read and write it (``repository``), what a database file is before it is opened
(``files``), backups and restoring them (``backups``) and the whole library as one portable
file (``portable``).

:func:`open_database` is the way in: it opens the database and brings its schema up to date
(backing the library up first when it upgrades it).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.exc import SQLAlchemyError

from claimmark.core.errors import Message
from claimmark.core.storage import backups, files
from claimmark.core.storage.engine import (
    Database,
    DatabaseProblem,
    LibraryDamaged,
    NotALibrary,
    cannot_open,
    connect,
)
from claimmark.core.storage.migrate import HEAD, current_revision, upgrade


def open_database(
    target: str | os.PathLike[str] | None = None, *, migrate: bool = True, readonly: bool = False
) -> Database:
    """Open (and create or upgrade) the database named by a path, URL, $CLAIMMARK_DB or the default.

    ``readonly`` (``claimmark export``): for reading only.  Nothing is created, upgraded or
    switched to WAL; a library at an older schema is read through an upgraded temporary copy; a
    damaged library is opened all the same (for rescue: ``db.damage`` says what is wrong).
    """
    try:
        db = connect(target, readonly=readonly, rescue=readonly)
    except LibraryDamaged as problem:
        raise with_advice(problem) from problem.__cause__
    try:
        if readonly:
            return _readable(db)
        if migrate:
            _upgrade(db)
    except DatabaseProblem:
        db.close()
        raise
    except SQLAlchemyError as exc:
        db.close()
        raise cannot_open(db.name, exc) from exc
    return db


def with_advice(problem: LibraryDamaged) -> LibraryDamaged:
    """The damage, with what to do: restore the newest good backup, or save what can be read."""
    path = problem.path
    if path is None:
        return problem
    good = backups.newest_good(path)
    if good is not None:
        problem.advice = Message.of(
            "The newest good backup is from {when} ({claims} claims in {articles} articles): restore it with "
            "'claimmark restore --db {file} 1' or in the window (the damaged library is kept, not deleted). To "
            "save what the damaged library still holds, first run 'claimmark export --all FILE --db {file}'.",
            when=good.made_at.astimezone().strftime("%Y-%m-%d %H:%M"),
            claims=f"{good.claims:,}",
            articles=f"{good.articles:,}",
            file=str(path),
        )
        problem.backup = good
    else:
        problem.advice = Message.of(
            "There is no good backup of it. To save what it still holds, run 'claimmark export --all FILE --db "
            "{file}', then 'claimmark import-all FILE' into a new library.",
            file=str(path),
        )
    return problem


def schema_number(revision: str) -> int:
    """A revision as the number kept in ``PRAGMA user_version``: its leading digits ("0006c" is 6,
    so a library at 0005 is not taken for a newer one), 0 when it has none."""
    digits = revision[: len(revision) - len(revision.lstrip("0123456789"))]
    return int(digits) if digits else 0


def _newer(db: Database, schema: object) -> DatabaseProblem:
    return DatabaseProblem(
        "The database '{database}' was made by a newer ClaimMark (schema {schema}). "
        "Update ClaimMark to open it; nothing was changed.",
        database=db.name,
        schema=schema,
    )


def _upgrade(db: Database) -> None:
    found = db.found
    if found is not None and found.user_version > schema_number(HEAD):
        raise _newer(db, found.user_version)
    current = current_revision(db)
    if current is None and not db.is_sqlite and _foreign_tables(db):
        raise NotALibrary(
            "The database '{database}' holds another program's tables and no ClaimMark library. It was left "
            "untouched; give an empty database or one of ClaimMark's with --db.",
            database=db.name,
        )
    path = db.path
    if current is not None and current != HEAD and path is not None and current in backups.known_revisions():
        backups.make_backup(path, "upgrade")
    upgrade(db)
    if db.is_sqlite:
        _mark(db)


def _mark(db: Database) -> None:
    """Mark an SQLite library as ClaimMark's, with its schema (when it is not marked yet)."""
    with db.reader.connect() as conn:
        marks = (
            conn.exec_driver_sql("PRAGMA application_id").scalar(),
            conn.exec_driver_sql("PRAGMA user_version").scalar(),
        )
    wanted = (files.APPLICATION_ID, schema_number(HEAD))
    if marks != wanted:
        with db.writer.begin() as conn:
            conn.exec_driver_sql(f"PRAGMA application_id={wanted[0]}")
            conn.exec_driver_sql(f"PRAGMA user_version={wanted[1]}")


def _foreign_tables(db: Database) -> bool:
    """Tables, none of them ClaimMark's schema record: another program's database.

    Read in one look: a ClaimMark schema is made in one transaction with its ``alembic_version``,
    so a process starting while another makes it sees all of it or none (never its tables alone).
    """
    with db.reader.connect() as conn:
        names = inspect(conn).get_table_names()
    return bool(names) and "alembic_version" not in names


def _readable(db: Database) -> Database:
    """A read-only database at ``HEAD``: this one, or an upgraded temporary copy of an older SQLite library."""
    found = db.found
    if found is not None and found.user_version > schema_number(HEAD):
        raise _newer(db, found.user_version)
    current = current_revision(db)
    if current == HEAD:
        return db
    if current is not None and current not in backups.known_revisions():
        raise _newer(db, current)
    path = db.path
    if path is None:
        if current is None:
            raise NotALibrary(
                "There is no ClaimMark library in '{database}' yet, so there is nothing to read.", database=db.name
            )
        raise DatabaseProblem(
            "The database '{database}' has an older ClaimMark schema ({schema}). Open it once with ClaimMark (not "
            "for reading only) to upgrade it, then try again; nothing was changed.",
            database=db.name,
            schema=current,
        )
    folder = Path(tempfile.mkdtemp(prefix="claimmark-read-"))
    try:
        copy = folder / path.name
        files.snapshot(path, copy)
        db.close()
        reading = connect(copy)
        upgrade(reading)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    reading.readonly = True
    reading.shown_as = str(path)
    reading.on_close.append(lambda: shutil.rmtree(folder, ignore_errors=True))
    return reading


__all__ = ["Database", "DatabaseProblem", "open_database"]
