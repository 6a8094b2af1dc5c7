"""Templates data staff download, and the audit trail they can take away."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from geo.atlas import Atlas
from geo.ingest.columns import KIND_COLUMNS, UploadKind
from geo.ingest.preview import known_in
from geo.ingest.templates import column_reference, template_csv
from geo.ingest.upload import read_upload
from geo.store.audit import audit_csv, batch_label
from geo.store.store import Store


@pytest.mark.parametrize("kind", list(KIND_COLUMNS))
def test_each_template_has_our_header_and_an_example_row(kind: UploadKind) -> None:
    rows = list(csv.reader(io.StringIO(template_csv(kind))))
    assert rows[0] == [c.name for c in KIND_COLUMNS[kind]]
    assert len(rows) == 2


def test_the_reports_template_reads_as_a_valid_upload(seeded_store: Store) -> None:
    upload = read_upload(template_csv("reports").encode(), file="t.csv", known=known_in(Atlas.load(seeded_store)))
    assert upload.kind == "reports" and len(upload) == 1


def test_the_column_reference_covers_every_column_of_every_kind() -> None:
    reference = column_reference()
    assert len(reference) == sum(len(c) for c in KIND_COLUMNS.values())


def test_audit_csv_neutralises_formulas_in_names_and_files(seeded_store: Store) -> None:
    trail = seeded_store.audit_trail()
    trail.loc[0, "created_by"] = '=HYPERLINK("http://x")'
    rows = list(csv.DictReader(io.StringIO(audit_csv(trail))))
    assert rows[0]["created_by"] == '\'=HYPERLINK("http://x")'
    assert rows[0]["in_force"] == "True"


@pytest.mark.parametrize(
    ("batch", "label"),
    [
        (
            {"batch_id": 4, "kind": "upload", "file_name": "a.csv", "created_by": "alice", "row_count": 3},
            "4: upload a.csv by alice (3 rows)",
        ),
        ({"batch_id": 5, "kind": "revert", "reverts_batch_id": 4.0}, "5: undo the revert of batch 4"),
        (
            {"batch_id": 1, "kind": "seed", "file_name": None, "created_by": "seed", "row_count": 85},
            "1: seed by seed (85 rows)",
        ),
    ],
)
def test_batch_labels(batch: dict[str, object], label: str) -> None:
    assert batch_label(batch) == label


def test_audit_trail_says_which_batch_reverted_which(seeded_store: Store) -> None:
    revert = seeded_store.revert(1, created_by="chief")
    trail = seeded_store.audit_trail().set_index("batch_id")
    assert trail.loc[1, "reverted_by"] == revert and not trail.loc[1, "in_force"]
    assert pd.isna(trail.loc[revert, "reverted_by"]) and trail.loc[revert, "in_force"]
