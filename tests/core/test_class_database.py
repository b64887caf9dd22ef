"""A class database that enforces the rules itself: a hostile trainee against real PostgreSQL.

One class database is set up for the module (``claimmark class setup``, ``add-trainees``),
with an exercise whose answer key (with the teacher's notes) is not released, Alice's submitted
work and Bob's work in progress.  Every attack is then made as Alice's own login role: in plain
SQL (what ``psql`` would do) the database refuses it, and through the program a clear message
says why.  The database and every role it made (roles are cluster-wide) carry a random prefix
and are dropped afterwards.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from claimmark.core.claims import ClaimSpan, Tag
from claimmark.core.classroom.exercises import ExerciseSettings, key_claim_set_id, make_exercise, release_key
from claimmark.core.errors import NotAllowed
from claimmark.core.reader import operations as ops
from claimmark.core.reader.workspace import Workspace
from claimmark.core.storage import open_database, roles
from claimmark.core.storage import repository as repo
from claimmark.core.storage.engine import Database
from tests.class_db import class_database

psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed, so PostgreSQL tests cannot run")

ARTICLE = (
    "The minister said on Monday that 4,000 homes would be built by 2030. Critics estimate the cost at "
    "two billion euros. A spokesperson for the opposition, who asked not to be named, called the plan a fantasy."
)
KEY_NOTE = "teacher's note: the figure comes from the ministry's own press release"
HOSTILE = [
    "Alice",
    "Bob",
    "O'Brien\"; DROP TABLE claim; --",
    "Zoë Ñandú 李小龍",
    "Robert'); DROP ROLE postgres;--",
]


@dataclass
class Klass:
    owner_url: str
    database: str
    files: dict[str, Path]
    exercise_id: int
    key_set: int
    alice_set: int
    bob_set: int
    bob_claim: int
    roles: roles.ClassRoles

    def connection(self, who: str) -> roles.ClassConnection:
        return roles.read_connection(self.files[who])

    def open(self, who: str) -> Database:
        connection = self.connection(who)
        return open_database(connection.url, password=connection.password)

    def sql(self, who: str) -> psycopg.Connection:
        """A plain SQL connection as ``who``'s role, as psql would make it."""
        c = self.connection(who)
        return psycopg.connect(
            host=c.host, port=c.port, dbname=c.database, user=c.role, password=c.password, autocommit=True
        )

    def owner_sql(self) -> psycopg.Connection:
        from sqlalchemy.engine import make_url

        url = make_url(self.owner_url)
        return psycopg.connect(
            host=url.host, port=url.port or 5432, dbname=url.database, user=url.username, autocommit=True
        )


@pytest.fixture(scope="module")
def klass(pg_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Klass]:
    """The class: an exercise with an unreleased key (with the teacher's note), Alice's
    submitted work, Bob's work in progress."""
    from claimmark.core.classroom.submissions import submit

    with class_database(pg_server, tmp_path_factory.mktemp("class-files"), HOSTILE) as made:
        owner = open_database(made.owner_url)
        try:
            with owner.write() as session:
                article_id = repo.add_article(ARTICLE, session=session, title="Homes").id
            assert article_id is not None
            exercise = make_exercise(owner, article_id, ExerciseSettings(title="Homes"))
            key_set = key_claim_set_id(owner, exercise.id)
            with owner.write() as session:
                repo.replace_claims(key_set, [ClaimSpan(0, 12, Tag.CONFIRMED, note=KEY_NOTE)], session=session)
            sets = {}
            for who in ("Alice", "Bob"):
                db = made.open(who)
                opened = Workspace(db).open_exercise(exercise.id)
                ops.run(db, ops.AddClaim(opened.claim_set_id, 4, 12, Tag.ESTIMATED, note=f"{who}'s note"))
                sets[who] = opened.claim_set_id
                if who == "Alice":
                    submit(db, opened.claim_set_id, None)
                db.close()
            with owner.read() as session:
                bob_claim = repo.list_claims(sets["Bob"], session=session)[0].id
            assert bob_claim is not None
            yield Klass(
                made.owner_url, made.database, made.files, exercise.id, key_set, sets["Alice"], sets["Bob"],
                bob_claim, made.roles,
            )  # fmt: skip
        finally:
            owner.close()


