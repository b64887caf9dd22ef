"""Schema changes never lose data: a batch table copy on SQLite keeps every claim."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from sqlmodel import select

from claimmark.core.claims import Tag
from claimmark.core.reader import operations as ops
from claimmark.core.storage import open_database
from claimmark.core.storage import repository as repo
from claimmark.core.storage.migrate import migrating
from claimmark.core.storage.models import UTCDateTime


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


def test_a_schema_change_that_would_break_references_is_rolled_back(tmp_path: Path) -> None:
    from claimmark.core.storage.engine import DatabaseProblem

    db = open_database(tmp_path / "m.sqlite3")

    def orphan_a_claim(conn: sa.Connection) -> None:
        conn.exec_driver_sql(
            'INSERT INTO claim (claim_set_id, start, "end", tag, note, source, created_at, updated_at) '
            "VALUES (999, 0, 1, 'confirmed', '', '', '2024-05-02 09:00:00', '2024-05-02 09:00:00')"
        )

    with pytest.raises(DatabaseProblem) as info:
        migrating(db, orphan_a_claim)
    assert str(info.value) == (
        f"Upgrading the database '{tmp_path / 'm.sqlite3'}' would leave broken references; "
        "the upgrade was rolled back and nothing was changed."
    )
    with db.read() as session:
        assert repo.list_claims(999, session=session) == []
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


# ------------------------------------------------------------------ 0002 -> 0003: time columns
# Times that a wrong conversion would move: microseconds, a New York daylight-saving change
# (07:00 UTC on 2024-03-10) and midnight UTC.
T_SUBMITTED = datetime(2024, 3, 10, 6, 59, 59, 999999, tzinfo=UTC)
T_AFTER_DST = datetime(2024, 3, 10, 7, 0, 0, 1, tzinfo=UTC)
T_MIDNIGHT = datetime(2024, 5, 2, 0, 0, tzinfo=UTC)
T_EDITED = datetime(2024, 5, 2, 9, 30, 15, 123456, tzinfo=UTC)
AT_0002 = {
    "article": [
        {
            "id": 1,
            "title": "Crowds",
            "outlet": "The Daily",
            "author": "A. Writer",
            "published": "2024-05-01",
            "url": "https://example.org/crowds",
            "text": "Officials said about 600 were killed.",
            "original_text": "Officials saidabout 600 were killed.",
            "text_hash": "0" * 64,
            "source_name": "crowds.txt",
            "created_at": T_MIDNIGHT,
        }
    ],
    "trainee": [{"id": 1, "name": "Ana", "last_article_id": 1, "created_at": T_AFTER_DST}],
    "exercise": [
        {
            "id": 1,
            "uid": "3f2b5c1e-0000-4000-8000-000000000001",
            "article_id": 1,
            "title": "Count the claims",
            "instructions": "Tag every number.",
            "visible_labels": "CARDINAL",
            "is_sample": False,
            "key_released": True,
            "created_at": T_MIDNIGHT,
        }
    ],
    "claimset": [
        {
            "id": 1,
            "article_id": 1,
            "exercise_id": 1,
            "trainee_id": None,
            "role": "key",
            "submitted_at": None,
            "created_at": T_MIDNIGHT,
        },
        {
            "id": 2,
            "article_id": 1,
            "exercise_id": 1,
            "trainee_id": 1,
            "role": "trainee",
            "submitted_at": T_SUBMITTED,
            "created_at": T_AFTER_DST,
        },
    ],
    "claim": [
        {
            "id": 1,
            "claim_set_id": 1,
            "start": 15,
            "end": 24,
            "tag": "estimated",
            "note": "about",
            "source": "Officials",
            "created_at": T_MIDNIGHT,
            "updated_at": T_EDITED,
        },
        {
            "id": 2,
            "claim_set_id": 2,
            "start": 0,
            "end": 36,
            "tag": "unverified",
            "note": "",
            "source": "",
            "created_at": T_SUBMITTED,
            "updated_at": T_SUBMITTED,
        },
        {
            "id": 3,
            "claim_set_id": 2,
            "start": 15,
            "end": 24,
            "tag": "estimated",
            "note": "ça",
            "source": "",
            "created_at": T_AFTER_DST,
            "updated_at": T_EDITED,
        },
    ],
    "entitycache": [
        {
            "id": 1,
            "text_hash": "0" * 64,
            "model_name": "en_core_web_sm",
            "model_version": "3.8.0",
            "payload": '{"entities": [], "sentences": [0]}',
            "created_at": T_EDITED,
        },
    ],
}


ADDED_AFTER_0003 = {"claimset": {"attempt"}, "exercise": {"reading_cues"}}
"""Columns that migrations after 0003 add (0004: attempts, 0006c: reading cues), left out of the
models' 0002 schema."""


