"""The whole library, or a whole class, as one portable file, and back into an empty database:
``claimmark export --all FILE`` and ``claimmark import-all FILE``.

It is how a library moves between SQLite and PostgreSQL (a class's database brought home, a
laptop's library put on the class server), and how what a damaged library still holds is saved
(:func:`export_library` reads a damaged SQLite library table by table, row by row where a
batch cannot be read, and says what it could not read).

The file is JSON Lines in UTF-8 (gzip-compressed when its name ends in ``.gz``), documented in
``docs/file-formats.md``:

* a first line ``{"format": "claimmark-library", "version": 1, "schema": "0003", "made_at": ...,
  "tables": {"article": 12, ...}}`` (saved from a damaged library: ``"tables": {}`` and
  ``"rescued"``, what was wrong);
* one line per row, ``{"table": "article", "row": {column: value, ...}}``, tables in an order where
  every row comes after the rows it refers to; times are ISO 8601 in UTC with a ``Z``;
* a last line ``{"end": true, "rows": N}``, so a file cut short is known for one.

Every table of the schema is written, taken from the models (a column added later is carried
without a change here), but the entity cache: entities are found again.  Row ids are kept, so
references stay as they were, which is why :func:`import_library` fills only an empty database;
it checks every row (types, the text rules of ``storage.models``, references) and writes them all
in one transaction: a bad file leaves the database as empty as it was.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Boolean, Integer, Table, func, insert, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlmodel import SQLModel

from claimmark.core.errors import UserError
from claimmark.core.storage import models
from claimmark.core.storage.engine import Database, DatabaseProblem
from claimmark.core.storage.migrate import HEAD, current_revision
from claimmark.core.storage.models import TextRefused, UTCDateTime, check_texts
from claimmark.core.text import readable_number

FORMAT = "claimmark-library"
VERSION = 1
LEFT_OUT = frozenset({"entitycache"})
"""Tables not written: the entity cache is found again from the texts."""
BATCH = 1000


class LibraryFileProblem(UserError):
    """A library file that cannot be written or read back; nothing was changed."""


@dataclass
class Exported:
    rows: dict[str, int] = field(default_factory=dict)
    unreadable: dict[str, int] = field(default_factory=dict)
    """Rows a damaged library would not give up, by table (rescue only)."""

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def tables() -> list[Table]:
    """The tables a library file carries, each after the tables it refers to."""
    _ = models  # the tables are registered on SQLModel.metadata by importing the models
    return [t for t in SQLModel.metadata.sorted_tables if t.name not in LEFT_OUT]


def _open_out(path: Path, *, gzipped: bool) -> IO[str]:
    if gzipped:
        return io.TextIOWrapper(gzip.open(path, "wb"), encoding="utf-8", newline="\n")
    return path.open("w", encoding="utf-8", newline="\n")


def _open_in(path: Path) -> IO[str]:
    with path.open("rb") as fh:
        gzipped = fh.read(2) == b"\x1f\x8b"
    if gzipped:
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8")
    return path.open("r", encoding="utf-8")


def _plain(value: object) -> object:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return value


# ---------------------------------------------------------------- writing
def export_library(db: Database, path: str | os.PathLike[str]) -> Exported:
    """Write every row of the library (but the entity cache) to ``path``, atomically."""
    target = Path(path)
    schema = current_revision(db)
    counted = _counts(db) if db.damage is None else {}  # from a damaged library: what can be read, not counted
    part = target.with_name(f".{target.name}.part")
    done = Exported()
    try:
        with _open_out(part, gzipped=target.name.endswith(".gz")) as out:
            head = {
                "format": FORMAT,
                "version": VERSION,
                "schema": schema,
                "made_at": _plain(datetime.now(UTC)),
                "tables": counted,
            }
            if db.damage is not None:
                head["rescued"] = str(db.damage.reason)
            out.write(json.dumps(head, ensure_ascii=False) + "\n")
            for table in tables():
                n = 0
                for row in _rows(db, table, done):
                    out.write(json.dumps({"table": table.name, "row": row}, ensure_ascii=False) + "\n")
                    n += 1
                done.rows[table.name] = n
            out.write(json.dumps({"end": True, "rows": done.total}) + "\n")
            out.flush()
        with part.open("rb") as fh:
            os.fsync(fh.fileno())
        os.replace(part, target)
    except OSError as exc:
        with contextlib.suppress(FileNotFoundError):
            part.unlink()
        raise LibraryFileProblem(
            "Could not write {file}: {reason}. Nothing was written.", file=str(target), reason=exc.strerror or str(exc)
        ) from exc
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            part.unlink()
        raise
    return done


def _counts(db: Database) -> dict[str, int]:
    with db.reader.connect() as conn:
        return {t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one()) for t in tables()}


def _rows(db: Database, table: Table, done: Exported) -> Iterator[dict[str, object]]:
    """Every row of ``table`` in id order; from a damaged library, every row it gives up."""
    key = table.c.id
    names = [c.key for c in table.columns]
    last: int | None = None
    while True:
        query = select(table).order_by(key).limit(BATCH)
        if last is not None:
            query = query.where(key > last)
        try:
            with db.reader.connect() as conn:
                batch = [dict(zip(names, map(_plain, r), strict=True)) for r in conn.execute(query)]
        except DAMAGE_MET:
            if db.damage is None:
                raise
            yield from _one_by_one(db, table, last, done)
            return
        if not batch:
            return
        yield from batch
        last = int(batch[-1]["id"])  # type: ignore[call-overload]


DAMAGE_MET = (SQLAlchemyError, DatabaseProblem, ValueError, TypeError, UnicodeDecodeError, OverflowError)
"""What reading a damaged library can raise: the driver's errors, and values that no longer decode
(a time of zero bytes, text that is no longer UTF-8)."""

GIVE_UP_AFTER = 10_000
"""Reading a damaged table row by row with no highest id known: stop after this many ids in a row hold nothing."""


def _one_by_one(db: Database, table: Table, last: int | None, done: Exported) -> Iterator[dict[str, object]]:
    """The rows after ``last`` that can still be read one at a time (rescue of a damaged library)."""
    names = [c.key for c in table.columns]
    highest = _highest_id(db, table)
    n, misses = (last or 0) + 1, 0
    while n <= highest or (not highest and misses < GIVE_UP_AFTER):
        try:
            with db.reader.connect() as conn:
                row = conn.execute(select(table).where(table.c.id == n)).first()
        except DAMAGE_MET:
            done.unreadable[table.name] = done.unreadable.get(table.name, 0) + 1
            row = None
        if row is not None:
            misses = 0
            yield dict(zip(names, map(_plain, row), strict=True))
        else:
            misses += 1
        n += 1


def _highest_id(db: Database, table: Table) -> int:
    try:
        with db.reader.connect() as conn:
            return int(conn.execute(select(func.max(table.c.id))).scalar() or 0)
    except (SQLAlchemyError, DatabaseProblem):
        return 0


# ---------------------------------------------------------------- reading back
@dataclass(frozen=True)
class Imported:
    rows: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def import_library(
    db: Database, path: str | os.PathLike[str], *, progress: Callable[[int], None] | None = None
) -> Imported:
    """Fill an empty database with a library file, in one transaction (see the module notes)."""
    source = Path(path)
    name = source.name
    try:
        handle = _open_in(source)
    except OSError as exc:
        raise LibraryFileProblem(
            "{file}: cannot read the file ({reason})", file=name, reason=exc.strerror or str(exc)
        ) from exc
    with handle:
        lines = _lines(handle, name)
        head = _head(next(lines, None), name)
        _refuse_unless_empty(db)
        by_name = {t.name: t for t in tables()}
        counts: dict[str, int] = {}
        pending: dict[str, list[dict[str, object]]] = {}
        ended = False
        try:
            with db.write() as session:
                conn = session.connection()

                def flush(table_name: str) -> None:
                    rows = pending.pop(table_name, [])
                    if rows:
                        conn.execute(insert(by_name[table_name]), rows)

                current: str | None = None
                for number, record in lines:
                    if ended:
                        raise LibraryFileProblem("{file}, line {line}: there is more after the end line", file=name,
                                                 line=number)  # fmt: skip
                    if record.get("end") is True:
                        ended = True
                        if record.get("rows") != sum(counts.values()):
                            raise LibraryFileProblem(
                                "{file}: the end line counts {expected} rows but the file holds {found}",
                                file=name,
                                expected=readable_number(int(record.get("rows") or 0)),
                                found=readable_number(sum(counts.values())),
                            )
                        continue
                    table_name, row = _record(record, by_name, name, number)
                    if table_name != current:
                        if current is not None:
                            flush(current)
                        current = table_name
                    pending.setdefault(table_name, []).append(row)
                    counts[table_name] = counts.get(table_name, 0) + 1
                    if len(pending[table_name]) >= BATCH:
                        flush(table_name)
                        if progress is not None:
                            progress(sum(counts.values()))
                if current is not None:
                    flush(current)
                if not ended:
                    raise LibraryFileProblem(
                        "{file}: the file is cut short (its end line is missing); nothing was imported. Make it "
                        "again with 'claimmark export --all'.",
                        file=name,
                    )
                declared = head.get("tables") or {}
                for table_name, expected in declared.items():
                    if isinstance(expected, int) and counts.get(table_name, 0) != expected:
                        raise LibraryFileProblem(
                            "{file}: the first line counts {expected} rows of {table} but the file holds {found}; "
                            "nothing was imported",
                            file=name,
                            table=table_name,
                            expected=readable_number(expected),
                            found=readable_number(counts.get(table_name, 0)),
                        )
                _restart_ids(conn, db)
        except IntegrityError as exc:
            raise LibraryFileProblem(
                "{file}: the rows do not fit together ({reason}); nothing was imported",
                file=name,
                reason=str(exc.orig).strip().splitlines()[0],
            ) from exc
        except TextRefused as exc:
            raise LibraryFileProblem("{file}: {reason}; nothing was imported", file=name, reason=str(exc)) from exc
    return Imported(counts)


def _lines(handle: IO[str], name: str) -> Iterator[tuple[int, dict[str, Any]]]:
    number = 0
    try:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise LibraryFileProblem(
                    "{file}, line {line}: not valid JSON ({reason}); the file is damaged or not a ClaimMark library "
                    "file",
                    file=name,
                    line=number,
                    reason=exc.msg,
                ) from None
            if not isinstance(record, dict):
                raise LibraryFileProblem("{file}, line {line}: not a JSON object", file=name, line=number)
            yield number, record
    except (UnicodeDecodeError, EOFError, OSError, gzip.BadGzipFile) as exc:
        raise LibraryFileProblem(
            "{file}, line {line}: cannot be read ({reason}); the file is damaged", file=name, line=number + 1,
            reason=type(exc).__name__,
        ) from None  # fmt: skip


def _head(first: tuple[int, dict[str, Any]] | None, name: str) -> dict[str, Any]:
    if first is None:
        raise LibraryFileProblem("{file}: the file is empty", file=name)
    _, head = first
    if head.get("format") != FORMAT:
        raise LibraryFileProblem(
            "{file}: not a ClaimMark library file (made by 'claimmark export --all'); an exercise, key or "
            "submission file is opened in the window instead",
            file=name,
        )
    version = head.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise LibraryFileProblem("{file}: the library file has no valid version", file=name)
    if version > VERSION:
        raise LibraryFileProblem(
            "{file}: a library file in format version {version}, made by a newer ClaimMark (this one reads up to "
            "version {newest}); update ClaimMark",
            file=name,
            version=readable_number(version),
            newest=VERSION,
        )
    schema = head.get("schema")
    if schema is not None and (not isinstance(schema, str) or schema > HEAD):
        raise LibraryFileProblem(
            "{file}: the library file comes from a newer ClaimMark (schema {schema}); update ClaimMark to import it",
            file=name,
            schema=str(schema)[:20],
        )
    return head


def _refuse_unless_empty(db: Database) -> None:
    with db.reader.connect() as conn:
        held = {t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one()) for t in tables()}
    if any(held.values()):
        raise LibraryFileProblem(
            "The database '{database}' is not empty ({articles} articles, {trainees} trainees), and a library file "
            "fills only an empty one; nothing was imported. Give a new file or an empty database with --db.",
            database=db.name,
            articles=readable_number(held.get("article", 0)),
            trainees=readable_number(held.get("trainee", 0)),
        )


def _record(record: dict[str, Any], by_name: dict[str, Table], name: str, number: int) -> tuple[str, dict[str, object]]:
    table_name = record.get("table")
    row = record.get("row")
    if not isinstance(table_name, str) or table_name not in by_name:
        raise LibraryFileProblem(
            "{file}, line {line}: unknown table {table!r}", file=name, line=number, table=str(table_name)[:40]
        )
    if not isinstance(row, dict):
        raise LibraryFileProblem("{file}, line {line}: 'row' must be an object", file=name, line=number)
    table = by_name[table_name]
    unknown = sorted(set(row) - {c.key for c in table.columns})
    if unknown:
        raise LibraryFileProblem(
            "{file}, line {line}: {table} has no column {column!r} (the file comes from a newer ClaimMark?)",
            file=name,
            line=number,
            table=table_name,
            column=unknown[0][:40],
        )
    values: dict[str, object] = {}
    for column in table.columns:
        if column.key not in row:
            continue
        values[column.key] = _value(column, row[column.key], name, number, table_name)
    try:
        check_texts(table, values)
    except TextRefused as exc:
        raise LibraryFileProblem("{file}, line {line}: {reason}", file=name, line=number, reason=str(exc)) from exc
    return table_name, values


def _value(column: Any, value: object, name: str, number: int, table: str) -> object:
    where = {"file": name, "line": number, "field": f"{table}.{column.key}"}
    if value is None:
        if not column.nullable and not column.primary_key:
            raise LibraryFileProblem("{file}, line {line}: {field} must not be null", **where)
        return None
    kind = column.type
    if isinstance(kind, UTCDateTime):
        if not isinstance(value, str):
            raise LibraryFileProblem("{file}, line {line}: {field} must be a time (ISO 8601)", **where)
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise LibraryFileProblem("{file}, line {line}: {field} is not an ISO 8601 time", **where) from None
        if moment.tzinfo is None:
            raise LibraryFileProblem("{file}, line {line}: {field} has no time zone", **where)
        return moment
    if isinstance(kind, Boolean):
        if not isinstance(value, bool):
            raise LibraryFileProblem("{file}, line {line}: {field} must be true or false", **where)
        return value
    if isinstance(kind, Integer):
        if not isinstance(value, int) or isinstance(value, bool):
            raise LibraryFileProblem("{file}, line {line}: {field} must be a whole number", **where)
        if not -(2**63) <= value < 2**63:
            raise LibraryFileProblem(
                "{file}, line {line}: {field} is {number}, too large for a database", number=readable_number(value),
                **where,
            )  # fmt: skip
        return value
    if not isinstance(value, str):
        raise LibraryFileProblem("{file}, line {line}: {field} must be a string", **where)
    return value


def _restart_ids(conn: Any, db: Database) -> None:
    """On PostgreSQL, new rows get ids after the imported ones (SQLite takes the highest + 1 itself)."""
    if db.is_sqlite:
        return
    for table in tables():
        if "id" not in table.c or not isinstance(table.c.id.type, Integer):
            continue
        conn.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), COALESCE(MAX(id), 1), "
            f'MAX(id) IS NOT NULL) FROM "{table.name}"'
        )


__all__ = [
    "Exported",
    "Imported",
    "LibraryFileProblem",
    "export_library",
    "import_library",
]
