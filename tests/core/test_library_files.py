"""Only sound ClaimMark libraries are opened, and commits are durable.

Every refusal is checked to leave the file exactly as it was, byte for byte, with nothing made
beside it; the fault-injection suite (tests/core/test_faults.py) runs the same refusals through
every way in (window start, import, export) after real faults.
"""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
from pathlib import Path

import pytest

from claimmark.core.reader.workspace import Workspace
from claimmark.core.storage import files, open_database, schema_number
from claimmark.core.storage.engine import (
    DatabaseProblem,
    EmptyLibraryFile,
    LibraryDamaged,
    NotALibrary,
)
from claimmark.core.storage.migrate import HEAD
from tests import faults

ROOT = Path(__file__).resolve().parents[2]


def folder_state(folder: Path) -> dict[str, str]:
    """Every file in the folder and a hash of its bytes: a refusal must leave this as it was.

    Not the ``-shm`` file: it holds no data, only an index of the journal that SQLite rebuilds.
    """
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.name.endswith("-shm")
    }


def library_with_claims(path: Path, n: int = 3) -> list[str]:
    return faults.library(path, n)


def claim_notes(path: Path) -> list[str]:
    """The notes of the claims these tests make ("edit N"; the sample's key claims left out)."""
    return faults.notes_in(path)


# ---------------------------------------------------------------- durability
def test_every_commit_is_flushed_to_disk(tmp_path: Path) -> None:
    """synchronous=FULL on every connection that writes: a commit shown as made survives a power cut."""
    db = open_database(tmp_path / "lib.sqlite3")
    with db.writer.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    db.close()


