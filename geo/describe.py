"""Plain-language words about states and claims: the one wording of a state, for the story, the
tables, the map's hover text, the upload preview, the compare page, the exports and the footnotes.
Its parts that have a module of their own: the status per kind of traffic (:mod:`geo.traffic_text`),
permission (:mod:`geo.permission_text`), who vouches for a holder (:mod:`geo.corroboration`), and
the table of states (:mod:`geo.state_table`).

A state has a long form, for sentences (:func:`holder_text`, :func:`state_sentence`), and a
short form, for a table cell (:func:`held_by_text`, :func:`state_cell_text`); they say the
same things (contested, unconfirmed, unknown, disputed) in fewer words.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import pandas as pd

from geo.arrays import object_array
from geo.grading import with_grades
from geo.names import country_name, side_label, side_name
from geo.sides import SIDES
from geo.state_frame import SIDE_STATE_COLUMNS
from geo.traffic_text import side_parts, traffic_detail, traffic_text


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of ``frame`` (a state frame, a report frame) as dicts keyed by column name: what
    the functions here take."""
    return [{str(k): v for k, v in row.items()} for row in frame.to_dict("records")]


def present(value: Any) -> bool:
    return isinstance(value, str) and value != ""


def side_states(state: Mapping[str, Any]) -> list[tuple[str, dict[str, Any]]] | None:
    """Each side's country and its own state (``controllers``, ``confirmed``, ``status``, ...) when
    the two sides' holders differ; None when one wording speaks for the whole crossing (or
    ``state`` has no sides). Each wording leaves out a side with no holder named, so that one
    side's holder is never said for the whole crossing."""
    if "a_controllers" not in state or "country_a" not in state:
        return None
    if all(state.get(f"a_{c}") == state.get(f"b_{c}") for c in ("controllers", "confirmed", "presumed")):
        return None
    return [
        (str(state[f"country_{side}"]), {c: state.get(f"{side}_{c}") for c in SIDE_STATE_COLUMNS}) for side in SIDES
    ]


def _held(side: Mapping[str, Any]) -> bool:
    """Whether a side's holder is known, named or presumed."""
    return bool(side["controllers"]) or bool(side.get("presumed"))


def _holder_of(state: Mapping[str, Any], names: Mapping[str, str]) -> str:
    controllers = [names.get(c, c) for c in state["controllers"]]
    if not controllers and state.get("presumed"):
        return f"held by {names.get(state['presumed'], state['presumed'])} (presumed: its own side)"
    if len(controllers) > 1:
        return "contested between " + " and ".join(controllers)
    if controllers:
        return f"held by {controllers[0]}" + ("" if state["confirmed"] else " (unconfirmed: only its own claim)")
    return "holder unknown"


