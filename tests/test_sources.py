"""The sources footnote: the reports that decide what is shown, one entry per outlet, shortened to fit."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest

from geo.asof import Timeline
from geo.atlas import Atlas
from geo.deciding import deciding_for
from geo.grading import GRADE_KEY
from geo.ingest.synth import synthesize
from geo.present.frame import PresentationFrame, build_presentation_layer
from geo.present.sources import (
    authorisation_sources,
    corroboration_entries,
    footnote_entries,
    more_outlets,
    shortened,
    source_entries,
    sources_behind,
)
from geo.present.static_map import render_map

SEED_DAY = date(2021, 7, 14)


@pytest.mark.parametrize("day", [date(2021, 5, 1), date(2021, 7, 9), SEED_DAY, date(2021, 8, 15), date(2024, 4, 11)])
def test_sources_come_from_the_reports_that_decide_each_shown_state(seed_atlas: Atlas, day: date) -> None:
    states = seed_atlas.states(day)
    together = deciding_for(seed_atlas.reports, states)
    one_by_one = [seed_atlas.deciding(cid, day) for cid in states["crossing_id"]]
    assert sorted(together["report_id"]) == sorted(r for frame in one_by_one for r in frame["report_id"])


def test_sources_are_deduplicated_per_outlet_with_dates(seed_atlas: Atlas) -> None:
    states = seed_atlas.states(SEED_DAY)
    entries = source_entries(deciding_for(seed_atlas.reports, states))
    assert len(entries) == len(set(entries))
    assert "AFP (2021-06-22, 2021-07-10, 2021-07-14)" in entries


def test_an_outlet_with_many_dates_gets_a_count_and_a_range() -> None:
    deciding = pd.DataFrame({"source": ["AFP"] * 5, "date": [f"2021-07-0{d}" for d in range(1, 6)]})
    assert source_entries(deciding) == ["AFP (5 dates, 2021-07-01 to 2021-07-05)"]


def test_sources_behind_a_map_are_those_of_its_deciding_reports(seed_atlas: Atlas) -> None:
    states = seed_atlas.states(SEED_DAY)
    assert sources_behind(seed_atlas.reports, states) == source_entries(deciding_for(seed_atlas.reports, states))


def test_sources_behind_nothing_shown_are_none(seed_atlas: Atlas) -> None:
    assert sources_behind(seed_atlas.reports, seed_atlas.states(SEED_DAY).iloc[0:0]) == []


@pytest.mark.parametrize(
    ("count", "most", "expected"),
    [(3, 5, ["A0", "A1", "A2"]), (3, 3, ["A0", "A1", "A2"]), (5, 3, ["A0", "A1", more_outlets(3)])],
    ids=["room to spare", "just fits", "too many"],
)
def test_a_shortened_footnote_keeps_the_first_entries_and_counts_the_rest(
    count: int, most: int, expected: list[str]
) -> None:
    assert shortened([f"A{i}" for i in range(count)], most=most) == expected


@pytest.mark.parametrize("seed", [2, 9])
def test_the_atlas_finds_the_same_deciding_reports_as_the_one_pass_rule(seed: int) -> None:
    data = synthesize(40, 4000, seed=seed)
    timeline = Timeline(data.reports, list(data.crossings["crossing_id"]))
    atlas = Atlas(data.crossings, data.parties, data.reports, timeline)
    for day in (date(2014, 1, 1), date(2016, 2, 29), date(2019, 12, 31)):
        states = atlas.states(day)
        for shown in (states, states.iloc[::3], states.iloc[0:0]):
            assert atlas.deciding_for(shown).equals(deciding_for(atlas.reports, shown)), (day, len(shown))


def test_the_footnote_says_who_vouches_for_each_holder_of_a_contested_crossing(seed_atlas: Atlas) -> None:
    states = seed_atlas.states(SEED_DAY)
    states = states[states["region"] == "afghanistan-2021"]
    entries = corroboration_entries(
        states, seed_atlas.deciding_for(states), seed_atlas.party_names(), seed_atlas.party_kinds()
    )
    assert entries == [
        "Spin Boldak-Chaman, contested: Taliban on the Afghan side: claimed by the Taliban (C3); confirmed by one "
        "independent origin, Pakistan (B2); "
        "Afghan government on the Afghan side: its own claim only (C4)",
        GRADE_KEY,
    ]


def test_the_footnote_has_no_corroboration_when_nothing_is_contested(seed_atlas: Atlas) -> None:
    states = seed_atlas.states(date(2021, 7, 15))
    assert not states["contested"].any()
    assert corroboration_entries(states, seed_atlas.deciding_for(states), seed_atlas.party_names()) == []


def test_many_contests_are_counted_after_the_first_few() -> None:
    states = pd.DataFrame(
        {
            "name": [f"X{i}" for i in range(9)],
            "contested": [True] * 8 + [False],
            "controllers": [("a", "b")] * 9,
        }
    )
    deciding = pd.DataFrame(
        {
            "controller": ["a", "b", "b"],
            "claimant": ["a", "b", "c"],
            "grade": ["B2", "C3", "B2"],
            "origin_key": ["x", "y", "z"],
            "origin_name": ["X", "Y", "Z"],
        }
    )
    entries = corroboration_entries(states, deciding, {"a": "A", "b": "B", "c": "C"}, most=3)
    assert entries[:2] == [
        "X0, contested: B: claimed by B (C3); confirmed by one independent origin, C (B2); A: its own claim only (B2)",
        "X1, contested: B: claimed by B (C3); confirmed by one independent origin, C (B2); A: its own claim only (B2)",
    ]
    assert entries[2].startswith("… and 6 more contested crossings")
    assert entries[3] == GRADE_KEY


def test_footnote_entries_are_the_sources_then_the_contests(seed_atlas: Atlas) -> None:
    states = seed_atlas.states(SEED_DAY)
    names, kinds = seed_atlas.party_names(), seed_atlas.party_kinds()
    entries = footnote_entries(seed_atlas.reports, states, names, kinds, most=3)
    assert entries == [
        *shortened(sources_behind(seed_atlas.reports, states), most=3),
        *corroboration_entries(states, seed_atlas.deciding_for(states), names, kinds),
    ]


def test_the_presentation_frame_footnote_carries_who_vouches_for_the_contested_holders(seed_atlas: Atlas) -> None:
    states = seed_atlas.states(SEED_DAY)
    states = states[states["region"] == "afghanistan-2021"]
    group = build_presentation_layer(
        states,
        seed_atlas.reports,
        day=SEED_DAY,
        names=seed_atlas.party_names(),
        colors=seed_atlas.party_colors(),
        kinds=seed_atlas.party_kinds(),
    )
    (frame,) = [child for child in group._children.values() if isinstance(child, PresentationFrame)]
    entries = json.loads(frame.payload)["entries"]
    assert entries[-1] == GRADE_KEY
    assert entries[-2] == (
        "Spin Boldak-Chaman, contested: Taliban on the Afghan side: claimed by the Taliban (C3); confirmed by one "
        "independent origin, Pakistan (B2); "
        "Afghan government on the Afghan side: its own claim only (C4)"
    )
    assert "AFP (2021-06-22, 2021-07-10, 2021-07-14)" in entries


SYRIA_DAY = date(2016, 6, 1)
#: The record of resolution 2258, in force on SYRIA_DAY for the four crossings it names (seeds/authorisations.csv).
RESOLUTION_2258 = "WAM (via Emirates News Releases) (2016-01-11)"


def syria_states(atlas: Atlas) -> pd.DataFrame:
    states = atlas.states(SYRIA_DAY)
    return states[states["region"] == "syria-2014-2024"].reset_index(drop=True)


def test_the_footnote_names_the_outlets_of_the_authorisations_that_count(seed_atlas: Atlas) -> None:
    states = syria_states(seed_atlas)
    names = seed_atlas.party_names()
    with_them = footnote_entries(
        seed_atlas.reports, states, names, most=20, authorisations=seed_atlas.authorisations_at(SYRIA_DAY)
    )
    assert RESOLUTION_2258 in with_them
    assert RESOLUTION_2258 not in footnote_entries(seed_atlas.reports, states, names, most=20)


def test_an_authorisation_of_crossings_not_shown_is_not_a_source(seed_atlas: Atlas) -> None:
    states = syria_states(seed_atlas)
    # Al-Rai is not one of the four crossings resolution 2258 names.
    al_rai = states[states["crossing_id"] == "al-rai"]
    mandates = seed_atlas.authorisations_at(SYRIA_DAY)
    entries = footnote_entries(seed_atlas.reports, al_rai, {}, most=20, authorisations=mandates)
    assert RESOLUTION_2258 not in entries


def test_one_authorisation_naming_several_shown_crossings_is_one_source() -> None:
    mandates = pd.DataFrame(
        {
            "crossing_id": ["x", "y", "x"],
            "authorisation_id": [1, 1, 2],
            "source": ["UN", "UN", ""],
            "start_date": ["2014-07-14", "2014-07-14", "2015-01-11"],
        }
    )
    shown = pd.DataFrame({"crossing_id": ["x", "y"]})
    assert source_entries(authorisation_sources(mandates, shown)) == ["UN (2014-07-14)"]


def test_the_presentation_frame_footnote_carries_the_authorisations_sources(seed_atlas: Atlas) -> None:
    group = build_presentation_layer(
        syria_states(seed_atlas),
        seed_atlas.reports,
        day=SYRIA_DAY,
        names=seed_atlas.party_names(),
        colors=seed_atlas.party_colors(),
        authorisations=seed_atlas.authorisations_at(SYRIA_DAY),
    )
    (frame,) = [child for child in group._children.values() if isinstance(child, PresentationFrame)]
    assert RESOLUTION_2258 in json.loads(frame.payload)["entries"]


def test_the_static_map_footnote_carries_the_authorisations_sources(seed_atlas: Atlas) -> None:
    fig = render_map(seed_atlas, SYRIA_DAY, region="syria-2014-2024")
    (sources,) = [text for text in fig.texts if text.get_gid() == "sources"]
    assert RESOLUTION_2258 in sources.get_text().replace("\n", " ")
