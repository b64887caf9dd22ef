"""What durability costs: commit latency with synchronous=NORMAL and FULL, the flushes each makes,
and on a 100 MB library the start-up check, a backup and a restore, with the window's freezes
while they (and a 200,000-claim answer key) run in the background.

1. ``--edits`` edits (tag, retag, delete in turn) through ``ReaderSession.apply``, as the
   window makes them, each timed until committed, once with ``synchronous=NORMAL`` (before) and
   once with ``FULL`` (now); with ``strace`` on the machine, the fsync/fdatasync calls 200 edits
   make in a child process under each.
2. A library of at least ``--megabytes`` MB (articles of generated text, 150 claims each, an
   entity cache entry each) made in a temporary folder, then timed warm (in the page cache) and
   cold (its pages dropped from the cache with ``posix_fadvise``, this file only): opening it
   (the header, the journal and ``PRAGMA quick_check`` run before anything is written), the full
   ``integrity_check`` for comparison, a backup (check, SQLite's online copy, check of the copy)
   and a restore into the library in use.
3. The window on that library (offscreen): Back up now, Restore from backup and importing a
   200,000-claim answer key, each run in the background while a 5 ms timer on the GUI thread
   measures the longest freeze.

Everything is made afresh in a temporary folder; no corpus is needed.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import uuid
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from claimmark.core import classroom as cr
from claimmark.core.claims import ClaimSpan, Tag
from claimmark.core.reader import operations as ops
from claimmark.core.reader.session import ReaderSession
from claimmark.core.reader.workspace import Workspace
from claimmark.core.storage import backups, engine, open_database
from claimmark.core.storage import repository as repo

ROOT = Path(__file__).resolve().parents[1]


def figures(values: list[float]) -> str:
    ordered = sorted(values)
    return (
        f"median {statistics.median(ordered) * 1000:.2f} ms, 95th {ordered[int(len(ordered) * 0.95) - 1] * 1000:.2f} "
        f"ms, max {ordered[-1] * 1000:.2f} ms"
    )


# ---------------------------------------------------------------- 1. commit latency
def edit_latency(folder: Path, mode: str, edits: int) -> list[float]:
    engine.SYNCHRONOUS = mode
    db = open_database(folder / f"latency-{mode}.sqlite3")
    session = ReaderSession(Workspace(db, "kim"))
    session.open(session.workspace.open_start())
    text = session.text
    times: list[float] = []
    claim_id: int | None = None
    for i in range(edits):
        start = (i * 7) % (len(text) - 20)
        if i % 3 == 0 or claim_id is None:
            op: ops.Operation = ops.AddClaim(session.opened.claim_set_id, start, start + 9, Tag.CONFIRMED)  # type: ignore[union-attr]
        elif i % 3 == 1:
            op = ops.UpdateClaim(claim_id, tag=Tag.ESTIMATED)
        else:
            op = ops.DeleteClaim(claim_id)
        began = time.perf_counter()
        _, change = session.apply(op)
        times.append(time.perf_counter() - began)
        claim_id = change.claim_id if not isinstance(op, ops.DeleteClaim) else None
    db.close()
    engine.SYNCHRONOUS = "FULL"
    return times


FLUSHES = textwrap.dedent(
    """
    import sys
    from claimmark.core.claims import Tag
    from claimmark.core.reader import operations as ops
    from claimmark.core.reader.workspace import Workspace
    from claimmark.core.storage import engine, open_database
    engine.SYNCHRONOUS = sys.argv[2]
    db = open_database(sys.argv[1])
    opened = Workspace(db, "kim").open_start()
    print("EDITS", flush=True)
    for i in range(200):
        ops.run(db, ops.AddClaim(opened.claim_set_id, i % 50, i % 50 + 4, Tag.CONFIRMED))
    db.close()
    """
)


def flushes(folder: Path, mode: str) -> int | None:
    """fsync + fdatasync calls made by 200 edits (strace), or None without strace."""
    if shutil.which("strace") is None:
        return None
    path = folder / f"flush-{mode}.sqlite3"
    open_database(path).close()
    set_up = subprocess.run(  # the sample and the trainee are made by a first run, not counted
        [sys.executable, "-c", FLUSHES.replace("range(200)", "range(0)"), str(path), mode],
        cwd=ROOT,
        capture_output=True,
    )
    assert set_up.returncode == 0, set_up.stderr
    baseline = _strace(path, mode, FLUSHES.replace("range(200)", "range(0)"))
    counted = _strace(path, mode, FLUSHES)
    return counted - baseline


def _strace(path: Path, mode: str, code: str) -> int:
    result = subprocess.run(
        ["strace", "-f", "-c", "-e", "trace=fsync,fdatasync", sys.executable, "-c", code, str(path), mode],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    total = 0
    for line in result.stderr.splitlines():
        found = re.match(r"\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?(fsync|fdatasync)$", line)
        if found:
            total += int(found.group(1))
    return total


# ---------------------------------------------------------------- 2. a 100 MB library
WORDS = ["".join(random.Random(i).choice("abcdefghijklmnopqrstuvwxyz") for _ in range(2 + i % 9)) for i in range(8000)]


def big_library(path: Path, megabytes: int) -> tuple[int, int]:
    """A library of at least ``megabytes`` MB; returns (articles, claims)."""
    db = open_database(path)
    chance = random.Random(11)
    articles = claims = 0
    with db.write() as session:
        trainee = repo.get_or_create_trainee(str(uuid.uuid4()), "kim", session=session)
    while path.stat().st_size < megabytes * 1_000_000:  # the journal is copied back every 1,000 pages
        with db.write() as session:
            for _ in range(20):
                text = " ".join(chance.choice(WORDS) for _ in range(9000)) + "."
                article = repo.add_article(text, session=session, title=f"Article {articles}")
                claim_set = repo.get_claim_set(article.id, session=session, trainee_id=trainee.id)
                spans = [ClaimSpan(k * 300, k * 300 + 40, Tag.ESTIMATED, note="a note " * 4) for k in range(150)]
                repo.replace_claims(claim_set.id, spans, session=session)
                entities = {"entities": [[k * 50, k * 50 + 8, "PERSON"] for k in range(800)], "sentences": []}
                repo.store_entities(article.text_hash, "en_core_web_sm", "3.8.0", entities, session=session)
                articles += 1
                claims += len(spans)
    db.close()  # the last connection closed: the journal is copied into the file and removed
    return articles, claims


def drop_from_cache(*paths: Path) -> None:
    """Take these files' pages out of the page cache (only theirs): the next read comes from the disk."""
    for path in paths:
        if path.exists():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def timed(work, *, cold: bool, paths: list[Path], runs: int = 3) -> list[float]:
    times = []
    for _ in range(runs):
        if cold:
            drop_from_cache(*paths)
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return times