def refused(conn: psycopg.Connection, statement: str, params: object = None) -> str:
    """Run ``statement``; it must be refused with insufficient privilege; the server's words."""
    with pytest.raises(psycopg.errors.InsufficientPrivilege) as caught:
        conn.execute(statement, params)
    return str(caught.value)


def owner_value(klass: Klass, query: str, params: object = None) -> object:
    with klass.owner_sql() as conn:
        row = conn.execute(query, params).fetchone()
        return row[0] if row else None


# --- the set-up --------------------------------------------------------------------------------------


def test_setup_is_safe_to_run_again_and_changes_nothing(klass: Klass, tmp_path: Path) -> None:
    from claimmark.core.cli import main

    count = "SELECT count(*) FROM pg_policies WHERE schemaname = 'public'"
    before = owner_value(klass, count)
    assert main(["class", "setup", klass.owner_url, "--out", str(tmp_path)]) == 0
    assert owner_value(klass, count) == before and before == 9
    assert not list(tmp_path.iterdir()), "the teacher keeps the password of the first setup"
    assert owner_value(klass, "SELECT count(*) FROM claim WHERE claim_set_id = %s", (klass.key_set,)) == 1


def test_hostile_names_get_safe_roles_of_their_own_and_files_only_they_can_read(klass: Klass) -> None:
    for name in HOSTILE:
        file = klass.files[name]
        assert stat.S_IMODE(file.stat().st_mode) == 0o600
        connection = klass.connection(name)
        assert connection.name == name
        assert connection.role.startswith(klass.roles.prefix) and len(connection.role) <= 63
        assert all(c.isascii() and (c.isalnum() or c == "_") for c in connection.role)
        db = klass.open(name)
        try:
            assert db.class_kind == "trainee"
            assert Workspace(db).trainee_name == name
            assert connection.password not in db.name and connection.password not in repr(connection)
        finally:
            db.close()
    assert owner_value(klass, "SELECT to_regclass('claim')") is not None, "no name's SQL ever ran"
    assert owner_value(klass, "SELECT count(*) FROM trainee WHERE length(name) > 200") == 0


def test_class_list_shows_who_joined_and_their_work(klass: Klass, capsys: pytest.CaptureFixture[str]) -> None:
    from claimmark.core.cli import main

    assert main(["class", "list", klass.owner_url]) == 0
    out = capsys.readouterr().out.splitlines()
    alice = next(line for line in out if line.startswith("Alice\t")).split("\t")
    assert alice[2] != "not yet" and alice[3:] == ["1", "1"]
    bob = next(line for line in out if line.startswith("Bob\t")).split("\t")
    assert bob[3:] == ["1", "0"]
    # the teacher lists the class with their connection file, no URL or password typed
    assert main(["class", "list", str(klass.files["teacher"])]) == 0
    assert capsys.readouterr().out.splitlines() == out


# --- attacks in plain SQL, as Alice's role -------------------------------------------------------------


def test_the_unreleased_key_and_the_teachers_notes_cannot_be_read(klass: Klass) -> None:
    with klass.sql("Alice") as conn:
        query = "SELECT count(*) FROM claimset WHERE role = 'key' AND exercise_id = %s"
        assert conn.execute(query, (klass.exercise_id,)).fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM claimset WHERE role = 'key'").fetchone()[0] > 0, "released keys"
        assert conn.execute("SELECT count(*) FROM claim WHERE claim_set_id = %s", (klass.key_set,)).fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM claim WHERE note LIKE 'teacher%%'").fetchone() == (0,)


