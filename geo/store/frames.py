"""Query results as frames, the same on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection


def frame_on(conn: Connection, query: sa.Select[Any]) -> pd.DataFrame:
    """The rows of ``query`` as a frame of Python values (object columns)."""
    result = conn.execute(query)
    # Plain tuples: given SQLAlchemy rows, pandas probes each one for namedtuple fields, and
    # every failed probe raises inside SQLAlchemy (most of the time of reading a million reports).
    rows = [tuple(row) for row in result.all()]
    return pd.DataFrame(rows, columns=list(result.keys()), dtype=object)


def sorted_by(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """Rows in code-point order of ``column``: PostgreSQL sorts text by the database's
    collation, which would order crossings differently from SQLite."""
    return frame.sort_values(column, kind="stable", ignore_index=True) if len(frame) else frame
