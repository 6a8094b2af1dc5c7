"""The list of regions on the map of every region: each opens at its own view and dates."""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard.state import DATE, REGION, move_map_to
from dashboard.text import plain
from geo.atlas import Atlas
from geo.regions import region_entries


def _open(region: str, day: date | None) -> None:
    """Show ``region`` from its last report day (a button's callback, so before the sidebar is drawn again);
    the map page then frames the region, as it does for any new region."""
    st.session_state[REGION] = region
    if day is not None:
        # The slider's own key too: the page sizes the slider to take in the day it holds.
        st.session_state[DATE] = day
        move_map_to(day)


def region_list(atlas: Atlas) -> None:
    """A button per region, each with what the region holds beside it."""
    with st.expander("Regions: open one at its own view and dates", expanded=True):
        for entry in region_entries(atlas):
            button, said = st.columns([5, 4], vertical_alignment="center", gap="small")
            button.button(
                plain(entry.name),
                key=f"open_region_{entry.region_id}",
                on_click=_open,
                args=(entry.region_id, entry.span[1] if entry.span else None),
                width="stretch",
            )
            said.caption(plain(entry.summary()))
