"""The list of regions the map of every region offers: each region once, with its crossings and dates."""

from __future__ import annotations

from datetime import date

import pytest

from geo.atlas import Atlas
from geo.names import ALL_REGIONS
from geo.regions import RegionEntry, region_entries


def test_every_region_is_listed_once_by_its_name_with_its_crossings_and_report_days(seed_atlas: Atlas) -> None:
    entries = region_entries(seed_atlas)
    assert sorted(e.region_id for e in entries) == seed_atlas.regions()
    for entry in entries:
        in_region = seed_atlas.crossings["region"] == entry.region_id
        assert entry.crossings == int(in_region.sum())
        assert entry.name == seed_atlas.region_title(entry.region_id)
        assert entry.span == seed_atlas.report_span(entry.region_id)
    assert sum(e.crossings for e in entries) == len(seed_atlas.crossings)


def test_regions_are_listed_from_the_earliest_reports_on(seed_atlas: Atlas) -> None:
    starts = [e.span[0] for e in region_entries(seed_atlas) if e.span]
    assert starts == sorted(starts)


@pytest.mark.parametrize(
    ("entry", "said"),
    [
        (RegionEntry("r", "R", 1, None), "1 crossing, no reports yet"),
        (RegionEntry("r", "R", 2, (date(2024, 5, 7), date(2024, 5, 7))), "2 crossings, reports 2024-05-07"),
        (
            RegionEntry("r", "R", 11, (date(2021, 5, 1), date(2021, 9, 14))),
            "11 crossings, reports 2021-05-01 to 2021-09-14",
        ),
    ],
)
def test_a_region_says_what_it_holds_in_a_line(entry: RegionEntry, said: str) -> None:
    assert entry.summary() == said


def test_every_region_at_once_reads_as_all_regions(seed_atlas: Atlas) -> None:
    assert seed_atlas.region_title(None) == ALL_REGIONS == "All regions"
