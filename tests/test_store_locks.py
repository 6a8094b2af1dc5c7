"""Readers never wait for writers: opening a store and reading it while another connection holds
the write lock (SQLite's BEGIN IMMEDIATE, PostgreSQL's advisory lock) in the middle of a batch."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest

from geo.atlas import Atlas
from geo.ingest.seed import open_store
from geo.settings import PROJECT_ROOT, SEEDS_DIR
from geo.store import engine as engine_module
from geo.store import schema
from geo.store.store import Store

pytestmark = pytest.mark.each_database

#: Long enough for any open and read here; far shorter than the writer's wait below.
READ_BOUND_S = 60


@pytest.fixture
def long_lock_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Writers wait far longer than the test's bound, so a reader that queues for the lock shows as
    one still running, not as one that gave up with StoreBusyError."""
    monkeypatch.setattr(engine_module, "SQLITE_BUSY_TIMEOUT_MS", 600_000)
    monkeypatch.setattr(engine_module, "POSTGRES_LOCK_TIMEOUT_S", 600)


@contextmanager
def batch_half_written(url: str) -> Iterator[None]:
    """Another connection holds the write lock with an uncommitted batch, as during a long commit."""
    writer = Store.connect(url)
    try:
        with writer.writing() as conn:
            batch_id = writer._new_batch(conn, kind="upload", created_by="t", row_count=1)
            conn.execute(
                schema.reports.insert().values(
                    batch_id=batch_id, crossing_id="torkham", date=date(2024, 1, 1), source="Half", confidence="high"
                )
            )
            yield
            conn.rollback()
    finally:
        writer.close()


def finished_while_held(read: Callable[[], Any]) -> Any:
    """Run ``read`` in a thread; its result once it ends, failing if it did not end within the bound."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = read()
        except BaseException as error:  # handed to the test thread
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(READ_BOUND_S)
    assert not thread.is_alive(), "the read was still waiting for the writer's lock"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def test_opening_a_store_and_reading_states_does_not_wait_for_a_writer(
    database_url: str, long_lock_waits: None
) -> None:
    first, _ = open_store(database_url, seeds=SEEDS_DIR)
    first.close()

    def open_and_read() -> tuple[int, set[str]]:
        store, _ = open_store(database_url, seeds=SEEDS_DIR)
        try:
            states = Atlas.load(store).states(date(2024, 1, 1))
            return len(states), set(store.reports()["source"])
        finally:
            store.close()

    with batch_half_written(database_url):
        count, sources = finished_while_held(open_and_read)
    assert count > 0
    assert "Half" not in sources


def test_a_store_still_to_be_migrated_waits_for_the_writer_then_migrates(
    database_url: str, long_lock_waits: None
) -> None:
    """Only migrating takes the lock: a store behind the code's schema queues, then catches up."""
    first, _ = open_store(database_url, seeds=SEEDS_DIR)
    first.close()
    with Store.connect(database_url).engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0002'")
        conn.exec_driver_sql("DROP TABLE sign_in_failures")
        conn.exec_driver_sql("DROP TABLE editor_sessions")
        conn.exec_driver_sql("DROP TABLE app_secrets")
        conn.exec_driver_sql("ALTER TABLE parties DROP COLUMN country")
        conn.exec_driver_sql("ALTER TABLE parties DROP COLUMN aliases")
        conn.exec_driver_sql("ALTER TABLE reports DROP COLUMN traffic")
        conn.exec_driver_sql("ALTER TABLE reports DROP COLUMN direction")
        conn.exec_driver_sql("DROP TABLE authorisations")
        conn.exec_driver_sql("DROP TABLE reviews")
        conn.exec_driver_sql("ALTER TABLE batches DROP COLUMN review")
        conn.exec_driver_sql("DROP TABLE source_grades")
        conn.exec_driver_sql("DROP TABLE sources")
        conn.exec_driver_sql("DROP TABLE gazetteer")
        conn.exec_driver_sql("DROP TABLE regions")
        for column in ("credibility", "origin", "date_latest"):
            conn.exec_driver_sql(f"ALTER TABLE reports DROP COLUMN {column}")
    done = threading.Event()

    def migrate() -> None:
        open_store(database_url)[0].close()
        done.set()

    with batch_half_written(database_url):
        thread = threading.Thread(target=migrate, daemon=True)
        thread.start()
        assert not done.wait(2), "migrated while another connection held the write lock"
    thread.join(READ_BOUND_S)
    assert done.is_set()
    assert Store.connect(database_url).schema_revision() == Store.head_revision()


def test_geo_status_answers_during_another_process_commit(database_url: str) -> None:
    first, _ = open_store(database_url, seeds=SEEDS_DIR)
    first.close()
    env = {**os.environ, "DATABASE_URL": database_url}
    with batch_half_written(database_url):
        status = subprocess.run(
            [sys.executable, "-m", "geo", "status", "--date", "2024-01-01", "--format", "csv"],
            cwd=PROJECT_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=READ_BOUND_S,
        )
    assert status.returncode == 0, status.stderr
    assert "torkham" in status.stdout
