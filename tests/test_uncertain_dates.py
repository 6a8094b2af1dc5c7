"""Uncertain dates: a range counts from its first day and marks the state uncertain until its last;
outlets that date one claim differently are shown side by side."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from geo.asof import Timeline
from geo.atlas import Atlas
from geo.date_versions import date_versions
from geo.describe import state_sentence
from geo.present.labels import label_text
from geo.present.legend import legend_entries
from geo.state_frame import UNCERTAIN_UNTIL

CROSSINGS = pd.DataFrame(
    {
        "crossing_id": ["x", "y"],
        "name": ["X", "Y"],
        "name_a": [None, None],
        "name_b": [None, None],
        "country_a": ["PSE", "PSE"],
        "country_b": ["EGY", "EGY"],
        "lat": [31.2, 31.3],
        "lon": [34.2, 34.3],
        "region": ["r", "r"],
    }
)
PARTIES = pd.DataFrame({"party_id": ["israel"], "name": ["Israel"], "color": ["#0072b2"], "kind": ["state"]})


def atlas_of(*rows: dict[str, object]) -> Atlas:
    base = {"claimant": "israel", "controller": "israel", "status": "", "side": "PSE", "source": "AP"}
    reports = pd.DataFrame([{**base, "report_id": i, "confidence": "high", **row} for i, row in enumerate(rows)])
    return Atlas(CROSSINGS, PARTIES, reports, Timeline(reports, ["x", "y"]))


OVERNIGHT = {"crossing_id": "x", "date": date(2024, 5, 6), "date_latest": date(2024, 5, 7)}

UNCERTAIN_CASES = [
    ("before the range nothing is known", date(2024, 5, 5), None),
    ("from its first day it counts, uncertain", date(2024, 5, 6), date(2024, 5, 7)),
    ("from its last day it is certain", date(2024, 5, 7), None),
]


@pytest.mark.parametrize(("name", "day", "until"), UNCERTAIN_CASES, ids=[c[0] for c in UNCERTAIN_CASES])
def test_a_range_counts_from_its_first_day_and_is_uncertain_until_its_last(
    name: str, day: date, until: date | None
) -> None:
    atlas = atlas_of(OVERNIGHT)
    state = atlas.state("x", day)
    assert state[UNCERTAIN_UNTIL] == until
    assert atlas.states(day).set_index("crossing_id").at["x", UNCERTAIN_UNTIL] == until
    assert state["controllers"] == (("israel",) if day >= date(2024, 5, 6) else ())


def test_a_later_certain_report_takes_over_from_the_range() -> None:
    atlas = atlas_of(OVERNIGHT, {"crossing_id": "x", "date": date(2024, 5, 7), "claimant": "", "date_latest": None})
    assert atlas.state("x", date(2024, 5, 6))[UNCERTAIN_UNTIL] == date(2024, 5, 7)
    assert atlas.state("x", date(2024, 5, 7))[UNCERTAIN_UNTIL] is None


def test_without_any_range_the_state_frame_has_no_uncertainty_column() -> None:
    atlas = atlas_of({"crossing_id": "x", "date": date(2024, 5, 6)})
    assert UNCERTAIN_UNTIL not in atlas.states(date(2024, 5, 6)).columns


def test_the_sentence_the_label_and_the_legend_mark_an_uncertain_state() -> None:
    atlas = atlas_of(OVERNIGHT)
    states = atlas.states(date(2024, 5, 6))
    x = atlas.state("x", date(2024, 5, 6))
    assert state_sentence(x, {"israel": "Israel"}).endswith("uncertain until 2024-05-07.")
    assert [label_text(row) for row in states.to_dict("records")] == ["X (?)", "Y"]
    labels = [e["label"] for e in legend_entries(states, {"israel": "Israel"}, {"israel": "#0072b2"})]
    assert "Name (?): rests on a date known only as a range" in labels


def test_outlets_a_day_apart_on_one_claim_are_shown_side_by_side(seed_atlas: Atlas) -> None:
    day = date(2015, 4, 1)
    versions = date_versions(seed_atlas.history("nassib-jaber"), seed_atlas.deciding("nassib-jaber", day), {})
    assert versions == ["sealed on the Jordanian side: 2015-03-31 (AP); 2015-04-01 (Petra)"]


def test_a_claim_dated_as_a_range_shows_its_range_beside_the_other_version(seed_atlas: Atlas) -> None:
    names = seed_atlas.party_names()
    day = date(2024, 5, 6)
    assert seed_atlas.state("rafah", day)[UNCERTAIN_UNTIL] == date(2024, 5, 7)
    versions = date_versions(seed_atlas.history("rafah"), seed_atlas.deciding("rafah", day), names)
    assert versions == ["held by Israel on the Palestinian side: 2024-05-06 to 2024-05-07 (AP); 2024-05-07 (AP)"]


def test_claims_of_different_events_days_apart_are_not_versions_of_one() -> None:
    reports = pd.DataFrame(
        {
            "crossing_id": ["x", "x"],
            "side": ["PSE", "PSE"],
            "controller": [None, None],
            "status": ["open", "open"],
            "source": ["TASS", "Reuters"],
            "date": [date(2023, 11, 6), date(2023, 11, 9)],
            "confidence": ["high", "high"],
        }
    )
    assert date_versions(reports, reports.tail(1), {}) == []
