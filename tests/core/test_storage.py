"""Storage: migrations, one-transaction edits with undo round trips, bad databases, concurrent writers."""

from __future__ import annotations

import multiprocessing
import os
import stat
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlmodel import select

from claimmark.core.claims import Tag
from claimmark.core.identity import named_uid
from claimmark.core.reader import operations as ops
from claimmark.core.reader.workspace import Workspace
from claimmark.core.storage import open_database
from claimmark.core.storage import repository as repo
from claimmark.core.storage.engine import DatabaseProblem, table_names
from claimmark.core.storage.migrate import current_revision, head_revision
from claimmark.core.storage.models import Claim

TEXT = "Officials said about 600 soldiers were killed 😀 and thousands more injured."


def snapshot(db, claim_set_id: int) -> list[tuple]:
    with db.read() as session:
        return [
            (c.id, c.start, c.end, c.tag, c.note, c.source) for c in repo.list_claims(claim_set_id, session=session)
        ]


@pytest.fixture
def claim_set(db) -> int:
    with db.write() as session:
        article = repo.add_article(TEXT, session=session, title="t")
        trainee = repo.get_or_create_trainee(named_uid("ann"), "ann", session=session)
        claim_set = repo.get_claim_set(article.id, session=session, trainee_id=trainee.id)
        return claim_set.id


def test_new_database_is_migrated_to_head(db) -> None:
    assert current_revision(db) == head_revision()
    assert {"article", "claim", "claimset", "exercise", "trainee", "entitycache"} <= set(table_names(db))


def test_every_operation_round_trips_through_undo(db, claim_set: int) -> None:
    before = snapshot(db, claim_set)
    inverse, change = ops.run(db, ops.AddClaim(claim_set, 14, 24, Tag.ESTIMATED, note="n", source="officials"))
    claim_id = change.claim_id
    added = snapshot(db, claim_set)
    assert added == [(claim_id, 14, 24, "estimated", "n", "officials")]
    redo, _ = ops.run(db, inverse)  # undo the add
    assert snapshot(db, claim_set) == before
    ops.run(db, redo)  # redo brings back the same claim, same id
    assert snapshot(db, claim_set) == added

    for edit in (
        ops.UpdateClaim(claim_id, tag=Tag.UNVERIFIED),
        ops.UpdateClaim(claim_id, note="only one source"),
        ops.UpdateClaim(claim_id, source="a spy agency"),
        ops.DeleteClaim(claim_id),
    ):
        state = snapshot(db, claim_set)
        undo, _ = ops.run(db, edit)
        assert snapshot(db, claim_set) != state
        again, _ = ops.run(db, undo)
        assert snapshot(db, claim_set) == state
        ops.run(db, again)
    assert snapshot(db, claim_set) == []


def test_edit_of_a_deleted_claim_is_refused_cleanly(db, claim_set: int) -> None:
    claim_id = ops.run(db, ops.AddClaim(claim_set, 0, 9, Tag.CONFIRMED))[1].claim_id
    ops.run(db, ops.DeleteClaim(claim_id))
    with pytest.raises(ops.StaleEdit):
        ops.run(db, ops.UpdateClaim(claim_id, tag=Tag.ESTIMATED))


def test_edits_survive_reopening(db_url: str) -> None:
    db = open_database(db_url)
    workspace = Workspace(db, "ben")
    opened = workspace.open_start()
    ops.run(db, ops.AddClaim(opened.claim_set_id, 0, 12, Tag.CONFIRMED, note="state media"))
    db.close()

    db = open_database(db_url)
    workspace = Workspace(db, "ben")
    again = workspace.open_start()
    assert again.article.id == opened.article.id
    assert [(c.start, c.end, c.tag, c.note) for c in workspace.claims(again.claim_set_id)] == [
        (0, 12, "confirmed", "state media")
    ]
    db.close()


