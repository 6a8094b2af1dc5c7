"""Plain-language words about states and claims: the one wording of a state, for the story, the
tables, the map's hover text, the upload preview, the compare page, the exports and the footnotes.

A state has a long form, for sentences (:func:`holder_text`, :func:`state_sentence`), and a
short form, for a table cell (:func:`held_by_text`, :func:`state_cell_text`); they say the
same things (contested, unconfirmed, unknown, disputed) in fewer words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

import numpy as np
import pandas as pd

from geo.arrays import object_array
from geo.asof import SIDE_STATE_COLUMNS
from geo.model import STATUS_SEVERITY, TRAFFIC_KINDS
from geo.names import country_name, side_label, side_name
from geo.sides import SIDES
from geo.traffic import PART_COUNT, UNIFORM, UNSTATED, unpack

#: Party kinds written with "the" in running text ("claimed by the Taliban").
_KINDS_WITH_ARTICLE: Final = frozenset({"armed-group"})
#: Who an empty claimant is: a report from no party.
INDEPENDENT: Final = "an independent observer"
#: Columns of :func:`state_table`.
STATE_TABLE_COLUMNS: Final = (
    "crossing",
    "held by",
    "status",
    "corroboration",
    "permission",
    "last report",
    "sources",
)


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of ``frame`` (a state frame, a report frame) as dicts keyed by column name: what
    the functions here take."""
    return [{str(k): v for k, v in row.items()} for row in frame.to_dict("records")]


def _present(value: Any) -> bool:
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


_STATUS_WORDS: Final = {severity: status for status, severity in STATUS_SEVERITY.items()}


def _scope(parts: Sequence[int], countries: tuple[str, str], *, only: bool = True) -> str:
    """The traffic the parts ``parts`` (indices of :mod:`geo.traffic`) cover: "for people and goods",
    "towards Egypt only, for people" (or, not ``only``, "for people towards Egypt"), or "" for all of it."""
    if len(parts) == PART_COUNT:
        return ""
    both = [kind for i, kind in enumerate(TRAFFIC_KINDS) if {2 * i, 2 * i + 1} <= set(parts)]
    phrases = [f"for {_listed(both)}"] if both else []
    for towards in (0, 1):
        one_way = [k for i, k in enumerate(TRAFFIC_KINDS) if 2 * i + towards in parts and k not in both]
        if one_way:
            country = country_name(countries[towards])
            kinds = _listed(one_way)
            phrases.append(f"towards {country} only, for {kinds}" if only else f"for {kinds} towards {country}")
    return "; ".join(phrases) if only else ", nor ".join(phrases)


def traffic_text(parts: Sequence[int], countries: tuple[str, str]) -> str:
    """A side's status per kind of traffic and direction, from the severity of each of its parts
    (:data:`geo.traffic.UNSTATED` for none); "" when every part has the same status.

    >>> traffic_text([1, 3, 3, 3, 3, 3], ("EGY", "PSE"))
    'open towards Egypt only, for people; sealed otherwise'
    >>> traffic_text([1, 1, 3, 3, UNSTATED, UNSTATED], ("MMR", "CHN"))
    'open for people; sealed for goods; not stated for aid'
    """
    if len(set(parts)) == 1:
        return ""
    groups: dict[int, list[int]] = {}
    for index, severity in enumerate(parts):
        groups.setdefault(UNSTATED if severity in (UNSTATED, 0) else severity, []).append(index)
    stated = {k: v for k, v in groups.items() if k != UNSTATED}
    # With every part stated, the status of most parts reads as the rest ("sealed otherwise").
    rest = max(stated, key=lambda k: (len(stated[k]), k)) if UNSTATED not in groups and len(stated) > 1 else None
    phrases = [f"{_STATUS_WORDS[k]} {_scope(v, countries)}" for k, v in sorted(stated.items()) if k != rest]
    if rest is not None:
        phrases.append(f"{_STATUS_WORDS[rest]} otherwise")
    if UNSTATED in groups:
        phrases.append(f"not stated {_scope(groups[UNSTATED], countries, only=False)}")
    return "; ".join(phrases)