def holder_text(state: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """Who holds the crossing, in words: contested and unconfirmed said outright; each side apart
    when their holders differ ("the Afghan side contested between ..., the Pakistani side held by ...")."""
    sides = side_states(state)
    if sides is None:
        return _holder_of(state, names)
    # A side no report names a holder for is left unsaid: "holder unknown" there would be noise.
    return ", ".join(f"{side_name(country)} {_holder_of(side, names)}" for country, side in sides if _held(side))


def status_text(state: Mapping[str, Any]) -> str:
    """The status in words: the side it comes from when the sides' differ ("sealed from the Pakistani
    side"), what it is for each kind of traffic and way where reports tell them apart, and
    *disputed* when that day's reports disagree."""
    status = str(state["status"])
    if state.get("status_side"):
        status += f" from {side_name(str(state['status_side']))}"
    if detail := traffic_detail(state):
        status += f" ({detail})"
    return f"{status} (disputed: reports that day disagree)" if state["status_disputed"] else status


def passage_text(state: Mapping[str, Any]) -> str:
    """A traveller's answer to "can one cross today?", from the most restrictive side.

    >>> passage_text({"status": "sealed", "status_side": "PAK", "status_disputed": False})
    'No: sealed from the Pakistani side.'
    """
    answer = {"open": "Yes", "restricted": "Only in part", "sealed": "No"}.get(str(state["status"]), "Not known")
    if answer == "Not known":
        return "Not known: no report says whether it is open."
    return f"{answer}: {status_text(state)}."


def state_text(state: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """Who holds a crossing and its status, e.g. ``'held by Taliban · sealed'`` (a map's hover text)."""
    return f"{holder_text(state, names)} · {status_text(state)}"


def crossing_label(state: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """The hover text of a crossing: its name, who holds it and its status, in plain text."""
    return f"{state['name']} · {state_text(state, names)}"


def state_sentence(state: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """One sentence summing up a crossing's state.

    >>> state_sentence({"name": "X", "controllers": ("a",), "confirmed": True, "status": "open",
    ...                 "status_disputed": False, "last_report": None, "stale": False}, {"a": "A"})
    'X: held by A; open; no reports yet.'
    """
    last = state["last_report"]
    when = f"last report {last.isoformat()}" if last else "no reports yet"
    stale = " (stale)" if state["stale"] else ""
    until = state.get("date_uncertain_until")
    uncertain = (
        f"; it rests on a report dated as a range, uncertain until {until.isoformat()}"
        if isinstance(until, date)
        else ""
    )
    return f"{state['name']}: {holder_text(state, names)}; {status_text(state)}; {when}{stale}{uncertain}."


def claim_text(report: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """What one report claims, e.g. ``'held by Taliban; sealed'``, ``'sealed on the Pakistani side'``
    or ``'no claim'``."""
    parts = []
    if present(report.get("controller")):
        parts.append(f"held by {names.get(report['controller'], report['controller'])}")
    if present(report.get("status")):
        status = str(report["status"])
        if present(report.get("traffic")):
            status += f" for {report['traffic']}"
        if present(report.get("direction")):
            status += f" towards {country_name(str(report['direction']))}"
        parts.append(status)
    claim = "; ".join(parts) or "no claim"
    return f"{claim} on {side_name(str(report['side']))}" if parts and present(report.get("side")) else claim


def _cells(column: pd.Series) -> pd.Series:
    """Text cells with missing values as "" (a text column stays as it is stored)."""
    return column.fillna("").astype(str)


def claims_table(reports: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """Reports as readers see them: who claims what, on whose word, how sure, where.

    Worded once per distinct claimant and per distinct claim (a busy crossing has tens
    of thousands of reports but a few dozen of each), then spread over the rows.
    """
    claimants = _cells(reports["claimant"])
    claimant_names = {c: names.get(c, c) if c else "independent observer" for c in claimants.unique()}
    controllers, controller_values = pd.factorize(_cells(reports["controller"]))
    # A status with its traffic and direction, as one value: files without them have the status alone.
    stated = _cells(reports["status"])
    for column in ("traffic", "direction"):
        if column in reports.columns:
            stated = stated + "|" + _cells(reports[column])
    statuses, status_values = pd.factorize(stated)
    said, pairs = pd.factorize(controllers * max(len(status_values), 1) + statuses)
    claims = object_array(
        [
            claim_text(
                {
                    "controller": controller_values[p // len(status_values)],
                    **dict(
                        zip(
                            ("status", "traffic", "direction"),
                            str(status_values[p % len(status_values)]).split("|"),
                            strict=False,
                        )
                    ),
                },
                names,
            )
            for p in pairs.tolist()
        ]
    )
    links = _cells(reports["url"]).to_numpy(dtype=object)
    links[links == ""] = None
    graded = with_grades(reports)
    return pd.DataFrame(
        {
            "date": reports["date"].to_numpy(dtype=object),
            "claimant": claimants.map(claimant_names).to_numpy(dtype=object),
            "claim": claims[said],
            "side": _cells(reports["side"]).to_numpy(dtype=object),
            "source": reports["source"].to_numpy(dtype=object),
            "speaker": _cells(reports["attribution"]).to_numpy(dtype=object),
            "grade": graded["grade"].to_numpy(dtype=object),
            "origin": graded["origin_name"].to_numpy(dtype=object),
            "confidence": reports["confidence"].to_numpy(dtype=object),
            "link": links,
            "note": _cells(reports["note"]).to_numpy(dtype=object),
        },
        dtype=object,
    )


def held_by_text(state: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """:func:`holder_text` as a table cell: "Taliban", "Taliban (unconfirmed)", "contested: A and B",
    "holder unknown".

    >>> held_by_text({"controllers": ("g", "t"), "confirmed": False}, {"g": "Afghan government", "t": "Taliban"})
    'contested: Afghan government and Taliban'
    """
    sides = side_states(state)
    if sides is not None:
        return "; ".join(
            f"{side_label(country)}: {held_by_text(side, names)}" for country, side in sides if _held(side)
        )
    controllers = [str(names.get(c, c)) for c in state["controllers"]]
    if not controllers and state.get("presumed"):
        return f"{names.get(state['presumed'], state['presumed'])} (presumed)"
    if len(controllers) > 1:
        return "contested: " + " and ".join(controllers)
    if controllers:
        return controllers[0] + ("" if state["confirmed"] else " (unconfirmed)")
    return "holder unknown"


def state_cell_text(state: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """A whole state in one table cell: holder, then status, e.g. ``'Taliban; sealed'``.

    >>> state_cell_text({"controllers": (), "confirmed": False, "status": "open", "status_disputed": True}, {})
    'holder unknown; open (disputed: reports that day disagree)'
    """
    return f"{held_by_text(state, names)}; {status_text(state)}"


def _side_status_text(state: Mapping[str, Any], side: str) -> str:
    status = str(state.get(f"{side}_status") or "unknown")
    countries = (str(state.get("country_a", "")), str(state.get("country_b", "")))
    parts = side_parts(state, side)
    detail = traffic_text(parts, countries) if parts else ""
    return f"{status} ({detail})" if detail else status


def side_change(
    before: Mapping[str, Any], after: Mapping[str, Any], names: Mapping[str, str]
) -> tuple[str, str, str] | None:
    """When only one side of a crossing changes between two of its states: that side's country,
    and what changed on it before and after, in words (its status alone when its holder stays,
    its holder alone when its status stays); None when both sides change, or neither.

    >>> was = {"country_a": "AFG", "country_b": "PAK", "a_controllers": ("t",), "b_controllers": (),
    ...        "a_confirmed": False, "b_confirmed": False, "a_presumed": "", "b_presumed": "p",
    ...        "a_status": "unknown", "b_status": "open"}
    >>> side_change(was, was | {"b_status": "sealed"}, {"p": "Pakistan"})
    ('PAK', 'open', 'sealed')
    """
    if not before.get("country_a") or "a_controllers" not in before:
        return None
    fields = ("controllers", "confirmed", "presumed", "status", "parts")
    moved = [s for s in SIDES if any(before.get(f"{s}_{f}") != after.get(f"{s}_{f}") for f in fields)]
    if len(moved) != 1:
        return None
    side = moved[0]
    held = [held_by_text({c: state.get(f"{side}_{c}") for c in SIDE_STATE_COLUMNS}, names) for state in (before, after)]
    status = [_side_status_text(state, side) for state in (before, after)]
    if held[0] == held[1]:
        worded = status
    elif status[0] == status[1]:
        worded = held
    else:
        worded = [f"{h}, {s}" for h, s in zip(held, status, strict=True)]
    return str(before[f"country_{side}"]), worded[0], worded[1]


def change_sentence(change: Mapping[str, Any]) -> str:
    """One change of an upload's preview (``name``, ``date``, ``side``, ``before``, ``after``) as a
    sentence: "the Pakistani side of Spin Boldak-Chaman goes from open to sealed on 2021-07-14"."""
    subject = f"{side_name(str(change['side']))} of {change['name']}" if change.get("side") else str(change["name"])
    return f"{subject} goes from {change['before']} to {change['after']} on {change['date']}"
