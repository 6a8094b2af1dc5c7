"""The reports that decide a state: those naming a controller on its control day, and those
stating a status on its status day, side by side (see :mod:`geo.asof` for how those days are
found): a report about one side decides only for that side, one about the whole crossing for both.

The story's claim cards, the table's sources column, the map footnotes and the state
export all show these reports, so the rule is written once, here, as whole-array
comparisons: the atlas feeds it facts it worked out once per load, anyone else a frame.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from geo.dates import NO_DAY, day_number, day_numbers
from geo.sides import SIDES, WHOLE, side_bits

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


def says(column: pd.Series) -> BoolArray:
    """Which cells of a report column state something (missing and ``""`` say nothing)."""
    return (column.fillna("").astype(str) != "").to_numpy(dtype=bool)


#: Per side (``a``, ``b``), the day numbers each crossing's state was decided on.
SideDays = tuple[IntArray, IntArray]


def side_days(states: pd.DataFrame, column: str) -> SideDays:
    """Each side's ``column`` (``control_date`` or ``status_date``) of a state frame as day numbers; a
    frame without sides gives the crossing's own to both."""
    first, second = (
        day_numbers(states[f"{side}_{column}"] if f"{side}_{column}" in states else states[column]) for side in SIDES
    )
    return first, second


def one_state_side_days(state: Mapping[str, Any], column: str) -> SideDays:
    """:func:`side_days` of one state given as a mapping (a row of a state frame), without a frame."""

    def number(value: Any) -> int:
        # NaT is a date to isinstance, and no day at all.
        return day_number(value) if isinstance(value, date) and not pd.isna(value) else NO_DAY

    first, second = (
        np.array([number(state.get(f"{side}_{column}", state.get(column)))], dtype=np.int64) for side in SIDES
    )
    return first, second


def deciding_mask(
    slots: IntArray,
    sides: IntArray,
    days: IntArray,
    naming: BoolArray,
    stating: BoolArray,
    control_days: SideDays,
    status_days: SideDays,
) -> BoolArray:
    """Which reports decide: the rule itself, over arrays aligned with the reports.

    ``slots`` is each report's crossing as a position in the day arrays (the day numbers
    each side of each crossing was decided on, :data:`NO_DAY` for none), -1 for a crossing
    not among them; ``sides`` is each report's side (0, 1 or :data:`geo.sides.WHOLE`, which
    counts on both); ``days`` is each report's day number; ``naming`` / ``stating`` say
    whether it names a controller / states a status.
    """
    decided = np.zeros(len(slots), dtype=bool)
    for side in (0, 1):
        # One extra slot that decides nothing stands for every report about another crossing.
        control = np.append(control_days[side], NO_DAY)
        status = np.append(status_days[side], NO_DAY)
        at = np.where(slots >= 0, slots, len(control_days[side]))
        on_side = (sides == side) | (sides == WHOLE)
        decided |= on_side & (((control[at] == days) & naming) | ((status[at] == days) & stating))
    result: BoolArray = decided & (days != NO_DAY)
    return result


def deciding_for(reports: pd.DataFrame, states: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``reports`` that decide any state in ``states`` (rows of a state frame), in the reports' order.

    For frames that are not an atlas's; :meth:`geo.atlas.Atlas.deciding_for` answers the
    same from what the atlas worked out when it loaded.

    >>> from datetime import date
    >>> reports = pd.DataFrame({"crossing_id": ["x", "x", "x"], "report_id": [1, 2, 3],
    ...     "date": [date(2021, 7, 1), date(2021, 7, 14), date(2021, 7, 14)],
    ...     "controller": ["taliban", "", "taliban"], "status": ["open", "sealed", ""]})
    >>> states = pd.DataFrame({"crossing_id": ["x"], "control_date": [date(2021, 7, 14)],
    ...     "status_date": [date(2021, 7, 14)]})
    >>> list(deciding_for(reports, states)["report_id"])
    [2, 3]
    """
    states = states.drop_duplicates("crossing_id", keep="last")
    mine = reports[reports["crossing_id"].isin(states["crossing_id"])]
    slots = pd.Index(states["crossing_id"]).get_indexer(pd.Index(mine["crossing_id"])).astype(np.int64)
    countries = (
        list(zip(states["country_a"], states["country_b"], strict=True)) if "country_a" in states.columns else []
    )
    mask = deciding_mask(
        slots,
        side_bits(mine.get("side"), slots, countries),
        day_numbers(mine["date"]),
        says(mine["controller"]),
        says(mine["status"]),
        side_days(states, "control_date"),
        side_days(states, "status_date"),
    )
    deciding: pd.DataFrame = mine[mask]
    return deciding
