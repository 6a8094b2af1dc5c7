"""What one lane's reports say on each of its report days (the as-of rule's first half, :mod:`geo.asof`):
the holders named and who named each, and the status stated, with the most restrictive winning.

Whole-array work on integer codes: these run over a million reports at every load.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from geo.arrays import DAY_BITS, DAY_OFFSET, IntArray, object_array, tuples_by_key
from geo.grading import own_voice
from geo.model import STATUS_SEVERITY
from geo.traffic import ALL_PARTS, UNIFORM, status_by_parts

#: Beside the controllers: who named each one on the day (a tuple of claimant tuples; ``""`` is an
#: independent observer). What corroborates a holder, read by :func:`geo.corroboration.corroboration_text`.
CLAIMANTS: Final = "claimants"


def text_of(column: pd.Series) -> pd.Series:
    return column.fillna("").astype(str)


def control_by_day(frame: pd.DataFrame) -> pd.DataFrame:
    """Per (crossing, day) naming a controller: the controllers, those someone else vouches for,
    and who named each one.

    Sorted on integer codes (controllers and claimants factorised in lexicographic order),
    so the groups come out in the order a string sort would give, without sorting strings.
    """
    named = frame[frame["controller"] != ""]
    controller_codes, controller_names = pd.factorize(named["controller"], sort=True)
    claimant_codes, claimant_names = pd.factorize(named["claimant"], sort=True)
    step_keys = (named["code"].to_numpy(np.int64) << DAY_BITS) | (named["day"].to_numpy(np.int64) + DAY_OFFSET)
    order = np.lexsort((claimant_codes, controller_codes, step_keys))
    keys, controller_of, claimant_of = step_keys[order], controller_codes[order], claimant_codes[order]
    independent = ~own_voice(named, named["controller"].to_numpy(dtype=object))[order]
    first = np.ones(min(len(keys), 1), dtype=bool)
    new_group = np.r_[first, (keys[1:] != keys[:-1]) | (controller_of[1:] != controller_of[:-1])]
    # One row per distinct (step, controller, claimant), then one group per (step, controller).
    distinct = new_group | np.r_[first, claimant_of[1:] != claimant_of[:-1]]
    keys, controller_of, claimant_of = keys[distinct], controller_of[distinct], claimant_of[distinct]
    independent, new_group = independent[distinct], new_group[distinct]
    starts = np.flatnonzero(new_group)
    group_keys = keys[starts]
    controllers = object_array(list(controller_names))[controller_of[starts]] if len(starts) else object_array([])
    vouched = np.logical_or.reduceat(independent, starts) if len(starts) else np.zeros(0, dtype=bool)
    claimants = _claimant_tuples(claimant_of, starts, object_array(list(claimant_names)))
    day_keys, named_sets = tuples_by_key(group_keys, controllers)
    _, claimant_sets = tuples_by_key(group_keys, claimants)
    confirmed_keys, confirmed_sets = tuples_by_key(group_keys[vouched], controllers[vouched])
    confirmed_by_key = dict(zip(confirmed_keys.tolist(), confirmed_sets, strict=True))
    return pd.DataFrame(
        {
            "code": day_keys >> DAY_BITS,
            "day": (day_keys & ((1 << DAY_BITS) - 1)) - DAY_OFFSET,
            "controllers": object_array(named_sets),
            "confirmed_controllers": object_array([confirmed_by_key.get(k, ()) for k in day_keys.tolist()]),
            CLAIMANTS: object_array(claimant_sets),
            "control_day": (day_keys & ((1 << DAY_BITS) - 1)) - DAY_OFFSET,
        }
    )


def _claimant_tuples(
    claimant_of: IntArray, starts: IntArray, names: npt.NDArray[np.object_]
) -> npt.NDArray[np.object_]:
    """The claimants of each group starting at ``starts``, as shared tuples.

    Most groups have one claimant: those take a prebuilt one-name tuple with no Python
    loop; only the groups with several claimants are built one by one.
    """
    singles = object_array([(name,) for name in names])
    result = singles[claimant_of[starts]] if len(starts) else object_array([])
    ends = np.r_[starts[1:], len(claimant_of)]
    shared: dict[tuple[str, ...], tuple[str, ...]] = {}
    for i in np.flatnonzero(ends - starts > 1).tolist():
        run = tuple(names[claimant_of[starts[i] : ends[i]]])
        result[i] = shared.setdefault(run, run)
    return result


def status_by_day(frame: pd.DataFrame) -> pd.DataFrame:
    """Per (lane, day) stating a status: the most restrictive stated, whether the day's statements
    disagree, and the packed parts of :mod:`geo.traffic` (:data:`geo.traffic.UNIFORM` for a lane
    whose reports never name a traffic or a direction)."""
    stated = frame[frame["status"] != ""]
    stated = stated.assign(severity=stated["status"].map(STATUS_SEVERITY))
    if "parts" not in stated.columns:
        return _plain_status_by_day(stated)
    partial = stated["parts"].to_numpy(dtype=np.int64) != ALL_PARTS
    if not partial.any():
        return _plain_status_by_day(stated)
    lanes = stated["code"].to_numpy(dtype=np.int64)
    parted = np.isin(lanes, np.unique(lanes[partial]))
    plain = _plain_status_by_day(stated[~parted])
    both = pd.concat([plain, status_by_parts(stated[parted])], ignore_index=True)
    return both.sort_values(["code", "day"], ignore_index=True)


def _plain_status_by_day(stated: pd.DataFrame) -> pd.DataFrame:
    by_day = stated.groupby(["code", "day"], sort=True)
    known = stated[stated["severity"] > 0].groupby(["code", "day"], sort=True)["status"].nunique()
    result = pd.DataFrame({"severity": by_day["severity"].max()})
    result["status_disputed"] = known.reindex(result.index, fill_value=0) > 1
    result["status_day"] = result.index.get_level_values("day")
    result["parts"] = UNIFORM
    return result.reset_index()