def test_another_trainees_work_cannot_be_read_or_changed(klass: Klass) -> None:
    with klass.sql("Alice") as conn:
        assert conn.execute("SELECT count(*) FROM claim WHERE claim_set_id = %s", (klass.bob_set,)).fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM claimset WHERE id = %s", (klass.bob_set,)).fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM trainee").fetchone() == (1,), "only her own row"
        assert conn.execute("UPDATE claim SET tag = 'unverified' WHERE id = %s", (klass.bob_claim,)).rowcount == 0
        assert conn.execute("DELETE FROM claim WHERE claim_set_id = %s", (klass.bob_set,)).rowcount == 0
        assert conn.execute("UPDATE claimset SET submitted_at = now() WHERE id = %s", (klass.bob_set,)).rowcount == 0
        assert conn.execute("UPDATE trainee SET name = 'hacked' WHERE name = 'Bob'").rowcount == 0
        refused(
            conn,
            'INSERT INTO claim (claim_set_id, start, "end", tag, note, source, created_at, updated_at) '
            "VALUES (%s, 0, 3, 'confirmed', 'planted', '', now(), now())",
            (klass.bob_set,),
        )
        bob_id = owner_value(klass, "SELECT trainee_id FROM claimset WHERE id = %s", (klass.bob_set,))
        refused(
            conn,
            "INSERT INTO claimset (article_id, exercise_id, trainee_id, role, attempt, created_at) "
            "SELECT article_id, id, %s, 'trainee', 9, now() FROM exercise WHERE id = %s",
            (bob_id, klass.exercise_id),
        )
        refused(conn, "UPDATE trainee SET db_role = 'x'")
        refused(conn, "UPDATE claimset SET trainee_id = %s WHERE id = %s", (bob_id, klass.alice_set))
        db = klass.open("Alice")
        try:
            her_sample = Workspace(db).open_sample().claim_set_id  # hers, not submitted
        finally:
            db.close()
        refused(conn, "UPDATE claimset SET attempt = 9 WHERE id = %s", (her_sample,))  # only submitted_at
        refused(conn, "INSERT INTO trainee (uid, name, created_at) VALUES ('u', 'ghost', now())")
    assert owner_value(klass, "SELECT tag FROM claim WHERE id = %s", (klass.bob_claim,)) == "estimated"
    assert owner_value(klass, "SELECT submitted_at FROM claimset WHERE id = %s", (klass.bob_set,)) is None
    assert owner_value(klass, "SELECT count(*) FROM trainee WHERE name = 'Bob'") == 1


def test_submitted_work_cannot_be_changed_or_unlocked(klass: Klass) -> None:
    with klass.sql("Alice") as conn:
        claim = conn.execute("SELECT id FROM claim WHERE claim_set_id = %s", (klass.alice_set,)).fetchone()
        assert claim is not None, "she reads her own submitted work"
        assert "submitted" in refused(conn, "UPDATE claim SET tag = 'confirmed' WHERE id = %s", claim)
        assert "submitted" in refused(conn, "DELETE FROM claim WHERE id = %s", claim)
        assert "submitted" in refused(
            conn,
            'INSERT INTO claim (claim_set_id, start, "end", tag, note, source, created_at, updated_at) '
            "VALUES (%s, 0, 3, 'confirmed', '', '', now(), now())",
            (klass.alice_set,),
        )
        assert "submitted" in refused(conn, "UPDATE claimset SET submitted_at = NULL WHERE id = %s", (klass.alice_set,))
        refused(conn, "DELETE FROM claimset WHERE id = %s", (klass.alice_set,))  # no claim set is hers to delete
    assert owner_value(klass, "SELECT submitted_at FROM claimset WHERE id = %s", (klass.alice_set,)) is not None
    assert owner_value(klass, "SELECT tag FROM claim WHERE claim_set_id = %s", (klass.alice_set,)) == "estimated"


def test_key_claims_cannot_be_forged_nor_the_key_released(klass: Klass) -> None:
    with klass.sql("Alice") as conn:
        refused(
            conn,
            'INSERT INTO claim (claim_set_id, start, "end", tag, note, source, created_at, updated_at) '
            "VALUES (%s, 0, 3, 'confirmed', 'forged', '', now(), now())",
            (klass.key_set,),
        )
        refused(
            conn,
            "INSERT INTO claimset (article_id, exercise_id, trainee_id, role, attempt, created_at) "
            "SELECT article_id, id, NULL, 'key', 7, now() FROM exercise WHERE id = %s",
            (klass.exercise_id,),
        )
        refused(conn, "UPDATE exercise SET key_released = true WHERE id = %s", (klass.exercise_id,))
    assert owner_value(klass, "SELECT key_released FROM exercise WHERE id = %s", (klass.exercise_id,)) is False
    assert (
        owner_value(
            klass, "SELECT count(*) FROM claimset WHERE role = 'key' AND exercise_id = %s", (klass.exercise_id,)
        )
        == 1
    )


