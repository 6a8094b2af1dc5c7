"""The presentation frame: the live map dressed for a screenshot, and the files a briefer takes away.

Inside the map frame go the title and subtitle, the date and legend (from
:mod:`geo.present.leaflet`), a scale bar and a footnote of the sources behind what is shown, so a
screenshot of the frame alone carries everything a reader needs. Text from the data or
from the briefer travels as JSON and reaches the page through ``textContent`` only.

:func:`briefing_downloads` lists the files that go with it (static maps, the
standalone page, data exports), each made only when asked for.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
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

from geo.atlas import Atlas
from geo.export import history_table, state_table, table_bytes
from geo.filters import CrossingFilter
from geo.present.extent import BBox, padded_bbox
from geo.present.leaflet import _script_json, build_crossing_layer
from geo.present.paper import PRINT_DPI, SCREEN_DPI, WIDE, Page
from geo.present.sources import NO_SOURCES, SOURCES_HEAD, footnote_entries
from geo.present.standalone import standalone_html
from geo.present.static_map import SCREEN_PX, country_shapes, figure_bytes, render_map

#: Footnote entries shown in the frame before the rest are counted in one line.
MOST_SOURCES: Final = 24
#: Longest title and subtitle kept, in characters: longer ones would cover the map.
TITLE_CHARS: Final = 120
SUBTITLE_CHARS: Final = 200
_UNSAFE_IN_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_FORMAT_NAMES: Final = {"csv": "CSV", "geojson": "GeoJSON", "gpkg": "GeoPackage"}

# Static CSS only, no data. The zoom buttons go: a screenshot is no place for them, and the
# wheel and a drag still move the map.
_FRAME_CSS: Final = """
.leaflet-control-zoom { display: none; }
.bw-title-box { max-width: min(560px, calc(100vw - 340px)); }
.bw-title { font-size: 22px; font-weight: 700; line-height: 1.2; }
.bw-subtitle { font-size: 14px; color: #444; margin-top: 3px; line-height: 1.3; }
.bw-sources { font-size: 11px; line-height: 1.45; color: #222; max-width: calc(100vw - 340px); }
.bw-sources-head { font-weight: 600; }
.leaflet-control-scale-line { background: rgba(255,255,255,0.85); font-size: 11px; }
.bw-country span { position: absolute; transform: translate(-50%, -50%); white-space: nowrap; pointer-events: none;
                   font-size: 12px; font-style: italic; letter-spacing: 0.08em; text-transform: uppercase;
                   color: #8a8170; }
"""


class PresentationFrame(MacroElement):
    """Title, subtitle and sources footnote as map controls, replaced whenever the layer is.

    It sits in the same feature group as the crossings, after :class:`geo.present.leaflet.CrossingLayer`,
    so the dashboard swaps it with them and never remounts the map for a new title.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
          var data = {{ this.payload }};
          var map = {{ this._parent._parent.get_name() }};
          var group = {{ this._parent.get_name() }};
          var doc = map.getContainer().ownerDocument;
          if (!doc.getElementById("bw-frame-css")) {
            var css = doc.createElement("style");
            css.id = "bw-frame-css";
            css.textContent = data.css;
            doc.head.appendChild(css);
          }
          var state = window.__borderwatchFrame = window.__borderwatchFrame || {controls: []};
          state.controls.forEach(function (c) { map.removeControl(c); });
          state.controls = [];
          if (data.title || data.subtitle) {
            var heading = L.control({position: "topleft"});
            heading.onAdd = function () {
              var box = L.DomUtil.create("div", "bw-box bw-title-box");
              if (data.title) { L.DomUtil.create("div", "bw-title", box).textContent = data.title; }
              if (data.subtitle) { L.DomUtil.create("div", "bw-subtitle", box).textContent = data.subtitle; }
              return box;
            };
            heading.addTo(map);
            // Controls stack in the order added, and the date came first: the title goes above it.
            var el = heading.getContainer();
            el.parentNode.insertBefore(el, el.parentNode.firstChild);
            state.controls.push(heading);
          }
          var sources = L.control({position: "bottomleft"});
          sources.onAdd = function () {
            var box = L.DomUtil.create("div", "bw-box bw-sources");
            var head = L.DomUtil.create("span", "bw-sources-head", box);
            head.textContent = data.entries.length ? data.head + " " : data.none;
            var list = L.DomUtil.create("span", "bw-sources-list", box);
            list.textContent = data.entries.join("  \u00b7  ");
            return box;
          };
          sources.addTo(map);
          state.controls.push(sources);
          // Country names, under the crossings; the biggest countries come first and win any clash.
          var countries = data.countries.map(function (c) {
            // Named later only if the name fits across the country at the zoom of the moment.
            var west = L.latLng(c.lat, c.lon - c.width / 2), east = L.latLng(c.lat, c.lon + c.width / 2);
            var icon = L.divIcon({className: "bw-country", iconSize: [0, 0], html: ""});
            var marker = L.marker([c.lat, c.lon], {icon: icon, interactive: false, keyboard: false,
                                                   zIndexOffset: -1000});
            marker.on("add", function () {
              var name = document.createElement("span");
              name.textContent = c.name;
              marker.getElement().replaceChildren(name);
            });
            marker.fits = function (box) {
              return map.latLngToContainerPoint(east).x - map.latLngToContainerPoint(west).x >= box.width;
            };
            return marker.addTo(group);
          });
          // The crossings' names are placed by the map itself (geo.present.leaflet, the static map's rule);
          // country names take what room is left.
          function overlaps(a, b) {
            return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
          }
          function inside(a, frame) {
            return frame.left <= a.left && a.right <= frame.right && frame.top <= a.top && a.bottom <= frame.bottom;
          }
          function styled() {
            // The dashboard adds Leaflet's stylesheet after the page has loaded; until it applies,
            // labels and controls are full-width blocks and every measure is wrong.
            var probe = map.getContainer().querySelector(".leaflet-control");
            return probe && getComputedStyle(probe).float !== "none";
          }
          function declutter(tries) {
            if (!styled()) {
              if (tries < 600) { window.requestAnimationFrame(function () { declutter(tries + 1); }); }
              return;
            }
            var container = map.getContainer();
            var frame = container.getBoundingClientRect();
            var taken = Array.prototype.map.call(container.querySelectorAll(".leaflet-control"),
                                                 function (el) { return el.getBoundingClientRect(); });
            group.eachLayer(function (marker) {
              if (countries.indexOf(marker) >= 0 || !marker.getElement || !marker.getElement()) { return; }
              taken.push(marker.getElement().getBoundingClientRect());
            });
            Array.prototype.forEach.call(container.querySelectorAll(".bw-label"),
                                         function (el) { taken.push(el.getBoundingClientRect()); });
            function clear(box) {
              return inside(box, frame) && !taken.some(function (t) { return overlaps(box, t); });
            }
            countries.forEach(function (marker) {
              var name = marker.getElement() && marker.getElement().firstChild;
              if (!name) { return; }
              var box = name.getBoundingClientRect();
              var shown = marker.fits(box) && clear(box);
              name.style.visibility = shown ? "visible" : "hidden";
              if (shown) { taken.push(box); }
            });
            // A readiness signal for tests and screenshots: the frame is complete and laid out
            // (the crossings' labels say so with data-labels, and "bwlabels" brings this back after them).
            if (container.hasAttribute("data-labels")) { container.dataset.frame = "ready"; }
          }
          if (state.declutter) { map.off("zoomend moveend resize bwlabels", state.declutter); }
          state.declutter = function () { window.setTimeout(function () { declutter(0); }, 0); };
          map.on("zoomend moveend resize bwlabels", state.declutter);
          // The crossings join the map only after this script has run.
          map.whenReady(state.declutter);
        })();
        {% endmacro %}
        """
    )

    def __init__(self, *, title: str, subtitle: str, entries: list[str], countries: list[dict[str, Any]]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "PresentationFrame"
        payload = {"css": _FRAME_CSS, "title": title, "subtitle": subtitle, "entries": entries,
                   "head": SOURCES_HEAD, "none": NO_SOURCES, "countries": countries}
        # The live map's script-safe JSON: the frame's text is escaped exactly as the crossings' names are.
        self.payload = _script_json(payload)


@cache
def country_labels(bbox: BBox | None = None) -> list[dict[str, Any]]:
    """Where each country's name goes, biggest countries first: the centre of its largest part within ``bbox``.

    Within the box, so that a country the frame shows only in part is named on the part shown
    (Thailand beside Myawaddy, not in Bangkok); countries outside it are named at their own centre.
    The centre is the pole of inaccessibility (the point furthest inside), not the centroid, which
    can fall outside a curved or ragged country. ``width`` is that part's width in degrees: a name
    wider than its country is left off.
    """
    names, shapes = country_shapes()
    if bbox is not None:
        inside = shapely.intersects(shapes, shapely.box(*bbox))
        shapes = np.where(inside, shapely.clip_by_rect(shapes, *bbox), shapes)
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
) -> folium.FeatureGroup:
    """The crossings of ``states`` with date and legend (see :func:`geo.present.leaflet.build_crossing_layer`),
    plus the title, subtitle and the sources behind those states, for the presentation frame.

    Pass it as the layer of a map from :func:`geo.present.leaflet.build_base_map`, which draws the scale bar.
    """
    group = build_crossing_layer(states, day_label=day.isoformat(), names=names, colors=colors)
    # The outlets, then who vouches for each holder of a contested crossing (``kinds``: party kinds).
    entries = footnote_entries(reports, states, names, kinds, most=MOST_SOURCES)
    # Wider than the frame opens at, so names stay in place for a reader who pans a little.
    around = padded_bbox(list(states["lat"]), list(states["lon"]), margin=0.5, least=3.0) if len(states) else None
    PresentationFrame(
        title=clean_heading(title, most=TITLE_CHARS), subtitle=clean_heading(subtitle, most=SUBTITLE_CHARS),
        entries=entries, countries=country_labels(around),
    ).add_to(group)
    return group


@dataclass(frozen=True)
class Download:
    """One file offered to the briefer; ``make`` builds its bytes only when called."""

    group: str
    label: str
    file_name: str
    mime: str
    make: Callable[[], bytes]


def file_stem(region: str | None) -> str:
    """The start of every download's name: safe on any file system whatever the region is called.

    >>> file_stem("afghanistan-2021"), file_stem("a/b: c"), file_stem("ميانمار"), file_stem(None)
    ('borderwatch-afghanistan-2021', 'borderwatch-a-b-c', 'borderwatch', 'borderwatch-all')
    """
    if region is None:
        return "borderwatch-all"
    safe = _UNSAFE_IN_NAME.sub("-", region).strip("-.")
    return f"borderwatch-{safe}" if safe else "borderwatch"


def briefing_downloads(
    atlas: Atlas,
    day: date,
    *,
    region: str | None,
    crossing_filter: CrossingFilter | None = None,
    title: str | None = None,
    subtitle: str | None = None,
    permalink: str | None = None,
    bbox: BBox | None = None,
    page: Page = WIDE,
) -> list[Download]:
    """The static maps, the standalone page and the data exports of a region as of ``day``.

    The maps show what the frame shows: the region's crossings the filter selects, framed
    by ``bbox`` (the map's bounds on screen; the whole region without it), with the
    permalink printed small. The screen PNG is 1600 pixels wide; the print PNG (300 dpi),
    the PDF and the SVG are laid out on ``page``. The data exports hold the whole region,
    the state as of ``day`` and every report, with the reports' ids linking the two.

    Examples
    --------
    >>> png = briefing_downloads(atlas, date(2021, 7, 14), region="afghanistan-2021")[0]  # doctest: +SKIP
    >>> Path(png.file_name).write_bytes(png.make())  # doctest: +SKIP
    """
    stem, when = file_stem(region), day.isoformat()
    paper = "" if page == WIDE else f"-{page.name}"
    shown_title = clean_heading(title, most=TITLE_CHARS) or None
    shown_subtitle = clean_heading(subtitle, most=SUBTITLE_CHARS) or None

    def image(fmt: str, **size: Any) -> Callable[[], bytes]:
        return lambda: figure_bytes(render_map(atlas, day, region=region, bbox=bbox, title=shown_title,
                                               subtitle=shown_subtitle, permalink=permalink,
                                               crossing_filter=crossing_filter, **size), fmt)

    def page_html() -> bytes:
        return standalone_html(atlas, region=region, day=day, title=shown_title).encode("utf-8")

    def state(fmt: str) -> Callable[[], bytes]:
        return lambda: table_bytes(state_table(atlas, day, region=region), fmt)

    def history(fmt: str) -> Callable[[], bytes]:
        return lambda: table_bytes(history_table(atlas, region=region), fmt)

    data_mimes = {"csv": "text/csv", "geojson": "application/geo+json", "gpkg": "application/geopackage+sqlite3"}
    return [
        Download("Map", "PNG (screen)", f"{stem}-{when}.png", "image/png", image("png", size=SCREEN_PX)),
        Download("Map", "PNG (print, 300 dpi)", f"{stem}-{when}{paper}-print.png", "image/png",
                 image("png", page=page, dpi=PRINT_DPI)),
        Download("Map", "PDF", f"{stem}-{when}{paper}.pdf", "application/pdf", image("pdf", page=page, dpi=SCREEN_DPI)),
        Download("Map", "SVG", f"{stem}-{when}{paper}.svg", "image/svg+xml", image("svg", page=page, dpi=SCREEN_DPI)),
        Download("Map", "Standalone HTML", f"{stem}-{when}.html", "text/html", page_html),
        *(Download("State", f"State {_FORMAT_NAMES[fmt]}", f"{stem}-state-{when}.{fmt}", mime, state(fmt))
          for fmt, mime in data_mimes.items()),
        *(Download("History", f"History {_FORMAT_NAMES[fmt]}", f"{stem}-history.{fmt}", mime, history(fmt))
          for fmt, mime in data_mimes.items()),
    ]
