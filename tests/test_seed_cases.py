"""The seed data holds each shape of the claims model as reported: a side acting alone, a status for
one kind of traffic or one way, and permission apart from control (the Syrian aid mandates)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import pytest

from geo.atlas import Atlas
from geo.describe import state_sentence


def story(atlas: Atlas, crossing_id: str, day: date) -> str:
    return state_sentence(atlas.state(crossing_id, day), atlas.party_names())


def test_a_neighbour_closing_its_own_side_leaves_the_afghan_side_as_it_was(seed_atlas: Atlas) -> None:
    chaman = seed_atlas.state("spin-boldak-chaman", date(2021, 7, 14))
    assert (chaman["b_status"], chaman["status_side"]) == ("sealed", "PAK")
    milak = seed_atlas.state("zaranj", date(2021, 8, 5))
    assert (milak["b_status"], milak["status_side"], milak["a_controllers"]) == (
        "restricted",
        "IRN",
        ("afghan-government",),
    )


def test_muse_is_open_for_people_and_shut_to_trucks(seed_atlas: Atlas) -> None:
    muse = seed_atlas.state("muse-ruili", date(2023, 10, 31))
    assert (muse["status"], muse["status_people"], muse["status_goods"]) == ("restricted", "open", "sealed")
    assert "open for people; sealed for goods" in story(seed_atlas, "muse-ruili", date(2023, 10, 31))


def test_rafah_reopens_one_way_for_people_after_being_sealed(seed_atlas: Atlas) -> None:
    assert seed_atlas.state("rafah", date(2025, 1, 31))["status"] == "sealed"
    reopened = seed_atlas.state("rafah", date(2025, 2, 1))
    assert reopened["status"] == "restricted"
    assert "open towards Egypt only, for people; sealed otherwise" in story(seed_atlas, "rafah", date(2025, 2, 1))


def test_rafah_gaza_side_changes_hands_while_egypt_holds_its_own(seed_atlas: Atlas) -> None:
    taken = seed_atlas.state("rafah", date(2024, 5, 7))
    assert (taken["country_a"], taken["a_controllers"], taken["b_presumed"]) == ("PSE", ("israel",), "egypt")
    assert seed_atlas.state("rafah", date(2025, 2, 1))["a_controllers"] == ("palestinian-authority",)


def test_jordan_closes_jaber_one_way_as_the_syrian_side_changes_hands(seed_atlas: Atlas) -> None:
    before = seed_atlas.state("nassib-jaber", date(2024, 12, 5))
    after = seed_atlas.state("nassib-jaber", date(2024, 12, 6))
    assert (before["a_controllers"], before["status"]) == (("syrian-government",), "open")
    assert (after["a_controllers"], after["b_status"], after["status_side"]) == (
        ("syrian-opposition",),
        "restricted",
        "JOR",
    )
    assert "restricted towards Jordan only" in story(seed_atlas, "nassib-jaber", date(2024, 12, 6))


@pytest.mark.parametrize(
    ("crossing_id", "day", "authorised", "until", "lapsed"),
    [
        ("bab-al-hawa", date(2014, 7, 13), False, None, None),
        ("al-ramtha", date(2014, 7, 14), True, date(2015, 1, 10), None),
        ("al-yarubiyah", date(2020, 1, 10), True, date(2020, 1, 10), None),
        ("al-yarubiyah", date(2020, 1, 11), False, None, date(2020, 1, 10)),
        ("bab-al-salam", date(2020, 7, 11), False, None, date(2020, 7, 10)),
        ("bab-al-hawa", date(2020, 7, 11), True, date(2021, 7, 10), None),
        # The two days without a mandate in July 2022.
        ("bab-al-hawa", date(2022, 7, 11), False, None, date(2022, 7, 10)),
        ("bab-al-hawa", date(2022, 7, 12), True, date(2023, 1, 10), None),
        # The lapse after the veto, then Damascus' own consent beside the lapsed mandate.
        ("bab-al-hawa", date(2023, 7, 11), False, None, date(2023, 7, 10)),
        ("bab-al-hawa", date(2023, 7, 13), True, date(2024, 1, 13), date(2023, 7, 10)),
        ("al-rai", date(2023, 2, 13), True, date(2023, 5, 13), None),
        ("al-rai", date(2023, 8, 14), True, date(2023, 11, 13), None),
    ],
)
def test_the_syrian_aid_mandates_are_in_force_lapse_and_give_way_on_their_days(
    seed_atlas: Atlas, crossing_id: str, day: date, authorised: bool, until: date | None, lapsed: date | None
) -> None:
    state: dict[str, Any] = seed_atlas.state(crossing_id, day)
    assert (bool(state["authorised"]), state["authorised_until"], state["authorisation_lapsed"]) == (
        authorised,
        until,
        lapsed,
    )


def test_permission_is_not_passage_at_bab_al_hawa(seed_atlas: Atlas) -> None:
    waiting = seed_atlas.state("bab-al-hawa", date(2023, 8, 1))
    assert (bool(waiting["authorised"]), waiting["status_aid"]) == (True, "sealed")
    in_force = seed_atlas.authorisations_at(date(2023, 8, 1), "bab-al-hawa")
    assert list(in_force.loc[in_force["in_force"], "issuer"]) == ["syrian-government"]
    assert seed_atlas.state("bab-al-hawa", date(2023, 9, 19))["status_aid"] == "open"


def test_each_issuer_s_records_for_a_crossing_follow_one_another_without_overlap(seed_atlas: Atlas) -> None:
    records = seed_atlas.authorisations
    named = records.assign(crossing_id=records["crossings"].str.split("|")).explode("crossing_id")
    for _, group in named.groupby(["issuer", "crossing_id"]):
        # Outlets that disagree on one decision's length (Adré's extension of 13 November 2024,
        # resolution 2585) keep a record each from the same first day: versions, not a renewal.
        ordered = group.sort_values(["start_date", "end_date"]).drop_duplicates("start_date")
        starts = pd.to_datetime(ordered["start_date"]).iloc[1:].to_numpy()
        ends = pd.to_datetime(ordered["end_date"]).iloc[:-1].to_numpy()
        # A renewal may start on its forerunner's last day, when both are dated so by their sources
        # (Adré's opening "to 15 November" and its extension "from 15 November").
        assert (starts >= ends).all(), ordered[["title", "start_date", "end_date"]]


def test_every_seed_crossing_says_where_its_point_comes_from(seed_atlas: Atlas) -> None:
    crossings = seed_atlas.crossings
    assert crossings["note"].fillna("").str.len().gt(0).all()


@pytest.mark.parametrize(
    ("crossing_id", "holder"),
    [
        ("bab-al-hawa", "syrian-opposition"),
        ("al-yarubiyah", "ypg"),
        ("al-ramtha", "syrian-opposition"),
        ("nassib-jaber", "syrian-government"),
    ],
)
def test_the_mandate_of_2014_names_crossings_held_by_others_than_damascus_but_one(
    seed_atlas: Atlas, crossing_id: str, holder: str
) -> None:
    state = seed_atlas.state(crossing_id, date(2014, 7, 14))
    assert state["a_controllers"] == (holder,)
    assert bool(state["authorised"]) is (crossing_id != "nassib-jaber")


def test_outlets_that_disagree_on_a_day_leave_rafah_s_departures_disputed(seed_atlas: Atlas) -> None:
    disputed = seed_atlas.state("rafah", date(2023, 11, 6))
    assert (disputed["status_people"], bool(disputed["status_disputed"])) == ("sealed", True)
    resumed = seed_atlas.state("rafah", date(2023, 11, 9))
    assert "towards Egypt only, for people" in story(seed_atlas, "rafah", date(2023, 11, 9))
    assert not resumed["status_disputed"]
