"""A report's status can be for one kind of traffic and one direction.

Both nullable and empty for every existing report, which then speaks for all traffic both
ways, as it always did: a database upgrades in place and reads as before.

Revision ID: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        batch.add_column(sa.Column("traffic", sa.String(8)))
        batch.add_column(sa.Column("direction", sa.String(3)))


def downgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        batch.drop_column("direction")
        batch.drop_column("traffic")
