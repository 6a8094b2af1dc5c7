"""Everything the views ask about, loaded once from the store: crossings, parties,
reports and their resolved timeline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from geo.asof import IntArray, Timeline, deciding_reports
from geo.store import Store

#: Crossing columns carried into a state frame beside the state itself.
CROSSING_FIELDS = ("name", "name_a", "name_b", "country_a", "country_b", "lat", "lon", "region")


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
        return cls(crossings, parties, reports, timeline, stale_after_days)

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
        """The reports that decide ``crossing_id``'s state as of ``day``."""
        return deciding_reports(self.history(crossing_id), self.state(crossing_id, day))

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

    @cached_property
    def _report_rows(self) -> tuple[IntArray, IntArray]:
        """Report positions grouped by crossing (stable, so each keeps the reports' order), and where each
        crossing's group starts: one crossing's reports are a slice, not a scan of every report."""
        codes = self._crossing_positions.get_indexer(pd.Index(self.reports["crossing_id"]))
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

    def party_colors(self) -> dict[str, str]:
        """Party colours by id."""
        return dict(zip(self.parties["party_id"], self.parties["color"], strict=True))
