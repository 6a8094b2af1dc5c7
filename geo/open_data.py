"""What the read-only API (``/api/v1/``) answers, as JSON-ready values: the state at a date (as
``python -m geo status --format json`` gives it, or as GeoJSON), the crossings, one crossing and its
history. Only what the atlas holds is read, so only what viewers may see: verified records.

Each function takes the query's parameters as text and names any it cannot read
(:class:`geo.errors.BadParameterError`); an unknown crossing is an
:class:`geo.errors.UnknownCrossingError`, an unknown region an :class:`geo.errors.UnknownRegionError`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, Final

from geo.atlas import CROSSING_FIELDS, Atlas
from geo.dates import parse_day
from geo.errors import BadDateError, BadParameterError, UnknownCrossingError, UnknownRegionError
from geo.json_values import json_records
from geo.model import REPORT_COLUMNS, column_names
from geo.status_records import STATUS_FILE_FIELDS, status_frame

#: The formats ``/api/v1/state`` answers in.
STATE_FORMATS: Final = ("json", "geojson")
#: The parameters ``/api/v1/state`` reads, each with what it means (the OpenAPI description says the same).
STATE_PARAMETERS: Final = {
    "date": "the day, YYYY-MM-DD; default: the last day any report is about",
    "region": "a region id, e.g. afghanistan-2021; default: every region",
    "format": "json (default) or geojson",
}
#: A crossing as ``/api/v1/crossings`` lists it: its id, then the fields a state frame carries of it.
CROSSING_RECORD_FIELDS: Final = ("crossing_id", *CROSSING_FIELDS)
#: A report as a crossing's history lists it.
HISTORY_FIELDS: Final = ("report_id", "batch_id", *column_names(REPORT_COLUMNS))


def state(atlas: Atlas, query: Mapping[str, str]) -> dict[str, Any]:
    """The state of every crossing shown at ``date`` (default: the last report's day) in ``region``
    (default: every region), as ``{"date", "region", "crossings": [...]}`` or a GeoJSON
    FeatureCollection (``format=geojson``) whose crossings without a place are listed as ``unplaced``."""
    unknown = sorted(set(query) - set(STATE_PARAMETERS))
    if unknown:
        raise BadParameterError(unknown[0], query[unknown[0]], "not a parameter of /api/v1/state")
    fmt = query.get("format", "json")
    if fmt not in STATE_FORMATS:
        raise BadParameterError("format", fmt, " or ".join(STATE_FORMATS))
    day = _day(atlas, query.get("date"))
    region = query.get("region") or None
    try:
        frame = status_frame(atlas, day, region=region)
    except UnknownRegionError:
        raise BadParameterError("region", region or "", "a region id: " + ", ".join(atlas.regions())) from None
    rows = json_records(frame.to_dict("records"), STATUS_FILE_FIELDS)
    if fmt == "json":
        return {"date": day.isoformat(), "region": region, "crossings": rows}
    placed = [row["lat"] is not None and row["lon"] is not None for row in rows]
    return {
        "type": "FeatureCollection",
        "date": day.isoformat(),
        "region": region,
        "features": [
            {
                "type": "Feature",
                "id": row["crossing_id"],
                "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
                "properties": {k: v for k, v in row.items() if k not in ("lat", "lon")},
            }
            for row, has_place in zip(rows, placed, strict=True)
            if has_place
        ],
        "unplaced": [row["crossing_id"] for row, has_place in zip(rows, placed, strict=True) if not has_place],
    }


def crossings(atlas: Atlas) -> dict[str, Any]:
    """Every crossing with its names, countries, place and region."""
    return {"crossings": json_records(atlas.crossings.to_dict("records"), CROSSING_RECORD_FIELDS)}


def crossing(atlas: Atlas, crossing_id: str) -> dict[str, Any]:
    """One crossing's record."""
    found = atlas.crossings[atlas.crossings["crossing_id"] == crossing_id]
    if found.empty:
        raise UnknownCrossingError(crossing_id)
    return json_records(found.to_dict("records"), CROSSING_RECORD_FIELDS)[0]


def history(atlas: Atlas, crossing_id: str) -> dict[str, Any]:
    """Every visible report about one crossing, oldest first."""
    crossing(atlas, crossing_id)
    reports = json_records(atlas.history(crossing_id).to_dict("records"), HISTORY_FIELDS)
    return {"crossing_id": crossing_id, "reports": reports}


def _day(atlas: Atlas, text: str | None) -> date:
    if text is None:
        span = atlas.report_span()
        return span[1] if span else date.today()
    try:
        return parse_day(text)
    except BadDateError:
        raise BadParameterError("date", text, "a day written YYYY-MM-DD") from None
