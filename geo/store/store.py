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
from typing import TYPE_CHECKING, Any

import pandas as pd
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

from geo.errors import (
    ConflictError,
    NothingToCommitError,
    StoreBusyError,
    UnknownBatchError,
    UnknownCrossingError,
)
from geo.ingest.columns import ColumnMapping
from geo.ingest.seed import (
    MAX_PROFILE_NAME_LENGTH,
    MAX_WHO_LENGTH,
    Dataset,
    Row,
    check_label,
    load_dataset_dir,
    parse_day,
)
from geo.ingest.upload import Known
from geo.model import CROSSING_COLUMNS, DATASET_FILES, PARTY_COLUMNS, REPORT_COLUMNS, assign_colors, column_names
from geo.store import schema
from geo.store.bulk import insert_chunked, insert_frame
from geo.store.faults import watch_engine

if TYPE_CHECKING:
    from geo.ingest.preview import Preview

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_WRITE_OPTION = "borderwatch_write"
SQLITE_BUSY_TIMEOUT_MS = 10_000
#: The PostgreSQL advisory lock every write transaction takes first (the bytes of "bord").
POSTGRES_WRITE_LOCK = 0x626F7264
#: How long a PostgreSQL writer waits for another instance's write before it is refused.
POSTGRES_LOCK_TIMEOUT_S = 60
#: PostgreSQL's lock_not_available: a writer gave up waiting for the write lock.
_BUSY_SQLSTATE = "55P03"

#: A cheap fingerprint of everything written: changes with every batch, including reverts.
DataVersion = tuple[int, int, str]


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


