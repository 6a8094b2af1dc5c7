"""Region records: how each region reads (its name and what it holds), by the slug crossings name.

A new table only; a region no record names reads as its slug does, as before.

Revision ID: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "regions",
        sa.Column("region_id", sa.String(100), primary_key=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("batch_id", sa.Integer, sa.ForeignKey("batches.batch_id"), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("regions")
