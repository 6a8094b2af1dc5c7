"""What a reviewer reads: one batch's reports, each with its review so far."""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from geo.store import schema
from geo.store.frames import frame_on
from geo.store.reviewing import batch_rows
from geo.store.store import Store


def reports_of_batch(store: Store, batch_id: int) -> pd.DataFrame:
    """Every report ``batch_id`` wrote, in entry order, with its ``review`` (None when the batch needs none)."""
    table = schema.reports
    with store.reading() as conn:
        frame = frame_on(conn, sa.select(table).where(table.c.batch_id == batch_id).order_by(table.c.report_id))
    return batch_rows(frame, "reports", store.batches(), store.reviews())
