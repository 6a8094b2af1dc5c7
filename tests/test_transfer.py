"""``python -m geo copy``: a whole database into an empty one, SQLite to PostgreSQL and back, row for row."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from geo.atlas import Atlas
from geo.errors import CopyError
from geo.ingest.columns import ColumnMapping, Source
from geo.ingest.commit import add_frames, commit_upload, save_profile
from geo.ingest.seed import open_store
from geo.ingest.synth import synthesize
from geo.settings import SEEDS_DIR
from geo.store import schema, transfer
from geo.store.store import Store
from geo.store.transfer import copy_database
from tests import postgres
from tests.test_cli import geo
from tests.test_commit import REPORTS, preview_of

DAYS = [date(2015, 6, 1), date(2019, 3, 3), date(2021, 7, 14), date(2021, 7, 15), date(2021, 9, 20), date(2024, 5, 1)]


def everything(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table in key order (sorted here: the databases sort text differently), with times as
    aware UTC: what a copy must reproduce."""
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    try:
        with engine.connect() as conn:
            # Every table's key is its first column.
            return {
                t.name: sorted(
                    tuple(v.replace(tzinfo=UTC) if isinstance(v, datetime) and v.tzinfo is None else v for v in row)
                    for row in conn.execute(sa.select(t))
                )
                for t in schema.metadata.sorted_tables
            }
    finally:
        engine.dispose()


def states(url: str) -> list[pd.DataFrame]:
    store = Store.connect(url)
    try:
        atlas = Atlas.load(store)
        return [atlas.states(day) for day in DAYS]
    finally:
        store.close()


@pytest.fixture
def busy_sqlite(tmp_path: Path) -> str:
    """A SQLite database with a history: the seed, synthetic data, an upload, a revert and its undo, a profile."""
    url = f"sqlite:///{tmp_path / 'source.db'}"
    store, _ = open_store(url, seeds=SEEDS_DIR)
    data = synthesize(40, 3_000, seed=5)
    add_frames(store, data.frames(), kind="synthetic", created_by="synth")
    upload = commit_upload(
        store, preview_of(store, REPORTS + "torkham,2021-09-20,,,sealed,AFG,Dawn,,,high,\n"), created_by="a"
    )
    undo = store.revert(upload, created_by="b")
    store.revert(undo, created_by="c")
    store.revert(
        commit_upload(store, preview_of(store, REPORTS + "zaranj,2021-09-20,,,open,AFG,Tolo,,,low,\n"), created_by="a"),
        created_by="b",
    )
    save_profile(store, "txdot", ColumnMapping("crossings", {"lat": Source("column", "Latitude")}), created_by="a")
    store.close()
    return url


def test_a_copy_to_postgresql_and_back_holds_every_row_as_it_was(
    busy_sqlite: str, postgres_url: str, tmp_path: Path
) -> None:
    back = f"sqlite:///{tmp_path / 'back.db'}"
    result = copy_database(busy_sqlite, postgres_url)
    copy_database(postgres_url, back)
    original = everything(busy_sqlite)
    assert result.rows == {name: len(rows) for name, rows in original.items()}
    assert everything(postgres_url) == original
    assert everything(back) == original


def test_every_crossing_has_the_same_state_in_the_copy(busy_sqlite: str, postgres_url: str) -> None:
    copy_database(busy_sqlite, postgres_url)
    for before, after in zip(states(busy_sqlite), states(postgres_url), strict=True):
        pd.testing.assert_frame_equal(before, after)


def test_new_batches_and_reports_in_the_copy_follow_the_copied_ids(busy_sqlite: str, postgres_url: str) -> None:
    copy_database(busy_sqlite, postgres_url)
    store = Store.connect(postgres_url)
    newest_batch = int(store.batches()["batch_id"].max())
    with store.engine.connect() as conn:
        newest_report = conn.execute(sa.select(sa.func.max(schema.reports.c.report_id))).scalar_one()
    batch_id = commit_upload(
        store, preview_of(store, REPORTS + "torkham,2021-09-21,,,open,AFG,Dawn,,,high,\n"), created_by="a"
    )
    assert batch_id == newest_batch + 1
    assert int(store.reports()["report_id"].max()) == newest_report + 1
    store.close()


