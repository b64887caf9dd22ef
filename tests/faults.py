"""Fault injection, in the spirit of SQLite's own testing: a fault is done to a library on disk
(or to the process writing it), then ClaimMark is run on it the ways a person runs it
(``claimmark import`` writes, ``claimmark export`` reads), and what came of it is recorded:

* refused with a message: the command failed with a ``claimmark:`` line naming the library;
* written into: the library (or its journal) changed although the command refused it, or the
  reading command changed anything at all (target: never);
* committed edits lost: edits that were committed (acknowledged) before the fault and that
  ClaimMark no longer has although it opened the library as sound (target: none; a fault that
  destroys a page destroys what was on it, and the library is then refused and left as it is,
  for rescue);
* integrity: ``PRAGMA integrity_check`` on what was written ("untouched" when nothing was).

``tests/core/test_faults.py`` runs every case and asserts on it; ``benchmarks/faults.py`` runs
the same cases (with more kill cycles) and prints the README's table.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
EDITS = 12
ARTICLE = "Bridge reopens\n\nThe bridge reopened on Monday after repairs, officials said.\n"


@dataclass
class Outcome:
    case: str
    fault: str
    wrote: str = ""
    """What ``claimmark import`` did."""
    read: str = ""
    """What ``claimmark export`` did."""
    refused: bool = False
    """Refused with a message naming the library."""
    written_into: bool = False
    committed: int = 0
    lost: int = 0
    integrity: str = ""
    messages: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- libraries to damage
def library(path: Path, n: int = EDITS) -> list[str]:
    """A library with ``n`` committed edits; returns their notes."""
    from claimmark.core.claims import Tag
    from claimmark.core.reader import operations as ops
    from claimmark.core.reader.workspace import Workspace
    from claimmark.core.storage import open_database

    db = open_database(path)
    opened = Workspace(db, "kim").open_start()
    notes = [f"edit {i}" for i in range(n)]
    for i, note in enumerate(notes):
        ops.run(db, ops.AddClaim(opened.claim_set_id, i, i + 3, Tag.CONFIRMED, note=note))
    db.close()
    return notes


WRITER = textwrap.dedent(
    """
    import os, signal, sqlite3, sys, time
    from claimmark.core.claims import Tag
    from claimmark.core.reader import operations as ops
    from claimmark.core.reader.workspace import Workspace
    from claimmark.core.storage import open_database
    path, n, prefix, kill = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4] == "kill"
    db = open_database(path)
    opened = Workspace(db, "kim").open_start()
    if kill:
        sqlite3.connect(path).execute("PRAGMA wal_checkpoint(TRUNCATE)")  # these edits: all in the journal
    print("ready", flush=True)
    for i in range(n):
        ops.run(db, ops.AddClaim(opened.claim_set_id, i % 40, i % 40 + 3, Tag.CONFIRMED, note=f"{prefix} {i}"))
        print(f"{prefix} {i}", flush=True)  # printed once committed: acknowledged
    if kill:
        os.kill(os.getpid(), signal.SIGKILL)  # the journal left as it is, never copied back
    db.close()
    """
)


def _child(code: str, *args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )


def library_with_journal(path: Path, n: int = EDITS) -> list[str]:
    """A library whose newest ``n`` edits are only in its journal (the writer was killed)."""
    result = _child(WRITER, str(path), str(n), "edit", "kill")
    return [line for line in result.stdout.splitlines() if line.startswith("edit ")]


def notes_in(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT note FROM claim WHERE note LIKE 'edit %' OR note LIKE 'full %' ORDER BY id")
        return [note for (note,) in rows]
    finally:
        conn.close()


def integrity(path: Path) -> str:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        result = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()
    return "ok" if result == ["ok"] else "; ".join(result)[:80]


def state(folder: Path) -> dict[str, str]:
    """The library's files and a hash of each: no data is written when this stays the same.

    Not the ``-shm`` index (rebuilt from the journal) nor an empty journal (it holds nothing).
    """
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.name.endswith("-shm") and not (p.name.endswith("-wal") and p.stat().st_size == 0)
    }


def claimmark(*argv: str) -> tuple[int, str]:
    """Run a ``claimmark`` command in this process; its exit status and what it printed on stderr."""
    from claimmark.core.cli import main

    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        status = main(list(argv))
    return status, err.getvalue()


# ---------------------------------------------------------------- faults done to the file
def truncate_by(amount: int | None) -> Callable[[Path], None]:
    def fault(path: Path) -> None:
        size = path.stat().st_size
        os.truncate(path, size - amount if amount is not None else size // 2)

    return fault


def garbage_at(offset: int | None, length: int) -> Callable[[Path], None]:
    def fault(path: Path) -> None:
        where = offset if offset is not None else (path.stat().st_size // 4096 // 2) * 4096
        with path.open("r+b") as fh:
            fh.seek(where)
            fh.write(random.Random(where).randbytes(length))

    return fault


def garbage_journal(whole: bool) -> Callable[[Path], None]:
    def fault(path: Path) -> None:
        wal = path.with_name(path.name + "-wal")
        size = wal.stat().st_size
        page = (size - 32) // EDITS  # roughly a frame
        with wal.open("r+b") as fh:
            if whole:
                fh.write(random.Random(1).randbytes(size))
            else:  # inside one frame in the middle
                fh.seek(32 + (page * EDITS) // 3 + 200)
                fh.write(random.Random(2).randbytes(64))

    return fault


def zeroed_journal(path: Path) -> None:
    """A journal whose blocks were allocated but never written (a power cut before anything was committed)."""
    wal = path.with_name(path.name + "-wal")
    wal.write_bytes(b"\x00" * 8192)


def no_fault(path: Path) -> None:
    """Nothing more than the crash that left the journal."""


def foreign_tables(path: Path) -> None:
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO customers (name) VALUES ('Ada')")
    conn.commit()
    conn.close()


def foreign_application_id(path: Path) -> None:
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id=1196444487")  # a GeoPackage
    conn.execute("CREATE TABLE gpkg_contents (table_name TEXT)")
    conn.commit()
    conn.close()


def text_file(path: Path) -> None:
    path.write_text("Shopping list: bread, milk.\n", encoding="utf-8")


def zero_bytes(path: Path) -> None:
    path.write_bytes(b"")


def future_schema(mark: bool) -> Callable[[Path], None]:
    def fault(path: Path) -> None:
        conn = sqlite3.connect(path)
        if mark:
            conn.execute("PRAGMA user_version=9999")
        else:
            conn.execute("UPDATE alembic_version SET version_num = '9999'")
        conn.commit()
        conn.close()

    return fault


# ---------------------------------------------------------------- running ClaimMark on it
def run_on(case: str, fault: str, folder: Path, committed: list[str], expect_refused: bool) -> Outcome:
    """``claimmark import`` then ``claimmark export`` on the library in ``folder``."""
    path = folder / "lib.sqlite3"
    article = folder.parent / f"{folder.name}-article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    outcome = Outcome(case, fault, committed=len(committed))
    before = state(folder)
    status, err = claimmark("import", "--db", str(path), "--no-repair", str(article))
    outcome.messages.append(err.strip())
    outcome.refused = status == 2 and err.startswith("claimmark: ") and str(path) in err
    outcome.wrote = "refused" if outcome.refused else ("imported" if status == 0 else f"exit {status}")
    after_import = state(folder)
    if outcome.refused and after_import != before:
        outcome.written_into = True
    saved = folder.parent / f"{folder.name}-all.jsonl"
    status, err = claimmark("export", "--db", str(path), "--all", str(saved))
    outcome.messages.append(err.strip())
    if "is damaged" in err and saved.exists():
        outcome.read = "saved what could be read, the damage told"
    elif status == 0:
        outcome.read = "read"
    else:
        outcome.read = "refused" if err.startswith("claimmark: ") else f"exit {status}"
    if state(folder) != after_import:
        outcome.written_into = True
    if outcome.refused:
        outcome.integrity = "untouched"
    else:
        outcome.integrity = integrity(path)
        present = set(notes_in(path))
        outcome.lost = sum(1 for note in committed if note not in present)
    if expect_refused != outcome.refused:
        outcome.messages.append(f"expected {'a refusal' if expect_refused else 'the library to open'}")
    return outcome


FileFault = tuple[str, Callable[[Path], list[str]], Callable[[Path], None], bool]
"""(what is done, how the library is made, the fault, whether ClaimMark must refuse it)."""

FILE_FAULTS: dict[str, FileFault] = {
    "truncated mid-page": ("1,000 bytes cut from the end", library, truncate_by(1000), True),
    "truncated to half": ("the second half of the file cut off", library, truncate_by(None), True),
    "garbage page": ("a page in the middle overwritten with random bytes", library, garbage_at(None, 4096), True),
    "garbage header": ("the first 100 bytes overwritten", library, garbage_at(0, 100), True),
    "garbage journal": ("the whole -wal overwritten, its size kept", library_with_journal, garbage_journal(True), True),
    "damaged journal frame": (
        "64 random bytes inside a frame in the middle of the -wal",
        library_with_journal,
        garbage_journal(False),
        True,
    ),
    "zeroed journal": ("a -wal of zeros (nothing was ever committed in it)", library, zeroed_journal, False),
    "crash, journal left": ("the writer killed: its edits only in the -wal", library_with_journal, no_fault, False),
    "foreign SQLite file": ("another program's database with its own tables", library, foreign_tables, True),
    "foreign application id": ("a GeoPackage (application id GPKG)", library, foreign_application_id, True),
    "not a database": ("a text file given as the library", library, text_file, True),
    "0-byte file": ("an empty file given as the library", library, zero_bytes, True),
    "future schema": ("alembic_version 9999, from a newer ClaimMark", library, future_schema(False), True),
    "future schema mark": ("user_version 9999, from a newer ClaimMark", library, future_schema(True), True),
}


def file_fault(case: str, folder: Path) -> Outcome:
    fault, make, inject, refuse = FILE_FAULTS[case]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "lib.sqlite3"
    committed = make(path)
    inject(path)
    if case in ("foreign SQLite file", "foreign application id", "not a database", "0-byte file"):
        committed = []  # the file is not the library any more: there are no edits of ours to keep
    return run_on(case, fault, folder, committed, refuse)


# ---------------------------------------------------------------- faults done to the process
def read_only_file(folder: Path) -> Outcome:
    """A library file that cannot be written (for root, which writes any file, as the check sees it)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "lib.sqlite3"
    committed = library(path)
    path.chmod(0o444)
    real = os.access

    def access(p: object, mode: int) -> bool:
        return False if Path(str(p)) == path and mode == os.W_OK else real(p, mode)  # type: ignore[arg-type]

    with mock.patch.object(os, "access", access):
        outcome = run_on("read-only file", "the library file made read-only", folder, committed, True)
    path.chmod(0o644)
    return outcome


