"""Editor sessions that survive a reload or a restart, and the secret that signs them.

The secret is generated here, once per database, so every app instance on one
database signs and checks the same cookies without any configuration.

Revision ID: 0003
"""

from __future__ import annotations

import secrets
import time

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    app_secrets = op.create_table(
        "app_secrets",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("value", sa.String(200), nullable=False),
        sa.Column("created_at", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "editor_sessions",
        sa.Column("id_hash", sa.String(64), primary_key=True),
        sa.Column("editor", sa.String(200), nullable=False),
        sa.Column("created_at", sa.BigInteger, nullable=False),
        sa.Column("expires_at", sa.BigInteger, nullable=False),
        sa.Column("ended_at", sa.BigInteger),
    )
    # Written out rather than imported from geo.sessions: a migration keeps meaning what it meant.
    op.bulk_insert(
        app_secrets,
        [{"name": "session-signing", "value": secrets.token_urlsafe(48), "created_at": int(time.time())}],
    )


def downgrade() -> None:
    op.drop_table("editor_sessions")
    op.drop_table("app_secrets")
