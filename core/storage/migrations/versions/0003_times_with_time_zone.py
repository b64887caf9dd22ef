"""every time column holds a moment: timestamp with time zone on PostgreSQL

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 10:00:00.000000

The models now name their time type (``models.UTCDateTime``: stored as UTC, read back aware in
UTC) instead of leaving the choice to SQLModel, whose default for ``datetime`` was a naive
``DateTime`` before SQLModel 0.0.45.  0001 already made these columns ``timestamp with time
zone`` on PostgreSQL, and so do the models, so on a database made by ClaimMark this finds
nothing to change.  A column that is still ``timestamp without time zone`` (a database made from
models with the old default) is converted: PostgreSQL stored each aware time written to it as
the clock time of the session's time zone, so that zone turns it back into the same moment
(on a server that runs in UTC, as most do, that is ``AT TIME ZONE 'UTC'``).

Columns that already have a time zone are left alone: converting them again (``col AT TIME
ZONE 'UTC'`` and back) would move every time by the session's offset from UTC.

SQLite has no time types: a time column is declared DATETIME either way, and holds the UTC clock
time as text before and after, so nothing changes there.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TIME_COLUMNS = {
    "trainee": ("created_at",),
    "article": ("created_at",),
    "exercise": ("created_at",),
    "claimset": ("submitted_at", "created_at"),
    "claim": ("created_at", "updated_at"),
    "entitycache": ("created_at",),
}


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    inspector = sa.inspect(bind)
    for table, names in TIME_COLUMNS.items():
        naive = [
            c["name"]
            for c in inspector.get_columns(table)
            if c["name"] in names and not getattr(c["type"], "timezone", False)
        ]
        if not naive:
            continue
        # recreate="never": plain ALTER TABLE statements, as in 0002
        with op.batch_alter_table(table, schema=None, recreate="never") as batch_op:
            for name in naive:
                batch_op.alter_column(
                    name,
                    existing_type=sa.DateTime(timezone=False),
                    type_=sa.DateTime(timezone=True),
                    postgresql_using=f"\"{name}\" AT TIME ZONE current_setting('TimeZone')",
                )


def downgrade() -> None:
    # 0002 as its migrations make it already has these columns with a time zone (0001 made them
    # so); turning them back into clock times would only lose the moment they stand for.
    pass
