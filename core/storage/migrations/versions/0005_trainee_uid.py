"""trainee.uid: trainees are told apart by a stable id, no longer by their name

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05 10:00:00.000000

A trainee's id is the one in their profile (``core.identity``); two trainees may now share a
name, so the name's index stops being unique.  Trainees already here knew only their name: each
gets the id derived from it (``core.identity.Identity.named``: uuid5 of the name, case and
spacing ignored), so ``--trainee NAME`` finds their work and a profile made on the first start
under the same name takes it over.  Two names that differ only in case or spacing were two
trainees and stay two: the later one gets a random id.

The rule is copied here rather than imported: a migration must do tomorrow what it does today.
tests/core/test_migrate.py checks that it gives the ids ``core.identity`` gives.

On SQLite, making the new column NOT NULL copies the trainee table (batch mode);
``core.storage.migrate.migrating`` turns foreign keys off meanwhile, so no claim set is lost.
"""

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

NAMED_NAMESPACE = uuid.UUID("6f0c6a4e-5b7e-4f43-9d0e-6c1f3a9b2d57")  # core.identity.NAMED_NAMESPACE


def named_uid(name: str) -> str:
    return str(uuid.uuid5(NAMED_NAMESPACE, " ".join(name.split()).casefold()))


def upgrade() -> None:
    with op.batch_alter_table("trainee", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("uid", sa.String(length=64), nullable=True))
    bind = op.get_bind()
    trainee = sa.table("trainee", sa.column("id", sa.Integer()), sa.column("name", sa.String()), sa.column("uid"))
    used: set[str] = set()
    for trainee_id, name in bind.execute(sa.select(trainee.c.id, trainee.c.name).order_by(trainee.c.id)).all():
        uid = named_uid(name)
        if uid in used:
            uid = str(uuid.uuid4())
        used.add(uid)
        bind.execute(sa.update(trainee).where(trainee.c.id == trainee_id).values(uid=uid))
    with op.batch_alter_table("trainee", schema=None) as batch_op:
        batch_op.alter_column("uid", existing_type=sa.String(length=64), nullable=False)
        batch_op.drop_index("ix_trainee_name")
        batch_op.create_index("ix_trainee_name", ["name"], unique=False)
        batch_op.create_index("ix_trainee_uid", ["uid"], unique=True)


def downgrade() -> None:
    # Fails (and changes nothing) where two trainees share a name: 0004 cannot keep them apart.
    with op.batch_alter_table("trainee", schema=None) as batch_op:
        batch_op.drop_index("ix_trainee_uid")
        batch_op.drop_index("ix_trainee_name")
        batch_op.create_index("ix_trainee_name", ["name"], unique=True)
        batch_op.drop_column("uid")
