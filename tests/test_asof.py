"""The as-of rule, as a table of cases and as properties checked against a plain oracle, in memory and
read back from SQLite and PostgreSQL."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pandas as pd
import pytest
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

from geo.asof import Timeline
from geo.atlas import Atlas
from geo.deciding import deciding_for
from geo.ingest.commit import add_frames
from geo.store.store import Store
from tests.conftest import examples
from tests.oracle import Claim, resolve

D = date(2021, 7, 14)
PREV = D - timedelta(days=1)
NEXT = D + timedelta(days=1)


def frame(*rows: tuple[date, str, str, str], crossing: str = "x") -> pd.DataFrame:
    """Reports about one crossing from (day, claimant, controller, status) tuples."""
    return pd.DataFrame(
        {
            "crossing_id": [crossing] * len(rows),
            "date": [r[0] for r in rows],
            "claimant": [r[1] for r in rows],
            "controller": [r[2] for r in rows],
            "status": [r[3] for r in rows],
        }
    )


def state_of(reports: pd.DataFrame, day: date, stale_after_days: int = 30) -> dict[str, object]:
    return dict(Timeline(reports, ["x"]).at(day, stale_after_days=stale_after_days).iloc[0])


RULE_CASES = [
    # (name, reports, day, expected subset of the state)
    ("no reports: everything unknown", [], D, {"controllers": (), "controller": None, "status": "unknown"}),
    ("report after the day is ignored", [(NEXT, "t", "t", "open")], D, {"controllers": (), "status": "unknown"}),
    ("own claim is unconfirmed", [(D, "t", "t", "")], D, {"controller": "t", "confirmed": False}),
    ("another party confirms", [(D, "t", "t", ""), (D, "p", "t", "")], D, {"controller": "t", "confirmed": True}),
    ("independent observer confirms", [(D, "", "t", "")], D, {"controller": "t", "confirmed": True}),
    (
        "two controllers named the same day: contested",
        [(D, "t", "t", ""), (D, "g", "g", "")],
        D,
        {"controllers": ("g", "t"), "controller": None, "contested": True, "confirmed": False},
    ),
    (
        "the latest controller day wins over an older contest",
        [(PREV, "t", "t", ""), (PREV, "g", "g", ""), (D, "p", "t", "")],
        D,
        {"controller": "t", "contested": False, "confirmed": True},
    ),
    (
        "empty controller carries the older one forward",
        [(PREV, "p", "t", ""), (D, "g", "", "sealed")],
        D,
        {"controller": "t", "confirmed": True, "control_date": PREV, "status": "sealed", "last_report": D},
    ),
    (
        "disagreeing statuses: most restrictive wins, disputed",
        [(D, "a", "", "open"), (D, "b", "", "sealed"), (D, "c", "", "restricted")],
        D,
        {"status": "sealed", "status_disputed": True},
    ),
    (
        "agreeing statuses are not disputed",
        [(D, "a", "", "sealed"), (D, "b", "", "sealed")],
        D,
        {"status": "sealed", "status_disputed": False},
    ),
    (
        "unknown never outweighs a stated status",
        [(D, "a", "", "unknown"), (D, "b", "", "open")],
        D,
        {"status": "open", "status_disputed": False},
    ),
    (
        "a later status replaces an earlier one",
        [(PREV, "a", "", "sealed"), (D, "a", "", "open")],
        D,
        {"status": "open", "status_date": D},
    ),
    ("stale after the threshold", [(D - timedelta(days=31), "", "t", "open")], D, {"stale": True}),
    ("not stale on the threshold", [(D - timedelta(days=30), "", "t", "open")], D, {"stale": False}),
    (
        # The seed day: Taliban claim, Kabul's denial, a Pakistani source, Pakistan seals.
        "seed day 2021-07-14: contested and sealed",
        [
            (D, "taliban", "taliban", ""),
            (D, "afghan-government", "afghan-government", ""),
            (D, "afghan-government", "", ""),
            (D, "pakistan", "taliban", ""),
            (D, "pakistan", "", "sealed"),
        ],
        D,
        {"controllers": ("afghan-government", "taliban"), "contested": True, "status": "sealed"},
    ),
    (
        "the day after: Pakistan's Foreign Office confirms the Taliban",
        [
            (D, "taliban", "taliban", ""),
            (D, "afghan-government", "afghan-government", ""),
            (D, "pakistan", "", "sealed"),
            (NEXT, "pakistan", "taliban", ""),
        ],
        NEXT,
        {"controller": "taliban", "contested": False, "confirmed": True, "status": "sealed"},
    ),
]


@pytest.mark.parametrize(("name", "rows", "day", "expected"), RULE_CASES, ids=[c[0] for c in RULE_CASES])
def test_rule_table(name: str, rows: list[tuple[date, str, str, str]], day: date, expected: dict[str, object]) -> None:
    state = state_of(frame(*rows), day)
    assert {k: state[k] for k in expected} == expected


def test_states_come_back_in_the_order_of_the_crossings_asked_for() -> None:
    reports = pd.concat([frame((D, "", "a", ""), crossing="x"), frame((D, "", "b", ""), crossing="y")])
    states = Timeline(reports, ["y", "unreported", "x"]).at(D)
    assert list(states["crossing_id"]) == ["y", "unreported", "x"]
    assert list(states["controller"]) == ["b", None, "a"]


def test_reports_about_unlisted_crossings_are_ignored() -> None:
    reports = frame((D, "", "a", "open"), crossing="elsewhere")
    assert state_of(reports, D)["status"] == "unknown"


def test_report_days_lists_each_day_once_in_order() -> None:
    reports = frame((NEXT, "", "a", ""), (D, "", "b", ""), (D, "", "", "open"))
    assert Timeline(reports, ["x"]).report_days() == [D, NEXT]


def test_deciding_reports_are_those_on_the_control_and_status_days() -> None:
    reports = frame((PREV, "p", "t", ""), (PREV, "q", "", "open"), (D, "g", "", "sealed"), (D, "h", "", ""))
    reports["report_id"] = range(len(reports))
    state = dict(Timeline(reports, ["x"]).at(D).iloc[0])
    assert list(deciding_for(reports, pd.DataFrame([state]))["report_id"]) == [0, 2]


# Properties ---------------------------------------------------------------

PARTIES = ["", "a", "b", "c"]
STATUSES = ["", "open", "restricted", "sealed", "unknown"]
START = date(2021, 1, 1)

claims = st.builds(
    Claim,
    day=st.integers(0, 20).map(lambda n: START + timedelta(days=n)),
    claimant=st.sampled_from(PARTIES),
    controller=st.sampled_from(PARTIES),
    status=st.sampled_from(STATUSES),
)


def claims_frame(by_crossing: dict[str, list[Claim]]) -> pd.DataFrame:
    rows = [(cid, c.day, c.claimant, c.controller, c.status) for cid, cs in by_crossing.items() for c in cs]
    return pd.DataFrame(rows, columns=["crossing_id", "date", "claimant", "controller", "status"])


@given(
    by_crossing=st.dictionaries(st.sampled_from(["x", "y", "z"]), st.lists(claims, max_size=12), max_size=3),
    offset=st.integers(-2, 60),
    stale_after=st.integers(0, 10),
)
def test_timeline_agrees_with_the_plain_rule(
    by_crossing: dict[str, list[Claim]], offset: int, stale_after: int
) -> None:
    day = START + timedelta(days=offset)
    ids = ["x", "y", "z"]
    states = Timeline(claims_frame(by_crossing), ids).at(day, stale_after_days=stale_after).set_index("crossing_id")
    for cid in ids:
        expected = resolve(by_crossing.get(cid, []), day, stale_after)
        got = states.loc[cid]
        assert {k: (got[k].item() if hasattr(got[k], "item") else got[k]) for k in expected} == expected, cid


@given(history=st.lists(claims, max_size=12), later=st.lists(claims, max_size=6), offset=st.integers(0, 20))
def test_reports_dated_after_the_day_never_change_its_state(
    history: list[Claim], later: list[Claim], offset: int
) -> None:
    day = START + timedelta(days=offset)
    future = [Claim(day + timedelta(days=1 + (c.day - START).days), c.claimant, c.controller, c.status) for c in later]
    before = Timeline(claims_frame({"x": history}), ["x"]).at(day).iloc[0].to_dict()
    after = Timeline(claims_frame({"x": history + future}), ["x"]).at(day).iloc[0].to_dict()
    assert before == after


@given(history=st.lists(claims, min_size=1, max_size=12))
def test_contested_exactly_when_several_controllers_and_then_no_single_controller(history: list[Claim]) -> None:
    states = Timeline(claims_frame({"x": history}), ["x"]).at(START + timedelta(days=30))
    state = states.iloc[0]
    assert state["contested"] == (len(state["controllers"]) > 1)
    assert (state["controller"] is None) == (len(state["controllers"]) != 1)
    assert not (state["contested"] and state["confirmed"])


_stored_names = itertools.count()


def store_claims(store: Store, by_crossing: dict[str, list[Claim]]) -> dict[str, str]:
    """Store the claims as one batch under new crossing ids; return the stored id of each crossing."""
    if store.parties().empty:
        parties = pd.DataFrame({"party_id": PARTIES[1:], "name": PARTIES[1:], "color": "", "kind": "other"})
        add_frames(store, {"parties": parties}, kind="upload", created_by="test")
    ids = {cid: f"{cid}-{next(_stored_names)}" for cid in ("x", "y", "z")}
    crossings = pd.DataFrame(
        {
            "crossing_id": list(ids.values()),
            "name": list(ids.values()),
            "country_a": "AFG",
            "country_b": "PAK",
            "name_a": "",
            "name_b": "",
            "lat": 31.0,
            "lon": 66.0,
            "region": "r",
            "note": "",
        }
    )
    reports = claims_frame(by_crossing).assign(
        crossing_id=lambda f: f["crossing_id"].map(ids),
        side="",
        source="s",
        attribution="",
        url="",
        confidence="high",
        note="",
    )
    add_frames(store, {"crossings": crossings, "reports": reports}, kind="upload", created_by="test")
    return ids


@pytest.mark.each_database
# Each example fills a database: a seventh of the profile's examples (about 40 under ci).
@examples(1 / 7, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    by_crossing=st.dictionaries(st.sampled_from(["x", "y", "z"]), st.lists(claims, max_size=10), max_size=3),
    offset=st.integers(-2, 40),
)
def test_reports_read_back_from_the_database_resolve_as_the_plain_rule_says(
    store: Store, by_crossing: dict[str, list[Claim]], offset: int
) -> None:
    # One store for every example: each stores its claims under crossing ids of its own.
    ids = store_claims(store, by_crossing)
    day = START + timedelta(days=offset)
    states = Atlas.load(store).states(day).set_index("crossing_id")
    for cid, stored in ids.items():
        expected = resolve(by_crossing.get(cid, []), day, 30)
        got = states.loc[stored]
        assert {k: (got[k].item() if hasattr(got[k], "item") else got[k]) for k in expected} == expected, cid
