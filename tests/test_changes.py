"""Stepping from change to change under filters, and what changed between two dates."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from geo.asof import Timeline
from geo.atlas import Atlas
from geo.changes import changes_between, step_change
from geo.filters import CrossingFilter, fold

CROSSINGS = pd.DataFrame(
    {
        "crossing_id": ["north", "south", "east"],
        "name": ["North Gate", "South Bridge", "East Post"],
        "name_a": ["Shimal", "", "شرقی"],
        "name_b": ["", "Jonub", ""],
        "country_a": ["AFG", "AFG", "IRN"],
        "country_b": ["PAK", "IRN", "TKM"],
        "lat": [34.0, 30.0, 35.0],
        "lon": [71.0, 61.0, 62.0],
        "region": ["r1", "r1", "r2"],
    }
)
# (crossing, day of July 2021, claimant, controller, status)
REPORTS = [
    ("north", 1, "", "gov", "open"),
    ("south", 1, "", "gov", "open"),
    ("east", 1, "", "gov", "open"),
    ("north", 3, "gov", "", "open"),  # a report that changes nothing
    ("south", 5, "tal", "tal", ""),  # unconfirmed takeover
    ("north", 8, "tal", "tal", ""),
    ("north", 8, "gov", "gov", ""),  # contested from the 8th
    ("east", 10, "", "", "sealed"),
    ("north", 12, "pak", "tal", ""),  # contest resolved
]


def atlas() -> Atlas:
    reports = pd.DataFrame(
        [(c, date(2021, 7, d), cl, ct, st) for c, d, cl, ct, st in REPORTS],
        columns=["crossing_id", "date", "claimant", "controller", "status"],
    )
    reports["report_id"] = range(1, len(reports) + 1)
    parties = pd.DataFrame({"party_id": ["gov", "tal", "pak"], "name": ["Gov", "Tal", "Pak"], "color": ["#000000"] * 3})
    return Atlas(CROSSINGS, parties, reports, Timeline(reports, list(CROSSINGS["crossing_id"])))


STEP_CASES = [
    ("next from the start", CrossingFilter(), 1, "next", 5),
    ("a report that changes nothing is skipped", CrossingFilter(regions=frozenset({"r1"})), 1, "next", 5),
    ("previous", CrossingFilter(), 10, "previous", 8),
    ("previous reaches the first report", CrossingFilter(), 5, "previous", 1),
    ("nothing before the first report", CrossingFilter(), 1, "previous", None),
    ("nothing after the last change", CrossingFilter(), 12, "next", None),
    ("region filter skips other regions", CrossingFilter(regions=frozenset({"r2"})), 1, "next", 10),
    ("country filter", CrossingFilter(countries=frozenset({"PAK"})), 1, "next", 8),
    ("name search in another script", CrossingFilter(search="شرقى"), 1, "next", 10),
    ("contested only stops where a contest starts", CrossingFilter(contested_only=True), 1, "next", 8),
    ("contested only stops where a contest ends", CrossingFilter(contested_only=True), 8, "next", 12),
    ("unconfirmed only", CrossingFilter(unconfirmed_only=True), 1, "next", 5),
    ("status filter", CrossingFilter(statuses=frozenset({"sealed"})), 1, "next", 10),
    ("party filter", CrossingFilter(parties=frozenset({"tal"})), 5, "next", 8),
]


@pytest.mark.parametrize(
    ("name", "crossing_filter", "day", "direction", "expected"), STEP_CASES, ids=[c[0] for c in STEP_CASES]
)
def test_step_change(
    name: str, crossing_filter: CrossingFilter, day: int, direction: str, expected: int | None
) -> None:
    found = step_change(atlas(), date(2021, 7, day), crossing_filter, direction)  # type: ignore[arg-type]
    assert found == (date(2021, 7, expected) if expected else None)


def test_changes_between_two_dates_lists_before_after_and_the_deciding_reports() -> None:
    changes = changes_between(atlas(), date(2021, 7, 12), date(2021, 7, 2), CrossingFilter())
    rows = {r["crossing_id"]: r for r in changes.to_dict("records")}
    assert set(rows) == {"north", "south", "east"}
    assert (rows["north"]["controllers_before"], rows["north"]["controllers_after"]) == (("gov",), ("tal",))
    assert rows["north"]["report_ids"] == [9]
    assert (rows["east"]["status_before"], rows["east"]["status_after"]) == ("open", "sealed")


def test_changes_between_the_same_date_is_empty() -> None:
    assert changes_between(atlas(), date(2021, 7, 8), date(2021, 7, 8), CrossingFilter()).empty


def test_filters_apply_to_states() -> None:
    states = atlas().states(date(2021, 7, 8))
    assert list(CrossingFilter(contested_only=True).apply(states)["crossing_id"]) == ["north"]
    assert list(CrossingFilter(unconfirmed_only=True).apply(states)["crossing_id"]) == ["south"]
    assert list(CrossingFilter(search="jonub").apply(states)["crossing_id"]) == ["south"]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("SHIMAL", "Shimal"),
        ("شرقي", "شرقی"),
        ("كابل", "کابل"),
        ("mazar-e sharif", "Mazār-e Sharīf"),
        ("مي‌خواهم", "میخواهم"),
    ],
    ids=["case", "arabic yeh", "arabic kaf", "accents", "zero-width non-joiner"],
)
def test_fold_makes_spelling_variants_equal(typed: str, stored: str) -> None:
    assert fold(typed) == fold(stored)


def test_a_status_filter_for_one_kind_of_traffic_reads_that_kinds_status() -> None:
    # South is open for people and sealed for goods from the 12th: restricted, open to people only.
    extra = pd.DataFrame(
        [
            ("south", date(2021, 7, 12), "", "", "open", "people"),
            ("south", date(2021, 7, 12), "", "", "sealed", "goods"),
        ],
        columns=["crossing_id", "date", "claimant", "controller", "status", "traffic"],
    )
    base = atlas()
    reports = pd.concat([base.reports, extra.assign(report_id=[100, 101])], ignore_index=True)
    data = Atlas(CROSSINGS, base.parties, reports, Timeline(reports, list(CROSSINGS["crossing_id"])))
    states = data.states(date(2021, 7, 12))

    def shown(**chosen: object) -> list[str]:
        return sorted(CrossingFilter(**chosen).apply(states)["crossing_id"])  # type: ignore[arg-type]

    assert shown(statuses=frozenset({"open"})) == ["north"]
    assert shown(statuses=frozenset({"open"}), traffic="people") == ["north", "south"]
    assert shown(statuses=frozenset({"sealed"}), traffic="goods") == ["east", "south"]
    assert shown(statuses=frozenset({"restricted"})) == ["south"]


def test_the_authorisation_filters_keep_crossings_under_one_and_those_ending_soon() -> None:
    base = atlas()
    mandates = pd.DataFrame(
        {
            "authorisation_id": [1, 2, 3],
            "issuer": ["gov", "gov", "pak"],
            "crossings": ["north", "south", "east"],
            "traffic": ["aid", "aid", ""],
            "effect": ["permits", "permits", "forbids"],
            "start_date": [date(2021, 7, 1)] * 3,
            "end_date": [date(2021, 7, 20), None, None],
            "title": [""] * 3,
            "source": ["UN"] * 3,
            "url": [None] * 3,
            "confidence": ["high"] * 3,
        }
    )
    data = Atlas(CROSSINGS, base.parties, base.reports, base.timeline, authorisations=mandates)
    states = data.states(date(2021, 7, 12))

    def shown(**chosen: object) -> list[str]:
        return sorted(CrossingFilter(**chosen).apply(states)["crossing_id"])  # type: ignore[arg-type]

    assert shown(authorised_only=True) == ["north", "south"]
    assert shown(expiring_within=8) == ["north"]
    assert shown(expiring_within=7) == []
    assert not CrossingFilter(expiring_within=0).is_static()


def test_next_change_stops_where_an_authorisation_starts_and_the_day_after_it_ends() -> None:
    base = atlas()
    mandates = pd.DataFrame(
        {
            "issuer": ["gov"],
            "crossings": ["east"],
            "traffic": ["aid"],
            "effect": ["permits"],
            "start_date": [date(2021, 7, 6)],
            "end_date": [date(2021, 7, 14)],
            "title": [""],
            "source": ["UN"],
            "url": [None],
            "confidence": ["high"],
        }
    )
    data = Atlas(CROSSINGS, base.parties, base.reports, base.timeline, authorisations=mandates)
    steps = [date(2021, 7, 5)]
    while (following := step_change(data, steps[-1], CrossingFilter(), "next")) is not None:
        steps.append(following)
    assert [d.day for d in steps[1:]] == [6, 8, 10, 12, 15]
    moved = changes_between(data, date(2021, 7, 5), date(2021, 7, 7), CrossingFilter(regions=frozenset({"r2"})))
    assert list(moved["crossing_id"]) == ["east"]
