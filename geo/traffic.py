"""Open for whom, and which way: a side's status told apart by kind of traffic and direction.

A status report may name a ``traffic`` (one of :data:`geo.model.TRAFFIC_KINDS`) and a
``direction`` (the country the traffic goes towards); empty means all traffic, both ways.
A side therefore has six *parts* (each kind of traffic, towards each of the two countries),
and a report speaks for the parts it names: part ``2 * traffic + direction``, where
direction 0 is towards the crossing's ``country_a``.

The as-of rule runs per part, as it runs per side: each part keeps what was last said of it,
and the most restrictive status stated on its latest day wins. The side's passage is then
the status all six parts share; parts that differ, or parts never stated beside stated
ones, make it ``restricted``: "open for people, sealed for goods" and "open one way only"
are both restricted.

A lane whose reports never name a traffic or a direction is *uniform*: its parts are its
status, and it takes the plain rule of :mod:`geo.daily` at no extra cost; so does a step whose
six parts agree. The parts of a lane travel as one integer, three bits per part (:func:`pack`),
so they are carried forward and looked up like any other number.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from geo.arrays import DAY_BITS, DAY_OFFSET, IntArray, step_keys
from geo.model import STATUS_SEVERITY, TRAFFIC_KINDS, Status

#: Kinds of traffic x directions.
PART_COUNT: Final = 2 * len(TRAFFIC_KINDS)
#: Every part: what a report naming no traffic and no direction speaks for.
ALL_PARTS: Final = (1 << PART_COUNT) - 1
#: A part nothing was ever said of, in the packed parts.
UNSTATED: Final = 7
#: The parts of a uniform lane (no report names a traffic or a direction).
UNIFORM: Final = -1
_BITS: Final = 3
_RESTRICTED: Final = STATUS_SEVERITY[Status.RESTRICTED.value]
#: The parts going towards ``country_a``; those towards ``country_b`` are the next bit of each pair.
_TOWARDS_FIRST: Final = sum(1 << (2 * t) for t in range(len(TRAFFIC_KINDS)))


def part_masks(traffic: pd.Series | None, directions: IntArray) -> IntArray:
    """Per report, the parts it speaks for as a bit mask (:data:`ALL_PARTS` for all).

    ``directions`` is per report 0 or 1 for towards the crossing's first or second country,
    negative for both ways (as :func:`geo.sides.side_bits` reads the ``direction`` column).
    """
    masks = np.full(len(directions), ALL_PARTS, dtype=np.int64)
    if traffic is not None:
        kinds = traffic.fillna("").astype(str).to_numpy(dtype=object)
        for index, kind in enumerate(TRAFFIC_KINDS):
            masks[kinds == kind] = 0b11 << (2 * index)
    towards = np.where(directions == 0, _TOWARDS_FIRST, np.where(directions == 1, _TOWARDS_FIRST << 1, ALL_PARTS))
    return masks & towards


def pack(severities: np.ndarray) -> IntArray:
    """Rows of :data:`PART_COUNT` severities (NaN for a part never stated) as one integer each."""
    codes = np.where(np.isnan(severities), UNSTATED, severities).astype(np.int64)
    packed = np.zeros(len(severities), dtype=np.int64)
    for part in range(PART_COUNT):
        packed |= codes[:, part] << (_BITS * part)
    return packed


def unpack(packed: IntArray, uniform: IntArray) -> IntArray:
    """The severity of each part (:data:`UNSTATED` for none) per row: ``len(packed)`` x :data:`PART_COUNT`.

    A uniform row (:data:`UNIFORM`) has its side's severity, ``uniform``, in every part.
    """
    parts = np.empty((len(packed), PART_COUNT), dtype=np.int64)
    plain = packed == UNIFORM
    for part in range(PART_COUNT):
        parts[:, part] = np.where(plain, uniform, (packed >> (_BITS * part)) & 0b111)
    return parts


def passage(parts: np.ndarray) -> IntArray:
    """The severity of the passage over the parts of each row (columns are parts, :data:`UNSTATED` or NaN for
    none): the one status every part shares, else restricted when any part says something, else unknown."""
    values = parts if parts.dtype.kind in "iu" else np.where(np.isnan(parts), UNSTATED, parts).astype(np.int64)
    known = (values > 0) & (values != UNSTATED)
    same = (values == values[:, :1]).all(axis=1) & known.all(axis=1)
    return np.where(same, values[:, 0], np.where(known.any(axis=1), _RESTRICTED, 0)).astype(np.int64)


def traffic_severity(parts: IntArray, kind: int) -> IntArray:
    """The severity for one kind of traffic, both ways, from :func:`unpack`'s parts."""
    return passage(parts[:, 2 * kind : 2 * kind + 2])


