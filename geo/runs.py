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

import numpy as np
import pandas as pd

from geo.atlas import Atlas
from geo.dates import day_from_number
from geo.describe import holder_text
from geo.model import UNKNOWN_COLOR
from geo.names import side_label
from geo.sides import SIDES

#: Columns of :func:`state_runs`.
RUN_COLUMNS = ("start", "end", "holder", "controllers", "color", "status", "confirmed", "contested")
#: Columns of :func:`chart_bands`.
BAND_COLUMNS = ("band", "start", "end", "first_day", "label", "fill")
#: The two bands of the history chart, top to bottom (for each side, when its reports name sides).
BANDS: Final = ("held by", "status")
#: What a side's band is called: ``"Afghan side: held by"``.
SIDE_BAND: Final = "{side}: {band}"
#: The field a click on the chart selects: a band's first day as ISO text, the same in every time zone.
BAND_DAY_FIELD: Final = "first_day"
STATUS_SHADES: Final = {"open": "#e8e8e8", "restricted": "#a6a6a6", "sealed": "#4d4d4d", "unknown": "#ffffff"}
#: A contested run's one colour in the history chart (the maps split the fill instead).
_CONTESTED_COLOR = "#7f7f7f"
_MS_PER_DAY: Final = 86_400_000


def state_runs(atlas: Atlas, crossing_id: str, *, until: date | None = None, side: str | None = None) -> pd.DataFrame:
    """One row per run of unchanged state, from the crossing's first change to ``until``: of the
    whole crossing, or of one ``side`` (``"a"`` or ``"b"``, its ``country_a`` or ``country_b``).

    ``end`` is exclusive: the day the next run starts (or the day after ``until``).
    The colour is the holder's party colour (a side's presumed holder's when no report names
    one); contested runs are grey, unknown white.
    """
    changes = atlas.timeline.changes_of(crossing_id)
    if changes.empty:
        return pd.DataFrame(columns=list(RUN_COLUMNS))
    # A side's last run lasts as long as the crossing's: to its last change, whichever side's.
    last = max(until or changes["day"].iloc[-1], changes["day"].iloc[-1])
    if side is not None:
        changes = _side_changes(changes, side)
    starts = list(changes["day"])
    names, colors = atlas.party_names(), atlas.party_colors()
    holders: dict[tuple[tuple[str, ...], bool, str], tuple[str, str]] = {}

    def holder(controllers: tuple[str, ...], confirmed: bool, presumed: str) -> tuple[str, str]:
        # A busy crossing repeats a handful of holder sets thousands of times: word each once.
        key = (controllers, confirmed, presumed)
        if key not in holders:
            if len(controllers) == 1:
                color = colors.get(controllers[0], UNKNOWN_COLOR)
            elif controllers:
                color = _CONTESTED_COLOR
            else:
                color = colors.get(presumed, UNKNOWN_COLOR) if presumed else UNKNOWN_COLOR
            state = {"controllers": controllers, "confirmed": confirmed, "presumed": presumed}
            holders[key] = (holder_text(state, names), color)
        return holders[key]

    presumed = changes["presumed"] if "presumed" in changes else [""] * len(changes)
    worded = [
        holder(c, bool(k), p) for c, k, p in zip(changes["controllers"], changes["confirmed"], presumed, strict=True)
    ]
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


def _side_changes(changes: pd.DataFrame, side: str) -> pd.DataFrame:
    """One side's own steps (``day``, ``controllers``, ``confirmed``, ``contested``, ``status``,
    ``presumed``), keeping only those on which that side changes.

    A side no report speaks of yet on a day reads as holder and status unknown there.
    """
    if side not in SIDES:
        raise ValueError(f"not a side: {side!r} (one of {', '.join(SIDES)})")
    columns = ("controllers", "confirmed", "contested", "status", "presumed")
    own = pd.DataFrame({"day": changes["day"], **{c: changes[f"{side}_{c}"] for c in columns}})
    own["controllers"] = [c if isinstance(c, tuple) else () for c in own["controllers"]]
    own["status"] = own["status"].where(own["status"].notna() & (own["status"] != ""), "unknown")
    own["presumed"] = [p if isinstance(p, str) else "" for p in own["presumed"]]
    own["confirmed"] = own["confirmed"].fillna(False).astype(bool)
    own["contested"] = own["contested"].fillna(False).astype(bool)
    state = own[list(columns)].astype(str).agg("|".join, axis=1)
    return own[(state != state.shift()).to_numpy()].reset_index(drop=True)


def named_sides(atlas: Atlas, crossing_id: str) -> list[tuple[str, str]]:
    """The crossing's sides as ``(side, label)``, ``country_a``'s first, when some report of it
    names a side (``[("a", "Afghan side"), ("b", "Pakistani side")]``); empty when none does."""
    timeline = atlas.timeline
    if crossing_id not in timeline.crossing_ids:
        return []
    codes, _ = timeline.report_keys()
    own = codes == timeline.crossing_ids.index(crossing_id)
    if not np.any(timeline.report_sides()[own] >= 0):
        return []
    crossing = atlas.crossings.set_index("crossing_id").loc[crossing_id]
    return [(side, _side_name(crossing[f"country_{side}"], side)) for side in SIDES]


def _side_name(country: object, side: str) -> str:
    return side_label(country) if isinstance(country, str) and country else f"side {side.upper()}"


def history_bands(atlas: Atlas, crossing_id: str, *, until: date | None = None) -> pd.DataFrame:
    """The bars of a crossing's history chart (see :func:`chart_bands`): a band of holders and one
    of statuses for each side its reports name ("Afghan side: held by", ...), else for the
    whole crossing. :func:`band_order` gives the bands top to bottom."""
    sides = named_sides(atlas, crossing_id)
    if not sides:
        return chart_bands(state_runs(atlas, crossing_id, until=until))
    parts = [chart_bands(state_runs(atlas, crossing_id, until=until, side=side), side=label) for side, label in sides]
    return pd.concat(parts, ignore_index=True)


def band_order(bands: pd.DataFrame) -> list[str]:
    """The bands of ``bands`` top to bottom: the whole crossing's, or each side's in turn."""
    return list(dict.fromkeys(bands["band"]))


def chart_bands(runs: pd.DataFrame, *, side: str | None = None) -> pd.DataFrame:
    """The bars of the history chart: each run twice, once in the "held by" band and once in "status"
    (of ``side``, a side's label, when the runs are that side's: "Afghan side: held by").

    ``start`` and ``end`` are timestamps for the time axis; ``first_day`` is the run's
    first day as ISO text, the value a click hands back (see :func:`band_day`).
    """
    held, status_band = (SIDE_BAND.format(side=side, band=b) for b in BANDS) if side else BANDS
    holder = runs.assign(band=held, label=runs["holder"], fill=runs["color"])
    status = runs.assign(band=status_band, label=runs["status"], fill=runs["status"].map(STATUS_SHADES))
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
