"""The one conversion from a file's text to database values (geo.ingest.commit.database_values)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from geo.ingest.commit import database_values
from geo.model import REPORT_COLUMNS, column_names


def _text_reports(count: int) -> pd.DataFrame:
    """Report rows as an upload holds them: text in our columns, empty where not stated."""
    rows = {name: [""] * count for name in column_names(REPORT_COLUMNS)}
    rows["crossing_id"] = [f"crossing-{i % 7}" for i in range(count)]
    rows["date"] = [f"2024-0{1 + i % 9}-{10 + i % 19}" for i in range(count)]
    rows["source"] = ["Dawn"] * count
    rows["confidence"] = ["high", "low"] * (count // 2)
    rows["status"] = ["open", ""] * (count // 2)
    return pd.DataFrame(rows, dtype=object)


def test_empty_text_is_null_and_dates_are_days_whether_given_as_text_or_as_dates() -> None:
    text = _text_reports(6)
    typed = text.assign(date=[date.fromisoformat(day) for day in text["date"]])
    for rows in (text, typed, text.astype("str")):
        stored = database_values("reports", rows)
        assert list(stored["date"]) == [date.fromisoformat(day) for day in text["date"]]
        assert list(stored["status"]) == ["open", None] * 3
        assert stored["note"].isna().all() and set(stored["note"]) == {None}
        assert list(stored["crossing_id"]) == list(text["crossing_id"])


def test_the_columns_it_leaves_as_they_are_are_not_copied() -> None:
    # A million-row upload is held as text while it is converted: a second copy of every
    # column would be hundreds of megabytes more at the commit's peak.
    rows = _text_reports(1_000)
    stored = database_values("reports", rows)
    for name in ("crossing_id", "source", "confidence"):
        assert np.shares_memory(stored[name].to_numpy(), rows[name].to_numpy()), name
    # ... and the frame it was given is left as it was.
    assert (rows["status"] == "").sum() == 500
    assert all(isinstance(day, str) for day in rows["date"])
