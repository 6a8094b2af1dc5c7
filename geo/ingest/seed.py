"""The seed dataset: read like any upload, stored once as the first batch.

``seeds/`` holds ``parties.csv``, ``sources.csv``, ``crossings.csv``, ``reports.csv`` and
``authorisations.csv``. Each goes through :func:`geo.ingest.upload.read_upload`, the reader and
checks every upload gets, against what the files before it define: parties first, then the
sources that may be a party's own, the crossings, then the reports and authorisations that name
them. They are stored as one batch of kind ``seed``, once per database.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Final

import pandas as pd

from geo.errors import Problem, ValidationError
from geo.ingest.columns import KIND_COLUMNS, UploadKind
from geo.ingest.commit import database_values
from geo.ingest.preview import repeats_earlier_line
from geo.ingest.upload import Known, read_upload
from geo.model import DATASET_FILES, column_names
from geo.settings import UploadLimits
from geo.store.store import Store

#: The order the files are read in: each may name what the files before it define.
SEED_FILES: Final[dict[UploadKind, str]] = {
    "regions": "regions.csv",
    "parties": "parties.csv",
    "sources": "sources.csv",
    "crossings": "crossings.csv",
    "reports": "reports.csv",
    "authorisations": "authorisations.csv",
    "gazetteer": "gazetteer.csv",
}
#: Files a dataset may leave out: a folder from before they existed loads as it did.
OPTIONAL_FILES: Final = frozenset({"authorisations.csv", "sources.csv", "gazetteer.csv", "regions.csv"})
#: Who the seed batch is written by.
SEED_AUTHOR: Final = "seed"


def dataset_checksum(folder: Path) -> str:
    """SHA-256 over the dataset files of ``folder`` in a fixed order."""
    digest = hashlib.sha256()
    for name in DATASET_FILES:
        path = folder / name
        if path.exists():
            digest.update(name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _nothing_of(kind: UploadKind) -> pd.DataFrame:
    return pd.DataFrame(columns=column_names(KIND_COLUMNS[kind]), dtype=object)


def read_dataset(folder: Path, *, limits: UploadLimits | None = None) -> dict[UploadKind, pd.DataFrame]:
    """Read and check the dataset files of ``folder``: each kind's rows in database values, lines
    repeating an earlier line left out (as an upload's preview skips them).

    Raises
    ------
    ValidationError
        With every problem of every file, each with its file, line, column and value. The
        reports are read only once the parties and crossings they name are readable: against
        files with problems they would only repeat them as unknown ids.
    """
    rows: dict[UploadKind, pd.DataFrame] = {}
    problems: list[Problem] = []
    for kind, file in SEED_FILES.items():
        if kind in ("reports", "authorisations", "gazetteer") and problems:
            break
        if kind == "sources" and problems:
            # It names parties: against a parties file with problems it would only repeat them.
            continue
        path = folder / file
        if not path.exists() and file in OPTIONAL_FILES:
            continue
        if not path.exists():
            problems.append(Problem(file, 0, "", "", "the file is missing"))
            continue
        known = Known(
            crossings=rows.get("crossings", _nothing_of("crossings")),
            parties=rows.get("parties", _nothing_of("parties")),
            sources=rows.get("sources", _nothing_of("sources")),
        )
        try:
            upload = read_upload(path.read_bytes(), file=file, known=known, limits=limits)
        except ValidationError as error:
            problems += error.problems
            continue
        if upload.kind != kind:
            problems.append(Problem(file, 1, "", "", f"expected the columns of {kind}, found those of {upload.kind}"))
            continue
        frame = upload.frame()
        # In database values at once: the next file is checked against these rows as the store holds them.
        rows[kind] = database_values(kind, frame[~repeats_earlier_line(upload, frame)].reset_index(drop=True))
    if problems:
        raise ValidationError(problems)
    return rows


def load_seed(store: Store, folder: Path) -> int | None:
    """Load the dataset in ``folder`` as the seed batch, once.

    Returns the new batch id, or None when a seed batch is already stored.

    Raises
    ------
    ValidationError
        When a seed file has problems; nothing is written.
    """
    # Asked first without the write lock: a seeded store is the rule, and opening one must not wait
    # for a writer (the store asks again under the lock, as another instance may be seeding now).
    if store.is_seeded():
        return None
    frames: dict[str, pd.DataFrame] = {kind: rows for kind, rows in read_dataset(folder).items() if len(rows)}
    return store.add_seed_batch(SEED_AUTHOR, frames, file_name=folder.name, checksum=dataset_checksum(folder))


def open_store(url: str, *, seeds: Path | None = None) -> tuple[Store, int | None]:
    """Open ``url``, migrate it, and load ``seeds`` if no seed is stored yet.

    Returns the store and the id of the seed batch written now (None if none was).
    """
    store = Store.open(url)
    batch_id = load_seed(store, seeds) if seeds is not None else None
    return store, batch_id
