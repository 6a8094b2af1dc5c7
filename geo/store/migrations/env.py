"""Alembic environment: runs migrations on the connection the store hands over."""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
# Batch mode lets ALTER-style changes work on SQLite as on PostgreSQL.
context.configure(connection=connection, target_metadata=None, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
