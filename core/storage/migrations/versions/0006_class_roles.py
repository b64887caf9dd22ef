"""trainee.db_role, trainee.joined_at: a trainee of a class database is tied to their login role

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 01:00:00.000000

``claimmark class add-trainees`` makes one PostgreSQL login role per trainee and a trainee row
that names it (``db_role``); the database's row-level security (``core.storage.roles``) lets
that role see and change only that trainee's work.  ``joined_at`` is when the trainee first
opened the class with their connection file.  Both are empty for a trainee of a library or of
a shared database without roles.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("trainee", schema=None) as batch_op:
        batch_op.add_column(sa.Column("db_role", sa.String(length=63), nullable=True))
        batch_op.add_column(sa.Column("joined_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index("ix_trainee_db_role", ["db_role"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("trainee", schema=None) as batch_op:
        batch_op.drop_index("ix_trainee_db_role")
        batch_op.drop_column("joined_at")
        batch_op.drop_column("db_role")
