"""Data exports: every crossing's state on a day, every report with its provenance, or every
authorisation with its provenance (one row per crossing it names, at that crossing).

Three formats, each read back by :func:`read_table` (GeoPandas) to exactly the table written:
CSV for spreadsheets, GeoJSON for web maps, GeoPackage for GIS.

The same conventions hold in every format:

* A list (the holders of a contested crossing) is one text cell, ``"afghan-government|taliban"``;
  party ids are slugs, so ``|`` never occurs inside one.
* Missing text is ``""`` and a date is ISO text, ``YYYY-MM-DD``.
* Line breaks inside text are written as ``\\n``: GDAL's CSV reader ends a record at a bare
  carriage return even inside quotes, so ``\\r\\n`` and ``\\r`` would not survive.
* Coordinates are rounded to 7 decimal places (about 1 cm, far finer than any crossing's
  coordinate): GDAL writes GeoJSON coordinates to 15 significant digits, and a rounded value
  is one it writes exactly.

CSV cells are made safe for spreadsheets (see :func:`geo.csvsafe.neutralise`): text that a spreadsheet
would run as a formula gets a leading apostrophe, while plain numbers such as a latitude of
``-31.5`` stay numbers.
"""

from __future__ import annotations

import csv
import math
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any, Final, Literal

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.atlas import Atlas
from geo.corroboration import corroboration_texts
from geo.csvsafe import neutralise, restore
from geo.describe import records
from geo.errors import ExportError, UnknownRegionError
from geo.formats import EXPORT_FORMATS, EXPORT_SUFFIXES
from geo.model import listed_ids
from geo.state_frame import SIDE_FIELDS, TRAFFIC_STATUS_COLUMNS

ExportFormat = Literal["csv", "geojson", "gpkg"]
Kind = Literal["text", "float", "int", "bool"]


#: Columns of :func:`state_table`, with how each is stored.
STATE_EXPORT_COLUMNS: Final[dict[str, Kind]] = {
    "as_of": "text",
    "crossing_id": "text",
    "name": "text",
    "name_a": "text",
    "name_b": "text",
    "country_a": "text",
    "country_b": "text",
    "region": "text",
    "lat": "float",
    "lon": "float",
    "controller": "text",
    "controllers": "text",
    "confirmed_controllers": "text",
    "contested": "bool",
    "confirmed": "bool",
    "control_date": "text",
    "status": "text",
    "status_disputed": "bool",
    "status_date": "text",
    "status_side": "text",
    "last_report": "text",
    "stale": "bool",
    "report_ids": "text",
    #: Who claims each holder and which independent origins confirm it, with grades (geo.corroboration).
    "corroboration": "text",
    **{field: "bool" if field.endswith(("contested", "confirmed", "disputed")) else "text" for field in SIDE_FIELDS},
    **dict.fromkeys(TRAFFIC_STATUS_COLUMNS, "text"),
    "authorised": "bool",
    "authorised_until": "text",
    "authorised_days_left": "text",
    "forbidden": "bool",
    "authorisation_lapsed": "text",
}

#: Columns of :func:`history_table`, with how each is stored.
HISTORY_EXPORT_COLUMNS: Final[dict[str, Kind]] = {
    "report_id": "int",
    "batch_id": "int",
    "crossing_id": "text",
    "crossing_name": "text",
    "region": "text",
    "date": "text",
    "claimant": "text",
    "controller": "text",
    "status": "text",
    "side": "text",
    "traffic": "text",
    "direction": "text",
    "source": "text",
    "attribution": "text",
    "url": "text",
    "confidence": "text",
    "note": "text",
    "credibility": "text",
    "origin": "text",
    "date_latest": "text",
    # The report's grade as the atlas worked it out (geo.grading): its source's reliability, its
    # credibility (its own or its confidence's), and the origin it counts as.
    "reliability": "text",
    "grade": "text",
    "origin_name": "text",
    "lat": "float",
    "lon": "float",
}

#: Columns of :func:`authorisation_table`, with how each is stored.
AUTHORISATION_EXPORT_COLUMNS: Final[dict[str, Kind]] = {
    "authorisation_id": "int",
    "batch_id": "int",
    "crossing_id": "text",
    "crossing_name": "text",
    "region": "text",
    "issuer": "text",
    "traffic": "text",
    "effect": "text",
    "start_date": "text",
    "end_date": "text",
    "title": "text",
    "source": "text",
    "attribution": "text",
    "url": "text",
    "confidence": "text",
    "note": "text",
    "lat": "float",
    "lon": "float",
}

_LAYERS: Final = {
    "states": STATE_EXPORT_COLUMNS,
    "reports": HISTORY_EXPORT_COLUMNS,
    "authorisations": AUTHORISATION_EXPORT_COLUMNS,
}
_DECIMALS: Final = 7


