"""The as-of rule: who holds each crossing, and whether it is open, on a given day.

For crossing X at day D only X's reports dated on or before D count.

* Control comes from the latest day with a report naming a controller. One named
  controller holds X; several make X *contested*. A controller is *confirmed* when a
  report that day naming it comes from someone else (another party, or an
  independent observer with no claimant).
* Status comes from the latest day with a report stating one. When that day's stated
  statuses disagree the most restrictive wins (sealed > restricted > open) and the
  status is *disputed*; ``unknown`` never outweighs a stated status.
* A field a newer report leaves empty keeps the older value.
* ``last_report`` is the latest report day; the state is *stale* when that is more
  than ``stale_after_days`` before D.
* Before X's first report, controller and status are unknown.

The state only changes on a report day, so :class:`Timeline` resolves the rule once
per (crossing, report day) and answers "as of D" with a binary search.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from geo.dates import NO_DAY, day_from_number, day_number, day_numbers
from geo.model import STALE_AFTER_DAYS, STATUS_SEVERITY, Status

#: Columns of a state frame, one row per crossing.
STATE_COLUMNS: Final[tuple[str, ...]] = (
    "crossing_id",
    "controller",
    "controllers",
    "confirmed_controllers",
    "contested",
    "confirmed",
    "control_date",
    "status",
    "status_disputed",
    "status_date",
    "last_report",
    "stale",
)
#: Beside :data:`STATE_COLUMNS` in a state frame: who named each controller on the control
#: day, aligned with ``controllers`` (a tuple of claimant tuples; ``""`` is an independent
#: observer). What corroborates a holder, read by :func:`geo.describe.corroboration_text`.
CLAIMANTS: Final = "claimants"

_OBJECT_COLUMNS: Final = frozenset(
    {"controller", "controllers", "confirmed_controllers", CLAIMANTS, "control_date", "status_date", "last_report"}
)
_SEVERITY_STATUS: Final = {rank: status for status, rank in STATUS_SEVERITY.items()}
_DAY_BITS: Final = 32
_DAY_OFFSET: Final = 1 << 31

IntArray = npt.NDArray[np.int64]


def _text(column: pd.Series) -> pd.Series:
    return column.fillna("").astype(str)


def _tuples_by_key(keys: IntArray, values: npt.NDArray[np.object_]) -> tuple[IntArray, list[tuple[str, ...]]]:
    """Consecutive runs of equal ``keys`` (already sorted) and the ``values`` of each run as a tuple.

    A plain split of sorted arrays: pandas' ``agg(tuple)`` runs Python per group and
    is an order of magnitude slower at a million reports.
    """
    if len(keys) == 0:
        return keys, []
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    ends = np.r_[starts[1:], len(keys)]
    # The same few holder sets recur over most steps: share one tuple per distinct set.
    shared: dict[tuple[str, ...], tuple[str, ...]] = {}
    runs = [tuple(values[a:b]) for a, b in zip(starts, ends, strict=True)]
    return keys[starts], [shared.setdefault(run, run) for run in runs]


def _control_by_day(frame: pd.DataFrame) -> pd.DataFrame:
    """Per (crossing, day) naming a controller: the controllers, those someone else vouches for,
    and who named each one.

    Sorted on integer codes (controllers and claimants factorised in lexicographic order),
    so the groups come out in the order a string sort would give, without sorting strings.
    """
    named = frame[frame["controller"] != ""]
    controller_codes, controller_names = pd.factorize(named["controller"], sort=True)
    claimant_codes, claimant_names = pd.factorize(named["claimant"], sort=True)
    step_keys = (named["code"].to_numpy(np.int64) << _DAY_BITS) | (named["day"].to_numpy(np.int64) + _DAY_OFFSET)
    order = np.lexsort((claimant_codes, controller_codes, step_keys))
    keys, controller_of, claimant_of = step_keys[order], controller_codes[order], claimant_codes[order]
    independent = (named["claimant"] != named["controller"]).to_numpy(dtype=bool)[order]
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
    day_keys, named_sets = _tuples_by_key(group_keys, controllers)
    _, claimant_sets = _tuples_by_key(group_keys, claimants)
    confirmed_keys, confirmed_sets = _tuples_by_key(group_keys[vouched], controllers[vouched])
    confirmed_by_key = dict(zip(confirmed_keys.tolist(), confirmed_sets, strict=True))
    return pd.DataFrame(
        {
            "code": day_keys >> _DAY_BITS,
            "day": (day_keys & ((1 << _DAY_BITS) - 1)) - _DAY_OFFSET,
            "controllers": object_array(named_sets),
            "confirmed_controllers": object_array([confirmed_by_key.get(k, ()) for k in day_keys.tolist()]),
            CLAIMANTS: object_array(claimant_sets),
            "control_day": (day_keys & ((1 << _DAY_BITS) - 1)) - _DAY_OFFSET,
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


def _status_by_day(frame: pd.DataFrame) -> pd.DataFrame:
    stated = frame[frame["status"] != ""]
    stated = stated.assign(severity=stated["status"].map(STATUS_SEVERITY))
    by_day = stated.groupby(["code", "day"], sort=True)
    known = stated[stated["severity"] > 0].groupby(["code", "day"], sort=True)["status"].nunique()
    result = pd.DataFrame({"severity": by_day["severity"].max()})
    result["status_disputed"] = known.reindex(result.index, fill_value=0) > 1
    result["status_day"] = result.index.get_level_values("day")
    return result.reset_index()


class Timeline:
    """The resolved state of every crossing after each of its report days.

    Parameters
    ----------
    reports
        One row per report with at least ``crossing_id``, ``date``, ``claimant``,
        ``controller`` and ``status`` (empty or missing = not stated).
    crossing_ids
        The crossings to answer for, in the order results are returned. Reports
        about other crossings are ignored.

    Examples
    --------
    >>> reports = pd.DataFrame({
    ...     "crossing_id": ["x", "x"], "date": [date(2021, 7, 14)] * 2,
    ...     "claimant": ["taliban", "afghan-government"],
    ...     "controller": ["taliban", "afghan-government"], "status": ["", "sealed"]})
    >>> Timeline(reports, ["x"]).at(date(2021, 7, 14))["controllers"].iloc[0]
    ('afghan-government', 'taliban')
    """

    def __init__(self, reports: pd.DataFrame, crossing_ids: Sequence[str]) -> None:
        self.crossing_ids: list[str] = list(crossing_ids)
        self._positions = pd.Index(self.crossing_ids)
        codes = self._positions.get_indexer(pd.Index(reports["crossing_id"])).astype(np.int64)
        days = day_numbers(reports["date"])
        # Kept for the atlas, which answers one-crossing questions from them (see report_keys).
        self._report_codes, self._report_days = codes, days
        frame = pd.DataFrame(
            {
                "code": codes,
                "day": days,
                "claimant": _text(reports["claimant"]).to_numpy(),
                "controller": _text(reports["controller"]).to_numpy(),
                "status": _text(reports["status"]).to_numpy(),
            }
        )
        frame = frame[frame["code"] >= 0]
        steps = frame[["code", "day"]].drop_duplicates().sort_values(["code", "day"], ignore_index=True)
        steps = steps.merge(_control_by_day(frame), on=["code", "day"], how="left")
        steps = steps.merge(_status_by_day(frame), on=["code", "day"], how="left")
        carried = ["controllers", "confirmed_controllers", CLAIMANTS, "control_day"]
        carried += ["severity", "status_disputed", "status_day"]
        steps[carried] = steps.groupby("code")[carried].ffill()
        # Each per-step array ends with one extra entry meaning "no report yet", so a
        # lookup is a single take with no masking afterwards.
        controllers = [v if isinstance(v, tuple) else () for v in steps["controllers"]] + [()]
        confirmed = [v if isinstance(v, tuple) else () for v in steps["confirmed_controllers"]] + [()]
        claimants = [v if isinstance(v, tuple) else () for v in steps[CLAIMANTS]] + [()]
        self._codes: IntArray = steps["code"].to_numpy(dtype=np.int64)
        self._keys: IntArray = (self._codes << _DAY_BITS) | (steps["day"].to_numpy(dtype=np.int64) + _DAY_OFFSET)
        self._days: IntArray = np.append(steps["day"].to_numpy(dtype=np.int64), NO_DAY)
        self._controllers = object_array(controllers)
        self._confirmed_sets = object_array(confirmed)
        self._claimants = object_array(claimants)
        self._controller = object_array([c[0] if len(c) == 1 else None for c in controllers])
        self._contested = np.array([len(c) > 1 for c in controllers], dtype=bool)
        self._confirmed = np.array(
            [len(c) == 1 and len(k) > 0 for c, k in zip(controllers, confirmed, strict=True)], dtype=bool
        )
        # Days stay numbers until asked for: a million steps of date objects would cost ~100 MB.
        self._control_days = _day_array(steps["control_day"])
        severity = pd.to_numeric(steps["severity"]).fillna(0).astype(np.int64)
        self._status = object_array([_SEVERITY_STATUS[int(s)] for s in severity] + [Status.UNKNOWN.value])
        self._disputed = np.append(steps["status_disputed"].fillna(False).to_numpy(dtype=bool), False)
        self._status_days = _day_array(steps["status_day"])
        self._changes = self._change_steps(steps)

    def _change_steps(self, steps: pd.DataFrame) -> npt.NDArray[np.bool_]:
        """Which steps change what a reader sees: holder(s), confirmation or status.

        A crossing's first step is a change when it says anything at all.
        """
        n = len(steps)
        seen = pd.DataFrame(
            {
                "code": self._codes,
                "controllers": self._controllers[:n],
                "confirmed": self._confirmed[:n],
                "status": self._status[:n],
                "disputed": self._disputed[:n],
            }
        )
        previous = seen.groupby("code").shift(1)
        first = previous["status"].isna().to_numpy()
        unknown = (seen["controllers"].map(len) == 0) & (seen["status"] == Status.UNKNOWN.value)
        differs = np.zeros(n, dtype=bool)
        for column in ("controllers", "confirmed", "status", "disputed"):
            differs |= (seen[column] != previous[column]).to_numpy()
        return np.where(first, ~unknown.to_numpy(), differs)

    def steps(self) -> pd.DataFrame:
        """The state after every (crossing, report day) step: what a reader would see from that day on.

        Columns ``code`` (the crossing's position in ``crossing_ids``), ``day`` (day
        number), ``controllers``, ``confirmed``, ``status``, ``status_disputed``; ordered
        by crossing, then day.
        """
        n = len(self._keys)
        return pd.DataFrame(
            {
                "code": self._codes,
                "day": self._days[:n],
                "controllers": self._controllers[:n],
                "confirmed": self._confirmed[:n],
                "status": self._status[:n],
                "status_disputed": self._disputed[:n],
            }
        )

    def report_keys(self) -> tuple[IntArray, IntArray]:
        """For each report the timeline was built from, in order: its crossing's position in
        :attr:`crossing_ids` (-1 for a crossing not listed) and its day number."""
        return self._report_codes, self._report_days

    def __len__(self) -> int:
        """Number of (crossing, report day) steps."""
        return len(self._keys)

    def _rows_at(self, day: date) -> IntArray:
        """Index of each crossing's latest step on or before ``day`` (the sentinel if none)."""
        n = len(self.crossing_ids)
        codes = np.arange(n, dtype=np.int64)
        rows = np.searchsorted(self._keys, (codes << _DAY_BITS) | (day_number(day) + _DAY_OFFSET), "right") - 1
        found = (rows >= 0) & (self._codes[rows.clip(min=0)] == codes) if len(self._keys) else rows >= n
        return np.where(found, rows, len(self._keys))

    def at(self, day: date, *, stale_after_days: int = STALE_AFTER_DAYS) -> pd.DataFrame:
        """The state of every crossing as of ``day``, one row each.

        Columns :data:`STATE_COLUMNS`, then :data:`CLAIMANTS`.
        """
        return self._states(self.crossing_ids, self._rows_at(day), day, stale_after_days)

    def state_of(self, crossing_id: str, day: date, *, stale_after_days: int = STALE_AFTER_DAYS) -> dict[str, Any]:
        """One crossing's row of :meth:`at`, found with one binary search instead of one per crossing.

        Raises
        ------
        KeyError
            When ``crossing_id`` is not one of :attr:`crossing_ids`.
        """
        code = self._code(crossing_id)
        row = int(np.searchsorted(self._keys, (code << _DAY_BITS) | (day_number(day) + _DAY_OFFSET), "right")) - 1
        found = row >= 0 and int(self._codes[row]) == code
        rows = np.array([row if found else len(self._keys)], dtype=np.int64)
        return dict(self._states([crossing_id], rows, day, stale_after_days).iloc[0])

    def _code(self, crossing_id: str) -> int:
        code = int(self._positions.get_indexer(pd.Index([crossing_id]))[0])
        if code < 0:
            raise KeyError(crossing_id)
        return code

    def _states(self, ids: list[str], rows: IntArray, day: date, stale_after_days: int) -> pd.DataFrame:
        """The state frame of the steps ``rows`` (one per crossing of ``ids``) as seen on ``day``."""
        last = self._days[rows]
        columns: dict[str, Any] = {
            "crossing_id": ids,
            "controller": self._controller[rows],
            "controllers": self._controllers[rows],
            "confirmed_controllers": self._confirmed_sets[rows],
            "contested": self._contested[rows],
            "confirmed": self._confirmed[rows],
            "control_date": _as_dates(self._control_days[rows]),
            "status": self._status[rows],
            "status_disputed": self._disputed[rows],
            "status_date": _as_dates(self._status_days[rows]),
            "last_report": _as_dates(last),
            "stale": (last != NO_DAY) & (last < day_number(day) - stale_after_days),
            CLAIMANTS: self._claimants[rows],
        }
        # Object columns stay object: pandas would otherwise turn None into NaN.
        return pd.DataFrame(
            {k: pd.Series(v, dtype=object if k in _OBJECT_COLUMNS else None) for k, v in columns.items()}
        )

    def changes_of(self, crossing_id: str) -> pd.DataFrame:
        """The steps on which one crossing's state changes, oldest first: its history, with no day missed.

        Columns ``day`` (a ``datetime.date``), ``controllers``, ``confirmed``,
        ``contested``, ``status``, ``status_disputed``, each the state from that day
        until the next row's day. Two binary searches find the crossing's steps.
        """
        code = self._code(crossing_id)
        first, end = np.searchsorted(self._keys, [code << _DAY_BITS, (code + 1) << _DAY_BITS], "left")
        rows = np.arange(first, end)[self._changes[first:end]]
        return pd.DataFrame(
            {
                "day": _as_dates(self._days[rows]),
                "controllers": pd.Series(self._controllers[rows], dtype=object),
                "confirmed": self._confirmed[rows],
                "contested": self._contested[rows],
                "status": pd.Series(self._status[rows], dtype=object),
                "status_disputed": self._disputed[rows],
            }
        )

    def change_days(self, crossing_ids: Sequence[str] | None = None) -> IntArray:
        """Day numbers on which the state of any of ``crossing_ids`` (default all) changes, ascending."""
        mask = self._changes
        if crossing_ids is not None:
            wanted = pd.Index(self.crossing_ids).get_indexer(pd.Index(list(crossing_ids)))
            mask = mask & np.isin(self._codes, wanted[wanted >= 0])
        return np.unique(self._days[:-1][mask])

    def changed_on(self, day: date) -> list[str]:
        """The crossings whose state changes on ``day``."""
        steps = (self._days[:-1] == day_number(day)) & self._changes
        return [self.crossing_ids[c] for c in self._codes[steps]]

    def report_days(self) -> list[date]:
        """Every day on which some crossing has a report, ascending."""
        return [day_from_number(d) for d in np.unique(self._days[:-1])]


def _day_array(numbers: pd.Series) -> IntArray:
    """Day numbers with :data:`NO_DAY` for none, plus the sentinel entry for "no report yet"."""
    filled = pd.to_numeric(numbers).fillna(NO_DAY).to_numpy(dtype=np.int64)
    return np.append(filled, NO_DAY)


def _as_dates(numbers: IntArray) -> npt.NDArray[np.object_]:
    """Day numbers as ``datetime.date`` objects (None for :data:`NO_DAY`), converted in C."""
    days = np.where(numbers == NO_DAY, np.datetime64("NaT"), numbers.astype("datetime64[D]"))
    return days.astype(object)


def object_array(values: Sequence[object]) -> npt.NDArray[np.object_]:
    """An object array holding ``values`` as they are (tuples stay single elements)."""
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array
