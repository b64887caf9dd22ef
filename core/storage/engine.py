"""The one engine module: open a database by path or URL and hand out sessions.

Every user edit is its own short write transaction, committed at once.  On SQLite that means
WAL (readers never wait for the writer), a busy timeout, and ``BEGIN IMMEDIATE`` for writes so
that two processes doing read-then-write queue up instead of failing with "database is
locked".  Reads use a deferred ``BEGIN`` on a second engine so they never take the write lock.
The same code runs on PostgreSQL, where both engines are one.

Commits are durable: ``synchronous=FULL`` flushes the journal to disk at every commit, so an
edit that was shown as made survives a power cut (with ``NORMAL`` it could roll back).

Only sound ClaimMark libraries are opened (``storage.files`` looks at a file before SQLite is
let near it): a file that is not an SQLite database, another program's database, an empty
file, a damaged library and a journal holding commits SQLite would drop are refused with a
message naming the file, and left exactly as they are.  A new library is made whole under a
temporary name and linked into place.  ``readonly=True`` (``claimmark export``) opens for
reading only: nothing is created, upgraded or switched to WAL.  Once a read or write meets
damage, the database refuses every later write (:class:`LibraryDamaged`).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError
from sqlmodel import Session

from claimmark.core.errors import Message, UserError, refusal_of
from claimmark.core.storage import files
from claimmark.core.storage.files import SQLITE_MAGIC

ENV_VAR = "CLAIMMARK_DB"
BUSY_TIMEOUT_MS = 10_000


class DatabaseProblem(UserError):
    """A database that cannot be opened or used; the message names it and says what to do."""


class NotALibrary(DatabaseProblem):
    """The file is not a ClaimMark library (not a database, another program's, empty); it was left untouched."""


class EmptyLibraryFile(NotALibrary):
    """The file is empty (0 bytes, or an SQLite file with nothing in it): a library only when asked for."""

    def __init__(self, template: str, /, *, path: Path, **params: object) -> None:
        super().__init__(template, **params)
        self.path = path


class LibraryDamaged(DatabaseProblem):
    """A library that fails its integrity check, or whose journal holds commits SQLite would drop.

    It is opened for nothing but rescue: nothing is written into it.  ``path`` is the library
    file; ``open_database`` adds the newest good backup to the message (``advice``).
    """

    def __init__(self, template: str, /, *, path: Path | None, reason: str, **params: object) -> None:
        super().__init__(template, reason=reason, **params)
        self.path = path
        self.reason = reason
        self.advice: Message | None = None
        """What to do about it (restore the newest good backup, or save what can be read)."""
        self.backup: object | None = None
        """The newest good backup (a ``storage.backups.Backup``), when there is one."""

    @property
    def message(self) -> str:
        text = super().message
        return f"{text} {self.advice}" if self.advice is not None else text


class DiskProblem(DatabaseProblem):
    """A write the disk refused (full, gone, read-only now); nothing of that change was written."""


def default_database_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("ClaimMark", appauthor=False) / "claimmark.sqlite3"


def resolve_url(target: str | os.PathLike[str] | None = None, *, create_folder: bool = True) -> str:
    """``--db`` value, else ``$CLAIMMARK_DB``, else the default file; paths become sqlite URLs."""
    value = os.fspath(target) if target is not None else os.environ.get(ENV_VAR) or ""
    if not value:
        path = default_database_path()
        if create_folder:
            path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def describe(url: str) -> str:
    """The database as a person should see it: a file path, or the URL without its password."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return url
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or ":memory:"
    return parsed.render_as_string(hide_password=True)


def _check_folder(file: Path) -> None:
    if file.is_dir():
        raise DatabaseProblem("{file} is a folder, not a database file. Give a file name with --db.", file=str(file))
    parent = file.parent
    if not parent.exists():
        raise DatabaseProblem(
            "The folder {folder} for database {name} does not exist. Create it first.",
            folder=str(parent),
            name=file.name,
        )


def damaged(path: Path, reason: str) -> LibraryDamaged:
    return LibraryDamaged(
        "The library {file} is damaged ({reason}). ClaimMark will not write into it, so what it holds stays as it is.",
        path=path,
        file=str(path),
        reason=reason,
    )


def check_sqlite_file(file: Path, *, readonly: bool, rescue: bool = False) -> files.Probe | None:
    """Refuse, before SQLite touches it, a file that is not a sound ClaimMark library (or
    cannot be written); make a new library when there is no file (never when ``readonly``).
    Returns what a read-only look inside found (None for a library just made).

    ``rescue`` (with ``readonly``): damage is not refused but returned in the probe's problems,
    so what the library still holds can be read out.
    """
    try:
        return _check_sqlite_file(file, readonly=readonly)
    except LibraryDamaged as problem:
        if not (rescue and readonly):
            raise
        return files.Probe(problems=(problem.reason,), damage=problem)


def _check_sqlite_file(file: Path, *, readonly: bool) -> files.Probe | None:
    _check_folder(file)
    if not file.exists():
        if readonly:
            raise NotALibrary(
                "There is no library at {file}. Give the file of an existing library with --db.", file=str(file)
            )
        _check_writable_folder(file)
        files.create_library_file(file)
        return None
    if file.stat().st_size == 0:
        raise EmptyLibraryFile(
            "{file} is an empty file (0 bytes), not a ClaimMark library, and was left as it is. To start a "
            "new library there, delete it (it holds nothing) or open it in the window, which offers to; "
            "otherwise give another file with --db.",
            path=file,
            file=str(file),
        )
    with file.open("rb") as fh:
        head = fh.read(len(SQLITE_MAGIC))
    if head != SQLITE_MAGIC:
        raise NotALibrary(
            "{file} is not a ClaimMark database (it is not an SQLite file). "
            "Choose another file with --db; this one was left untouched.",
            file=str(file),
        )
    if not readonly:
        if not os.access(file, os.W_OK):
            raise DatabaseProblem(
                "{file} is read-only. Make it writable or copy it somewhere you can write; "
                "ClaimMark saves every edit at once and needs to write to it.",
                file=str(file),
            )
        _check_writable_folder(file)
    journal = files.inspect_wal(file)
    if journal.damaged:
        raise LibraryDamaged(
            "The journal of the library {file} ({journal}) is damaged: {reason}, so the newest edits in it "
            "cannot be read. ClaimMark left both files exactly as they are and will not open the library "
            "for editing.",
            path=file,
            file=str(file),
            journal=files.wal_path(file).name,
            reason=journal.problem,
        )
    header = files.read_header(file)
    missing = files.truncated(file, header) if header is not None else 0
    if missing:
        raise damaged(file, f"{_bytes(missing)} are missing from its end")
    found = files.probe(file)
    if found.problems and not found.tables:
        raise damaged(file, found.problems[0])
    if found.application_id not in (0, files.APPLICATION_ID):
        raise NotALibrary(
            "{file} is another program's database (its application id is {app_id:#010x}), not a ClaimMark "
            "library. It was left untouched; give ClaimMark's own file with --db.",
            file=str(file),
            app_id=found.application_id,
        )
    if not found.marked and not found.claimmark_tables:
        if found.tables:
            shown = sorted(found.tables)
            raise NotALibrary(
                "{file} is another program's database (it holds the tables {tables}), not a ClaimMark "
                "library. It was left untouched; give ClaimMark's own file with --db.",
                file=str(file),
                tables=", ".join(shown[:5]) + (", …" if len(shown) > 5 else ""),
            )
        raise EmptyLibraryFile(
            "{file} is an SQLite database with nothing in it, not a ClaimMark library, and was left as it "
            "is. To start a new library there, open it in the window, which offers to; otherwise give "
            "another file with --db.",
            path=file,
            file=str(file),
        )
    if found.problems:
        raise damaged(file, "; ".join(found.problems[:2]))
    return found


def start_library_in(path: Path) -> None:
    """Make an empty file (0 bytes, or an SQLite database with nothing in it) a new library:
    only when a person asked for it (:class:`EmptyLibraryFile` says why it was not opened)."""
    if path.stat().st_size == 0:
        path.unlink()
        files.create_library_file(path)
        return
    found = files.probe(path)
    if found.tables or found.problems or found.application_id not in (0, files.APPLICATION_ID):
        raise NotALibrary("{file} is no longer empty; it was left as it is.", file=str(path))
    files.mark_as_library(path)


def _check_writable_folder(file: Path) -> None:
    if not os.access(file.parent, os.W_OK):
        raise DatabaseProblem(
            "The folder {folder} is read-only, so database {name} cannot be created or written there.",
            folder=str(file.parent),
            name=file.name,
        )


def _bytes(count: int) -> str:
    return f"{count:,} bytes" if count != 1 else "1 byte"


def _lower(value: str | None) -> str | None:
    return value.lower() if isinstance(value, str) else value


SYNCHRONOUS = "FULL"
"""Every commit is flushed to disk before it returns (benchmarks/durability.py measures the cost)."""


def _sqlite_engine(url: str, *, immediate: bool, readonly_path: Path | None = None) -> Engine:
    if readonly_path is not None:
        # a read-only URI: SQLite can neither create nor write the file, whatever is asked of it
        path = readonly_path
        engine = create_engine(
            url, creator=lambda: files.connect_readonly(path, timeout=BUSY_TIMEOUT_MS / 1000), pool_pre_ping=False
        )
    else:
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own would be deferred).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if readonly_path is None:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA synchronous={SYNCHRONOUS}")
        else:
            cursor.execute("PRAGMA query_only=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
        # Unicode-aware lower() for searches (SQLite's own folds only ASCII letters)
        dbapi_connection.create_function("claimmark_lower", 1, _lower, deterministic=True)

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


@dataclass
class Database:
    """An opened, migrated database."""

    url: str
    writer: Engine
    reader: Engine
    readonly: bool = False
    """Opened for reading only (``claimmark export``): every write is refused."""
    found: files.Probe | None = None
    """What a read-only look into the SQLite file found before it was opened (None when new)."""
    damage: LibraryDamaged | None = None
    """Set once a read or write met damage: every later write is refused with it."""
    shown_as: str = ""
    """The name to show when it differs from the URL's (a temporary copy read for an export)."""
    class_kind: str | None = None
    """On a class database (``core.storage.roles``): who this connection works as, ``owner``,
    ``teacher`` or ``trainee``; None elsewhere.  Set by ``open_database``."""
    on_close: list[Callable[[], None]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.shown_as or describe(self.url)

    @property
    def is_sqlite(self) -> bool:
        return self.writer.dialect.name == "sqlite"

    @property
    def path(self) -> Path | None:
        """The SQLite library file (None on PostgreSQL)."""
        if not self.is_sqlite:
            return None
        database = make_url(self.url).database
        return Path(database) if database and database != ":memory:" else None

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: committed when the block ends, rolled back on error."""
        if self.damage is not None:
            raise self.damage
        if self.readonly:
            raise DatabaseProblem(
                "The database '{database}' is open for reading only; nothing was changed.", database=self.name
            )
        with self._watched(), Session(self.writer, expire_on_commit=False) as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._watched(), Session(self.reader, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def _watched(self) -> Iterator[None]:
        """Turn the driver's word for damage or a full disk into a message (damage stops all writes)."""
        try:
            yield
        except DBAPIError as exc:
            problem = self.problem_of(exc)
            if problem is None:
                raise
            raise problem from exc

    def problem_of(self, error: DBAPIError) -> UserError | None:
        refused = refusal_of(error, database=self.name)
        if refused is not None:
            return refused
        code = getattr(error.orig, "sqlite_errorcode", None)
        if code is None:
            return None
        primary = code & 0xFF
        if primary in (SQLITE_CORRUPT, SQLITE_NOTADB):
            self.damage = self.damage or damaged(self.path or Path(self.name), str(error.orig))
            return self.damage
        if primary == SQLITE_FULL:
            return DiskProblem(
                "The disk that holds {database} is full, so the last change was not saved (nothing of it was "
                "written). Free some space and try again; everything saved before it is kept.",
                database=self.name,
            )
        if primary == SQLITE_IOERR:
            return DiskProblem(
                "The last change could not be written to {database}: the disk refused it ({reason}). It may be "
                "full, or the drive was removed. Nothing of that change was written and everything saved before "
                "it is kept; check the disk and try again.",
                database=self.name,
                reason=str(error.orig),
            )
        return None

    def close(self) -> None:
        self.writer.dispose()
        if self.reader is not self.writer:
            self.reader.dispose()
        while self.on_close:
            self.on_close.pop()()


SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_NOTADB = 10, 11, 13, 26


def connect(
    target: str | os.PathLike[str] | None = None,
    *,
    readonly: bool = False,
    rescue: bool = False,
    password: str | None = None,
) -> Database:
    """Open the database named by a path, URL, $CLAIMMARK_DB or the default, as it is (no
    schema made or upgraded: ``claimmark.core.storage.open_database`` does both).

    ``readonly``: for reading only; a missing file is refused rather than made, nothing is
    written.  ``rescue`` (with ``readonly``): a damaged library is opened all the same, its
    damage in ``Database.damage``.  ``password`` (a class connection file's) goes to the driver
    on its own, never into the URL, so no message, title or log that shows the URL shows it.
    """
    url = resolve_url(target, create_folder=not readonly)
    shown = describe(url)
    try:
        parsed = make_url(url)
        backend = parsed.get_backend_name()
        found: files.Probe | None = None
        if backend == "sqlite":
            database = parsed.database or ""
            path = Path(database) if database not in ("", ":memory:") else None
            if path is not None:
                found = check_sqlite_file(path, readonly=readonly, rescue=rescue)
            readonly_path = path if readonly and path is not None else None
            writer = _sqlite_engine(url, immediate=not readonly, readonly_path=readonly_path)
            reader = _sqlite_engine(url, immediate=False, readonly_path=readonly_path)
        else:
            if backend == "postgresql" and parsed.drivername == "postgresql":
                url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
            connect_args: dict[str, str] = {"options": "-c default_transaction_read_only=on"} if readonly else {}
            if password is not None:
                connect_args["password"] = password
            writer = create_engine(url, pool_pre_ping=True, connect_args=connect_args)
            reader = writer
        db = Database(url=url, writer=writer, reader=reader, readonly=readonly, found=found)
        if found is not None and isinstance(found.damage, LibraryDamaged):
            db.damage = found.damage
        with writer.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
        return db
    except DatabaseProblem:
        raise
    except (ArgumentError, NoSuchModuleError) as exc:
        raise DatabaseProblem(
            "'{database}' is not a database URL ClaimMark understands ({reason}). "
            "Give a file path, or a URL such as postgresql://user@host/dbname.",
            database=shown,
            reason=str(exc),
        ) from exc
    except ModuleNotFoundError as exc:
        raise DatabaseProblem(
            "The driver for '{database}' is not installed ({module}). "
            "For PostgreSQL run: pip install 'psycopg[binary]'.",
            database=shown,
            module=exc.name,
        ) from exc
    except (DBAPIError, SQLAlchemyError) as exc:
        raise cannot_open(shown, exc) from exc


def cannot_open(shown: str, error: SQLAlchemyError) -> DatabaseProblem:
    """The problem to report when the database driver refused to open or read it."""
    reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
    return DatabaseProblem(
        "Could not open the database '{database}': {reason}. "
        "Check the path or URL (and that the server is running), or choose another with --db.",
        database=shown,
        reason=reason,
    )


def hold_lock(connection: Connection, name: str) -> None:
    """Hold a database-wide lock called ``name`` until the transaction ends (others wait for it).

    PostgreSQL: a transaction-scoped advisory lock (``pg_advisory_xact_lock``).  SQLite: nothing
    to do, as every write transaction already holds the database's one write lock
    (``BEGIN IMMEDIATE``, see :class:`Database`); call it only in a write transaction.
    """
    if connection.dialect.name == "postgresql":
        key = int.from_bytes(hashlib.sha256(f"claimmark:{name}".encode()).digest()[:8], "big", signed=True)
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({key})")


def table_names(db: Database) -> list[str]:
    return sorted(inspect(db.writer).get_table_names())
