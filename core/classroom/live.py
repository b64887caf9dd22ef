"""A live class: what changed in the class's work, as it happens.

On a PostgreSQL class database every change to a claim or claim set ``NOTIFY``s the channel
``core.storage.roles.CHANNEL`` (a trigger made by ``claimmark class setup``); :func:`listen`
waits for those on a connection of its own (in a thread that is not the GUI's) and calls back.
Elsewhere (SQLite, a shared database set up before) :func:`change_marker` is a light poll: a
few aggregates that change whenever a claim is added, changed or removed, a claim set is made
or submitted, or a trainee joins.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from sqlalchemy import text

from claimmark.core.storage.engine import Database
from claimmark.core.storage.roles import CHANNEL, ClassMember, class_members

__all__ = ["ClassMember", "change_marker", "class_members", "listen"]

MARKER_SQL = """
SELECT (SELECT COUNT(*) FROM claim), (SELECT MAX(updated_at) FROM claim), (SELECT MAX(id) FROM claim),
       (SELECT COUNT(*) FROM claimset), (SELECT COUNT(submitted_at) FROM claimset),
       (SELECT MAX(submitted_at) FROM claimset), (SELECT COUNT(*) FROM trainee),
       (SELECT COUNT(joined_at) FROM trainee)
"""


def change_marker(db: Database) -> tuple[object, ...]:
    """Values that differ after any change to the class's work (a cheap query: a light poll)."""
    with db.read() as session:
        row = session.execute(text(MARKER_SQL)).one()
    return tuple(str(value) for value in row)


def can_listen(db: Database) -> bool:
    """Whether changes are announced (a PostgreSQL database whose triggers NOTIFY)."""
    if db.is_sqlite:
        return False
    with db.reader.connect() as conn:
        return conn.exec_driver_sql("SELECT to_regproc('claimmark_notify')").scalar() is not None


def listen(db: Database, stop: threading.Event, on_change: Callable[[str], None], *, every: float = 0.5) -> None:
    """Call ``on_change(claim_set_id)`` for each announced change until ``stop`` is set.

    Blocks: run it in a thread of its own.  It holds one connection of the database's pool,
    detached from it, so that its ``LISTEN`` never reaches another session.
    """
    raw = db.writer.raw_connection()
    conn = raw.driver_connection
    assert conn is not None
    raw.detach()
    try:
        conn.rollback()
        conn.autocommit = True
        conn.execute(f"LISTEN {CHANNEL}")
        while not stop.is_set():
            for notice in conn.notifies(timeout=every, stop_after=50):
                on_change(notice.payload)
                if stop.is_set():
                    break
    finally:
        conn.close()
