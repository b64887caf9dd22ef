"""Schema changes never lose data: a batch table copy on SQLite keeps every claim."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext

from core import operations as ops
from core import repository as repo
from core.claims import Tag
from core.db import open_database
from core.migrate import migrating


def test_a_batch_table_copy_keeps_the_claims_that_reference_it(tmp_path: Path) -> None:
    db = open_database(tmp_path / "m.sqlite3")
    with db.write() as session:
        article = repo.add_article("Officials said about 600 were killed.", session=session)
        claim_set_id = repo.get_claim_set(article.id, session=session, trainee_id=None).id
    ops.run(db, ops.AddClaim(claim_set_id, 15, 24, Tag.ESTIMATED))

    def recreate_article_table(conn: sa.Connection) -> None:
        operations = Operations(MigrationContext.configure(conn, opts={"render_as_batch": True}))
        with operations.batch_alter_table("article", recreate="always") as batch:
            batch.add_column(sa.Column("extra", sa.String(10), nullable=True))

    migrating(db, recreate_article_table)
    with db.read() as session:
        assert [(c.start, c.end) for c in repo.list_claims(claim_set_id, session=session)] == [(15, 24)]
    with db.writer.connect() as conn:  # and foreign keys are enforced again afterwards
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    db.close()


def test_head_constant_is_the_newest_migration() -> None:
    from core.migrate import HEAD, head_revision

    assert head_revision() == HEAD, "update core.migrate.HEAD when adding a migration"
