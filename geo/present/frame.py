"""The presentation frame: the live map dressed for a screenshot.

Inside the map frame go the title and subtitle, the date and legend (from
:mod:`geo.present.leaflet`), a scale bar and a footnote of the sources behind what is shown, so a
screenshot of the frame alone carries everything a reader needs. Text from the data or
from the briefer travels as JSON and reaches the page through ``textContent`` only. The
frame's script and styles are ``web/frame.js`` and ``web/frame.css``.

The files a briefer takes away with it are :mod:`geo.present.downloads`.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any, Final

import folium
import numpy as np
import pandas as pd
import shapely
from branca.element import MacroElement
from jinja2 import Template
from shapely.ops import polylabel

from geo.day_view import unplaced_note
from geo.present.browser import script_json, web_file
from geo.present.extent import padded_bbox
from geo.present.leaflet import build_crossing_layer
from geo.present.sources import NO_SOURCES, SOURCES_HEAD, footnote_entries
from geo.reference import BBox, countries_in, country_outlines

#: Footnote entries shown in the frame before the rest are counted in one line.
MOST_SOURCES: Final = 24
#: Longest title and subtitle kept, in characters: longer ones would cover the map.
TITLE_CHARS: Final = 120
SUBTITLE_CHARS: Final = 200


class PresentationFrame(MacroElement):
    """Title, subtitle and sources footnote as map controls, replaced whenever the layer is.

    It sits in the same feature group as the crossings, after :class:`geo.present.leaflet.CrossingLayer`,
    so the dashboard swaps it with them and never remounts the map for a new title.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        bwPresentationFrame({{ this._parent._parent.get_name() }}, {{ this._parent.get_name() }}, {{ this.payload }});
        {% endmacro %}
        """
    )

    def __init__(self, *, title: str, subtitle: str, entries: list[str], countries: list[dict[str, Any]]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "PresentationFrame"
        payload = {
            "css": web_file("frame.css"),
            "title": title,
            "subtitle": subtitle,
            "entries": entries,
            "head": SOURCES_HEAD,
            "none": NO_SOURCES,
            "countries": countries,
        }
        # The frame's text is escaped exactly as the crossings' names are.
        self.payload = script_json(payload)


@cache
def country_labels(bbox: BBox | None = None) -> list[dict[str, Any]]:
    """Where each country's name goes, biggest countries first: the centre of its largest part within ``bbox``.

    Within the box, so that a country the frame shows only in part is named on the part shown
    (Thailand beside Myawaddy, not in Bangkok); countries outside it are named at their own centre.
    The centre is the pole of inaccessibility (the point furthest inside), not the centroid, which
    can fall outside a curved or ragged country. ``width`` is that part's width in degrees: a name
    wider than its country is left off.
    """
    names, shapes = country_outlines()
    if bbox is not None:
        inside, clipped = countries_in(bbox)
        # A country outside the box keeps its whole outline (names are unique in the file).
        outside = ~np.isin(names, inside)
        names, shapes = np.concatenate([inside, names[outside]]), np.concatenate([clipped, shapes[outside]])
    spots = []
    for name, shape in zip(names, shapes, strict=True):
        parts = [part for part in getattr(shape, "geoms", [shape]) if isinstance(part, shapely.Polygon)]
        if not parts:
            continue
        largest = max(parts, key=lambda part: part.area)
        centre = polylabel(largest, tolerance=0.05)
        west, _, east, _ = largest.bounds
        spots.append((largest.area, str(name), round(centre.y, 3), round(centre.x, 3), round(east - west, 3)))
    spots.sort(key=lambda spot: (-spot[0], spot[1]))
    return [{"name": name, "lat": lat, "lon": lon, "width": width} for _, name, lat, lon, width in spots]


def clean_heading(text: str | None, *, most: int) -> str:
    """A title or subtitle as shown: one line, trimmed, at most ``most`` characters.

    >>> clean_heading("  Afghan\\ncrossings  ", most=120)
    'Afghan crossings'
    """
    return " ".join((text or "").split())[:most]


def build_presentation_layer(
    states: pd.DataFrame,
    reports: pd.DataFrame,
    *,
    day: date,
    names: dict[str, str],
    colors: dict[str, str],
    title: str | None = None,
    subtitle: str | None = None,
    kinds: dict[str, str] | None = None,
    authorisations: pd.DataFrame | None = None,
    unplaced: pd.DataFrame | None = None,
    gather: bool = False,
) -> folium.FeatureGroup:
    """The crossings of ``states`` with date and legend (see :func:`geo.present.leaflet.build_crossing_layer`),
    plus the title, subtitle and the sources behind those states and the ``authorisations`` that count
    for them (rows of :meth:`geo.atlas.Atlas.authorisations_at`), for the presentation frame; the
    crossings ``unplaced`` (shown, with no coordinate) are named after the sources. With ``gather``
    (the frame of every region) marks that would touch are one numbered disc, as on the live map.

    Pass it as the layer of a map from :func:`geo.present.leaflet.build_base_map`, which draws the scale bar.
    """
    group = build_crossing_layer(states, day_label=day.isoformat(), names=names, colors=colors, gather=gather)
    # The outlets, then who vouches for each holder of a contested crossing (``kinds``: party kinds).
    entries = footnote_entries(reports, states, names, kinds, most=MOST_SOURCES, authorisations=authorisations)
    if unplaced is not None and (note := unplaced_note(unplaced)):
        entries = [*entries, note]
    # Wider than the frame opens at, so names stay in place for a reader who pans a little.
    around = padded_bbox(list(states["lat"]), list(states["lon"]), margin=0.5, least=3.0) if len(states) else None
    PresentationFrame(
        title=clean_heading(title, most=TITLE_CHARS),
        subtitle=clean_heading(subtitle, most=SUBTITLE_CHARS),
        entries=entries,
        countries=country_labels(around),
    ).add_to(group)
    return group
