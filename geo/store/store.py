"""The store: batches of rows written whole, reverts that hide a batch, and reads that respect them.

Writes happen in batches and never change a stored report: a later revert hides a
batch's reports without destroying them. The store takes rows already in database
values (see :mod:`geo.ingest.commit`) and knows nothing of files, mappings or previews.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from geo.errors import ConflictError, StoreBusyError, UnknownCrossingError
from geo.review import PENDING, review_summary
from geo.store import schema
from geo.store.batches import DataVersion, data_version, hidden_batch_ids, is_seeded, rows_a_revert_moves, with_fate
from geo.store.bulk import insert_frame, room_for_batch
from geo.store.engine import (
    WRITE_OPTION,
    as_utc,
    create_store_engine,
    is_busy,
    is_postgres,
    lock_wait_seconds,
    take_write_lock,
)
from geo.store.frames import frame_on as _frame_on
from geo.store.frames import sorted_by as _sorted_by
from geo.store.grades import grade_history, graded_now
from geo.store.reviewing import record_review, reviewed_rows
from geo.store.revisions import current_revision, head_revision, upgrade
from geo.store.stored_names import check_label

#: The data tables in the order a batch writes them: reports name crossings and parties.
BATCH_TABLES: Mapping[str, sa.Table] = {
    "regions": schema.regions,
    "parties": schema.parties,
    "sources": schema.sources,
    "source_grades": schema.source_grades,
    "crossings": schema.crossings,
    "reports": schema.reports,
    "authorisations": schema.authorisations,
    "gazetteer": schema.gazetteer,
}
#: Rows per insert: bounds the memory one statement takes for a million-row upload.
_CHUNK = 50_000


class Store:
    """Reads and writes Borderwatch data through one SQLAlchemy engine."""

    def __init__(self, engine: Engine, *, connection: Connection | None = None, with_pending: bool = False) -> None:
        self.engine = engine
        # Set inside :meth:`snapshot`: every read then goes through this one transaction.
        self._connection = connection
        # Whether reads include the rows still under review (marked in a ``review`` column), as
        # editors may ask; the public reads never do (see geo.review).
        self._with_pending = with_pending
        # Inside a snapshot the ledger cannot change: read once (see batches).
        self._batches: pd.DataFrame | None = None

    @classmethod
    def connect(cls, url: str) -> Store:
        """Open the database at ``url`` (nothing is created until :meth:`migrate`)."""
        return cls(create_store_engine(url))

    @classmethod
    def open(cls, url: str) -> Store:
        """Open the database at ``url`` and bring its schema to the newest revision."""
        store = cls.connect(url)
        store.migrate()
        return store

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
        with self.engine.connect().execution_options(**{WRITE_OPTION: True}) as conn:
            try:
                transaction = conn.begin()
                take_write_lock(conn)
            except sa.exc.OperationalError as error:
                if not is_busy(error):
                    raise
                raise StoreBusyError(lock_wait_seconds(self.engine)) from None
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
    def snapshot(self, *, with_pending: bool = False) -> Iterator[Store]:
        """A read-only view of the store in which every read sees the same committed data.

        Another instance may commit a batch between two reads; inside a snapshot
        the reads still agree with each other (all of that batch or none of it).

        Examples
        --------
        >>> with store.snapshot() as view:  # doctest: +SKIP
        ...     crossings, reports = view.crossings(), view.reports()
        """
        with self.reading() as conn:
            if conn is self._connection and with_pending == self._with_pending:
                yield self
            else:
                yield Store(self.engine, connection=conn, with_pending=with_pending)

    def data_version(self) -> DataVersion:
        """A cheap fingerprint of everything written (:func:`geo.store.batches.data_version`)."""
        with self._connect() as conn:
            return data_version(conn)

    # Schema ---------------------------------------------------------------

    def migrate(self) -> None:
        """Bring the schema to the newest revision; a no-op when it is already there.

        The revision is read without the write lock, so opening a store never waits for
        another instance's write (a reader would otherwise queue behind a long commit);
        the lock is taken only to migrate, and Alembic checks the revision again under it.
        """
        if self.schema_revision() == self.head_revision():
            return
        with self.writing() as conn:
            upgrade(conn)

    def schema_revision(self) -> str | None:
        """The schema revision the database is at, or None before any migration."""
        with self.engine.connect() as conn:
            return current_revision(conn)

    @staticmethod
    def head_revision() -> str | None:
        """The newest schema revision this code knows."""
        return head_revision()

    # Writes ---------------------------------------------------------------

    def add_batch(
        self,
        kind: str,
        created_by: str,
        frames: Mapping[str, pd.DataFrame],
        *,
        file_name: str | None = None,
        checksum: str | None = None,
        note: str | None = None,
        pending: bool = False,
    ) -> int:
        """Store ``frames`` (by table: parties, crossings, reports; in database values, missing as
        None) as one batch, all of it or none of it; return the batch id. A ``pending`` batch is
        public only once another editor verifies it (:meth:`review`).

        Raises
        ------
        ConflictError
            When a row clashes with a stored one (an id another writer has just added) or
            names a crossing or party that is not stored; nothing is written.
        """
        batch_id = self._add_batch(
            kind, created_by, frames, file_name=file_name, checksum=checksum, note=note, pending=pending
        )
        assert batch_id is not None
        return batch_id

    def add_seed_batch(
        self, created_by: str, frames: Mapping[str, pd.DataFrame], *, file_name: str, checksum: str
    ) -> int | None:
        """Store ``frames`` as the seed batch, unless one is stored already (then None).

        Asked under the write lock, as another instance may be seeding at this moment.
        """
        return self._add_batch("seed", created_by, frames, file_name=file_name, checksum=checksum, unless_seeded=True)

    def _add_batch(
        self,
        kind: str,
        created_by: str,
        frames: Mapping[str, pd.DataFrame],
        *,
        file_name: str | None,
        checksum: str | None,
        note: str | None = None,
        unless_seeded: bool = False,
        pending: bool = False,
    ) -> int | None:
        created_by = check_label(created_by, what="the name", limit=schema.MAX_WHO_LENGTH)
        unknown = set(frames) - set(BATCH_TABLES)
        if unknown:
            raise ValueError(f"no table for {sorted(unknown)}; a batch holds {', '.join(BATCH_TABLES)}")
        try:
            with self.writing() as conn:
                if unless_seeded and is_seeded(conn):
                    return None
                batch_id = self._new_batch(
                    conn,
                    kind=kind,
                    created_by=created_by,
                    file_name=file_name,
                    checksum=checksum,
                    row_count=sum(len(frame) for frame in frames.values()),
                    note=note,
                    review=PENDING if pending else None,
                )
                with room_for_batch(conn):
                    for name, frame in sorted(frames.items(), key=lambda item: list(BATCH_TABLES).index(item[0])):
                        for start in range(0, len(frame), _CHUNK):
                            chunk = frame.iloc[start : start + _CHUNK].assign(batch_id=batch_id)
                            insert_frame(conn, BATCH_TABLES[name], chunk)
                return batch_id
        except sa.exc.IntegrityError as error:
            raise ConflictError(str(error.orig)) from None

    def is_seeded(self) -> bool:
        """Whether a seed batch is stored (asked without the write lock: a seeded store is the rule)."""
        with self._connect() as conn:
            return is_seeded(conn)

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
        created_by = check_label(created_by, what="the name", limit=schema.MAX_WHO_LENGTH)
        with self.writing() as conn:
            rows = rows_a_revert_moves(conn, batch_id)
            return self._new_batch(
                conn, kind="revert", created_by=created_by, row_count=rows, reverts_batch_id=batch_id
            )

    def review(
        self,
        batch_id: int,
        decision: str,
        *,
        reviewed_by: str,
        note: str | None = None,
        row: tuple[str, int] | None = None,
    ) -> int:
        """Record another editor's ``decision`` on a pending batch, whole or on one ``row`` (its table and
        id); return the decision's id (:func:`geo.store.reviewing.record_review`)."""
        reviewed_by = check_label(reviewed_by, what="the name", limit=schema.MAX_WHO_LENGTH)
        with self.writing() as conn:
            return record_review(conn, batch_id, decision, reviewed_by=reviewed_by, note=note, row=row)

    def reviews(self) -> pd.DataFrame:
        """Every review decision, oldest first, with ``reviewed_at`` in UTC."""
        frame = self._frame(sa.select(schema.reviews).order_by(schema.reviews.c.review_id))
        frame["reviewed_at"] = pd.Series([as_utc(v) for v in frame["reviewed_at"]], index=frame.index, dtype=object)
        return frame

    def _reviewed(self, frame: pd.DataFrame, table: str) -> pd.DataFrame:
        """``frame`` (rows of ``table``) as this store reads it: public rows only, or every row with its
        ``review`` when it reads pending rows too (:func:`geo.store.reviewing.reviewed_rows`)."""
        return reviewed_rows(frame, table, self.batches(), self.reviews, with_pending=self._with_pending)

    @staticmethod
    def _new_batch(conn: Connection, **values: Any) -> int:
        statement = schema.batches.insert().values(created_at=datetime.now(UTC), **values)
        return int(conn.execute(statement.returning(schema.batches.c.batch_id)).scalar_one())

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
        """Every batch, oldest first, with ``created_at`` in UTC (read once per snapshot: every table asks)."""
        if self._batches is None:
            frame = self._frame(sa.select(schema.batches).order_by(schema.batches.c.batch_id))
            frame["created_at"] = pd.Series([as_utc(v) for v in frame["created_at"]], index=frame.index, dtype=object)
            if self._connection is None:
                return frame
            self._batches = frame
        return self._batches.copy()

    def _shown(self, table: sa.Table, order: sa.ColumnElement[Any]) -> sa.Select[Any]:
        """Rows of ``table`` whose batch is not reverted."""
        query = sa.select(table).order_by(order)
        hidden = hidden_batch_ids(self.batches())
        return query.where(table.c.batch_id.not_in(hidden)) if hidden else query

    def audit_trail(self) -> pd.DataFrame:
        """Every batch with what became of it: in force, or reverted and by which batch, and its review."""
        trail = with_fate(self.batches())
        return trail.assign(review=pd.Series(review_summary(trail, self.reviews()), index=trail.index, dtype=object))

    def crossings(self) -> pd.DataFrame:
        """Every shown crossing (its batch not reverted), ordered by id."""
        frame = _sorted_by(self._frame(self._shown(schema.crossings, schema.crossings.c.crossing_id)), "crossing_id")
        return self._reviewed(frame, "crossings").astype({"lat": float, "lon": float})

    def crossing(self, crossing_id: str) -> dict[str, Any]:
        """One crossing as a dict. Raises :class:`UnknownCrossingError` when absent."""
        frame = self._frame(sa.select(schema.crossings).where(schema.crossings.c.crossing_id == crossing_id))
        if frame.empty:
            raise UnknownCrossingError(crossing_id)
        return dict(frame.iloc[0])

    def parties(self) -> pd.DataFrame:
        """Every party, with its colour as stored ("" for one the maps choose: :mod:`geo.party_colors`)."""
        return self._reviewed(
            _sorted_by(self._frame(self._shown(schema.parties, schema.parties.c.party_id)), "party_id"), "parties"
        )

    def authorisations(self) -> pd.DataFrame:
        """Visible authorisations (those of batches not reverted), by start date then entry order."""
        table = schema.authorisations
        frame = self._frame(self._shown(table, table.c.start_date).order_by(table.c.authorisation_id))
        return self._reviewed(frame, "authorisations")

    def sources(self) -> pd.DataFrame:
        """Every shown source, ordered by id, with its grade now (:func:`geo.store.grades.graded_now`)."""
        frame = self._reviewed(
            _sorted_by(self._frame(self._shown(schema.sources, schema.sources.c.source_id)), "source_id"), "sources"
        )
        return graded_now(frame, self._frame(self._shown(schema.source_grades, schema.source_grades.c.grade_id)))

    def gazetteer(self) -> pd.DataFrame:
        """Every shown place of the gazetteer (:mod:`geo.gazetteer`), ordered by id."""
        return _sorted_by(self._frame(self._shown(schema.gazetteer, schema.gazetteer.c.place_id)), "place_id")

    def regions(self) -> pd.DataFrame:
        """Every shown region record, ordered by id."""
        return _sorted_by(self._frame(self._shown(schema.regions, schema.regions.c.region_id)), "region_id")

    def source_grades(self) -> pd.DataFrame:
        """Each source's grades, oldest first, with who gave each and when (:func:`geo.store.grades.grade_history`)."""
        added = self._frame(self._shown(schema.sources, schema.sources.c.batch_id))
        changes = self._frame(self._shown(schema.source_grades, schema.source_grades.c.grade_id))
        return grade_history(added, changes, self.batches())

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
        return self._reviewed(self._frame(query), "reports")
