"""About page: how a crossing's state is decided, and where the data comes from."""

from __future__ import annotations

import streamlit as st

from dashboard.data import atlas
from geo import asof

data = atlas()

st.title("About the data")
st.subheader("How a crossing's state is decided")
# The rule is written once, in the library that applies it.
st.text((asof.__doc__ or "").strip())
st.subheader("Parties")
st.dataframe(data.parties[["party_id", "name", "kind", "color"]], hide_index=True, width="stretch")
st.subheader("Sources")
sources = data.reports.groupby("source").size().rename("reports").reset_index().sort_values("reports", ascending=False)
st.dataframe(sources, hide_index=True, width="stretch")
st.caption("Country outlines: Natural Earth (public domain). Map library: Leaflet, served locally.")
