"""exercise.reading_cues: whether trainees see the reading cues, set by the teacher per exercise

Revision ID: 0006c
Revises: 0005
Create Date: 2026-12-02 01:00:00.000000

One of ``hidden``, ``shown``, ``after_submitting`` (``core.storage.records.READING_CUE_MODES``).
Exercises already here start hidden, as a class exercise made before the setting did, except the
bundled ones (the sample and the practice set, ``is_sample``): a learner alone sees their cues
after submitting, as a new database gives them (``core.classroom.bundled``).
"""

import sqlalchemy as sa
from alembic import op

revision = "0006c"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # recreate="never": a plain ALTER TABLE on SQLite too (a table copy would cascade, see 0002)
    with op.batch_alter_table("exercise", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("reading_cues", sa.String(length=20), nullable=False, server_default="hidden"))
    exercise = sa.table("exercise", sa.column("is_sample", sa.Boolean()), sa.column("reading_cues", sa.String()))
    op.get_bind().execute(
        sa.update(exercise).where(exercise.c.is_sample.is_(True)).values(reading_cues="after_submitting")
    )


def downgrade() -> None:
    with op.batch_alter_table("exercise", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("reading_cues")
