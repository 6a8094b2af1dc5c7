"""A party's other names: what reports call it ("the insurgents", "Islamic Emirate", "Tatmadaw").

Nullable and empty for every existing party: a database upgrades in place and reads as before; the
article reader finds a party by its name until data staff give it aliases.

Revision ID: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("parties") as batch:
        batch.add_column(sa.Column("aliases", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("parties") as batch:
        batch.drop_column("aliases")
