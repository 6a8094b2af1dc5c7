"""What data staff want to hear about: a crossing that is contested, an authorisation about to lapse, a
crossing gone stale (the standing alerts of a day), and, after a write, each crossing whose state it
changed along with the standing alerts the write raised (:func:`new_alerts`).

A day's alerts are read off its states (:meth:`geo.atlas.Atlas.states`) and authorisations, so they
say what the map and the feed say.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from geo.atlas import Atlas
from geo.change_records import change_words
from geo.changes import CHANGE_FIELDS
from geo.describe import held_by_text, records
from geo.names import side_label
from geo.permission_text import authorisation_text

#: The kinds of alert, in the order they are listed.
ALERT_KINDS: Final = ("changed", "contested", "expiring", "stale")
#: An authorisation ending within this many days is about to lapse, unless a setting says otherwise.
EXPIRING_WITHIN_DAYS: Final = 14


@dataclass(frozen=True)
class Alert:
    """One alert: its kind, the crossing, the day it holds on, and what it says."""

    kind: str
    crossing_id: str
    name: str
    region: str
    day: date
    text: str
    #: What tells two alerts of one kind on one crossing apart (the authorisation that lapses).
    about: str = ""

    @property
    def key(self) -> str:
        return f"borderwatch:alert:{self.kind}:{self.crossing_id}:{self.about}:{self.day.isoformat()}"

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "crossing_id": self.crossing_id,
            "name": self.name,
            "region": self.region,
            "day": self.day.isoformat(),
            "text": self.text,
        }


def _alert(kind: str, state: dict[str, Any], day: date, text: str, about: str = "") -> Alert:
    return Alert(kind, str(state["crossing_id"]), str(state["name"]), str(state.get("region") or ""), day, text, about)


def standing_alerts(
    atlas: Atlas, day: date, *, expiring_within: int = EXPIRING_WITHIN_DAYS, region: str | None = None
) -> list[Alert]:
    """The alerts that hold on ``day``: contested crossings, authorisations in force that end within
    ``expiring_within`` days, and stale crossings (no report for the atlas's stale days)."""
    states = atlas.view(day, region=region).framed
    names = atlas.party_names()
    by_id = {str(state["crossing_id"]): state for state in records(states)}
    found = [
        _alert("contested", state, day, f"{state['name']} is contested: {held_by_text(state, names)}")
        for state in by_id.values()
        if state["contested"]
    ]
    authorisations = atlas.authorisations_at(day)
    for row in records(authorisations):
        state = by_id.get(str(row["crossing_id"]))
        left = row.get("days_left")
        if state is not None and row["in_force"] and left is not None and int(left) <= expiring_within:
            text = f"{state['name']}: {authorisation_text(row, names)}"
            found.append(_alert("expiring", state, day, text, about=str(row["authorisation_id"])))
    found += [
        _alert("stale", state, day, f"{state['name']} is stale: its last report is of {state['last_report']}")
        for state in by_id.values()
        if state["stale"] and state["last_report"] is not None
    ]
    return found


def new_alerts(before: Atlas, after: Atlas, day: date, *, expiring_within: int = EXPIRING_WITHIN_DAYS) -> list[Alert]:
    """What a write raised, seen on ``day``: each crossing whose state it changed ("changed"), then the
    standing alerts of ``after`` that ``before`` did not have."""
    was = {str(s["crossing_id"]): s for s in records(before.states(day))}
    names = after.party_names()
    found = []
    for now in records(after.states(day)):
        old = was.get(str(now["crossing_id"]))
        if old is None or all(old.get(c) == now.get(c) for c in CHANGE_FIELDS):
            continue
        side, said_before, said_after = change_words(old, now, names)
        where = f"{now['name']}" + (f", {side_label(side)}" if side else "")
        found.append(_alert("changed", now, day, f"{where}: from {said_before} to {said_after}"))
    known = {alert.key for alert in standing_alerts(before, day, expiring_within=expiring_within)}
    found += [a for a in standing_alerts(after, day, expiring_within=expiring_within) if a.key not in known]
    return found
