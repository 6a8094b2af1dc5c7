"""Presentation page: the map full width for screenshots, with its own title, date, legend and sources."""

from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st
from streamlit_folium import st_folium

from dashboard import url_state
from dashboard.controls import parse_view, permalink
from dashboard.data import ASSET_URLS
from dashboard.state import (
    PRESENT_DATE,
    PRESENT_MAP,
    PRESENT_PAGE,
    SUBTITLE,
    TITLE,
    VIEW,
    page_context,
    present_opening_view,
    restore_day,
    share_day,
)
from geo.present.downloads import briefing_downloads
from geo.present.embed import embed_address, iframe_snippet
from geo.present.extent import bbox_from_bounds
from geo.present.frame import SUBTITLE_CHARS, TITLE_CHARS, build_presentation_layer
from geo.present.leaflet import build_base_map, view_for
from geo.present.paper import PAGES
from geo.settings import load_settings

MAP_HEIGHT = 720
# Only on this page: Streamlit's header, toolbar, status and sidebar (with its collapse
# controls) go, and the page margins shrink, so a screenshot holds the map and nothing else.
CHROME_CSS = """
<style>
  header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stStatusWidget"],
  [data-testid="stMainMenu"], [data-testid="stAppDeployButton"], [data-testid="stSidebar"],
  [data-testid="stSidebarCollapseButton"], [data-testid="stExpandSidebarButton"], footer { display: none !important; }
  [data-testid="stMainBlockContainer"] { padding: 0.25rem 1.25rem 2rem; max-width: 100%; }
</style>
"""

context = page_context()
data, region, crossing_filter = context.atlas, context.region, context.crossing_filter


st.markdown(CHROME_CSS, unsafe_allow_html=True)
first_day, last_day = restore_day(context, PRESENT_DATE)
url_state.restore({VIEW: None, TITLE: "", SUBTITLE: ""}, {VIEW: parse_view, TITLE: str, SUBTITLE: str})


def _opening_view() -> tuple[tuple[float, float], int]:
    """The link's view, else one fitting the region; then fixed, so the map is never rebuilt while in use."""
    key = present_opening_view(region)
    if key not in st.session_state:
        view = st.session_state.get(VIEW)
        framed = data.view(st.session_state[PRESENT_DATE], region=region).framed
        st.session_state[key] = (
            ((view[0], view[1]), view[2]) if view else view_for(framed, width_px=1200, height_px=MAP_HEIGHT)
        )
    return st.session_state[key]  # type: ignore[no-any-return]


# The frame comes first on the page; its inputs below it are read before it is drawn.
frame = st.container()
inputs = st.columns([3, 4, 2])
title = inputs[0].text_input("Title", key=TITLE, max_chars=TITLE_CHARS, placeholder="e.g. Afghan border crossings")
subtitle = inputs[1].text_input(
    "Subtitle", key=SUBTITLE, max_chars=SUBTITLE_CHARS, placeholder="e.g. Who holds them, and which are open"
)
day: date = inputs[2].date_input(
    "As of", key=PRESENT_DATE, min_value=first_day, max_value=last_day, format="YYYY-MM-DD"
)
share_day(day)
url_state.publish({TITLE: title, SUBTITLE: subtitle})

day_view = data.view(day, region=region, crossing_filter=crossing_filter)
shown = day_view.drawn
center, zoom = _opening_view()
with frame:
    result: dict[str, Any] = (
        st_folium(
            build_base_map(ASSET_URLS, center=center, zoom=zoom, height=MAP_HEIGHT),
            key=PRESENT_MAP,
            feature_group_to_add=build_presentation_layer(
                shown,
                data.reports,
                day=day,
                names=data.party_names(),
                colors=data.party_colors(),
                title=title,
                subtitle=subtitle,
                kinds=data.party_kinds(),
                authorisations=data.authorisations_at(day),
                unplaced=day_view.unplaced,
                gather=region is None,
            ),
            height=MAP_HEIGHT,
            use_container_width=True,
            returned_objects=["center", "zoom", "bounds"],
        )
        or {}
    )
# Before the map has drawn, the component's value holds no centre, only the opening zoom (and
# the files show the whole region); after, the files show the frame on screen, its bounds.
on_screen = None
if result.get("center") and result.get("zoom"):
    st.session_state[VIEW] = (round(result["center"]["lat"], 4), round(result["center"]["lng"], 4), int(result["zoom"]))
    on_screen = bbox_from_bounds(result.get("bounds") or {})
view = st.session_state.get(VIEW)
url_state.publish({VIEW: f"{view[0]},{view[1]},{view[2]}" if view else None})

st.caption(
    f"{len(shown)} crossings as of {day.isoformat()}. Region and filters come from the map page; "
    "drag or scroll the map to frame it: the PNG, PDF and SVG show that frame. Each file below is made when you "
    "click it."
)
paper = st.columns([2, 5])[0].selectbox(
    "Page for the print PNG, PDF and SVG", list(PAGES), key=PRESENT_PAGE, format_func=lambda name: PAGES[name].label
)
downloads = briefing_downloads(
    data,
    day,
    region=region,
    crossing_filter=crossing_filter,
    title=title,
    subtitle=subtitle,
    permalink=permalink(),
    bbox=on_screen,
    page=PAGES[paper],
)
for group in ("Map", "State", "History"):
    row = [d for d in downloads if d.group == group]
    cells = st.columns([1.3] + [1.0] * len(row) + [6 - len(row)], vertical_alignment="center")
    cells[0].markdown(
        {"Map": "**Map**", "State": f"**State on {day.isoformat()}**", "History": "**Every report**"}[group]
    )
    for cell, item in zip(cells[1:], row, strict=False):
        cell.download_button(
            item.label,
            item.make,
            file_name=item.file_name,
            mime=item.mime,
            on_click="ignore",
            key=f"download:{item.label}",
            width="stretch",
        )
embed_url = embed_address(st.context.url or "", day=day, region=region, title=title)
st.markdown("**Embed this map** in another site's page: paste this HTML where the map should be.")
st.code(iframe_snippet(embed_url, title or data.region_title(region)), language="html", wrap_lines=True)
allowed = load_settings().embed_origins
st.caption(
    "The embedded map opens at this date and region, with every crossing of the region (not the map page's filters), "
    "its legend, its sources on a click, and its own timeline. "
    + (
        "Sites allowed to show it: "
        + ", ".join(f"`{origin}`" for origin in allowed)
        + " (`BORDERWATCH_EMBED_ORIGINS`)."
        if allowed
        else "No site may show it yet: list the sites' origins in `BORDERWATCH_EMBED_ORIGINS`."
    )
)
# The title rides along, unused by the map page, so coming back finds it again.
st.page_link("views/map_view.py", label="Back to the interactive map", query_params=st.query_params.to_dict())
