"""A class database that enforces the rules itself: roles, grants and row-level security on PostgreSQL.

``claimmark class setup URL`` (run by the database's owner) brings the schema to ``HEAD`` and
applies :data:`CLASS_SQL`: a **teacher** role, a **trainees** group role, the grants of each,
row-level security policies and two triggers.  ``claimmark class add-trainees`` makes one login
role per trainee, a member of the group, and the trainee row that names it (``trainee.db_role``).

What the database then enforces, whatever program or ``psql`` a trainee uses:

* a trainee sees and changes only their own claim sets and claims (policies on ``claimset`` and
  ``claim``, keyed on ``trainee.db_role = current_user``); they see only their own trainee row,
  and may change only its name, last article and joined time (column grants);
* an answer key (``role = 'key'``), with the teacher's notes on its claims, is invisible to
  trainees until the exercise's key is released, and read-only after;
* a submitted claim set cannot be changed, deleted or unlocked (``submitted_at`` set back to
  NULL), nor its claims: a trigger refuses it with SQLSTATE 42501 (insufficient privilege);
* trainees may not change exercises, articles or keys, other trainees' rows, roles or the schema
  (no grants; not owners, so no DROP, TRUNCATE or ALTER); ``alembic_version`` is readable, so the
  program sees that the schema is current and never tries to upgrade it;
* the teacher reads and writes every row of the class (policies ``USING (true)``), but is no
  owner either: the schema is the owner's.

Every claim or claim set change also ``NOTIFY``s channel :data:`CHANNEL` (payload: the claim
set's id), which the teacher's live class view listens to.

The SQL is data: templates whose role names are filled in with :mod:`psycopg.sql` (quoted
identifiers and literals, never text formatted into SQL), applied in one transaction under the
schema lock, each statement safe to run again: running setup twice changes nothing.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import secrets
import unicodedata
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from claimmark.core.errors import UserError
from claimmark.core.storage.engine import Database, hold_lock
from claimmark.core.storage.migrate import SCHEMA_LOCK
from claimmark.core.storage.models import Trainee, check_texts

CHANNEL = "claimmark_class"
"""The NOTIFY channel of claim and claim set changes."""

CLASS_FILE_FORMAT = "claimmark-class"
CLASS_FILE_VERSION = 1
CLASS_FILE_SUFFIX = ".claimmark-class"

ROLE_LIMIT = 63
"""PostgreSQL's longest identifier (bytes; role names made here are ASCII)."""

TABLES = ("article", "exercise", "trainee", "claimset", "claim", "entitycache", "alembic_version")
SEQUENCES = (
    "article_id_seq",
    "exercise_id_seq",
    "trainee_id_seq",
    "claimset_id_seq",
    "claim_id_seq",
    "entitycache_id_seq",
)

KIND_OWNER, KIND_TEACHER, KIND_TRAINEE = "owner", "teacher", "trainee"


class ClassProblem(UserError):
    """A class database step that cannot be done; the message says why and what to do."""


# --- the SQL, as data -------------------------------------------------------------------------------
#
# {teacher} and {trainees} are the roles' quoted names, {teacher_name} and {trainees_name} the
# same names as string literals, {prefix} the class's prefix as a literal.  Each statement can run
# again: roles are made only when missing, grants and REVOKEs are idempotent, policies and
# triggers are dropped and made again in the same transaction.

ROLE_SQL: tuple[str, ...] = (
    """DO $$ BEGIN
         IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = {teacher_name}) THEN
           EXECUTE format('CREATE ROLE %I LOGIN', {teacher_name});
         END IF;
         IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = {trainees_name}) THEN
           EXECUTE format('CREATE ROLE %I NOLOGIN', {trainees_name});
         END IF;
       END $$""",
)

