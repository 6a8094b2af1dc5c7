"""A crossing's story as runs of unchanged state, for the history chart."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.asof import Timeline
from geo.atlas import CROSSING_FIELDS, Atlas
from geo.deciding import deciding_for
from geo.ingest.synth import synthesize
from geo.runs import BAND_COLUMNS, RUN_COLUMNS, band_day, chart_bands, state_runs
from tests.conftest import examples
from tests.oracle import Claim, per_day_runs
from tests.test_asof import PARTIES, START, claims, claims_frame


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


# The timeline's own steps against the old per-day computation ------------------------


def synthetic_atlas(seed: int, crossings: int = 30, reports: int = 3000) -> Atlas:
    data = synthesize(crossings, reports, seed=seed)
    timeline = Timeline(data.reports, list(data.crossings["crossing_id"]))
    return Atlas(data.crossings, data.parties, data.reports, timeline)


def comparable(runs: pd.DataFrame) -> list[dict[str, object]]:
    return [
        {k: r[k] for k in ("start", "end", "controllers", "status", "confirmed", "contested")}
        for r in runs.to_dict("records")
    ]


@pytest.mark.parametrize("seed", [1, 7, 42])
def test_runs_from_the_timeline_equal_the_state_resolved_on_every_change_day(seed: int) -> None:
    atlas = synthetic_atlas(seed)
    busiest = atlas.reports["crossing_id"].value_counts().index[:3]
    for crossing_id in [*busiest, *atlas.crossings["crossing_id"].iloc[:5]]:
        assert comparable(state_runs(atlas, crossing_id)) == per_day_runs(atlas, crossing_id), crossing_id


# Each example works the rule out day by day, the slow way: a fifth of the profile's examples.
@examples(1 / 5)
@given(by_crossing=st.dictionaries(st.sampled_from(["x", "y"]), st.lists(claims, max_size=14), max_size=2))
def test_runs_equal_the_per_day_computation_on_any_claims(by_crossing: dict[str, list[Claim]]) -> None:
    reports = claims_frame(by_crossing)
    crossings = pd.DataFrame({"crossing_id": ["x", "y"], **{f: "" for f in CROSSING_FIELDS}})
    parties = pd.DataFrame({"party_id": PARTIES[1:], "name": PARTIES[1:], "color": "#000000", "kind": "other"})
    atlas = Atlas(crossings, parties, reports, Timeline(reports, ["x", "y"]))
    until = START + timedelta(days=25)
    for crossing_id in ("x", "y"):
        assert comparable(state_runs(atlas, crossing_id, until=until)) == per_day_runs(atlas, crossing_id, until=until)


@pytest.mark.parametrize("seed", [3, 11])
def test_one_crossing_state_history_and_deciding_reports_equal_those_of_the_whole_map(seed: int) -> None:
    atlas = synthetic_atlas(seed)
    days = [date(2015, 1, 1), date(2017, 6, 30), date(2019, 3, 2), date(2030, 1, 1)]
    for day in days:
        states = atlas.states(day).set_index("crossing_id", drop=False)
        for crossing_id in atlas.crossings["crossing_id"].iloc[::4]:
            one = atlas.state(crossing_id, day)
            assert one.keys() == dict(states.loc[crossing_id]).keys()
            assert {k: one[k] for k in one} == {k: states.loc[crossing_id][k] for k in one}, (crossing_id, day)
            scanned = atlas.reports[atlas.reports["crossing_id"] == crossing_id]
            assert atlas.history(crossing_id).equals(scanned)
            assert atlas.deciding(crossing_id, day).equals(deciding_for(atlas.reports, pd.DataFrame([one])))


def test_the_state_of_an_unknown_crossing_is_a_key_error(seed_atlas: Atlas) -> None:
    with pytest.raises(KeyError, match="atlantis"):
        seed_atlas.state("atlantis", date(2021, 7, 14))


# The chart -----------------------------------------------------------------------------


def test_chart_bands_are_each_run_once_per_band_with_its_first_day_as_text(seed_atlas: Atlas) -> None:
    runs = state_runs(seed_atlas, "spin-boldak-chaman")
    bands = chart_bands(runs)
    assert list(bands.columns) == list(BAND_COLUMNS)
    assert list(bands["band"]) == ["held by"] * len(runs) + ["status"] * len(runs)
    assert list(bands["first_day"]) == [d.isoformat() for d in runs["start"]] * 2
    assert list(bands["fill"].iloc[: len(runs)]) == list(runs["color"])
    assert [band_day(d) for d in bands["first_day"]] == list(runs["start"]) * 2


JULY_14 = date(2021, 7, 14)
JULY_14_MS = 1_626_220_800_000  # 2021-07-14T00:00:00Z

BAND_DAY_CASES = [
    ("epoch milliseconds, int", JULY_14_MS, JULY_14),
    ("epoch milliseconds, float", float(JULY_14_MS), JULY_14),
    ("epoch milliseconds, numpy int", np.int64(JULY_14_MS), JULY_14),
    ("local midnight east of UTC (UTC+5)", JULY_14_MS - 5 * 3_600_000, JULY_14),
    ("local midnight west of UTC (UTC-7)", JULY_14_MS + 7 * 3_600_000, JULY_14),
    ("ISO day", "2021-07-14", JULY_14),
    ("ISO day with spaces", " 2021-07-14 ", JULY_14),
    ("ISO timestamp", "2021-07-14T00:00:00", JULY_14),
    ("ISO timestamp in UTC, local midnight east", "2021-07-13T19:00:00Z", JULY_14),
    ("ISO timestamp with milliseconds", "2021-07-14T00:00:00.000", JULY_14),
    ("a date", JULY_14, JULY_14),
    ("a pandas timestamp", pd.Timestamp("2021-07-14"), JULY_14),
    ("the epoch itself", 0, date(1970, 1, 1)),
]


@pytest.mark.parametrize(("name", "value", "expected"), BAND_DAY_CASES, ids=[c[0] for c in BAND_DAY_CASES])
def test_band_day_reads_every_form_a_chart_selection_takes(name: str, value: object, expected: date) -> None:
    assert band_day(value) == expected


@pytest.mark.parametrize("value", ["14/07/2021", "", "soon", float("nan"), float("inf"), True, None, ["2021-07-14"]])
def test_band_day_refuses_what_names_no_day_and_says_what_it_got(value: object) -> None:
    with pytest.raises(ValueError, match="not a day"):
        band_day(value)
