"""A second pair of eyes: a batch committed pending is public only once another editor verifies it,
whole or row by row; every decision is kept, refused ones change nothing."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from geo.atlas import Atlas
from geo.errors import ReviewError, UnknownBatchError
from geo.store.review_reads import reports_of_batch
from geo.store.store import Store

pytestmark = pytest.mark.each_database

DAY = date(2021, 9, 20)


def pending_batch(store: Store, *rows: dict[str, object], by: str = "ana") -> int:
    """A pending batch of reports on Zaranj, written by ``by``."""
    base = {"crossing_id": "zaranj", "date": DAY, "claimant": "iran", "controller": "iran", "side": "IRN"}
    reports = pd.DataFrame([{**base, "source": "IRNA", "confidence": "high", **row} for row in rows], dtype=object)
    return store.add_batch("upload", by, {"reports": reports}, pending=True)


def zaranj_ids(store: Store, *, with_pending: bool = False) -> list[int]:
    with store.snapshot(with_pending=with_pending) as view:
        reports = view.reports()
    return sorted(int(i) for i in reports.loc[reports["date"] == DAY, "report_id"])


def test_a_pending_batch_is_public_only_once_another_editor_verifies_it(seeded_store: Store) -> None:
    batch_id = pending_batch(seeded_store, {"status": "sealed"})
    assert zaranj_ids(seeded_store) == []
    assert Atlas.load(seeded_store).state("zaranj", DAY)["b_status"] != "sealed"
    # Editors may show it, marked as pending.
    with seeded_store.snapshot(with_pending=True) as view:
        assert list(view.reports().query("date == @DAY")["review"]) == ["pending"]
    assert Atlas.load(seeded_store, with_pending=True).state("zaranj", DAY)["b_status"] == "sealed"
    seeded_store.review(batch_id, "verified", reviewed_by="ben", note="Matches IRNA's own page")
    assert len(zaranj_ids(seeded_store)) == 1
    assert Atlas.load(seeded_store).state("zaranj", DAY)["b_status"] == "sealed"
    decision = seeded_store.reviews().iloc[-1]
    assert (decision["decision"], decision["reviewed_by"], decision["note"]) == (
        "verified",
        "ben",
        "Matches IRNA's own page",
    )
    trail = seeded_store.audit_trail().set_index("batch_id")
    assert trail.at[batch_id, "review"] == "verified by ben"


def test_rows_are_decided_one_by_one_and_only_the_verified_ones_are_public(seeded_store: Store) -> None:
    batch_id = pending_batch(seeded_store, {"status": "sealed"}, {"status": "restricted"}, {"status": "open"})
    first, second, third = zaranj_ids(seeded_store, with_pending=True)
    seeded_store.review(batch_id, "verified", reviewed_by="ben", row=("reports", first))
    seeded_store.review(batch_id, "rejected", reviewed_by="ben", row=("reports", second))
    seeded_store.review(batch_id, "unverifiable", reviewed_by="ben", row=("reports", third))
    assert zaranj_ids(seeded_store) == [first]
    assert seeded_store.audit_trail().set_index("batch_id").at[batch_id, "review"] == "pending (3 rows decided)"
    # Editors reading pending rows never see a rejected or unverifiable one; the reviewer's page does.
    assert zaranj_ids(seeded_store, with_pending=True) == [first]
    assert list(reports_of_batch(seeded_store, batch_id)["review"]) == ["verified", "rejected", "unverifiable"]


def test_a_whole_batch_decision_covers_the_rows_not_decided_alone(seeded_store: Store) -> None:
    batch_id = pending_batch(seeded_store, {"status": "sealed"}, {"status": "open"})
    first, second = zaranj_ids(seeded_store, with_pending=True)
    seeded_store.review(batch_id, "rejected", reviewed_by="ben", row=("reports", first))
    seeded_store.review(batch_id, "verified", reviewed_by="ben")
    assert zaranj_ids(seeded_store) == [second]


REFUSALS = [
    ("its author", "Ana", "verified", None, "ana wrote batch"),
    ("a decision not on the list", "ben", "approved", None, "a decision is one of verified, rejected, unverifiable"),
    ("a row not in the batch", "ben", "verified", ("reports", 1), "has no reports row 1"),
]


@pytest.mark.parametrize(("name", "reviewer", "decision", "row", "message"), REFUSALS, ids=[c[0] for c in REFUSALS])
def test_a_decision_that_may_not_be_made_is_refused_and_nothing_changes(
    seeded_store: Store, name: str, reviewer: str, decision: str, row: tuple[str, int] | None, message: str
) -> None:
    batch_id = pending_batch(seeded_store, {"status": "sealed"})
    with pytest.raises(ReviewError, match=message):
        seeded_store.review(batch_id, decision, reviewed_by=reviewer, row=row)
    assert seeded_store.reviews().empty
    assert zaranj_ids(seeded_store) == []


def test_a_batch_or_a_row_decided_already_refuses_another_decision(seeded_store: Store) -> None:
    batch_id = pending_batch(seeded_store, {"status": "sealed"}, {"status": "open"})
    first, _ = zaranj_ids(seeded_store, with_pending=True)
    seeded_store.review(batch_id, "rejected", reviewed_by="ben", row=("reports", first))
    with pytest.raises(ReviewError, match=f"reports row {first} of batch {batch_id} is decided already: rejected"):
        seeded_store.review(batch_id, "verified", reviewed_by="cleo", row=("reports", first))
    seeded_store.review(batch_id, "verified", reviewed_by="ben")
    with pytest.raises(ReviewError, match=f"batch {batch_id} is decided already: verified"):
        seeded_store.review(batch_id, "rejected", reviewed_by="cleo")
    assert len(seeded_store.reviews()) == 2


def test_a_batch_not_committed_for_review_refuses_a_decision(seeded_store: Store) -> None:
    with pytest.raises(ReviewError, match="was not committed for review"):
        seeded_store.review(1, "verified", reviewed_by="ben")
    with pytest.raises(UnknownBatchError):
        seeded_store.review(99, "verified", reviewed_by="ben")


def test_reverting_a_pending_batch_hides_it_from_editors_too_and_a_revert_of_that_brings_it_back(
    seeded_store: Store,
) -> None:
    batch_id = pending_batch(seeded_store, {"status": "sealed"})
    revert_id = seeded_store.revert(batch_id, created_by="ben")
    assert zaranj_ids(seeded_store, with_pending=True) == []
    seeded_store.revert(revert_id, created_by="ben")
    assert len(zaranj_ids(seeded_store, with_pending=True)) == 1


def test_the_seed_needs_no_review(seeded_store: Store) -> None:
    assert seeded_store.audit_trail()["review"].isna().all()


def test_a_review_decision_changes_the_data_version_so_every_instance_reloads(seeded_store: Store) -> None:
    batch_id = pending_batch(seeded_store, {"status": "sealed"})
    before = seeded_store.data_version()
    seeded_store.review(batch_id, "verified", reviewed_by="ben")
    assert seeded_store.data_version() != before
