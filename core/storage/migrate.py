"""Alembic, run from code: every database is brought to the newest schema when opened.

Alembic is imported only when a database needs upgrading or checking: a database already at
``HEAD`` (every start but the first) is recognised by one query, which keeps Alembic's 0.15 s
import out of the window's start-up.  A brand-new, empty database is made at ``HEAD`` straight
from the models and stamped (:func:`create_at_head`), which spares the very first start Alembic's
import and run (about 0.2 s); tests/core/test_migrate.py checks that this gives the same schema
as running every migration.  Both run under a database-wide lock (:func:`upgrade`), so a class
opening a new database at the same instant makes it once.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect

from claimmark.core.storage.engine import Database, DatabaseProblem, hold_lock

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Connection


MIGRATIONS = Path(__file__).with_name("migrations")
# The newest revision in migrations/versions; tests/core/test_migrate.py checks it is Alembic's head.
HEAD = "0006c"


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(db: Database) -> str | None:
    with db.reader.connect() as conn:
        return _revision(conn)


def _revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


SCHEMA_LOCK = "schema"
"""The lock (``engine.hold_lock``) under which a schema is made or upgraded."""


def upgrade(db: Database) -> None:
    """Bring the schema to ``HEAD``: made from the models when the database is empty, else
    Alembic's migrations.

    Many processes may open the same new database at once (a class starting together): the
    decision and the work are made under one database-wide lock, in one transaction, so one of
    them makes the schema and the others, once it has committed, find it made.
    """
    if current_revision(db) == HEAD:  # every start but the first: one query, no lock
        return
    migrating(db, lambda conn: _upgrade_locked(db, conn))


def _upgrade_locked(db: Database, conn: Connection) -> None:
    hold_lock(conn, SCHEMA_LOCK)  # SQLite: this transaction's BEGIN IMMEDIATE already holds it
    current = _revision(conn)
    if current == HEAD:  # another process made or upgraded it while this one waited
        return
    if current is None and not inspect(conn).get_table_names():
        _create_at_head(conn)
        return
    from alembic import command
    from alembic.script import ScriptDirectory

    config = alembic_config()
    script = ScriptDirectory.from_config(config)
    if current is not None and current not in {rev.revision for rev in script.walk_revisions()}:
        raise DatabaseProblem(
            "The database '{database}' was made by a newer ClaimMark (schema {schema}). "
            "Update ClaimMark to open it; nothing was changed.",
            database=db.name,
            schema=current,
        )
    if current == script.get_current_head():
        return
    config.attributes["connection"] = conn
    command.upgrade(config, "head")


def create_at_head(db: Database) -> None:
    """Make the schema in an empty database from the models, and record it as ``HEAD`` the
    way Alembic does, in one transaction."""
    migrating(db, _create_at_head)


def _create_at_head(conn: Connection) -> None:
    from sqlmodel import SQLModel

    import claimmark.core.storage.models  # noqa: F401  (the tables)

    SQLModel.metadata.create_all(conn)
    conn.exec_driver_sql(
        "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
        "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"
    )
    conn.exec_driver_sql(f"INSERT INTO alembic_version (version_num) VALUES ('{HEAD}')")


def migrating(db: Database, work: Callable[[Connection], None]) -> None:
    """Run schema changes in one transaction, with SQLite's foreign keys off while they run.

    A batch migration copies a table and drops the old one; with foreign keys on, that drop
    would cascade and delete every claim.  The pragma only takes effect outside a transaction,
    so it goes straight to the driver before SQLAlchemy begins one; references are checked
    before commit.
    """
    with db.writer.connect() as conn:
        raw = conn.connection.driver_connection if conn.dialect.name == "sqlite" else None
        if raw is not None:
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                work(conn)
                if raw is not None and conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall():
                    raise DatabaseProblem(
                        "Upgrading the database '{database}' would leave broken references; "
                        "the upgrade was rolled back and nothing was changed.",
                        database=db.name,
                    )
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys=ON")
