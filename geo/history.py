"""A crossing's story through time: the runs of unchanged state between its changes."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from geo.asof import day_from_number
from geo.atlas import Atlas
from geo.describe import holder_text

#: Columns of :func:`state_runs`.
RUN_COLUMNS = ("start", "end", "holder", "controllers", "color", "status", "confirmed", "contested")
_CONTESTED_COLOR = "#7f7f7f"
_UNKNOWN_COLOR = "#ffffff"


def state_runs(atlas: Atlas, crossing_id: str, *, until: date | None = None) -> pd.DataFrame:
    """One row per run of unchanged state, from the crossing's first change to ``until``.

    ``end`` is exclusive: the day the next run starts (or the day after ``until``).
    The colour is the holder's party colour; contested runs are grey, unknown white.
    """
    days = [day_from_number(int(d)) for d in atlas.timeline.change_days([crossing_id])]
    if not days:
        return pd.DataFrame(columns=list(RUN_COLUMNS))
    last = max(until or days[-1], days[-1])
    names, colors = atlas.party_names(), atlas.party_colors()
    rows = []
    for start, end in zip(days, [*days[1:], last + timedelta(days=1)], strict=True):
        state = atlas.state(crossing_id, start)
        controllers = tuple(state["controllers"])
        if len(controllers) == 1:
            color = colors.get(controllers[0], _UNKNOWN_COLOR)
        else:
            color = _CONTESTED_COLOR if controllers else _UNKNOWN_COLOR
        rows.append(
            {
                "start": start,
                "end": end,
                "holder": holder_text(state, names),
                "controllers": controllers,
                "color": color,
                "status": state["status"],
                "confirmed": bool(state["confirmed"]),
                "contested": bool(state["contested"]),
            }
        )
    return pd.DataFrame(rows, columns=list(RUN_COLUMNS))
