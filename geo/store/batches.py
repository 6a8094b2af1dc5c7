"""The batch ledger's rules: which batches are hidden, what a revert would hide, and the audit trail.

A batch is never deleted. A revert batch hides its target; reverting the revert brings the
target back. These functions read the ``batches`` table (and, to plan a revert, what the
batches hold); the store applies them to every read and write.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from geo.errors import ConflictError, UnknownBatchError
from geo.model import listed_ids
from geo.store import schema
from geo.store.engine import as_utc
from geo.store.frames import frame_on

_DATA_TABLES = (
    schema.reports,
    schema.crossings,
    schema.parties,
    schema.authorisations,
    schema.sources,
    schema.source_grades,
    schema.gazetteer,
    schema.regions,
)


def hidden_batch_ids(batches: pd.DataFrame) -> set[int]:
    """Batches whose reports are hidden: reverted by a revert that is itself in force.

    A revert always comes after its target, so walking from the newest batch back
    settles each revert before the batch it names.
    """
    hidden: set[int] = set()
    ordered = batches.sort_values("batch_id", ascending=False)
    for batch_id, target in zip(ordered["batch_id"], ordered["reverts_batch_id"], strict=True):
        if int(batch_id) not in hidden and pd.notna(target):
            hidden.add(int(target))
    return hidden


def with_revert_of(batches: pd.DataFrame, batch_id: int) -> pd.DataFrame:
    """``batches`` as they would be after one more batch reverting ``batch_id``."""
    planned = pd.DataFrame({"batch_id": [batches["batch_id"].max() + 1], "reverts_batch_id": [batch_id]})
    return pd.concat([batches, planned], ignore_index=True)


def with_fate(batches: pd.DataFrame) -> pd.DataFrame:
    """``batches`` with what became of each: ``in_force``, or reverted and ``reverted_by`` which batch."""
    hidden = hidden_batch_ids(batches)
    reverted_by: dict[int, int] = {}
    for batch_id, target in zip(batches["batch_id"], batches["reverts_batch_id"], strict=True):
        if pd.notna(target) and int(batch_id) not in hidden:
            reverted_by[int(target)] = int(batch_id)
    batches = batches.copy()
    batches["in_force"] = [int(b) not in hidden for b in batches["batch_id"]]
    by = [reverted_by.get(int(b)) if int(b) in hidden else None for b in batches["batch_id"]]
    batches["reverted_by"] = pd.Series(by, index=batches.index, dtype=object)
    return batches


def rows_a_revert_moves(conn: Connection, batch_id: int) -> int:
    """How many rows reverting ``batch_id`` would hide or show again, on a connection holding the write lock.

    Raises
    ------
    UnknownBatchError
        When no batch has ``batch_id``.
    ConflictError
        When the batch is hidden already, or hiding it would leave shown reports naming a
        crossing or party that only it added.
    """
    batches = frame_on(conn, sa.select(schema.batches))
    if batch_id not in set(batches["batch_id"]):
        raise UnknownBatchError(batch_id)
    hidden = hidden_batch_ids(batches)
    if batch_id in hidden:
        raise ConflictError(f"batch {batch_id} is already reverted; revert the batch that reverted it instead")
    planned = with_revert_of(batches, batch_id)
    newly_hidden = hidden_batch_ids(planned) - hidden
    orphans = orphaned_reports(conn, hidden | newly_hidden, newly_hidden)
    if orphans:
        raise ConflictError(
            f"reverting batch {batch_id} would hide crossings or parties that {orphans} shown"
            " report(s) or authorisation(s) from other batches name; revert those batches first"
        )
    shown_again = hidden - hidden_batch_ids(planned)
    return sum(count_rows(conn, b) for b in newly_hidden | shown_again)


#: A cheap fingerprint of everything written: changes with every batch, revert and review decision.
DataVersion = tuple[int, int, str, int]


def data_version(conn: Connection) -> DataVersion:
    """How many batches there are, the newest id, when anything was last written (a batch or a review
    decision), and the newest review decision: one cheap query whose answer changes with every write,
    so another instance can tell its data is old (and an HTTP client since when)."""
    table = schema.batches
    decided = sa.select(sa.func.max(schema.reviews.c.review_id)).scalar_subquery()
    decided_at = sa.select(sa.func.max(schema.reviews.c.reviewed_at)).scalar_subquery()
    query = sa.select(
        sa.func.count(), sa.func.max(table.c.batch_id), sa.func.max(table.c.created_at), decided, decided_at
    )
    count, newest, written, review, reviewed = conn.execute(query).one()
    moments = [m for m in (as_utc(written), as_utc(reviewed)) if m is not None]
    return int(count), int(newest or 0), str(max(moments) if moments else ""), int(review or 0)


def is_seeded(conn: Connection) -> bool:
    """Whether a seed batch is stored."""
    return bool(conn.execute(sa.select(sa.func.count()).where(schema.batches.c.kind == "seed")).scalar_one())


def count_rows(conn: Connection, batch_id: int) -> int:
    """How many rows (reports, crossings, parties, authorisations) ``batch_id`` wrote."""
    return sum(
        int(conn.execute(sa.select(sa.func.count()).where(table.c.batch_id == batch_id)).scalar_one())
        for table in _DATA_TABLES
    )


def orphaned_reports(conn: Connection, hidden: set[int], newly_hidden: set[int]) -> int:
    """How many shown reports and authorisations would name a crossing or party hidden by ``newly_hidden``."""
    reports, crossings, parties = schema.reports, schema.crossings, schema.parties
    gone_crossings = sa.select(crossings.c.crossing_id).where(crossings.c.batch_id.in_(newly_hidden))
    gone_parties = sa.select(parties.c.party_id).where(parties.c.batch_id.in_(newly_hidden))
    query = sa.select(sa.func.count()).where(
        reports.c.batch_id.not_in(hidden),
        sa.or_(
            reports.c.crossing_id.in_(gone_crossings),
            reports.c.claimant.in_(gone_parties),
            reports.c.controller.in_(gone_parties),
        ),
    )
    named = int(conn.execute(query).scalar_one())
    return named + _orphaned_authorisations(conn, hidden, gone_crossings, gone_parties)


def _orphaned_authorisations(
    conn: Connection, hidden: set[int], gone_crossings: sa.Select[Any], gone_parties: sa.Select[Any]
) -> int:
    """How many shown authorisations would name a crossing or an issuer that is being hidden."""
    table = schema.authorisations
    shown = conn.execute(sa.select(table.c.issuer, table.c.crossings).where(table.c.batch_id.not_in(hidden))).all()
    if not shown:
        return 0
    crossings = set(conn.execute(gone_crossings).scalars())
    parties = set(conn.execute(gone_parties).scalars())
    return sum(1 for issuer, named in shown if issuer in parties or crossings.intersection(listed_ids(named)))
