"""Committing a CSV text to a store as an upload would, for tests that need data beyond the seed."""

from __future__ import annotations

from geo.atlas import Atlas
from geo.ingest.commit import commit_upload
from geo.ingest.preview import Preview, build_preview, known_in
from geo.ingest.upload import read_upload
from geo.store.store import Store

CROSSINGS = "crossing_id,name,country_a,country_b,name_a,name_b,lat,lon,region,note\n"
PARTIES = "party_id,name,color,kind\n"
REPORTS = "crossing_id,date,claimant,controller,status,side,source,attribution,url,confidence,note\n"


def preview(store: Store, text: str, *, file: str = "f.csv") -> Preview:
    """Read ``text`` as an uploaded file and preview it, checks and preview on one snapshot (as the page does)."""
    atlas = Atlas.load(store)
    return build_preview(atlas, read_upload(text.encode(), file=file, known=known_in(atlas)))


def upload(store: Store, text: str) -> None:
    """Read ``text`` as an uploaded file, preview it and commit it whole."""
    commit_upload(store, preview(store, text), created_by="t")