def _side_parts(state: Mapping[str, Any], side: str) -> list[int] | None:
    """A side's parts, or None when it states one status for all traffic."""
    packed = state.get(f"{side}_parts")
    # Missing in a state from before a step (None, NaN, ""): one status for all traffic.
    if not isinstance(packed, int | float | np.integer) or packed != packed or int(packed) == UNIFORM:
        return None
    parts: list[int] = unpack(np.array([int(packed)], dtype=np.int64), np.zeros(1, dtype=np.int64))[0].tolist()
    return parts


def _traffic_detail(state: Mapping[str, Any]) -> str:
    """What the deciding side says per kind of traffic (each side's when they agree on the status
    and differ in detail); "" when the status is for all traffic."""
    if "country_a" not in state or not any(_side_parts(state, side) for side in SIDES):
        return ""
    countries = (str(state["country_a"]), str(state["country_b"]))
    deciding = {countries[0]: "a", countries[1]: "b"}.get(str(state.get("status_side") or ""))
    texts = {side: traffic_text(parts, countries) for side in SIDES if (parts := _side_parts(state, side))}
    if deciding:
        return texts.get(deciding, "")
    if len(texts) == 2 and texts["a"] != texts["b"]:
        sides = zip(SIDES, countries, strict=True)
        return "; ".join(f"on {side_name(country)} {texts[side]}" for side, country in sides)
    return next(iter(texts.values()), "")


def status_text(state: Mapping[str, Any]) -> str:
    """The status in words: the side it comes from when the sides' differ ("sealed from the Pakistani
    side"), what it is for each kind of traffic and way where reports tell them apart, and
    *disputed* when that day's reports disagree."""
    status = str(state["status"])
    if state.get("status_side"):
        status += f" from {side_name(str(state['status_side']))}"
    if detail := _traffic_detail(state):
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


def _expiry(days_left: int) -> str:
    if days_left == 0:
        return "expires today"
    return "expires tomorrow" if days_left == 1 else f"expires in {days_left} days"


