"""Schema changes never lose data: a batch table copy on SQLite keeps every claim."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext

from claimmark.core.claims import Tag
from claimmark.core.reader import operations as ops
from claimmark.core.storage import repository as repo
from claimmark.core.storage.engine import open_database
from claimmark.core.storage.migrate import migrating


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
    from claimmark.core.storage.migrate import HEAD, head_revision

    assert head_revision() == HEAD, "update core.migrate.HEAD when adding a migration"


def _schema(db) -> dict[str, dict[str, object]]:
    """Every table's columns (in any order), keys, indexes and constraints."""
    found: dict[str, dict[str, object]] = {}
    with db.reader.connect() as conn:
        inspector = sa.inspect(conn)
        for table in inspector.get_table_names():
            columns = inspector.get_columns(table)
            found[table] = {
                # the type as this database spells it: str() alone says TIMESTAMP with or without time zone
                "columns": sorted(
                    (c["name"], c["type"].compile(dialect=conn.dialect), c["nullable"], str(c.get("default")))
                    for c in columns
                ),
                "primary key": inspector.get_pk_constraint(table)["constrained_columns"],
                "foreign keys": sorted(
                    (
                        tuple(f["constrained_columns"]),
                        f["referred_table"],
                        tuple(f["referred_columns"]),
                        str(f["options"]),
                    )
                    for f in inspector.get_foreign_keys(table)
                ),
                "indexes": sorted(
                    (i["name"], tuple(i["column_names"]), bool(i["unique"])) for i in inspector.get_indexes(table)
                ),
                "unique": sorted(tuple(u["column_names"]) for u in inspector.get_unique_constraints(table)),
                "checks": sorted(str(c["sqltext"]) for c in inspector.get_check_constraints(table)),
            }
        found["alembic_version"]["rows"] = conn.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    return found


def test_a_new_database_made_from_the_models_has_the_schema_the_migrations_make(db_url: str, tmp_path: Path) -> None:
    from alembic import command

    from claimmark.core.storage.migrate import HEAD, alembic_config, current_revision

    made = open_database(db_url)  # empty: made from the models and stamped
    assert current_revision(made) == HEAD
    if db_url.startswith("postgresql"):
        # a second empty database on the same server, for the migrations
        admin = sa.create_engine(db_url, isolation_level="AUTOCOMMIT")
        other = sa.engine.make_url(db_url).database + "_migrated"
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{other}"')
        migrated_url = sa.engine.make_url(db_url).set(database=other).render_as_string(hide_password=False)
    else:
        migrated_url = str(tmp_path / "migrated.sqlite3")
    try:
        migrated = open_database(migrated_url, migrate=False)
        config = alembic_config()

        def run(conn: sa.Connection) -> None:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")

        migrating(migrated, run)  # every migration, from nothing
        assert _schema(made) == _schema(migrated)
        migrated.close()
    finally:
        if db_url.startswith("postgresql"):
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{other}" WITH (FORCE)')
            admin.dispose()
    # and it stays as it is when opened again
    made.close()
    again = open_database(db_url)
    assert current_revision(again) == HEAD
    again.close()
