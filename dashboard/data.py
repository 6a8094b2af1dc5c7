"""Loading data for the pages: one cached atlas per process, cleared after any write.

Several app instances may share one PostgreSQL database: each asks the database at
most once per ``BORDERWATCH_REFRESH_SECONDS`` whether anything was written (one cheap
query), and reloads the atlas only when something was.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import streamlit as st
from streamlit.logger import get_logger

from dashboard.text import plain
from geo.atlas import Atlas
from geo.errors import ConflictError, NothingToCommitError
from geo.grading import GradeFilter
from geo.ingest.seed import open_store
from geo.present.assets import AssetUrls, install_assets
from geo.reference import COUNTRIES_50M
from geo.settings import SEEDS_DIR, load_settings
from geo.store.batches import DataVersion
from geo.store.store import Store
from geo.webhook import send_alerts

log = get_logger("borderwatch.data")
T = TypeVar("T")

#: The folder Streamlit serves at /app/static (static serving looks beside the entry script).
STATIC_DIR = Path(__file__).resolve().parent / "static"
#: Where the browser finds the map's assets there.
ASSET_URLS = AssetUrls.under("/app/static")


@st.cache_resource(show_spinner=False)
def ensure_assets() -> None:
    """Put Leaflet, jQuery, the outlines and the maps' scripts into dashboard/static once per process."""
    install_assets(STATIC_DIR, outlines=COUNTRIES_50M)


@st.cache_data(show_spinner=False, ttl=load_settings().refresh_seconds, max_entries=2)
def _data_version(database_url: str) -> DataVersion:
    """What the database holds, asked again once the cached answer is older than the refresh setting."""
    return _store(database_url).data_version()


@st.cache_resource(show_spinner="Loading crossings and reports…", max_entries=3)
def load_atlas(database_url: str, version: DataVersion, with_pending: bool = False) -> Atlas:
    """The atlas for ``database_url`` as it was at ``version``; a new version loads afresh. The public
    records, or ``with_pending`` those still under review too (for an editor who asks)."""
    log.info("loading the atlas at data version %s%s", version, " with pending reports" if with_pending else "")
    store = _store(database_url)
    return Atlas.load(store, stale_after_days=load_settings().stale_after_days, with_pending=with_pending)


@st.cache_resource(show_spinner="Reading the reports so graded…", max_entries=4)
def _graded_atlas(database_url: str, version: DataVersion, grades: GradeFilter, with_pending: bool) -> Atlas:
    """The atlas at ``version`` as the reports ``grades`` lets through tell it, resolved once per filter."""
    return load_atlas(database_url, version, with_pending).graded(grades)


def data_version() -> DataVersion:
    """What the configured database holds, as fresh as ``BORDERWATCH_REFRESH_SECONDS`` allows: what the
    API's ETags are made of."""
    return _data_version(load_settings().database_url)


def atlas(grades: GradeFilter | None = None, *, with_pending: bool = False) -> Atlas:
    """The atlas for the configured database, at most ``BORDERWATCH_REFRESH_SECONDS`` old; as the reports
    graded at least so tell it when ``grades`` is given; with the reports still under review when
    ``with_pending`` (an editor's choice)."""
    url = load_settings().database_url
    version = _data_version(url)
    if grades is None or grades.reads_everything:
        return load_atlas(url, version, with_pending)
    return _graded_atlas(url, version, grades, with_pending)


@st.cache_resource(show_spinner=False, max_entries=2)
def _store(database_url: str) -> Store:
    store, _ = open_store(database_url, seeds=SEEDS_DIR)
    return store


def store() -> Store:
    """The store for writes (uploads, reverts, profiles), one per process."""
    return _store(load_settings().database_url)


def forget_data() -> None:
    """Drop the cached atlas after a write, so every page shows the new data."""
    _data_version.clear()
    load_atlas.clear()
    _graded_atlas.clear()


def run_write(action: Callable[[], T]) -> T | None:
    """Run one write (a commit, a revert) and return its result, with the atlas forgotten so every
    page shows it; or None, with the refusal shown on the page, when the store refuses the write.

    A write with nothing to write says so as news; any other refusal (a clash with what another
    editor wrote meanwhile) as an error. With a webhook set, the alerts the write raised in the
    public records are sent after it, on a thread of their own (:func:`geo.webhook.send_alerts`).
    """
    settings = load_settings()
    before = atlas() if settings.webhook_url else None
    try:
        result = action()
    except NothingToCommitError as error:
        st.info(plain(error))
        return None
    except ConflictError as error:
        st.error(plain(error))
        return None
    forget_data()
    if before is not None:
        send_alerts(settings.webhook_url, before, atlas(), expiring_within=settings.expiring_within_days)
    return result
