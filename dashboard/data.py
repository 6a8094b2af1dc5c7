"""Loading data for the pages: one cached atlas per process, cleared after any write."""

from __future__ import annotations

import streamlit as st

from geo.assets import DASHBOARD_STATIC_DIR, AssetUrls, install_assets
from geo.atlas import Atlas
from geo.outlines import COUNTRIES_GEOJSON
from geo.settings import SEEDS_DIR, load_settings
from geo.store import Store, open_store

#: Where the browser finds the map's assets (Streamlit serves dashboard/static at /app/static).
ASSET_URLS = AssetUrls.under("/app/static")


@st.cache_resource(show_spinner=False)
def ensure_assets() -> None:
    """Copy Leaflet, jQuery and the outlines into dashboard/static once per process."""
    install_assets(DASHBOARD_STATIC_DIR, outlines=COUNTRIES_GEOJSON)


@st.cache_resource(show_spinner="Loading crossings and reports…", ttl=300, max_entries=2)
def load_atlas(database_url: str) -> Atlas:
    """The atlas for ``database_url``, migrated and seeded on first use."""
    store, _ = open_store(database_url, seeds=SEEDS_DIR)
    try:
        return Atlas.load(store, stale_after_days=load_settings().stale_after_days)
    finally:
        store.close()


def atlas() -> Atlas:
    """The atlas for the configured database."""
    return load_atlas(load_settings().database_url)


@st.cache_resource(show_spinner=False, max_entries=2)
def _store(database_url: str) -> Store:
    store, _ = open_store(database_url, seeds=SEEDS_DIR)
    return store


def store() -> Store:
    """The store for writes (uploads, reverts, profiles), one per process."""
    return _store(load_settings().database_url)


def forget_data() -> None:
    """Drop the cached atlas after a write, so every page shows the new data."""
    load_atlas.clear()