def _text(values: Sequence[Any] | pd.Series) -> pd.Series:
    """Text as exported: missing as "", dates in ISO form, lists joined with "|", line breaks as \\n."""

    def one(value: Any) -> str:
        if value is None or (isinstance(value, float) and np.isnan(value)):
            return ""
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, tuple | list):
            return "|".join(str(v) for v in value)
        # NUL cannot be stored by GDAL or SQLite text; line breaks are unified (see module doc).
        return str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")

    return pd.Series([one(v) for v in values], dtype="str")


def _table(columns: dict[str, Any], kinds: dict[str, Kind]) -> gpd.GeoDataFrame:
    typed: dict[str, pd.Series] = {}
    for name, kind in kinds.items():
        values = columns[name]
        if kind == "text":
            typed[name] = _text(values)
        elif kind == "float":
            typed[name] = pd.Series(np.round(np.asarray(values, dtype="float64"), _DECIMALS), dtype="float64")
        else:
            dtype = {"int": "int64", "bool": "bool"}[kind]
            typed[name] = pd.Series(np.asarray(values, dtype=dtype), dtype=dtype)
    frame = pd.DataFrame(typed)
    points = gpd.points_from_xy(frame["lon"], frame["lat"], crs="EPSG:4326")
    # A crossing no source places has no geometry: GeoPackage would keep a point at NaN.
    geometry = gpd.GeoSeries(points, index=frame.index).where(frame["lat"].notna(), None)
    return gpd.GeoDataFrame(frame, geometry=geometry)


def state_table(atlas: Atlas, day: date, *, region: str | None = None) -> gpd.GeoDataFrame:
    """Every crossing's state as of ``day`` (in ``region`` if given), one row each.

    ``report_ids`` lists the reports that decide the row's state, to be looked up in
    :func:`history_table`.
    """
    states = atlas.view(day, region=region).shown
    deciding = atlas.deciding_for(states)
    ids: dict[str, list[int]] = {}
    for crossing_id, report_id in zip(deciding["crossing_id"], deciding["report_id"], strict=True):
        ids.setdefault(str(crossing_id), []).append(int(report_id))
    columns: dict[str, Any] = {name: states[name] for name in STATE_EXPORT_COLUMNS if name in states}
    columns["as_of"] = [day] * len(states)
    columns["report_ids"] = [sorted(ids.get(cid, [])) for cid in states["crossing_id"]]
    names, kinds = atlas.party_names(), atlas.party_kinds()
    columns["corroboration"] = corroboration_texts(records(states), deciding, names, kinds)
    return _table(columns, STATE_EXPORT_COLUMNS)


def history_table(atlas: Atlas, *, until: date | None = None, region: str | None = None) -> gpd.GeoDataFrame:
    """Every visible report, oldest first, with its provenance (source, speaker, confidence, batch).

    Only reports dated on or before ``until`` when it is given; only ``region``'s when that is.
    """
    crossings = atlas.crossings
    if region is not None:
        if region not in atlas.regions():
            raise UnknownRegionError(region, atlas.regions())
        crossings = crossings[crossings["region"] == region]
    crossings = crossings.set_index("crossing_id")
    reports = atlas.reports[atlas.reports["crossing_id"].isin(crossings.index)]
    if until is not None:
        reports = reports[reports["date"] <= until]
    place = crossings.loc[reports["crossing_id"]]
    columns: dict[str, Any] = {name: reports[name].to_numpy() for name in HISTORY_EXPORT_COLUMNS if name in reports}
    # Reports from before a column existed (traffic, direction, credibility...) say nothing in it.
    for name in ("side", "traffic", "direction", "credibility", "origin", "date_latest"):
        columns.setdefault(name, np.full(len(reports), "", dtype=object))
    columns.update(_placed(place))
    return _table(columns, HISTORY_EXPORT_COLUMNS)


def authorisation_table(atlas: Atlas, *, region: str | None = None) -> gpd.GeoDataFrame:
    """Every visible authorisation with its provenance, oldest first: one row per crossing it names,
    placed at that crossing (only ``region``'s crossings when it is given)."""
    crossings = atlas.crossings
    if region is not None:
        if region not in atlas.regions():
            raise UnknownRegionError(region, atlas.regions())
        crossings = crossings[crossings["region"] == region]
    crossings = crossings.set_index("crossing_id")
    records = atlas.authorisations
    named = [[c for c in listed_ids(str(value)) if c in crossings.index] for value in records["crossings"]]
    rows = records.loc[records.index.repeat([len(n) for n in named])].reset_index(drop=True)
    rows["crossing_id"] = [c for n in named for c in n]
    place = crossings.loc[rows["crossing_id"]]
    columns: dict[str, Any] = {name: rows[name].to_numpy() for name in AUTHORISATION_EXPORT_COLUMNS if name in rows}
    for name in ("authorisation_id", "batch_id"):
        columns.setdefault(name, np.zeros(len(rows), dtype=np.int64))
    columns.update(_placed(place))
    return _table(columns, AUTHORISATION_EXPORT_COLUMNS)


