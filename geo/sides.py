"""A crossing's two sides: resolved apart by the as-of rule, then read together.

A report's ``side`` names one of its crossing's two countries, or is empty: the whole
crossing. The rule of :mod:`geo.asof` runs once per *lane*. A crossing whose reports never
name a side has one lane, standing for both sides; any other has one lane per side, and each
whole-crossing report counts in both, so a report about one side never moves the other.

:func:`merge_sides` then lines the two lanes up: after each report day of a crossing, each
side's state as it stood that day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from geo.arrays import (
    DAY_BITS,
    DAY_OFFSET,
    IntArray,
    ObjectArray,
    day_array,
    lengths,
    object_array,
    step_keys,
    step_tuples,
)
from geo.traffic import UNIFORM, traffic_severities

BoolArray = npt.NDArray[np.bool_]

#: What a lane's state after one of its report days holds: the rule's columns, carried forward.
LANE_COLUMNS: Final = (
    "controllers",
    "confirmed_controllers",
    "claimants",
    "control_day",
    "severity",
    "status_disputed",
    "status_day",
    "parts",
)
#: The two sides, as the prefixes of their columns: the crossing's ``country_a``, then ``country_b``.
SIDES: Final = ("a", "b")
#: A report about the whole crossing (an empty side, or one naming neither country).
WHOLE: Final = -1


def side_bits(report_sides: pd.Series | None, codes: IntArray, countries: Sequence[tuple[str, str]]) -> IntArray:
    """Per report: 0 when its side is its crossing's first country, 1 the second, :data:`WHOLE` otherwise.

    A side naming neither country is refused at upload; one in data from elsewhere counts
    for the whole crossing rather than for a side that does not exist.
    """
    bits = np.full(len(codes), WHOLE, dtype=np.int64)
    if report_sides is None or not countries:
        return bits
    sides = report_sides.fillna("").astype(str).to_numpy(dtype=object)
    slots = np.where(codes >= 0, codes, len(countries))
    first = np.array([a for a, _ in countries] + [""], dtype=object)[slots]
    second = np.array([b for _, b in countries] + [""], dtype=object)[slots]
    named = sides != ""
    bits[named & (sides == second)] = 1
    bits[named & (sides == first)] = 0
    return bits


def lanes(codes: IntArray, bits: IntArray, crossings: int) -> tuple[BoolArray, IntArray, IntArray]:
    """Which crossings have sides told apart, and the lane rows: each one's lane and its report.

    A lane is ``2 * crossing + side``; a crossing without sides has lane ``2 * crossing``
    only. A whole-crossing report of a crossing with sides is a row in both its lanes.
    Reports about a crossing not listed (``code`` -1) are left out.
    """
    listed = codes >= 0
    sided = np.zeros(crossings, dtype=bool)
    sided[codes[listed & (bits >= 0)]] = True
    rows = np.flatnonzero(listed)
    own = np.where(bits[rows] >= 0, bits[rows], 0)
    twice = rows[(bits[rows] == WHOLE) & sided[codes[rows]]]
    lane = np.concatenate([2 * codes[rows] + own, 2 * codes[twice] + 1])
    return sided, lane, np.concatenate([rows, twice])


def merge_sides(steps: pd.DataFrame, sided: BoolArray) -> pd.DataFrame:
    """The lanes' steps (columns ``code`` (the lane), ``day`` and :data:`LANE_COLUMNS`, each carried
    forward within its lane, ordered by lane, then day) as one row per (crossing, report day), with
    each side's columns prefixed ``a_`` and ``b_``, ordered by crossing, then day.

    Each side's row on a day is its lane's latest step on or before that day: a binary search
    over the lane's keys, not a merge. A crossing without sides gives both sides the same
    values, the same objects; a side with no report yet on a day is empty (NaN) there.
    """
    lane = steps["code"].to_numpy(dtype=np.int64)
    crossing, bit = lane >> 1, lane & 1
    keys = step_keys(crossing, steps["day"].to_numpy(dtype=np.int64))
    union = np.unique(keys)
    codes = union >> DAY_BITS
    picked = []
    for side in (0, 1):
        mine = np.flatnonzero(bit == side)
        found = np.searchsorted(keys[mine], union, "right") - 1
        valid = (found >= 0) & (crossing[mine][found.clip(min=0)] == codes) if len(mine) else np.zeros(len(union), bool)
        # The lane's row, or the sentinel row past the end: no report yet on this side.
        picked.append(np.where(valid, mine[found.clip(min=0)] if len(mine) else 0, len(steps)))
    # A crossing without sides has its one lane stand for both.
    picked[1] = np.where(sided[codes], picked[1], picked[0])
    merged: dict[str, Any] = {"code": codes, "day": (union & ((1 << DAY_BITS) - 1)) - DAY_OFFSET}
    for column in LANE_COLUMNS:
        values = steps[column].to_numpy()
        # Numbers stay numbers (NaN for none): a million boxed floats would cost a second.
        values = np.append(values, np.nan) if values.dtype == object else np.append(values.astype(float), np.nan)
        for prefix, rows in zip(SIDES, picked, strict=True):
            merged[f"{prefix}_{column}"] = values[rows]
    return pd.DataFrame(merged)


def _union(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
    return first if first == second else tuple(sorted(set(first) | set(second)))


@dataclass(frozen=True)
class SideSteps:
    """One side's state after every (crossing, report day) step, as arrays aligned with the steps.

    Each array ends with one extra entry meaning "no report yet", so a lookup is a single take.
    Days stay numbers until asked for: a million steps of date objects would cost ~100 MB.
    """

    controllers: ObjectArray
    confirmed_sets: ObjectArray
    claimants: ObjectArray
    confirmed: BoolArray
    contested: BoolArray
    control_days: IntArray
    severity: IntArray
    disputed: BoolArray
    status_days: IntArray
    #: The packed status of each kind of traffic and direction (:mod:`geo.traffic`).
    parts: IntArray
    #: The severity of each kind of traffic, both ways, per step: resolved once, as a lookup needs it.
    traffic: npt.NDArray[np.int8]

    @classmethod
    def of(cls, steps: pd.DataFrame, side: str) -> SideSteps:
        """Side ``side``'s columns of :func:`merge_sides`' frame."""
        controllers = step_tuples(steps[f"{side}_controllers"])
        confirmed = step_tuples(steps[f"{side}_confirmed_controllers"])
        severity = pd.to_numeric(steps[f"{side}_severity"]).fillna(0).to_numpy(dtype=np.int64)
        held = lengths(controllers)
        return cls(
            controllers=controllers,
            confirmed_sets=confirmed,
            claimants=step_tuples(steps[f"{side}_claimants"]),
            confirmed=(held == 1) & (lengths(confirmed) > 0),
            contested=held > 1,
            control_days=day_array(steps[f"{side}_control_day"]),
            severity=np.append(severity, 0),
            disputed=np.append(pd.to_numeric(steps[f"{side}_status_disputed"]).fillna(0).to_numpy(dtype=bool), False),
            status_days=day_array(steps[f"{side}_status_day"]),
            parts=(
                parts := np.append(
                    pd.to_numeric(steps[f"{side}_parts"]).fillna(UNIFORM).to_numpy(dtype=np.int64), UNIFORM
                )
            ),
            traffic=traffic_severities(parts, np.append(severity, 0)),
        )


@dataclass(frozen=True)
class Together(SideSteps):
    """The crossing as a whole after each step, read from its two sides (see :mod:`geo.asof`):
    the same arrays as a side's, and which side decides the status."""

    #: Which side's status is the crossing's: 0 or 1, :data:`WHOLE` when both sides' agree.
    status_side: IntArray

    @classmethod
    def read(cls, a: SideSteps, b: SideSteps) -> Together:
        same = [x == y for x, y in zip(a.controllers, b.controllers, strict=True)]
        controllers = [x if s else _union(x, y) for x, y, s in zip(a.controllers, b.controllers, same, strict=True)]
        claimants = [
            ca if s and ca == cb else _claimants_of(held, x, ca, y, cb)
            for held, x, ca, y, cb, s in zip(
                controllers, a.controllers, a.claimants, b.controllers, b.claimants, same, strict=True
            )
        ]
        held = object_array(controllers)
        # The one holder is confirmed when each side that names it has it confirmed.
        confirmed = lengths(held) == 1
        for side in (a, b):
            confirmed &= (lengths(side.controllers) == 0) | side.confirmed
        decides = np.where(a.severity > b.severity, 0, np.where(b.severity > a.severity, 1, WHOLE))
        return cls(
            controllers=held,
            confirmed_sets=object_array(
                [_union(x, y) for x, y in zip(a.confirmed_sets, b.confirmed_sets, strict=True)]
            ),
            claimants=object_array(claimants),
            confirmed=confirmed,
            contested=a.contested | b.contested,
            control_days=np.maximum(a.control_days, b.control_days),
            severity=np.maximum(a.severity, b.severity),
            disputed=np.where(decides == 0, a.disputed, np.where(decides == 1, b.disputed, a.disputed | b.disputed)),
            status_days=np.where(
                decides == 0,
                a.status_days,
                np.where(decides == 1, b.status_days, np.maximum(a.status_days, b.status_days)),
            ),
            # The crossing's traffic is each side's, read per kind where it is asked for (see geo.asof).
            parts=np.full(len(a.parts), UNIFORM, dtype=np.int64),
            traffic=np.maximum(a.traffic, b.traffic),
            status_side=decides,
        )


