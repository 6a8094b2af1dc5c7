"""Everything the views ask about, loaded once from the store: crossings, parties,
reports and their resolved timeline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from geo.asof import Timeline, deciding_reports
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
        """One crossing's state as of ``day`` (see :meth:`states`)."""
        states = self.states(day)
        return dict(states[states["crossing_id"] == crossing_id].iloc[0])

    def deciding(self, crossing_id: str, day: date) -> pd.DataFrame:
        """The reports that decide ``crossing_id``'s state as of ``day``."""
        return deciding_reports(self.reports, self.state(crossing_id, day))

    def history(self, crossing_id: str) -> pd.DataFrame:
        """Every visible report about ``crossing_id``, oldest first."""
        return self.reports[self.reports["crossing_id"] == crossing_id]

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
