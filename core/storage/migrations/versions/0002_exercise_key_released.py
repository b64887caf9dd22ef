"""exercise.key_released: whether trainees on this database may see the answer key

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 10:00:00.000000

Existing exercises start with the key withheld (false); the bundled sample's key is loaded and
released by core.sample.ensure_sample the next time the sample is opened.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # recreate="never": adding a column is a plain ALTER TABLE on SQLite too.  Letting batch mode
    # copy the table would DROP the old "exercise", and with foreign keys on (core.db turns them
    # on) that cascades and deletes every claim set and claim of every exercise.
    with op.batch_alter_table("exercise", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("key_released", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35+); never a table copy, for the reason above
    with op.batch_alter_table("exercise", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("key_released")
