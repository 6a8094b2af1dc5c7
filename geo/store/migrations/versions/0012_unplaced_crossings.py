"""A crossing no source places: its latitude and longitude may be NULL.

Every stored crossing keeps its coordinate, so a database upgrades in place and reads as before.

SQLite cannot drop a NOT NULL in place, and Alembic's batch mode (copy to a new table, drop the
old, rename the new) leaves the reports' foreign keys counted as broken when the migration's
transaction commits. So on SQLite the rows are set aside, the table is made again under its own
name, and the rows go back into it: putting back each referenced row is what SQLite counts as
mending the reference. The foreign keys wait for the commit meanwhile (``defer_foreign_keys``).

Revision ID: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_COLUMNS = "crossing_id, name, country_a, country_b, name_a, name_b, lat, lon, region, note, batch_id"


def _crossings(nullable: bool) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        for name in ("lat", "lon"):
            op.alter_column("crossings", name, existing_type=sa.Float, nullable=nullable)
        return
    op.execute("PRAGMA defer_foreign_keys = ON")
    op.execute(f"CREATE TEMPORARY TABLE crossings_kept AS SELECT {_COLUMNS} FROM crossings")
    op.drop_table("crossings")
    op.create_table(
        "crossings",
        sa.Column("crossing_id", sa.String(100), primary_key=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("country_a", sa.String(3), nullable=False),
        sa.Column("country_b", sa.String(3), nullable=False),
        sa.Column("name_a", sa.String(300)),
        sa.Column("name_b", sa.String(300)),
        sa.Column("lat", sa.Float, nullable=nullable),
        sa.Column("lon", sa.Float, nullable=nullable),
        sa.Column("region", sa.String(100), nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("batch_id", sa.Integer, sa.ForeignKey("batches.batch_id"), nullable=False),
    )
    op.execute(f"INSERT INTO crossings ({_COLUMNS}) SELECT {_COLUMNS} FROM crossings_kept")
    op.execute("DROP TABLE crossings_kept")


def upgrade() -> None:
    _crossings(nullable=True)


def downgrade() -> None:
    # Refused by the database while an unplaced crossing is stored: there is no coordinate to give it.
    _crossings(nullable=False)
