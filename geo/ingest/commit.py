"""Writing checked rows to the store: the one conversion from a file's text to database values.

Every write path goes through :func:`database_values`: a committed upload, the seed
dataset and synthetic data. The store then takes the frames as they are.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from geo.errors import ConflictError, NothingToCommitError
from geo.ingest.columns import PLACED_KINDS, ColumnMapping, UploadKind
from geo.ingest.preview import Preview
from geo.store import profiles
from geo.store.store import Store


def database_values(kind: UploadKind, rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` of ``kind`` (the file's text, or values already typed) as the database stores them.

    Empty text is NULL; dates are days, credibility a number, coordinates floats, colours lower case.
    Only the columns that change are new arrays: the rest stay those of ``rows``, as a
    million-row upload is held in memory at the same time.
    """
    frame = rows.copy(deep=False)
    for name in frame.columns:
        if (values := _blank_as_null(frame[name])) is not None:
            frame[name] = pd.Series(values, index=frame.index, dtype=object)
    for name in _DATE_COLUMNS.get(kind, ()):
        if name in frame.columns:
            frame[name] = _days(frame[name])
    if kind == "reports" and "credibility" in frame.columns:
        frame["credibility"] = _whole_numbers(frame["credibility"])
    elif kind in PLACED_KINDS:
        # None, not NaN, where no source places a crossing: PostgreSQL would keep NaN as a number.
        for name in ("lat", "lon"):
            numbers = frame[name].astype(float)
            frame[name] = numbers.astype(object).where(numbers.notna(), None)
    elif kind == "parties":
        frame["color"] = frame["color"].map(lambda color: color.lower() if isinstance(color, str) else None)
    return frame


#: The columns of each kind that hold days.
_DATE_COLUMNS: dict[str, tuple[str, ...]] = {
    "reports": ("date", "date_latest"),
    "authorisations": ("start_date", "end_date"),
}


def _days(column: pd.Series) -> pd.Series:
    """Days from YYYY-MM-DD text (or dates), None where empty.

    Through datetime64 in one array step (``.dt.date`` makes a Timestamp per row first).
    """
    days = pd.to_datetime(column).to_numpy().astype("datetime64[D]")
    values = days.astype(object)
    if len(values) and pd.isna(days).any():
        values[pd.isna(days)] = None
    return pd.Series(values, index=column.index, dtype=object)


def _whole_numbers(column: pd.Series) -> pd.Series:
    """Whole numbers from their text (or numbers), None where empty; converted once per distinct value."""
    codes, distinct = pd.factorize(column)
    numbers = np.array([*(int(v) for v in distinct), None], dtype=object)
    return pd.Series(numbers[codes], index=column.index, dtype=object)


def _blank_as_null(column: pd.Series) -> np.ndarray | None:
    """The column's cells with empty text as None, or None when it has no empty cell to change.

    An array comparison: ``DataFrame.replace`` checks every cell of every column for missing
    values first, which was most of the conversion's time for a million rows.
    """
    if not (column.dtype == object or isinstance(column.dtype, pd.StringDtype)):
        return None
    blank = (column == "").to_numpy(dtype=bool, na_value=False)
    if not blank.any():
        return None
    values = column.to_numpy(dtype=object, copy=True)
    values[blank] = None
    return values


def batch_frames(frames: Mapping[UploadKind, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Each kind's rows in database values, by table, leaving out kinds with no rows."""
    return {kind: database_values(kind, rows) for kind, rows in frames.items() if len(rows)}


def commit_upload(store: Store, preview: Preview, *, created_by: str, pending: bool = False) -> int:
    """Store a previewed upload's new rows as one batch, all of it or none of it; return the batch id.
    A ``pending`` batch waits for another editor's review before it is public (:mod:`geo.review`).

    Raises
    ------
    ConflictError
        When the stored data changed since the preview in a way that makes the
        rows clash (an id another upload has just added); nothing is written.
    NothingToCommitError
        When the upload adds no row at all; no empty batch is written.
    """
    upload = preview.upload
    if preview.new_rows.empty:
        # A batch of no rows would show in the history as an upload that did something.
        raise NothingToCommitError(
            f"{upload.file}: nothing to commit; every row repeats a stored row or an earlier line"
            f" ({len(preview.duplicate_lines):,} skipped); no batch was written"
        )
    try:
        return store.add_batch(
            "upload",
            created_by,
            batch_frames({upload.kind: preview.new_rows}),
            file_name=upload.file,
            checksum=upload.checksum,
            note=preview.skipped_note,
            pending=pending,
        )
    except ConflictError as error:
        raise ConflictError(
            f"{upload.file} clashes with data stored since it was previewed ({error}); preview it again"
        ) from None


def add_frames(
    store: Store,
    frames: Mapping[UploadKind, pd.DataFrame],
    *,
    kind: str,
    created_by: str,
) -> int:
    """Store already-checked rows (synthetic data, a test's rows) of each kind as one batch; return its id."""
    return store.add_batch(kind, created_by, batch_frames(frames))


def save_profile(store: Store, name: str, mapping: ColumnMapping, *, created_by: str) -> None:
    """Save (or replace) a named column mapping for foreign files."""
    profiles.save_profile(store, name, kind=mapping.kind, mapping=mapping.to_json(), created_by=created_by)


def saved_profiles(store: Store) -> dict[str, ColumnMapping]:
    """Every saved column mapping by name."""
    return {name: ColumnMapping.from_json(text) for name, text in profiles.profiles(store).items()}
