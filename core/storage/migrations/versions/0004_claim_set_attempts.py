"""claimset.attempt: a trainee may try an exercise again, keeping the earlier attempts

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05 10:00:00.000000

Every claim set so far is attempt 1.  The unique constraint of 0001 (one claim set per article,
trainee, exercise and role) becomes one per article, trainee, exercise, role *and attempt*, so
Practise again can start attempt 2 beside attempt 1 and its feedback.

0001 made that constraint without a name: PostgreSQL named it itself (the name is read from the
database), SQLite keeps none, so on SQLite the table is copied (batch mode) with a naming
convention that gives the old constraint a name to drop.  The copy runs with foreign keys off
(``core.storage.migrate.migrating``), so no claim is lost.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

COLUMNS = ["article_id", "trainee_id", "exercise_id", "role"]
NEW_NAME = "uq_claimset_attempt"  # models.CLAIM_SET_UNIQUE
CONVENTION = {"uq": "uq_%(table_name)s_%(column_0_N_name)s"}
SQLITE_OLD_NAME = "uq_claimset_article_id_trainee_id_exercise_id_role"  # what CONVENTION calls it
OLD_NAME = "claimset_article_id_trainee_id_exercise_id_role_key"  # PostgreSQL's own name for it


def _unique_name(columns: list[str]) -> str | None:
    for constraint in sa.inspect(op.get_bind()).get_unique_constraints("claimset"):
        if constraint["column_names"] == columns:
            return constraint["name"] or SQLITE_OLD_NAME
    return None


def upgrade() -> None:
    old = _unique_name(COLUMNS)
    with op.batch_alter_table("claimset", schema=None, naming_convention=CONVENTION) as batch_op:
        batch_op.add_column(sa.Column("attempt", sa.Integer(), nullable=False, server_default="1"))
        if old is not None:
            batch_op.drop_constraint(old, type_="unique")
        batch_op.create_unique_constraint(NEW_NAME, [*COLUMNS, "attempt"])


def downgrade() -> None:
    # only attempt 1 fits the old constraint: later attempts go, with their claims
    later = "SELECT id FROM claimset WHERE attempt > 1"
    op.execute(f"DELETE FROM claim WHERE claim_set_id IN ({later})")
    op.execute("DELETE FROM claimset WHERE attempt > 1")
    # two steps: one SQLite table copy that drops a column and adds a constraint cannot order them
    with op.batch_alter_table("claimset", schema=None, naming_convention=CONVENTION) as batch_op:
        batch_op.drop_constraint(NEW_NAME, type_="unique")
        batch_op.drop_column("attempt")
    with op.batch_alter_table("claimset", schema=None, naming_convention=CONVENTION) as batch_op:
        batch_op.create_unique_constraint(OLD_NAME, COLUMNS)
