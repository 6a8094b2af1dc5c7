"""Blank templates and the column reference that data staff download before an upload."""

from __future__ import annotations

import csv
import io

import pandas as pd

from geo.ingest.columns import KIND_COLUMNS, UploadKind


def template_csv(kind: UploadKind) -> str:
    """A CSV with our header for ``kind`` and one example row."""
    columns = KIND_COLUMNS[kind]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.name for c in columns])
    writer.writerow([c.example for c in columns])
    return out.getvalue()


def column_reference() -> pd.DataFrame:
    """Every upload column of every kind: whether it is required, what it means, an example."""
    return pd.DataFrame(
        [
            {"file": kind, "column": c.name, "required": c.required, "meaning": c.description, "example": c.example}
            for kind, columns in KIND_COLUMNS.items()
            for c in columns
        ]
    )
