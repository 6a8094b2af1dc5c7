"""The store: migrations, seeding once, append-only reports, hidden batches."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from geo import schema
from geo.errors import UnknownCrossingError, ValidationError
from geo.store import Store, hidden_batch_ids, open_store
from tests.conftest import FIXTURES


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