def test_trainees_keep_separate_claims_on_one_article(db) -> None:
    ann, ben = Workspace(db, "ann"), Workspace(db, "ben")
    a, b = ann.open_sample(), ben.open_sample()
    assert a.article.id == b.article.id and a.claim_set_id != b.claim_set_id
    ops.run(db, ops.AddClaim(a.claim_set_id, 0, 12, Tag.CONFIRMED))
    assert ben.claims(b.claim_set_id) == []


def test_deleting_an_article_takes_its_claims(db, claim_set: int) -> None:
    ops.run(db, ops.AddClaim(claim_set, 0, 9, Tag.CONFIRMED))
    with db.read() as session:
        article_id = repo.all_articles(session=session)[0].id
        assert repo.count_claims_for_article(article_id, session=session) == 1
    with db.write() as session:
        repo.delete_article(article_id, session=session)
    with db.read() as session:
        assert repo.all_articles(session=session) == []
        assert list(session.exec(select(Claim))) == []


def test_times_are_stored_as_utc_and_read_back_aware(db, claim_set: int) -> None:
    """On SQLite and PostgreSQL alike: the same moment, in UTC; a time with no zone is refused."""
    from sqlalchemy.exc import StatementError

    from claimmark.core.storage.models import ClaimSet

    kolkata = timezone(timedelta(hours=5, minutes=30))
    with db.write() as session:
        row = session.get(ClaimSet, claim_set)
        row.submitted_at = datetime(2024, 5, 2, 15, 0, 0, 250000, tzinfo=kolkata)
        session.add(row)
    with db.read() as session:
        row = session.get(ClaimSet, claim_set)
        assert row.submitted_at == datetime(2024, 5, 2, 9, 30, 0, 250000, tzinfo=UTC)
        assert row.submitted_at.tzinfo is UTC and row.created_at.tzinfo is UTC
    with pytest.raises(StatementError, match="without a time zone"), db.write() as session:
        row = session.get(ClaimSet, claim_set)
        row.submitted_at = datetime(2024, 5, 2, 9, 30)
        session.add(row)


# ---------------------------------------------------------------- bad databases
def test_a_file_that_is_not_a_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"these are my notes, not a database\n")
    with pytest.raises(DatabaseProblem, match="not a ClaimMark database"):
        open_database(path)
    assert path.read_bytes() == b"these are my notes, not a database\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root can write read-only files")
def test_read_only_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    open_database(path).close()
    path.chmod(stat.S_IRUSR)
    with pytest.raises(DatabaseProblem, match="read-only"):
        open_database(path)


def test_read_only_database_is_refused_even_for_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "db.sqlite3"
    open_database(path).close()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == path else real_access(p, mode))
    with pytest.raises(DatabaseProblem, match="read-only"):
        open_database(path)


def test_wrong_urls_give_clear_messages(tmp_path: Path) -> None:
    with pytest.raises(DatabaseProblem, match="not a database URL"):
        open_database("nosuchdb://x/y")
    with pytest.raises(DatabaseProblem, match="is a folder"):
        open_database(tmp_path)
    with pytest.raises(DatabaseProblem) as info:
        open_database(tmp_path / "missing" / "db.sqlite3")
    assert (
        str(info.value) == f"The folder {tmp_path / 'missing'} for database db.sqlite3 does not exist. Create it first."
    )
    assert info.value.params == {"folder": str(tmp_path / "missing"), "name": "db.sqlite3"}


def test_a_postgresql_server_that_does_not_answer_gives_a_clear_message() -> None:
    pytest.importorskip(
        "psycopg", reason="psycopg is not installed (pip install 'psycopg[binary]'): no PostgreSQL driver to try"
    )
    with pytest.raises(DatabaseProblem, match="Could not open the database 'postgresql"):
        open_database("postgresql+psycopg://nobody@127.0.0.1:1/none")


def test_a_missing_postgresql_driver_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if it were not installed
    with pytest.raises(DatabaseProblem) as info:
        open_database("postgresql://nobody@127.0.0.1:1/none")
    assert str(info.value) == (
        "The driver for 'postgresql://nobody@127.0.0.1:1/none' is not installed (psycopg). "
        "For PostgreSQL run: pip install 'psycopg[binary]'."
    )


