"""The reports that decide a state: those naming a controller on its control day, and those
stating a status on its status day (see :mod:`geo.asof` for how those days are found).

The story's claim cards, the table's sources column, the map footnotes and the state
export all show these reports, so the rule is written once, here, as whole-array
comparisons: the atlas feeds it facts it worked out once per load, anyone else a frame.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from geo.dates import NO_DAY, day_numbers

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


def says(column: pd.Series) -> BoolArray:
    """Which cells of a report column state something (missing and ``""`` say nothing)."""
    return (column.fillna("").astype(str) != "").to_numpy(dtype=bool)


def deciding_mask(
    slots: IntArray,
    days: IntArray,
    naming: BoolArray,
    stating: BoolArray,
    control_days: IntArray,
    status_days: IntArray,
) -> BoolArray:
    """Which reports decide: the rule itself, over arrays aligned with the reports.

    ``slots`` is each report's crossing as a position in ``control_days`` and
    ``status_days`` (the day numbers each crossing's state was decided on, :data:`NO_DAY`
    for none), -1 for a crossing not among them; ``days`` is each report's day number;
    ``naming`` / ``stating`` say whether it names a controller / states a status.
    """
    # One extra slot that decides nothing stands for every report about another crossing.
    control = np.append(control_days, NO_DAY)
    status = np.append(status_days, NO_DAY)
    slots = np.where(slots >= 0, slots, len(control_days))
    decided: BoolArray = (((control[slots] == days) & naming) | ((status[slots] == days) & stating)) & (days != NO_DAY)
    return decided


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
    mask = deciding_mask(
        slots,
        day_numbers(mine["date"]),
        says(mine["controller"]),
        says(mine["status"]),
        day_numbers(states["control_date"]),
        day_numbers(states["status_date"]),
    )
    deciding: pd.DataFrame = mine[mask]
    return deciding