def _placed(place: pd.DataFrame) -> dict[str, Any]:
    """The columns that say where each row's crossing is, from its crossing's row."""
    return {
        "crossing_name": place["name"].to_numpy(),
        "region": place["region"].to_numpy(),
        "lat": place["lat"].to_numpy(),
        "lon": place["lon"].to_numpy(),
    }


def _csv_cell(value: Any, kind: Kind) -> str:
    if kind == "bool":
        return "true" if value else "false"
    if kind == "float":
        # repr is the shortest text that reads back as the same float; a crossing no source places has none.
        return "" if math.isnan(value) else repr(float(value))
    if kind == "int":
        return str(int(value))
    return neutralise(str(value))


def write_table(table: gpd.GeoDataFrame, out: Path, fmt: str) -> Path:
    """Write a table from :func:`state_table` or :func:`history_table` to ``out`` as ``fmt``."""
    kinds = _kinds(table)
    out.unlink(missing_ok=True)
    if fmt == "csv":
        # A byte order mark makes spreadsheets read the file as UTF-8 (names in Dari, Pashto, Thai...).
        with out.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow(kinds)
            for row in zip(*(table[name] for name in kinds), strict=True):
                writer.writerow(_csv_cell(v, k) for v, k in zip(row, kinds.values(), strict=True))
    elif fmt == "geojson":
        table.to_file(out, driver="GeoJSON", engine="pyogrio")
    elif fmt == "gpkg":
        table.to_file(out, driver="GPKG", layer=_layer(kinds), engine="pyogrio")
    else:
        raise ExportError(f"unknown export format {fmt!r}: expected one of {', '.join(EXPORT_FORMATS)}")
    return out


def table_bytes(table: gpd.GeoDataFrame, fmt: str) -> bytes:
    """The file :func:`write_table` would write, as bytes (for a download button)."""
    if fmt not in EXPORT_SUFFIXES:
        raise ExportError(f"unknown export format {fmt!r}: expected one of {', '.join(EXPORT_FORMATS)}")
    # GDAL writes a GeoPackage only to a real file, so every format goes through one.
    with tempfile.TemporaryDirectory(prefix="borderwatch-export-") as folder:
        return write_table(table, Path(folder) / f"export{EXPORT_SUFFIXES[fmt]}", fmt).read_bytes()


def _kinds(table: pd.DataFrame) -> dict[str, Kind]:
    for kinds in _LAYERS.values():
        if list(kinds) == [c for c in table.columns if c != "geometry"]:
            return kinds
    raise ExportError("not an export table: its columns are not those of the state, the history or the authorisations")


def _layer(kinds: dict[str, Kind]) -> str:
    return next(name for name, known in _LAYERS.items() if known is kinds)


def read_table(path: Path, fmt: str | None = None) -> gpd.GeoDataFrame:
    """Read an export back with GeoPandas, as the table that was written."""
    kind = fmt or {v: k for k, v in EXPORT_SUFFIXES.items()}.get(path.suffix.lower(), "")
    if kind == "csv":
        # GDAL builds the points from lon and lat and keeps both columns.
        raw = gpd.read_file(path, engine="pyogrio", X_POSSIBLE_NAMES="lon", Y_POSSIBLE_NAMES="lat")
        raw = raw.set_crs("EPSG:4326", allow_override=True)
    elif kind in ("geojson", "gpkg"):
        raw = gpd.read_file(path, engine="pyogrio")
    else:
        suffixes = ", ".join(EXPORT_SUFFIXES.values())
        raise ExportError(f"cannot tell the format of {path.name!r}: expected one of {suffixes}")
    kinds = _kinds(raw) if len(raw.columns) > 1 else STATE_EXPORT_COLUMNS
    columns: dict[str, Any] = {}
    for name, column_kind in kinds.items():
        values = raw[name] if name in raw else pd.Series([], dtype=object)
        if column_kind == "text":
            text = values.fillna("").astype(str)
            columns[name] = text.map(restore) if kind == "csv" else text
        elif column_kind == "bool" and kind == "csv":
            columns[name] = values.astype(str).str.lower() == "true"
        else:
            columns[name] = values
    return _table(columns, kinds)


def export(
    atlas: Atlas, out: Path, fmt: str, *, day: date | None, history: bool = False, authorisations: bool = False
) -> Path:
    """Write the state as of ``day``, or with ``history`` every report (up to ``day`` if given), or
    with ``authorisations`` every authorisation."""
    if authorisations:
        table = authorisation_table(atlas)
    elif history:
        table = history_table(atlas, until=day)
    elif day is None:
        raise ExportError("a state export needs a date")
    else:
        table = state_table(atlas, day)
    return write_table(table, out, fmt)
