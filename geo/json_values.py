"""Values as JSON gives them: the one conversion the command line's ``--format json`` and the API share."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

import pandas as pd


def json_value(value: Any) -> Any:
    """A JSON-ready value: dates as ISO text, tuples as lists, numpy scalars as Python's, missing as None.

    >>> json_value(date(2021, 7, 14)), json_value(("a", float("nan"))), json_value(pd.NA)
    ('2021-07-14', ['a', None], None)
    """
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [json_value(v) for v in value]
    if value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item"):
        return value.item()
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return value


def json_records(rows: Iterable[Mapping[Any, Any]], fields: Sequence[str]) -> list[dict[str, Any]]:
    """Each row's ``fields``, in that order, as JSON-ready values."""
    return [{field: json_value(row[field]) for field in fields} for row in rows]
