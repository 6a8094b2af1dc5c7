"""Initial schema: batches, parties, crossings, append-only reports.

Revision ID: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "batches",
        sa.Column("batch_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("file_name", sa.String(500)),
        sa.Column("checksum", sa.String(64)),
        sa.Column("row_count", sa.Integer, nullable=False),
        sa.Column("reverts_batch_id", sa.Integer, sa.ForeignKey("batches.batch_id")),
        sa.Column("note", sa.Text),
    )
    op.create_table(
        "parties",
        sa.Column("party_id", sa.String(100), primary_key=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("color", sa.String(7)),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("batch_id", sa.Integer, sa.ForeignKey("batches.batch_id"), nullable=False),
    )
    op.create_table(
        "crossings",
        sa.Column("crossing_id", sa.String(100), primary_key=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("country_a", sa.String(3), nullable=False),
        sa.Column("country_b", sa.String(3), nullable=False),
        sa.Column("name_a", sa.String(300)),
        sa.Column("name_b", sa.String(300)),
        sa.Column("lat", sa.Float, nullable=False),
        sa.Column("lon", sa.Float, nullable=False),
        sa.Column("region", sa.String(100), nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("batch_id", sa.Integer, sa.ForeignKey("batches.batch_id"), nullable=False),
    )
    op.create_table(
        "reports",
        sa.Column("report_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("batch_id", sa.Integer, sa.ForeignKey("batches.batch_id"), nullable=False),
        sa.Column("crossing_id", sa.String(100), sa.ForeignKey("crossings.crossing_id"), nullable=False),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("claimant", sa.String(100), sa.ForeignKey("parties.party_id")),
        sa.Column("controller", sa.String(100), sa.ForeignKey("parties.party_id")),
        sa.Column("status", sa.String(16)),
        sa.Column("side", sa.String(3)),
        sa.Column("source", sa.String(500), nullable=False),
        sa.Column("attribution", sa.String(500)),
        sa.Column("url", sa.String(2000)),
        sa.Column("confidence", sa.String(8), nullable=False),
        sa.Column("note", sa.Text),
    )
    op.create_index("ix_reports_crossing_date", "reports", ["crossing_id", "date"])


def downgrade() -> None:
    op.drop_index("ix_reports_crossing_date", table_name="reports")
    for table in ("reports", "crossings", "parties", "batches"):
        op.drop_table(table)