def authorisation_text(row: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """One authorisation as of a day (a row of :meth:`geo.mandates.Mandates.at`), in words.

    >>> from datetime import date
    >>> row = {"title": "UN Security Council resolution 2165", "issuer": "unsc", "effect": "permits",
    ...        "traffic": "aid", "in_force": True, "end_date": date(2015, 1, 10), "days_left": 12}
    >>> authorisation_text(row, {})
    'UN Security Council resolution 2165: permits aid, in force until 2015-01-10, expires in 12 days'
    >>> authorisation_text(row | {"in_force": False, "days_left": None}, {})
    'UN Security Council resolution 2165: lapsed 2015-01-10'
    """
    who = str(row["title"]) if _present(row.get("title")) else names.get(str(row["issuer"]), str(row["issuer"]))
    end = row.get("end_date")
    if not row["in_force"]:
        # Only a record with an end lapses; the rule never calls an open-ended one out of force.
        ended = end.isoformat() if end else "?"
        return f"{who}: lapsed {ended}" if row["effect"] == "permits" else f"{who}: ended {ended}"
    traffic = str(row["traffic"]) if _present(row.get("traffic")) else "all traffic"
    until = f"in force until {end.isoformat()}, {_expiry(int(row['days_left']))}" if end else "open-ended"
    return f"{who}: {row['effect']} {traffic}, {until}"


def permission_text(state: Mapping[str, Any]) -> str:
    """The authorisations of a state (:data:`geo.mandates.SUMMARY_COLUMNS`) as a table cell:
    "authorised until 2015-01-10 (12 days)", "forbidden", "lapsed 2023-07-10", or "".

    >>> permission_text({"authorised": True, "authorised_until": None, "forbidden": False})
    'authorised, open-ended'
    """
    said = []
    if state.get("authorised"):
        until, left = state.get("authorised_until"), state.get("authorised_days_left")
        left_text = f" ({_expiry(int(left))})" if left is not None else ""
        ending = f"authorised until {until.isoformat()}{left_text}" if until else "authorised, open-ended"
        said.append(ending)
    if state.get("forbidden"):
        said.append("forbidden")
    if state.get("authorisation_lapsed") and not state.get("authorised"):
        said.append(f"lapsed {state['authorisation_lapsed'].isoformat()}")
    return "; ".join(said)


def authorisations_text(rows: pd.DataFrame, names: Mapping[str, str]) -> str:
    """The authorisations of one crossing as of a day, in force first; "none" when it has none."""
    return "; ".join(authorisation_text(row, names) for row in records(rows)) or "none"


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
    return f"{state['name']}: {holder_text(state, names)}; {status_text(state)}; {when}{stale}."


def claim_text(report: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """What one report claims, e.g. ``'held by Taliban; sealed'``, ``'sealed on the Pakistani side'``
    or ``'no claim'``."""
    parts = []
    if _present(report.get("controller")):
        parts.append(f"held by {names.get(report['controller'], report['controller'])}")
    if _present(report.get("status")):
        status = str(report["status"])
        if _present(report.get("traffic")):
            status += f" for {report['traffic']}"
        if _present(report.get("direction")):
            status += f" towards {country_name(str(report['direction']))}"
        parts.append(status)
    claim = "; ".join(parts) or "no claim"
    return f"{claim} on {side_name(str(report['side']))}" if parts and _present(report.get("side")) else claim


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
    return pd.DataFrame(
        {
            "date": reports["date"].to_numpy(dtype=object),
            "claimant": claimants.map(claimant_names).to_numpy(dtype=object),
            "claim": claims[said],
            "side": _cells(reports["side"]).to_numpy(dtype=object),
            "source": reports["source"].to_numpy(dtype=object),
            "speaker": _cells(reports["attribution"]).to_numpy(dtype=object),
            "confidence": reports["confidence"].to_numpy(dtype=object),
            "link": links,
            "note": _cells(reports["note"]).to_numpy(dtype=object),
        },
        dtype=object,
    )


def party_mention(party_id: str, names: Mapping[str, str], kinds: Mapping[str, str] | None = None) -> str:
    """A party as running text names it: "the Taliban", "the Afghan government", "Pakistan".

    "The" goes before an armed group and before a name with a common noun in it (a
    lowercase word: "Afghan government", "Myanmar military"); a state's proper name
    stands alone. Without ``kinds`` only the second rule applies.

    >>> party_mention("taliban", {"taliban": "Taliban"}, {"taliban": "armed-group"})
    'the Taliban'
    """
    name = names.get(party_id, party_id)
    words = name.split()
    if words and words[0].casefold() == "the":
        return name
    common_noun = any(w[0].isalpha() and w[0].islower() for w in words[1:])
    armed = (kinds or {}).get(party_id) in _KINDS_WITH_ARTICLE
    return f"the {name}" if common_noun or armed else name


def _listed(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def holder_corroboration(
    holder: str,
    claimants: Sequence[str],
    names: Mapping[str, str],
    kinds: Mapping[str, str] | None = None,
    where: str = "",
) -> str:
    """Who names ``holder`` as holding a crossing: its own claim, and who vouches for it.

    ``claimants`` are the parties whose reports on the deciding day name ``holder``
    (``""`` for an independent observer).

    >>> names = {"taliban": "Taliban", "pakistan": "Pakistan", "afghan-government": "Afghan government"}
    >>> holder_corroboration("taliban", ["pakistan", "taliban"], names, {"taliban": "armed-group"})
    'Taliban: claimed by the Taliban, confirmed by Pakistan'
    >>> holder_corroboration("afghan-government", ["afghan-government"], names)
    'Afghan government: claimed by the Afghan government only'
    """
    own = holder in claimants
    others = sorted({c for c in claimants if c and c != holder}, key=lambda c: names.get(c, c).casefold())
    vouchers = [party_mention(c, names, kinds) for c in others] + ([INDEPENDENT] if "" in claimants else [])
    parts = [f"claimed by {party_mention(holder, names, kinds)}" + ("" if vouchers else " only")] if own else []
    if vouchers:
        parts.append(f"confirmed by {_listed(vouchers)}")
    place = f" on {side_name(where)}" if where else ""
    return f"{names.get(holder, holder)}{place}: {', '.join(parts) or 'named by no report'}"


def corroboration_parts(
    state: Mapping[str, Any], names: Mapping[str, str], kinds: Mapping[str, str] | None = None
) -> list[str]:
    """:func:`holder_corroboration` for each holder of ``state`` (a row of a state frame), the ones
    someone else vouches for first; none when no holder is named. When the sides' holders differ,
    each side's holders in turn, each said with its side ("Pakistan on the Pakistani side: ...")."""
    sides = side_states(state)
    if sides is not None:
        return [part for country, side in sides for part in _corroborations(side, names, kinds, country)]
    return _corroborations(state, names, kinds, "")


def _corroborations(
    state: Mapping[str, Any], names: Mapping[str, str], kinds: Mapping[str, str] | None, where: str
) -> list[str]:
    controllers = list(state["controllers"])
    claimants = list(state.get("claimants") or [()] * len(controllers))
    pairs = sorted(
        zip(controllers, claimants, strict=True),
        key=lambda pair: (not any(c != pair[0] for c in pair[1]), names.get(pair[0], pair[0]).casefold()),
    )
    return [holder_corroboration(holder, list(backers), names, kinds, where) for holder, backers in pairs]


def corroboration_text(
    state: Mapping[str, Any], names: Mapping[str, str], kinds: Mapping[str, str] | None = None
) -> str:
    """Per named holder, who claims it and who vouches for it, in one line ("" when no holder is named).

    >>> corroboration_text({"controllers": ("afghan-government", "taliban"),
    ...                     "claimants": (("afghan-government",), ("pakistan", "taliban"))},
    ...                    {"taliban": "Taliban", "pakistan": "Pakistan", "afghan-government": "Afghan government"},
    ...                    {"taliban": "armed-group"})
    'Taliban: claimed by the Taliban, confirmed by Pakistan; Afghan government: claimed by the Afghan government only'
    """
    return "; ".join(corroboration_parts(state, names, kinds))


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
    parts = _side_parts(state, side)
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


def state_table(
    states: pd.DataFrame,
    names: Mapping[str, str],
    *,
    kinds: Mapping[str, str] | None = None,
    deciding: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The state of each crossing as sortable columns (:data:`STATE_TABLE_COLUMNS`), one row each.

    ``sources`` lists the outlets of the ``deciding`` reports (see
    :meth:`geo.atlas.Atlas.deciding_for`) about each crossing; it is empty without them.
    ``last report`` stays a date so the column sorts by time; a stale one says so in
    ``status``.
    """
    rows = records(states)
    outlets: dict[str, list[str]] = {}
    if deciding is not None:
        for crossing_id, source in zip(deciding["crossing_id"], deciding["source"], strict=True):
            listed = outlets.setdefault(str(crossing_id), [])
            if str(source) not in listed:
                listed.append(str(source))
    return pd.DataFrame(
        {
            "crossing": [r["name"] for r in rows],
            "held by": [held_by_text(r, names) for r in rows],
            "status": [status_text(r) + (" (stale)" if r["stale"] else "") for r in rows],
            "corroboration": [corroboration_text(r, names, kinds) for r in rows],
            "permission": [permission_text(r) for r in rows],
            "last report": [r["last_report"] for r in rows],
            "sources": ["; ".join(sorted(outlets.get(str(r["crossing_id"]), []), key=str.casefold)) for r in rows],
        },
        columns=list(STATE_TABLE_COLUMNS),
    )