CLASS_SQL: tuple[str, ...] = (
    # who is working: read by the program at start (engine.Database.class_kind) and by the policies
    """CREATE OR REPLACE FUNCTION claimmark_class_prefix() RETURNS text
         LANGUAGE sql IMMUTABLE AS $$ SELECT {prefix}::text $$""",
    """CREATE OR REPLACE FUNCTION claimmark_class_kind() RETURNS text
         LANGUAGE sql STABLE AS $$
         SELECT CASE
           WHEN (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
             OR current_user = (SELECT tableowner FROM pg_tables WHERE tablename = 'claimset'
                                AND schemaname = current_schema()) THEN 'owner'
           WHEN pg_has_role(current_user, {teacher_name}, 'MEMBER') THEN 'teacher'
           WHEN pg_has_role(current_user, {trainees_name}, 'MEMBER') THEN 'trainee'
         END $$""",
    # nobody but the owner has rights the owner did not give
    "REVOKE ALL ON {tables} FROM PUBLIC",
    "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
    "REVOKE ALL ON {tables} FROM {trainees}",
    "REVOKE ALL ON {tables} FROM {teacher}",
    "GRANT USAGE ON SCHEMA public TO {teacher}, {trainees}",
    # the teacher: every row of the class, no schema
    "GRANT SELECT, INSERT, UPDATE, DELETE ON article, exercise, trainee, claimset, claim, entitycache TO {teacher}",
    "GRANT SELECT ON alembic_version TO {teacher}",
    "GRANT USAGE, SELECT ON {sequences} TO {teacher}",
    # a trainee: reads articles and exercises, their own rows, their own work
    "GRANT SELECT ON article, exercise, entitycache, alembic_version TO {trainees}",
    "GRANT SELECT ON trainee TO {trainees}",
    "GRANT UPDATE (name, last_article_id, joined_at) ON trainee TO {trainees}",
    "GRANT SELECT, INSERT ON claimset TO {trainees}",
    "GRANT UPDATE (submitted_at) ON claimset TO {trainees}",  # submitting: a claim set is never moved
    "GRANT SELECT, INSERT, UPDATE, DELETE ON claim TO {trainees}",
    "GRANT USAGE, SELECT ON claimset_id_seq, claim_id_seq TO {trainees}",
    # row-level security
    "ALTER TABLE trainee ENABLE ROW LEVEL SECURITY",
    "ALTER TABLE claimset ENABLE ROW LEVEL SECURITY",
    "ALTER TABLE claim ENABLE ROW LEVEL SECURITY",
    "DROP POLICY IF EXISTS teacher_all ON trainee",
    "CREATE POLICY teacher_all ON trainee TO {teacher} USING (true) WITH CHECK (true)",
    "DROP POLICY IF EXISTS teacher_all ON claimset",
    "CREATE POLICY teacher_all ON claimset TO {teacher} USING (true) WITH CHECK (true)",
    "DROP POLICY IF EXISTS teacher_all ON claim",
    "CREATE POLICY teacher_all ON claim TO {teacher} USING (true) WITH CHECK (true)",
    "DROP POLICY IF EXISTS trainee_self ON trainee",
    "CREATE POLICY trainee_self ON trainee TO {trainees} USING (db_role = current_user::text)"
    " WITH CHECK (db_role = current_user::text)",
    "DROP POLICY IF EXISTS trainee_read ON claimset",
    """CREATE POLICY trainee_read ON claimset FOR SELECT TO {trainees} USING (
         trainee_id IN (SELECT id FROM trainee WHERE db_role = current_user::text)
         OR (role = 'key' AND exercise_id IN (SELECT id FROM exercise WHERE key_released)))""",
    "DROP POLICY IF EXISTS trainee_insert ON claimset",
    """CREATE POLICY trainee_insert ON claimset FOR INSERT TO {trainees} WITH CHECK (
         role = 'trainee' AND trainee_id IN (SELECT id FROM trainee WHERE db_role = current_user::text))""",
    "DROP POLICY IF EXISTS trainee_update ON claimset",
    """CREATE POLICY trainee_update ON claimset FOR UPDATE TO {trainees}
         USING (role = 'trainee' AND trainee_id IN (SELECT id FROM trainee WHERE db_role = current_user::text))
         WITH CHECK (role = 'trainee' AND trainee_id IN (SELECT id FROM trainee WHERE db_role = current_user::text))""",
    "DROP POLICY IF EXISTS trainee_read ON claim",
    """CREATE POLICY trainee_read ON claim FOR SELECT TO {trainees} USING (
         claim_set_id IN (SELECT id FROM claimset))""",
    "DROP POLICY IF EXISTS trainee_write ON claim",
    """CREATE POLICY trainee_write ON claim FOR ALL TO {trainees}
         USING (claim_set_id IN (SELECT id FROM claimset WHERE role = 'trainee'
                AND trainee_id IN (SELECT id FROM trainee WHERE db_role = current_user::text)))
         WITH CHECK (claim_set_id IN (SELECT id FROM claimset WHERE role = 'trainee'
                AND trainee_id IN (SELECT id FROM trainee WHERE db_role = current_user::text)))""",
    # a submission stays as it was handed in: no change, no unlocking, no claim added or removed
    """CREATE OR REPLACE FUNCTION claimmark_submitted_locked() RETURNS trigger
         LANGUAGE plpgsql AS $$
         DECLARE locked boolean := false;
         BEGIN
           IF claimmark_class_kind() IS DISTINCT FROM 'trainee' THEN
             RETURN COALESCE(NEW, OLD);
           END IF;
           IF TG_TABLE_NAME = 'claimset' THEN
             locked := OLD.submitted_at IS NOT NULL;
           ELSE
             IF TG_OP <> 'INSERT' THEN
               locked := EXISTS (SELECT 1 FROM claimset WHERE id = OLD.claim_set_id AND submitted_at IS NOT NULL);
             END IF;
             IF TG_OP <> 'DELETE' AND NOT locked THEN
               locked := EXISTS (SELECT 1 FROM claimset WHERE id = NEW.claim_set_id AND submitted_at IS NOT NULL);
             END IF;
           END IF;
           IF locked THEN
             RAISE EXCEPTION 'this work was submitted, so it can no longer be changed'
               USING ERRCODE = 'insufficient_privilege';
           END IF;
           RETURN COALESCE(NEW, OLD);
         END $$""",
    "DROP TRIGGER IF EXISTS claimmark_submitted_locked ON claimset",
    """CREATE TRIGGER claimmark_submitted_locked BEFORE UPDATE OR DELETE ON claimset
         FOR EACH ROW EXECUTE FUNCTION claimmark_submitted_locked()""",
    "DROP TRIGGER IF EXISTS claimmark_submitted_locked ON claim",
    """CREATE TRIGGER claimmark_submitted_locked BEFORE INSERT OR UPDATE OR DELETE ON claim
         FOR EACH ROW EXECUTE FUNCTION claimmark_submitted_locked()""",
    # the live class: every change to work says which claim set changed
    """CREATE OR REPLACE FUNCTION claimmark_notify() RETURNS trigger
         LANGUAGE plpgsql AS $$
         DECLARE changed text;
         BEGIN
           IF TG_TABLE_NAME = 'claim' THEN
             IF TG_OP = 'DELETE' THEN changed := OLD.claim_set_id; ELSE changed := NEW.claim_set_id; END IF;
           ELSE
             IF TG_OP = 'DELETE' THEN changed := OLD.id; ELSE changed := NEW.id; END IF;
           END IF;
           PERFORM pg_notify({channel}, changed);
           RETURN NULL;
         END $$""",
    "DROP TRIGGER IF EXISTS claimmark_notify ON claimset",
    "CREATE TRIGGER claimmark_notify AFTER INSERT OR UPDATE OR DELETE ON claimset"
    " FOR EACH ROW EXECUTE FUNCTION claimmark_notify()",
    "DROP TRIGGER IF EXISTS claimmark_notify ON claim",
    "CREATE TRIGGER claimmark_notify AFTER INSERT OR UPDATE OR DELETE ON claim"
    " FOR EACH ROW EXECUTE FUNCTION claimmark_notify()",
)


