"""The map for another site's page (``/embed``): the standalone map (:mod:`geo.present.standalone`),
everything inlined, with its date, legend, sources and timeline, opening at the day and region asked
for. Served with a Content-Security-Policy that lets it fetch nothing and be framed only by the
origins a setting lists (:func:`content_security_policy`)."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Final
from urllib.parse import urlencode, urlsplit

from geo.atlas import Atlas
from geo.open_data import asked_region
from geo.present.frame import TITLE_CHARS, clean_heading
from geo.present.standalone import standalone_html
from geo.query_params import only_parameters, optional_day

#: The parameters ``/embed`` reads, each with what it means.
EMBED_PARAMETERS: Final = {
    "date": "the day the map opens at, YYYY-MM-DD; default: the last day any report is about",
    "region": "a region id; default: every region",
    "title": f"the map's title, at most {TITLE_CHARS} characters; default: the region's name",
}


def embed_html(atlas: Atlas, query: Mapping[str, str]) -> str:
    """The page ``/embed`` answers ``query`` with (:data:`EMBED_PARAMETERS`)."""
    only_parameters(query, EMBED_PARAMETERS, "/embed")
    region = asked_region(atlas, query)
    span = atlas.report_span(region)
    day = optional_day(query, "date") or (span[1] if span else date.today())
    title = clean_heading(query.get("title", ""), most=TITLE_CHARS) or atlas.region_title(region)
    return standalone_html(atlas, region=region, day=day, title=title)


def content_security_policy(frame_origins: Sequence[str]) -> str:
    """The page runs its own inlined script and styles and fetches nothing; only ``frame_origins``
    (``*`` for any) may show it in a frame, none when empty."""
    ancestors = " ".join(frame_origins) if frame_origins else "'none'"
    return (
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
        f"font-src data:; base-uri 'none'; form-action 'none'; frame-ancestors {ancestors}"
    )


def embed_address(page_url: str, *, day: date, region: str | None, title: str) -> str:
    """The address of ``/embed`` on the server of ``page_url`` (any page of it), opening at ``day`` in ``region``."""
    parts = urlsplit(page_url)
    asked = {"date": day.isoformat(), "region": region, "title": clean_heading(title, most=TITLE_CHARS)}
    query = urlencode({name: value for name, value in asked.items() if value and name in EMBED_PARAMETERS})
    return f"{parts.scheme}://{parts.netloc}/embed?{query}"


def iframe_snippet(embed_url: str, title: str) -> str:
    """The HTML a newsroom pastes into its page to show the map at ``embed_url``."""
    return (
        f'<iframe src="{html.escape(embed_url)}" title="{html.escape(title)}" width="100%" height="600" '
        'style="border:0" loading="lazy"></iframe>'
    )
