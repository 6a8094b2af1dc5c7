"""Reports page: every stored report about the crossings the region and filters show, with its source."""

from __future__ import annotations

import streamlit as st

from dashboard.state import page_context, read_day
from dashboard.tables import CLAIMS_COLUMNS
from dashboard.text import plain
from geo.describe import claims_table

context = page_context()
data, region, crossing_filter = context.atlas, context.region, context.crossing_filter
names = data.party_names()
# Filters on holder or status depend on a day: the one the reader chose (on the map, or in the link).
day = read_day(context)
shown = data.view(day, region=region, crossing_filter=crossing_filter).shown
crossing_names = dict(zip(shown["crossing_id"], shown["name"], strict=True))

st.title("Reports")
title = context.atlas.region_title(region)
scope = title if crossing_filter.is_static() else f"{title} as of {day.isoformat()}"
st.caption(
    plain(
        f"Every dated claim or observation about the {len(shown)} crossings the filters show in {scope}, "
        "oldest first, with who made it and where it was published."
    )
)
chosen = st.multiselect(
    "Crossings", list(crossing_names), format_func=lambda cid: crossing_names[cid], placeholder="All crossings shown"
)
reports = data.reports[data.reports["crossing_id"].isin(chosen or list(crossing_names))]
table = claims_table(reports, names)
table.insert(0, "crossing", [crossing_names[c] for c in reports["crossing_id"]])
st.write(f"{len(table)} reports")
st.dataframe(table, hide_index=True, width="stretch", column_config=CLAIMS_COLUMNS)