def killed_while_writing(folder: Path, cycles: int, seed: int = 7) -> Outcome:
    """The writing process killed (SIGKILL) at a random moment, ``cycles`` times over."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "lib.sqlite3"
    chance = random.Random(seed)
    acknowledged: list[str] = []
    for cycle in range(cycles):
        child = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), "100000", f"edit c{cycle}", "run"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        time.sleep(chance.uniform(0.05, 0.6))
        child.send_signal(signal.SIGKILL)  # mid-edit, mid-commit or between edits
        out, _ = child.communicate(timeout=60)
        acknowledged += [line for line in out.splitlines() if line.startswith("edit ")]
    return run_on("killed while writing", f"SIGKILL at a random moment, {cycles} times", folder, acknowledged, False)


FULL_DISK = textwrap.dedent(
    """
    import os, resource, signal, sys
    from pathlib import Path
    from claimmark.core.claims import Tag
    from claimmark.core.errors import UserError
    from claimmark.core.reader import operations as ops
    from claimmark.core.reader.workspace import Workspace
    from claimmark.core.storage import backups, open_database
    path, what = sys.argv[1], sys.argv[2]
    db = open_database(path)
    opened = Workspace(db, "kim").open_start()
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails, as on a full disk
    size = max(os.path.getsize(path), os.path.getsize(path + "-wal"))
    limit = size // 2 if what == "backup" else size + 30000  # a backup (a whole copy) cannot fit
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    if what == "backup":
        try:
            backups.make_backup(Path(path), "manual")
            print("backed up")
        except UserError as exc:
            print("refused", exc)
        sys.exit(0)
    for i in range(2000):
        try:
            ops.run(db, ops.AddClaim(opened.claim_set_id, i % 40, i % 40 + 3, Tag.CONFIRMED, note=f"full {i}"))
        except UserError as exc:
            print("refused", exc, flush=True)
            break
        print(f"full {i}", flush=True)
    """
)


def full_disk(folder: Path, what: str = "edits") -> Outcome:
    """The disk fills up (a file size limit on the process) while edits, or a backup, are written."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "lib.sqlite3"
    before_edits = library(path)
    if what == "backup":
        library(path, 400)  # a library larger than the limit leaves room for
    result = _child(FULL_DISK, str(path), what)
    lines = result.stdout.splitlines()
    refusals = [line.removeprefix("refused ") for line in lines if line.startswith("refused ")]
    committed = before_edits + [line for line in lines if line.startswith("full ")]
    case = "full disk during edits" if what == "edits" else "full disk during a backup"
    fault = "writes past a size limit fail (EFBIG), as on a full disk"
    outcome = Outcome(case, fault, committed=len(committed), messages=[*refusals, result.stderr.strip()[-300:]])
    outcome.refused = bool(refusals) and result.returncode == 0
    outcome.wrote = (
        f"{len(committed) - len(before_edits)} edits saved, then one refused with a message"
        if what == "edits"
        else "backup refused with a message; no backup file left"
    )
    from claimmark.core.storage import backups

    leftovers = list(backups.backup_folder(path).glob("*.part")) if backups.backup_folder(path).exists() else []
    outcome.written_into = bool(leftovers)
    exported = claimmark("export", "--db", str(path), "--all", str(folder.parent / f"{folder.name}-all.jsonl"))
    outcome.read = "read" if exported[0] == 0 else "refused"
    outcome.integrity = integrity(path)
    present = set(notes_in(path))
    outcome.lost = sum(1 for note in committed if note not in present)
    return outcome


