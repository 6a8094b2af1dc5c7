"""The state of each crossing as a table: the one under the map, the briefing's and the exports'."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import pandas as pd

from geo.corroboration import corroboration_texts
from geo.describe import held_by_text, records, status_text
from geo.permission_text import permission_text

#: Columns of :func:`state_table`.
STATE_TABLE_COLUMNS: Final = (
    "crossing",
    "held by",
    "status",
    "corroboration",
    "permission",
    "last report",
    "sources",
)


def state_table(
    states: pd.DataFrame,
    names: Mapping[str, str],
    *,
    kinds: Mapping[str, str] | None = None,
    deciding: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The state of each crossing as sortable columns (:data:`STATE_TABLE_COLUMNS`), one row each.

    ``sources`` lists the outlets of the ``deciding`` reports (see
    :meth:`geo.atlas.Atlas.deciding_for`) about each crossing; it is empty without them.
    ``last report`` stays a date so the column sorts by time; a stale one says so in
    ``status``.
    """
    rows = records(states)
    behind = deciding if deciding is not None else pd.DataFrame(columns=["crossing_id", "claimant", "controller"])
    outlets: dict[str, list[str]] = {}
    if deciding is not None:
        for crossing_id, source in zip(deciding["crossing_id"], deciding["source"], strict=True):
            listed = outlets.setdefault(str(crossing_id), [])
            if str(source) not in listed:
                listed.append(str(source))
    return pd.DataFrame(
        {
            "crossing": [r["name"] for r in rows],
            "held by": [held_by_text(r, names) for r in rows],
            "status": [status_text(r) + (" (stale)" if r["stale"] else "") for r in rows],
            "corroboration": corroboration_texts(rows, behind, names, kinds),
            "permission": [permission_text(r) for r in rows],
            "last report": [r["last_report"] for r in rows],
            "sources": ["; ".join(sorted(outlets.get(str(r["crossing_id"]), []), key=str.casefold)) for r in rows],
        },
        columns=list(STATE_TABLE_COLUMNS),
    )