# --- role names --------------------------------------------------------------------------------------


def slug(text: str, limit: int) -> str:
    """``text`` as a safe part of a role name: lower-case ASCII letters, digits and ``_``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text).strip("_")[:limit].strip("_")


def class_prefix(database: str) -> str:
    """The prefix of a class's role names, from its database's name (roles are cluster-wide,
    so two classes on one server never share one): ``cm_<name>_<hash>_``."""
    digest = hashlib.sha256(database.encode("utf-8")).hexdigest()[:6]
    return f"cm_{slug(database, 24) or 'class'}_{digest}_"


@dataclass(frozen=True)
class ClassRoles:
    prefix: str

    @property
    def teacher(self) -> str:
        return self.prefix + "teacher"

    @property
    def trainees(self) -> str:
        return self.prefix + "trainees"

    def trainee_role(self, name: str) -> str:
        """A new trainee's role name: the prefix, the name's letters and a random part (two
        trainees of one name get two roles)."""
        room = ROLE_LIMIT - len(self.prefix) - 6
        return f"{self.prefix}{slug(name, room) or 'trainee'}_{secrets.token_hex(2)}"


def scram_verifier(password: str, *, iterations: int = 4096) -> str:
    """The SCRAM-SHA-256 verifier PostgreSQL keeps for a password (RFC 7677): the server is sent
    this, never the password, so it cannot end up in a server log."""
    salt = secrets.token_bytes(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", "sha256").digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", "sha256").digest()

    def b64(data: bytes) -> str:
        return base64.b64encode(data).decode("ascii")

    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


# --- running SQL with quoted names -----------------------------------------------------------------


def _composed(template: str, roles: ClassRoles) -> Any:
    from psycopg import sql

    return sql.SQL(template).format(
        teacher=sql.Identifier(roles.teacher),
        trainees=sql.Identifier(roles.trainees),
        teacher_name=sql.Literal(roles.teacher),
        trainees_name=sql.Literal(roles.trainees),
        prefix=sql.Literal(roles.prefix),
        channel=sql.Literal(CHANNEL),
        tables=sql.SQL(", ").join(sql.Identifier(t) for t in TABLES),
        sequences=sql.SQL(", ").join(sql.Identifier(s) for s in SEQUENCES),
    )


def _execute(connection: Any, statement: Any, params: Iterable[object] | None = None) -> None:
    """Run a psycopg.sql statement on a SQLAlchemy connection's driver connection."""
    raw = connection.connection.driver_connection
    with raw.cursor() as cursor:
        cursor.execute(statement, params)


