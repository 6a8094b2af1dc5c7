"""Reports page: every stored report about the crossings the region and filters show, with its source."""

from __future__ import annotations

import streamlit as st

from dashboard import url_state
from dashboard.controls import current_filter, report_days
from dashboard.data import atlas
from dashboard.text import plain
from geo.describe import claims_table
from geo.names import region_name

data = atlas()
names = data.party_names()
crossing_filter = current_filter()
(region,) = crossing_filter.regions
# Filters on holder or status depend on a day: the one the reader chose (on the map, or in the link).
first_day, last_day = report_days(data, region)
url_state.restore(
    {"date": last_day}, {"date": url_state.day_between(first_day, last_day)}, state_keys={"date": "reports_day"}
)
day = st.session_state.pop("reports_day")
url_state.publish({"date": day})
shown = crossing_filter.apply(data.states(day))
crossing_names = dict(zip(shown["crossing_id"], shown["name"], strict=True))

st.title("Reports")
scope = region_name(region) if crossing_filter.is_static() else f"{region_name(region)} as of {day.isoformat()}"
st.caption(
    plain(f"Every dated claim or observation about the {len(shown)} crossings the filters show in {scope}, "
          "oldest first, with who made it and where it was published.")
)
chosen = st.multiselect(
    "Crossings", list(crossing_names), format_func=lambda cid: crossing_names[cid], placeholder="All crossings shown"
)
reports = data.reports[data.reports["crossing_id"].isin(chosen or list(crossing_names))]
table = claims_table(reports, names)
table.insert(0, "crossing", [crossing_names[c] for c in reports["crossing_id"]])
st.write(f"{len(table)} reports")
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    column_config={"link": st.column_config.LinkColumn("link", display_text="source page")},
)
