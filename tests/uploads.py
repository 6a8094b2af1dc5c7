"""Committing a CSV text to a store as an upload would, for tests that need data beyond the seed."""

from __future__ import annotations

from geo.atlas import Atlas
from geo.ingest.preview import build_preview
from geo.ingest.upload import read_upload
from geo.store.store import Store

CROSSINGS = "crossing_id,name,country_a,country_b,name_a,name_b,lat,lon,region,note\n"
PARTIES = "party_id,name,color,kind\n"
REPORTS = "crossing_id,date,claimant,controller,status,side,source,attribution,url,confidence,note\n"


def upload(store: Store, text: str) -> None:
    """Read ``text`` as an uploaded file, preview it and commit it whole."""
    store.commit(
        build_preview(Atlas.load(store), read_upload(text.encode(), file="f.csv", known=store.known())), created_by="t"
    )
