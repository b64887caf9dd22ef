"""A class on one PostgreSQL class database: 30 trainees and a teacher, starting together.

On a fresh database (``claimmark class setup``, ``add-trainees``: each trainee their own login
role, under row-level security) one real process per trainee and one for the teacher are let go
at the same instant.  Each trainee opens the database as their role, opens the exercise (a
3,000-word article) and makes 200 edits (each tagging a claim, its own transaction), then
submits.  The teacher's process opens as the teacher role and listens for the class's
announcements meanwhile.  Figures:

* errors (any process that failed, any edit refused) and lost edits (claims missing from the
  database after all is done), target 0 / 0;
* the spread of the processes' start (from the go to the database open and the trainee found);
* the time for the teacher's debrief of the 30 submissions to refresh (scoring it again, what
  the debrief window does off the GUI thread when the class changes), target <= 1 s;
* an edit's latency as a trainee's role (row-level security, grants, the submitted-work lock,
  the NOTIFY trigger) against the owner's (who bypasses row-level security), target <= 2x.

    .venv/bin/python benchmarks/class_load.py [--trainees 30] [--edits 200] [--server URL]

The database and its roles (named from a random prefix) are dropped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WORDS = [
    "officials", "said", "the", "council", "would", "spend", "more", "on", "roads", "next", "year",
    "while", "critics", "estimated", "the", "cost", "at", "twice", "the", "figure", "given", "and",
    "residents", "who", "asked", "not", "to", "be", "named", "doubted", "that", "the", "work", "would",
    "be", "done",
]  # fmt: skip


def article(words: int = 3000) -> str:
    """A 3,000-word article made up for the run (sentences of the words above)."""
    out, sentence = [], []
    for i in range(words):
        sentence.append(WORDS[(i * 7 + i // 13) % len(WORDS)])
        if len(sentence) == 15:
            out.append(" ".join(sentence).capitalize() + ".")
            sentence = []
    if sentence:
        out.append(" ".join(sentence).capitalize() + ".")
    return " ".join(out)


CHILD = textwrap.dedent(
    """
    import json, sys, time
    from claimmark.core.claims import Tag
    from claimmark.core.reader import operations as ops
    from claimmark.core.reader.workspace import Workspace
    from claimmark.core.storage import open_database, roles

    file, exercise_id, edits, kind = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    connection = roles.read_connection(file)
    import psycopg, sqlalchemy.dialects.postgresql.psycopg  # noqa: F401  (loaded before the go, as at launch)
    from claimmark.core.classroom import live, submissions  # noqa: F401
    print("ready", flush=True)
    go = float(sys.stdin.readline())
    out = {"errors": [], "latencies": []}
    try:
        db = open_database(connection.url, password=connection.password)
        if kind == "teacher":
            import threading
            from claimmark.core.classroom.live import listen
            workspace = Workspace(db, "Teacher")
            out["started"] = time.time() - go
            print(json.dumps({"started": out["started"]}), flush=True)
            stop, heard = threading.Event(), []
            thread = threading.Thread(target=listen, args=(db, stop, heard.append))
            thread.start()
            sys.stdin.readline()  # the trainees are done
            stop.set(); thread.join()
            out["announcements"] = len(heard)
        else:
            workspace = Workspace(db)
            opened = workspace.open_exercise(exercise_id)
            out["started"] = time.time() - go
            text = opened.article.text
            spans, at = [], 0
            while len(spans) < edits:  # every other word, in text order
                start = text.index(" ", at) + 1
                end = text.index(" ", start)
                spans.append((start, end))
                at = text.index(" ", end + 1)
            tags = list(Tag)
            for n, (start, end) in enumerate(spans):
                began = time.perf_counter()
                try:
                    ops.run(db, ops.AddClaim(opened.claim_set_id, start, end, tags[n % len(tags)]))
                except Exception as error:
                    out["errors"].append(f"edit {n}: {error}")
                out["latencies"].append(time.perf_counter() - began)
            from claimmark.core.classroom.submissions import submit
            submit(db, opened.claim_set_id, None)
            out["claim_set"] = opened.claim_set_id
        db.close()
    except Exception as error:
        out["errors"].append(f"{type(error).__name__}: {error}")
    print(json.dumps(out), flush=True)
    """
)


def latency(url: str, password: str | None, claim_set_id: int, text: str, count: int) -> list[float]:
    """``count`` edits in a row (each its own transaction) on one claim set; their latencies."""
    from claimmark.core.claims import Tag
    from claimmark.core.reader import operations as ops
    from claimmark.core.storage import open_database

    db = open_database(url, password=password)
    times = []
    try:
        at = 0
        for _ in range(count):
            start = text.index(" ", at) + 1
            end = text.index(" ", start)
            at = end
            began = time.perf_counter()
            ops.run(db, ops.AddClaim(claim_set_id, start, end, Tag.CONFIRMED))
            times.append(time.perf_counter() - began)
    finally:
        db.close()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trainees", type=int, default=30)
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument(
        "--server", default=os.environ.get("CLAIMMARK_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    )
    args = parser.parse_args()

    os.environ.setdefault("CLAIMMARK_PROFILE", str(Path(tempfile.mkdtemp()) / "profile.json"))
    os.environ.setdefault("CLAIMMARK_BACKUPS", tempfile.mkdtemp())
    os.environ["CLAIMMARK_CLASS"] = str(Path(tempfile.mkdtemp()) / "class.json")

    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from claimmark.core import classroom as cr
    from claimmark.core.claims import Tag
    from claimmark.core.cli import main as cli
    from claimmark.core.reader import operations as ops
    from claimmark.core.reader.workspace import Workspace
    from claimmark.core.storage import open_database, roles
    from claimmark.core.storage import repository as repo
    from tests.class_db import drop_class_database

    server = make_url(args.server).set(drivername="postgresql+psycopg")
    name = f"cmbench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = server.set(database=name).render_as_string(hide_password=False)
    folder = Path(tempfile.mkdtemp(prefix="claimmark-class-"))
    try:
        names = folder / "names.txt"
        names.write_text("\n".join(f"Trainee {i:02d}" for i in range(args.trainees)) + "\n", encoding="utf-8")
        assert cli(["class", "setup", url, "--out", str(folder)]) == 0
        assert cli(["class", "add-trainees", url, str(names), "--out", str(folder / "files")]) == 0
        owner = open_database(url)
        text = article()
        with owner.write() as session:
            article_id = repo.add_article(text, session=session, title="Roads").id
        assert article_id is not None
        exercise = cr.make_exercise(owner, article_id, cr.ExerciseSettings("Roads"))
        key = cr.key_claim_set_id(owner, exercise.id)
        for n, (start, end) in enumerate(_words(text, 120)):
            ops.run(owner, ops.AddClaim(key, start, end, list(Tag)[n % 3]))
        files = sorted((folder / "files").glob("*.claimmark-class"))
        teacher_file = folder / "teacher.claimmark-class"

        children = []
        for file, kind in [(teacher_file, "teacher"), *((f, "trainee") for f in files)]:
            children.append(
                subprocess.Popen(
                    [sys.executable, "-c", CHILD, str(file), str(exercise.id), str(args.edits), kind],
                    cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                )
            )  # fmt: skip
        for child in children:
            assert child.stdout is not None and child.stdout.readline() == "ready\n"
        go = time.time()
        for child in children:
            assert child.stdin is not None
            child.stdin.write(f"{go}\n")
            child.stdin.flush()
        teacher, trainees = children[0], children[1:]
        assert teacher.stdout is not None
        teacher_start = json.loads(teacher.stdout.readline())["started"]
        outcomes = []
        for child in trainees:
            out, err = child.communicate(timeout=1800)
            lines = [line for line in out.splitlines() if line.startswith("{")]
            outcomes.append(
                json.loads(lines[-1]) if lines else {"errors": [f"no result: {err[-500:]}"], "latencies": []}
            )
        wall = time.time() - go
        assert teacher.stdin is not None
        out, _ = teacher.communicate("done\n", timeout=60)
        heard = json.loads(out.splitlines()[-1]).get("announcements", 0)

        errors = [e for o in outcomes for e in o["errors"]]
        counts = {}
        with owner.read() as session:
            for o in outcomes:
                if "claim_set" in o:
                    counts[o["claim_set"]] = len(repo.list_claims(o["claim_set"], session=session))
        lost = sum(args.edits - counts.get(o.get("claim_set", -1), 0) for o in outcomes)
        starts = [o["started"] for o in outcomes if "started" in o] + [teacher_start]
        edit_times = [t for o in outcomes for t in o["latencies"]]

        teacher_conn = roles.read_connection(teacher_file)
        tdb = open_database(teacher_conn.url, password=teacher_conn.password)
        refresh = []
        try:
            for _ in range(5):
                began = time.perf_counter()
                done = cr.debrief(tdb, exercise.id)
                refresh.append(time.perf_counter() - began)
        finally:
            tdb.close()

        # an edit's latency, one client alone: a trainee's role (RLS) against the owner's (no RLS)
        probe = files[0]
        connection = roles.read_connection(probe)
        pdb = open_database(connection.url, password=connection.password)
        fresh = Workspace(pdb).open_sample()
        pdb.close()
        owner_set = Workspace(owner, "Owner").open_sample().claim_set_id
        rls = latency(connection.url, connection.password, fresh.claim_set_id, fresh.article.text, 200)
        plain = latency(url, None, owner_set, fresh.article.text, 200)
        owner.close()

        ms = 1000.0
        result = {
            "trainees": args.trainees,
            "edits_each": args.edits,
            "errors": len(errors),
            "lost_edits": lost,
            "start_spread_s": round(max(starts) - min(starts), 3),
            "slowest_start_s": round(max(starts), 3),
            "wall_s": round(wall, 1),
            "edit_median_ms_under_load": round(statistics.median(edit_times) * ms, 1),
            "edit_p95_ms_under_load": round(sorted(edit_times)[int(len(edit_times) * 0.95)] * ms, 1),
            "announcements_heard": heard,
            "debrief_submissions": len(done.rows),
            "debrief_refresh_median_s": round(statistics.median(refresh), 3),
            "debrief_refresh_max_s": round(max(refresh), 3),
            "edit_median_ms_rls": round(statistics.median(rls) * ms, 2),
            "edit_median_ms_owner": round(statistics.median(plain) * ms, 2),
            "rls_ratio": round(statistics.median(rls) / statistics.median(plain), 2),
        }
        for line in errors[:10]:
            print("error:", line, file=sys.stderr)
        print(json.dumps(result, indent=2))
        return 0 if not errors and not lost else 1
    finally:
        drop_class_database(admin, name)
        admin.dispose()


def _words(text: str, count: int) -> list[tuple[int, int]]:
    spans, at = [], 0
    while len(spans) < count:
        start = text.index(" ", at) + 1
        end = text.index(" ", start)
        spans.append((start, end))
        at = text.index(" ", end + 1) + 40
    return spans


if __name__ == "__main__":
    sys.exit(main())
