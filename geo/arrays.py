"""Array helpers of the as-of timeline: object arrays that hold tuples, runs of sorted keys,
and day numbers turned into dates."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

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
