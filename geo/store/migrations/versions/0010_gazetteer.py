"""The gazetteer: the world's border crossings as reference places, found by any of their names.

A new table only; nothing stored before changes.

Revision ID: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "gazetteer",
        sa.Column("place_id", sa.String(100), primary_key=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("aliases", sa.Text),
        sa.Column("country_a", sa.String(3), nullable=False),
        sa.Column("country_b", sa.String(3), nullable=False),
        sa.Column("lat", sa.Float, nullable=False),
        sa.Column("lon", sa.Float, nullable=False),
        sa.Column("located_by", sa.Text, nullable=False),
        sa.Column("source", sa.String(500), nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("batch_id", sa.Integer, sa.ForeignKey("batches.batch_id"), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("gazetteer")