def as_utc(value: Any) -> Any:
    """A stored time as an aware UTC datetime (SQLite keeps UTC without a zone, PostgreSQL
    returns the session's zone); any other value as it is."""
    if not isinstance(value, datetime):
        return value
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _sorted_by(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """Rows in code-point order of ``column``: PostgreSQL sorts text by the database's
    collation, which would order crossings differently from SQLite."""
    return frame.sort_values(column, kind="stable", ignore_index=True) if len(frame) else frame


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


class Store:
    """Reads and writes Borderwatch data through one SQLAlchemy engine."""

    def __init__(self, engine: Engine, *, connection: Connection | None = None) -> None:
        self.engine = engine
        # Set inside :meth:`snapshot`: every read then goes through this one transaction.
        self._connection = connection

    @classmethod
    def connect(cls, url: str) -> Store:
        """Open the database at ``url`` (nothing is created until :meth:`migrate`)."""
        return cls(create_store_engine(url))

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """A write transaction: committed whole on success, rolled back whole on error.

        Writers take turns, whichever process or app instance they run in: SQLite's
        ``BEGIN IMMEDIATE`` takes the database's write lock, and on PostgreSQL every
        write transaction first takes one advisory lock. So batches never interleave
        and a batch's report ids are contiguous.

        Raises
        ------
        StoreBusyError
            When another write held the lock for longer than the wait allowed.
        """
        with self.engine.connect().execution_options(**{_WRITE_OPTION: True}) as conn:
            try:
                transaction = conn.begin()
                if is_postgres(self.engine):
                    conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{POSTGRES_LOCK_TIMEOUT_S}s'")
                    conn.execute(sa.select(sa.func.pg_advisory_xact_lock(POSTGRES_WRITE_LOCK)))
            except sa.exc.OperationalError as error:
                if not _is_busy(error):
                    raise
                waited = POSTGRES_LOCK_TIMEOUT_S if is_postgres(self.engine) else SQLITE_BUSY_TIMEOUT_MS / 1000
                raise StoreBusyError(waited) from None
            with transaction:
                yield conn

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A read transaction: every query on it sees the same committed data (PostgreSQL's
        REPEATABLE READ; on SQLite, the write-ahead log's snapshot from its first read)."""
        if self._connection is not None:
            yield self._connection
            return
        options: dict[str, Any] = {"isolation_level": "REPEATABLE READ"} if is_postgres(self.engine) else {}
        with self.engine.connect().execution_options(**options) as conn, conn.begin():
            yield conn

    @contextmanager
    def snapshot(self) -> Iterator[Store]:
        """A read-only view of the store in which every read sees the same committed data.

        Another instance may commit a batch between two reads; inside a snapshot
        the reads still agree with each other (all of that batch or none of it).

        Examples
        --------
        >>> with store.snapshot() as view:  # doctest: +SKIP
        ...     crossings, reports = view.crossings(), view.reports()
        """
        with self.reading() as conn:
            yield self if conn is self._connection else Store(self.engine, connection=conn)

    def data_version(self) -> DataVersion:
        """How many batches there are, the newest id and when it was written: one cheap query
        whose answer changes with every write, so another instance can tell its data is old."""
        table = schema.batches
        query = sa.select(sa.func.count(), sa.func.max(table.c.batch_id), sa.func.max(table.c.created_at))
        with self._connect() as conn:
            count, newest, when = conn.execute(query).one()
        return int(count), int(newest or 0), str(as_utc(when) or "")

    # Schema ---------------------------------------------------------------

    def migrate(self) -> None:
        """Bring the schema to the newest revision; a no-op when it is already there.

        The revision is read without the write lock, so opening a store never waits for
        another instance's write (a reader would otherwise queue behind a long commit);
        the lock is taken only to migrate, and Alembic checks the revision again under it.
        """
        if self.schema_revision() == self.head_revision():
            return
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
        # Asked first without the write lock (a seeded store is the rule: opening one must not wait
        # for a writer), then again under it, as another instance may be seeding at this moment.
        with self._connect() as conn:
            if _seeded(conn):
                return None
        with self.writing() as conn:
            if _seeded(conn):
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
        insert_chunked(conn, schema.parties, [_party_record(r, batch_id) for r in dataset.parties])
        insert_chunked(conn, schema.crossings, [_crossing_record(r, batch_id) for r in dataset.crossings])
        insert_chunked(conn, schema.reports, [_report_record(r, batch_id) for r in dataset.reports])
        return batch_id

    def commit(self, preview: Preview, *, created_by: str) -> int:
        """Store a previewed upload's new rows as one batch, all of it or none of it; return the batch id.

        Raises
        ------
        ConflictError
            When the stored data changed since the preview in a way that makes the
            rows clash (an id another upload has just added); nothing is written.
        NothingToCommitError
            When the upload adds no row at all; no empty batch is written.
        """
        created_by = check_label(created_by, what="the name", limit=MAX_WHO_LENGTH)
        upload = preview.upload
        table = {"reports": schema.reports, "crossings": schema.crossings, "parties": schema.parties}[upload.kind]
        if preview.new_rows.empty:
            # A batch of no rows would show in the history as an upload that did something.
            raise NothingToCommitError(
                f"{upload.file}: nothing to commit; every row repeats a stored row or an earlier line"
                f" ({len(preview.duplicate_lines):,} skipped); no batch was written"
            )
        note = preview.skipped_note
        try:
            with self.writing() as conn:
                batch_id = self._new_batch(
                    conn,
                    kind="upload",
                    created_by=created_by,
                    file_name=upload.file,
                    checksum=upload.checksum,
                    row_count=len(preview.new_rows),
                    note=note,
                )
                for start in range(0, len(preview.new_rows), _CHUNK):
                    chunk = preview.new_rows.iloc[start : start + _CHUNK]
                    insert_frame(conn, table, _stored_frame(chunk, upload.kind, batch_id))
                return batch_id
        except sa.exc.IntegrityError as error:
            raise ConflictError(
                f"{upload.file} clashes with data stored since it was previewed ({error.orig}); preview it again"
            ) from None

    def revert(self, batch_id: int, *, created_by: str) -> int:
        """Hide a batch's rows (never deleting them) by recording a revert batch; return its id.

        Reverting a revert brings its target back, so every revert can be undone.

        Raises
        ------
        UnknownBatchError
            When no batch has ``batch_id``.
        ConflictError
            When the batch is hidden already, or hiding it would leave shown reports
            naming a crossing or party that only it added.
        """
        created_by = check_label(created_by, what="the name", limit=MAX_WHO_LENGTH)
        with self.writing() as conn:
            batches = _frame_on(conn, sa.select(schema.batches))
            if batch_id not in set(batches["batch_id"]):
                raise UnknownBatchError(batch_id)
            hidden = hidden_batch_ids(batches)
            if batch_id in hidden:
                raise ConflictError(f"batch {batch_id} is already reverted; revert the batch that reverted it instead")
            planned = pd.concat(
                [batches, pd.DataFrame({"batch_id": [batches["batch_id"].max() + 1], "reverts_batch_id": [batch_id]})],
                ignore_index=True,
            )
            newly_hidden = hidden_batch_ids(planned) - hidden
            orphans = _orphaned_reports(conn, hidden | newly_hidden, newly_hidden)
            if orphans:
                raise ConflictError(
                    f"reverting batch {batch_id} would hide crossings or parties that {orphans} shown report(s)"
                    " from other batches name; revert those batches first"
                )
            shown_again = hidden - hidden_batch_ids(planned)
            rows = sum(_count_rows(conn, b) for b in newly_hidden | shown_again)
            return self._new_batch(
                conn, kind="revert", created_by=created_by, row_count=rows, reverts_batch_id=batch_id
            )

    def known(self) -> Known:
        """The stored crossings and parties, for checking an upload."""
        return Known(crossings=self.crossings(), parties=self.parties())

    def save_profile(self, name: str, mapping: ColumnMapping, *, created_by: str) -> None:
        """Save (or replace) a named column mapping for foreign files."""
        name = check_label(name, what="the profile's name", limit=MAX_PROFILE_NAME_LENGTH)
        created_by = check_label(created_by, what="the name", limit=MAX_WHO_LENGTH)
        table = schema.import_profiles
        with self.writing() as conn:
            conn.execute(table.delete().where(table.c.name == name))
            conn.execute(
                table.insert().values(
                    name=name,
                    kind=mapping.kind,
                    mapping=mapping.to_json(),
                    created_by=created_by,
                    created_at=datetime.now(UTC),
                )
            )

    def profiles(self) -> dict[str, ColumnMapping]:
        """Every saved column mapping by name."""
        frame = _sorted_by(self._frame(sa.select(schema.import_profiles)), "name")
        return {name: ColumnMapping.from_json(text) for name, text in zip(frame["name"], frame["mapping"], strict=True)}

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
                insert_frame(conn, table, frame.assign(batch_id=batch_id).replace({"": None}))
            return batch_id

    # Reads ----------------------------------------------------------------

    @contextmanager
    def _connect(self) -> Iterator[Connection]:
        """The snapshot's connection inside :meth:`snapshot`, else a pooled one for one query."""
        if self._connection is not None:
            yield self._connection
        else:
            with self.engine.connect() as conn:
                yield conn

    def _frame(self, query: sa.Select[Any]) -> pd.DataFrame:
        with self._connect() as conn:
            return _frame_on(conn, query)

    def batches(self) -> pd.DataFrame:
        """Every batch, oldest first, with ``created_at`` in UTC."""
        frame = self._frame(sa.select(schema.batches).order_by(schema.batches.c.batch_id))
        frame["created_at"] = pd.Series([as_utc(v) for v in frame["created_at"]], index=frame.index, dtype=object)
        return frame

    def _shown(self, table: sa.Table, order: sa.ColumnElement[Any]) -> sa.Select[Any]:
        """Rows of ``table`` whose batch is not reverted."""
        query = sa.select(table).order_by(order)
        hidden = hidden_batch_ids(self.batches())
        return query.where(table.c.batch_id.not_in(hidden)) if hidden else query

    def audit_trail(self) -> pd.DataFrame:
        """Every batch with what became of it: in force, or reverted and by which batch."""
        batches = self.batches()
        hidden = hidden_batch_ids(batches)
        reverted_by: dict[int, int] = {}
        for batch_id, target in zip(batches["batch_id"], batches["reverts_batch_id"], strict=True):
            if pd.notna(target) and int(batch_id) not in hidden:
                reverted_by[int(target)] = int(batch_id)
        batches["in_force"] = [int(b) not in hidden for b in batches["batch_id"]]
        by = [reverted_by.get(int(b)) if int(b) in hidden else None for b in batches["batch_id"]]
        batches["reverted_by"] = pd.Series(by, index=batches.index, dtype=object)
        return batches

    def crossings(self) -> pd.DataFrame:
        """Every shown crossing (its batch not reverted), ordered by id."""
        frame = _sorted_by(self._frame(self._shown(schema.crossings, schema.crossings.c.crossing_id)), "crossing_id")
        return frame.astype({"lat": float, "lon": float})

    def crossing(self, crossing_id: str) -> dict[str, Any]:
        """One crossing as a dict. Raises :class:`UnknownCrossingError` when absent."""
        frame = self._frame(sa.select(schema.crossings).where(schema.crossings.c.crossing_id == crossing_id))
        if frame.empty:
            raise UnknownCrossingError(crossing_id)
        return dict(frame.iloc[0])

    def parties(self) -> pd.DataFrame:
        """Every party, with its colour filled from the default palette where unset."""
        frame = _sorted_by(self._frame(self._shown(schema.parties, schema.parties.c.party_id)), "party_id")
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


_CHUNK = 50_000


def _frame_on(conn: Connection, query: sa.Select[Any]) -> pd.DataFrame:
    result = conn.execute(query)
    # Plain tuples: given SQLAlchemy rows, pandas probes each one for namedtuple fields, and
    # every failed probe raises inside SQLAlchemy (most of the time of reading a million reports).
    rows = [tuple(row) for row in result.all()]
    return pd.DataFrame(rows, columns=list(result.keys()), dtype=object)


def _is_busy(error: sa.exc.OperationalError) -> bool:
    """Whether ``error`` means the write lock could not be had in time (on either database)."""
    return getattr(error.orig, "sqlstate", None) == _BUSY_SQLSTATE or "database is locked" in str(error.orig)


def _seeded(conn: Connection) -> bool:
    return bool(conn.execute(sa.select(sa.func.count()).where(schema.batches.c.kind == "seed")).scalar_one())


def _count_rows(conn: Connection, batch_id: int) -> int:
    return sum(
        int(conn.execute(sa.select(sa.func.count()).where(table.c.batch_id == batch_id)).scalar_one())
        for table in (schema.reports, schema.crossings, schema.parties)
    )


def _orphaned_reports(conn: Connection, hidden: set[int], newly_hidden: set[int]) -> int:
    """How many shown reports would name a crossing or party hidden by ``newly_hidden``."""
    reports, crossings, parties = schema.reports, schema.crossings, schema.parties
    gone_crossings = sa.select(crossings.c.crossing_id).where(crossings.c.batch_id.in_(newly_hidden))
    gone_parties = sa.select(parties.c.party_id).where(parties.c.batch_id.in_(newly_hidden))
    query = sa.select(sa.func.count()).where(
        reports.c.batch_id.not_in(hidden),
        sa.or_(
            reports.c.crossing_id.in_(gone_crossings),
            reports.c.claimant.in_(gone_parties),
            reports.c.controller.in_(gone_parties),
        ),
    )
    return int(conn.execute(query).scalar_one())


def _stored_frame(chunk: pd.DataFrame, kind: str, batch_id: int) -> pd.DataFrame:
    """Upload rows (text) as database values: empty text is NULL, dates and numbers typed."""
    frame = chunk.replace({"": None})
    if kind == "reports":
        frame["date"] = pd.to_datetime(frame["date"]).dt.date
    elif kind == "crossings":
        frame = frame.astype({"lat": float, "lon": float})
    elif kind == "parties":
        frame["color"] = frame["color"].str.lower()
    return frame.assign(batch_id=batch_id)


def open_store(url: str, *, seeds: Path | None = None) -> tuple[Store, int | None]:
    """Open ``url``, migrate it, and load ``seeds`` if no seed is stored yet.

    Returns the store and the id of the seed batch written now (None if none was).
    """
    store = Store.connect(url)
    store.migrate()
    batch_id = store.seed(seeds) if seeds is not None else None
    return store, batch_id
