"""The store, on SQLite and on PostgreSQL: migrations, seeding once, append-only reports, hidden batches,
writers taking turns and readers seeing whole batches."""

from __future__ import annotations

import shutil
import threading
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from geo.errors import StoreBusyError, UnknownCrossingError, ValidationError
from geo.store import schema
from geo.store import store as store_module
from geo.store.store import Store, hidden_batch_ids, open_store
from tests.conftest import FIXTURES

pytestmark = pytest.mark.each_database


def test_migrate_creates_the_schema_at_the_newest_revision(store: Store) -> None:
    assert store.schema_revision() == Store.head_revision()
    assert set(sa.inspect(store.engine).get_table_names()) >= {"batches", "crossings", "parties", "reports"}


def test_migrations_and_schema_module_describe_the_same_columns(store: Store) -> None:
    inspector = sa.inspect(store.engine)
    for table in schema.metadata.sorted_tables:
        migrated = {c["name"]: c["nullable"] for c in inspector.get_columns(table.name)}
        declared = {c.name: c.nullable for c in table.columns}
        assert migrated == declared, table.name


def test_migrate_twice_is_a_no_op(store: Store) -> None:
    store.migrate()
    assert store.schema_revision() == Store.head_revision()


@pytest.mark.each_database("sqlite")
def test_sqlite_database_uses_write_ahead_logging(store: Store) -> None:
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_seed_loads_once_and_a_second_run_adds_nothing(database_url: str) -> None:
    _store, first = open_store(database_url, seeds=FIXTURES / "tiny")
    again, second = open_store(database_url, seeds=FIXTURES / "tiny")
    assert first == 1
    assert second is None
    assert len(again.reports()) == 2
    assert len(again.batches()) == 1


def test_seed_batch_records_who_what_and_checksum(database_url: str) -> None:
    store, _ = open_store(database_url, seeds=FIXTURES / "tiny")
    batch = store.batches().iloc[0]
    assert (batch["kind"], batch["created_by"], batch["row_count"]) == ("seed", "seed", 5)
    assert len(batch["checksum"]) == 64


