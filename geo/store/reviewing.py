"""Review decisions in the database: writing one under the write lock, and reading rows as the public
or an editor sees them (the rules are :mod:`geo.review`'s)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from geo.errors import ReviewError, UnknownBatchError
from geo.review import PENDING, ROW_IDS, decision_problem, is_public, review_states
from geo.store import schema
from geo.store.frames import frame_on

_ROW_TABLES: dict[str, sa.Table] = {"reports": schema.reports, "authorisations": schema.authorisations}


def record_review(
    conn: Connection,
    batch_id: int,
    decision: str,
    *,
    reviewed_by: str,
    note: str | None,
    row: tuple[str, int] | None,
) -> int:
    """Write one decision on a connection holding the write lock; return its id.

    Raises
    ------
    UnknownBatchError
        When no batch has ``batch_id``.
    ReviewError
        When :func:`geo.review.decision_problem` refuses it; nothing is written.
    """
    batch = conn.execute(sa.select(schema.batches).where(schema.batches.c.batch_id == batch_id)).mappings().first()
    if batch is None:
        raise UnknownBatchError(batch_id)
    reviews = frame_on(conn, sa.select(schema.reviews).where(schema.reviews.c.batch_id == batch_id))
    exists = True
    if row is not None and row[0] in _ROW_TABLES:
        table = _ROW_TABLES[row[0]]
        key = table.c[ROW_IDS[row[0]]]
        exists = conn.execute(sa.select(key).where(key == row[1], table.c.batch_id == batch_id)).first() is not None
    problem = decision_problem(
        dict(batch), reviews, decision=decision, reviewer=reviewed_by, row=row, row_exists=exists
    )
    if problem:
        raise ReviewError(problem)
    statement = schema.reviews.insert().values(
        batch_id=batch_id,
        row_table=row[0] if row else None,
        row_id=row[1] if row else None,
        decision=decision,
        note=note or None,
        reviewed_by=reviewed_by,
        reviewed_at=datetime.now(UTC),
    )
    return int(conn.execute(statement.returning(schema.reviews.c.review_id)).scalar_one())


def reviewed_rows(
    frame: pd.DataFrame,
    table: str,
    batches: pd.DataFrame,
    reviews: Callable[[], pd.DataFrame],
    *,
    with_pending: bool,
) -> pd.DataFrame:
    """``frame`` (rows of ``table``) without the rows still under review, rejected or unverifiable; with
    those still under review too, and each row's ``review``, when ``with_pending`` (a rejected or
    unverifiable row is never read). The decisions are read only when some batch is pending."""
    if not (batches["review"] == PENDING).any():
        return frame.assign(review=None) if with_pending else frame
    states = review_states(frame, table, batches, reviews())
    shown = is_public(states) | (states == PENDING) if with_pending else is_public(states)
    kept: pd.DataFrame = frame[shown].reset_index(drop=True)
    return kept.assign(review=states[shown]) if with_pending else kept


def batch_rows(frame: pd.DataFrame, table: str, batches: pd.DataFrame, reviews: pd.DataFrame) -> pd.DataFrame:
    """Every row of one batch (``frame``), each with its ``review``, whatever it is: what a reviewer reads."""
    return frame.assign(review=review_states(frame, table, batches, reviews))