@pytest.mark.parametrize(
    "statement",
    [
        "DROP TABLE claim",
        "TRUNCATE claim",
        "TRUNCATE exercise CASCADE",
        "ALTER TABLE claimset DISABLE ROW LEVEL SECURITY",
        "ALTER TABLE claim ADD COLUMN x int",
        "DROP POLICY trainee_read ON claimset",
        "CREATE TABLE planted (x int)",
        "UPDATE exercise SET title = 'changed'",
        "DELETE FROM exercise",
        "INSERT INTO exercise (uid, article_id, title, instructions, visible_labels, is_sample, key_released, "
        "created_at) VALUES ('x', 1, 'x', '', '', false, true, now())",
        "UPDATE article SET text = 'changed'",
        "DELETE FROM alembic_version",
        "CREATE ROLE planted LOGIN",
        "INSERT INTO entitycache (text_hash, model_name, model_version, payload, created_at) "
        "VALUES ('h', 'm', 'v', '{}', now())",
    ],
)
def test_the_schema_exercises_and_roles_cannot_be_changed(klass: Klass, statement: str) -> None:
    with klass.sql("Alice") as conn:
        with pytest.raises((psycopg.errors.InsufficientPrivilege, psycopg.errors.WrongObjectType)):
            conn.execute(statement)
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() is not None, "readable"
    assert owner_value(klass, "SELECT count(*) FROM exercise WHERE title = 'changed'") == 0


def test_granting_herself_the_teachers_role_is_refused(klass: Klass) -> None:
    with klass.sql("Alice") as conn:
        refused(conn, f'GRANT "{klass.roles.teacher}" TO CURRENT_USER')
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(f'SET ROLE "{klass.roles.teacher}"')


# --- the same attacks through the program --------------------------------------------------------------


def test_working_as_another_trainee_is_refused_with_a_message(klass: Klass) -> None:
    db = klass.open("Alice")
    try:
        with pytest.raises(NotAllowed, match=r"you work as Alice.*cannot work as bob"):
            Workspace(db, "bob")
        assert Workspace(db, "Alice").trainee_name == "Alice"
    finally:
        db.close()


