"""Everything the views ask about, loaded once from the store: crossings, parties,
reports and their resolved timeline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from geo.asof import IntArray, Timeline, day_number, day_numbers
from geo.store.store import Store

#: Crossing columns carried into a state frame beside the state itself.
CROSSING_FIELDS = ("name", "name_a", "name_b", "country_a", "country_b", "lat", "lon", "region")
_NONE = np.iinfo(np.int64).min


@dataclass(frozen=True)
class Atlas:
    """A read-only snapshot of the data with its as-of timeline."""

    crossings: pd.DataFrame
    parties: pd.DataFrame
    reports: pd.DataFrame
    timeline: Timeline
    stale_after_days: int = 30

    @classmethod
    def load(cls, store: Store, *, stale_after_days: int = 30) -> Atlas:
        """Read everything from ``store`` in one snapshot and resolve the timeline.

        One snapshot, so a batch another app instance commits meanwhile is in all of
        the frames or in none of them.
        """
        with store.snapshot() as view:
            crossings, parties, reports = view.crossings(), view.parties(), view.reports()
        timeline = Timeline(reports, list(crossings["crossing_id"]))
        atlas = cls(crossings, parties, reports, timeline, stale_after_days)
        atlas.index_reports()
        return atlas

    def index_reports(self) -> None:
        """Work out, once, where each crossing's reports are and what each report says, so the first
        story a reader opens is as quick as the next (otherwise done on first use)."""
        self._report_rows, self._report_facts  # noqa: B018 - computed for their cache

    def states(self, day: date) -> pd.DataFrame:
        """The state of every crossing as of ``day``, with the crossing's name and place."""
        states = self.timeline.at(day, stale_after_days=self.stale_after_days)
        info = self.crossings.set_index("crossing_id")[list(CROSSING_FIELDS)]
        return states.join(info, on="crossing_id")

    def state(self, crossing_id: str, day: date) -> dict[str, Any]:
        """One crossing's state as of ``day`` (a row of :meth:`states`), without resolving the others.

        Raises
        ------
        KeyError
            When ``crossing_id`` is not a known crossing.
        """
        state = self.timeline.state_of(crossing_id, day, stale_after_days=self.stale_after_days)
        info = self.crossings.iloc[self._crossing_positions.get_loc(crossing_id)]
        return {**state, **{field: info[field] for field in CROSSING_FIELDS}}

    def deciding(self, crossing_id: str, day: date) -> pd.DataFrame:
        """The reports that decide ``crossing_id``'s state as of ``day`` (the rule of
        :func:`geo.asof.deciding_reports`)."""
        return self.deciding_for(pd.DataFrame([self.state(crossing_id, day)]))

    def history(self, crossing_id: str) -> pd.DataFrame:
        """Every visible report about ``crossing_id``, oldest first (in the order of :attr:`reports`)."""
        rows, bounds = self._report_rows
        code = int(self._crossing_positions.get_indexer(pd.Index([crossing_id]))[0])
        if code < 0:
            return self.reports[self.reports["crossing_id"] == crossing_id]
        return self.reports.iloc[rows[bounds[code] : bounds[code + 1]]]

    @cached_property
    def _crossing_positions(self) -> pd.Index:
        positions: pd.Index = pd.Index(self.crossings["crossing_id"])
        return positions

    def deciding_for(self, states: pd.DataFrame) -> pd.DataFrame:
        """The reports that decide every state in ``states`` (rows of :meth:`states`), in the reports' order.

        :meth:`deciding` for many crossings at once, as whole-array comparisons over
        facts about the reports worked out once per atlas.
        """
        codes, days, naming, stating = self._report_facts
        positions = self._crossing_positions.get_indexer(pd.Index(states["crossing_id"]))
        control = np.full(len(self.crossings) + 1, _NONE, dtype=np.int64)
        status = control.copy()
        known = positions >= 0
        control[positions[known]] = _day_numbers_or_none(states["control_date"][known])
        status[positions[known]] = _day_numbers_or_none(states["status_date"][known])
        # Reports about crossings outside the atlas look up the last slot, which decides nothing.
        slots = np.where(codes >= 0, codes, len(self.crossings))
        deciding: pd.DataFrame = self.reports[((control[slots] == days) & naming) | ((status[slots] == days) & stating)]
        return deciding

    @cached_property
    def _report_codes(self) -> IntArray:
        """Each report's crossing as its position in :attr:`crossings` (-1 for one not there)."""
        codes, _ = self.timeline.report_keys()
        if self.timeline.crossing_ids == list(self.crossings["crossing_id"]) and len(codes) == len(self.reports):
            return codes
        # A timeline over other crossings than the atlas's (never from load): look them up afresh.
        mine: IntArray = self._crossing_positions.get_indexer(pd.Index(self.reports["crossing_id"]))
        return mine

    @cached_property
    def _report_facts(self) -> tuple[IntArray, IntArray, npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
        """Per report: its crossing's position, its day number, whether it names a controller, states a status."""
        days = self.timeline.report_keys()[1]
        if len(days) != len(self.reports):
            days = day_numbers(self.reports["date"]) if len(self.reports) else np.empty(0, dtype=np.int64)

        def said(column: str) -> npt.NDArray[np.bool_]:
            return (self.reports[column].fillna("").astype(str) != "").to_numpy(dtype=bool)

        return self._report_codes, days, said("controller"), said("status")

    @cached_property
    def _report_rows(self) -> tuple[IntArray, IntArray]:
        """Report positions grouped by crossing (stable, so each keeps the reports' order), and where each
        crossing's group starts: one crossing's reports are a slice, not a scan of every report."""
        codes = self._report_codes
        rows: IntArray = np.argsort(codes, kind="stable")
        bounds: IntArray = np.searchsorted(codes[rows], np.arange(len(self.crossings) + 1), "left")
        return rows, bounds

    def report_span(self, region: str | None = None) -> tuple[date, date] | None:
        """The first and last report dates (in ``region`` if given), or None without reports."""
        reports = self.reports
        if region is not None:
            ids = self.crossings.loc[self.crossings["region"] == region, "crossing_id"]
            reports = reports[reports["crossing_id"].isin(ids)]
        if reports.empty:
            return None
        days = pd.to_datetime(reports["date"]).dt.date
        return days.min(), days.max()

    def regions(self) -> list[str]:
        """Every region, sorted."""
        return sorted(self.crossings["region"].unique())

    def party_names(self) -> dict[str, str]:
        """Party display names by id."""
        return dict(zip(self.parties["party_id"], self.parties["name"], strict=True))

    def party_kinds(self) -> dict[str, str]:
        """Party kinds (state, armed-group, ...) by id."""
        return dict(zip(self.parties["party_id"], self.parties["kind"], strict=True))

    def party_colors(self) -> dict[str, str]:
        """Party colours by id."""
        return dict(zip(self.parties["party_id"], self.parties["color"], strict=True))


def _day_numbers_or_none(days: pd.Series) -> list[int]:
    """Day numbers of a column of dates, with :data:`_NONE` where there is no date (None, NaT)."""
    return [_NONE if d is None or pd.isna(d) else day_number(pd.Timestamp(d).date()) for d in days]
