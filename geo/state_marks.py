"""What a state rests on, marked beside it: a date known only as a range, or a report still under review.

Only the few reports dated as a range, or still under review, are looked at: a dataset without
any pays nothing, and its state frames have neither column.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import pandas as pd

from geo.arrays import IntArray, as_dates
from geo.dates import NO_DAY, day_number, day_numbers
from geo.state_frame import PENDING_REVIEW, UNCERTAIN_UNTIL

if TYPE_CHECKING:
    from geo.atlas import Atlas


def with_marks(atlas: Atlas, states: pd.DataFrame, day: date, *, only_marks: bool = False) -> pd.DataFrame:
    """``states`` (as of ``day``) with :data:`UNCERTAIN_UNTIL` and :data:`PENDING_REVIEW` where the atlas has
    reports that call for them; with ``only_marks``, those columns alone."""
    marks: dict[str, np.ndarray] = {}
    if len(atlas.ranged_rows):
        marks[UNCERTAIN_UNTIL] = uncertain_until(atlas, states, day, rows=_about(atlas, atlas.ranged_rows, states))
    if len(atlas.pending_rows):
        marks[PENDING_REVIEW] = rests_on_pending(atlas, states, rows=_about(atlas, atlas.pending_rows, states))
    if only_marks:
        return pd.DataFrame(marks, index=states.index)
    return states.assign(**marks) if marks else states


def marks_of_one(atlas: Atlas, state: dict[str, Any], day: date) -> dict[str, Any]:
    """:func:`with_marks`' columns for one crossing's state, as values; without building a frame when
    none of the crossing's reports is dated as a range or under review (the usual case)."""
    marks: dict[str, Any] = {}
    if len(atlas.ranged_rows):
        marks[UNCERTAIN_UNTIL] = None
    if len(atlas.pending_rows):
        marks[PENDING_REVIEW] = False
    mine = atlas.rows_about([str(state["crossing_id"])])
    if not any(len(_kept(rows, mine)) for rows in (atlas.ranged_rows, atlas.pending_rows)):
        return marks
    framed = with_marks(atlas, pd.DataFrame([state]), day, only_marks=True)
    return {str(name): framed[name].iloc[0] for name in framed.columns}


#: Up to this many states, only their own crossings' reports are looked at, not every marked report.
_FEW_STATES: Final = 32


def _about(atlas: Atlas, rows: IntArray, states: pd.DataFrame) -> IntArray:
    """Of ``rows`` (ascending report positions), those about the crossings of ``states`` when they are
    few (one crossing's state, asked again and again by a list of changes), else all of them."""
    if len(states) > _FEW_STATES or not len(rows):
        return rows
    return _kept(rows, atlas.rows_about(list(states["crossing_id"])))


def _kept(rows: IntArray, mine: IntArray) -> IntArray:
    """Those of ``mine`` that are among ``rows`` (ascending), ascending."""
    if not len(rows) or not len(mine):
        return np.zeros(0, dtype=np.int64)
    where = np.minimum(np.searchsorted(rows, mine), len(rows) - 1)
    kept: IntArray = mine[rows[where] == mine]
    return np.sort(kept)


def uncertain_until(atlas: Atlas, states: pd.DataFrame, day: date, *, rows: IntArray | None = None) -> np.ndarray:
    """For each state in ``states`` (as of ``day``), the last day a report deciding it may have been on,
    when that is after ``day``: until then the state rests on an event that may not have happened yet
    (None for a state that rests on certain dates only). Only the ranged reports at ``rows`` (default
    all of them) are looked at."""
    rows = atlas.ranged_rows if rows is None else rows
    if not len(rows):
        return np.full(len(states), None, dtype=object)
    slots, deciding = atlas.deciding_among(rows, states)
    latest = day_numbers(atlas.reports["date_latest"].iloc[rows])
    decided = deciding & (latest > day_number(day))
    until = np.full(len(states), NO_DAY, dtype=np.int64)
    np.maximum.at(until, slots[decided], latest[decided])
    result = np.full(len(states), None, dtype=object)
    result[until != NO_DAY] = as_dates(until[until != NO_DAY])
    return result


def rests_on_pending(atlas: Atlas, states: pd.DataFrame, *, rows: IntArray | None = None) -> np.ndarray:
    """Which of ``states`` a report still under review (at ``rows``, default all of them) decides."""
    rows = atlas.pending_rows if rows is None else rows
    if not len(rows):
        return np.zeros(len(states), dtype=bool)
    slots, decided = atlas.deciding_among(rows, states)
    result = np.zeros(len(states), dtype=bool)
    result[slots[decided]] = True
    return result
