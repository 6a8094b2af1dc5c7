"""Authorisations: permission to use a crossing, apart from who holds it.

A new table; every existing table and row is left as it is.

Revision ID: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "authorisations",
        sa.Column("authorisation_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("batch_id", sa.Integer, sa.ForeignKey("batches.batch_id"), nullable=False),
        sa.Column("issuer", sa.String(100), sa.ForeignKey("parties.party_id"), nullable=False),
        sa.Column("crossings", sa.Text, nullable=False),
        sa.Column("traffic", sa.String(8)),
        sa.Column("effect", sa.String(8), nullable=False),
        sa.Column("start_date", sa.Date, nullable=False),
        sa.Column("end_date", sa.Date),
        sa.Column("title", sa.String(300)),
        sa.Column("source", sa.String(500), nullable=False),
        sa.Column("attribution", sa.String(500)),
        sa.Column("url", sa.String(2000)),
        sa.Column("confidence", sa.String(8), nullable=False),
        sa.Column("note", sa.Text),
    )


def downgrade() -> None:
    op.drop_table("authorisations")
