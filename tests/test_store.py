"""The store, on SQLite and on PostgreSQL: migrations, seeding once, append-only reports, hidden batches,
writers taking turns and readers seeing whole batches."""

from __future__ import annotations

import shutil
import threading
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from geo.atlas import Atlas
from geo.errors import ConflictError, StoreBusyError, UnknownCrossingError, ValidationError
from geo.ingest.commit import add_frames
from geo.ingest.seed import SEED_FILES, dataset_checksum, load_seed, open_store
from geo.ingest.synth import synthesize
from geo.settings import SEEDS_DIR
from geo.store import engine as engine_module
from geo.store import schema
from geo.store.batches import hidden_batch_ids
from geo.store.bulk import insert_frame
from geo.store.store import Store
from tests.conftest import FIXTURES

pytestmark = pytest.mark.each_database


def test_migrate_creates_the_schema_at_the_newest_revision(store: Store) -> None:
    assert store.schema_revision() == Store.head_revision()
    assert set(sa.inspect(store.engine).get_table_names()) >= {"batches", "crossings", "parties", "reports"}


def schema_differences(store: Store) -> list[Any]:
    """What Alembic's autogenerate would write to bring the migrated database to :mod:`geo.store.schema`.

    Tables the schema module does not declare (Alembic's own, the sign-in tables kept out of it on
    purpose) are left out: the comparison is of the tables both describe.
    """
    declared = set(schema.metadata.tables)

    def include(obj: Any, name: str | None, kind: str, reflected: bool, compare_to: Any) -> bool:
        return kind != "table" or name in declared

    with store.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "compare_server_default": True, "include_object": include}
        )
        return list(compare_metadata(context, schema.metadata))


def test_migrations_and_schema_module_describe_the_same_tables(store: Store) -> None:
    assert schema_differences(store) == []


def test_the_comparison_sees_a_column_the_migrations_lack(store: Store) -> None:
    with store.writing() as conn:
        conn.exec_driver_sql("ALTER TABLE parties ADD COLUMN motto VARCHAR(20)")
    assert [d[0] for d in schema_differences(store)] == ["remove_column"]


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
    assert (batch["kind"], batch["created_by"], batch["row_count"]) == ("seed", "seed", 8)
    assert len(batch["checksum"]) == 64


def test_the_curated_seed_is_one_batch_of_every_row_of_its_files(database_url: str) -> None:
    store, batch_id = open_store(database_url, seeds=SEEDS_DIR)
    batch = store.batches().set_index("batch_id").loc[batch_id]
    files = {
        kind: pd.read_csv(SEEDS_DIR / name, dtype=str, keep_default_na=False)
        for kind, name in SEED_FILES.items()
        if (SEEDS_DIR / name).exists()
    }
    assert (batch["kind"], batch["created_by"], batch["file_name"], batch["note"]) == ("seed", "seed", "seeds", None)
    assert batch["row_count"] == sum(len(rows) for rows in files.values())
    assert batch["checksum"] == dataset_checksum(SEEDS_DIR)
    assert list(store.crossings()["crossing_id"]) == sorted(files["crossings"]["crossing_id"])
    assert list(store.parties()["party_id"]) == sorted(files["parties"]["party_id"])
    stored = store.reports()
    assert sorted(zip(stored["crossing_id"], stored["date"].map(str), stored["source"], strict=True)) == sorted(
        zip(files["reports"]["crossing_id"], files["reports"]["date"], files["reports"]["source"], strict=True)
    )
    if "authorisations" in files:
        mandates = store.authorisations()
        assert sorted(zip(mandates["crossings"], mandates["start_date"].map(str), strict=True)) == sorted(
            zip(files["authorisations"]["crossings"], files["authorisations"]["start_date"], strict=True)
        )


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


def test_parties_keep_their_stored_colour_and_the_atlas_fills_the_rest_from_the_palette(database_url: str) -> None:
    store, _ = open_store(database_url, seeds=FIXTURES / "tiny")
    stored = dict(zip(store.parties()["party_id"], store.parties()["color"], strict=True))
    assert stored["pakistan"] == "#000000" and not stored["taliban"]
    assert Atlas.load(store).party_colors() == {"pakistan": "#000000", "taliban": "#e69f00"}


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
    row = {
        "crossing_id": "x",
        "date": date(2021, 9, 1),
        "claimant": "",
        "controller": "taliban",
        "status": "open",
        "side": "",
        "source": source,
        "attribution": "",
        "url": "",
        "confidence": "high",
        "note": "",
    }
    return add_frames(store, {"reports": pd.DataFrame([row])}, kind="upload", created_by="t")


@pytest.mark.each_database("postgresql")
def test_postgres_writes_hold_the_shared_advisory_lock_until_they_end(database_url: str) -> None:
    store, _ = open_store(database_url, seeds=FIXTURES / "tiny")
    # Only this test's database: other suites on the same server take the same key in theirs.
    lock = (
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = :key AND granted"
        " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
    )
    with store.writing(), store.engine.connect() as other:
        assert other.execute(sa.text(lock), {"key": engine_module.POSTGRES_WRITE_LOCK}).scalar_one() == 1
    with store.engine.connect() as other:
        assert other.execute(sa.text(lock), {"key": engine_module.POSTGRES_WRITE_LOCK}).scalar_one() == 0


def test_a_writer_kept_waiting_too_long_is_refused_clearly_and_writes_nothing(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine_module, "SQLITE_BUSY_TIMEOUT_MS", 500)
    monkeypatch.setattr(engine_module, "POSTGRES_LOCK_TIMEOUT_S", 1)
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
                batch_id=batch_id,
                crossing_id="x",
                date=date(2021, 9, 1),
                source="Half",
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
    load_seed(store, FIXTURES / "tiny")
    created = store.batches()["created_at"].iloc[0]
    assert created.utcoffset() == timedelta(0)