def traffic_severities(packed: IntArray, severity: IntArray) -> npt.NDArray[np.int8]:
    """Per row, the severity of each kind of traffic (columns in :data:`geo.model.TRAFFIC_KINDS`
    order): a uniform row's is its severity; the others are read from their parts."""
    result = np.repeat(severity[:, None], len(TRAFFIC_KINDS), axis=1).astype(np.int8)
    parted = np.flatnonzero(packed != UNIFORM)
    if len(parted):
        parts = unpack(packed[parted], severity[parted])
        for kind in range(len(TRAFFIC_KINDS)):
            result[parted, kind] = traffic_severity(parts, kind)
    return result


def status_by_parts(stated: pd.DataFrame) -> pd.DataFrame:
    """The status steps of lanes some of whose reports name a traffic or a direction.

    ``stated`` has one row per report stating a status (``code`` the lane, ``day``, ``severity``
    and ``parts``, the mask of :func:`part_masks`). The result has one row per (lane, report day)
    like :func:`geo.daily.status_by_day`'s, each part carried forward within its lane, plus
    ``parts``, the packed severities of the six parts.

    Array steps per part, not a group-by over six rows per report: a million reports stay quick.
    """
    keys = step_keys(stated["code"].to_numpy(dtype=np.int64), stated["day"].to_numpy(dtype=np.int64))
    severity = stated["severity"].to_numpy(dtype=np.int64)
    masks = stated["parts"].to_numpy(dtype=np.int64)
    steps = np.unique(keys)
    severities = np.full((len(steps), PART_COUNT), np.nan)
    disputes = np.zeros((len(steps), PART_COUNT), dtype=bool)
    for part in range(PART_COUNT):
        mine = ((masks >> part) & 1) == 1
        order = np.argsort(keys[mine], kind="stable")
        part_keys, part_severity = keys[mine][order], severity[mine][order]
        said, starts = np.unique(part_keys, return_index=True)
        if not len(said):
            continue
        # The most restrictive status of the day wins; two different stated ones make it disputed.
        most = np.maximum.reduceat(part_severity, starts)
        known = part_severity > 0
        least_known = np.minimum.reduceat(np.where(known, part_severity, 99), starts)
        most_known = np.maximum.reduceat(np.where(known, part_severity, -1), starts)
        # Carried forward: each step takes the part's latest day on or before it, in the same lane.
        found = np.searchsorted(said, steps, "right") - 1
        valid = (found >= 0) & ((said[found.clip(min=0)] >> DAY_BITS) == (steps >> DAY_BITS))
        severities[valid, part] = most[found[valid]]
        disputes[valid, part] = (least_known != 99)[found[valid]] & (least_known != most_known)[found[valid]]
    days = (steps & ((1 << DAY_BITS) - 1)) - DAY_OFFSET
    return pd.DataFrame(
        {
            "code": steps >> DAY_BITS,
            "day": days,
            "severity": passage(severities),
            "status_disputed": disputes.any(axis=1),
            "status_day": days,
            # Six parts alike say no more than one status for all traffic: the plain, uniform form.
            "parts": np.where(_alike(severities), UNIFORM, pack(severities)),
        }
    )


def _alike(severities: np.ndarray) -> npt.NDArray[np.bool_]:
    """Rows whose parts were all stated, with one status."""
    return np.asarray(~np.isnan(severities).any(axis=1) & (severities == severities[:, :1]).all(axis=1))
