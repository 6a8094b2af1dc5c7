"""A deliberately plain restatement of the as-of rule, used to check geo.asof.Timeline.

It follows the README's wording line by line, one crossing and one day at a time,
with none of the Timeline's precomputation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from geo.atlas import Atlas
from geo.dates import day_from_number

SEVERITY = {"unknown": 0, "open": 1, "restricted": 2, "sealed": 3}


@dataclass(frozen=True)
class Claim:
    day: date
    claimant: str
    controller: str
    status: str


def resolve(claims: list[Claim], day: date, stale_after_days: int) -> dict[str, object]:
    seen = [c for c in claims if c.day <= day]
    state: dict[str, object] = {
        "controllers": (),
        "confirmed": False,
        "status": "unknown",
        "status_disputed": False,
        "last_report": None,
        "stale": False,
        "claimants": (),
    }
    if not seen:
        return state
    last = max(c.day for c in seen)
    state["last_report"] = last
    state["stale"] = (day - last).days > stale_after_days
    naming = [c for c in seen if c.controller]
    if naming:
        control_day = max(c.day for c in naming)
        that_day = [c for c in naming if c.day == control_day]
        controllers = tuple(sorted({c.controller for c in that_day}))
        state["controllers"] = controllers
        # Who named each controller that day, "" for an independent observer.
        state["claimants"] = tuple(
            tuple(sorted({c.claimant for c in that_day if c.controller == k})) for k in controllers
        )
        if len(controllers) == 1:
            state["confirmed"] = any(c.claimant != controllers[0] for c in that_day)
    stating = [c for c in seen if c.status]
    if stating:
        status_day = max(c.day for c in stating)
        statuses = {c.status for c in stating if c.day == status_day}
        known = statuses - {"unknown"}
        state["status"] = max(statuses, key=SEVERITY.__getitem__)
        state["status_disputed"] = len(known) > 1
    return state


def per_day_runs(atlas: Atlas, crossing_id: str, *, until: date | None = None) -> list[dict[str, object]]:
    """The history runs the slow, obvious way: the state of every crossing resolved once per change day.

    This is how :func:`geo.runs.state_runs` used to work (69 s for a busy crossing
    of 200,000 reports); kept to check that the timeline's own steps give the same runs.
    """
    days = [day_from_number(int(d)) for d in atlas.timeline.change_days([crossing_id])]
    if not days:
        return []
    last = max(until or days[-1], days[-1])
    runs = []
    for start, end in zip(days, [*days[1:], last + timedelta(days=1)], strict=True):
        states = atlas.states(start)
        state = states[states["crossing_id"] == crossing_id].iloc[0]
        runs.append(
            {
                "start": start,
                "end": end,
                "controllers": tuple(state["controllers"]),
                "status": state["status"],
                "confirmed": bool(state["confirmed"]),
                "contested": bool(state["contested"]),
            }
        )
    return runs
