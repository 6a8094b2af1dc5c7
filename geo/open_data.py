"""What the read-only API (``/api/v1/``) answers, as JSON-ready values: the state at a date (as
``python -m geo status --format json`` gives it, or as GeoJSON), the crossings, one crossing and its
history, the reports, and the changes one by one. Only what the atlas holds is read, so only what
viewers may see: verified records. The long lists (reports, changes) come a page at a time.

Each function takes the query's parameters as text and names any it cannot read, an unknown region
among them (:class:`geo.errors.BadParameterError`); an unknown crossing is an
:class:`geo.errors.UnknownCrossingError`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, Final

import numpy as np

from geo.alerts import Alert, standing_alerts
from geo.atlas import CROSSING_FIELDS, Atlas
from geo.change_records import change_record
from geo.changes import recent_changes
from geo.dates import day_number
from geo.errors import BadParameterError, UnknownCrossingError
from geo.filter_query import FILTER_PARAMETERS, GRADE_PARAMETERS, filter_from_query, grades_from_query
from geo.grading import GradeFilter
from geo.json_values import json_records
from geo.model import REPORT_COLUMNS, column_names
from geo.query_params import only_parameters, optional_day, whole_number
from geo.status_records import STATUS_FILE_FIELDS, status_frame

#: The formats ``/api/v1/state`` answers in.
STATE_FORMATS: Final = ("json", "geojson")
#: The parameters ``/api/v1/state`` reads, each with what it means (the OpenAPI description says the
#: same): the day, the region and the format, then the map's filters, named as in the map's link.
STATE_PARAMETERS: Final = {
    "date": "the day, YYYY-MM-DD; default: the last day any report is about",
    "region": "a region id, e.g. afghanistan-2021; default: every region",
    "format": "json (default) or geojson",
    **FILTER_PARAMETERS,
    **GRADE_PARAMETERS,
}
#: How many records one page of a long list holds, unless ``limit`` says fewer (or more, up to the most).
PAGE_SIZE: Final = 100
MOST_PER_PAGE: Final = 1000
#: The parameters every long list reads for its pages.
PAGE_PARAMETERS: Final = {
    "limit": f"how many records one page holds, 1 to {MOST_PER_PAGE}; default {PAGE_SIZE}",
    "offset": "how many records to skip, for the next page (the answer's next_offset); default 0",
}
#: The parameters ``/api/v1/reports`` reads.
REPORT_PARAMETERS: Final = {
    "since": "the earliest report day, YYYY-MM-DD; default: the first",
    "until": "the latest report day, YYYY-MM-DD; default: the last",
    "region": "a region id; default: every region",
    "crossing": "a crossing id; default: every crossing",
    **PAGE_PARAMETERS,
}
#: The parameters ``/api/v1/changes`` (and the Atom feed of changes) read.
CHANGE_PARAMETERS: Final = {
    "from": "the earliest day of a change, YYYY-MM-DD; default: the first",
    "to": "the latest day of a change, YYYY-MM-DD; default: the last",
    "region": "a region id; default: every region",
    "crossing": "a crossing id; default: every crossing",
    **PAGE_PARAMETERS,
}
#: The parameters ``/feeds/alerts.atom`` reads.
ALERT_PARAMETERS: Final = {
    "date": "the day the alerts hold on, YYYY-MM-DD; default: the last day any report is about",
    "region": "a region id; default: every region",
    "within": "how many days before its end an authorisation is about to lapse; default: BORDERWATCH_ALERT_EXPIRY_DAYS",
}
#: A crossing as ``/api/v1/crossings`` lists it: its id, then the fields a state frame carries of it.
CROSSING_RECORD_FIELDS: Final = ("crossing_id", *CROSSING_FIELDS)
#: A report as a crossing's history lists it.
HISTORY_FIELDS: Final = ("report_id", "batch_id", *column_names(REPORT_COLUMNS))


def state(
    atlas: Atlas, query: Mapping[str, str], *, graded: Callable[[GradeFilter], Atlas] | None = None
) -> dict[str, Any]:
    """The state of every crossing shown at ``date`` (default: the last report's day) in ``region``
    (default: every region), as ``{"date", "region", "crossings": [...]}`` or a GeoJSON
    FeatureCollection (``format=geojson``) whose crossings without a place are listed as ``unplaced``.
    Read from the reports graded as the query asks, by ``graded`` (a cache's) or else :meth:`Atlas.graded`."""
    only_parameters(query, STATE_PARAMETERS, "/api/v1/state")
    grades = grades_from_query(query)
    if not grades.reads_everything:
        atlas = graded(grades) if graded is not None else atlas.graded(grades)
    fmt = query.get("format", "json")
    if fmt not in STATE_FORMATS:
        raise BadParameterError("format", fmt, " or ".join(STATE_FORMATS))
    day = _day(atlas, query)
    region = asked_region(atlas, query)
    chosen = filter_from_query(atlas, query, region=region)
    frame = status_frame(atlas, day, region=region, crossing_filter=chosen)
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


def reports(atlas: Atlas, query: Mapping[str, str]) -> dict[str, Any]:
    """The visible reports about a day from ``since`` to ``until`` (both included), of one ``region``
    or ``crossing`` when given, oldest first, one page at a time (``limit``, ``offset``)."""
    only_parameters(query, REPORT_PARAMETERS, "/api/v1/reports")
    since, until = optional_day(query, "since"), optional_day(query, "until")
    limit, offset = _page(query)
    days = atlas.report_days
    keep = np.ones(len(days), dtype=bool)
    if since is not None:
        keep &= days >= day_number(since)
    if until is not None:
        keep &= days <= day_number(until)
    ids = _crossing_ids(atlas, query)
    if ids is not None:
        keep &= atlas.reports["crossing_id"].isin(ids).to_numpy()
    order = np.lexsort((atlas.reports["report_id"].to_numpy()[keep], days[keep]))
    chosen = atlas.reports[keep].iloc[order]
    page = chosen.iloc[offset : offset + limit]
    following = offset + limit if offset + limit < len(chosen) else None
    return {
        "total": len(chosen),
        "offset": offset,
        "next_offset": following,
        "reports": json_records(page.to_dict("records"), HISTORY_FIELDS),
    }


def changes(atlas: Atlas, query: Mapping[str, str], *, path: str = "/api/v1/changes") -> dict[str, Any]:
    """Each change of a crossing's holder, status or authorisations from ``from`` to ``to`` (both
    included), of one ``region`` or ``crossing`` when given, newest first, one page at a time."""
    only_parameters(query, CHANGE_PARAMETERS, path)
    first, last = optional_day(query, "from"), optional_day(query, "to")
    limit, offset = _page(query)
    found, more = recent_changes(
        atlas, first=first, last=last, crossing_ids=_crossing_ids(atlas, query), skip=offset, limit=limit
    )
    names = atlas.party_names()
    return {
        "offset": offset,
        "next_offset": offset + limit if more else None,
        "changes": [change_record(atlas, change, names) for change in found],
    }


def alerts(atlas: Atlas, query: Mapping[str, str], *, expiring_within: int) -> tuple[date, list[Alert]]:
    """The day asked for, and the alerts that hold on it (:func:`geo.alerts.standing_alerts`) in ``region``."""
    only_parameters(query, ALERT_PARAMETERS, "/feeds/alerts.atom")
    region = asked_region(atlas, query)
    day = _day(atlas, query)
    within = whole_number(query, "within", expiring_within, 0, 3660)
    return day, standing_alerts(atlas, day, expiring_within=within, region=region)


def asked_region(atlas: Atlas, query: Mapping[str, str]) -> str | None:
    """The query's ``region``, one the atlas knows; None for every region."""
    region = query.get("region") or None
    if region is not None and region not in atlas.regions():
        raise BadParameterError("region", region, "a region id: " + ", ".join(atlas.regions()))
    return region


def _page(query: Mapping[str, str]) -> tuple[int, int]:
    """The page asked for: how many records (``limit``) after how many (``offset``)."""
    return (
        whole_number(query, "limit", PAGE_SIZE, 1, MOST_PER_PAGE),
        whole_number(query, "offset", 0, 0, None),
    )


def _crossing_ids(atlas: Atlas, query: Mapping[str, str]) -> list[str] | None:
    """The crossings a query's ``region`` and ``crossing`` select; None for every crossing."""
    region, crossing_id = asked_region(atlas, query), query.get("crossing")
    if region is None and crossing_id is None:
        return None
    chosen = atlas.crossings
    if region is not None:
        chosen = chosen[chosen["region"] == region]
    if crossing_id is not None:
        if not (atlas.crossings["crossing_id"] == crossing_id).any():
            raise BadParameterError("crossing", crossing_id, "a crossing id, as /api/v1/crossings lists them")
        chosen = chosen[chosen["crossing_id"] == crossing_id]
    return [str(c) for c in chosen["crossing_id"]]


def _day(atlas: Atlas, query: Mapping[str, str]) -> date:
    """The state's day: the one asked for, else the last day any report is about (else today)."""
    asked = optional_day(query, "date")
    if asked is not None:
        return asked
    span = atlas.report_span()
    return span[1] if span else date.today()
