"""Alembic environment: runs migrations on the connection the store hands over."""

from __future__ import annotations

from alembic import context

from geo.store import schema

connection = context.config.attributes["connection"]
# Batch mode lets ALTER-style changes work on SQLite as on PostgreSQL. The target metadata is what
# `alembic revision --autogenerate` compares the database with, as the store's tests do.
context.configure(connection=connection, target_metadata=schema.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
