"""A class starting together: many processes open the same new database at the same instant.

Real processes, each as ``claimmark`` starts: open (and create) the database, find or make the
trainee, open the start article (the sample exercise, added on first use).  Every process
imports first and says it is ready; all are then let go at once, so they race on an empty
database: for its schema, the sample exercise and, for several, the same new trainee name.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path

import pytest
from sqlmodel import col, func, select

from claimmark.core.identity import Identity
from claimmark.core.storage import open_database
from claimmark.core.storage.migrate import HEAD, current_revision
from claimmark.core.storage.models import Article, ClaimSet, Exercise, Trainee

ROOT = Path(__file__).resolve().parents[2]

CHILD = textwrap.dedent(
    """
    import json, sys
    from claimmark.core.identity import Identity
    from claimmark.core.reader.workspace import Workspace
    from claimmark.core.storage import open_database

    url, who, opened_first = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3] == "opened"
    db = open_database(url) if opened_first else None
    print("ready", flush=True)
    sys.stdin.readline()  # everyone goes at once
    db = db or open_database(url)
    identity = Identity(**who) if isinstance(who, dict) else who
    workspace = Workspace(db, identity)
    opened = workspace.open_start()
    print(json.dumps({"trainee": workspace.trainee_id, "exercise": opened.exercise.uid}), flush=True)
    db.close()
    """
)


def start_together(
    url: str, people: list[str | Identity], *, opened_first: bool = False
) -> list[subprocess.CompletedProcess[str]]:
    """Run one starting process per person, all let go at the same instant; their outcomes.

    With ``opened_first`` each has the database open (connected, schema checked) before the
    start, so that they race on the very next step: finding or making their trainee.
    """
    children = []
    for who in people:
        arg = json.dumps(who if isinstance(who, str) else {"uid": who.uid, "name": who.name})
        children.append(
            subprocess.Popen(
                [sys.executable, "-c", CHILD, url, arg, "opened" if opened_first else "new"],
                cwd=ROOT,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    try:
        for child in children:
            assert child.stdout is not None
            line = child.stdout.readline()
            assert line == "ready\n", line + (child.stderr.read() if child.stderr else "")
        for child in children:
            assert child.stdin is not None
            child.stdin.write("go\n")
            child.stdin.flush()
        outcomes = []
        for child, who in zip(children, people, strict=True):
            out, err = child.communicate(timeout=180)
            outcomes.append(subprocess.CompletedProcess([str(who)], child.returncode or 0, out, err))
        return outcomes
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()


def reason(stderr: str) -> str:
    """The error's own line of a child's traceback."""
    lines = [line for line in stderr.splitlines() if "Error" in line and not line.startswith(" ")]
    return lines[-1] if lines else stderr[-300:]


def check_started_once(url: str, outcomes: list[subprocess.CompletedProcess[str]], people: list) -> None:
    failed = [f"{o.args[0]}: {reason(o.stderr)}" for o in outcomes if o.returncode != 0]
    assert not failed, f"{len(failed)} of {len(outcomes)} failed to start: {failed}"
    reports = [json.loads(o.stdout.strip().splitlines()[-1]) for o in outcomes]
    db = open_database(url)
    try:
        assert current_revision(db) == HEAD
        with db.read() as session:
            samples = session.exec(select(Exercise).where(col(Exercise.is_sample).is_(True))).all()
            assert len(samples) == 1, "one sample exercise, whoever added it"
            assert session.exec(select(func.count()).select_from(Article)).one() == 1
            keys = session.exec(select(ClaimSet).where(ClaimSet.role == "key")).all()
            assert len(keys) == 1
            trainees = session.exec(select(Trainee)).all()
        assert {r["exercise"] for r in reports} == {samples[0].uid}
        # one trainee per person: the same name given by several processes is one trainee
        expected = {who if isinstance(who, str) else who.uid for who in people}
        assert len(trainees) == len(expected)
        by_person = Counter(r["trainee"] for r in reports)
        assert sorted(by_person.values()) == sorted(Counter(map(str, people)).values())
    finally:
        db.close()


def class_of(size: int) -> list[str | Identity]:
    """Half the class starts with the same new name (``--trainee``), the others with profiles."""
    return ["Ana Lima" if i % 2 else Identity.new(f"Trainee {i}") for i in range(size)]


def test_eight_processes_open_a_new_sqlite_database_at_once(tmp_path: Path) -> None:
    url = str(tmp_path / "class.sqlite3")
    people = class_of(8)
    check_started_once(url, start_together(url, people), people)


@pytest.mark.postgres
def test_thirty_processes_open_a_new_postgresql_database_at_once(pg_url: str) -> None:
    people = class_of(30)
    check_started_once(pg_url, start_together(pg_url, people), people)


def test_the_same_new_name_started_on_ten_machines_at_once(db_url: str) -> None:
    """On a database each has open already (so nothing holds them up on the way), ten processes
    start the same new trainee at the same instant: one trainee, every start succeeds."""
    open_database(db_url).close()
    people: list[str | Identity] = ["Ana Lima"] * 10
    check_started_once(db_url, start_together(db_url, people, opened_first=True), people)
