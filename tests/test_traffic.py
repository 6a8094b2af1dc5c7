"""A status for one kind of traffic, one way: the as-of rule per part (each kind, each way), as a table
of cases with the words the story reads, and as properties against the plain rule."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.asof import Timeline
from geo.describe import status_text
from geo.model import TRAFFIC_KINDS
from geo.traffic import part_masks
from tests.oracle import Claim, resolve

D = date(2025, 2, 1)
PREV = D - timedelta(days=1)
#: Side ``a`` is EGY, side ``b`` PSE.
COUNTRIES = ("EGY", "PSE")
COLUMNS = ["crossing_id", "date", "claimant", "controller", "status", "side", "traffic", "direction"]


def reports(*rows: tuple[date, str, str, str, str]) -> pd.DataFrame:
    """Reports about crossing x from (day, status, side, traffic, direction) tuples."""
    return pd.DataFrame([("x", day, "", "", *rest) for day, *rest in rows], columns=COLUMNS)


def state(frame: pd.DataFrame, day: date = D) -> dict[str, Any]:
    found = dict(Timeline(frame, ["x"], [COUNTRIES]).at(day).iloc[0])
    return found | {"country_a": COUNTRIES[0], "country_b": COUNTRIES[1]}


TRAFFIC_CASES = [
    # (name, reports as (day, status, side, traffic, direction), expected subset of the state, the status in words)
    (
        "open for people, sealed for goods: restricted, and said exactly",
        [(D, "open", "", "people", ""), (D, "sealed", "", "goods", "")],
        {"status": "restricted", "status_people": "open", "status_goods": "sealed", "status_aid": "unknown"},
        "restricted (open for people; sealed for goods; not stated for aid)",
    ),
    (
        "a one-way opening after a closure is restricted, with the direction in words",
        [(PREV, "sealed", "", "", ""), (D, "open", "", "people", "EGY")],
        {"status": "restricted", "status_people": "restricted", "status_goods": "sealed", "status_aid": "sealed"},
        "restricted (open towards Egypt only, for people; sealed otherwise)",
    ),
    (
        "an opening for one kind only, the rest never stated, is restricted",
        [(D, "open", "", "people", "")],
        {"status": "restricted", "status_people": "open", "status_goods": "unknown"},
        "restricted (open for people; not stated for goods and aid)",
    ),
    (
        "a newer whole-traffic report covers every part",
        [(PREV, "open", "", "people", ""), (D, "sealed", "", "", "")],
        {"status": "sealed", "status_people": "sealed", "status_goods": "sealed"},
        "sealed",
    ),
    (
        "every kind stated open both ways is open",
        [(D, "open", "", kind, "") for kind in TRAFFIC_KINDS],
        {"status": "open", "status_people": "open", "status_aid": "open"},
        "open",
    ),
    (
        "two reports on one part disagreeing: the most restrictive, disputed",
        [(D, "open", "", "people", ""), (D, "sealed", "", "people", "")],
        {"status": "restricted", "status_people": "sealed", "status_disputed": True},
        "restricted (sealed for people; not stated for goods and aid) (disputed: reports that day disagree)",
    ),
    (
        "one side's traffic rule, the other side sealed whole: the sealed side decides",
        [(D, "open", "EGY", "people", ""), (D, "sealed", "PSE", "", "")],
        {"status": "sealed", "status_side": "PSE", "a_status": "restricted", "status_people": "sealed"},
        "sealed from the Palestinian side",
    ),
    (
        "the deciding side's traffic is what the story says",
        [(D, "open", "EGY", "", ""), (D, "open", "PSE", "aid", "PSE"), (D, "sealed", "PSE", "people", "")],
        {"status": "restricted", "status_side": "PSE", "a_status": "open", "status_aid": "restricted"},
        "restricted from the Palestinian side (open towards Palestine only, for aid; sealed for people; "
        "not stated for goods, nor for aid towards Egypt)",
    ),
    (
        "without traffic or direction the plain rule holds",
        [(PREV, "sealed", "", "", ""), (D, "open", "", "", "")],
        {"status": "open", "status_people": "open", "status_goods": "open", "a_parts": -1},
        "open",
    ),
]


@pytest.mark.parametrize(("name", "rows", "expected", "words"), TRAFFIC_CASES, ids=[c[0] for c in TRAFFIC_CASES])
def test_traffic_rule(
    name: str, rows: list[tuple[date, str, str, str, str]], expected: dict[str, Any], words: str
) -> None:
    found = state(reports(*rows))
    assert {key: found[key] for key in expected} == expected
    assert status_text(found) == words


def test_a_direction_is_a_side_of_the_crossing_and_a_kind_takes_both_ways() -> None:
    masks = part_masks(pd.Series(["people", "", "aid", ""]), pd.Series([0, 1, -1, -1]).to_numpy())
    assert masks.tolist() == [0b000001, 0b101010, 0b110000, 0b111111]


def test_a_file_without_the_new_columns_reads_as_before() -> None:
    plain = reports((PREV, "sealed", "", "", ""), (D, "open", "PSE", "", "")).drop(columns=["traffic", "direction"])
    with_empty = reports((PREV, "sealed", "", "", ""), (D, "open", "PSE", "", ""))
    assert state(plain) == state(with_empty)


statuses = st.sampled_from(["open", "restricted", "sealed", "unknown"])
traffic_claims = st.tuples(
    st.integers(0, 6).map(lambda n: D + timedelta(days=n)),
    statuses,
    st.sampled_from(["", "EGY", "PSE"]),
    st.sampled_from(["", *TRAFFIC_KINDS]),
    st.sampled_from(["", "EGY", "PSE"]),
)


@given(rows=st.lists(traffic_claims, max_size=12), extra=traffic_claims.filter(lambda row: row[3] != ""))
def test_a_report_about_one_kind_of_traffic_never_changes_another_kinds(
    rows: list[tuple[date, str, str, str, str]], extra: tuple[date, str, str, str, str]
) -> None:
    day = D + timedelta(days=7)
    before, after = state(reports(*rows), day), state(reports(*rows, extra), day)
    for kind in TRAFFIC_KINDS:
        if kind != extra[3]:
            # A kind that was never stated may now sit beside a stated one; its own status never moves.
            assert after[f"status_{kind}"] == before[f"status_{kind}"]


whole_crossing_claims = traffic_claims.map(lambda row: (row[0], row[1], "", row[3], row[4]))


@given(rows=st.lists(whole_crossing_claims, max_size=12), offset=st.integers(0, 8))
def test_each_way_of_each_kind_follows_the_plain_rule_over_the_reports_that_speak_for_it(
    rows: list[tuple[date, str, str, str, str]], offset: int
) -> None:
    day = D + timedelta(days=offset)
    found = state(reports(*rows), day)
    for kind in TRAFFIC_KINDS:
        ways = [
            resolve(
                [
                    Claim(d, "", "", status)
                    for d, status, _side, traffic, direction in rows
                    if traffic in ("", kind) and direction in ("", towards)
                ],
                day,
                10_000,
            )["status"]
            for towards in COUNTRIES
        ]
        # Both ways alike read as that status; ways that differ, one of them stated, as restricted.
        known = [way for way in ways if way != "unknown"]
        expected = ways[0] if ways[0] == ways[1] else "restricted" if known else "unknown"
        assert found[f"status_{kind}"] == expected