def _require_postgres(db: Database) -> None:
    if db.is_sqlite:
        raise ClassProblem(
            "'{database}' is an SQLite library; a class database needs PostgreSQL. Give a URL such as "
            "postgresql://owner@host/classdb, or hand out exercise files instead (see the README).",
            database=db.name,
        )


def _refused(db: Database, exc: Exception, doing: str) -> ClassProblem:
    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
    return ClassProblem(
        "Could not {doing} on '{database}': {reason}. Run it as the database's owner (the role that "
        "created it, or a superuser), with the right to create roles.",
        doing=doing,
        database=db.name,
        reason=reason,
    )


# --- setup -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SetupDone:
    roles: ClassRoles
    teacher_password: str | None
    """The teacher's new password (None when the teacher role existed already and keeps theirs)."""


def setup_class(db: Database) -> SetupDone:
    """Make ``db`` (at ``HEAD``, opened by its owner) a class database; safe to run again."""
    from sqlalchemy.exc import DBAPIError

    _require_postgres(db)
    roles = ClassRoles(class_prefix(_database_name(db)))
    password: str | None = None
    try:
        with db.writer.connect() as conn, conn.begin():
            hold_lock(conn, SCHEMA_LOCK)
            existed = conn.exec_driver_sql(
                "SELECT 1 FROM pg_roles WHERE rolname = %(name)s", {"name": roles.teacher}
            ).first()
            for template in ROLE_SQL + CLASS_SQL:
                _execute(conn, _composed(template, roles))
            if existed is None:
                password = secrets.token_urlsafe(18)
                _set_password(conn, roles.teacher, password)
            _grant_connect(conn, roles)
    except DBAPIError as exc:
        raise _refused(db, exc, "set up the class") from exc
    return SetupDone(roles, password)


