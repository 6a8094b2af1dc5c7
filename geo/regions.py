"""The regions at a glance: what the view of every region lists, each region with its name, its
crossings and the days its reports span, so a reader can open one at its own view and dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from geo.atlas import Atlas


@dataclass(frozen=True)
class RegionEntry:
    """One region as the list shows it."""

    region_id: str
    name: str
    crossings: int
    #: The first and last report days of the region, None for a region with no reports yet.
    span: tuple[date, date] | None

    def summary(self) -> str:
        """What the region holds, in a line: its crossings and the days its reports span."""
        count = f"{self.crossings} crossing{'s' if self.crossings != 1 else ''}"
        if self.span is None:
            return f"{count}, no reports yet"
        first, last = self.span
        days = first.isoformat() if first == last else f"{first.isoformat()} to {last.isoformat()}"
        return f"{count}, reports {days}"


def region_entries(atlas: Atlas) -> list[RegionEntry]:
    """Every region of ``atlas``, earliest reports first (a region without reports last), then by name."""
    counts = atlas.crossings["region"].value_counts()
    entries = [
        RegionEntry(region, atlas.region_title(region), int(counts[region]), atlas.report_span(region))
        for region in atlas.regions()
    ]
    return sorted(entries, key=lambda e: (e.span is None, e.span[0] if e.span else date.max, e.name))
