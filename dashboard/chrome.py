"""What every page carries: the product's name above the navigation, and no empty band above the content."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

LOGO = Path(__file__).resolve().parent / "brand" / "borderwatch.svg"
# Streamlit leaves about 6rem above a page's first element for its header; the header here
# holds only the menu, so the content starts just under it.
PAGE_CSS = """
<style>
  [data-testid="stMainBlockContainer"] { padding-top: 2.75rem; }
</style>
"""


def page_chrome() -> None:
    """The product's name above the navigation, and the tighter top margin, on every page."""
    st.logo(str(LOGO), size="large")
    st.markdown(PAGE_CSS, unsafe_allow_html=True)