def _grant_connect(conn: Any, roles: ClassRoles) -> None:
    from psycopg import sql

    name = _current_database(conn)
    _execute(
        conn,
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}, {}").format(
            sql.Identifier(name), sql.Identifier(roles.teacher), sql.Identifier(roles.trainees)
        ),
    )


def _set_password(conn: Any, role: str, password: str) -> None:
    from psycopg import sql

    _execute(
        conn,
        sql.SQL("ALTER ROLE {} WITH LOGIN PASSWORD {}").format(
            sql.Identifier(role), sql.Literal(scram_verifier(password))
        ),
    )


def _current_database(conn: Any) -> str:
    return str(conn.exec_driver_sql("SELECT current_database()").scalar())


def _database_name(db: Database) -> str:
    with db.reader.connect() as conn:
        return _current_database(conn)


def class_roles(db: Database) -> ClassRoles:
    """The roles of a class database (ClassProblem if ``class setup`` was never run on it)."""
    _require_postgres(db)
    with db.reader.connect() as conn:
        found = conn.exec_driver_sql("SELECT to_regproc('claimmark_class_prefix')").scalar()
        if found is None:
            raise ClassProblem(
                "'{database}' is not a class database yet. Run 'claimmark class setup URL' on it first, as its owner.",
                database=db.name,
            )
        return ClassRoles(str(conn.exec_driver_sql("SELECT claimmark_class_prefix()").scalar()))


def class_kind(db: Database) -> str | None:
    """Who the connection works as on a class database: ``owner``, ``teacher``, ``trainee``, or
    None (SQLite, a shared database without class roles, or a role that is none of these)."""
    if db.is_sqlite:
        return None
    with db.reader.connect() as conn:
        if conn.exec_driver_sql("SELECT to_regproc('claimmark_class_kind')").scalar() is None:
            return None
        kind = conn.exec_driver_sql("SELECT claimmark_class_kind()").scalar()
    return str(kind) if kind is not None else None


def current_role(db: Database) -> str:
    with db.reader.connect() as conn:
        return str(conn.exec_driver_sql("SELECT current_user").scalar())


# --- trainees and their connection files -----------------------------------------------------------


@dataclass(frozen=True)
class ClassConnection:
    """What a connection file holds: where the class database is, and who connects to it."""

    host: str
    port: int
    database: str
    role: str
    password: str
    name: str
    kind: str = KIND_TRAINEE

    @property
    def url(self) -> str:
        """The URL, without the password (it goes to the driver on its own)."""
        from sqlalchemy.engine import URL

        return URL.create(
            "postgresql+psycopg", username=self.role, host=self.host, port=self.port, database=self.database
        ).render_as_string(hide_password=False)

    def to_json(self) -> dict[str, object]:
        return {
            "format": CLASS_FILE_FORMAT,
            "version": CLASS_FILE_VERSION,
            "kind": self.kind,
            "name": self.name,
            "host": self.host,
            "port": self.port,
            "database": self.database,
            "role": self.role,
            "password": self.password,
        }

    def __repr__(self) -> str:  # never the password, in a log or a traceback
        return f"ClassConnection(role={self.role!r}, database={self.database!r}, host={self.host!r})"

    __str__ = __repr__