def test_the_command_line_says_why_and_exports_only_her_own_work(
    klass: Klass, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimmark.core.cli import main

    monkeypatch.setenv(roles.CLASS_ENV, str(tmp_path / "joined.json"))
    monkeypatch.delenv("CLAIMMARK_DB", raising=False)
    file = str(klass.files["Alice"])
    assert main(["--class", file, "export", "--format", "csv", "--trainee", "bob"]) == 2
    err = capsys.readouterr().err
    assert "you may export only your own work (as Alice)" in err and "Traceback" not in err
    password = klass.connection("Alice").password
    assert password not in err
    # joined: the class is the database from now on, without --class
    assert stat.S_IMODE((tmp_path / "joined.json").stat().st_mode) == 0o600
    out = tmp_path / "mine.csv"
    assert main(["export", "--format", "csv", "--out", str(out)]) == 0
    exported = out.read_text(encoding="utf-8")
    assert "Alice" in exported and "Bob" not in exported and KEY_NOTE not in exported
    assert password not in exported and password not in capsys.readouterr().err


def test_the_key_cannot_be_exported_nor_teacher_mode_entered(klass: Klass, tmp_path: Path) -> None:
    from claimmark.core.classroom.handout import export_key
    from claimmark.core.reader.session import ReaderSession

    db = klass.open("Alice")
    try:
        with pytest.raises(NotAllowed, match="Answer keys are the teacher's"):
            export_key(db, klass.exercise_id, tmp_path / "key.json")
        assert not (tmp_path / "key.json").exists()
        session = ReaderSession(Workspace(db), teacher=True)
        assert session.teacher is False, "a saved teacher mode does not carry over to a trainee's role"
        with pytest.raises(NotAllowed, match="Teacher mode is for the teacher"):
            session.set_teacher(True)
    finally:
        db.close()


def test_database_refusals_reach_the_program_as_messages_not_tracebacks(klass: Klass) -> None:
    from claimmark.core.classroom.exercises import ClassroomError
    from claimmark.core.classroom.submissions import reopen

    db = klass.open("Alice")
    try:
        # past the program's own checks, straight at the database: refused, with a message
        with pytest.raises(NotAllowed, match="submitted, so it can no longer be changed"), db.write() as session:
            repo.replace_claims(klass.alice_set, [], session=session)
        with pytest.raises(NotAllowed, match="only your own work"), db.write() as session:
            repo.replace_claims(klass.key_set, [ClaimSpan(0, 3, Tag.CONFIRMED, note="forged")], session=session)
        with pytest.raises(NotAllowed, match="does not let your role"):
            release_key(db, klass.exercise_id)
        with pytest.raises(ClassroomError, match="submission is final"):
            reopen(db, klass.alice_set)
        with pytest.raises(ops.LockedEdit):  # the program's own check comes first, with its own words
            ops.run(db, ops.AddClaim(klass.alice_set, 0, 3, Tag.CONFIRMED))
    finally:
        db.close()
    assert owner_value(klass, "SELECT count(*) FROM claim WHERE claim_set_id = %s", (klass.key_set,)) == 1


def test_a_trainee_starts_without_rights_she_lacks_and_edits_her_own_work(klass: Klass) -> None:
    from claimmark.core.classroom.practice import ensure_practice_set
    from claimmark.core.reader.session import ReaderSession

    db = klass.open("Bob")
    try:
        assert db.class_kind == "trainee"
        workspace = Workspace(db)
        opened = workspace.open_start()  # where he left off: the exercise
        assert opened.claim_set_id == klass.bob_set
        assert workspace.open_sample().exercise is not None  # loaded by the owner's setup
        assert ensure_practice_set(db), "the practice set too"
        session = ReaderSession(workspace)
        session.open(workspace.open_exercise(klass.exercise_id))
        request = session.tag(40, 60, Tag.UNVERIFIED)
        assert request is not None and request.op is not None
        session.apply(request.op)
    finally:
        db.close()
    assert owner_value(klass, "SELECT count(*) FROM claim WHERE claim_set_id = %s", (klass.bob_set,)) == 2


def test_after_release_the_key_is_read_only_and_the_teacher_sees_everything(klass: Klass) -> None:
    from claimmark.core.classroom.exercises import key_claims

    teacher = klass.open("teacher")
    try:
        assert teacher.class_kind == "teacher"
        assert [c.note for c in key_claims(teacher, klass.exercise_id)] == [KEY_NOTE]
        with teacher.read() as session:
            assert repo.list_claims(klass.bob_set, session=session)
        names = {m.name for m in roles.class_members(teacher, only_roles=True)}
        assert set(HOSTILE) <= names
        release_key(teacher, klass.exercise_id)
    finally:
        teacher.close()
    try:
        with klass.sql("Alice") as conn:
            notes = conn.execute("SELECT note FROM claim WHERE claim_set_id = %s", (klass.key_set,)).fetchall()
            assert notes == [(KEY_NOTE,)]
            assert conn.execute("UPDATE claim SET note = 'x' WHERE claim_set_id = %s", (klass.key_set,)).rowcount == 0
            assert conn.execute("DELETE FROM claim WHERE claim_set_id = %s", (klass.key_set,)).rowcount == 0
            refused(conn, "UPDATE exercise SET key_released = false WHERE id = %s", (klass.exercise_id,))
        assert owner_value(klass, "SELECT note FROM claim WHERE claim_set_id = %s", (klass.key_set,)) == KEY_NOTE
    finally:
        with klass.owner_sql() as conn:
            conn.execute("UPDATE exercise SET key_released = false WHERE id = %s", (klass.exercise_id,))


def test_a_connection_file_that_is_not_one_is_refused_with_a_message(tmp_path: Path) -> None:
    bad = tmp_path / "x.claimmark-class"
    bad.write_text('{"format": "claimmark-class", "version": 1, "host": "h"}', encoding="utf-8")
    with pytest.raises(roles.ClassProblem, match="damaged"):
        roles.read_connection(bad)
    bad.write_text("not json", encoding="utf-8")
    with pytest.raises(roles.ClassProblem, match="not JSON"):
        roles.read_connection(bad)
    with pytest.raises(roles.ClassProblem, match="no class connection file"):
        roles.read_connection(tmp_path / "missing")


def test_a_library_is_no_class_database(tmp_path: Path) -> None:
    from claimmark.core.cli import main

    assert main(["class", "setup", str(tmp_path / "lib.sqlite3")]) == 2
    assert os.path.exists(tmp_path / "lib.sqlite3")
