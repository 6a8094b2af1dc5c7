"""Opening a database: the engine, SQLite's pragmas and write locks, and telling a busy database apart.

SQLite takes its write lock up front (``BEGIN IMMEDIATE``), so concurrent writers queue
instead of failing; PostgreSQL writers take one advisory lock (see :meth:`Store.writing`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from geo.store.faults import watch_engine

#: The execution option a write transaction carries, so SQLite's "begin" hook takes the write lock.
WRITE_OPTION = "borderwatch_write"
SQLITE_BUSY_TIMEOUT_MS = 10_000
#: The PostgreSQL advisory lock every write transaction takes first (the bytes of "bord").
POSTGRES_WRITE_LOCK = 0x626F7264
#: How long a PostgreSQL writer waits for another instance's write before it is refused.
POSTGRES_LOCK_TIMEOUT_S = 60
#: PostgreSQL's lock_not_available: a writer gave up waiting for the write lock.
_BUSY_SQLSTATE = "55P03"


def create_store_engine(url: str) -> Engine:
    """An engine for ``url``.

    SQLite gets WAL, foreign keys and write locks taken up front. PostgreSQL
    connections are checked before use, so an app instance survives a restart of
    the database server. Operational faults on either raise a
    :class:`~geo.errors.StoreFaultError` (see :mod:`geo.store.faults`).
    """
    if sa.make_url(url).get_backend_name() == "postgresql":
        engine = sa.create_engine(url, pool_pre_ping=True)
    else:
        engine = sa.create_engine(url)
        if engine.dialect.name == "sqlite":
            _configure_sqlite(engine)
    # A server down, a lost connection, a read-only or full database: a one-line error, not a traceback.
    watch_engine(engine)
    return engine


def is_postgres(engine: Engine) -> bool:
    """Whether ``engine`` talks to PostgreSQL (else SQLite)."""
    return engine.dialect.name == "postgresql"


def _configure_sqlite(engine: Engine) -> None:
    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" hook below issue BEGIN itself (the driver's own
        # implicit BEGIN is deferred, which makes concurrent writers fail with
        # "database is locked" instead of waiting their turn).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        write = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def is_busy(error: sa.exc.OperationalError) -> bool:
    """Whether ``error`` means the write lock could not be had in time (on either database)."""
    return getattr(error.orig, "sqlstate", None) == _BUSY_SQLSTATE or "database is locked" in str(error.orig)


def take_write_lock(conn: Connection) -> None:
    """On PostgreSQL, take the one write lock inside ``conn``'s new transaction, waiting at most
    :data:`POSTGRES_LOCK_TIMEOUT_S` (SQLite took its lock with ``BEGIN IMMEDIATE`` already)."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{POSTGRES_LOCK_TIMEOUT_S}s'")
        conn.execute(sa.select(sa.func.pg_advisory_xact_lock(POSTGRES_WRITE_LOCK)))


def lock_wait_seconds(engine: Engine) -> float:
    """How long a writer on ``engine`` waits for the write lock before it is refused."""
    return POSTGRES_LOCK_TIMEOUT_S if is_postgres(engine) else SQLITE_BUSY_TIMEOUT_MS / 1000


def as_utc(value: Any) -> Any:
    """A stored time as an aware UTC datetime (SQLite keeps UTC without a zone, PostgreSQL
    returns the session's zone); any other value as it is."""
    if not isinstance(value, datetime):
        return value
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
