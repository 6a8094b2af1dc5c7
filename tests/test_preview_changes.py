"""The preview's state changes: each distinct state described once, and compared by what it reads as."""

from __future__ import annotations

from typing import Any

import pytest

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
