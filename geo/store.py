"""The database: SQLite by default, PostgreSQL for shared deployments.

Writes happen in batches and never change a stored report: a later revert hides a
batch's reports without destroying them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

from geo import schema
from geo.errors import UnknownCrossingError
from geo.model import CROSSING_COLUMNS, DATASET_FILES, PARTY_COLUMNS, REPORT_COLUMNS, assign_colors, column_names
from geo.validate import Dataset, Row, load_dataset_dir, parse_day

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_WRITE_OPTION = "borderwatch_write"
SQLITE_BUSY_TIMEOUT_MS = 10_000


def create_store_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets WAL, foreign keys and write locks taken up front."""
    engine = sa.create_engine(url)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    return engine


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
        write = connection.get_execution_options().get(_WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def hidden_batch_ids(batches: pd.DataFrame) -> set[int]:
    """Batches whose reports are hidden: reverted by a revert that is itself in force.

    A revert always comes after its target, so walking from the newest batch back
    settles each revert before the batch it names.
    """
    hidden: set[int] = set()
    ordered = batches.sort_values("batch_id", ascending=False)
    for batch_id, target in zip(ordered["batch_id"], ordered["reverts_batch_id"], strict=True):
        if int(batch_id) not in hidden and pd.notna(target):
            hidden.add(int(target))
    return hidden


def dataset_checksum(folder: Path) -> str:
    """SHA-256 over the dataset files of ``folder`` in a fixed order."""
    digest = hashlib.sha256()
    for name in DATASET_FILES:
        path = folder / name
        if path.exists():
            digest.update(name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _none_if_empty(value: str) -> str | None:
    return value or None


def _crossing_record(row: Row, batch_id: int) -> dict[str, Any]:
    record: dict[str, Any] = {name: _none_if_empty(row[name]) for name in column_names(CROSSING_COLUMNS)}
    record.update(lat=float(row["lat"]), lon=float(row["lon"]), batch_id=batch_id)
    return record


def _party_record(row: Row, batch_id: int) -> dict[str, Any]:
    record: dict[str, Any] = {name: _none_if_empty(row[name]) for name in column_names(PARTY_COLUMNS)}
    record["color"] = row["color"].lower() or None
    record["batch_id"] = batch_id
    return record


def _report_record(row: Row, batch_id: int) -> dict[str, Any]:
    record: dict[str, Any] = {name: _none_if_empty(row[name]) for name in column_names(REPORT_COLUMNS)}
    record.update(date=parse_day(row["date"]), batch_id=batch_id)
    return record


def _insert_chunked(conn: Connection, table: sa.Table, rows: list[dict[Any, Any]], chunk: int = 50_000) -> None:
    for start in range(0, len(rows), chunk):
        conn.execute(table.insert(), rows[start : start + chunk])


class Store:
    """Reads and writes Borderwatch data through one SQLAlchemy engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def connect(cls, url: str) -> Store:
        """Open the database at ``url`` (nothing is created until :meth:`migrate`)."""
        return cls(create_store_engine(url))

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """A write transaction: committed whole on success, rolled back whole on error."""
        with self.engine.connect().execution_options(**{_WRITE_OPTION: True}) as conn, conn.begin():
            yield conn

    # Schema ---------------------------------------------------------------

    def migrate(self) -> None:
        """Bring the schema to the newest revision; a no-op when it is already there."""
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        with self.writing() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")

    def schema_revision(self) -> str | None:
        """The schema revision the database is at, or None before any migration."""
        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    @staticmethod
    def head_revision() -> str | None:
        """The newest schema revision this code knows."""
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        return ScriptDirectory.from_config(config).get_current_head()

    # Writes ---------------------------------------------------------------

    def seed(self, folder: Path) -> int | None:
        """Load the dataset in ``folder`` as the seed batch, once.

        Returns the new batch id, or None when a seed batch is already stored.

        Raises
        ------
        ValidationError
            When a seed file has problems; nothing is written.
        """
        with self.writing() as conn:
            seeded = conn.execute(sa.select(sa.func.count()).where(schema.batches.c.kind == "seed")).scalar_one()
            if seeded:
                return None
            dataset = load_dataset_dir(folder)
            return self._insert_dataset(
                conn, dataset, kind="seed", created_by="seed", file_name=folder.name, checksum=dataset_checksum(folder)
            )

    def _insert_dataset(
        self, conn: Connection, dataset: Dataset, *, kind: str, created_by: str, file_name: str, checksum: str
    ) -> int:
        batch_id = self._new_batch(
            conn,
            kind=kind,
            created_by=created_by,
            file_name=file_name,
            checksum=checksum,
            row_count=len(dataset.crossings) + len(dataset.parties) + len(dataset.reports),
        )
        _insert_chunked(conn, schema.parties, [_party_record(r, batch_id) for r in dataset.parties])
        _insert_chunked(conn, schema.crossings, [_crossing_record(r, batch_id) for r in dataset.crossings])
        _insert_chunked(conn, schema.reports, [_report_record(r, batch_id) for r in dataset.reports])
        return batch_id

    @staticmethod
    def _new_batch(conn: Connection, **values: Any) -> int:
        statement = schema.batches.insert().values(created_at=datetime.now(UTC), **values)
        return int(conn.execute(statement.returning(schema.batches.c.batch_id)).scalar_one())

    def add_frames(
        self, crossings: pd.DataFrame, parties: pd.DataFrame, reports: pd.DataFrame, *, kind: str, created_by: str
    ) -> int:
        """Store already-checked frames (in the dataset columns) as one batch; return its id."""
        with self.writing() as conn:
            batch_id = self._new_batch(
                conn, kind=kind, created_by=created_by, row_count=len(crossings) + len(parties) + len(reports)
            )
            for table, frame in ((schema.parties, parties), (schema.crossings, crossings), (schema.reports, reports)):
                rows = frame.assign(batch_id=batch_id).replace({"": None}).to_dict("records")
                _insert_chunked(conn, table, rows)
            return batch_id

    # Reads ----------------------------------------------------------------

    def _frame(self, query: sa.Select[Any]) -> pd.DataFrame:
        with self.engine.connect() as conn:
            result = conn.execute(query)
            return pd.DataFrame(result.all(), columns=list(result.keys()), dtype=object)

    def batches(self) -> pd.DataFrame:
        """Every batch, oldest first."""
        return self._frame(sa.select(schema.batches).order_by(schema.batches.c.batch_id))

    def crossings(self) -> pd.DataFrame:
        """Every crossing, ordered by id."""
        frame = self._frame(sa.select(schema.crossings).order_by(schema.crossings.c.crossing_id))
        return frame.astype({"lat": float, "lon": float})

    def crossing(self, crossing_id: str) -> dict[str, Any]:
        """One crossing as a dict. Raises :class:`UnknownCrossingError` when absent."""
        frame = self._frame(sa.select(schema.crossings).where(schema.crossings.c.crossing_id == crossing_id))
        if frame.empty:
            raise UnknownCrossingError(crossing_id)
        return dict(frame.iloc[0])

    def parties(self) -> pd.DataFrame:
        """Every party, with its colour filled from the default palette where unset."""
        frame = self._frame(sa.select(schema.parties).order_by(schema.parties.c.party_id))
        explicit = {p: c for p, c in zip(frame["party_id"], frame["color"], strict=True) if c}
        colors = assign_colors(list(frame["party_id"]), explicit)
        frame["color"] = frame["party_id"].map(colors)
        return frame

    def reports(self, crossing_id: str | None = None) -> pd.DataFrame:
        """Visible reports (those of batches not reverted), by date then entry order."""
        hidden = hidden_batch_ids(self.batches())
        table = schema.reports
        query = sa.select(table).order_by(table.c.date, table.c.report_id)
        if hidden:
            query = query.where(table.c.batch_id.not_in(hidden))
        if crossing_id is not None:
            self.crossing(crossing_id)
            query = query.where(table.c.crossing_id == crossing_id)
        return self._frame(query)


def open_store(url: str, *, seeds: Path | None = None) -> tuple[Store, int | None]:
    """Open ``url``, migrate it, and load ``seeds`` if no seed is stored yet.

    Returns the store and the id of the seed batch written now (None if none was).
    """
    store = Store.connect(url)
    store.migrate()
    batch_id = store.seed(seeds) if seeds is not None else None
    return store, batch_id
