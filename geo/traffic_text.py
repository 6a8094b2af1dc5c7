"""A status told per kind of traffic and way, in words: "open towards Egypt only, for people; sealed
otherwise", from the parts :mod:`geo.traffic` resolves."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

import numpy as np

from geo.model import STATUS_SEVERITY, TRAFFIC_KINDS
from geo.names import country_name, listed, side_name
from geo.sides import SIDES
from geo.traffic import PART_COUNT, UNIFORM, UNSTATED, unpack

_STATUS_WORDS: Final = {severity: status for status, severity in STATUS_SEVERITY.items()}


def _scope(parts: Sequence[int], countries: tuple[str, str], *, only: bool = True) -> str:
    """The traffic the parts ``parts`` (indices of :mod:`geo.traffic`) cover: "for people and goods",
    "towards Egypt only, for people" (or, not ``only``, "for people towards Egypt"), or "" for all of it."""
    if len(parts) == PART_COUNT:
        return ""
    both = [kind for i, kind in enumerate(TRAFFIC_KINDS) if {2 * i, 2 * i + 1} <= set(parts)]
    phrases = [f"for {listed(both)}"] if both else []
    for towards in (0, 1):
        one_way = [k for i, k in enumerate(TRAFFIC_KINDS) if 2 * i + towards in parts and k not in both]
        if one_way:
            country = country_name(countries[towards])
            kinds = listed(one_way)
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


def side_parts(state: Mapping[str, Any], side: str) -> list[int] | None:
    """A side's parts, or None when it states one status for all traffic."""
    packed = state.get(f"{side}_parts")
    # Missing in a state from before a step (None, NaN, ""): one status for all traffic.
    if not isinstance(packed, int | float | np.integer) or packed != packed or int(packed) == UNIFORM:
        return None
    parts: list[int] = unpack(np.array([int(packed)], dtype=np.int64), np.zeros(1, dtype=np.int64))[0].tolist()
    return parts


def traffic_detail(state: Mapping[str, Any]) -> str:
    """What the deciding side says per kind of traffic (each side's when they agree on the status
    and differ in detail); "" when the status is for all traffic."""
    if "country_a" not in state or not any(side_parts(state, side) for side in SIDES):
        return ""
    countries = (str(state["country_a"]), str(state["country_b"]))
    deciding = {countries[0]: "a", countries[1]: "b"}.get(str(state.get("status_side") or ""))
    texts = {side: traffic_text(parts, countries) for side in SIDES if (parts := side_parts(state, side))}
    if deciding:
        return texts.get(deciding, "")
    if len(texts) == 2 and texts["a"] != texts["b"]:
        sides = zip(SIDES, countries, strict=True)
        return "; ".join(f"on {side_name(country)} {texts[side]}" for side, country in sides)
    return next(iter(texts.values()), "")
