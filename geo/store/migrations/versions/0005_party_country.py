"""A state party's own country, so that it is presumed to hold its own side of a crossing.

Nullable and empty for every existing party: a database upgrades in place and reads as before
until data staff give a state its country.

Revision ID: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("parties") as batch:
        batch.add_column(sa.Column("country", sa.String(3)))


def downgrade() -> None:
    with op.batch_alter_table("parties") as batch:
        batch.drop_column("country")
