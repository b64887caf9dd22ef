"""What a database file is, looked at before SQLite is let near it, and without writing to it.

SQLite trusts the file it is given.  Opened for writing, another program's database gets
ClaimMark's tables and WAL mode; a damaged one is read as far as it goes and written on; and a
journal (the ``-wal`` file beside it) whose frames do not check out is ignored and then deleted
when the last connection closes, taking the newest commits with it.  The engine
(``storage.engine``) asks here first and refuses what is not a sound ClaimMark library:

* :func:`read_header`: SQLite's first 100 bytes (magic, page size and count, ClaimMark's mark
  and schema version: ``PRAGMA application_id`` and ``user_version``);
* :func:`inspect_wal`: whether the journal holds frames SQLite would drop (a frame that fails
  its checksum followed by frames that pass it: committed work after damage);
* :func:`probe`: a read-only look inside (mark, tables, schema revision) and the quick check;
* :func:`create_library_file`: a new, marked, empty library made beside its place and linked
  into it in one step, so that no process ever sees a half-made (0-byte) library.

Nothing here raises for a bad file: every function returns what it found, and the engine
decides what to tell the person.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sqlite3
import struct
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100

APPLICATION_ID = 0x436C4D6B
"""``PRAGMA application_id`` of every ClaimMark library: "ClMk" in ASCII."""

CLAIMMARK_TABLES = frozenset({"article", "claim", "claimset", "exercise", "trainee"})
"""Tables every ClaimMark schema has; a library from before the mark is known by them."""

QUICK_CHECK_LIMIT = 5
"""At most this many problems are listed by the quick check (one is enough to refuse)."""

WAL_MAGICS = (0x377F0682, 0x377F0683)  # little- and big-endian checksums
WAL_HEADER = 32
WAL_FRAME_HEADER = 24


@dataclass(frozen=True)
class Header:
    """The parts of SQLite's 100-byte file header that say what the file is."""

    page_size: int
    pages: int
    """The database size in pages the header records (0 when SQLite did not record it)."""
    pages_valid: bool
    """The recorded size is current (SQLite wrote it with the last change)."""
    wal_mode: bool
    user_version: int
    application_id: int