def all_cases(folder: Path, *, kill_cycles: int) -> list[Outcome]:
    outcomes = [killed_while_writing(folder / "killed", kill_cycles)]
    for n, case in enumerate(FILE_FAULTS):
        outcomes.append(file_fault(case, folder / f"file-{n}"))
    outcomes.append(read_only_file(folder / "read-only"))
    outcomes.append(full_disk(folder / "full-edits", "edits"))
    outcomes.append(full_disk(folder / "full-backup", "backup"))
    return outcomes


def table(outcomes: list[Outcome]) -> str:
    """The outcomes as a Markdown table, with the totals the README quotes."""
    lines = [
        "| fault | done to the library | `claimmark import` | `claimmark export --all` | refused with a message "
        "| written into | committed edits lost | integrity_check |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for o in outcomes:
        lines.append(
            f"| {o.case} | {o.fault} | {o.wrote} | {o.read} | {'yes' if o.refused else 'no'} | "
            f"{'YES' if o.written_into else 'no'} | {o.lost:,} of {o.committed:,} | {o.integrity} |"
        )
    refused = sum(o.refused for o in outcomes)
    written = sum(o.written_into for o in outcomes)
    lost = sum(o.lost for o in outcomes)
    committed = sum(o.committed for o in outcomes)
    lines.append("")
    lines.append(
        f"{len(outcomes)} faults tried; {refused} refused with a message; {written} written into; "
        f"{lost:,} of {committed:,} committed edits lost."
    )
    return "\n".join(lines)
