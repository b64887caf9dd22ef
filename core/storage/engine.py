"""The one engine module: open a database by path or URL and hand out sessions.

Every user edit is its own short write transaction, committed at once.  On SQLite that means
WAL (readers never wait for the writer), a busy timeout, and ``BEGIN IMMEDIATE`` for writes so
that two processes doing read-then-write queue up instead of failing with "database is
locked".  Reads use a deferred ``BEGIN`` on a second engine so they never take the write lock.
The same code runs on PostgreSQL, where both engines are one.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError
from sqlmodel import Session

from claimmark.core.errors import UserError

ENV_VAR = "CLAIMMARK_DB"
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000


class DatabaseProblem(UserError):
    """A database that cannot be opened or used; the message names it and says what to do."""


def default_database_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("ClaimMark", appauthor=False) / "claimmark.sqlite3"


def resolve_url(target: str | os.PathLike[str] | None = None) -> str:
    """``--db`` value, else ``$CLAIMMARK_DB``, else the default file; paths become sqlite URLs."""
    value = os.fspath(target) if target is not None else os.environ.get(ENV_VAR) or ""
    if not value:
        path = default_database_path()
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


def _check_sqlite_file(path: str) -> None:
    """Refuse, before touching it, a file that is not an SQLite database or cannot be written."""
    if path in ("", ":memory:"):
        return
    file = Path(path)
    if file.is_dir():
        raise DatabaseProblem("{file} is a folder, not a database file. Give a file name with --db.", file=str(file))
    if file.exists():
        with file.open("rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
        if head and head != SQLITE_MAGIC:
            raise DatabaseProblem(
                "{file} is not a ClaimMark database (it is not an SQLite file). "
                "Choose another file with --db; this one was left untouched.",
                file=str(file),
            )
        if not os.access(file, os.W_OK):
            raise DatabaseProblem(
                "{file} is read-only. Make it writable or copy it somewhere you can write; "
                "ClaimMark saves every edit at once and needs to write to it.",
                file=str(file),
            )
    parent = file.parent
    if not parent.exists():
        raise DatabaseProblem(
            "The folder {folder} for database {name} does not exist. Create it first.",
            folder=str(parent),
            name=file.name,
        )
    if not os.access(parent, os.W_OK):
        raise DatabaseProblem(
            "The folder {folder} is read-only, so database {name} cannot be created or written there.",
            folder=str(parent),
            name=file.name,
        )


def _lower(value: str | None) -> str | None:
    return value.lower() if isinstance(value, str) else value


def _sqlite_engine(url: str, *, immediate: bool) -> Engine:
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own would be deferred).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
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

    @property
    def name(self) -> str:
        return describe(self.url)

    @property
    def is_sqlite(self) -> bool:
        return self.writer.dialect.name == "sqlite"

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: committed when the block ends, rolled back on error."""
        with Session(self.writer, expire_on_commit=False) as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self.reader, expire_on_commit=False) as session:
            yield session

    def close(self) -> None:
        self.writer.dispose()
        if self.reader is not self.writer:
            self.reader.dispose()


def connect(target: str | os.PathLike[str] | None = None) -> Database:
    """Open the database named by a path, URL, $CLAIMMARK_DB or the default, as it is (no
    schema made or upgraded: ``claimmark.core.storage.open_database`` does both)."""
    url = resolve_url(target)
    shown = describe(url)
    try:
        parsed = make_url(url)
        backend = parsed.get_backend_name()
        if backend == "sqlite":
            _check_sqlite_file(parsed.database or "")
            writer = _sqlite_engine(url, immediate=True)
            reader = _sqlite_engine(url, immediate=False)
        else:
            if backend == "postgresql" and parsed.drivername == "postgresql":
                url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
            writer = create_engine(url, pool_pre_ping=True)
            reader = writer
        db = Database(url=url, writer=writer, reader=reader)
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