def read_header(path: Path) -> Header | None:
    """The file's SQLite header, or None when it does not start like an SQLite database."""
    with path.open("rb") as fh:
        data = fh.read(HEADER_SIZE)
    if len(data) < HEADER_SIZE or not data.startswith(SQLITE_MAGIC):
        return None
    page_size = struct.unpack(">H", data[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    change_counter, pages = struct.unpack(">II", data[24:32])
    valid_for = struct.unpack(">I", data[92:96])[0]
    user_version, _, application_id = struct.unpack(">iii", data[60:72])
    return Header(
        page_size=page_size,
        pages=pages,
        pages_valid=pages > 0 and change_counter == valid_for,
        wal_mode=data[18] == 2 and data[19] == 2,
        user_version=user_version,
        application_id=application_id,
    )


def truncated(path: Path, header: Header) -> int:
    """Bytes missing from the end of the file by its own header (0 when none are).

    Only when the journal holds nothing: pages can live in the journal until they are copied back.
    """
    if not header.pages_valid or _wal_size(path) > 0:
        return 0
    return max(0, header.pages * header.page_size - path.stat().st_size)


# ---------------------------------------------------------------- the journal (-wal)
@dataclass(frozen=True)
class WalState:
    """What the journal beside a database holds, as SQLite would read it."""

    size: int = 0
    valid_frames: int = 0
    """Frames SQLite will use (up to the last valid commit)."""
    dropped_commits: int = 0
    """Committed transactions after a damaged frame, which SQLite would silently drop."""
    problem: str = ""
    """Why the journal cannot be trusted ("" when it can)."""

    @property
    def damaged(self) -> bool:
        return bool(self.problem)


def wal_path(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def _wal_size(path: Path) -> int:
    try:
        return wal_path(path).stat().st_size
    except FileNotFoundError:
        return 0


def _checksum(data: bytes, s0: int, s1: int, big_endian: bool) -> tuple[int, int]:
    """SQLite's WAL checksum (https://sqlite.org/fileformat2.html#walformat), continued from s0, s1."""
    words = struct.unpack(f"{'>' if big_endian else '<'}{len(data) // 4}I", data)
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & 0xFFFFFFFF
        s1 = (s1 + words[i + 1] + s0) & 0xFFFFFFFF
    return s0, s1


def inspect_wal(path: Path) -> WalState:
    """Whether the journal beside ``path`` holds committed work that SQLite would drop.

    SQLite reads frames in order and stops at the first whose salts or checksum do not match;
    whatever comes after is dropped, committed or not.  That is right for a frame being written
    when the power went (it was never committed) but not for damage in the middle: a frame that
    fails its checksum followed by frames that pass theirs (each checked from the checksum the
    frame before it recorded) means commits were made after the damaged one.  Frames with other
    salts are left over from before the journal was last restarted, and mean nothing.  A journal
    whose own header is unreadable (not all zeros: nothing was ever written) is damaged too.
    """
    wal = wal_path(path)
    try:
        with wal.open("rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        return WalState()
    if not data:
        return WalState()
    if not data.strip(b"\x00"):
        return WalState(size=len(data))  # allocated, never written: nothing was committed in it
    if len(data) < WAL_HEADER:
        return WalState(size=len(data), problem="its header is cut short")
    magic, version, page_size, _seq, salt1, salt2, c0, c1 = struct.unpack(">8I", data[:WAL_HEADER])
    if magic not in WAL_MAGICS or version != 3007000 or page_size < 512 or page_size & (page_size - 1):
        return WalState(size=len(data), problem="its header is not that of an SQLite journal")
    big = magic & 1 == 1
    if _checksum(data[:24], 0, 0, big) != (c0, c1):
        return WalState(size=len(data), problem="its header fails its checksum")
    frame_size = WAL_FRAME_HEADER + page_size
    count = (len(data) - WAL_HEADER) // frame_size

    def frame(i: int) -> tuple[bytes, bytes]:
        start = WAL_HEADER + i * frame_size
        return data[start : start + WAL_FRAME_HEADER], data[start + WAL_FRAME_HEADER : start + frame_size]

    def ours(head: bytes) -> bool:
        return struct.unpack(">II", head[8:16]) == (salt1, salt2)

    s0, s1 = c0, c1
    valid = committed = 0
    i = 0
    while i < count:
        head, page = frame(i)
        if not ours(head):
            break
        s0, s1 = _checksum(head[:8] + page, s0, s1, big)
        if (s0, s1) != struct.unpack(">II", head[16:24]):
            break
        i += 1
        if struct.unpack(">I", head[4:8])[0]:  # a commit frame: the database size after it
            committed = i
    valid = committed
    dropped = intact_after = 0
    for k in range(i + 1, count):
        head, page = frame(k)
        before, _ = frame(k - 1)
        if not ours(head):
            continue
        e0, e1 = struct.unpack(">II", before[16:24])
        if _checksum(head[:8] + page, e0, e1, big) == struct.unpack(">II", head[16:24]):
            intact_after += 1
            if struct.unpack(">I", head[4:8])[0]:
                dropped += 1
    if intact_after:
        return WalState(
            size=len(data),
            valid_frames=valid,
            dropped_commits=dropped,
            problem=f"frame {i + 1} of {count} is damaged and {intact_after} intact frame(s) follow it",
        )
    return WalState(size=len(data), valid_frames=valid)


# ---------------------------------------------------------------- a read-only look inside
@dataclass(frozen=True)
class Probe:
    """What a read-only connection finds in the file."""

    application_id: int = 0
    user_version: int = 0
    tables: frozenset[str] = field(default_factory=frozenset)
    revision: str | None = None
    """The Alembic revision recorded in ``alembic_version`` (None when there is none)."""
    problems: tuple[str, ...] = ()
    """What ``PRAGMA quick_check`` (or opening the file at all) reported; empty when sound."""
    damage: object | None = None
    """The engine's refusal, when a damaged library is opened for rescue all the same."""

    @property
    def marked(self) -> bool:
        return self.application_id == APPLICATION_ID

    @property
    def claimmark_tables(self) -> bool:
        """Has ClaimMark's tables (a library from before libraries were marked)."""
        return self.tables >= CLAIMMARK_TABLES and "alembic_version" in self.tables

    @property
    def sound(self) -> bool:
        return not self.problems


def readonly_uri(path: Path, *, immutable: bool = False) -> str:
    """An SQLite URI that opens ``path`` for reading only (it can never be created or written).

    ``immutable``: without locks, and without making the ``-wal`` and ``-shm`` files that a
    read-only connection to a WAL database otherwise leaves beside it; only for a file no
    process has open (neither of those files exists).
    """
    return f"file:{quote(str(path.resolve()))}?{'immutable=1' if immutable else 'mode=ro'}"


def connect_readonly(path: Path, *, timeout: float = 10.0, immutable: bool = False) -> sqlite3.Connection:
    return sqlite3.connect(readonly_uri(path, immutable=immutable), uri=True, timeout=timeout, check_same_thread=False)


def in_use(path: Path) -> bool:
    """Whether a journal or its index is beside the file (a process has it open, or left them)."""
    return wal_path(path).exists() or path.with_name(path.name + "-shm").exists()


def quick_check(conn: sqlite3.Connection) -> tuple[str, ...]:
    """``PRAGMA quick_check``'s problems (empty when the file is sound); every page is read."""
    try:
        rows = conn.execute(f"PRAGMA quick_check({QUICK_CHECK_LIMIT})").fetchall()
    except sqlite3.DatabaseError as exc:
        return (str(exc),)
    lines = [line for (text,) in rows for line in str(text).splitlines() if line.strip()]
    lines = [line for line in lines if not line.startswith("*** in database")]
    return () if lines == ["ok"] else tuple(lines[:QUICK_CHECK_LIMIT])


def probe(path: Path, *, check: bool = True) -> Probe:
    """Look inside read-only: the mark, the tables, the schema revision and (``check``) the quick check.

    Nothing is made beside the file either, when no process has it open.
    """
    try:
        conn = connect_readonly(path, immutable=not in_use(path))
    except sqlite3.Error as exc:
        return Probe(problems=(str(exc),))
    try:
        application_id = conn.execute("PRAGMA application_id").fetchone()[0]
        user_version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = frozenset(
            name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        )
        revision = None
        if "alembic_version" in tables:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
        problems = quick_check(conn) if check else ()
    except sqlite3.Error as exc:
        return Probe(problems=(str(exc),))
    finally:
        conn.close()
    return Probe(application_id, user_version, tables, revision, problems)


# ---------------------------------------------------------------- making a new library
def create_library_file(path: Path) -> bool:
    """Make a new, empty library at ``path``, marked as ClaimMark's and in WAL mode.

    It is made under a temporary name in the same folder, flushed to disk, and linked to
    ``path`` only if nothing is there (``os.link`` never replaces a file), so a process starting
    at the same moment sees either no file or a whole one, never an empty file.  Returns False
    when another process made the file first (it is then used as it is).
    """
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.new")
    os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))  # as SQLite makes it: the umask applies
    try:
        mark_as_library(tmp)
        fsync_file(tmp)
        try:
            os.link(tmp, path)
        except FileExistsError:
            return False
        except OSError:  # a file system without hard links (FAT on a USB stick)
            if path.exists():
                return False
            os.replace(tmp, path)
        fsync_folder(path.parent)
        return True
    finally:
        for leftover in (tmp, wal_path(tmp), tmp.with_name(tmp.name + "-shm")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()


def mark_as_library(path: Path) -> None:
    """Mark an (empty) SQLite file as a ClaimMark library, in WAL mode."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
    finally:
        conn.close()


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_folder(folder: Path) -> None:
    """Make a new name in ``folder`` survive a power cut (where the system allows it)."""
    if os.name == "nt":  # folders cannot be opened, and NTFS journals names itself
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# ---------------------------------------------------------------- copies
def snapshot(source: Path | sqlite3.Connection, target: Path) -> None:
    """Copy a database into a new file with SQLite's online backup: a consistent copy (one
    moment's state) even of a library another process is writing, never a copy of its file.

    The copy is one self-contained file (rollback journal, not WAL), flushed to disk.
    """
    src = connect_readonly(source) if isinstance(source, Path) else source
    try:
        dest = sqlite3.connect(target)
        try:
            src.backup(dest)
            dest.execute("PRAGMA journal_mode=DELETE")
        finally:
            dest.close()
    finally:
        if isinstance(source, Path):
            src.close()
    fsync_file(target)


def counts(path: Path) -> tuple[int, int]:
    """(articles, claims) in a library file, read-only."""
    conn = connect_readonly(path)
    try:
        articles = conn.execute("SELECT COUNT(*) FROM article").fetchone()[0]
        claims = conn.execute("SELECT COUNT(*) FROM claim").fetchone()[0]
        return int(articles), int(claims)
    finally:
        conn.close()
