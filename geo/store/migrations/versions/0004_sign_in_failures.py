"""Failed editor sign-ins, per name and per client address, in the database.

Kept here rather than in a process's memory or cache, so that no cache clear or
restart resets the brake on guessing, and every instance on one database shares it.

Revision ID: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Written out rather than imported from geo.throttle: a migration keeps meaning what it meant.
    op.create_table(
        "sign_in_failures",
        sa.Column("key", sa.String(300), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("last_failed_at", sa.Float, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("sign_in_failures")