def test_readers_see_each_batch_whole_or_not_at_all_while_writes_go_on(database_url: str) -> None:
    store, _ = open_store(database_url, seeds=FIXTURES / "tiny")
    rows = pd.DataFrame(
        {
            "crossing_id": "x",
            "date": [date(2021, 9, 1) + timedelta(days=i % 300) for i in range(20_000)],
            "claimant": "",
            "controller": "taliban",
            "status": "open",
            "side": "",
            "source": "Bulk",
            "attribution": "",
            "url": "",
            "confidence": "low",
            "note": "",
        }
    )
    writer = threading.Thread(
        target=lambda: [add_frames(store, {"reports": rows}, kind="upload", created_by="w") for _ in range(4)]
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


def test_the_store_imports_nothing_of_the_layers_above_it() -> None:
    """The store only stores: files, mappings, previews, maps and commands are other layers' business."""
    import ast

    above = ("geo.ingest", "geo.present", "geo.cli", "geo.access", "geo.atlas", "dashboard", "streamlit")
    found = []
    for path in sorted((Path(schema.__file__).parent).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            found += [f"{path.name}: {n}" for n in names if n.startswith(above)]
    assert found == []


def test_sqlite_writes_a_batch_with_room_for_its_index_pages_and_gives_the_room_back(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # SQLite's default page cache spills a big batch's index pages and reads them back,
    # which once took most of a million-row commit; the room is for the batch alone.
    if store.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's page cache")

    def cache_size(conn: sa.Connection) -> int:
        return int(conn.exec_driver_sql("PRAGMA cache_size").scalar_one())

    with store.engine.connect() as conn:
        default = cache_size(conn)
    seen: list[int] = []

    def recording_insert(conn: sa.Connection, table: sa.Table, frame: pd.DataFrame) -> None:
        seen.append(cache_size(conn))
        insert_frame(conn, table, frame)

    monkeypatch.setattr("geo.store.store.insert_frame", recording_insert)
    add_frames(store, synthesize(3, 5, seed=1).frames(), kind="synthetic", created_by="test")
    assert seen and all(size < 0 and -size * 1024 >= 32 * 2**20 for size in seen)
    with store.engine.connect() as conn:
        assert cache_size(conn) == default
    # A batch refused part way gives the room back too.
    clash = synthesize(3, 5, seed=1).frames()
    with pytest.raises(ConflictError):
        add_frames(store, clash, kind="synthetic", created_by="test")
    with store.engine.connect() as conn:
        assert cache_size(conn) == default


def test_a_database_from_before_sides_traffic_authorisations_and_grades_upgrades_in_place_unchanged(
    database_url: str,
) -> None:
    """A database at revision 0005 (reports without traffic or direction, no authorisations) opens at
    the newest revision with every report as it was, and reads the same state as the plain rule."""
    from geo.atlas import Atlas
    from geo.store.revisions import upgrade

    engine = sa.create_engine(database_url)
    with engine.begin() as conn:
        upgrade(conn, "0005")
    old_reports = [
        (1, 1, "x", date(2021, 7, 13), None, None, "open", None, "AFP", None, None, "high", None),
        (2, 1, "x", date(2021, 7, 14), "t", "t", "sealed", "PAK", "AFP", "spokesman", None, "high", "note"),
    ]
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO batches (batch_id, kind, created_at, created_by, row_count) "
                "VALUES (1, 'seed', CURRENT_TIMESTAMP, 'seed', 4)"
            )
        )
        conn.execute(
            sa.text("INSERT INTO parties (party_id, name, kind, batch_id) VALUES ('t', 'T', 'armed-group', 1)")
        )
        conn.execute(
            sa.text(
                "INSERT INTO crossings (crossing_id, name, country_a, country_b, lat, lon, region, batch_id)"
                " VALUES ('x', 'X', 'AFG', 'PAK', 31.0, 66.0, 'r', 1)"
            )
        )
        for row in old_reports:
            conn.execute(
                sa.text(
                    "INSERT INTO reports (report_id, batch_id, crossing_id, date, claimant, controller, status, side,"
                    " source, attribution, url, confidence, note)"
                    " VALUES (:a, :b, :c, :d, :e, :f, :g, :h, :i, :j, :k, :l, :m)"
                ),
                dict(zip("abcdefghijklm", row, strict=True)),
            )
    engine.dispose()
    store = Store.open(database_url)
    try:
        assert store.schema_revision() == Store.head_revision()
        reports = store.reports()
        kept = reports[["report_id", "crossing_id", "date", "status", "side", "attribution", "note"]]
        assert kept.astype(object).where(kept.notna(), None).values.tolist() == [
            [1, "x", date(2021, 7, 13), "open", None, None, None],
            [2, "x", date(2021, 7, 14), "sealed", "PAK", "spokesman", "note"],
        ]
        assert reports["traffic"].isna().all() and reports["direction"].isna().all()
        assert reports[["credibility", "origin", "date_latest"]].isna().all().all()
        assert store.authorisations().empty and store.sources().empty and store.source_grades().empty
        atlas = Atlas.load(store)
        # Ungraded, each report's credibility is its confidence's: high is 2.
        assert list(atlas.reports["grade"]) == ["F2", "F2"]
        state = atlas.state("x", date(2021, 7, 14))
        assert (state["status"], state["status_side"], state["a_status"], state["status_people"]) == (
            "sealed",
            "PAK",
            "open",
            "sealed",
        )
    finally:
        store.close()
