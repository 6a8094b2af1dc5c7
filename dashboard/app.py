"""Borderwatch dashboard: its pages and navigation, served with the API by ``dashboard/serve.py``."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

# Streamlit runs this file as a script; make the project's packages importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard.auth import current_editor, sign_in_panel, signed_out_pages
from dashboard.chrome import page_chrome
from dashboard.controls import region_choice, sidebar_filters
from dashboard.data import atlas, ensure_assets
from dashboard.faults import reported
from dashboard.guards import refuse_client_cache_clears, refuse_uploads_from_viewers
from dashboard.state import WITH_PENDING, set_controls

VIEWS = Path(__file__).resolve().parent / "views"

# No page or navigation icons: Streamlit fetches Material-icon favicons from an outside
# font host, and the dashboard must work offline.
st.set_page_config(page_title="Borderwatch", layout="wide")
refuse_client_cache_clears()
refuse_uploads_from_viewers()
page_chrome()
# Everything that reads the data runs guarded: a fault shows a reference, never a traceback.
with reported():
    ensure_assets()
    pages = [
        st.Page(VIEWS / "map_view.py", title="Map", default=True, url_path="map"),
        st.Page(VIEWS / "compare_view.py", title="Compare dates", url_path="compare"),
        st.Page(VIEWS / "present_view.py", title="Presentation", url_path="present"),
        st.Page(VIEWS / "reports_view.py", title="Reports", url_path="reports"),
        st.Page(VIEWS / "about_view.py", title="About the data", url_path="about"),
    ]
    # Write pages exist only for a signed-in editor: a viewer has no page, button or URL that writes.
    if current_editor():
        pages += [
            st.Page(VIEWS / "upload_view.py", title="Upload", url_path="upload"),
            st.Page(VIEWS / "article_view.py", title="From an article", url_path="article"),
            st.Page(VIEWS / "batches_view.py", title="Batches", url_path="batches"),
            st.Page(VIEWS / "review_view.py", title="Review", url_path="review"),
        ]
    else:
        pages += signed_out_pages()
    navigation = st.navigation(pages)
    # Shared controls: every page sees the same region and filters, kept in the URL.
    data = atlas()
    if data.crossings.empty:
        st.info("No crossings are stored yet.")
        st.stop()
    region = region_choice(data)
    crossing_filter, grades = sidebar_filters(data, region)
    # Editors only, and not in the link: what the public sees is the verified records.
    with_pending = bool(current_editor()) and st.sidebar.toggle(
        "Show reports pending review", key=WITH_PENDING, help="Marked '(pending review)' on the map."
    )
    set_controls(region, crossing_filter, grades, with_pending=with_pending)
    sign_in_panel()
    navigation.run()
