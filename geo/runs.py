"""A crossing's story through time: the runs of unchanged state between its changes, and the
chart of them.

Every answer about one crossing comes from that crossing's own steps in the timeline
(:meth:`geo.asof.Timeline.changes_of`), never from resolving every crossing once per
change day: the busiest crossing of a million reports is drawn in about a tenth of a second
(see `make bench`).
"""

from __future__ import annotations

import math
import numbers
from datetime import UTC, date, datetime, timedelta
from typing import Final

import pandas as pd

from geo.atlas import Atlas
from geo.dates import day_from_number
from geo.describe import holder_text
from geo.model import UNKNOWN_COLOR

#: Columns of :func:`state_runs`.
RUN_COLUMNS = ("start", "end", "holder", "controllers", "color", "status", "confirmed", "contested")
#: Columns of :func:`chart_bands`.
BAND_COLUMNS = ("band", "start", "end", "first_day", "label", "fill")
#: The two bands of the history chart, top to bottom.
BANDS: Final = ("held by", "status")
#: The field a click on the chart selects: a band's first day as ISO text, the same in every time zone.
BAND_DAY_FIELD: Final = "first_day"
STATUS_SHADES: Final = {"open": "#e8e8e8", "restricted": "#a6a6a6", "sealed": "#4d4d4d", "unknown": "#ffffff"}
#: A contested run's one colour in the history chart (the maps split the fill instead).
_CONTESTED_COLOR = "#7f7f7f"
_MS_PER_DAY: Final = 86_400_000


def state_runs(atlas: Atlas, crossing_id: str, *, until: date | None = None) -> pd.DataFrame:
    """One row per run of unchanged state, from the crossing's first change to ``until``.

    ``end`` is exclusive: the day the next run starts (or the day after ``until``).
    The colour is the holder's party colour; contested runs are grey, unknown white.
    """
    changes = atlas.timeline.changes_of(crossing_id)
    if changes.empty:
        return pd.DataFrame(columns=list(RUN_COLUMNS))
    starts = list(changes["day"])
    last = max(until or starts[-1], starts[-1])
    names, colors = atlas.party_names(), atlas.party_colors()
    holders: dict[tuple[tuple[str, ...], bool], tuple[str, str]] = {}

    def holder(controllers: tuple[str, ...], confirmed: bool) -> tuple[str, str]:
        # A busy crossing repeats a handful of holder sets thousands of times: word each once.
        if (controllers, confirmed) not in holders:
            if len(controllers) == 1:
                color = colors.get(controllers[0], UNKNOWN_COLOR)
            else:
                color = _CONTESTED_COLOR if controllers else UNKNOWN_COLOR
            text = holder_text({"controllers": controllers, "confirmed": confirmed}, names)
            holders[controllers, confirmed] = (text, color)
        return holders[controllers, confirmed]

    worded = [holder(c, bool(k)) for c, k in zip(changes["controllers"], changes["confirmed"], strict=True)]
    return pd.DataFrame(
        {
            "start": starts,
            "end": [*starts[1:], last + timedelta(days=1)],
            "holder": [text for text, _ in worded],
            "controllers": changes["controllers"],
            "color": [color for _, color in worded],
            "status": changes["status"],
            "confirmed": changes["confirmed"].astype(bool),
            "contested": changes["contested"].astype(bool),
        },
        columns=list(RUN_COLUMNS),
    )


def chart_bands(runs: pd.DataFrame) -> pd.DataFrame:
    """The bars of the history chart: each run twice, once in the "held by" band and once in "status".

    ``start`` and ``end`` are timestamps for the time axis; ``first_day`` is the run's
    first day as ISO text, the value a click hands back (see :func:`band_day`).
    """
    holder = runs.assign(band=BANDS[0], label=runs["holder"], fill=runs["color"])
    status = runs.assign(band=BANDS[1], label=runs["status"], fill=runs["status"].map(STATUS_SHADES))
    bands = pd.concat([holder, status], ignore_index=True)
    return pd.DataFrame(
        {
            "band": bands["band"],
            "start": pd.to_datetime(bands["start"]),
            "end": pd.to_datetime(bands["end"]),
            BAND_DAY_FIELD: [d.isoformat() for d in bands["start"]],
            "label": bands["label"],
            "fill": bands["fill"].fillna(UNKNOWN_COLOR),
        },
        columns=list(BAND_COLUMNS),
    )


def band_day(value: object) -> date:
    """The day a chart selection names, whatever form the browser sent it in.

    A chart hands back a time as epoch milliseconds (an int or a float; Vega draws
    ISO dates at local midnight, so a reader east or west of UTC sends a few hours
    off: the nearest midnight is the day), or as ISO text (``2021-07-14``,
    ``2021-07-14T00:00:00`` or with a zone, read the same way), or as a date.

    >>> band_day(1626220800000), band_day("2021-07-14"), band_day(1626202800000.0)
    (datetime.date(2021, 7, 14), datetime.date(2021, 7, 14), datetime.date(2021, 7, 14))

    Raises
    ------
    ValueError
        When ``value`` names no day (text that is no ISO date, NaN, a bool, ...).
    """
    if isinstance(value, datetime):
        return _nearest_day(value)
    if isinstance(value, date):
        return value
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        if not math.isfinite(value):
            raise ValueError(f"not a day: {value!r}")
        return day_from_number(round(float(value) / _MS_PER_DAY))
    if isinstance(value, str):
        text = value.strip()
        try:
            return date.fromisoformat(text) if len(text) == 10 else _nearest_day(datetime.fromisoformat(text))
        except ValueError:
            raise ValueError(f"not a day: {value!r}") from None
    raise ValueError(f"not a day: {value!r}")


def _nearest_day(moment: datetime) -> date:
    """The day whose midnight is nearest ``moment`` (in UTC when it says its zone)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return (moment + timedelta(hours=12)).date()
