"""Operational faults of the database (read-only, full, down, lost mid-commit): one line for the user,
exit status 2, no password or server address for a viewer, and the stored data unchanged."""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import socket
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
import pytest
import sqlalchemy as sa
import streamlit as st
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from geo import cli
from geo.errors import StoreConnectionLostError, StoreFullError, StoreReadOnlyError, StoreUnavailableError
from geo.settings import PROJECT_ROOT
from geo.store import store as store_module
from geo.store.faults import store_fault
from tests.test_cli import geo
from tests.test_cli_import import HEADER, _bytes_written, _start_import, counts, query, report_rows

APP = str(PROJECT_ROOT / "dashboard" / "app.py")
PASSWORD = "s3cret-Pa55"


def one_error_line(stderr: str) -> str:
    """The one line the user is told; fails on a traceback or anything more."""
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: ") and "Traceback" not in stderr
    return lines[0]


def closed_port() -> int:
    """A local TCP port nothing listens on (bound, then let go)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def postgres_down_url() -> str:
    return f"postgresql+psycopg://borderwatch:{PASSWORD}@127.0.0.1:{closed_port()}/borderwatch"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """``path`` read-only: mode 444, and immutable as well when running as root (whom modes do not stop)."""
    path.chmod(0o444)
    immutable = os.geteuid() == 0
    if immutable:
        chattr = shutil.which("chattr")
        if chattr is None or subprocess.run([chattr, "+i", str(path)], capture_output=True).returncode != 0:
            path.chmod(0o644)
            pytest.skip("running as root on a file system without chattr +i: a file cannot be made read-only")
    try:
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        path.chmod(0o644)


@pytest.fixture
def sqlite_db(tmp_path: Path) -> tuple[str, Path]:
    """A seeded SQLite file, its write-ahead log checkpointed away."""
    path = tmp_path / "borderwatch.db"
    url = f"sqlite:///{path}"
    assert geo(url, "init").returncode == 0
    return url, path


def upload(tmp_path: Path, rows: int) -> Path:
    path = tmp_path / "reports.csv"
    path.write_text(HEADER + report_rows(rows, source="Faulty"))
    return path


def test_import_into_a_read_only_database_file_is_one_line_exit_2_and_changes_nothing(
    sqlite_db: tuple[str, Path], tmp_path: Path
) -> None:
    url, path = sqlite_db
    before, digest = counts(url), sha256(path)
    with read_only(path):
        result = geo(url, "import", str(upload(tmp_path, 10)), "--as", "editor")
        assert result.returncode == 2
        line = one_error_line(result.stderr)
        assert "read-only" in line and "nothing was written" in line
    assert sha256(path) == digest
    assert counts(url) == before


def test_a_full_disk_is_one_line_exit_2_and_leaves_the_database_whole(
    sqlite_db: tuple[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url, path = sqlite_db
    before = counts(url)
    with sqlite3.connect(path) as conn:
        pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
    made = store_module.create_store_engine

    def small_disk(database_url: str) -> Engine:
        """The store's engine on a database that may grow by a few pages only: SQLite's "disk is full"."""
        engine = made(database_url)

        @sa.event.listens_for(engine, "connect")
        def _limit(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 4}")

        return engine

    monkeypatch.setattr(store_module, "create_store_engine", small_disk)
    monkeypatch.setenv("DATABASE_URL", url)
    status = cli.main(["import", str(upload(tmp_path, 5_000)), "--as", "editor"])
    line = one_error_line(capsys.readouterr().err)
    assert status == 2
    assert "out of space" in line and "nothing was written" in line
    assert counts(url) == before
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.parametrize("command", [("status", "--date", "2024-01-01"), ("import", "reports.csv", "--as", "editor")])
def test_postgres_down_is_one_line_exit_2_without_the_password(tmp_path: Path, command: tuple[str, ...]) -> None:
    upload(tmp_path, 1)
    args = [str(tmp_path / a) if a == "reports.csv" else a for a in command]
    result = geo(postgres_down_url(), *args)
    assert result.returncode == 2
    line = one_error_line(result.stderr)
    assert PASSWORD not in line
    assert "cannot open the database at postgresql+psycopg://borderwatch:***@127.0.0.1" in line
    assert "nothing was read or written" in line


def test_a_viewer_sees_a_plain_message_without_host_port_or_password_when_postgres_is_down(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = postgres_down_url()
    port = sa.make_url(url).port
    monkeypatch.setenv("DATABASE_URL", url)
    st.cache_resource.clear()
    st.cache_data.clear()
    try:
        page = AppTest.from_file(APP, default_timeout=60).run()
    finally:
        st.cache_resource.clear()
        st.cache_data.clear()
    assert not page.exception
    shown = " ".join(str(element.value) for element in page.error)
    assert StoreUnavailableError.plain in shown and "Reference " in shown
    everything = " ".join(str(getattr(e, "value", "")) for e in page.main) + shown
    for secret in ("127.0.0.1", str(port), PASSWORD, "borderwatch:", "psycopg"):
        assert secret not in everything


@pytest.mark.each_database("postgresql")
def test_postgres_terminating_the_import_mid_commit_is_one_line_exit_2_and_stores_nothing(
    database_url: str, tmp_path: Path
) -> None:
    url = database_url
    assert geo(url, "init").returncode == 0
    before = counts(url)
    big = tmp_path / "big.csv"
    big.write_text(HEADER + report_rows(200_000, source="Big"))
    process = _start_import(url, big)
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("committing"):
            break
    written = _bytes_written(url)
    start, deadline = written(), time.monotonic() + 60
    while written() - start < 1_000_000 and time.monotonic() < deadline:
        assert process.poll() is None, "the import finished before it could be cut off; make the file larger"
        time.sleep(0.005)
    database = sa.make_url(url).database
    terminated = query(
        url,
        # Only this role's own sessions: an autovacuum worker may be in the database too, and
        # ending that needs a superuser.
        "select count(*) from (select pg_terminate_backend(pid) from pg_stat_activity"
        f" where datname = '{database}' and usename = current_user and pid <> pg_backend_pid()) as t",
    )
    assert terminated[0][0] >= 1
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 2
    line = one_error_line(stderr)
    assert "lost the connection to the database" in line and "stored whole or not at all" in line
    assert PASSWORD not in line and "borderwatch:borderwatch@" not in line
    assert counts(url) == before
    # The server is still there: the next import gets its turn.
    big.write_text(HEADER + report_rows(10, source="After"))
    assert geo(url, "import", str(big), "--as", "editor").returncode == 0
    assert counts(url) == (before[0] + 1, before[1] + 10)


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (sqlite3.OperationalError("database or disk is full"), StoreFullError),
        (sqlite3.OperationalError("attempt to write a readonly database"), StoreReadOnlyError),
        (sqlite3.OperationalError("unable to open database file"), StoreUnavailableError),
        (sqlite3.OperationalError("database is locked"), None),
        (sqlite3.IntegrityError("UNIQUE constraint failed"), None),
    ],
)
def test_sqlite_errors_are_told_apart_by_their_result_code(error: sqlite3.Error, kind: type | None) -> None:
    codes = {
        "full": "SQLITE_FULL",
        "readonly": "SQLITE_READONLY",
        "open": "SQLITE_CANTOPEN",
        "locked": "SQLITE_BUSY",
        "UNIQUE": "SQLITE_CONSTRAINT_PRIMARYKEY",
    }
    error.sqlite_errorname = next(code for word, code in codes.items() if word in str(error))
    fault = store_fault(error, sa.make_url("sqlite:////data/b.db"))
    assert (type(fault) if fault else None) is kind


@pytest.mark.parametrize(
    ("sqlstate", "kind"),
    [
        ("53100", StoreFullError),  # could not extend file: no space left on device
        ("25006", StoreReadOnlyError),  # a standby server
        ("57P01", StoreUnavailableError),  # terminating connection due to administrator command
        ("08006", StoreUnavailableError),
        ("28P01", StoreUnavailableError),  # password authentication failed
        ("3D000", StoreUnavailableError),  # no such database
        ("53300", StoreUnavailableError),  # too many clients already
        ("55P03", None),  # the write lock's wait ran out: StoreBusyError's, not a fault
        ("23505", None),  # a clash: ConflictError's
        ("22021", None),  # a value the column cannot hold
    ],
)
def test_postgres_errors_are_told_apart_by_their_sqlstate(sqlstate: str, kind: type | None) -> None:
    error = psycopg.errors.lookup(sqlstate)(f"server said {PASSWORD}")
    url = sa.make_url(f"postgresql+psycopg://borderwatch:{PASSWORD}@db.internal:5432/borderwatch")
    fault = store_fault(error, url, connecting=True)
    assert (type(fault) if fault else None) is kind
    if fault is not None:
        assert PASSWORD not in str(fault) and "db.internal" not in fault.plain


def test_a_server_going_away_in_use_is_a_lost_connection_not_one_never_made() -> None:
    url = sa.make_url("postgresql+psycopg://borderwatch:pw@db.internal:5432/borderwatch")
    shutdown = psycopg.errors.lookup("57P01")("terminating connection due to administrator command")
    assert type(store_fault(shutdown, url)) is StoreConnectionLostError
    assert type(store_fault(shutdown, url, connecting=True)) is StoreUnavailableError


def test_an_editor_committing_to_a_full_database_is_told_plainly_and_nothing_is_stored(
    sqlite_db: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from geo.access.auth import hash_password

    url, path = sqlite_db
    with sqlite3.connect(path) as conn:
        pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
    made = store_module.create_store_engine

    def small_disk(database_url: str) -> Engine:
        """Room for an editor's sign-in, not for a few thousand reports."""
        engine = made(database_url)

        @sa.event.listens_for(engine, "connect")
        def _limit(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 8}")

        return engine

    monkeypatch.setattr(store_module, "create_store_engine", small_disk)
    monkeypatch.setenv("DATABASE_URL", url)
    st.cache_resource.clear()
    st.cache_data.clear()
    try:
        page = AppTest.from_file(APP, default_timeout=90)
        page.secrets["editors"] = {"passwords": {"alice": hash_password(PASSWORD, salt=b"fixed salt 16 by")}}
        page.run()
        page.text_input(key="sign_in_name").input("alice")
        page.text_input(key="sign_in_password").input(PASSWORD)
        next(b for b in page.button if b.label == "Sign in").click().run()
        before = counts(url)
        page.switch_page("views/upload_view.py").run()
        rows = (HEADER + report_rows(3_000, source="Faulty")).encode()
        page.file_uploader[0].upload("reports.csv", rows, "text/csv").run()
        next(b for b in page.button if b.label.startswith("Commit")).click().run()
    finally:
        st.cache_resource.clear()
        st.cache_data.clear()
    assert not page.exception
    shown = " ".join(str(element.value) for element in page.error)
    assert StoreFullError.plain in shown and "Reference " in shown
    assert str(path) not in shown and "sqlite" not in shown
    assert counts(url) == before


def test_a_database_fault_is_one_line_for_the_user_and_its_traceback_goes_to_the_log(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    missing = tmp_path / "no-such-folder" / "borderwatch.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{missing}")
    with caplog.at_level(logging.DEBUG, logger="borderwatch.cli"):
        status = cli.main(["status", "--date", "2021-07-14"])
    line = one_error_line(capsys.readouterr().err)
    assert status == StoreUnavailableError.exit_code == 2
    assert line.startswith("error: cannot open the database at ") and str(missing) in line
    (record,) = [r for r in caplog.records if r.name == "borderwatch.cli"]
    assert record.exc_info is not None and isinstance(record.exc_info[1], StoreUnavailableError)
