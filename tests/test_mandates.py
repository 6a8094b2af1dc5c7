"""Permission apart from control: which authorisations count at a crossing on a day, as a table of
cases (the README's) with their words, and as properties."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.mandates import Mandates
from geo.permission_text import authorisations_text

D = date(2014, 12, 29)
NAMES = {"un": "UN Security Council", "syria": "Syrian government"}


def authorisations(*rows: tuple[str, str, str, int, int | None]) -> pd.DataFrame:
    """Authorisations of crossing x from (issuer, effect, traffic, first day, last day) offsets from D."""
    return pd.DataFrame(
        {
            "authorisation_id": range(1, len(rows) + 1),
            "issuer": [r[0] for r in rows],
            "crossings": ["x"] * len(rows),
            "traffic": [r[2] for r in rows],
            "effect": [r[1] for r in rows],
            "start_date": [D + timedelta(days=r[3]) for r in rows],
            "end_date": [D + timedelta(days=r[4]) if r[4] is not None else None for r in rows],
            "title": [""] * len(rows),
            "source": ["UN"] * len(rows),
            "url": [None] * len(rows),
            "confidence": ["high"] * len(rows),
        }
    )


def summary(frame: pd.DataFrame, day: date = D) -> dict[str, Any]:
    return Mandates(frame, ["x", "y"]).summary_of("x", day)


MANDATE_CASES = [
    # (name, authorisations as (issuer, effect, traffic, start, end) offsets from D, summary, words)
    (
        "a permit in force says until when and how long is left",
        [("un", "permits", "aid", -10, 12)],
        {"authorised": True, "authorised_until": D + timedelta(days=12), "authorisation_lapsed": None},
        "UN Security Council: permits aid, in force until 2015-01-10, expires in 12 days",
    ),
    (
        "a permit past its last day has lapsed",
        [("un", "permits", "aid", -200, -1)],
        {"authorised": False, "authorisation_lapsed": D - timedelta(days=1)},
        "UN Security Council: lapsed 2014-12-28",
    ),
    (
        "a renewal from the same issuer replaces the lapse",
        [("un", "permits", "aid", -200, -1), ("un", "permits", "aid", 0, 180)],
        {"authorised": True, "authorised_until": D + timedelta(days=180), "authorisation_lapsed": None},
        "UN Security Council: permits aid, in force until 2015-06-27, expires in 180 days",
    ),
    (
        "a revocation is a newer record that forbids",
        [("un", "permits", "aid", -10, 170), ("un", "forbids", "aid", 0, None)],
        {"authorised": False, "forbidden": True},
        "UN Security Council: forbids aid, open-ended",
    ),
    (
        "issuers stand side by side: one's consent beside another's lapse",
        [("un", "permits", "aid", -200, -1), ("syria", "permits", "aid", 0, 180)],
        {"authorised": True, "authorisation_lapsed": D - timedelta(days=1)},
        "Syrian government: permits aid, in force until 2015-06-27, expires in 180 days; "
        "UN Security Council: lapsed 2014-12-28",
    ),
    (
        "the last day is in force and expires today",
        [("un", "permits", "", -10, 0)],
        {"authorised": True, "authorised_until": D},
        "UN Security Council: permits all traffic, in force until 2014-12-29, expires today",
    ),
    (
        "a record that starts later does not count yet",
        [("un", "permits", "aid", 1, 10)],
        {"authorised": False, "forbidden": False, "authorisation_lapsed": None},
        "none",
    ),
]


@pytest.mark.parametrize(("name", "rows", "expected", "words"), MANDATE_CASES, ids=[c[0] for c in MANDATE_CASES])
def test_mandate_rule(
    name: str, rows: list[tuple[str, str, str, int, int | None]], expected: dict[str, Any], words: str
) -> None:
    frame = authorisations(*rows)
    found = summary(frame)
    assert {key: found[key] for key in expected} == expected
    assert authorisations_text(Mandates(frame, ["x"]).at(D, "x"), NAMES) == words


def test_one_record_names_several_crossings_and_a_crossing_not_named_has_none() -> None:
    frame = authorisations(("un", "permits", "aid", -10, 12)).assign(crossings="x | z")
    mandates = Mandates(frame, ["x", "y", "z"])
    assert list(mandates.summary(D)["authorised"]) == [True, False, True]


def test_an_empty_table_answers_for_every_crossing() -> None:
    mandates = Mandates(authorisations(), ["x", "y"])
    assert list(mandates.summary(D)["authorised"]) == [False, False]
    assert mandates.at(D).empty


records = st.tuples(
    st.sampled_from(["un", "syria"]),
    st.sampled_from(["permits", "forbids"]),
    st.sampled_from(["", "aid"]),
    st.integers(-30, 30),
    st.one_of(st.none(), st.integers(0, 40)),
).map(lambda r: (r[0], r[1], r[2], r[3], None if r[4] is None else r[3] + r[4]))


@given(rows=st.lists(records, max_size=10), offset=st.integers(-40, 80))
def test_in_force_means_the_latest_record_of_its_issuer_and_traffic_has_not_ended(
    rows: list[tuple[str, str, str, int, int | None]], offset: int
) -> None:
    day = D + timedelta(days=offset)
    found = summary(authorisations(*rows), day)
    # The plain reading of the rule, record by record.
    latest: dict[tuple[str, str], tuple[int, int, tuple[str, str, str, int, int | None]]] = {}
    for index, row in enumerate(rows):
        if row[3] <= offset and latest.get((row[0], row[2]), (-(10**9), -1, row))[:2] <= (row[3], index):
            latest[(row[0], row[2])] = (row[3], index, row)
    in_force = [row for _, _, row in latest.values() if row[4] is None or row[4] >= offset]
    assert found["authorised"] == any(row[1] == "permits" for row in in_force)
    assert found["forbidden"] == any(row[1] == "forbids" for row in in_force)
