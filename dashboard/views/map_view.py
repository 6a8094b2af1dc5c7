"""Map page: every crossing as of a date, and the claims behind the one selected."""

from __future__ import annotations

from datetime import date

import streamlit as st
from streamlit_folium import st_folium

from dashboard import url_state
from dashboard.data import ASSET_URLS, atlas
from geo.describe import claims_table, state_sentence
from geo.maps import build_base_map, build_crossing_layer, nearest_crossing, view_for
from geo.validate import parse_day

MAP_HEIGHT = 560

data = atlas()
regions = data.regions()
names = data.party_names()
if not regions:
    st.info("No crossings are stored yet.")
    st.stop()

st.header("Border crossings: who holds them, and are they open", divider="gray")
url_state.restore({"region": regions[0]}, {"region": lambda v: regions[regions.index(v)]})
left, right = st.columns([1, 1])
region = left.selectbox("Region", regions, key="region")
first_day, last_day = data.report_span(region) or data.report_span() or (date.today(), date.today())
url_state.restore({"date": last_day, "crossing": None}, {"date": parse_day, "crossing": str})
day: date = right.date_input(
    "As of",
    key="date",
    min_value=min(first_day, st.session_state["date"]),
    max_value=max(last_day, date.today()),
    format="YYYY-MM-DD",
)

states = data.states(day)
shown = states[states["region"] == region].reset_index(drop=True)
center, zoom = view_for(shown, height_px=MAP_HEIGHT)
clicked = st_folium(
    build_base_map(ASSET_URLS, height=MAP_HEIGHT),
    key="map",
    feature_group_to_add=build_crossing_layer(
        shown, day_label=day.isoformat(), names=names, colors=data.party_colors()
    ),
    center=center,
    zoom=zoom,
    height=MAP_HEIGHT,
    use_container_width=True,
    returned_objects=["last_object_clicked"],
)

# A click stays in the component's value across reruns: act on each new one only once.
point = (clicked or {}).get("last_object_clicked")
if point and point != st.session_state.get("handled_click"):
    st.session_state["handled_click"] = point
    hit = nearest_crossing(shown, point["lat"], point["lng"])
    if hit:
        st.session_state["crossing"] = hit

ids = list(shown["crossing_id"])
labels = dict(zip(shown["crossing_id"], shown["name"], strict=True))
if st.session_state.get("crossing") not in ids:
    st.session_state["crossing"] = None
selected = st.selectbox(
    "Crossing",
    ids,
    key="crossing",
    format_func=lambda cid: labels[cid],
    placeholder="Click a crossing on the map or pick one here",
)
url_state.publish({"region": region, "date": day, "crossing": selected})

if selected:
    state = shown[shown["crossing_id"] == selected].iloc[0].to_dict()
    st.subheader(labels[selected])
    st.markdown(state_sentence(state, names))
    deciding = claims_table(data.deciding(selected, day), names)
    st.caption("The reports that decide this state" if len(deciding) else "No report decides this state yet.")
    st.dataframe(
        deciding,
        hide_index=True,
        width="stretch",
        column_config={"link": st.column_config.LinkColumn("link", display_text="source page")},
    )

st.subheader(f"All crossings in {region}, as of {day.isoformat()}")
st.dataframe(
    {"crossing": list(shown["name"]), "state": [state_sentence(s, names) for s in shown.to_dict("records")]},
    hide_index=True,
    width="stretch",
)
