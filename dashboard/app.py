"""Borderwatch dashboard entry point: ``streamlit run dashboard/app.py``."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

# Streamlit runs this file as a script; make the project's packages importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard.data import ensure_assets

VIEWS = Path(__file__).resolve().parent / "views"

# No page or navigation icons: Streamlit fetches Material-icon favicons from an outside
# font host, and the dashboard must work offline.
st.set_page_config(page_title="Borderwatch", layout="wide")
ensure_assets()
navigation = st.navigation(
    [
        st.Page(VIEWS / "map_view.py", title="Map", default=True, url_path="map"),
        st.Page(VIEWS / "reports_view.py", title="Reports", url_path="reports"),
        st.Page(VIEWS / "about_view.py", title="About the data", url_path="about"),
    ]
)
navigation.run()
