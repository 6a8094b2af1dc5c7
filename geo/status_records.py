"""The state of every crossing at a date, as ``python -m geo status`` and ``GET /api/v1/state`` give it.

One list of fields and one way to build the rows, so the command line's files and the API agree.
"""

from __future__ import annotations

from datetime import date
from typing import Final

import pandas as pd

from geo.atlas import Atlas
from geo.corroboration import corroboration_texts
from geo.describe import records
from geo.filters import CrossingFilter
from geo.mandates import SUMMARY_COLUMNS
from geo.state_frame import SIDE_FIELDS, STATE_COLUMNS, TRAFFIC_STATUS_COLUMNS

#: A crossing's own state: what the terminal's table shows.
STATUS_FIELDS: Final = ("crossing_id", "name", "lat", "lon", *STATE_COLUMNS[1:])
#: What the files and the API give: the fields above, then the two countries, each side's state,
#: the state for each kind of traffic, the authorisations, and who vouches for each holder (as the
#: story and the exports word it).
STATUS_FILE_FIELDS: Final = (
    *STATUS_FIELDS,
    "country_a",
    "country_b",
    *SIDE_FIELDS,
    *TRAFFIC_STATUS_COLUMNS,
    *SUMMARY_COLUMNS,
    "corroboration",
)


def status_frame(
    atlas: Atlas,
    day: date,
    *,
    region: str | None = None,
    corroboration: bool = True,
    crossing_filter: CrossingFilter | None = None,
) -> pd.DataFrame:
    """The state on ``day`` of every crossing (of ``region``, if given) as ``atlas`` reads it, with who
    vouches for each holder: the crossings a map of that region shows (:meth:`Atlas.view`) under
    ``crossing_filter``.

    Raises
    ------
    UnknownRegionError
        For a region no crossing belongs to.
    """
    states = atlas.view(day, region=region, crossing_filter=crossing_filter).shown
    if not corroboration:
        return states
    names, kinds = atlas.party_names(), atlas.party_kinds()
    return states.assign(corroboration=corroboration_texts(records(states), atlas.deciding_for(states), names, kinds))
