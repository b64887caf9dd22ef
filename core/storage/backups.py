"""Backups of a library on SQLite, and restoring one: made with SQLite's online backup, never by
copying the file of a library in use.

Where
    One folder per library under the user data folder, beside the default library:
    ``<user data>/ClaimMark/backups/<library name>-<8 hex digits of its path>/`` (or under
    ``$CLAIMMARK_BACKUPS``, for backups on another disk).  Each backup is
    ``<UTC time>.<reason>.sqlite3``, with a ``.json`` beside it giving its time, reason, article
    and claim counts and schema, so listing them reads no database.

When
    Before every schema upgrade (``open_database``), when a window closes after changes, at most
    once a day (the window makes it in the background), and on demand (``claimmark backup``).

How (:func:`make_backup`)
    The library is checked first (``PRAGMA quick_check``): a damaged library is never backed
    up, so a bad copy can never push a good backup out.  The copy is written as ``.part``,
    checked again (quick check, ClaimMark's mark, its schema, its counts), flushed to disk and
    only then given its name; then old backups are pruned.

Kept (:func:`to_keep`)
    The 5 newest; then, going back, the newest of each of 12 days, then of each of 10 weeks,
    then of each of 9 months (the schedule Anki keeps); and always the newest made before an
    upgrade.

Restoring (:func:`restore`)
    The backup is checked, and the library as it is kept first: a sound library is backed up
    (reason ``restore``) and the backup is written into it with the online backup, in one
    transaction that other windows see at their next read; a damaged, empty or missing one is
    moved whole (with its journal) into ``replaced-<time>/`` in the backups folder, never
    deleted, and the backup copied into its place.

PostgreSQL databases are backed up by the server's own tools (:data:`POSTGRES_ADVICE`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from claimmark.core.errors import UserError
from claimmark.core.storage import files
from claimmark.core.storage.engine import (
    Database,
    DatabaseProblem,
    EmptyLibraryFile,
    LibraryDamaged,
    NotALibrary,
    check_sqlite_file,
    damaged,
)

ENV_VAR = "CLAIMMARK_BACKUPS"
SUFFIX = ".sqlite3"
KEEP_NEWEST = 5
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 12, 10, 9
DAILY = timedelta(hours=24)

REASONS = {
    "manual": "made on request",
    "daily": "daily",
    "close": "when ClaimMark closed",
    "upgrade": "before a schema upgrade",
    "restore": "before a restore",
}
"""Why a backup was made, as its file name and the listing say it."""

POSTGRES_ADVICE = (
    "ClaimMark does not back up a PostgreSQL database itself: the server's own tools do it, while "
    "the class works. Make a backup with:  pg_dump --format=custom --file=class.dump '{url}'  and "
    "restore it into an empty database with:  pg_restore --dbname='{url}' class.dump. To move the "
    "whole class into another database (SQLite or PostgreSQL), use:  claimmark export --all FILE  and  "
    "claimmark import-all FILE --db NEW."
)


class BackupProblem(UserError):
    """A backup that cannot be made, listed or restored; the message says why and what to do."""


@dataclass(frozen=True)
class Backup:
    """One backup of a library, as its listing shows it."""

    path: Path
    made_at: datetime
    """When it was made (aware, UTC)."""
    reason: str
    articles: int
    claims: int
    size: int
    schema: str | None = None
    library_written: int | None = None
    """The library's file time (ns) when it was copied (:func:`written_at`)."""

    @property
    def described(self) -> str:
        return REASONS.get(self.reason, self.reason)


# ---------------------------------------------------------------- where
def backup_root() -> Path:
    configured = os.environ.get(ENV_VAR)
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_data_path

    return user_data_path("ClaimMark", appauthor=False) / "backups"


def backup_folder(library: Path) -> Path:
    """The folder that holds this library's backups (one per library file)."""
    resolved = library.expanduser().resolve()
    digest = hashlib.sha256(str(resolved).encode("utf-8", "surrogateescape")).hexdigest()[:8]
    return backup_root() / f"{resolved.stem}-{digest}"


def library_path(db: Database) -> Path:
    """The library file of a database, or a BackupProblem saying why it has none to back up."""
    path = db.path
    if path is None:
        if not db.is_sqlite:
            raise BackupProblem(POSTGRES_ADVICE, url=db.name)
        raise BackupProblem("The database '{database}' is not a file, so it has no backups.", database=db.name)
    return path


