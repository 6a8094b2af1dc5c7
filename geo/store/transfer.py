"""Copying a whole database into an empty one (SQLite to PostgreSQL and back), checked row for row.

Everything is copied as stored, reverted batches and their rows included, with the
same ids; the copy is written in one transaction and compared with the source before
it commits, so a target is either a faithful copy or left empty.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import zip_longest
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from geo.errors import CopyError
from geo.store import schema
from geo.store.bulk import insert_rows
from geo.store.engine import as_utc, is_postgres
from geo.store.store import Store

#: Rows read, written and compared at a time: bounded memory whatever the size of the data.
CHUNK_ROWS = 20_000
#: Integer keys that PostgreSQL draws from a sequence: after a copy the next id follows the copied ones.
SERIAL_KEYS = (
    (schema.batches, schema.batches.c.batch_id),
    (schema.reports, schema.reports.c.report_id),
    (schema.authorisations, schema.authorisations.c.authorisation_id),
    (schema.source_grades, schema.source_grades.c.grade_id),
    (schema.reviews, schema.reviews.c.review_id),
)


@dataclass(frozen=True)
class CopyResult:
    """What was copied: rows per table, every one of them checked against the source."""

    rows: dict[str, int]

    def summary(self) -> str:
        counts = ", ".join(f"{count:,} {table}" for table, count in self.rows.items())
        return f"copied and checked row for row: {counts}"


def _tables() -> list[sa.Table]:
    """Every data table, each after the tables its foreign keys name."""
    return list(schema.metadata.sorted_tables)


def _order(conn: Connection, table: sa.Table) -> list[sa.ColumnElement[Any]]:
    """The primary key, with text in byte order on both databases: PostgreSQL would otherwise sort
    by the database's collation, SQLite by bytes, and the row-for-row comparison would misalign."""
    if conn.dialect.name != "postgresql":
        return list(table.primary_key.columns)
    return [c.collate("C") if isinstance(c.type, sa.String) else c for c in table.primary_key.columns]


def _chunks(conn: Connection, table: sa.Table) -> Iterator[list[tuple[Any, ...]]]:
    query = sa.select(table).order_by(*_order(conn, table))
    # A server-side cursor on PostgreSQL: a million reports never sit in memory at once.
    result = conn.execute(query, execution_options={"yield_per": CHUNK_ROWS})
    for partition in result.partitions():
        # Times as aware UTC: SQLite keeps UTC without a zone.
        yield [tuple(as_utc(v) for v in row) for row in partition]


def _open(url: str, role: str) -> Store:
    """The store at ``url``, once it answers; the error names the role and hides any password."""
    try:
        store = Store.connect(url)
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError):
        # Only the start of it: the rest may hold a password.
        raise CopyError(
            f"the {role} ({url[:12]!r}...) is not a database URL: sqlite:///FILE or postgresql+psycopg://..."
        ) from None
    database = store.engine.url.database
    if role == "source" and store.engine.dialect.name == "sqlite" and database and not Path(database).exists():
        # Opening it would create an empty file where the data was expected.
        store.close()
        raise CopyError(f"the source {database} does not exist")
    try:
        with store.engine.connect():
            pass
    except sa.exc.OperationalError as error:
        store.close()
        shown = store.engine.url.render_as_string(hide_password=True)
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        raise CopyError(f"cannot open the {role} {shown}: {reason}") from None
    return store


def _check_copyable(source: Store, target: Store) -> None:
    head = Store.head_revision()
    at = source.schema_revision()
    if at != head:
        raise CopyError(
            f"the source database is at schema {at or 'none'}, this code writes {head}:"
            " run `python -m geo init` against it first"
        )
    present = set(sa.inspect(target.engine).get_table_names())
    with target.engine.connect() as conn:
        filled = {
            t.name: n
            for t in _tables()
            if t.name in present and (n := int(conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()))
        }
    if filled:
        held = ", ".join(f"{n:,} {name}" for name, n in filled.items())
        raise CopyError(f"the target database is not empty ({held}); copy only into an empty database")


def _write(source: Connection, target: Connection) -> dict[str, int]:
    rows: dict[str, int] = {}
    for table in _tables():
        names = [c.name for c in table.columns]
        rows[table.name] = 0
        for chunk in _chunks(source, table):
            insert_rows(target, table, [dict(zip(names, row, strict=True)) for row in chunk])
            rows[table.name] += len(chunk)
    return rows


def _reset_sequences(target: Connection) -> None:
    """Make PostgreSQL's next batch and report ids follow the copied ones (SQLite takes max + 1 itself)."""
    for table, column in SERIAL_KEYS:
        sequence = sa.func.pg_get_serial_sequence(table.name, column.name)
        following = sa.func.coalesce(sa.func.max(column), 0) + 1
        target.execute(sa.select(sa.func.setval(sequence, following, False)).select_from(table))


def _verify(source: Connection, target: Connection) -> None:
    """Compare every table row for row, in key order. Raises :class:`CopyError` at the first difference."""
    for table in _tables():
        names = [c.name for c in table.columns]
        key_width = len(table.primary_key.columns)
        pairs = zip_longest(_rows(source, table), _rows(target, table))
        for number, (expected, got) in enumerate(pairs, start=1):
            if expected == got:
                continue
            if expected is None or got is None:
                side = "target" if expected is None else "source"
                raise CopyError(f"{table.name}: the {side} has more rows than the other (from row {number})")
            key = expected[:key_width]
            column, was, now = next(d for d in zip(names, expected, got, strict=True) if d[1] != d[2])
            raise CopyError(f"{table.name} {key}: {column} is {now!r} in the copy, {was!r} in the source")


def _rows(conn: Connection, table: sa.Table) -> Iterator[tuple[Any, ...]]:
    for chunk in _chunks(conn, table):
        yield from chunk


def copy_database(source_url: str, target_url: str) -> CopyResult:
    """Copy everything at ``source_url`` into the empty database at ``target_url``, then compare.

    The target is given the newest schema first if it has none. The source is
    read in one snapshot, so writes made to it meanwhile are either wholly in the
    copy or not at all. The source is never written to.

    Raises
    ------
    CopyError
        When the source is not at the newest schema, the target holds any data, a
        row cannot be written, or a row reads back different; the target then holds
        nothing of the copy.

    Examples
    --------
    >>> copy_database("sqlite:///data/borderwatch.db", "postgresql+psycopg://bw@db/borderwatch")  # doctest: +SKIP
    CopyResult(rows={'batches': 3, 'import_profiles': 0, 'parties': 20, 'crossings': 10, 'reports': 61})
    """
    source = _open(source_url, "source")
    try:
        target = _open(target_url, "target")
    except CopyError:
        source.close()
        raise
    try:
        _check_copyable(source, target)
        target.migrate()
        with source.reading() as reader, target.writing() as conn:
            try:
                rows = _write(reader, conn)
            except sa.exc.DBAPIError as error:
                raise CopyError(f"a row could not be written to the target: {error.orig}") from None
            if is_postgres(target.engine):
                _reset_sequences(conn)
            _verify(reader, conn)
        return CopyResult(rows)
    finally:
        source.close()
        target.close()
