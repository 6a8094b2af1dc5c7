"""Each side of a crossing has its own state: the as-of rule per side, as a table of cases and as
properties against the plain rule (tests/oracle.py) run on each side's reports."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.asof import Timeline
from tests.oracle import Claim, resolve

D = date(2021, 7, 14)
PREV = D - timedelta(days=1)
NEXT = D + timedelta(days=1)
#: The crossing's two countries: side ``a`` is AFG, side ``b`` PAK.
COUNTRIES = ("AFG", "PAK")


def sided(*rows: tuple[date, str, str, str, str]) -> pd.DataFrame:
    """Reports about crossing x from (day, claimant, controller, status, side) tuples."""
    return pd.DataFrame(
        [("x", *row) for row in rows], columns=["crossing_id", "date", "claimant", "controller", "status", "side"]
    )


def state(reports: pd.DataFrame, day: date = D) -> dict[str, Any]:
    return dict(Timeline(reports, ["x"], [COUNTRIES]).at(day).iloc[0])


SIDE_CASES = [
    # (name, reports as (day, claimant, controller, status, side), expected subset of the state)
    (
        "a whole-crossing report speaks for both sides",
        [(D, "t", "t", "sealed", "")],
        {"a_controllers": ("t",), "b_controllers": ("t",), "a_status": "sealed", "b_status": "sealed"},
    ),
    (
        "a claim about one side leaves the other side's holder unknown",
        [(D, "t", "t", "", "AFG")],
        {"a_controllers": ("t",), "b_controllers": (), "controller": "t", "controllers": ("t",)},
    ),
    (
        # 14 July 2021 at Spin Boldak-Chaman: the Afghan side disputed, Pakistan sealing its own.
        "the seed day: one side contested, the other held and sealed",
        [
            (D, "t", "t", "", "AFG"),
            (D, "g", "g", "", "AFG"),
            (D, "p", "t", "", "AFG"),
            (D, "p", "p", "sealed", "PAK"),
        ],
        {
            "a_controllers": ("g", "t"),
            "a_contested": True,
            "a_status": "unknown",
            "b_controllers": ("p",),
            "b_contested": False,
            "b_status": "sealed",
            "controllers": ("g", "p", "t"),
            "controller": None,
            "contested": True,
            "status": "sealed",
            "status_side": "PAK",
        },
    ),
    (
        "each side held by its own party: no single holder, not contested",
        [(D, "t", "t", "", "AFG"), (D, "p", "p", "", "PAK")],
        {"controllers": ("p", "t"), "controller": None, "contested": False, "confirmed": False},
    ),
    (
        "the crossing's status is its most restrictive side's, and says which side",
        [(PREV, "", "", "sealed", ""), (D, "p", "", "open", "PAK")],
        {"a_status": "sealed", "b_status": "open", "status": "sealed", "status_side": "AFG"},
    ),
    (
        "sides that agree name no deciding side",
        [(D, "t", "", "restricted", "AFG"), (D, "p", "", "restricted", "PAK")],
        {"status": "restricted", "status_side": ""},
    ),
    (
        "a newer whole-crossing report overrides what each side said",
        [(PREV, "p", "p", "sealed", "PAK"), (D, "", "t", "open", "")],
        {"b_controllers": ("t",), "b_status": "open", "status": "open", "status_side": ""},
    ),
    (
        "a newer report about one side changes that side only",
        [(PREV, "", "t", "open", ""), (D, "p", "", "sealed", "PAK")],
        {"a_status": "open", "b_status": "sealed", "a_controllers": ("t",), "b_controllers": ("t",)},
    ),
    (
        "a dispute on the deciding side disputes the crossing's status",
        [(D, "p", "", "sealed", "PAK"), (D, "", "", "open", "PAK"), (D, "t", "", "open", "AFG")],
        {"b_status": "sealed", "b_status_disputed": True, "a_status_disputed": False, "status_disputed": True},
    ),
    (
        "a dispute on the other side does not",
        [(D, "p", "", "sealed", "PAK"), (D, "", "", "open", "AFG"), (D, "t", "", "restricted", "AFG")],
        {"a_status_disputed": True, "status": "sealed", "status_disputed": False},
    ),
    (
        "one holder confirmed on each side that names it is confirmed",
        [(D, "t", "t", "", "AFG"), (D, "p", "t", "", "AFG"), (D, "", "t", "", "PAK")],
        {"controller": "t", "confirmed": True, "a_confirmed": True, "b_confirmed": True},
    ),
    (
        "one holder unconfirmed on one side is unconfirmed",
        [(D, "t", "t", "", "AFG"), (D, "p", "t", "", "PAK")],
        {"controller": "t", "confirmed": False, "a_confirmed": False, "b_confirmed": True},
    ),
    (
        "a side naming neither country counts for the whole crossing",
        [(D, "t", "t", "sealed", "IRN")],
        {"a_controllers": ("t",), "b_controllers": ("t",), "status_side": ""},
    ),
    (
        "the control date is the latest naming a holder on either side",
        [(PREV, "t", "t", "", "AFG"), (D, "p", "p", "", "PAK")],
        {"control_date": D, "a_control_date": PREV, "b_control_date": D},
    ),
    (
        "a side report after the day is not seen",
        [(D, "", "t", "open", ""), (NEXT, "p", "", "sealed", "PAK")],
        {"b_status": "open", "status_side": ""},
    ),
]


@pytest.mark.parametrize(("name", "rows", "expected"), SIDE_CASES, ids=[c[0] for c in SIDE_CASES])
def test_side_rule(name: str, rows: list[tuple[date, str, str, str, str]], expected: dict[str, Any]) -> None:
    got = state(sided(*rows))
    assert {k: got[k] for k in expected} == expected


def test_without_countries_every_report_is_about_the_whole_crossing() -> None:
    reports = sided((D, "t", "t", "", "AFG"), (D, "p", "", "sealed", "PAK"))
    got = dict(Timeline(reports, ["x"]).at(D).iloc[0])
    assert got["a_controllers"] == got["b_controllers"] == ("t",)
    assert got["a_status"] == got["b_status"] == "sealed"


def test_a_change_on_one_side_is_a_change_of_the_crossing() -> None:
    reports = sided((PREV, "", "t", "open", ""), (D, "p", "", "sealed", "PAK"))
    changes = Timeline(reports, ["x"], [COUNTRIES]).changes_of("x")
    assert list(changes["day"]) == [PREV, D]
    assert list(changes["status_side"]) == ["", "PAK"]


# Properties ---------------------------------------------------------------

START = date(2021, 1, 1)
side_claims = st.tuples(
    st.integers(0, 15).map(lambda n: START + timedelta(days=n)),
    st.sampled_from(["", "a", "b"]),
    st.sampled_from(["", "a", "b", "c"]),
    st.sampled_from(["", "open", "restricted", "sealed", "unknown"]),
    st.sampled_from(["", "AFG", "PAK"]),
)
SIDE_FIELDS = ("controllers", "confirmed", "status", "status_disputed", "claimants")


@given(rows=st.lists(side_claims, max_size=14), offset=st.integers(-1, 20))
def test_each_side_follows_the_plain_rule_over_its_own_and_whole_crossing_reports(
    rows: list[tuple[date, str, str, str, str]], offset: int
) -> None:
    day = START + timedelta(days=offset)
    got = state(sided(*rows), day)
    for prefix, country in zip(("a", "b"), COUNTRIES, strict=True):
        claims = [Claim(d, who, held, status) for d, who, held, status, side in rows if side in ("", country)]
        expected = resolve(claims, day, 30)
        assert {f: got[f"{prefix}_{f}"] for f in SIDE_FIELDS} == {f: expected[f] for f in SIDE_FIELDS}


@given(rows=st.lists(side_claims, max_size=12), extra=side_claims.filter(lambda row: row[4] != ""))
def test_a_report_about_one_side_never_changes_the_other_side(
    rows: list[tuple[date, str, str, str, str]], extra: tuple[date, str, str, str, str]
) -> None:
    other = "b" if extra[4] == COUNTRIES[0] else "a"
    day = START + timedelta(days=20)
    before, after = state(sided(*rows), day), state(sided(*rows, extra), day)
    assert {k: v for k, v in before.items() if k.startswith(f"{other}_")} == {
        k: v for k, v in after.items() if k.startswith(f"{other}_")
    }


@given(rows=st.lists(side_claims, max_size=14), offset=st.integers(0, 20))
def test_the_crossing_reads_its_two_sides(rows: list[tuple[date, str, str, str, str]], offset: int) -> None:
    got = state(sided(*rows), START + timedelta(days=offset))
    severity = {"unknown": 0, "open": 1, "restricted": 2, "sealed": 3}
    assert got["controllers"] == tuple(sorted(set(got["a_controllers"]) | set(got["b_controllers"])))
    assert got["contested"] == (got["a_contested"] or got["b_contested"])
    assert severity[got["status"]] == max(severity[got["a_status"]], severity[got["b_status"]])
    if got["a_status"] == got["b_status"]:
        assert got["status_side"] == ""
    else:
        assert got["status_side"] == COUNTRIES[0 if got["status"] == got["a_status"] else 1]