def test_a_target_that_holds_data_is_refused_and_left_as_it_was(busy_sqlite: str, postgres_url: str) -> None:
    open_store(postgres_url, seeds=SEEDS_DIR)[0].close()
    before = everything(postgres_url)
    held = ", ".join(f"{len(rows):,} {table}" for table, rows in before.items() if rows)
    assert held.startswith("1 batches, "), "the seed is one batch"
    with pytest.raises(CopyError, match=rf"not empty \({re.escape(held)}\)"):
        copy_database(busy_sqlite, postgres_url)
    assert everything(postgres_url) == before


def test_a_copy_that_reads_back_different_is_undone_naming_the_row(
    busy_sqlite: str, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    write = transfer._write

    def write_then_tamper(source: Connection, target: Connection) -> dict[str, int]:
        rows = write(source, target)
        target.execute(schema.crossings.update().where(schema.crossings.c.crossing_id == "torkham").values(lat=0.0))
        return rows

    monkeypatch.setattr(transfer, "_write", write_then_tamper)
    with pytest.raises(CopyError, match=r"crossings \('torkham',\): lat is 0.0 in the copy, 34.1\d* in the source"):
        copy_database(busy_sqlite, postgres_url)
    assert all(not rows for rows in everything(postgres_url).values())


def test_a_value_postgresql_cannot_hold_stops_the_copy_with_nothing_written(tmp_path: Path, postgres_url: str) -> None:
    # SQLite does not enforce text lengths; PostgreSQL does.
    url = f"sqlite:///{tmp_path / 'long.db'}"
    store, _ = open_store(url, seeds=SEEDS_DIR)
    row = dict.fromkeys(("claimant", "controller", "status", "side", "attribution", "url", "note"), "")
    row.update(crossing_id="torkham", date=date(2021, 9, 1), source="x" * 600, confidence="high")
    add_frames(store, {"reports": pd.DataFrame([row])}, kind="upload", created_by="t")
    store.close()
    with pytest.raises(CopyError, match="could not be written"):
        copy_database(url, postgres_url)
    assert all(not rows for rows in everything(postgres_url).values())


def test_the_copy_command_reports_what_it_checked_and_refuses_a_second_copy(
    busy_sqlite: str, postgres_url: str
) -> None:
    first = geo(busy_sqlite, "copy", "--from", busy_sqlite, "--to", postgres_url)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("copied and checked row for row: ")
    copied = ", ".join(f"{len(rows):,} {table}" for table, rows in everything(busy_sqlite).items())
    assert "7 batches, 1 import_profiles, " in copied and "0 reviews" in copied
    assert first.stdout.strip().endswith(copied)
    second = geo(busy_sqlite, "copy", "--from", busy_sqlite, "--to", postgres_url)
    assert second.returncode == 1
    assert second.stderr.startswith("error: the target database is not empty")


def test_copying_from_a_missing_sqlite_file_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    result = geo(
        f"sqlite:///{tmp_path / 'x.db'}",
        "copy",
        "--from",
        f"sqlite:///{missing}",
        "--to",
        f"sqlite:///{tmp_path / 'target.db'}",
    )
    assert result.returncode == 1
    assert result.stderr.strip() == f"error: the source {missing} does not exist"
    assert not missing.exists() and not (tmp_path / "target.db").exists()


def test_a_postgresql_database_that_sorts_text_its_own_way_copies_and_reads_as_sqlite(
    tmp_path: Path, postgres_url: str
) -> None:
    # ICU with punctuation ignored puts "abb" before "ab-c"; SQLite (and byte order) puts it after.
    shifted = postgres.create_database("icu", icu_locale="en-u-ka-shifted")
    try:
        url = f"sqlite:///{tmp_path / 'ids.db'}"
        store, _ = open_store(url, seeds=SEEDS_DIR)
        gates = [
            {
                "crossing_id": cid,
                "name": cid,
                "country_a": "AFG",
                "country_b": "PAK",
                "name_a": "",
                "name_b": "",
                "lat": 31.0,
                "lon": 66.0,
                "region": "r",
                "note": "",
            }
            for cid in ("ab-c", "abb")
        ]
        add_frames(store, {"crossings": pd.DataFrame(gates)}, kind="upload", created_by="t")
        store.close()
        copy_database(url, shifted)
        assert everything(shifted) == everything(url)
        orders = []
        for each in (url, shifted):
            opened = Store.connect(each)
            orders.append(list(opened.crossings()["crossing_id"]))
            opened.close()
        assert orders[0] == orders[1] and orders[0][:2] == ["ab-c", "abb"]
    finally:
        postgres.drop_database(shifted)