def write_private(path: Path, data: dict[str, object]) -> None:
    """Write JSON that only the user may read (0600 from the start: never readable by others)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=2)
            fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def read_connection(path: str | os.PathLike[str]) -> ClassConnection:
    """A connection file (``claimmark class add-trainees`` writes them); ClassProblem if it is not one."""
    file = Path(path)
    try:
        raw = json.loads(file.read_bytes().decode("utf-8-sig"))
    except FileNotFoundError:
        raise ClassProblem("There is no class connection file {file}. Check the name.", file=str(file)) from None
    except OSError as exc:
        raise ClassProblem(
            "The class connection file {file} cannot be read ({reason}).", file=str(file), reason=exc.strerror
        ) from None
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise ClassProblem(
            "{file} is not a class connection file (it is not JSON). Ask your teacher for yours.", file=str(file)
        ) from None
    if not isinstance(raw, dict) or raw.get("format") != CLASS_FILE_FORMAT:
        raise ClassProblem("{file} is not a class connection file. Ask your teacher for yours.", file=str(file))
    version = raw.get("version")
    if not isinstance(version, int) or version > CLASS_FILE_VERSION:
        raise ClassProblem(
            "The class connection file {file} was made by a newer ClaimMark. Update ClaimMark to join the class.",
            file=str(file),
        )
    fields = {key: raw.get(key) for key in ("host", "database", "role", "password", "name")}
    port = raw.get("port", 5432)
    kind = raw.get("kind", KIND_TRAINEE)
    if not all(isinstance(v, str) and v for v in fields.values()) or not isinstance(port, int):
        raise ClassProblem(
            "The class connection file {file} is damaged (a field is missing). Ask your teacher for it again.",
            file=str(file),
        )
    if kind not in (KIND_TRAINEE, KIND_TEACHER):
        raise ClassProblem("The class connection file {file} is damaged (its kind is unknown).", file=str(file))
    return ClassConnection(port=port, kind=kind, **fields)  # type: ignore[arg-type]


@dataclass(frozen=True)
class AddedTrainee:
    name: str
    role: str
    file: Path


@dataclass(frozen=True)
class AddTraineesDone:
    added: list[AddedTrainee]
    skipped: list[str]
    """Why each name that was not added was not (the line and the reason)."""


def read_names(path: str | os.PathLike[str]) -> list[tuple[int, str]]:
    """The names in a names file: one a line (blank lines and ``#`` comments skipped), with line numbers."""
    file = Path(path)
    try:
        text = file.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise ClassProblem(
            "There is no names file {file}. Give a text file with one name a line.", file=str(file)
        ) from None
    except UnicodeDecodeError:
        raise ClassProblem("{file} is not UTF-8 text. Save the names as UTF-8, one a line.", file=str(file)) from None
    return [
        (n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip() and not line.lstrip().startswith("#")
    ]


def add_trainees(
    db: Database, names: Iterable[tuple[int, str]], folder: str | os.PathLike[str], *, host: str | None = None
) -> AddTraineesDone:
    """One login role per name (a member of the class's trainees), its trainee row and its
    connection file in ``folder``.  Names come cleaned (``core.identity.clean_name``, as the
    command line does).  A name already in the class is skipped (its file was handed
    out already); a name that cannot be used is skipped with the reason."""
    from psycopg import sql
    from sqlalchemy.exc import DBAPIError

    roles = class_roles(db)
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    url = make_url(db.url)
    where = (host or url.host or "localhost", url.port or 5432, _database_name(db))
    added: list[AddedTrainee] = []
    skipped: list[str] = []
    for line, name in names:
        try:
            check_texts(Trainee.__table__, {"name": name})  # type: ignore[attr-defined]
        except UserError as problem:
            skipped.append(f"line {line}: {problem}")
            continue
        role = roles.trainee_role(name)
        password = secrets.token_urlsafe(18)
        try:
            with db.writer.connect() as conn, conn.begin():
                present = conn.exec_driver_sql(
                    "SELECT db_role FROM trainee WHERE name = %(name)s AND db_role IS NOT NULL", {"name": name}
                ).first()
                if present is not None:
                    skipped.append(f"line {line}: {name} is in the class already (role {present[0]})")
                    continue
                _execute(conn, sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(role)))
                _set_password(conn, role, password)
                _execute(conn, sql.SQL("GRANT {} TO {}").format(sql.Identifier(roles.trainees), sql.Identifier(role)))
                conn.exec_driver_sql(
                    "INSERT INTO trainee (uid, name, db_role, created_at) VALUES (%(uid)s, %(name)s, %(role)s, now())",
                    {"uid": str(uuid.uuid4()), "name": name, "role": role},
                )
                connection = ClassConnection(*where, role=role, password=password, name=name)
                file = _free_file(out, slug(name, 40) or "trainee")
                write_private(file, connection.to_json())
        except DBAPIError as exc:
            raise _refused(db, exc, f"add the trainee on line {line}") from exc
        added.append(AddedTrainee(name, role, file))
    return AddTraineesDone(added, skipped)


def teacher_connection(
    db: Database, done: SetupDone, folder: str | os.PathLike[str], *, host: str | None = None
) -> Path | None:
    """The teacher's connection file (only when setup gave the teacher a new password)."""
    if done.teacher_password is None:
        return None
    url = make_url(db.url)
    connection = ClassConnection(
        host or url.host or "localhost",
        url.port or 5432,
        _database_name(db),
        role=done.roles.teacher,
        password=done.teacher_password,
        name="teacher",
        kind=KIND_TEACHER,
    )
    file = _free_file(Path(folder), "teacher")
    write_private(file, connection.to_json())
    return file


def _free_file(folder: Path, stem: str) -> Path:
    file = folder / f"{stem}{CLASS_FILE_SUFFIX}"
    number = 2
    while file.exists():
        file = folder / f"{stem}-{number}{CLASS_FILE_SUFFIX}"
        number += 1
    return file


# --- who has joined ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClassMember:
    trainee_id: int
    name: str
    role: str | None
    joined_at: datetime | None
    claim_sets: int
    claims: int
    submitted: int


MEMBERS_SQL = """
SELECT t.id, t.name, t.db_role, t.joined_at,
       COUNT(DISTINCT cs.id) AS claim_sets,
       COUNT(c.id) AS claims,
       COUNT(DISTINCT cs.id) FILTER (WHERE cs.submitted_at IS NOT NULL) AS submitted
  FROM trainee t
  LEFT JOIN claimset cs ON cs.trainee_id = t.id AND cs.role = 'trainee'
  LEFT JOIN claim c ON c.claim_set_id = cs.id
 GROUP BY t.id, t.name, t.db_role, t.joined_at
 ORDER BY t.name, t.id
"""


def class_members(db: Database, *, only_roles: bool = False) -> list[ClassMember]:
    """Every trainee with their joined time and counts of claim sets, claims and submissions."""
    from sqlalchemy import text

    with db.read() as session:
        rows = session.execute(text(MEMBERS_SQL)).all()
    from claimmark.core.storage.models import UTCDateTime

    convert = UTCDateTime().process_result_value
    members = [
        ClassMember(r[0], r[1], r[2], convert(r[3], db.reader.dialect) if r[3] is not None else None, r[4], r[5], r[6])
        for r in rows
    ]
    return [m for m in members if m.role is not None] if only_roles else members


def iter_statements(roles: ClassRoles) -> Iterator[str]:
    """The setup's SQL as text, role names filled in (for reading; setup runs the composed form)."""
    for template in ROLE_SQL + CLASS_SQL:
        yield _composed(template, roles).as_string(None)


# --- the trainee's side: the joined class, kept where only they can read it -----------------------

CLASS_ENV = "CLAIMMARK_CLASS"
"""Names the file where the joined class's connection is kept (default: ``class.json`` in the
user's ClaimMark config folder)."""


def joined_class_path() -> Path:
    chosen = os.environ.get(CLASS_ENV)
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_config_path

    return user_config_path("ClaimMark", appauthor=False) / "class.json"


def join_class(path: str | os.PathLike[str]) -> ClassConnection:
    """Keep a connection file's connection as the class this user works in (a private copy, 0600)."""
    connection = read_connection(path)
    try:
        write_private(joined_class_path(), connection.to_json())
    except OSError as exc:
        raise ClassProblem(
            "The class connection could not be kept in {file} ({reason}). Check that the folder can be written.",
            file=str(joined_class_path()),
            reason=exc.strerror or str(exc),
        ) from exc
    return connection


def joined_class() -> ClassConnection | None:
    """The class this user joined (None: none, or it was left)."""
    path = joined_class_path()
    if not path.exists():
        return None
    return read_connection(path)


def leave_class() -> bool:
    """Forget the joined class (its connection file is deleted); whether there was one."""
    path = joined_class_path()
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True
