"""Alembic, run from code: every database is brought to the newest schema when opened."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from core.db import Database

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(db: Database) -> str | None:
    with db.writer.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(db: Database) -> None:
    from core.db import DatabaseProblem

    script = ScriptDirectory.from_config(alembic_config())
    current = current_revision(db)
    if current is not None and current not in {rev.revision for rev in script.walk_revisions()}:
        raise DatabaseProblem(
            f"The database '{db.name}' was made by a newer ClaimMark (schema {current}). "
            "Update ClaimMark to open it; nothing was changed."
        )
    if current == script.get_current_head():
        return
    config = alembic_config()

    def run(conn: Connection) -> None:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")

    migrating(db, run)


def migrating(db: Database, work: Callable[[Connection], None]) -> None:
    """Run schema changes in one transaction, with SQLite's foreign keys off while they run.

    A batch migration copies a table and drops the old one; with foreign keys on, that drop
    would cascade and delete every claim.  The pragma only takes effect outside a transaction,
    so it goes straight to the driver before SQLAlchemy begins one; references are checked
    before commit.
    """
    from core.db import DatabaseProblem

    with db.writer.connect() as conn:
        raw = conn.connection.driver_connection if conn.dialect.name == "sqlite" else None
        if raw is not None:
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                work(conn)
                if raw is not None and conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall():
                    raise DatabaseProblem(
                        f"Upgrading the database '{db.name}' would leave broken references; "
                        "the upgrade was rolled back and nothing was changed."
                    )
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys=ON")
