"""Map page: the crossings as of a date, stepping from change to change, and any crossing's story."""

from __future__ import annotations

import time
from datetime import date, timedelta
from typing import Any

import streamlit as st
from streamlit_folium import st_folium

from dashboard import url_state
from dashboard.controls import current_filter, parse_view, permalink, report_days
from dashboard.data import ASSET_URLS, atlas
from dashboard.faults import reported
from dashboard.story import render_story
from dashboard.text import plain
from dashboard.timeline_aids import timeline_aids
from geo.changes import Direction, change_days, step_change
from geo.describe import state_table
from geo.filters import nothing_shown
from geo.names import region_name
from geo.present.leaflet import build_base_map, build_crossing_layer, nearest_crossing, view_for

MAP_HEIGHT = 560
SPEEDS = {"slow (3 s)": 3.0, "normal (1.5 s)": 1.5, "fast (0.7 s)": 0.7}
DEFAULT_SPEED = "normal (1.5 s)"

data = atlas()
names = data.party_names()
crossing_filter = current_filter()
(region,) = crossing_filter.regions
first_day, last_day = report_days(data, region)
st.subheader(f"Who holds the crossings, and are they open: {plain(region_name(region))}")


url_state.restore(
    {"date": last_day, "crossing": None, "view": None, "speed": DEFAULT_SPEED},
    {
        "date": url_state.day_between(first_day, last_day),
        "crossing": str,
        "view": parse_view,
        "speed": url_state.one_of(SPEEDS),
    },
)
if st.session_state.get("view_region") != region:
    # A new region starts from its own view, not the one the reader left elsewhere.
    if "view_region" in st.session_state:
        st.session_state["view"] = None
    st.session_state["view_region"] = region
    st.session_state.pop("opening_view", None)
first_day = min(first_day, st.session_state["date"])
last_day = max(last_day, st.session_state["date"])
if first_day == last_day:
    # A slider needs two ends: a region reported on one day only opens with the day before it too.
    first_day -= timedelta(days=1)


def _step(direction: Direction) -> None:
    found = step_change(data, st.session_state["date"], crossing_filter, direction)
    if found is None:
        st.session_state["playing"] = False
        st.toast(f"No {direction} change for the crossings shown.")
    else:
        st.session_state["date"] = found


def _toggle_play() -> None:
    st.session_state["playing"] = not st.session_state.get("playing", False)
    st.session_state["last_step"] = time.monotonic()


def _opening_view() -> tuple[tuple[float, float], int]:
    """The view the map opens at: the link's, else one fitting the region; then fixed.

    The base map is built from this on every run, so it stays identical and the browser
    keeps its map (and the reader's pans and zooms) while only the crossings are redrawn.
    """
    if "opening_view" not in st.session_state:
        view = st.session_state.get("view")
        region_states = data.states(st.session_state["date"])
        region_states = region_states[region_states["region"] == region]
        st.session_state["opening_view"] = (
            ((view[0], view[1]), view[2]) if view else view_for(region_states, height_px=MAP_HEIGHT)
        )
    return st.session_state["opening_view"]  # type: ignore[no-any-return]


marked_days = change_days(data, crossing_filter)
playing = bool(st.session_state.get("playing", False))
interval = SPEEDS[st.session_state["speed"]]


@st.fragment(run_every=interval if playing else None)
@reported()  # a fragment's own reruns do not pass through the app's guard
def timeline() -> None:
    """Everything that depends on the date: a step reruns only this, and the map repaints in place."""
    if st.session_state.get("playing") and time.monotonic() - st.session_state.get("last_step", 0) >= interval * 0.8:
        st.session_state["last_step"] = time.monotonic()
        _step("next")
        if not st.session_state["playing"]:
            st.rerun()
    buttons = st.columns([1, 1, 1, 1.4, 1.2])
    buttons[0].button("Previous change", on_click=_step, args=("previous",), width="stretch")
    buttons[1].button("Next change", on_click=_step, args=("next",), width="stretch")
    if buttons[2].button("Pause" if playing else "Play", on_click=_toggle_play, width="stretch"):
        st.rerun()
    buttons[3].selectbox("Speed", list(SPEEDS), key="speed", label_visibility="collapsed")
    with buttons[4].popover("Copy link", width="stretch"):
        st.caption("This link opens the same date, crossing, filters and map view.")
        st.code(permalink(), language=None)
    day: date = st.slider("As of", min_value=first_day, max_value=last_day, key="date", format="YYYY-MM-DD")
    timeline_aids("As of", first_day, last_day, marked_days)
    speed = st.session_state["speed"]
    # Published before the map is drawn: a quick next click may end this run early.
    url_state.publish({"date": day, "speed": None if speed == DEFAULT_SPEED else speed})

    shown = crossing_filter.apply(data.states(day))
    if shown.empty:
        st.info(plain(nothing_shown(crossing_filter, region_name(region), day)))
    center, zoom = _opening_view()
    result = st_folium(
        build_base_map(ASSET_URLS, center=center, zoom=zoom, height=MAP_HEIGHT),
        key="map",
        feature_group_to_add=build_crossing_layer(
            shown, day_label=day.isoformat(), names=names, colors=data.party_colors()
        ),
        height=MAP_HEIGHT,
        use_container_width=True,
        returned_objects=["last_object_clicked", "center", "zoom"],
    )
    _remember(result or {}, shown)

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
    url_state.publish({"crossing": selected, "view": _view_text()})
    if selected:
        render_story(data, shown[shown["crossing_id"] == selected].iloc[0].to_dict(), day)
    st.subheader(f"Crossings shown, as of {day.isoformat()}")
    st.dataframe(
        state_table(shown, names, kinds=data.party_kinds(), deciding=data.deciding_for(shown)),
        hide_index=True,
        width="stretch",
    )


def _remember(result: dict[str, Any], shown: Any) -> None:
    """Keep the reader's map view, and select a newly clicked crossing."""
    # Before the map has drawn, the component's value holds no centre, only the opening zoom.
    center, zoom = result.get("center"), result.get("zoom")
    if center and zoom:
        st.session_state["view"] = (round(center["lat"], 4), round(center["lng"], 4), int(zoom))
    point = result.get("last_object_clicked")
    # A click stays in the component's value across reruns: act on each new one only once.
    if point and point != st.session_state.get("handled_click"):
        st.session_state["handled_click"] = point
        hit = nearest_crossing(shown, point["lat"], point["lng"])
        if hit:
            st.session_state["crossing"] = hit


def _view_text() -> str | None:
    view = st.session_state.get("view")
    return f"{view[0]},{view[1]},{view[2]}" if view else None


timeline()