def test_a_read_only_folder_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == tmp_path else real_access(p, mode))
    with pytest.raises(DatabaseProblem) as info:
        open_database(tmp_path / "db.sqlite3")
    assert str(info.value) == (
        f"The folder {tmp_path} is read-only, so database db.sqlite3 cannot be created or written there."
    )


def test_database_from_a_newer_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    db = open_database(path)
    with db.writer.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    db.close()
    with pytest.raises(DatabaseProblem, match="newer ClaimMark"):
        open_database(path)


def test_default_database_lives_in_the_user_data_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from claimmark.core.storage import engine as dbmod

    monkeypatch.delenv(dbmod.ENV_VAR, raising=False)
    monkeypatch.setattr(dbmod, "default_database_path", lambda: tmp_path / "data" / "claimmark.sqlite3")
    assert dbmod.resolve_url(None) == f"sqlite:///{tmp_path / 'data' / 'claimmark.sqlite3'}"
    monkeypatch.setenv(dbmod.ENV_VAR, str(tmp_path / "env.sqlite3"))
    assert dbmod.resolve_url(None).endswith("env.sqlite3")


# ---------------------------------------------------------------- concurrency
def _writer(url: str, claim_set_id: int, n: int, queue) -> None:  # runs in a child process
    db = open_database(url, migrate=False)
    failures = 0
    for i in range(n):
        try:
            with db.write() as session:  # read, then write, in one transaction
                count = len(repo.list_claims(claim_set_id, session=session))
                session.add(Claim(claim_set_id=claim_set_id, start=0, end=5 + count % 3, tag="confirmed", note=str(i)))
        except Exception:
            failures += 1
    db.close()
    queue.put(failures)


def test_concurrent_writers_on_sqlite_lose_nothing(tmp_path: Path) -> None:
    url = str(tmp_path / "shared.sqlite3")
    db = open_database(url)
    with db.write() as session:
        article = repo.add_article(TEXT, session=session)
        claim_set_id = repo.get_claim_set(article.id, session=session, trainee_id=None).id
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(url, claim_set_id, 40, queue)) for _ in range(4)]
    for p in procs:
        p.start()
    failures = [queue.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    assert failures == [0, 0, 0, 0]
    with db.read() as session:
        assert len(repo.list_claims(claim_set_id, session=session)) == 160
    db.close()


def test_library_search_is_literal_and_unicode_case_blind(db) -> None:
    with db.write() as session:
        repo.add_article("Growth of 50% in ÉCOLES publiques, officials said.", session=session, title="Écoles")
        repo.add_article("Growth of 50 points, said officials of snake_case fame.", session=session, title="Other")
    with db.read() as session:
        titles = lambda text: sorted(r.title for r in repo.list_articles(session=session, search=text))  # noqa: E731
        assert titles("50%") == ["Écoles"]  # % is a character, not a wildcard
        assert titles("e_c") == ["Other"]  # _ too ("snake_case")
        assert titles("écoles") == ["Écoles"]  # accented capitals fold on SQLite as on PostgreSQL
        assert titles("officials") == ["Other", "Écoles"]


def test_submitted_claims_are_locked_in_core_not_only_in_the_window(db, claim_set: int) -> None:
    from claimmark.core.storage.models import ClaimSet, utcnow

    claim_id = ops.run(db, ops.AddClaim(claim_set, 0, 9, Tag.CONFIRMED))[1].claim_id
    with db.write() as session:
        locked = session.get(ClaimSet, claim_set)
        locked.submitted_at = utcnow()
        session.add(locked)
    before = snapshot(db, claim_set)
    for edit in (
        ops.AddClaim(claim_set, 14, 24, Tag.ESTIMATED),
        ops.UpdateClaim(claim_id, tag=Tag.UNVERIFIED),
        ops.DeleteClaim(claim_id),
    ):
        with pytest.raises(ops.LockedEdit, match="Edit again"):
            ops.run(db, edit)
    assert snapshot(db, claim_set) == before
