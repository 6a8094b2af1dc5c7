"""Moving through time: the next and previous change under a filter, what changed between two dates,
and every change one by one, newest first (what the API's changes and the Atom feed list)."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from datetime import date, timedelta
from typing import Any, Final, Literal

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
#: What a change is a change of: the holders and status, of the crossing and of each side, and the authorisations.
CHANGE_FIELDS: Final = (
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
    moved = np.zeros(len(both), dtype=bool)
    for column in (c for c in CHANGE_FIELDS if c in was.columns):
        moved |= was[column].to_numpy() != now[column].to_numpy()
    rows = [
        _difference(
            atlas,
            str(cid),
            {"crossing_id": cid, **before.loc[cid].to_dict()},
            {"crossing_id": cid, **after.loc[cid].to_dict()},
            early,
            late,
        )
        for cid in both[moved]
    ]
    return pd.DataFrame(rows, columns=list(DIFFERENCE_COLUMNS))


def change_days(atlas: Atlas, crossing_filter: CrossingFilter) -> list[date]:
    """Every day on which a crossing the filter's region, country and name parts select changes state.

    These mark the timeline; stepping (``step_change``) also applies the parts that depend on the day.
    """
    static = atlas.crossings[crossing_filter.static_mask(atlas.crossings)]
    return [day_from_number(int(n)) for n in atlas.change_days(list(static["crossing_id"]))]


def _difference(
    atlas: Atlas, cid: str, was: Mapping[str, Any], now: Mapping[str, Any], early: date, late: date
) -> dict[str, Any]:
    """One crossing's change from its state as of ``early`` (``was``) to its state as of ``late``
    (``now``), as a row of :func:`changes_between`: with the reports, dated after ``early``, that
    decide the later state on what changed (its holder, its status, or both)."""
    compared = [c for c in CHANGE_FIELDS if c in was]
    control_moved = any(was[c] != now[c] for c in compared if c.endswith("controllers"))
    status_moved = any(was[c] != now[c] for c in compared if c.endswith("status"))
    deciding = atlas.deciding(cid, late, state=dict(now))
    named = deciding["controller"].fillna("").astype(bool) & control_moved
    stated = deciding["status"].fillna("").astype(bool) & status_moved
    made_it = deciding[(deciding["date"] > early) & (named | stated)]
    return {
        "crossing_id": cid,
        "name": now["name"],
        "controllers_before": was["controllers"],
        "controllers_after": now["controllers"],
        "confirmed_before": bool(was["confirmed"]),
        "confirmed_after": bool(now["confirmed"]),
        "status_before": was["status"],
        "status_after": now["status"],
        "report_ids": [int(r) for r in made_it["report_id"]],
        # Whole, for the one wording of a state (geo.describe), sides and all.
        "state_before": dict(was),
        "state_after": dict(now),
    }


def change_steps(
    atlas: Atlas, crossing_ids: Collection[str] | None = None, *, first: date | None = None, last: date | None = None
) -> Iterator[tuple[date, str]]:
    """Every (day, crossing id) from ``first`` to ``last`` (default all time) on which the state or the
    authorisations of one of ``crossing_ids`` (default all) may change, newest day first, crossings in
    id order within a day. Worked out as arrays, then given one by one as asked for."""
    state_days, state_codes = atlas.timeline.change_steps()
    turn_days, turn_codes = atlas.mandates.change_steps()
    days = np.concatenate([state_days, turn_days]).astype(np.int64)
    codes = np.concatenate([state_codes, turn_codes]).astype(np.int64)
    ids = np.asarray(atlas.timeline.crossing_ids, dtype=object)
    keep = np.ones(len(days), dtype=bool)
    if crossing_ids is not None:
        wanted = pd.Index(ids).get_indexer(pd.Index(list(crossing_ids)))
        keep &= np.isin(codes, wanted[wanted >= 0])
    if first is not None:
        keep &= days >= day_number(first)
    if last is not None:
        keep &= days <= day_number(last)
    days, codes = days[keep], codes[keep]
    by_id = np.argsort(np.argsort(ids.astype(str), kind="stable"), kind="stable")  # each crossing's rank by id
    order = np.lexsort((by_id[codes], -days))
    days, codes = days[order], codes[order]
    repeated = np.zeros(len(days), dtype=bool)
    repeated[1:] = (days[1:] == days[:-1]) & (codes[1:] == codes[:-1])
    for day, code in zip(days[~repeated].tolist(), codes[~repeated].tolist(), strict=True):
        yield day_from_number(day), str(ids[code])


def recent_changes(
    atlas: Atlas,
    *,
    first: date | None = None,
    last: date | None = None,
    crossing_ids: Collection[str] | None = None,
    skip: int = 0,
    limit: int = 100,
) -> tuple[list[dict[str, Any]], bool]:
    """Each change of a crossing's holder, status or authorisations between ``first`` and ``last``
    (both included; default: all time), newest first: ``limit`` of them after skipping ``skip``, and
    whether more follow.

    Each is a row of :func:`changes_between` from the day before to the day of the change, with its
    ``date``. Only the changes asked for are worked out, one crossing at a time, so the newest few of
    a million reports are as quick as those of a hundred.
    """
    found: list[dict[str, Any]] = []
    for day, cid in change_steps(atlas, crossing_ids, first=first, last=last):
        before = day - timedelta(days=1)
        was, now = atlas.state(cid, before), atlas.state(cid, day)
        if all(was[c] == now[c] for c in CHANGE_FIELDS):
            continue  # a step that changes nothing a change counts, e.g. a holder confirmed
        if len(found) == skip + limit:
            return found[skip:], True
        found.append({"date": day, **_difference(atlas, cid, was, now, before, day)})
    return found[skip:], False
