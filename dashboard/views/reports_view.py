"""Reports page: every stored report, filterable, with its source."""

from __future__ import annotations

import streamlit as st

from dashboard.data import atlas
from geo.describe import claims_table

data = atlas()
names = data.party_names()
crossing_names = dict(zip(data.crossings["crossing_id"], data.crossings["name"], strict=True))

st.title("Reports")
st.caption("Every dated claim or observation, oldest first, with who made it and where it was published.")
chosen = st.multiselect(
    "Crossings", list(crossing_names), format_func=lambda cid: crossing_names[cid], placeholder="All crossings"
)
reports = data.reports[data.reports["crossing_id"].isin(chosen)] if chosen else data.reports
table = claims_table(reports, names)
table.insert(0, "crossing", [crossing_names[c] for c in reports["crossing_id"]])
st.write(f"{len(table)} reports")
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    column_config={"link": st.column_config.LinkColumn("link", display_text="source page")},
)