# ---------------------------------------------------------------- listing
def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H-%M-%SZ")


def _sidecar(path: Path) -> Path:
    return path.with_suffix(".json")


def _read(path: Path) -> Backup | None:
    """The backup's description (from its .json, else from the file itself); None if it is not one."""
    try:
        info = json.loads(_sidecar(path).read_text(encoding="utf-8"))
        return Backup(
            path=path,
            made_at=datetime.fromisoformat(info["made_at"]).astimezone(UTC),
            reason=str(info["reason"]),
            articles=int(info["articles"]),
            claims=int(info["claims"]),
            size=path.stat().st_size,
            schema=info.get("schema"),
            library_written=info.get("library_written"),
        )
    except (OSError, ValueError, KeyError, TypeError):
        pass
    stem, _, reason = path.name.removesuffix(SUFFIX).partition(".")
    reason = reason.rsplit("-", 1)[0] if reason.rsplit("-", 1)[-1].isdigit() else reason
    try:
        made_at = datetime.strptime(stem, "%Y-%m-%dT%H-%M-%SZ").replace(tzinfo=UTC)
    except ValueError:
        made_at = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    try:
        articles, claims = files.counts(path)
    except sqlite3.Error:
        return None
    return Backup(path, made_at, reason or "manual", articles, claims, path.stat().st_size)


def list_backups(library: Path) -> list[Backup]:
    """This library's backups, newest first."""
    folder = backup_folder(library)
    if not folder.is_dir():
        return []
    found = [b for p in folder.glob(f"*{SUFFIX}") if (b := _read(p)) is not None]
    return sorted(found, key=lambda b: b.made_at, reverse=True)


def check_backup(path: Path) -> files.Probe:
    """A backup's contents, checked: sound, a ClaimMark library, at a schema this ClaimMark knows."""
    if not path.is_file():
        raise BackupProblem("There is no backup file {file}.", file=str(path))
    found = files.probe(path)
    if found.problems:
        raise BackupProblem(
            "The backup {file} is damaged ({reason}); choose another.", file=path.name, reason=found.problems[0]
        )
    if not (found.marked or found.claimmark_tables):
        raise BackupProblem("{file} is not a ClaimMark backup; choose another.", file=path.name)
    if found.revision is not None and found.revision not in known_revisions():
        raise BackupProblem(
            "The backup {file} was made by a newer ClaimMark (schema {schema}). Update ClaimMark to restore it.",
            file=path.name,
            schema=found.revision,
        )
    return found


def newest_good(library: Path) -> Backup | None:
    """The newest backup that passes its check now (a backup can be damaged on disk later too)."""
    for backup in list_backups(library):
        try:
            check_backup(backup.path)
        except BackupProblem:
            continue
        return backup
    return None


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    from claimmark.core.storage.migrate import alembic_config

    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


# ---------------------------------------------------------------- making
def make_backup(library: Path, reason: str = "manual", *, now: datetime | None = None) -> Backup:
    """Back up a library now (see the module notes); returns the new backup."""
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    try:
        source = files.connect_readonly(library)
    except sqlite3.Error as exc:
        raise BackupProblem(
            "Could not read the library {file} to back it up: {reason}.", file=str(library), reason=str(exc)
        ) from exc
    folder = backup_folder(library)
    part = folder / f"{_stamp(moment)}.{reason}.part"
    try:
        problems = files.quick_check(source)
        if problems:
            raise damaged(library, problems[0])
        folder.mkdir(parents=True, exist_ok=True)
        _remove_stale_parts(folder, moment)
        copied = written_at(library)  # before the copy: an edit made during it counts as after it
        files.snapshot(source, part)
    except (OSError, sqlite3.Error) as exc:
        _remove(part)
        reason_text = (exc.strerror or str(exc)) if isinstance(exc, OSError) else str(exc)
        raise BackupProblem(
            "The backup could not be written to {folder}: {reason}. The library itself is unchanged.",
            folder=str(folder),
            reason=reason_text,
        ) from exc
    except BaseException:
        _remove(part)
        raise
    finally:
        source.close()
    try:
        found = files.probe(part)
        if found.problems or not (found.marked or found.claimmark_tables):
            raise BackupProblem(
                "The backup written to {folder} did not read back as a sound library ({reason}), so it was "
                "removed. Check the disk; the library itself is unchanged.",
                folder=str(folder),
                reason=(found.problems or ("not a ClaimMark library",))[0],
            )
        articles, claims = files.counts(part)
        target = _free_name(folder, f"{_stamp(moment)}.{reason}")
        os.replace(part, target)
        files.fsync_folder(folder)
        info = {
            "made_at": moment.isoformat(),
            "reason": reason,
            "articles": articles,
            "claims": claims,
            "schema": found.revision,
            "library": str(library),
            "library_written": copied,
        }
        _write_text(_sidecar(target), json.dumps(info, indent=1) + "\n")
    except BaseException:
        _remove(part)
        raise
    backup = Backup(target, moment, reason, articles, claims, target.stat().st_size, found.revision, copied)
    prune(library, now=moment)
    return backup


