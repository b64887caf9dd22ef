"""A class database for a test module: a fresh PostgreSQL database made a class (``claimmark
class setup``, ``add-trainees``), its connection files, and every role it made dropped after
(roles are cluster-wide: each class's carry a prefix made from its random database name)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from claimmark.core.storage import open_database, roles
from claimmark.core.storage.engine import Database


@dataclass
class ClassDatabase:
    owner_url: str
    database: str
    files: dict[str, Path]
    """Connection files by trainee name, and the teacher's as "teacher"."""
    roles: roles.ClassRoles

    def connection(self, who: str) -> roles.ClassConnection:
        return roles.read_connection(self.files[who])

    def open(self, who: str) -> Database:
        connection = self.connection(who)
        return open_database(connection.url, password=connection.password)


@contextmanager
def class_database(pg_server: str, folder: Path, names: Sequence[str]) -> Iterator[ClassDatabase]:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from claimmark.core.cli import main

    name = f"cmtest_{uuid.uuid4().hex[:10]}"
    admin = create_engine(pg_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = make_url(pg_server).set(database=name).render_as_string(hide_password=False)
    names_file = folder / "names.txt"
    names_file.write_text("\n".join(names) + "\n# a comment\n\n" + "x" * 300 + "\n", encoding="utf-8")
    try:
        assert main(["class", "setup", url, "--out", str(folder)]) == 0
        assert main(["class", "add-trainees", url, str(names_file), "--out", str(folder)]) == 0
        files = {"teacher": folder / "teacher.claimmark-class"}
        for file in folder.glob("*.claimmark-class"):
            data = json.loads(file.read_text(encoding="utf-8"))
            if data["kind"] == "trainee":
                files[data["name"]] = file
        owner = open_database(url)
        try:
            found = roles.class_roles(owner)
        finally:
            owner.close()
        yield ClassDatabase(url, name, files, found)
    finally:
        drop_class_database(admin, name)
        admin.dispose()


def drop_class_database(admin: Engine, name: str) -> None:
    """Drop the database ``name`` and every role its class set-up made: the roles are cluster-wide
    and outlive the database, so they are found by the class's prefix (the group last, after its
    members).  ``admin`` is an AUTOCOMMIT engine on the server."""
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        prefix = roles.class_prefix(name)
        made = [
            row[0]
            for row in conn.exec_driver_sql(
                "SELECT rolname FROM pg_roles WHERE starts_with(rolname, %(p)s) ORDER BY rolname = %(g)s",
                {"p": prefix, "g": prefix + "trainees"},
            )
        ]
        for role in made:
            conn.exec_driver_sql(f'DROP ROLE IF EXISTS "{role}"')
