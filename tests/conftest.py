"""Shared fixtures: real SQLite files in tmp_path, and a real PostgreSQL database when one runs."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

# Qt must never try to reach a display in tests.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def profile_file(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Every test has a profile file of its own (not there yet): none reads or writes the user's."""
    path = tmp_path_factory.mktemp("profile") / "profile.json"
    monkeypatch.setenv("CLAIMMARK_PROFILE", str(path))
    return path


@pytest.fixture(autouse=True)
def joined_class_file(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Every test keeps a joined class (``claimmark --class``) in a file of its own (not there
    yet): none reads or joins the user's class."""
    path = tmp_path_factory.mktemp("class") / "class.json"
    monkeypatch.setenv("CLAIMMARK_CLASS", str(path))
    return path


@pytest.fixture(autouse=True, scope="session")
def backups_kept_apart(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Backups the tests make (before an upgrade, on close, daily) go to a temporary folder, never
    into the user's own (child processes inherit the setting)."""
    os.environ["CLAIMMARK_BACKUPS"] = str(tmp_path_factory.mktemp("backups"))


PG_ADMIN_URL = os.environ.get("CLAIMMARK_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def _pg_admin_engine():
    from sqlalchemy import create_engine

    return create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """The admin URL of a reachable PostgreSQL server, or a skip that says why."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed (pip install 'psycopg[binary]') so PostgreSQL tests cannot run")
    engine = _pg_admin_engine()
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except Exception as exc:  # any connection failure means: no server here
        pytest.skip(f"no PostgreSQL server at {PG_ADMIN_URL} ({type(exc).__name__}); set CLAIMMARK_TEST_PG_URL")
    finally:
        engine.dispose()
    yield PG_ADMIN_URL


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    from sqlalchemy.engine import make_url

    name = f"claimmark_test_{uuid.uuid4().hex[:12]}"
    engine = _pg_admin_engine()
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = make_url(pg_server).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with engine.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path) -> str:
    """Each storage test runs on a real SQLite file and on a real PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "claims.sqlite3")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def db(db_url: str):
    from claimmark.core.storage import open_database

    database = open_database(db_url)
    yield database
    database.close()
