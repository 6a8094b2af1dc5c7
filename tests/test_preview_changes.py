"""The preview's state changes: each distinct state described once, and compared by what it reads as."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from geo.dates import day_from_number
from geo.describe import state_cell_text
from geo.store.store import Store
from tests.uploads import preview

REPORTS = "crossing_id,date,claimant,controller,status,side,source,attribution,url,confidence,note\n"


def test_each_distinct_state_is_described_once_over_the_states_before_and_after(
    seeded_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A million-row upload has a million steps but few distinct states: describing each
    # once (and comparing their numbers) keeps two million-row text columns from being made.
    described: list[tuple[Any, ...]] = []

    def counting(state: dict[str, Any], names: dict[str, str]) -> str:
        described.append(tuple(sorted(state.items())))
        return state_cell_text(state, names)

    monkeypatch.setattr("geo.ingest.preview.state_cell_text", counting)
    result = preview(
        seeded_store,
        REPORTS
        + "torkham,2021-09-20,pakistan,taliban,sealed,PAK,Dawn,,,high,\n"
        + "zaranj,2021-09-20,,,sealed,AFG,Tolo,,,medium,\n",
    )
    assert set(result.changes["crossing_id"]) == {"torkham", "zaranj"}
    assert described and len(described) == len(set(described))
    # The changes still read as text, one per side of the change.
    assert all(isinstance(text, str) and text for text in [*result.changes["before"], *result.changes["after"]])
    assert (result.changes["before"] != result.changes["after"]).all()


def test_a_day_shared_by_many_changes_is_turned_into_a_date_once(
    seeded_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Nearly every step a million-row upload adds is a change: a date per distinct day, not per change.
    converted: list[int] = []

    def counting(number: int) -> date:
        converted.append(number)
        return day_from_number(number)

    monkeypatch.setattr("geo.ingest.preview.day_from_number", counting)
    result = preview(
        seeded_store,
        REPORTS
        + "torkham,2021-09-20,pakistan,taliban,sealed,PAK,Dawn,,,high,\n"
        + "zaranj,2021-09-20,,,sealed,AFG,Tolo,,,medium,\n",
    )
    assert list(result.changes["date"]) == [date(2021, 9, 20)] * 2
    assert sorted(result.changes["name"]) == sorted(
        seeded_store.crossings().set_index("crossing_id").loc[["torkham", "zaranj"], "name"]
    )
    assert len(converted) == 1
