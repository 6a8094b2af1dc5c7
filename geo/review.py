"""A second pair of eyes: which records of a batch committed for review are public, and which review
decisions may be made.

A batch committed *pending* is public only once another editor has verified it. Each decision is on
the whole batch or on one of its rows (a report or an authorisation); a row's own decision counts
before its batch's. "Rejected" and "unverifiable" keep a row off the public map, as "pending" does,
and nothing is deleted: an editor can still show every row, and a revert still hides a whole batch.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import numpy as np
import pandas as pd

#: What a batch committed for review is while no decision covers it.
PENDING: Final = "pending"
#: The decisions a reviewer can make; only the first makes a row public.
DECISIONS: Final = ("verified", "rejected", "unverifiable")
VERIFIED: Final = "verified"
#: The tables whose rows are decided one by one, with their id columns; other rows go with their batch.
ROW_IDS: Final[Mapping[str, str]] = {"reports": "report_id", "authorisations": "authorisation_id"}


def review_states(rows: pd.DataFrame, table: str, batches: pd.DataFrame, reviews: pd.DataFrame) -> np.ndarray:
    """Each row's review: None when its batch needs none, else its own decision, its batch's, or "pending".

    ``rows`` have ``batch_id`` (and the id column of :data:`ROW_IDS` for a table decided row by row);
    ``batches`` the batch ledger with its ``review`` column; ``reviews`` every decision, oldest first.
    """
    states = np.full(len(rows), None, dtype=object)
    pending = _pending_batches(batches)
    if not pending or rows.empty:
        return states
    mine = rows["batch_id"].astype("int64").isin(pending).to_numpy(dtype=bool)
    if not mine.any():
        return states
    whole = reviews[reviews["row_table"].isna()]
    by_batch = dict(zip(whole["batch_id"].astype("int64"), whole["decision"], strict=True))
    decided = rows["batch_id"].astype("int64").map(by_batch).to_numpy(dtype=object)
    id_column = ROW_IDS.get(table)
    if id_column is not None:
        own = reviews[reviews["row_table"] == table]
        by_row = dict(zip(own["row_id"].astype("int64"), own["decision"], strict=True))
        if by_row:
            row_decided = rows[id_column].astype("int64").map(by_row).to_numpy(dtype=object)
            decided = np.where(pd.notna(row_decided), row_decided, decided)
    states[mine] = np.where(pd.notna(decided[mine]), decided[mine], PENDING)
    return states


def review_summary(batches: pd.DataFrame, reviews: pd.DataFrame) -> list[str | None]:
    """Each batch's review in words, for the audit trail: None for a batch published at once, else its
    decision and who made it ("verified by ben"), or "pending" with how many of its rows are decided.

    >>> batches = pd.DataFrame({"batch_id": [1, 2, 3], "review": [None, "pending", "pending"]})
    >>> reviews = pd.DataFrame({"batch_id": [2, 3], "row_table": [None, "reports"],
    ...     "decision": ["verified", "rejected"], "reviewed_by": ["ben", "ben"]})
    >>> review_summary(batches, reviews)
    [None, 'verified by ben', 'pending (1 row decided)']
    """
    summary: list[str | None] = []
    for batch_id, review in zip(batches["batch_id"], batches.get("review", [None] * len(batches)), strict=True):
        if review != PENDING:
            summary.append(None)
            continue
        mine = reviews[reviews["batch_id"].astype("int64") == int(batch_id)]
        whole = mine[mine["row_table"].isna()]
        if len(whole):
            summary.append(f"{whole['decision'].iloc[-1]} by {whole['reviewed_by'].iloc[-1]}")
        elif len(mine):
            summary.append(f"{PENDING} ({len(mine)} row{'s' if len(mine) != 1 else ''} decided)")
        else:
            summary.append(PENDING)
    return summary


def _pending_batches(batches: pd.DataFrame) -> set[int]:
    if "review" not in batches.columns:
        return set()
    return {int(b) for b in batches.loc[batches["review"] == PENDING, "batch_id"]}


def is_public(states: np.ndarray) -> np.ndarray:
    """Which rows the public map, the exports and the API show: those needing no review, or verified."""
    result: np.ndarray = pd.isna(states) | (states == VERIFIED)
    return result


def decision_problem(
    batch: Mapping[str, object],
    reviews: pd.DataFrame,
    *,
    decision: str,
    reviewer: str,
    row: tuple[str, int] | None,
    row_exists: bool,
) -> str | None:
    """Why ``reviewer`` may not make ``decision`` on ``batch`` (on its ``row`` when given), or None.

    >>> batch = {"batch_id": 2, "created_by": "ana", "review": "pending"}
    >>> none = pd.DataFrame(columns=["batch_id", "row_table", "row_id", "decision"])
    >>> decision_problem(batch, none, decision="verified", reviewer="Ana", row=None, row_exists=True)
    'ana wrote batch 2: another editor must review it'
    """
    batch_id = batch["batch_id"]
    if decision not in DECISIONS:
        return f"a decision is one of {', '.join(DECISIONS)}, not {decision!r}"
    if batch.get("review") != PENDING:
        return f"batch {batch_id} was not committed for review; it is public as it is"
    if str(batch["created_by"]).casefold() == reviewer.casefold():
        return f"{batch['created_by']} wrote batch {batch_id}: another editor must review it"
    mine = reviews[reviews["batch_id"].astype("int64") == int(str(batch_id))]
    whole = mine[mine["row_table"].isna()]
    if len(whole):
        return f"batch {batch_id} is decided already: {whole['decision'].iloc[-1]}"
    if row is not None:
        table, row_id = row
        if table not in ROW_IDS or not row_exists:
            return f"batch {batch_id} has no {table} row {row_id}"
        own = mine[(mine["row_table"] == table) & (mine["row_id"].astype("int64") == row_id)]
        if len(own):
            return f"{table} row {row_id} of batch {batch_id} is decided already: {own['decision'].iloc[-1]}"
    return None
