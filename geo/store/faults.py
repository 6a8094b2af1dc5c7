"""The database's operational faults (down, connection lost, read-only, out of space) as the store's errors.

The driver's own exception names the server's host and port and carries the SQL and its
parameters; shown raw it is a traceback for the user and a leak for a viewer. Every engine
the store makes turns such an error, wherever it is raised, into one of the
:class:`~geo.errors.StoreFaultError` kinds (see :func:`watch_engine`); anything else (a
clash, a busy write lock, a bug) is left as it is.
"""

from __future__ import annotations

import logging
import sqlite3

import psycopg
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from geo.errors import (
    StoreConnectionLostError,
    StoreFaultError,
    StoreFullError,
    StoreReadOnlyError,
    StoreUnavailableError,
)

# The driver notes it gave up a COPY on a lost connection ("error ignored terminating
# <psycopg.Copy>"): that belongs in the application's log, and with no log configured it
# would reach the terminal as a second line beside the store's one-line error.
logging.getLogger("psycopg").addHandler(logging.NullHandler())

#: PostgreSQL SQLSTATEs (and classes, by their first two characters) of each fault.
_POSTGRES_FULL = frozenset({"53100"})  # disk_full
_POSTGRES_READ_ONLY = frozenset({"25006"})  # read_only_sql_transaction: a standby server
# admin_shutdown, crash_shutdown, cannot_connect_now; too_many_connections, configuration_limit_exceeded;
# invalid_catalog_name (no such database); classes 08 (connection) and 28 (a refused role or password).
_POSTGRES_UNAVAILABLE = frozenset({"57P01", "57P02", "57P03", "53300", "53400", "3D000"})
_POSTGRES_UNAVAILABLE_CLASSES = frozenset({"08", "28"})

#: SQLite's result codes of each fault (extended codes share the primary name's prefix).
_SQLITE_FULL = ("SQLITE_FULL",)
_SQLITE_READ_ONLY = ("SQLITE_READONLY",)
_SQLITE_UNAVAILABLE = ("SQLITE_CANTOPEN", "SQLITE_IOERR", "SQLITE_CORRUPT", "SQLITE_NOTADB")


def fault_kind(error: BaseException, *, disconnected: bool = False) -> type[StoreFaultError] | None:
    """Which fault the driver's ``error`` is, or None when it is not an operational fault.

    ``disconnected`` is SQLAlchemy's own finding that the connection is gone.
    """
    if isinstance(error, sqlite3.Error):
        name = getattr(error, "sqlite_errorname", "") or ""
        for prefixes, kind in (
            (_SQLITE_FULL, StoreFullError),
            (_SQLITE_READ_ONLY, StoreReadOnlyError),
            (_SQLITE_UNAVAILABLE, StoreUnavailableError),
        ):
            if name.startswith(prefixes):
                return kind
        return None
    if isinstance(error, psycopg.Error):
        state = error.sqlstate or ""
        if state in _POSTGRES_FULL:
            return StoreFullError
        if state in _POSTGRES_READ_ONLY:
            return StoreReadOnlyError
        # No SQLSTATE on an OperationalError: the driver's own failure to connect, or to use a
        # connection the server has closed.
        no_state = not state and isinstance(error, psycopg.OperationalError)
        if disconnected or no_state or state in _POSTGRES_UNAVAILABLE or state[:2] in _POSTGRES_UNAVAILABLE_CLASSES:
            return StoreUnavailableError
    return None


def reason(error: BaseException, url: sa.URL) -> str:
    """The first line of the driver's message, with the URL's password blanked should it appear."""
    lines = str(error).strip().splitlines()
    first = lines[0].strip() if lines else type(error).__name__
    return first.replace(url.password, "***") if isinstance(url.password, str) and url.password else first


def store_fault(
    error: BaseException, url: sa.URL, *, disconnected: bool = False, connecting: bool = False
) -> StoreFaultError | None:
    """The store's error for the driver's ``error`` on the database at ``url``, or None if it is no fault.

    ``connecting`` says the error came while opening a connection: a server that is not there,
    rather than one lost in the middle of a read or write.
    """
    kind = fault_kind(error, disconnected=disconnected)
    if kind is None:
        return None
    if kind is StoreUnavailableError and isinstance(error, psycopg.Error) and not connecting:
        kind = StoreConnectionLostError
    return kind(url.render_as_string(hide_password=True), reason(error, url))


def watch_engine(engine: Engine) -> None:
    """Raise a :class:`StoreFaultError` in place of every operational fault on ``engine``."""

    @sa.event.listens_for(engine, "handle_error")
    def _translate(context: sa.engine.ExceptionContext) -> BaseException | None:
        # A failed pre-ping is SQLAlchemy's cue to reconnect, not a fault yet.
        if context.is_pre_ping:
            return None
        return store_fault(
            context.original_exception,
            engine.url,
            disconnected=context.is_disconnect,
            connecting=context.connection is None,
        )