STALE_PART = timedelta(minutes=10)
"""A half-written backup this old was left by a process that was killed while writing it."""


def _remove_stale_parts(folder: Path, moment: datetime) -> None:
    for part in folder.glob("*.part"):
        with contextlib.suppress(OSError):
            if moment - datetime.fromtimestamp(part.stat().st_mtime, UTC) > STALE_PART:
                part.unlink()


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def _free_name(folder: Path, stem: str) -> Path:
    target = folder / f"{stem}{SUFFIX}"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{stem}-{n}{SUFFIX}"
    return target


def _write_text(path: Path, text: str) -> None:
    part = path.with_name(path.name + ".part")
    with part.open("w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(part, path)


def written_at(library: Path) -> int:
    """When the library (or its journal) was last written, as the file system says (ns; 0: no file).

    An empty journal holds nothing: a read-only look (a backup's own) makes one beside the file.
    """
    wal = files.wal_path(library)
    written = [p for p in (library, wal) if p.exists() and (p is library or p.stat().st_size > 0)]
    return max((p.stat().st_mtime_ns for p in written), default=0)


def changed_since(library: Path, backup: Backup) -> bool:
    """Whether the library was written after ``backup`` copied it.

    Compared with the file time the backup recorded, not with the clock: file times are coarse
    (a few milliseconds behind it), so an edit just after a backup could look older than it.
    """
    if backup.library_written is not None:
        return written_at(library) > backup.library_written
    return datetime.fromtimestamp(written_at(library) / 1e9, UTC) > backup.made_at


def due(library: Path, *, now: datetime | None = None, every: timedelta | None = None) -> bool:
    """Whether a backup should be made now: the library changed since its newest backup, and
    (with ``every``) that backup is older than ``every``."""
    moment = now or datetime.now(UTC)
    backups = list_backups(library)
    if not backups:
        return library.exists()
    newest = backups[0]
    if every is not None and moment - newest.made_at < every:
        return False
    return changed_since(library, newest)


def backup_if_due(library: Path, reason: str, *, every: timedelta | None = None) -> Backup | None:
    """A backup of a library that changed since its newest one (``every``: at most that often)."""
    return make_backup(library, reason) if due(library, every=every) else None


# ---------------------------------------------------------------- keeping
def to_keep(backups: Sequence[Backup]) -> set[Path]:
    """Which backups the schedule keeps (see the module notes); ``backups`` in any order."""
    ordered = sorted(backups, key=lambda b: b.made_at, reverse=True)
    keep = {b.path for b in ordered[:KEEP_NEWEST]}
    days: set[object] = set()
    weeks: set[object] = set()
    months: set[object] = set()
    for backup in ordered:
        local = backup.made_at.astimezone().date()
        day, week, month = local, local.isocalendar()[:2], (local.year, local.month)
        if day in days or week in weeks or month in months:
            continue
        if len(days) < KEEP_DAILY:
            days.add(day)
        elif len(weeks) < KEEP_WEEKLY:
            weeks.add(week)
        elif len(months) < KEEP_MONTHLY:
            months.add(month)
        else:
            continue
        keep.add(backup.path)
    upgrades = [b for b in ordered if b.reason == "upgrade"]
    if upgrades:
        keep.add(upgrades[0].path)
    return keep


def prune(library: Path, *, now: datetime | None = None) -> list[Path]:
    """Delete the backups the schedule does not keep; returns them."""
    backups = list_backups(library)
    keep = to_keep(backups)
    removed = []
    for backup in backups:
        if backup.path not in keep:
            for path in (backup.path, _sidecar(backup.path)):
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
            removed.append(backup.path)
    return removed


# ---------------------------------------------------------------- restoring
@dataclass(frozen=True)
class Restored:
    backup: Backup
    kept: Path | None
    """Where the library as it was before is kept: a backup, or the folder it was moved to."""


def restore(library: Path, backup: Backup | Path) -> Restored:
    """Put a backup in the library's place, keeping the library as it was (see the module notes).

    Refuses another program's file at ``library`` (it is never replaced), and a backup that is
    damaged, not ClaimMark's or from a newer ClaimMark.
    """
    chosen = backup if isinstance(backup, Backup) else _read(backup)
    if chosen is None:
        raise BackupProblem("{file} is not a ClaimMark backup; choose another.", file=str(backup))
    check_backup(chosen.path)
    state = _state(library)
    if state == "sound":
        before = make_backup(library, "restore")
        try:
            _write_into(chosen.path, library)
        except sqlite3.Error as exc:
            raise BackupProblem(
                "Could not restore into {file} ({reason}); it is as it was. Close other ClaimMark windows and try "
                "again.",
                file=str(library),
                reason=str(exc),
            ) from exc
        return Restored(chosen, before.path)
    kept = _move_aside(library) if state != "missing" else None
    _copy_into_place(chosen.path, library)
    return Restored(chosen, kept)


def _state(library: Path) -> str:
    """ "missing", "sound" (a ClaimMark library), or "damaged"/"empty" (to be moved aside); another
    program's file is refused."""
    if not library.exists():
        return "missing"
    try:
        check_sqlite_file(library, readonly=True)
    except LibraryDamaged:
        return "damaged"
    except EmptyLibraryFile:
        return "empty"
    except NotALibrary as exc:
        raise BackupProblem(
            "{reason} A backup is never restored over another program's file.", reason=str(exc)
        ) from exc
    return "sound"


def _write_into(source: Path, library: Path) -> None:
    src = files.connect_readonly(source)
    try:
        dest = sqlite3.connect(library, timeout=10)
        try:
            dest.execute("PRAGMA busy_timeout=10000")
            src.backup(dest)
        finally:
            dest.close()
    finally:
        src.close()


def _move_aside(library: Path) -> Path:
    """Move the library and its journal into ``replaced-<time>/`` in its backups folder."""
    aside = backup_folder(library) / f"replaced-{_stamp(datetime.now(UTC))}"
    aside.mkdir(parents=True, exist_ok=False)
    for path in (library, files.wal_path(library)):
        if path.exists():
            shutil.move(str(path), str(aside / path.name))
    with contextlib.suppress(FileNotFoundError):
        library.with_name(library.name + "-shm").unlink()  # the journal's index: rebuilt from the journal
    return aside


def _copy_into_place(source: Path, library: Path) -> None:
    part = library.with_name(f".{library.name}.restoring")
    try:
        files.snapshot(source, part)
        conn = sqlite3.connect(part, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
        finally:
            conn.close()
        files.fsync_file(part)
        os.replace(part, library)
        files.fsync_folder(library.parent)
    finally:
        for leftover in (part, files.wal_path(part), part.with_name(part.name + "-shm")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()


def describe_backups(backups: Iterable[Backup]) -> list[str]:
    """One line per backup for the command line: number, local time, counts, reason, size."""
    lines = []
    for n, b in enumerate(backups, 1):
        when = b.made_at.astimezone().strftime("%Y-%m-%d %H:%M")
        lines.append(
            f"{n:>3}  {when}  {b.claims:>7,} claims  {b.articles:>5,} articles  {b.size / 1e6:7.1f} MB  {b.described}"
        )
    return lines


__all__ = [
    "POSTGRES_ADVICE",
    "Backup",
    "BackupProblem",
    "DatabaseProblem",
    "Restored",
    "backup_folder",
    "backup_if_due",
    "check_backup",
    "list_backups",
    "make_backup",
    "newest_good",
    "prune",
    "restore",
    "to_keep",
]
