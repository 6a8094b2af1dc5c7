"""Moving through time: the next and previous change under a filter, and what changed between two dates."""

from __future__ import annotations

from datetime import date
from typing import Final, Literal

import numpy as np
import pandas as pd

from geo.atlas import Atlas
from geo.dates import day_from_number, day_number
from geo.filters import CrossingFilter

Direction = Literal["next", "previous"]
#: Columns of :func:`changes_between`.
DIFFERENCE_COLUMNS: Final = (
    "crossing_id",
    "name",
    "controllers_before",
    "controllers_after",
    "confirmed_before",
    "confirmed_after",
    "status_before",
    "status_after",
    "report_ids",
    "state_before",
    "state_after",
)
#: What a change is a change of: the holders and status, of the crossing and of each side.
_COMPARED: Final = (
    "controllers",
    "status",
    "a_controllers",
    "b_controllers",
    "a_status",
    "b_status",
    "authorised",
    "forbidden",
)


def _visible_ids(atlas: Atlas, day: date, ids: list[str], crossing_filter: CrossingFilter) -> set[str]:
    states = atlas.states(day)
    return set(crossing_filter.apply(states[states["crossing_id"].isin(ids)])["crossing_id"])


def step_change(atlas: Atlas, day: date, crossing_filter: CrossingFilter, direction: Direction) -> date | None:
    """The nearest day after (or before) ``day`` on which a crossing the filter shows changes state.

    A change counts when the crossing passes the filter just before or just after it,
    so stepping with "contested only" still stops where a contest begins and ends.
    """
    static = atlas.crossings[crossing_filter.static_mask(atlas.crossings)]
    candidates = atlas.change_days(list(static["crossing_id"]))
    if direction == "next":
        ordered = candidates[candidates > day_number(day)]
    else:
        ordered = candidates[candidates < day_number(day)][::-1]
    if crossing_filter.is_static():
        return day_from_number(int(ordered[0])) if len(ordered) else None
    for number in ordered:
        candidate = day_from_number(int(number))
        changed = atlas.changed_on(candidate)
        before = day_from_number(int(number) - 1)
        if _visible_ids(atlas, candidate, changed, crossing_filter) | _visible_ids(
            atlas, before, changed, crossing_filter
        ):
            return candidate
    return None


def changes_between(atlas: Atlas, first: date, second: date, crossing_filter: CrossingFilter) -> pd.DataFrame:
    """Crossings whose holder or status differs between two dates, with before and after.

    One row per crossing: ``crossing_id``, ``name``, ``controllers_before``,
    ``controllers_after``, ``confirmed_before``, ``confirmed_after``, ``status_before``,
    ``status_after``, ``report_ids`` (the reports, dated after the earlier day, that
    decide the later state), and ``state_before`` / ``state_after``, each whole state as a
    dict. A change on one side is a change.
    """
    early, late = sorted((first, second))
    before = crossing_filter.apply(atlas.states(early)).set_index("crossing_id")
    after = crossing_filter.apply(atlas.states(late)).set_index("crossing_id")
    both = before.index.intersection(after.index)
    was, now = before.loc[both], after.loc[both]
    compared = [c for c in _COMPARED if c in was.columns]
    moved = np.zeros(len(both), dtype=bool)
    for column in compared:
        moved |= was[column].to_numpy() != now[column].to_numpy()
    differs = [str(cid) for cid in both[moved]]
    rows = []
    for cid in differs:
        was_row, now_row = before.loc[cid], after.loc[cid]
        control_moved = any(was_row[c] != now_row[c] for c in compared if c.endswith("controllers"))
        status_moved = any(was_row[c] != now_row[c] for c in compared if c.endswith("status"))
        deciding = atlas.deciding(cid, late)
        days = deciding["date"]
        named = deciding["controller"].fillna("").astype(bool) & control_moved
        stated = deciding["status"].fillna("").astype(bool) & status_moved
        made_it = deciding[(days > early) & (named | stated)]
        rows.append(
            {
                "crossing_id": cid,
                "name": after.at[cid, "name"],
                "controllers_before": before.at[cid, "controllers"],
                "controllers_after": after.at[cid, "controllers"],
                "confirmed_before": bool(before.at[cid, "confirmed"]),
                "confirmed_after": bool(after.at[cid, "confirmed"]),
                "status_before": before.at[cid, "status"],
                "status_after": after.at[cid, "status"],
                "report_ids": [int(r) for r in made_it["report_id"]],
                # Whole, for the one wording of a state (geo.describe), sides and all.
                "state_before": {"crossing_id": cid, **was_row.to_dict()},
                "state_after": {"crossing_id": cid, **now_row.to_dict()},
            }
        )
    return pd.DataFrame(rows, columns=list(DIFFERENCE_COLUMNS))


def change_days(atlas: Atlas, crossing_filter: CrossingFilter) -> list[date]:
    """Every day on which a crossing the filter's region, country and name parts select changes state.

    These mark the timeline; stepping (``step_change``) also applies the parts that depend on the day.
    """
    static = atlas.crossings[crossing_filter.static_mask(atlas.crossings)]
    return [day_from_number(int(n)) for n in atlas.change_days(list(static["crossing_id"]))]
