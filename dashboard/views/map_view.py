"""Map page: the crossings as of a date, stepping from change to change, and any crossing's story."""

from __future__ import annotations

import time
from datetime import date, timedelta
from typing import Any

import streamlit as st
from streamlit_folium import st_folium

from dashboard import url_state
from dashboard.controls import parse_view, permalink
from dashboard.data import ASSET_URLS
from dashboard.faults import reported
from dashboard.region_list import region_list
from dashboard.state import (
    CROSSING,
    DATE,
    HANDLED_CLICK,
    LAST_STEP,
    MAP,
    MAP_CROSSING,
    MAP_DAY,
    OPENING_VIEW,
    PLAYING,
    SPEED,
    VIEW,
    VIEW_REGION,
    page_context,
    restore_day,
    share_day,
)
from dashboard.story import render_story
from dashboard.text import plain
from dashboard.timeline_aids import timeline_aids
from geo.changes import Direction, change_days, step_change
from geo.day_view import unplaced_note
from geo.filters import nothing_shown
from geo.present.leaflet import build_base_map, build_crossing_layer, nearest_crossing, view_for
from geo.state_table import state_table

MAP_HEIGHT = 560
SPEEDS = {"slow (3 s)": 3.0, "normal (1.5 s)": 1.5, "fast (0.7 s)": 0.7}
DEFAULT_SPEED = "normal (1.5 s)"

context = page_context()
data, region, crossing_filter = context.atlas, context.region, context.crossing_filter
names = data.party_names()
st.subheader(f"Who holds the crossings, and are they open: {plain(data.region_title(region))}")
if region is None:
    region_list(data)


# A widget's key is gone once the reader has been on another page: this run starts a new visit.
new_day, new_crossing = DATE not in st.session_state, CROSSING not in st.session_state
first_day, last_day = restore_day(context, DATE)
url_state.restore(
    {CROSSING: None, VIEW: None, SPEED: DEFAULT_SPEED},
    {CROSSING: str, VIEW: parse_view, SPEED: url_state.one_of(SPEEDS)},
)
for held, new in ((MAP_DAY, new_day), (MAP_CROSSING, new_crossing)):
    if new:
        held.start()
# (Every region at once is region None: a first visit is told apart by the key's absence.)
if VIEW_REGION not in st.session_state or st.session_state[VIEW_REGION] != region:
    # A new region starts from its own view, not the one the reader left elsewhere.
    if VIEW_REGION in st.session_state:
        st.session_state[VIEW] = None
    st.session_state[VIEW_REGION] = region
    st.session_state.pop(OPENING_VIEW, None)
if first_day == last_day:
    # A slider needs two ends: a region reported on one day only opens with the day before it too.
    first_day -= timedelta(days=1)


def _step(direction: Direction) -> None:
    found = step_change(data, MAP_DAY.current(), crossing_filter, direction)
    if found is None:
        st.session_state[PLAYING] = False
        st.toast(f"No {direction} change for the crossings shown.")
    else:
        MAP_DAY.set(found)


def _toggle_play() -> None:
    st.session_state[PLAYING] = not st.session_state.get(PLAYING, False)
    st.session_state[LAST_STEP] = time.monotonic()


def _opening_view() -> tuple[tuple[float, float], int]:
    """The view the map opens at: the link's, else one fitting the region; then fixed.

    The base map is built from this on every run, so it stays identical and the browser
    keeps its map (and the reader's pans and zooms) while only the crossings are redrawn.
    """
    if OPENING_VIEW not in st.session_state:
        view = st.session_state.get(VIEW)
        framed = data.view(MAP_DAY.current(), region=region).framed
        opening = ((view[0], view[1]), view[2]) if view else view_for(framed, height_px=MAP_HEIGHT)
        st.session_state[OPENING_VIEW] = opening
    return st.session_state[OPENING_VIEW]  # type: ignore[no-any-return]


marked_days = change_days(data, crossing_filter)
playing = bool(st.session_state.get(PLAYING, False))
interval = SPEEDS[st.session_state[SPEED]]


