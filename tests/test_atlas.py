"""The atlas: report dates read once when it loads, and one answer to "which crossings are shown on day D"."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from geo.asof import Timeline
from geo.atlas import Atlas
from geo.dates import day_number, iso_days
from geo.day_view import unplaced_note
from geo.errors import UnknownRegionError
from geo.filters import CrossingFilter
from geo.present.extent import select_view
from tests.test_changes import CROSSINGS, atlas

SEED_DAY = date(2021, 7, 14)
REGION = "afghanistan-2021"


def test_report_dates_are_dates_once_the_atlas_holds_them_whatever_the_frame_gave() -> None:
    base = atlas()
    texts = base.reports.assign(date=[d.isoformat() for d in base.reports["date"]])
    stamps = base.reports.assign(date=pd.to_datetime(base.reports["date"]))
    for given in (texts, stamps):
        loaded = Atlas(CROSSINGS, base.parties, given, Timeline(given, list(CROSSINGS["crossing_id"])))
        assert list(loaded.reports["date"]) == list(base.reports["date"])
        assert all(type(d) is date for d in loaded.reports["date"])
        assert list(loaded.report_days) == [day_number(d) for d in base.reports["date"]]
        assert loaded.report_span("r1") == (date(2021, 7, 1), date(2021, 7, 12))
        assert list(loaded.deciding("north", date(2021, 7, 12))["report_id"]) == [4, 9]
    # The given frame is left as it was.
    assert list(texts["date"])[:1] == ["2021-07-01"]


def test_a_stored_atlas_keeps_its_report_frame_as_loaded(seed_atlas: Atlas) -> None:
    # Dates from the store already are dates: nothing is copied or parsed again.
    again = Atlas(seed_atlas.crossings, seed_atlas.parties, seed_atlas.reports, seed_atlas.timeline)
    assert again.reports is seed_atlas.reports
    assert all(type(d) is date for d in seed_atlas.reports["date"])


def test_the_report_span_of_a_region_without_reports_is_none() -> None:
    base = atlas()
    quiet = base.reports[base.reports["crossing_id"] != "east"]
    loaded = Atlas(CROSSINGS, base.parties, quiet, Timeline(quiet, list(CROSSINGS["crossing_id"])))
    assert loaded.report_span("r2") is None
    assert loaded.report_span() == (date(2021, 7, 1), date(2021, 7, 12))


@pytest.mark.parametrize(
    "crossing_filter",
    [
        None,
        CrossingFilter(),
        CrossingFilter(regions=frozenset({REGION}), statuses=frozenset({"sealed"})),
        CrossingFilter(countries=frozenset({"PAK"}), contested_only=True),
        CrossingFilter(search="zzz-no-such"),
    ],
)
def test_the_live_map_and_the_static_map_show_the_same_crossings(
    seed_atlas: Atlas, crossing_filter: CrossingFilter | None
) -> None:
    view = seed_atlas.view(SEED_DAY, region=REGION, crossing_filter=crossing_filter)
    static = select_view(seed_atlas, SEED_DAY, region=REGION, crossing_filter=crossing_filter)
    assert view.drawn.equals(static.states)
    assert view.unplaced.equals(static.unplaced)
    assert set(view.framed["region"]) == {REGION}
    assert set(view.drawn["crossing_id"]) <= set(view.framed["crossing_id"])
    expected = (crossing_filter or CrossingFilter()).apply(seed_atlas.states(SEED_DAY))
    assert list(view.shown["crossing_id"]) == list(expected[expected["region"] == REGION]["crossing_id"])


def test_a_view_of_no_region_frames_every_crossing_a_source_places(seed_atlas: Atlas) -> None:
    view = seed_atlas.view(SEED_DAY)
    placed = seed_atlas.crossings["lat"].notna()
    assert list(view.framed["crossing_id"]) == list(seed_atlas.crossings[placed]["crossing_id"])
    assert view.drawn.equals(view.framed)
    assert list(view.shown["crossing_id"]) == list(seed_atlas.crossings["crossing_id"])
    assert set(view.unplaced["crossing_id"]) == set(seed_atlas.crossings[~placed]["crossing_id"])


def test_a_crossing_no_source_places_is_listed_with_its_state_but_never_drawn(seed_atlas: Atlas) -> None:
    unplaced = seed_atlas.crossings[seed_atlas.crossings["lat"].isna()]
    assert len(unplaced), "the seeds hold crossings that no source places"
    view = seed_atlas.view(date(2021, 8, 20), region="afghanistan-2021")
    ghulam = view.shown.set_index("crossing_id").loc["ghulam-khan"]
    assert ghulam["controller"] == "taliban"
    assert "ghulam-khan" not in set(view.drawn["crossing_id"]) | set(view.framed["crossing_id"])
    assert unplaced_note(view.unplaced) == "Not drawn, as no source places them: Abu Nasr Farahi-Mahirud, Ghulam Khan."
    assert unplaced_note(view.unplaced.iloc[:1]) == "Not drawn, as no source places it: Abu Nasr Farahi-Mahirud."
    assert unplaced_note(view.unplaced.iloc[:0]) == ""


def test_a_view_of_an_unknown_region_is_refused_naming_the_known_ones(seed_atlas: Atlas) -> None:
    with pytest.raises(UnknownRegionError, match=r"unknown region 'atlantis'; known regions: .*afghanistan-2021"):
        seed_atlas.view(SEED_DAY, region="atlantis")
    with pytest.raises(UnknownRegionError):
        select_view(seed_atlas, SEED_DAY, region="atlantis")


def test_stored_days_are_written_as_iso_text_without_being_parsed_again() -> None:
    days = pd.Series([date(2021, 7, 14), "2021-07-15", pd.Timestamp("2021-07-16"), date(2021, 7, 14), None])
    assert list(iso_days(days)) == ["2021-07-14", "2021-07-15", "2021-07-16", "2021-07-14", ""]
    assert list(iso_days(days.iloc[3:]).index) == [3, 4]