def test_invalid_seed_writes_nothing(database_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "seeds"
    shutil.copytree(FIXTURES / "tiny", folder)
    shutil.copy(FIXTURES / "invalid" / "unknown_crossing" / "reports.csv", folder / "reports.csv")
    with pytest.raises(ValidationError):
        open_store(database_url, seeds=folder)
    store = Store.connect(database_url)
    assert store.batches().empty
    assert store.crossings().empty


def test_reports_come_oldest_first_with_their_batch(database_url: str) -> None:
    store, _ = open_store(database_url, seeds=FIXTURES / "tiny")
    reports = store.reports()
    assert list(reports["source"]) == ["AFP", "Arab News"]
    assert set(reports["batch_id"]) == {1}


def test_reports_of_an_unknown_crossing_raise(store: Store) -> None:
    with pytest.raises(UnknownCrossingError):
        store.reports("nowhere")


def test_parties_without_a_colour_get_the_palette(database_url: str) -> None:
    store, _ = open_store(database_url, seeds=FIXTURES / "tiny")
    colors = dict(zip(store.parties()["party_id"], store.parties()["color"], strict=True))
    assert colors == {"pakistan": "#000000", "taliban": "#e69f00"}


def test_a_failed_write_rolls_back_whole(database_url: str) -> None:
    store, _ = open_store(database_url, seeds=FIXTURES / "tiny")
    with pytest.raises(sa.exc.IntegrityError), store.writing() as conn:
        conn.execute(
            schema.batches.insert().values(
                kind="upload", created_at=pd.Timestamp.now(tz="UTC"), created_by="t", row_count=1
            )
        )
        conn.execute(
            schema.reports.insert().values(
                batch_id=2, crossing_id="nowhere", date=pd.Timestamp("2021-01-01"), source="s", confidence="high"
            )
        )
    assert len(store.batches()) == 1


@pytest.mark.parametrize(
    ("batches", "hidden"),
    [
        ([(1, None), (2, None)], set()),
        ([(1, None), (2, 1)], {1}),
        # Reverting the revert brings batch 1 back.
        ([(1, None), (2, 1), (3, 2)], {2}),
        ([(1, None), (2, 1), (3, 2), (4, 3)], {1, 3}),
    ],
    ids=["no reverts", "revert", "undo the revert", "redo"],
)
def test_hidden_batches_follow_reverts_of_reverts(batches: list[tuple[int, int | None]], hidden: set[int]) -> None:
    frame = pd.DataFrame(batches, columns=["batch_id", "reverts_batch_id"])
    assert hidden_batch_ids(frame) == hidden


def add_report(store: Store, source: str) -> int:
    """One more report about the tiny fixture's crossing, as a batch of its own."""
    row = {"crossing_id": "x", "date": date(2021, 9, 1), "claimant": "", "controller": "taliban",
           "status": "open", "side": "", "source": source, "attribution": "", "url": "", "confidence": "high",
           "note": ""}
    empty = pd.DataFrame()
    return store.add_frames(empty, empty, pd.DataFrame([row]), kind="upload", created_by="t")


@pytest.mark.each_database("postgresql")
def test_postgres_writes_hold_the_shared_advisory_lock_until_they_end(database_url: str) -> None:
    store, _ = open_store(database_url, seeds=FIXTURES / "tiny")
    # Only this test's database: other suites on the same server take the same key in theirs.
    lock = (
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = :key AND granted"
        " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
    )
    with store.writing(), store.engine.connect() as other:
        assert other.execute(sa.text(lock), {"key": store_module.POSTGRES_WRITE_LOCK}).scalar_one() == 1
    with store.engine.connect() as other:
        assert other.execute(sa.text(lock), {"key": store_module.POSTGRES_WRITE_LOCK}).scalar_one() == 0


def test_a_writer_kept_waiting_too_long_is_refused_clearly_and_writes_nothing(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "SQLITE_BUSY_TIMEOUT_MS", 500)
    monkeypatch.setattr(store_module, "POSTGRES_LOCK_TIMEOUT_S", 1)
    first, _ = open_store(database_url, seeds=FIXTURES / "tiny")
    second = Store.connect(database_url)
    with first.writing(), pytest.raises(StoreBusyError, match="nothing was written; try again"):
        add_report(second, "Waiting")
    assert len(second.batches()) == 1
    # Once the first writer is done, the second gets its turn.
    add_report(second, "Later")
    assert list(second.reports()["source"])[-1] == "Later"


def test_a_batch_being_written_is_invisible_until_it_commits_whole(database_url: str) -> None:
    writer, _ = open_store(database_url, seeds=FIXTURES / "tiny")
    reader = Store.connect(database_url)
    with writer.writing() as conn:
        batch_id = writer._new_batch(conn, kind="upload", created_by="t", row_count=1)
        conn.execute(
            schema.reports.insert().values(
                batch_id=batch_id, crossing_id="x", date=date(2021, 9, 1), source="Half",
                confidence="high",
            )
        )
        assert len(reader.batches()) == 1
        assert "Half" not in set(reader.reports()["source"])
    assert "Half" in set(reader.reports()["source"])


def test_a_snapshot_keeps_seeing_the_data_as_it_was_when_it_began(database_url: str) -> None:
    store, _ = open_store(database_url, seeds=FIXTURES / "tiny")
    with store.snapshot() as view:
        before = len(view.reports())
        add_report(Store.connect(database_url), "Meanwhile")
        assert len(view.reports()) == before
        assert len(view.batches()) == 1
    assert len(store.reports()) == before + 1


def test_the_data_version_changes_with_every_write_and_only_then(database_url: str) -> None:
    store, _ = open_store(database_url, seeds=FIXTURES / "tiny")
    seeded = store.data_version()
    assert store.data_version() == seeded
    batch_id = add_report(store, "New")
    added = store.data_version()
    store.revert(batch_id, created_by="t")
    assert len({seeded, added, store.data_version()}) == 3


def test_batch_times_come_back_in_utc_on_every_database(store: Store) -> None:
    store.seed(FIXTURES / "tiny")
    created = store.batches()["created_at"].iloc[0]
    assert created.utcoffset() == timedelta(0)


def test_readers_see_each_batch_whole_or_not_at_all_while_writes_go_on(database_url: str) -> None:
    store, _ = open_store(database_url, seeds=FIXTURES / "tiny")
    rows = pd.DataFrame(
        {"crossing_id": "x", "date": [date(2021, 9, 1) + timedelta(days=i % 300) for i in range(20_000)],
         "claimant": "", "controller": "taliban", "status": "open", "side": "", "source": "Bulk", "attribution": "",
         "url": "", "confidence": "low", "note": ""}
    )
    empty = pd.DataFrame()
    writer = threading.Thread(
        target=lambda: [store.add_frames(empty, empty, rows, kind="upload", created_by="w") for _ in range(4)]
    )
    writer.start()
    states_seen = set()
    finished = False
    while not finished:
        # Decided before reading, so the last read comes after the last write.
        finished = not writer.is_alive()
        with store.snapshot() as view:
            batches, reports = view.batches(), view.reports()
        uploads = batches[batches["kind"] == "upload"].set_index("batch_id")["row_count"]
        stored = reports[reports["source"] == "Bulk"].groupby("batch_id").size()
        assert stored.to_dict() == uploads.to_dict()
        states_seen.add(len(uploads))
    assert max(states_seen) == 4 and len(states_seen) >= 2