def _make_0002_from_old_models(conn: sa.Connection) -> None:
    """The schema as the models made it when SQLModel's ``datetime`` was a naive DateTime."""
    from sqlmodel import SQLModel

    metadata = sa.MetaData()
    for table in SQLModel.metadata.sorted_tables:
        later = ADDED_AFTER_0003.get(table.name, set())
        columns = [column._copy() for column in table.columns if column.name not in later]
        for column in columns:
            if isinstance(column.type, UTCDateTime):
                column.type = sa.DateTime(timezone=False)
        unique = [
            sa.UniqueConstraint(*(c.name for c in constraint.columns if c.name not in later))
            for constraint in table.constraints
            if isinstance(constraint, sa.UniqueConstraint)
        ]
        sa.Table(table.name, metadata, *columns, *unique)
    metadata.create_all(conn)
    # trainees as they were before 0004: no uid, one name each
    for statement in (
        "DROP INDEX ix_trainee_uid",
        "ALTER TABLE trainee DROP COLUMN uid",
        "DROP INDEX ix_trainee_name",
        "CREATE UNIQUE INDEX ix_trainee_name ON trainee (name)",
    ):
        conn.exec_driver_sql(statement)
    conn.exec_driver_sql("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
    conn.exec_driver_sql("INSERT INTO alembic_version (version_num) VALUES ('0002')")


def _migrate_to_0002(conn: sa.Connection) -> None:
    from alembic import command

    from claimmark.core.storage.migrate import alembic_config

    config = alembic_config()
    config.attributes["connection"] = conn
    command.upgrade(config, "0002")


@pytest.mark.parametrize("made_by", ["migrations", "old models"])
def test_a_database_at_0002_upgrades_to_0003_keeping_every_value(db_url: str, made_by: str) -> None:
    """Claims, submissions and every time in them survive the upgrade, at the same moment.

    On PostgreSQL every session runs in New York time, so a conversion that took the stored
    clock times for UTC (or converted a column that already had a time zone) would move them.
    """
    from claimmark.core.storage.migrate import HEAD, current_revision
    from claimmark.core.storage.models import Article, Claim, ClaimSet, EntityCache, Exercise, Trainee

    url = db_url
    if db_url.startswith("postgresql"):
        url = sa.engine.make_url(db_url).update_query_dict({"options": "-c timezone=America/New_York"})
        url = url.render_as_string(hide_password=False)
    old = open_database(url, migrate=False)
    migrating(old, _migrate_to_0002 if made_by == "migrations" else _make_0002_from_old_models)
    assert current_revision(old) == "0002"
    with old.writer.begin() as conn:
        for name, rows in AT_0002.items():  # the tables as they are at 0002, whatever their time types
            conn.execute(sa.Table(name, sa.MetaData(), autoload_with=conn).insert(), rows)
    old.close()

    upgraded = open_database(url)
    assert current_revision(upgraded) == HEAD
    models = {
        "article": Article,
        "trainee": Trainee,
        "exercise": Exercise,
        "claimset": ClaimSet,
        "claim": Claim,
        "entitycache": EntityCache,
    }
    with upgraded.read() as session:
        for name, rows in AT_0002.items():
            model = models[name]
            found = session.exec(select(model).order_by(model.id)).all()
            assert [{key: getattr(row, key) for key in rows[0]} for row in found] == rows, name
            for row in found:
                for key in rows[0]:
                    value = getattr(row, key)
                    assert not isinstance(value, datetime) or value.tzinfo is UTC, (name, key, value)
    if upgraded.writer.dialect.name == "postgresql":
        with upgraded.reader.connect() as conn:
            kinds = (
                conn.exec_driver_sql(
                    "SELECT DISTINCT data_type FROM information_schema.columns "
                    "WHERE table_schema = current_schema() AND data_type LIKE 'timestamp%%'"
                )
                .scalars()
                .all()
            )
        assert kinds == ["timestamp with time zone"]
    upgraded.close()


# ------------------------------------------------------------------ 0004 -> 0005: trainee ids
def _migrate_to(revision: str):
    def run(conn: sa.Connection) -> None:
        from alembic import command

        from claimmark.core.storage.migrate import alembic_config

        config = alembic_config()
        config.attributes["connection"] = conn
        command.upgrade(config, revision)

    return run


def test_trainees_of_0004_get_the_id_of_their_name_and_keep_their_work(db_url: str) -> None:
    """Each trainee gets the id ``--trainee NAME`` gives (so it finds them), names that differ
    only in case stay two trainees, and every claim set stays with its trainee (the SQLite table
    copy does not cascade)."""
    from claimmark.core.identity import Identity
    from claimmark.core.reader.workspace import Workspace
    from claimmark.core.storage.models import ClaimSet, Trainee

    old = open_database(db_url, migrate=False)
    migrating(old, _migrate_to("0004"))
    with old.writer.begin() as conn:
        conn.execute(sa.Table("article", sa.MetaData(), autoload_with=conn).insert(), AT_0002["article"])
        conn.execute(
            sa.Table("trainee", sa.MetaData(), autoload_with=conn).insert(),
            [
                # without ids, so that PostgreSQL's sequence counts them (ids 1, 2, 3)
                {"name": "Ana Lima", "created_at": T_MIDNIGHT},
                {"name": "ana  lima", "created_at": T_MIDNIGHT},
                {"name": "Bo", "created_at": T_MIDNIGHT},
            ],
        )
        conn.execute(
            sa.Table("claimset", sa.MetaData(), autoload_with=conn).insert(),
            [{"article_id": 1, "trainee_id": i, "role": "trainee", "created_at": T_MIDNIGHT} for i in (1, 2, 3)],
        )
    old.close()

    db = open_database(db_url)
    with db.read() as session:
        trainees = {t.id: t for t in session.exec(select(Trainee))}
        owners = {c.id: c.trainee_id for c in session.exec(select(ClaimSet))}
    assert owners == {1: 1, 2: 2, 3: 3}
    assert trainees[1].uid == Identity.named("Ana Lima").uid and trainees[3].uid == Identity.named("Bo").uid
    assert trainees[2].uid not in (trainees[1].uid, trainees[3].uid)  # a trainee of its own, as before
    # --trainee finds them; a profile of the same name takes over the work kept under the name
    assert Workspace(db, "Ana Lima").trainee_id == 1
    bo = Identity.new("Bo")
    assert Workspace(db, bo).trainee_id == 3
    assert Workspace(db, Identity.new("Bo")).trainee_id not in (1, 2, 3)  # once only: another Bo is another
    # names are no longer unique, ids are
    with db.write() as session:
        repo.get_or_create_trainee(Identity.new("Ana Lima").uid, "Ana Lima", session=session)
    with pytest.raises(sa.exc.IntegrityError), db.write() as session:
        session.add(Trainee(uid=bo.uid, name="Someone else"))
    db.close()