def seconds(values: list[float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values) + " s"


def library_figures(path: Path) -> None:
    import sqlite3

    size = (path.stat().st_size) / 1e6
    print(f"  library file: {size:.1f} MB")

    def open_check() -> None:
        open_database(path).close()

    def integrity() -> None:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        conn.close()

    made: list[backups.Backup] = []

    def backup() -> None:
        made.append(backups.make_backup(path, "manual"))

    for label, work in (
        ("open (header, journal, quick_check)", open_check),
        ("full integrity_check (not run by ClaimMark; for comparison)", integrity),
        ("backup (quick_check, online copy, check of the copy)", backup),
    ):
        warm = timed(work, cold=False, paths=[path])
        cold = timed(work, cold=True, paths=[path, *(b.path for b in made)])
        print(f"  {label}: warm {seconds(warm)}; cold {seconds(cold)}")
    print(f"  backup file: {made[-1].size / 1e6:.1f} MB, {made[-1].claims:,} claims")
    window = open_database(path)  # a window has it open while it is restored
    began = time.perf_counter()
    backups.restore(path, made[-1])
    print(f"  restore into the library in use (a backup of it first, then the online copy): "
          f"{time.perf_counter() - began:.2f} s")  # fmt: skip
    window.close()


# ---------------------------------------------------------------- 3. the window
def window_figures(path: Path, folder: Path) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from benchmarks._qt import FreezeMeter, wait
    from claimmark.gui.app import build_window
    from claimmark.gui.classroom.controller import classroom_of
    from claimmark.gui.library.backups import BackupActions

    app = QApplication.instance() or QApplication([])
    QMessageBox.exec = lambda box: QMessageBox.StandardButton.Yes  # type: ignore[method-assign,assignment]
    db = open_database(path)
    window = build_window(Workspace(db, "kim"), None)
    window.open(ReaderSession.open_start)
    window.show()
    wait(app, lambda: window.isVisible())
    actions = window.findChild(BackupActions, "backupActions")
    meter = FreezeMeter()

    meter.start()
    began = time.perf_counter()
    job = actions.back_up_now()
    wait(app, lambda: not job.running)
    print(f"  Back up now: done in {time.perf_counter() - began:.2f} s; longest freeze {meter.stop():.0f} ms")

    dialog = actions.restore_dialog()
    meter.start()
    began = time.perf_counter()
    job = dialog.restore_chosen()
    wait(app, lambda: not job.running and actions.dialog is None)
    print(f"  Restore from backup (and the window reading it again): {time.perf_counter() - began:.2f} s; "
          f"longest freeze {meter.stop():.0f} ms")  # fmt: skip

    # a 200,000-claim key for an exercise on a 200,000-word article
    text = " ".join(f"word{i}" for i in range(200_000))
    with db.write() as session:
        article = repo.add_article(text, session=session, title="Long")
    exercise = cr.make_exercise(db, article.id, cr.ExerciseSettings("Long"))
    handout = cr.exercise_file(db, exercise.id)
    from claimmark.core.classroom.exchange import KeyFile, write_key

    claims = [ClaimSpan(i * 8, i * 8 + 5, Tag.CONFIRMED, "n", "s") for i in range(200_000)]
    write_key(folder / "long.key.json", KeyFile.for_exercise(handout, claims))
    window.open(lambda s: s.open_exercise(exercise.id))
    controller = classroom_of(window)
    meter.start()
    began = time.perf_counter()
    controller.import_key_path(folder / "long.key.json")
    wait(app, lambda: not controller.busy)
    print(f"  Import answer key of 200,000 claims ({(folder / 'long.key.json').stat().st_size / 1e6:.0f} MB file): "
          f"{time.perf_counter() - began:.1f} s; longest freeze {meter.stop():.0f} ms")  # fmt: skip
    window.close()
    db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edits", type=int, default=300)
    parser.add_argument("--megabytes", type=int, default=100)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (it is printed)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="claimmark-durability-"))
    os.environ[backups.ENV_VAR] = str(folder / "backups")
    try:
        print(f"commit latency, {args.edits} edits (tag, retag, delete in turn) through ReaderSession.apply:")
        for mode in ("NORMAL", "FULL"):
            times = edit_latency(folder, mode, args.edits)
            count = flushes(folder, mode)
            said = f"; {count} fsync/fdatasync calls for 200 edits (strace)" if count is not None else ""
            print(f"  synchronous={mode}: {figures(times)}{said}")
        print(f"a library of {args.megabytes} MB or more:")
        path = folder / "big.sqlite3"
        began = time.perf_counter()
        articles, claims = big_library(path, args.megabytes)
        print(f"  made in {time.perf_counter() - began:.0f} s: {articles:,} articles, {claims:,} claims")
        library_figures(path)
        print("the window on it (offscreen), each step in the background:")
        window_figures(path, folder)
    finally:
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