def _claimants_of(
    held: tuple[str, ...],
    first: tuple[str, ...],
    first_claimants: tuple[tuple[str, ...], ...],
    second: tuple[str, ...],
    second_claimants: tuple[tuple[str, ...], ...],
) -> tuple[tuple[str, ...], ...]:
    """Who named each of ``held`` on either side, aligned with ``held``."""
    named: dict[str, set[str]] = {h: set() for h in held}
    for holders, claimants in ((first, first_claimants), (second, second_claimants)):
        for holder, who in zip(holders, claimants, strict=False):
            named[holder].update(who)
    return tuple(tuple(sorted(named[h])) for h in held)


def presumed_holders(countries: Sequence[tuple[str, str]], parties: pd.DataFrame) -> list[tuple[str, str]]:
    """Per crossing, the party presumed to hold each side where no report names a holder: the
    state whose own country that side is ("" for none).

    A country two parties both give as their own (rival governments) presumes no one: which
    of them holds a side is for the reports to say.
    """
    own = parties.get("country")
    if own is None:
        return [("", "")] * len(countries)
    named = parties.assign(country=own.fillna("").astype(str))
    named = named[named["country"] != ""]
    counts = named["country"].value_counts()
    single = named[named["country"].map(counts) == 1]
    party_of = dict(zip(single["country"], single["party_id"].astype(str), strict=True))
    return [(party_of.get(a, ""), party_of.get(b, "")) for a, b in countries]


def crossing_countries(crossings: pd.DataFrame) -> list[tuple[str, str]]:
    """Each crossing's two countries, its sides, in the order of ``crossings``."""
    return list(zip(crossings["country_a"].astype(str), crossings["country_b"].astype(str), strict=True))