def test_a_library_is_marked_as_claimmarks_with_its_schema(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite3"
    open_database(path).close()
    header = files.read_header(path)
    assert header is not None
    assert header.application_id == files.APPLICATION_ID
    assert header.user_version == schema_number(HEAD) > 0  # the schema, as a number


def test_a_library_from_before_the_mark_is_marked_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    library_with_claims(path, 2)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id=0")
    conn.execute("PRAGMA user_version=0")
    conn.commit()
    conn.close()
    db = open_database(path)
    db.close()
    assert files.read_header(path).application_id == files.APPLICATION_ID
    assert claim_notes(path) == ["edit 0", "edit 1"]


def test_a_new_library_is_never_seen_half_made(tmp_path: Path) -> None:
    """It is made under another name and linked into place: whoever looks sees no file or a marked one."""
    path = tmp_path / "lib.sqlite3"
    assert files.create_library_file(path) is True
    assert files.read_header(path).application_id == files.APPLICATION_ID
    assert files.create_library_file(path) is False  # made by someone else first: left as it is
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lib.sqlite3"]  # no temporary file left


# ---------------------------------------------------------------- files that are not ours
@pytest.mark.parametrize(
    ("make", "refusal", "words"),
    [
        (faults.foreign_tables, NotALibrary, "another program's database (it holds the tables customers)"),
        (faults.foreign_application_id, NotALibrary, "another program's database (its application id is 0x47504b47)"),
        (lambda p: p.write_text("my notes\n"), NotALibrary, "not a ClaimMark database (it is not an SQLite file)"),
        (lambda p: p.write_bytes(b""), EmptyLibraryFile, "is an empty file (0 bytes)"),
    ],
    ids=["foreign-tables", "foreign-application-id", "text-file", "zero-bytes"],
)
@pytest.mark.parametrize("readonly", [False, True], ids=["to-write", "to-read"])
def test_a_file_that_is_not_a_library_is_refused_and_left_exactly_as_it_was(
    tmp_path: Path, make, refusal: type[DatabaseProblem], words: str, readonly: bool
) -> None:
    path = tmp_path / "other.db"
    make(path)
    before = folder_state(tmp_path)
    with pytest.raises(refusal) as info:
        open_database(path, readonly=readonly)
    assert words in str(info.value) and str(path) in str(info.value)
    assert folder_state(tmp_path) == before  # not a byte changed, nothing made beside it (no -wal, no -shm)


def test_a_foreign_sqlite_file_keeps_its_journal_mode(tmp_path: Path) -> None:
    """Opening it used to switch it to WAL; now nothing is written to it at all."""
    path = tmp_path / "other.db"
    faults.foreign_tables(path)
    with pytest.raises(NotALibrary):
        open_database(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    assert conn.execute("SELECT name FROM sqlite_master").fetchall() == [("customers",)]
    conn.close()


def test_a_postgresql_database_of_another_program_is_refused(pg_url: str) -> None:
    from sqlalchemy import create_engine

    engine = create_engine(pg_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE invoices (id serial PRIMARY KEY)")
    with pytest.raises(NotALibrary, match="another program's tables"):
        open_database(pg_url)
    with engine.connect() as conn:
        names = conn.exec_driver_sql("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").scalars().all()
    engine.dispose()
    assert names == ["invoices"]


# ---------------------------------------------------------------- damage
def test_a_truncated_library_is_refused_and_left_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite3"
    library_with_claims(path)
    os.truncate(path, path.stat().st_size - 1000)
    before = folder_state(tmp_path)
    with pytest.raises(LibraryDamaged) as info:
        open_database(path)
    assert "is damaged (1,000 bytes are missing from its end)" in str(info.value)
    assert "ClaimMark will not write into it" in str(info.value)
    assert folder_state(tmp_path) == before


def test_a_garbage_page_is_found_before_anything_is_written(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite3"
    library_with_claims(path)
    with path.open("r+b") as fh:  # page 2: the first table's root
        fh.seek(4096)
        fh.write(os.urandom(4096))
    before = folder_state(tmp_path)
    with pytest.raises(LibraryDamaged, match="is damaged"):
        open_database(path)
    assert folder_state(tmp_path) == before


def edits_left_in_the_journal(path: Path, n: int) -> None:
    assert faults.library_with_journal(path, n) == [f"edit {i}" for i in range(n)]


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")
def test_a_journal_damaged_in_the_middle_is_refused_and_kept(tmp_path: Path) -> None:
    """SQLite would read up to the damaged frame, drop the commits after it, and delete the journal."""
    path = tmp_path / "lib.sqlite3"
    edits_left_in_the_journal(path, 12)
    wal = files.wal_path(path)
    page = files.read_header(path).page_size
    with wal.open("r+b") as fh:  # inside the 4th frame's page
        fh.seek(files.WAL_HEADER + 3 * (files.WAL_FRAME_HEADER + page) + files.WAL_FRAME_HEADER + 100)
        fh.write(os.urandom(64))
    before = folder_state(tmp_path)
    with pytest.raises(LibraryDamaged) as info:
        open_database(path)
    assert "The journal of the library" in str(info.value) and "lib.sqlite3-wal" in str(info.value)
    assert "frame 4 of" in str(info.value)
    assert folder_state(tmp_path) == before  # the journal is kept, byte for byte
    reading = open_database(path, readonly=True)  # for rescue: read what can be read, and say what is wrong
    assert reading.damage is not None and "The journal of the library" in str(reading.damage)
    reading.close()
    assert folder_state(tmp_path) == before


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")
def test_a_sound_journal_left_by_a_crash_keeps_every_commit(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite3"
    edits_left_in_the_journal(path, 12)
    assert files.inspect_wal(path).valid_frames > 0 and not files.inspect_wal(path).damaged
    db = open_database(path)
    db.close()
    assert claim_notes(path) == [f"edit {i}" for i in range(12)]


def test_a_library_from_a_newer_claimmark_is_refused_by_its_schema_mark(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite3"
    library_with_claims(path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version=9999")
    conn.commit()
    conn.close()
    before = folder_state(tmp_path)
    with pytest.raises(DatabaseProblem, match=r"made by a newer ClaimMark \(schema 9999\)"):
        open_database(path)
    assert folder_state(tmp_path) == before


# ---------------------------------------------------------------- reading only
def test_export_reads_a_library_without_writing_anything(tmp_path: Path, capsys) -> None:
    from claimmark.core.cli import main

    path = tmp_path / "lib.sqlite3"
    library_with_claims(path)
    before = folder_state(tmp_path)
    assert main(["export", "--db", str(path), "--format", "csv"]) == 0
    assert capsys.readouterr().out.count("edit ") == 3
    after = folder_state(tmp_path)
    assert after.pop("lib.sqlite3") == before["lib.sqlite3"]  # only the empty journal files SQLite keeps beside it
    assert {name: files.inspect_wal(path).size for name in after} == dict.fromkeys(after, 0)


def test_export_of_a_missing_library_makes_none(tmp_path: Path, capsys) -> None:
    from claimmark.core.cli import main

    assert main(["export", "--db", str(tmp_path / "none.sqlite3"), "--format", "csv"]) == 2
    assert "There is no library at" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def library_at_0003(path: Path) -> None:
    """A library made by the ClaimMark of schema 0003, with a trainee's three claims."""
    from alembic import command

    from claimmark.core.storage.engine import connect
    from claimmark.core.storage.migrate import alembic_config, migrating

    def make(conn) -> None:
        config = alembic_config()
        config.attributes["connection"] = conn
        command.upgrade(config, "0003")
        now = "'2026-11-30 09:00:00'"
        conn.exec_driver_sql(
            "INSERT INTO article (id, title, outlet, author, published, url, text, text_hash, source_name, created_at) "
            f"VALUES (1, 'Old', '', '', '', '', 'Officials said about 600 were killed on Tuesday.', 'x', '', {now})"
        )
        conn.exec_driver_sql(f"INSERT INTO trainee (id, name, created_at) VALUES (1, 'kim', {now})")
        conn.exec_driver_sql(
            f"INSERT INTO claimset (id, article_id, trainee_id, role, created_at) VALUES (1, 1, 1, 'trainee', {now})"
        )
        for i in range(3):
            conn.exec_driver_sql(
                'INSERT INTO claim (claim_set_id, start, "end", tag, note, source, created_at, updated_at) '
                f"VALUES (1, {i * 10}, {i * 10 + 5}, 'confirmed', 'edit {i}', '', {now}, {now})"
            )

    db = connect(path)
    migrating(db, make)
    db.close()


def test_export_reads_an_older_schema_through_a_copy_and_leaves_the_library_as_it_was(tmp_path: Path, capsys) -> None:
    from claimmark.core.cli import main

    path = tmp_path / "lib.sqlite3"
    library_at_0003(path)
    before = folder_state(tmp_path)
    assert main(["export", "--db", str(path), "--format", "csv"]) == 0
    assert capsys.readouterr().out.count("edit ") == 3
    assert folder_state(tmp_path)["lib.sqlite3"] == before["lib.sqlite3"]
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0003",)
    conn.close()


def test_a_read_only_database_refuses_every_write(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite3"
    library_with_claims(path)
    db = open_database(path, readonly=True)
    with pytest.raises(DatabaseProblem, match="open for reading only"), db.write():
        pass
    db.close()


def test_a_read_only_postgresql_session_writes_nothing(db_url: str) -> None:
    if "://" not in db_url:
        pytest.skip("the SQLite case is test_a_read_only_database_refuses_every_write")
    open_database(db_url).close()
    db = open_database(db_url, readonly=True)
    from sqlalchemy.exc import DBAPIError

    with pytest.raises(DBAPIError, match="read-only transaction"), db.writer.begin() as conn:
        conn.exec_driver_sql("INSERT INTO trainee (name, created_at) VALUES ('x', now())")
    db.close()


# ---------------------------------------------------------------- damage met while open
def test_damage_met_while_open_stops_every_later_write(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite3"
    library_with_claims(path, 40)
    db = open_database(path)
    page = files.read_header(path).page_size
    with path.open("r+b") as fh:  # every page but the first (the schema) overwritten, as by a failing disk
        fh.seek(page)
        fh.write(b"\xff" * (path.stat().st_size - page))
    db.writer.dispose()  # new connections: they read the pages from the file, not from a cache
    db.reader.dispose()
    with pytest.raises(LibraryDamaged, match="is damaged"):
        Workspace(db, "kim")
    before = folder_state(tmp_path)["lib.sqlite3"]
    with pytest.raises(LibraryDamaged), db.write():  # refused before anything is tried
        pass
    db.close()
    assert folder_state(tmp_path)["lib.sqlite3"] == before
