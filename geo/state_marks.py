"""What a state rests on, marked beside it: a date known only as a range, or a report still under review.

Only the few reports dated as a range, or still under review, are looked at: a dataset without
any pays nothing, and its state frames have neither column.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from geo.arrays import as_dates
from geo.dates import NO_DAY, day_number, day_numbers
from geo.state_frame import PENDING_REVIEW, UNCERTAIN_UNTIL

if TYPE_CHECKING:
    from geo.atlas import Atlas


def with_marks(atlas: Atlas, states: pd.DataFrame, day: date, *, only_marks: bool = False) -> pd.DataFrame:
    """``states`` (as of ``day``) with :data:`UNCERTAIN_UNTIL` and :data:`PENDING_REVIEW` where the atlas has
    reports that call for them; with ``only_marks``, those columns alone."""
    marks: dict[str, np.ndarray] = {}
    if len(atlas.ranged_rows):
        marks[UNCERTAIN_UNTIL] = uncertain_until(atlas, states, day)
    if len(atlas.pending_rows):
        marks[PENDING_REVIEW] = rests_on_pending(atlas, states)
    if only_marks:
        return pd.DataFrame(marks, index=states.index)
    return states.assign(**marks) if marks else states


def uncertain_until(atlas: Atlas, states: pd.DataFrame, day: date) -> np.ndarray:
    """For each state in ``states`` (as of ``day``), the last day a report deciding it may have been on,
    when that is after ``day``: until then the state rests on an event that may not have happened yet
    (None for a state that rests on certain dates only)."""
    rows = atlas.ranged_rows
    slots, deciding = atlas.deciding_among(rows, states)
    latest = day_numbers(atlas.reports["date_latest"].iloc[rows])
    decided = deciding & (latest > day_number(day))
    until = np.full(len(states), NO_DAY, dtype=np.int64)
    np.maximum.at(until, slots[decided], latest[decided])
    result = np.full(len(states), None, dtype=object)
    result[until != NO_DAY] = as_dates(until[until != NO_DAY])
    return result


def rests_on_pending(atlas: Atlas, states: pd.DataFrame) -> np.ndarray:
    """Which of ``states`` a report still under review decides."""
    slots, decided = atlas.deciding_among(atlas.pending_rows, states)
    result = np.zeros(len(states), dtype=bool)
    result[slots[decided]] = True
    return result
