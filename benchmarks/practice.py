"""The practice set's database work, timed: loading the set into a new library, the practice view's
overview for a learner with every exercise done twice, and a class's grade book (30 trainees,
every practice exercise handed in) with its CSV.  All of it runs off the GUI thread in the
window; these figures say how long the view or the class progress waits for its rows.

.venv/bin/python benchmarks/practice.py [--db URL]

The default is a new SQLite file.  A ``--db`` must be an empty database made for the run (it is
filled with 31 trainees' work): never a class's, nor a server's own ``postgres`` database.
"""

from __future__ import annotations

import argparse
import io
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from claimmark.core import classroom as cr
from claimmark.core.classroom.attempts import practise_again
from claimmark.core.classroom.bundled import load_bundled_key
from claimmark.core.classroom.gradebook import class_progress, write_csv
from claimmark.core.classroom.practice import ensure_practice_set, practice_set
from claimmark.core.classroom.spacing import overview
from claimmark.core.reader import operations as ops
from claimmark.core.reader.workspace import Workspace
from claimmark.core.storage import open_database


def timed(work, runs: int = 3) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def hand_in(db, name: str, ids: dict[str, int], attempts: int = 1) -> int:
    workspace = Workspace(db, name)
    for exercise in practice_set():
        opened = workspace.open_exercise(ids[exercise.uid])
        claim_set = opened.claim_set_id
        for n in range(attempts):
            if n:
                claim_set = practise_again(db, claim_set)
            for claim in load_bundled_key(exercise.files).claims[n:]:
                ops.run(db, ops.AddClaim(claim_set, claim.start, claim.end, claim.tag))
            cr.submit(db, claim_set, None)
    return workspace.trainee_id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="a database URL or file (default: a new SQLite file)")
    args = parser.parse_args()
    db = open_database(args.db or Path(tempfile.mkdtemp()) / "practice.sqlite3")
    start = time.perf_counter()
    ids = ensure_practice_set(db)
    print(f"loading the set ({len(ids)} exercises, their keys) into a new library: {time.perf_counter() - start:.3f} s")
    learner = hand_in(db, "learner", ids, attempts=2)
    seconds, shown = timed(lambda: overview(db, learner, datetime.now(UTC)))
    print(
        f"practice view overview, {len(shown.progress.results)} attempts handed in: "
        f"{seconds * 1000:.0f} ms (median of 3)"
    )
    for i in range(30):
        hand_in(db, f"trainee {i:02d}", ids)
    seconds, book = timed(lambda: class_progress(db, practice=True))
    out = io.StringIO()
    write_csv(book, out)
    print(
        f"class progress, {len(book.rows)} trainees x {len(book.columns)} exercises: {seconds * 1000:.0f} ms "
        f"(median of 3); CSV {len(out.getvalue()):,} characters"
    )
    db.close()


if __name__ == "__main__":
    main()
