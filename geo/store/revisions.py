"""The schema's revisions: Alembic's migrations in ``geo/store/migrations``, read and applied in one place."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def upgrade(conn: Connection, revision: str = "head") -> None:
    """Bring the schema on ``conn`` to ``revision`` (the newest by default), in its transaction."""
    config = _config()
    config.attributes["connection"] = conn
    command.upgrade(config, revision)


def current_revision(conn: Connection) -> str | None:
    """The revision the database on ``conn`` is at, or None before any migration."""
    return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str | None:
    """The newest revision this code knows."""
    return ScriptDirectory.from_config(_config()).get_current_head()
