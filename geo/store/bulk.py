"""Writing many rows at once, inside the caller's transaction: COPY on PostgreSQL, executemany on SQLite.

Uploads, seeds, synthetic data and database copies go through here. COPY is PostgreSQL's
quickest way in (measured: half the commit time of batched INSERTs for a 100,000-row upload).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any

import numpy as np
import pandas as pd
import psycopg
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from geo.errors import StoreFaultError
from geo.store.faults import store_fault

#: SQLite's page cache while a batch is written, in KiB (its default is 2 MiB): a million
#: reports' index pages fit in it.
_SQLITE_BATCH_CACHE_KIB = 64 * 1024


def insert_rows(conn: Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` (all with the same keys) in ``conn``'s transaction.

    PostgreSQL gets them through ``COPY``, several times faster than INSERT for a
    big batch; SQLite through executemany INSERTs.

    Raises
    ------
    sqlalchemy.exc.DBAPIError
        As the INSERT would: an IntegrityError for a clashing key or a missing
        crossing or party, a DataError for a value the column cannot hold.
    StoreFaultError
        When the database is down, lost, read-only or full (see :mod:`geo.store.faults`).
    """
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        conn.execute(table.insert(), rows)
        return
    names = list(rows[0])
    _copy(conn, table, names, ([row[name] for name in names] for row in rows))


def insert_frame(conn: Connection, table: sa.Table, frame: pd.DataFrame, *, chunk: int = 50_000) -> None:
    """Insert every row of ``frame`` (columns named as ``table``'s; missing values become NULL).

    Raises as :func:`insert_rows` does.
    """
    if frame.empty:
        return
    names = [str(name) for name in frame.columns]
    # Column lists, not frame.to_dict: a tenth of the time for a big upload.
    columns = [_column_values(frame[name]) for name in names]
    if conn.dialect.name == "postgresql":
        _copy(conn, table, names, zip(*columns, strict=True))
        return
    # Straight to the driver's executemany with tuples: SQLAlchemy's per-row parameter
    # processing costs more than SQLite's own insert for a million rows. Dates are
    # written as SQLAlchemy writes them on SQLite (ISO text), so reads see no difference.
    for position, name in enumerate(names):
        if isinstance(table.c[name].type, sa.Date):
            columns[position] = _iso_days(columns[position])
    statement = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})"
    for start in range(0, len(frame), chunk):
        conn.exec_driver_sql(statement, list(zip(*(values[start : start + chunk] for values in columns), strict=True)))


@contextmanager
def room_for_batch(conn: Connection) -> Iterator[None]:
    """Let SQLite keep a big batch's index pages in memory while it is written, then give the room back.

    With SQLite's default 2 MiB page cache, a million reports inserted in entry order
    (not index order) spill index pages to the log and read them back: the room halves
    SQLite's own time for a million-row batch (measured: 9.6 s to 5.0 s of CPU). The
    pooled connection gets its own size back afterwards, so readers keep the default.
    """
    if conn.dialect.name != "sqlite":
        yield
        return
    before = int(conn.exec_driver_sql("PRAGMA cache_size").scalar_one())
    conn.exec_driver_sql(f"PRAGMA cache_size = -{_SQLITE_BATCH_CACHE_KIB}")
    try:
        yield
    except BaseException:
        # The batch's own error is the one to see; a connection that cannot even take a
        # pragma now is discarded by the pool and takes its cache with it.
        with suppress(sa.exc.SQLAlchemyError, StoreFaultError):
            conn.exec_driver_sql(f"PRAGMA cache_size = {before}")
        raise
    conn.exec_driver_sql(f"PRAGMA cache_size = {before}")


def _column_values(column: pd.Series) -> list[Any]:
    """The column's values as Python objects, missing ones (None, NaN, NaT) as None."""
    values = column.to_numpy(dtype=object)
    missing = pd.isna(values)
    if missing.any():
        values = values.copy()
        values[missing] = None
    return values.tolist()


def _iso_days(days: list[Any]) -> list[str | None]:
    """Days as ISO text, each distinct day formatted once (a few thousand days among a million reports)."""
    codes, distinct = pd.factorize(np.asarray(days, dtype=object))
    # Code -1 (a missing day) takes the last entry: None.
    texts = np.asarray([day.isoformat() for day in distinct] + [None], dtype=object)
    result: list[str | None] = texts[codes].tolist()
    return result


def _copy(conn: Connection, table: sa.Table, names: list[str], rows: Iterable[Sequence[Any]]) -> None:
    unknown = set(names) - set(table.columns.keys())
    if unknown:
        raise ValueError(f"{table.name} has no column(s) {sorted(unknown)}")
    statement = f"COPY {table.name} ({', '.join(names)}) FROM STDIN"
    # The driver's own connection: the same session, so the rows join the open transaction.
    driver = conn.connection.driver_connection
    assert isinstance(driver, psycopg.Connection)
    cursor = driver.cursor()
    try:
        with cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
    except psycopg.Error as error:
        # The driver's own cursor: SQLAlchemy's error handling (and the store's fault mapping) is bypassed.
        fault = store_fault(error, conn.engine.url, disconnected=driver.closed)
        if fault is not None:
            raise fault from error
        raise sa.exc.DBAPIError.instance(statement, None, error, psycopg.Error, dialect=conn.dialect) from None
    finally:
        cursor.close()
