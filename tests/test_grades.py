"""A source's grade history: a change is a batch with its reason, read back with who and when, undone by revert."""

from __future__ import annotations

from datetime import date

import pytest

from geo.atlas import Atlas
from geo.errors import NothingToCommitError, UnknownSourceError, ValidationError
from geo.ingest.grades import regrade
from geo.store.store import Store

pytestmark = pytest.mark.each_database

SEED_DAY = date(2021, 7, 14)


def grade_of(store: Store, source_id: str) -> str:
    return str(store.sources().set_index("source_id").at[source_id, "reliability"])


def test_a_new_grade_is_kept_with_who_when_and_why_and_read_at_once(seeded_store: Store) -> None:
    batch_id = regrade(
        seeded_store, "pakistani-security-sources", "d", reason="Accounts later contradicted", created_by="ed"
    )
    assert grade_of(seeded_store, "pakistani-security-sources") == "D"
    history = seeded_store.source_grades()
    mine = history[history["source_id"] == "pakistani-security-sources"]
    assert list(mine["reliability"]) == ["B", "D"]
    assert list(mine["created_by"]) == ["seed", "ed"]
    assert mine["reason"].iloc[-1] == "Accounts later contradicted"
    assert int(mine["batch_id"].iloc[-1]) == batch_id
    # The story reads the new grade: Pakistan's word is now D2.
    deciding = Atlas.load(seeded_store).deciding("spin-boldak-chaman", SEED_DAY)
    assert "D2" in set(deciding["grade"])


def test_reverting_a_change_of_grade_brings_the_grade_before_it_back(seeded_store: Store) -> None:
    batch_id = regrade(seeded_store, "afp", "A", reason="Checked on the ground", created_by="ed")
    seeded_store.revert(batch_id, created_by="ed")
    assert grade_of(seeded_store, "afp") == "B"
    assert list(seeded_store.source_grades().query("source_id == 'afp'")["reliability"]) == ["B"]


@pytest.mark.parametrize(
    ("source_id", "grade", "reason", "error", "message"),
    [
        ("afx", "A", "why", UnknownSourceError, "did you mean 'afp'"),
        ("afp", "G", "why", ValidationError, "must be one of: A, B, C, D, E, F"),
        ("afp", "A", "  ", ValidationError, "say why the grade changes"),
        ("afp", "b", "why", NothingToCommitError, "graded B already"),
    ],
)
def test_a_change_of_grade_that_cannot_be_is_refused_and_nothing_is_written(
    seeded_store: Store, source_id: str, grade: str, reason: str, error: type[Exception], message: str
) -> None:
    batches = len(seeded_store.batches())
    with pytest.raises(error, match=message):
        regrade(seeded_store, source_id, grade, reason=reason, created_by="ed")
    assert len(seeded_store.batches()) == batches
    assert grade_of(seeded_store, "afp") == "B"
