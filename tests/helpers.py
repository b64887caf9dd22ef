"""Small helpers shared by core and GUI tests."""

from __future__ import annotations

from sqlalchemy import text as sql

from claimmark.core.storage.engine import Database, table_names

# An article whose link spaces were dropped, as pasting from a web page leaves it.
GLUED = (
    "Storm leaves thousands without power\n\n"
    "Heavy rain swept across the region on Tuesday, the utility companyNorthern Grid said. "
    "Officials warned that repairs could takeseveral days.\n\n"
    '"We have crews working around the clock," said spokeswomanMaria Lopez.'
)


def row_counts(db: Database) -> dict[str, int]:
    """Rows in every table, to show that a refused action changed nothing."""
    with db.read() as session:
        return {name: session.execute(sql(f'SELECT COUNT(*) FROM "{name}"')).scalar_one() for name in table_names(db)}
