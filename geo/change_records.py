"""One change of a crossing (a row of :func:`geo.changes.recent_changes`) as the API lists it and the
Atom feed words it: what it was and became, in the words of :mod:`geo.describe`, and the sources
that decide it, reports and authorisations alike."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any, Final

import numpy as np

from geo.atlas import Atlas
from geo.describe import change_sentence, side_change, state_cell_text
from geo.json_values import json_value
from geo.permission_text import permission_text

#: The fields of a change record, in order.
CHANGE_RECORD_FIELDS: Final = (
    "date",
    "crossing_id",
    "name",
    "region",
    "side",
    "before",
    "after",
    "permission_before",
    "permission_after",
    "sentence",
    "controllers_before",
    "controllers_after",
    "status_before",
    "status_after",
    "sources",
)
#: What an authorisation's coming into force or lapsing changes in a state.
PERMISSION_FIELDS: Final = ("authorised", "forbidden", "authorised_until", "authorisation_lapsed")
#: The fields of each deciding source of a change.
SOURCE_FIELDS: Final = ("kind", "id", "date", "source", "attribution", "url", "title")


def change_words(before: Mapping[str, Any], after: Mapping[str, Any], names: Mapping[str, str]) -> tuple[str, str, str]:
    """The side that alone changes ("" for the crossing as a whole), and what it was and became, in words."""
    return side_change(before, after, names) or ("", state_cell_text(before, names), state_cell_text(after, names))


def deciding_sources(atlas: Atlas, change: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The reports that decide the change's new state, then the authorisations that come into force
    or lapse on its day, as :data:`SOURCE_FIELDS`."""
    day: date = change["date"]
    # Found among the crossing's own reports, by position, a column at a time: a million reports are
    # never scanned or copied.
    rows = atlas.rows_about([str(change["crossing_id"])])
    ids = atlas.reports["report_id"].iloc[rows].to_numpy()
    chosen = rows[np.isin(ids, np.asarray(change["report_ids"], dtype=ids.dtype))]
    columns = {
        name: atlas.reports[name].iloc[chosen].tolist() if name in atlas.reports else [None] * len(chosen)
        for name in ("report_id", "date", "source", "attribution", "url")
    }
    found = [
        {
            "kind": "report",
            "id": int(report_id),
            "date": day_of,
            "source": source,
            "attribution": attribution,
            "url": url,
            "title": None,
        }
        for report_id, day_of, source, attribution, url in zip(*columns.values(), strict=True)
    ]
    was, now = change["state_before"], change["state_after"]
    if all(was.get(field) == now.get(field) for field in PERMISSION_FIELDS):
        # No permission changed: no authorisation decides the change.
        return [{field: json_value(source.get(field)) for field in SOURCE_FIELDS} for source in found]
    turned = atlas.authorisations_at(day, str(change["crossing_id"]))
    for row in turned.to_dict("records"):
        end = row.get("end_date")
        if row["start_date"] == day or (isinstance(end, date) and end + timedelta(days=1) == day):
            found.append(
                {
                    "kind": "authorisation",
                    "id": int(row["authorisation_id"]),
                    "date": day,
                    "source": row["source"],
                    "attribution": row.get("attribution"),
                    "url": row.get("url"),
                    "title": row.get("title"),
                }
            )
    return [{field: json_value(source.get(field)) for field in SOURCE_FIELDS} for source in found]


def change_record(atlas: Atlas, change: Mapping[str, Any], names: Mapping[str, str]) -> dict[str, Any]:
    """The change as JSON-ready :data:`CHANGE_RECORD_FIELDS`."""
    was, now = change["state_before"], change["state_after"]
    side, before, after = change_words(was, now, names)
    if before == after:
        # Only the authorisations changed: those are what the change is.
        before, after = (permission_text(state) or "no authorisation" for state in (was, now))
    sentence = change_sentence(
        {"name": change["name"], "side": side, "before": before, "after": after, "date": change["date"].isoformat()}
    )
    record = {
        "date": change["date"],
        "crossing_id": change["crossing_id"],
        "name": change["name"],
        "region": now.get("region"),
        "side": side,
        "before": before,
        "after": after,
        "permission_before": permission_text(was),
        "permission_after": permission_text(now),
        "sentence": sentence,
        "controllers_before": change["controllers_before"],
        "controllers_after": change["controllers_after"],
        "status_before": change["status_before"],
        "status_after": change["status_after"],
        "sources": deciding_sources(atlas, change),
    }
    return {field: json_value(record[field]) if field != "sources" else record[field] for field in CHANGE_RECORD_FIELDS}