@st.fragment(run_every=interval if playing else None)
@reported()  # a fragment's own reruns do not pass through the app's guard
def timeline() -> None:
    """Everything that depends on the date: a step reruns only this, and the map repaints in place."""
    if st.session_state.get(PLAYING) and time.monotonic() - st.session_state.get(LAST_STEP, 0) >= interval * 0.8:
        st.session_state[LAST_STEP] = time.monotonic()
        _step("next")
        if not st.session_state[PLAYING]:
            st.rerun()
    buttons = st.columns([1, 1, 1, 1.4, 1.2])
    buttons[0].button("Previous change", on_click=_step, args=("previous",), width="stretch")
    buttons[1].button("Next change", on_click=_step, args=("next",), width="stretch")
    if buttons[2].button("Pause" if playing else "Play", on_click=_toggle_play, width="stretch"):
        st.rerun()
    buttons[3].selectbox("Speed", list(SPEEDS), key=SPEED, label_visibility="collapsed")
    with buttons[4].popover("Copy link", width="stretch"):
        st.caption("This link opens the same date, crossing, filters and map view.")
        st.code(permalink(), language=None)
    MAP_DAY.draw()
    day: date = st.slider("As of", min_value=first_day, max_value=last_day, key=DATE, format="YYYY-MM-DD")
    timeline_aids("As of", first_day, last_day, marked_days)
    speed = st.session_state[SPEED]
    url_state.publish({SPEED: None if speed == DEFAULT_SPEED else speed})

    view = data.view(day, region=region, crossing_filter=crossing_filter)
    shown = view.shown
    if shown.empty:
        st.info(plain(nothing_shown(crossing_filter, data.region_title(region), day)))
    center, zoom = _opening_view()
    result = st_folium(
        build_base_map(ASSET_URLS, center=center, zoom=zoom, height=MAP_HEIGHT),
        # A map per region: the component's value, the view the reader left, belongs to the region it was left in.
        key=f"{MAP}:{region}",
        feature_group_to_add=build_crossing_layer(
            view.drawn, day_label=day.isoformat(), names=names, colors=data.party_colors(), gather=region is None
        ),
        height=MAP_HEIGHT,
        use_container_width=True,
        returned_objects=["last_object_clicked", "center", "zoom"],
    )
    _remember(result or {}, view.drawn)
    if region is None:
        st.caption("A numbered disc stands for crossings too close to draw apart: click it to zoom in to them.")
    if note := unplaced_note(view.unplaced):
        st.caption(plain(note))

    ids = list(shown["crossing_id"])
    labels = dict(zip(shown["crossing_id"], shown["name"], strict=True))
    if MAP_CROSSING.current() not in ids:
        MAP_CROSSING.set(None)
    MAP_CROSSING.draw()
    selected = st.selectbox(
        "Crossing",
        ids,
        # None, not the first crossing, until the reader picks one (a run whose value was cleared
        # would otherwise open the first crossing's story).
        index=None,
        key=CROSSING,
        format_func=lambda cid: labels[cid],
        placeholder="Click a crossing on the map or pick one here",
    )
    # The day and crossing go in the link once drawn, and only then: a request whose link holds
    # them comes from a browser that shows them (dashboard.held reads it so).
    share_day(day)
    url_state.publish({CROSSING: selected, VIEW: _view_text()})
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
        st.session_state[VIEW] = (round(center["lat"], 4), round(center["lng"], 4), int(zoom))
    point = result.get("last_object_clicked")
    # A click stays in the component's value across reruns: act on each new one only once.
    if point and point != st.session_state.get(HANDLED_CLICK):
        st.session_state[HANDLED_CLICK] = point
        hit = nearest_crossing(shown, point["lat"], point["lng"])
        if hit:
            MAP_CROSSING.set(hit)


def _view_text() -> str | None:
    view = st.session_state.get(VIEW)
    return f"{view[0]},{view[1]},{view[2]}" if view else None


timeline()
