"""Backups: made with SQLite's online backup, checked before and after, kept on a schedule, and
restored without losing the library as it was."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from claimmark.core.claims import Tag
from claimmark.core.cli import main
from claimmark.core.reader import operations as ops
from claimmark.core.reader.workspace import Workspace
from claimmark.core.storage import backups, files, open_database
from claimmark.core.storage.engine import LibraryDamaged, connect
from claimmark.core.storage.migrate import alembic_config, migrating


def library(path: Path, notes: list[str]) -> None:
    db = open_database(path)
    opened = Workspace(db, "kim").open_start()
    for i, note in enumerate(notes):
        ops.run(db, ops.AddClaim(opened.claim_set_id, i, i + 3, Tag.CONFIRMED, note=note))
    db.close()


def notes_in(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [n for (n,) in conn.execute("SELECT note FROM claim WHERE note LIKE 'mine %' ORDER BY id")]
    finally:
        conn.close()


def damage(path: Path) -> None:
    page = files.read_header(path).page_size
    with path.open("r+b") as fh:
        fh.seek(page)
        fh.write(os.urandom(page))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------- making
def test_a_backup_is_a_checked_copy_of_a_library_in_use(tmp_path: Path) -> None:
    """The edits still in the journal (not yet in the file) are in the backup: it is SQLite's own
    online copy, not a copy of the file, taken while the library is open."""
    path = tmp_path / "lib.sqlite3"
    db = open_database(path)
    opened = Workspace(db, "kim").open_start()
    for i in range(5):
        ops.run(db, ops.AddClaim(opened.claim_set_id, i, i + 3, Tag.CONFIRMED, note=f"mine {i}"))
    assert files.inspect_wal(path).valid_frames > 0  # the edits are in the journal, the window still open
    in_library = files.counts(path)
    made = backups.make_backup(path, "manual")
    db.close()
    assert made.path.parent == backups.backup_folder(path)
    assert notes_in(made.path) == [f"mine {i}" for i in range(5)]
    assert files.probe(made.path).sound and files.probe(made.path).marked
    assert (made.articles, made.claims) == in_library
    assert backups.list_backups(path) == [made]
    assert not list(made.path.parent.glob("*.part"))


def test_a_damaged_library_is_never_backed_up(tmp_path: Path) -> None:
    """A bad copy must never push out a good backup."""
    path = tmp_path / "lib.sqlite3"
    library(path, ["mine 1"])
    good = backups.make_backup(path, "manual")
    damage(path)
    with pytest.raises(LibraryDamaged, match="is damaged"):
        backups.make_backup(path, "close")
    assert backups.list_backups(path) == [good]
    assert sorted(p.name for p in good.path.parent.iterdir()) == sorted([good.path.name, good.path.stem + ".json"])


def _migrate_to_0002(conn) -> None:
    from alembic import command

    config = alembic_config()
    config.attributes["connection"] = conn
    command.upgrade(config, "0002")
    conn.exec_driver_sql(
        "INSERT INTO article (title, outlet, author, published, url, text, text_hash, source_name, created_at) "
        "VALUES ('Old', '', '', '', '', 'Officials said about 600 were killed.', 'x', '', '2024-05-02 09:00:00')"
    )


def test_a_schema_upgrade_is_preceded_by_a_backup_of_the_library_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    old = connect(path)
    migrating(old, _migrate_to_0002)
    old.close()
    before = digest(path)
    open_database(path).close()
    (made,) = backups.list_backups(path)
    assert made.reason == "upgrade" and made.schema == "0002" and made.articles == 1
    conn = sqlite3.connect(made.path)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0002",)
    conn.close()
    assert digest(path) != before  # the library itself was upgraded


# ---------------------------------------------------------------- keeping
def made(day: datetime, reason: str = "daily", n: int = 0) -> backups.Backup:
    return backups.Backup(Path(f"{day:%Y-%m-%dT%H-%M}-{n}.sqlite3"), day, reason, 1, 1, 1)


def test_backups_are_kept_on_a_schedule_like_ankis() -> None:
    now = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)
    # two a day for two years, and one made before an upgrade long ago
    history = [made(now - timedelta(days=d, hours=h), n=h) for d in range(730) for h in (0, 6)]
    upgrade = made(now - timedelta(days=700, hours=3), "upgrade")
    kept = backups.to_keep([*history, upgrade])
    newest = sorted(history, key=lambda b: b.made_at, reverse=True)
    assert {b.path for b in newest[:5]} <= kept  # the newest five, whatever their day
    days = {b.made_at.astimezone().date() for b in history if b.path in kept}
    local_now = now.astimezone().date()
    recent_days = [local_now - timedelta(days=d) for d in range(12)]
    assert set(recent_days) <= days  # one for each of the last 12 days
    older = sorted((d for d in days if d < min(recent_days)), reverse=True)
    weeks = {d.isocalendar()[:2] for d in older[:10]}
    assert len(weeks) == 10  # then one a week for 10 weeks
    months = {(d.year, d.month) for d in older[10:]}
    assert len(months) == 9  # then one a month for 9 months
    assert len(kept) == 5 - 3 + 12 + 10 + 9 + 1  # the newest five overlap three of the days; plus the upgrade
    assert upgrade.path in kept


def test_old_backups_are_pruned_and_the_newest_upgrade_backup_stays(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite3"
    library(path, ["mine 1"])
    start = datetime.now(UTC) - timedelta(days=60)
    backups.make_backup(path, "upgrade", now=start - timedelta(days=1))
    for d in range(40):
        backups.make_backup(path, "daily", now=start + timedelta(days=d))
    kept = backups.list_backups(path)
    assert len(kept) < 41
    assert [b.reason for b in kept].count("upgrade") == 1
    folder = backups.backup_folder(path)
    assert sorted(p.stem for p in folder.glob("*.json")) == sorted(b.path.stem for b in kept)  # no stray sidecar


def test_a_daily_backup_waits_a_day_and_for_a_change(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite3"
    library(path, ["mine 1"])
    assert backups.due(path, every=backups.DAILY)  # none yet
    first = backups.make_backup(path, "daily")
    assert not backups.due(path, every=backups.DAILY)  # made just now
    tomorrow = first.made_at + timedelta(days=1, minutes=1)
    assert not backups.due(path, now=tomorrow, every=backups.DAILY)  # a day later, but nothing changed
    library(path, ["mine 2"])
    assert backups.due(path, now=tomorrow, every=backups.DAILY)


# ---------------------------------------------------------------- restoring
def test_restoring_into_a_library_in_use_keeps_the_library_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite3"
    library(path, ["mine 1", "mine 2"])
    good = backups.make_backup(path, "manual")
    window = open_database(path)  # another window has it open
    opened = Workspace(window, "kim").open_start()
    ops.run(window, ops.AddClaim(opened.claim_set_id, 9, 12, Tag.CONFIRMED, note="mine 3 (a mistake)"))
    done = backups.restore(path, good)
    assert notes_in(path) == ["mine 1", "mine 2"]
    assert [c.note for c in Workspace(window, "kim").claims(opened.claim_set_id)] == ["mine 1", "mine 2"]
    window.close()
    assert done.kept is not None and notes_in(done.kept) == ["mine 1", "mine 2", "mine 3 (a mistake)"]
    open_database(path).close()  # a sound library, at its schema


def test_restoring_over_a_damaged_library_moves_it_aside_whole(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite3"
    library(path, ["mine 1"])
    good = backups.make_backup(path, "manual")
    damage(path)
    damaged = digest(path)
    with pytest.raises(LibraryDamaged) as info:
        open_database(path)
    assert "The newest good backup is from" in str(info.value) and "claimmark restore --db" in str(info.value)
    done = backups.restore(path, good)
    assert done.kept is not None and done.kept.name.startswith("replaced-")
    assert digest(done.kept / "lib.sqlite3") == damaged  # kept byte for byte, never deleted
    assert notes_in(path) == ["mine 1"]
    open_database(path).close()


def test_the_advice_for_a_damaged_library_skips_a_damaged_backup(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite3"
    library(path, ["mine 1"])
    older = backups.make_backup(path, "manual", now=datetime.now(UTC) - timedelta(days=2))
    newer = backups.make_backup(path, "manual")
    damage(newer.path)
    damage(path)
    with pytest.raises(LibraryDamaged) as info:
        open_database(path)
    assert info.value.backup == older


def test_a_backup_is_never_restored_over_another_programs_file(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite3"
    library(path, ["mine 1"])
    good = backups.make_backup(path, "manual")
    path.unlink()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE accounts (id INTEGER)")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(backups.BackupProblem, match="never restored over another program's file"):
        backups.restore(path, good)
    assert digest(path) == before


def test_a_damaged_backup_is_not_restored(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite3"
    library(path, ["mine 1"])
    good = backups.make_backup(path, "manual")
    damage(good.path)
    before = digest(path)
    with pytest.raises(backups.BackupProblem, match="is damaged"):
        backups.restore(path, good)
    assert digest(path) == before


# ---------------------------------------------------------------- the command line
def test_backup_and_restore_from_the_command_line(tmp_path: Path, capsys) -> None:
    path = tmp_path / "lib.sqlite3"
    library(path, ["mine 1"])
    assert main(["backup", "--db", str(path)]) == 0
    out, err = capsys.readouterr()
    assert Path(out.strip()).is_file() and "checked after writing" in err
    library(path, ["mine 2"])
    assert main(["restore", "--db", str(path)]) == 0
    out, err = capsys.readouterr()
    assert "made on request" in out and "  1  " in out and "restore one with: claimmark restore" in err
    assert main(["restore", "--db", str(path), "1"]) == 0
    assert "restored the backup of" in capsys.readouterr().err
    assert notes_in(path) == ["mine 1"]
    assert main(["restore", "--db", str(path), "7"]) == 2
    assert "there is no backup 7" in capsys.readouterr().err


def test_on_postgresql_the_server_tools_are_named(capsys) -> None:
    assert main(["backup", "--db", "postgresql://teacher@school/class"]) == 1
    err = capsys.readouterr().err
    assert "pg_dump --format=custom --file=class.dump 'postgresql://teacher@school/class'" in err
    assert "claimmark export --all FILE" in err


def test_a_damaged_library_on_the_command_line_names_the_newest_good_backup(tmp_path: Path, capsys) -> None:
    path = tmp_path / "lib.sqlite3"
    library(path, ["mine 1"])
    good = backups.make_backup(path, "manual")
    damage(path)
    before = digest(path)
    story = tmp_path / "story.txt"
    story.write_text("Officials said on Tuesday that about 600 soldiers were killed.", encoding="utf-8")
    assert main(["import", "--db", str(path), str(story)]) == 2
    err = capsys.readouterr().err
    assert "is damaged" in err and "The newest good backup is from" in err
    assert f"({good.claims} claims in 1 articles)" in err and f"claimmark restore --db {path} 1" in err
    assert digest(path) == before  # nothing imported into it


def test_a_look_at_the_library_is_not_a_change(tmp_path: Path) -> None:
    """A backup's read-only look leaves an empty journal beside a closed library: that is no edit."""
    path = tmp_path / "lib.sqlite3"
    library(path, ["mine 1"])
    made = backups.make_backup(path, "daily")
    wal = files.wal_path(path)
    assert wal.exists() and wal.stat().st_size == 0
    later = made.made_at.timestamp() + 5  # looked at again after the backup
    os.utime(wal, (later, later))
    assert not backups.changed_since(path, made)
    assert not backups.due(path, now=made.made_at + timedelta(days=2), every=backups.DAILY)


def test_an_edit_just_after_a_backup_is_a_change(tmp_path: Path) -> None:
    """File times are a few milliseconds behind the clock: compared with the backup's time, an
    edit right after it could look older than it and never be backed up."""
    path = tmp_path / "lib.sqlite3"
    library(path, ["mine 1"])
    made = backups.make_backup(path, "close", now=datetime.now(UTC) + timedelta(seconds=1))  # a clock ahead
    library(path, ["mine 2"])
    assert backups.changed_since(path, made)
