"""Graded sources: source records with a reliability and its history, and on each report its
information's credibility, the origin it was first reported by, and the last day an uncertain
date may be.

The report columns are nullable and empty for every existing report, which then takes its
credibility from its confidence, counts as its own source's origin and keeps a certain date:
a database upgrades in place and reads as before.

Revision ID: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        batch.add_column(sa.Column("credibility", sa.Integer))
        batch.add_column(sa.Column("origin", sa.String(500)))
        batch.add_column(sa.Column("date_latest", sa.Date))
    op.create_table(
        "sources",
        sa.Column("source_id", sa.String(100), primary_key=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("aliases", sa.Text),
        sa.Column("reliability", sa.String(1), nullable=False),
        sa.Column("party", sa.String(100), sa.ForeignKey("parties.party_id")),
        sa.Column("reason", sa.Text),
        sa.Column("note", sa.Text),
        sa.Column("batch_id", sa.Integer, sa.ForeignKey("batches.batch_id"), nullable=False),
    )
    op.create_table(
        "source_grades",
        sa.Column("grade_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("batch_id", sa.Integer, sa.ForeignKey("batches.batch_id"), nullable=False),
        sa.Column("source_id", sa.String(100), sa.ForeignKey("sources.source_id"), nullable=False),
        sa.Column("reliability", sa.String(1), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("source_grades")
    op.drop_table("sources")
    with op.batch_alter_table("reports") as batch:
        batch.drop_column("date_latest")
        batch.drop_column("origin")
        batch.drop_column("credibility")
