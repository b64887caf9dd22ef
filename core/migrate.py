"""Alembic, run from code: every database is brought to the newest schema when opened."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

if TYPE_CHECKING:
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
    with db.writer.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
