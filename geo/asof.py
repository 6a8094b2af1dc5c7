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

The rule runs per side of a crossing (:mod:`geo.sides`): a report about one side counts
for that side only, one about the whole crossing for both. Read together:

* each side has its holders (contested, confirmed) and its status, in the ``a_`` and ``b_``
  columns (the crossing's ``country_a`` and ``country_b``);
* ``controllers`` is every party said to hold some side; ``controller`` the one party when
  there is exactly one; ``contested`` when a side has more than one holder; ``confirmed``
  when the one holder is confirmed on each side naming it;
* ``status`` is the most restrictive side's (what a traveller meets), ``status_side`` the
  country of that side when the two sides' statuses differ, and ``status_disputed`` and
  ``status_date`` are that side's (of either side when they agree);
* ``control_date`` is the latest day a report named a controller for either side.

The state only changes on a report day, so :class:`Timeline` resolves the rule once
per (crossing, report day) and answers "as of D" with a binary search.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cached_property
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from geo.arrays import DAY_BITS, DAY_OFFSET, Column, IntArray, PackedRows, as_dates, object_array
from geo.daily import CLAIMANTS, control_by_day, status_by_day, text_of
from geo.dates import NO_DAY, day_from_number, day_number, day_numbers
from geo.grading import OWNER_COLUMNS
from geo.model import STALE_AFTER_DAYS, STATUS_SEVERITY
from geo.sides import SIDES, SideSteps, Together, lanes, merge_sides, side_bits
from geo.state_frame import TRAFFIC_STATUS_COLUMNS, state_frame
from geo.traffic import part_masks

#: The step's day number, carried from a step's state to its staleness (never a column of a state frame).
_LAST_DAY: Final = "_last_day"
_NEVER_STALE: Final = int(np.iinfo(np.int32).max)
#: Each severity's status, by severity: a take turns a severity array into statuses.
_STATUS_OF_SEVERITY: Final = object_array([s for s, _ in sorted(STATUS_SEVERITY.items(), key=lambda item: item[1])])


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

    def __init__(
        self,
        reports: pd.DataFrame,
        crossing_ids: Sequence[str],
        countries: Sequence[tuple[str, str]] | None = None,
        presumed: Sequence[tuple[str, str]] | None = None,
    ) -> None:
        self.crossing_ids: list[str] = list(crossing_ids)
        # Each crossing's two countries, for its sides; without them every report is about the whole crossing.
        self._countries = list(countries) if countries is not None else [("", "")] * len(self.crossing_ids)
        # Who holds each side where no report names a holder (geo.sides.presumed_holders), with the sentinel.
        presumed = list(presumed) if presumed is not None else [("", "")] * len(self.crossing_ids)
        self._presumed = tuple(np.array([p[i] for p in presumed] + [""], dtype=object) for i in (0, 1))
        self._side_countries = tuple(np.array([c[i] for c in self._countries] + [""], dtype=object) for i in (0, 1))
        self._positions = pd.Index(self.crossing_ids)
        self._ids = object_array(self.crossing_ids)
        codes = self._positions.get_indexer(pd.Index(reports["crossing_id"])).astype(np.int64)
        days = day_numbers(reports["date"])
        # Kept for the atlas, which answers one-crossing questions from them (see report_keys).
        self._report_codes, self._report_days = codes, days
        self._report_sides = side_bits(reports.get("side"), codes, self._countries if countries else [])
        sided, lane, rows = lanes(codes, self._report_sides, len(self.crossing_ids))
        frame = pd.DataFrame(
            {
                "code": lane,
                "day": days[rows],
                "claimant": text_of(reports["claimant"]).to_numpy()[rows],
                "controller": text_of(reports["controller"]).to_numpy()[rows],
                "status": text_of(reports["status"]).to_numpy()[rows],
            }
        )
        for owner in OWNER_COLUMNS:
            if owner in reports.columns:
                frame[owner] = text_of(reports[owner]).to_numpy()[rows]
        if "traffic" in reports.columns or "direction" in reports.columns:
            towards = side_bits(reports.get("direction"), codes, self._countries if countries else [])
            frame["parts"] = part_masks(reports.get("traffic"), towards)[rows]
        steps = frame[["code", "day"]].drop_duplicates().sort_values(["code", "day"], ignore_index=True)
        steps = steps.merge(control_by_day(frame), on=["code", "day"], how="left")
        steps = steps.merge(status_by_day(frame), on=["code", "day"], how="left")
        carried = ["controllers", "confirmed_controllers", CLAIMANTS, "control_day"]
        carried += ["severity", "status_disputed", "status_day", "parts"]
        steps[carried] = steps.groupby("code")[carried].ffill()
        steps = merge_sides(steps, sided)
        self._codes: IntArray = steps["code"].to_numpy(dtype=np.int64)
        self._keys: IntArray = (self._codes << DAY_BITS) | (steps["day"].to_numpy(dtype=np.int64) + DAY_OFFSET)
        self._days: IntArray = np.append(steps["day"].to_numpy(dtype=np.int64), NO_DAY)
        # Each step's crossing, and the sentinel's (one past the last crossing): a lookup is one take.
        self._step_codes: IntArray = np.append(self._codes, len(self.crossing_ids))
        # Every day from the first report to the last as a date, made once: a lookup's dates are a
        # take from it, not a conversion of thousands of day numbers per column (None for no day).
        first = int(self._days[:-1].min()) if len(self._keys) else 0
        self._first_day = first
        self._date_table = object_array(
            [*as_dates(np.arange(first, int(self._days[:-1].max(initial=first)) + 1)), None]
        )
        self._sides = (SideSteps.of(steps, "a"), SideSteps.of(steps, "b"))
        whole = Together.read(*self._sides)
        self._whole = whole
        self._controllers = whole.controllers
        self._controller = object_array([c[0] if len(c) == 1 else None for c in whole.controllers])
        self._status = _STATUS_OF_SEVERITY[whole.severity]
        self._side_status = tuple(_STATUS_OF_SEVERITY[side.severity] for side in self._sides)
        self._changes = self._change_steps()

    def _change_steps(self) -> npt.NDArray[np.bool_]:
        """Which steps change what a reader sees: either side's holder(s), confirmation or status.

        A crossing's first step is a change when it says anything at all.
        """
        n = len(self._keys)
        seen = pd.DataFrame({"code": self._codes})
        for name, side in zip(SIDES, self._sides, strict=True):
            seen[f"{name}_controllers"] = side.controllers[:n]
            seen[f"{name}_confirmed"] = side.confirmed[:n]
            seen[f"{name}_severity"] = side.severity[:n]
            seen[f"{name}_disputed"] = side.disputed[:n]
            seen[f"{name}_parts"] = side.parts[:n]
        previous = seen.groupby("code").shift(1)
        first = previous["a_severity"].isna().to_numpy()
        unknown = (self._whole.severity[:n] == 0) & np.array([len(c) == 0 for c in self._controllers[:n]], dtype=bool)
        differs = np.zeros(n, dtype=bool)
        for column in seen.columns.drop("code"):
            differs |= (seen[column] != previous[column]).to_numpy()
        return np.where(first, ~unknown, differs)

    def steps(self) -> pd.DataFrame:
        """The state after every (crossing, report day) step: what a reader would see from that day on.

        Columns ``code`` (the crossing's position in ``crossing_ids``), ``day`` (day
        number), ``controllers``, ``confirmed``, ``status``, ``status_disputed``, then
        ``status_side``, the countries and each side's columns; ordered by crossing, then day.
        """
        n = len(self._keys)
        return pd.DataFrame(
            {
                "code": self._codes,
                "day": self._days[:n],
                "controllers": self._controllers[:n],
                "confirmed": self._whole.confirmed[:n],
                "status": self._status[:n],
                "status_disputed": self._whole.disputed[:n],
                **self._step_sides(np.arange(n)),
            }
        )

    def _step_sides(self, rows: IntArray) -> dict[str, Any]:
        """The sides of the steps ``rows``, with their countries: what their wording needs."""
        codes = self._codes[rows]
        return {
            "status_side": self._status_sides(rows),
            "country_a": self._side_countries[0][codes],
            "country_b": self._side_countries[1][codes],
            **self._side_columns(rows, self._days[rows]),
        }

    def report_keys(self) -> tuple[IntArray, IntArray]:
        """For each report the timeline was built from, in order: its crossing's position in
        :attr:`crossing_ids` (-1 for a crossing not listed) and its day number."""
        return self._report_codes, self._report_days

    def report_sides(self) -> IntArray:
        """For each report the timeline was built from, in order: its side (0 for its crossing's
        ``country_a``, 1 for ``country_b``, :data:`geo.sides.WHOLE` for the whole crossing)."""
        return self._report_sides

    def __len__(self) -> int:
        """Number of (crossing, report day) steps."""
        return len(self._keys)

    def _rows_at(self, day: date) -> IntArray:
        """Index of each crossing's latest step on or before ``day`` (the sentinel if none)."""
        n = len(self.crossing_ids)
        codes = np.arange(n, dtype=np.int64)
        rows = np.searchsorted(self._keys, (codes << DAY_BITS) | (day_number(day) + DAY_OFFSET), "right") - 1
        found = (rows >= 0) & (self._codes[rows.clip(min=0)] == codes) if len(self._keys) else rows >= n
        return np.where(found, rows, len(self._keys))

    def at(self, day: date, *, stale_after_days: int = STALE_AFTER_DAYS) -> pd.DataFrame:
        """The state of every crossing as of ``day``, one row each.

        Columns :data:`geo.state_frame.STATE_COLUMNS`, then :data:`CLAIMANTS` and each side's.
        """
        return state_frame(self.state_columns(day, stale_after_days=stale_after_days))

    def state_columns(self, day: date, *, stale_after_days: int = STALE_AFTER_DAYS) -> dict[str, Column]:
        """The columns of :meth:`at`, for a caller that adds its own before the frame is built (:func:`state_frame`)."""
        return self._state_columns(self._ids, self._packed.take(self._rows_at(day)), day, stale_after_days)

    def state_of(self, crossing_id: str, day: date, *, stale_after_days: int = STALE_AFTER_DAYS) -> dict[str, Any]:
        """One crossing's row of :meth:`at`, found with one binary search instead of one per crossing.

        Raises
        ------
        KeyError
            When ``crossing_id`` is not one of :attr:`crossing_ids`.
        """
        code = self._code(crossing_id)
        row = int(np.searchsorted(self._keys, (code << DAY_BITS) | (day_number(day) + DAY_OFFSET), "right")) - 1
        found = row >= 0 and int(self._codes[row]) == code
        rows = np.array([row if found else len(self._keys)], dtype=np.int64)
        # One step: read where it is, without packing every step (see _packed).
        return dict(
            state_frame(self._state_columns([crossing_id], self._step_state(rows), day, stale_after_days)).iloc[0]
        )

    def _code(self, crossing_id: str) -> int:
        code = int(self._positions.get_indexer(pd.Index([crossing_id]))[0])
        if code < 0:
            raise KeyError(crossing_id)
        return code

    def _state_columns(
        self, ids: Sequence[str] | npt.NDArray[np.object_], steps: dict[str, Any], day: date, stale_after_days: int
    ) -> dict[str, Column]:
        """The state columns of ``steps`` (the values of :meth:`_step_state`, one step per crossing of
        ``ids``) as seen on ``day``."""
        stale = steps.pop(_LAST_DAY) < day_number(day) - stale_after_days
        return {"crossing_id": ids, **steps, "stale": stale}

    def _step_state(self, rows: IntArray) -> dict[str, Any]:
        """What the state says after each step of ``rows``: every column but the crossing and whether it is stale,
        which depend on who asks and when; with the step's day number, for the latter."""
        last = self._days[rows]
        whole = self._whole
        columns: dict[str, Any] = {
            "controller": self._controller[rows],
            "controllers": self._controllers[rows],
            "confirmed_controllers": whole.confirmed_sets[rows],
            "contested": whole.contested[rows],
            "confirmed": whole.confirmed[rows],
            "control_date": self._dates(whole.control_days[rows]),
            "status": self._status[rows],
            "status_disputed": whole.disputed[rows],
            "status_date": self._dates(whole.status_days[rows]),
            "status_side": self._status_sides(rows),
            "last_report": self._dates(last),
            CLAIMANTS: whole.claimants[rows],
            **self._traffic_statuses(rows),
        }
        columns.update(self._side_columns(rows, last))
        for name in SIDES:
            # Shown as Python numbers: held so, a lookup takes them instead of making thousands.
            columns[f"{name}_parts"] = columns[f"{name}_parts"].astype(object)
        # A crossing with no report yet is never stale: its "last day" is the latest there is.
        columns[_LAST_DAY] = np.where(last == NO_DAY, _NEVER_STALE, last)
        return columns

    @cached_property
    def _packed(self) -> PackedRows:
        """Every step's state, the sentinel's included, stored row by row: a day's lookup is one take of it."""
        return PackedRows(self._step_state(np.arange(len(self._days))))

    def _side_columns(self, rows: IntArray, last: IntArray) -> dict[str, Any]:
        """Each side's own state at the steps ``rows`` (:data:`~geo.state_frame.SIDE_STATE_COLUMNS`, by side)."""
        columns: dict[str, Any] = {}
        codes = self._step_codes[rows]
        for name, side, status, presumed in zip(SIDES, self._sides, self._side_status, self._presumed, strict=True):
            columns[f"{name}_controllers"] = side.controllers[rows]
            # A state's own side, where no report names a holder: presumed, never counted as a claim.
            columns[f"{name}_presumed"] = np.where(
                (side.control_days[rows] != NO_DAY) | (last == NO_DAY), "", presumed[codes]
            )
            columns[f"{name}_confirmed"] = side.confirmed[rows]
            columns[f"{name}_contested"] = side.contested[rows]
            columns[f"{name}_control_date"] = self._dates(side.control_days[rows])
            columns[f"{name}_status"] = status[rows]
            columns[f"{name}_status_disputed"] = side.disputed[rows]
            columns[f"{name}_status_date"] = self._dates(side.status_days[rows])
            columns[f"{name}_claimants"] = side.claimants[rows]
            columns[f"{name}_parts"] = side.parts[rows]
        return columns

    def _traffic_statuses(self, rows: IntArray) -> dict[str, Any]:
        """The status of each kind of traffic at the steps ``rows``: the most restrictive side's."""
        taken = self._whole.traffic[rows]
        return {column: _STATUS_OF_SEVERITY[taken[:, kind]] for kind, column in enumerate(TRAFFIC_STATUS_COLUMNS)}

    def _dates(self, numbers: IntArray) -> npt.NDArray[np.object_]:
        """Day numbers (all report days, or :data:`NO_DAY`) as dates, None for no day."""
        at = np.where(numbers == NO_DAY, len(self._date_table) - 1, numbers - self._first_day)
        dates: npt.NDArray[np.object_] = self._date_table[at]
        return dates

    def _status_sides(self, rows: IntArray) -> npt.NDArray[np.object_]:
        """The country whose side decides the status at each step of ``rows`` ("" when the sides agree)."""
        decides = self._whole.status_side[rows]
        codes = self._step_codes[rows]
        first, second = (countries[codes] for countries in self._side_countries)
        picked: npt.NDArray[np.object_] = np.where(decides == 0, first, np.where(decides == 1, second, "")).astype(
            object
        )
        return picked

    def changes_of(self, crossing_id: str) -> pd.DataFrame:
        """The steps on which one crossing's state changes, oldest first: its history, with no day missed.

        Columns ``day`` (a ``datetime.date``), ``controllers``, ``confirmed``,
        ``contested``, ``status``, ``status_disputed``, each the state from that day
        until the next row's day. Two binary searches find the crossing's steps.
        """
        code = self._code(crossing_id)
        first, end = np.searchsorted(self._keys, [code << DAY_BITS, (code + 1) << DAY_BITS], "left")
        rows = np.arange(first, end)[self._changes[first:end]]
        return pd.DataFrame(
            {
                "day": self._dates(self._days[rows]),
                "controllers": pd.Series(self._controllers[rows], dtype=object),
                "confirmed": self._whole.confirmed[rows],
                "contested": self._whole.contested[rows],
                "status": pd.Series(self._status[rows], dtype=object),
                "status_disputed": self._whole.disputed[rows],
                **{
                    k: pd.Series(v, dtype=object) if v.dtype == object else v for k, v in self._step_sides(rows).items()
                },
            }
        )

    def change_days(self, crossing_ids: Sequence[str] | None = None) -> IntArray:
        """Day numbers on which the state of any of ``crossing_ids`` (default all) changes, ascending."""
        mask = self._changes
        if crossing_ids is not None:
            wanted = pd.Index(self.crossing_ids).get_indexer(pd.Index(list(crossing_ids)))
            mask = mask & np.isin(self._codes, wanted[wanted >= 0])
        return np.unique(self._days[:-1][mask])

    def change_steps(self) -> tuple[IntArray, IntArray]:
        """Each change of a crossing's state, as its day number and the crossing's position in
        :attr:`crossing_ids`, in the timeline's order (by crossing, then day)."""
        return self._days[:-1][self._changes], self._codes[self._changes]

    def changed_on(self, day: date) -> list[str]:
        """The crossings whose state changes on ``day``."""
        steps = (self._days[:-1] == day_number(day)) & self._changes
        return [self.crossing_ids[c] for c in self._codes[steps]]

    def report_days(self) -> list[date]:
        """Every day on which some crossing has a report, ascending."""
        return [day_from_number(d) for d in np.unique(self._days[:-1])]
