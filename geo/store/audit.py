"""The audit trail as a spreadsheet-safe CSV: every batch, who wrote it, and what became of it."""

from __future__ import annotations

import csv
import io
from typing import Any

import pandas as pd

from geo.csvsafe import neutralise

AUDIT_COLUMNS = (
    "batch_id",
    "kind",
    "created_at",
    "created_by",
    "file_name",
    "checksum",
    "row_count",
    "reverts_batch_id",
    "in_force",
    "reverted_by",
    "review",
    "note",
)


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return neutralise(str(value))


def audit_csv(trail: pd.DataFrame) -> str:
    """``trail`` (as :meth:`geo.store.store.Store.audit_trail` gives it) as CSV text with formulas neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(AUDIT_COLUMNS)
    writer.writerows([_cell(row[c]) for c in AUDIT_COLUMNS] for row in trail.to_dict("records"))
    return out.getvalue()


def batch_label(batch: dict[str, Any]) -> str:
    """A batch in a few words, for choosing one to revert; reverting a revert reads as an undo."""
    if batch["kind"] == "revert":
        return f"{batch['batch_id']}: undo the revert of batch {int(batch['reverts_batch_id'])}"
    name = f" {batch['file_name']}" if batch.get("file_name") else ""
    return f"{batch['batch_id']}: {batch['kind']}{name} by {batch['created_by']} ({batch['row_count']} rows)"
