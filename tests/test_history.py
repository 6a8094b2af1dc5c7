"""A crossing's story as runs of unchanged state, for the history chart."""

from __future__ import annotations

from datetime import date, timedelta

from geo.asof import Timeline
from geo.atlas import Atlas
from geo.history import RUN_COLUMNS, state_runs


def test_runs_follow_spin_boldak_through_the_july_contest(seed_atlas: Atlas) -> None:
    runs = state_runs(seed_atlas, "spin-boldak-chaman")
    by_start = runs.set_index("start")
    contest = by_start.loc[date(2021, 7, 14)]
    assert contest["contested"] and contest["controllers"] == ("afghan-government", "taliban")
    assert contest["end"] == date(2021, 7, 15)
    assert contest["status"] == "sealed"
    held = by_start.loc[date(2021, 7, 15)]
    assert held["controllers"] == ("taliban",) and held["confirmed"]


def test_runs_tile_the_timeline_without_gaps_or_overlaps(seed_atlas: Atlas) -> None:
    runs = state_runs(seed_atlas, "spin-boldak-chaman")
    assert list(runs.columns) == list(RUN_COLUMNS)
    assert list(runs["end"][:-1]) == list(runs["start"][1:])
    assert (runs["end"] > runs["start"]).all()


def test_run_colours_are_the_holders_party_colour_and_grey_when_contested(seed_atlas: Atlas) -> None:
    colors = seed_atlas.party_colors()
    runs = state_runs(seed_atlas, "spin-boldak-chaman")
    single = runs[~runs["contested"]]
    assert list(single["color"]) == [colors[c[0]] for c in single["controllers"]]
    assert set(runs.loc[runs["contested"], "color"]) == {"#7f7f7f"}


def test_the_last_run_reaches_the_day_asked_for(seed_atlas: Atlas) -> None:
    until = date(2021, 12, 31)
    runs = state_runs(seed_atlas, "torkham", until=until)
    assert runs["end"].iloc[-1] == until + timedelta(days=1)


def test_a_crossing_with_no_reports_has_no_runs(seed_atlas: Atlas) -> None:
    quiet = seed_atlas.crossings["crossing_id"].iloc[0]
    reports = seed_atlas.reports[seed_atlas.reports["crossing_id"] != quiet]
    timeline = Timeline(reports, list(seed_atlas.crossings["crossing_id"]))
    atlas = Atlas(seed_atlas.crossings, seed_atlas.parties, reports, timeline)
    assert state_runs(atlas, quiet).empty
