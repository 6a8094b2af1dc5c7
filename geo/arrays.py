"""Array helpers of the as-of timeline: object arrays that hold tuples, runs of sorted keys,
and day numbers turned into dates."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from geo.dates import NO_DAY

IntArray = npt.NDArray[np.int64]
ObjectArray = npt.NDArray[np.object_]

#: A (crossing, day) step as one sortable integer: the crossing in the high bits, the day (offset
#: to be positive) in the low ones, so one binary search finds a crossing's step on or before a day.
DAY_BITS: Final = 32
DAY_OFFSET: Final = 1 << 31


def step_keys(codes: IntArray | int, days: IntArray | int) -> IntArray:
    """The sortable key of each (``codes``, ``days``) step (see :data:`DAY_BITS`)."""
    keys: IntArray = (np.asarray(codes, dtype=np.int64) << DAY_BITS) | (np.asarray(days, dtype=np.int64) + DAY_OFFSET)
    return keys


def object_array(values: Sequence[object]) -> ObjectArray:
    """An object array holding ``values`` as they are (tuples stay single elements)."""
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


def tuples_by_key(keys: IntArray, values: ObjectArray) -> tuple[IntArray, list[tuple[str, ...]]]:
    """Consecutive runs of equal ``keys`` (already sorted) and the ``values`` of each run as a tuple.

    A plain split of sorted arrays: pandas' ``agg(tuple)`` runs Python per group and
    is an order of magnitude slower at a million reports.
    """
    if len(keys) == 0:
        return keys, []
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    ends = np.r_[starts[1:], len(keys)]
    # Most runs hold one value: those take a prebuilt one-value tuple, with no Python per run.
    codes, distinct = pd.factorize(values)
    runs = object_array([(value,) for value in distinct])[codes[starts]]
    # The same few sets of several recur over most steps: share one tuple per distinct set.
    shared: dict[tuple[str, ...], tuple[str, ...]] = {}
    for i in np.flatnonzero(ends - starts > 1).tolist():
        run = tuple(values[starts[i] : ends[i]])
        runs[i] = shared.setdefault(run, run)
    return keys[starts], list(runs)


def day_array(numbers: pd.Series) -> IntArray:
    """Day numbers with :data:`NO_DAY` for none, plus the sentinel entry for "no report yet"."""
    filled = pd.to_numeric(numbers).fillna(NO_DAY).to_numpy(dtype=np.int64)
    return np.append(filled, NO_DAY)


def as_dates(numbers: IntArray) -> ObjectArray:
    """Day numbers as ``datetime.date`` objects (None for :data:`NO_DAY`), converted in C."""
    days = np.where(numbers == NO_DAY, np.datetime64("NaT"), numbers.astype("datetime64[D]"))
    converted: ObjectArray = days.astype(object)
    return converted


def step_tuples(column: pd.Series) -> ObjectArray:
    """A column of tuples with the missing cells (no value carried yet) as empty tuples, plus the
    sentinel entry for "no report yet"."""
    values: ObjectArray = np.empty(len(column) + 1, dtype=object)
    values[:-1] = column.to_numpy(dtype=object)
    missing = pd.isna(values)
    values[missing] = object_array([()])[np.zeros(int(missing.sum()), dtype=np.int64)]
    return values


def lengths(values: ObjectArray) -> IntArray:
    """The length of each tuple of ``values``."""
    return np.fromiter(map(len, values), dtype=np.int64, count=len(values))


@dataclass(frozen=True)
class Coded:
    """Values held as positions in a table of their distinct values: ``table[positions]``, decoded
    only where they are finally put (see :func:`object_block`)."""

    table: ObjectArray
    positions: npt.NDArray[np.integer]

    def __len__(self) -> int:
        return len(self.positions)

    def value(self, position: int) -> object:
        """The value at ``position``."""
        return self.table[self.positions[position]]


#: A column as the frame builders take it: values as they are, or coded.
Column = npt.NDArray[np.generic] | Coded | Sequence[object]


def coded(values: npt.NDArray[Any]) -> Coded:
    """``values`` as positions in a table of their distinct values (values that compare equal are kept once)."""
    positions, distinct = pd.factorize(values, use_na_sentinel=False)
    table = object_array(list(distinct))
    # factorize reads None as missing and hands back NaN for it: None it stays.
    table[pd.isna(table)] = None
    return Coded(table, positions)


def object_block(columns: Sequence[Column]) -> ObjectArray:
    """``columns`` as the rows of one object array, each value written once (a coded column is
    decoded straight into its row): the block a frame of object columns is built on."""
    block: ObjectArray = np.empty((len(columns), len(columns[0]) if columns else 0), dtype=object)
    for row, values in zip(block, columns, strict=True):
        if isinstance(values, Coded):
            # "clip" writes into the row directly; positions are always in the table.
            np.take(values.table, values.positions, out=row, mode="clip")
        elif isinstance(values, np.ndarray):
            row[:] = values
        else:
            row[:] = object_array(values)
    return block


def _int32(name: str, values: npt.NDArray[np.generic]) -> npt.NDArray[np.int32]:
    """``values`` as 32-bit integers, refused when one does not fit."""
    limits = np.iinfo(np.int32)
    if len(values) and (values.min() < limits.min or values.max() > limits.max):
        raise ValueError(f"column {name!r} holds values beyond 32 bits")
    return values.astype(np.int32)


class PackedRows:
    """Columns of equal length stored row by row, for reading a few thousand scattered rows at once.

    A day's state takes one step per crossing out of hundreds of thousands. Read column by column,
    each of a state's forty-odd columns costs a cache miss per crossing, which was most of a lookup's
    time at a million reports; here a row's values sit together, so each row is fetched once. Object
    values are held as positions in a table of their distinct values (values that compare equal are
    kept once), flags and integers as they are: integers must fit in 32 bits, and nothing else is taken.
    """

    def __init__(self, columns: dict[str, npt.NDArray[np.generic]]) -> None:
        self._tables: dict[str, ObjectArray | None] = {}
        self._flags: set[str] = set()
        stored: list[npt.NDArray[np.generic]] = []
        for name, values in columns.items():
            if values.dtype == object:
                column = coded(values)
                self._tables[name] = column.table
                stored.append(column.positions)
            elif values.dtype.kind not in "biu":
                raise TypeError(f"column {name!r} is neither objects, flags nor integers")
            else:
                self._tables[name] = None
                if values.dtype == bool:
                    self._flags.add(name)
                stored.append(values)
        # Half the bytes of each row to fetch: every position, flag and day number fits.
        self._matrix = np.column_stack([_int32(name, v) for name, v in zip(self._tables, stored, strict=True)])

    def take(self, rows: IntArray) -> dict[str, npt.NDArray[np.generic] | Coded]:
        """The values at ``rows`` of every column, in the order the columns were given; object
        columns coded (see :class:`Coded`)."""
        picked = np.ascontiguousarray(self._matrix[rows].T)
        taken: dict[str, npt.NDArray[np.generic] | Coded] = {}
        for values, (name, table) in zip(picked, self._tables.items(), strict=True):
            if table is not None:
                taken[name] = Coded(table, values)
            elif name in self._flags:
                taken[name] = values.astype(bool)
            else:
                taken[name] = values.astype(np.int64)
        return taken
