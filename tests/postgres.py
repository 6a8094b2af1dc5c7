"""A PostgreSQL server for tests and benchmarks: found from the environment, a fresh database each time.

Tests find the server at ``BORDERWATCH_TEST_POSTGRES_URL`` (default: the role and database
``make postgres`` creates on localhost). The role needs CREATEDB: every test gets a database
of its own, created empty and dropped afterwards. Where no server answers, the PostgreSQL tests
are skipped, unless ``BORDERWATCH_REQUIRE_POSTGRES=1`` (set by ``.ci/run``) makes that a failure.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

import sqlalchemy as sa

URL_VARIABLE = "BORDERWATCH_TEST_POSTGRES_URL"
REQUIRE_VARIABLE = "BORDERWATCH_REQUIRE_POSTGRES"
DEFAULT_URL = "postgresql+psycopg://borderwatch:borderwatch@localhost:5432/borderwatch"
#: Prefix of every database the tests create, so a leftover one is easy to recognise.
PREFIX = "bw_test"

_names = itertools.count()


def server_url() -> str:
    """The URL of a database on the test server that the test role may connect to."""
    return os.environ.get(URL_VARIABLE) or DEFAULT_URL


def required() -> bool:
    """Whether an unreachable server is a failure rather than a reason to skip."""
    return os.environ.get(REQUIRE_VARIABLE, "") not in ("", "0")


@cache
def unreachable_reason() -> str | None:
    """Why the PostgreSQL tests cannot run here, with how to enable them; None when they can."""
    url = sa.make_url(server_url())
    engine = sa.create_engine(url, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as conn:
            can_create = conn.exec_driver_sql("SELECT rolcreatedb FROM pg_roles WHERE rolname = current_user").scalar()
    except sa.exc.OperationalError as error:
        first_line = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        return (
            f"no PostgreSQL server at {url.render_as_string(hide_password=True)} ({first_line}); "
            f"run `make postgres` or set {URL_VARIABLE} to a server where the role may create databases"
        )
    finally:
        engine.dispose()
    if not can_create:
        return f"the role in {URL_VARIABLE} may not create databases: ALTER ROLE ... CREATEDB"
    return None


def _admin(*statements: str) -> None:
    """Run ``statements`` on the server outside any transaction (CREATE and DROP DATABASE need that)."""
    admin = sa.create_engine(server_url(), isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    try:
        with admin.connect() as conn:
            for statement in statements:
                conn.exec_driver_sql(statement)
    finally:
        admin.dispose()


def create_database(label: str = "", *, icu_locale: str | None = None) -> str:
    """Create an empty database and return its URL (with the same role and password).

    ``icu_locale`` gives it an ICU collation of that locale, to check nothing depends on
    PostgreSQL sorting text as SQLite does.
    """
    tag = re.sub(r"[^a-z0-9]+", "_", label.lower())[:24]
    name = f"{PREFIX}_{os.getpid()}_{next(_names)}{'_' + tag if tag else ''}"
    locale = f" LOCALE_PROVIDER icu ICU_LOCALE '{icu_locale}'" if icu_locale else ""
    _admin(
        f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
        f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'{locale}",
    )
    return sa.make_url(server_url()).set(database=name).render_as_string(hide_password=False)


def recreate_database(url: str) -> None:
    """Drop the database at ``url`` and create it again, empty, under the same name."""
    drop_database(url)
    _admin(f"CREATE DATABASE \"{sa.make_url(url).database}\" TEMPLATE template0 ENCODING 'UTF8'")


def drop_database(url: str) -> None:
    """Drop the database at ``url``, closing any session still connected to it."""
    name = sa.make_url(url).database
    try:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    except sa.exc.ProgrammingError as error:
        if getattr(error.orig, "sqlstate", None) != "42501":  # insufficient_privilege
            raise
        # PostgreSQL 15's FORCE refuses when a backend of no role of ours is in the database: an
        # autovacuum worker, met on a busy server (several test workers). A plain DROP stops such
        # a worker itself; it only needs this role's own sessions ended first.
        _admin(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            f" WHERE datname = '{name}' AND usename = current_user AND pid <> pg_backend_pid()",
            f'DROP DATABASE IF EXISTS "{name}"',
        )


@contextmanager
def fresh_database(label: str = "") -> Iterator[str]:
    """An empty database that lasts as long as the ``with`` block."""
    url = create_database(label)
    try:
        yield url
    finally:
        drop_database(url)
