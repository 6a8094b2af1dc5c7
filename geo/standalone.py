"""A single HTML file of the map that opens from disk with no network, with a timeline inside the map.

Everything is inlined: Leaflet's script, stylesheet and images, the country outlines and the
data. The timeline steps through the days on which any shown crossing's state changes and
repaints the marks as of each day.

Text from the data never becomes HTML. It travels as JSON inside a non-executing script
element, with ``<``, ``>`` and ``&`` escaped so no tag can be closed from data, and the page
puts it on screen with ``textContent``.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd
import shapely
import xstatic.pkg.leaflet

from geo.asof import day_from_number
from geo.atlas import Atlas
from geo.errors import BorderwatchError
from geo.frames import records

# The live map's styles and symbol drawing, shared so both maps draw the same marks.
from geo.maps import _MAP_CSS as MAP_CSS
from geo.maps import _SYMBOL_JS as SYMBOL_JS
from geo.maps import MAX_LABELLED_CROSSINGS, crossing_label, legend_entries, symbol_for
from geo.render import country_shapes, deciding_for, select_view, source_entries

LEAFLET_DIR: Final = Path(xstatic.pkg.leaflet.BASE_DIR)
#: Outlines reach this far past the crossings (as a share of their extent, at least 8 degrees).
OUTLINE_MARGIN: Final = 0.6
_SOURCE_MAP = re.compile(r"^//# sourceMappingURL=.*$", re.MULTILINE)
_LEAFLET_PREFIX_LINK: Final = 'href="https://leafletjs.com"'
_CSS_IMAGE = re.compile(r"url\(\s*['\"]?images/([\w.-]+)['\"]?\s*\)")


class StandaloneError(BorderwatchError):
    """A standalone map that cannot be built."""


def _script_json(value: Any) -> str:
    """JSON that cannot end the script element it sits in."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _inline_script(code: str) -> str:
    # Inlined code must not be able to close its own element or open an HTML comment.
    if re.search(r"</script|<!--", code, re.IGNORECASE):
        raise StandaloneError("a script to inline contains '</script' or '<!--'")
    return code


def leaflet_assets() -> tuple[str, str]:
    """Leaflet's script and stylesheet, ready to inline: no source map, images as data URIs."""
    script = _SOURCE_MAP.sub("", (LEAFLET_DIR / "leaflet.js").read_text(encoding="utf-8"))
    # Leaflet's default attribution prefix links to its website. This map turns the prefix
    # off, and the unused link goes too, so the file names no outside address at all.
    script = script.replace(_LEAFLET_PREFIX_LINK, 'href="#"')

    def data_uri(match: re.Match[str]) -> str:
        image = (LEAFLET_DIR / "images" / match.group(1)).read_bytes()
        return f"url(data:image/png;base64,{base64.b64encode(image).decode('ascii')})"

    style = _CSS_IMAGE.sub(data_uri, (LEAFLET_DIR / "leaflet.css").read_text(encoding="utf-8"))
    return _inline_script(script), style


def outlines_geojson(bbox: tuple[float, float, float, float], *, tolerance: float) -> dict[str, Any]:
    """Country outlines clipped to ``bbox``, simplified to ``tolerance`` degrees, as GeoJSON."""
    names, geoms = country_shapes()
    west, south, east, north = bbox
    wanted = shapely.intersects(geoms, shapely.box(west, south, east, north))
    clipped = shapely.clip_by_rect(geoms[wanted], west, south, east, north)
    # Simplified, then snapped to a grid a little finer than the tolerance, which keeps the file small.
    simple = shapely.set_precision(shapely.simplify(clipped, tolerance), tolerance / 2)
    features = [
        {"type": "Feature", "properties": {"name": str(name)}, "geometry": json.loads(shapely.to_geojson(shape))}
        for name, shape in zip(names[wanted], simple, strict=True)
        if not shape.is_empty
    ]
    return {"type": "FeatureCollection", "features": features}


@dataclass(frozen=True)
class _Interner:
    """Numbers equal JSON values, so each symbol or legend is stored once and referred to by index."""

    values: list[Any]
    index: dict[str, int]

    @classmethod
    def empty(cls) -> _Interner:
        return cls([], {})

    def __call__(self, value: Any) -> int:
        key = json.dumps(value, sort_keys=True)
        if key not in self.index:
            self.index[key] = len(self.values)
            self.values.append(value)
        return self.index[key]


def timeline_payload(atlas: Atlas, *, region: str | None = None, day: date | None = None) -> dict[str, Any]:
    """The data the page needs: crossings, the change days and, per day, what changed since the one before."""
    first = select_view(atlas, day or date.today(), region=region)
    ids = list(first.states["crossing_id"])
    days = [day_from_number(int(d)) for d in atlas.timeline.change_days(ids)]
    if day is not None and day not in days:
        days = sorted([*days, day])
    days = days or [day or date.today()]
    names, colors = atlas.party_names(), atlas.party_colors()
    symbols, legends = _Interner.empty(), _Interner.empty()
    steps: list[dict[str, Any]] = []
    previous: dict[str, tuple[int, str]] = {}
    for step_day in days:
        states = select_view(atlas, step_day, region=region).states
        sources = _sources_by_crossing(atlas, states)
        changes = []
        for i, row in enumerate(records(states)):
            label = crossing_label(row, names)
            if sources.get(row["crossing_id"]):
                label += " · sources: " + "; ".join(sources[row["crossing_id"]])
            seen = (symbols(symbol_for(row, colors).as_json()), label)
            if previous.get(row["crossing_id"]) != seen:
                changes.append([i, *seen])
                previous[row["crossing_id"]] = seen
        steps.append({"legend": legends(legend_entries(states, names, colors)), "changes": changes})
    start = days.index(day) if day is not None else len(days) - 1
    return {
        "crossings": [
            {"id": r["crossing_id"], "name": r["name"], "lat": float(r["lat"]), "lon": float(r["lon"])}
            for r in records(first.states)
        ],
        "labels": len(ids) <= MAX_LABELLED_CROSSINGS,
        "bounds": [[first.bbox[1], first.bbox[0]], [first.bbox[3], first.bbox[2]]],
        "days": [d.isoformat() for d in days],
        "start": start,
        "symbols": symbols.values,
        "legends": legends.values,
        "steps": steps,
    }


def _sources_by_crossing(atlas: Atlas, states: pd.DataFrame) -> dict[str, list[str]]:
    deciding = deciding_for(atlas.reports, states)
    return {str(cid): source_entries(group) for cid, group in deciding.groupby("crossing_id", sort=False)}


def standalone_html(
    atlas: Atlas, *, region: str | None = None, day: date | None = None, title: str | None = None
) -> str:
    """The whole page as text: ``region``'s crossings (or all) with a timeline, opening at ``day`` or the last change.

    Examples
    --------
    >>> Path("map.html").write_text(standalone_html(atlas, region="afghanistan-2021"))  # doctest: +SKIP
    """
    payload = timeline_payload(atlas, region=region, day=day)
    (south, west), (north, east) = payload["bounds"]
    reach = max(east - west, north - south) * OUTLINE_MARGIN + 8
    box = (max(west - reach, -180), max(south - reach, -85), min(east + reach, 180), min(north + reach, 85))
    tolerance = float(np.clip((box[2] - box[0]) / 4000, 0.005, 0.1))
    payload["outlines"] = outlines_geojson(box, tolerance=tolerance)
    payload["title"] = title or "Border crossings" + (f": {region}" if region else "")
    script, style = leaflet_assets()
    return (
        _PAGE.replace("{leaflet_css}", style)
        .replace("{map_css}", MAP_CSS.replace("<style>", "").replace("</style>", ""))
        .replace("{leaflet_js}", script)
        .replace("{symbol_js}", _inline_script(SYMBOL_JS))
        .replace("{timeline_js}", _inline_script(_TIMELINE_JS))
        .replace("{payload}", _script_json(payload))
    )


def save_standalone(
    atlas: Atlas, out: Path, *, region: str | None = None, day: date | None = None, title: str | None = None
) -> Path:
    """Write :func:`standalone_html` to ``out``."""
    out.write_text(standalone_html(atlas, region=region, day=day, title=title), encoding="utf-8")
    return out


# The page. Placeholders are filled with str.replace, never with a template engine that
# could interpret the inlined code; the payload goes last so nothing can be read into it.
_PAGE: Final = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy"
      content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>Borderwatch map</title>
<style>{leaflet_css}</style>
<style>{map_css}
  html, body { height: 100%; margin: 0; }
  #map { position: absolute; inset: 0; }
  .bw-title { font-size: 15px; font-weight: 600; max-width: 340px; }
  .bw-timeline { display: flex; align-items: center; gap: 6px; font-size: 13px; }
  .bw-timeline button { font-size: 13px; min-width: 56px; height: 28px; cursor: pointer; }
  .bw-timeline input[type=range] { width: min(46vw, 420px); }
</style>
</head>
<body>
<div id="map"></div>
<script type="application/json" id="bw-data">{payload}</script>
<script>{leaflet_js}</script>
<script>{symbol_js}</script>
<script>{timeline_js}</script>
</body>
</html>
"""

_TIMELINE_JS: Final = """
(function () {
  var data = JSON.parse(document.getElementById("bw-data").textContent);
  document.title = data.title;
  var map = L.map("map", {preferCanvas: true, attributionControl: false, zoomSnap: 0.25});
  L.control.attribution({prefix: false}).addAttribution("Outlines: Natural Earth").addTo(map);
  L.control.scale().addTo(map);
  L.geoJSON(data.outlines, {interactive: false,
    style: {color: "#6b6b6b", weight: 0.8, fillColor: "#f4f1ea", fillOpacity: 1}}).addTo(map);
  map.fitBounds(data.bounds);
  var container = map.getContainer();

  function box(position, className, build) {
    var control = L.control({position: position});
    control.onAdd = function () {
      var div = L.DomUtil.create("div", "bw-box " + className);
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      build(div);
      return div;
    };
    control.addTo(map);
    return control;
  }

  var asof;
  box("topleft", "bw-asof", function (div) { asof = div; });
  box("topright", "bw-title", function (div) { div.textContent = data.title; });

  var marks = data.crossings.map(function (c) {
    var icon = L.divIcon({className: "bw-mark", iconSize: [26, 26], iconAnchor: [13, 13], html: ""});
    var marker = L.marker([c.lat, c.lon], {icon: icon, keyboard: false}).addTo(map);
    var el = marker.getElement();
    el.setAttribute("data-crossing-id", c.id);
    var label = document.createElement("span");
    label.textContent = c.name;
    marker.bindTooltip(label, {permanent: data.labels, direction: "right", offset: [11, 0], className: "bw-label"});
    return el;
  });

  var legendBox;
  box("bottomright", "bw-legend", function (div) { legendBox = div; });
  function drawLegend(entries) { bwLegend(legendBox, entries); }

  var slider, playButton, timer = null, shownLegend = -1;
  function show(index) {
    // Replay the changes from the first day: each step stores only what changed.
    var state = [];
    var legend = 0;
    for (var s = 0; s <= index; s++) {
      data.steps[s].changes.forEach(function (change) { state[change[0]] = change; });
      legend = data.steps[s].legend;
    }
    state.forEach(function (change, i) {
      var spec = data.symbols[change[1]];
      var el = marks[i];
      el.replaceChildren(bwSymbol(spec, 26));
      el.setAttribute("data-status", spec.status);
      el.setAttribute("data-colors", spec.colors.join(" "));
      el.setAttribute("title", change[2]);
    });
    if (legend !== shownLegend) { drawLegend(data.legends[legend]); shownLegend = legend; }
    asof.textContent = "As of " + data.days[index];
    slider.value = String(index);
    slider.setAttribute("aria-valuetext", data.days[index]);
    container.setAttribute("data-day", data.days[index]);
  }

  function stop() {
    if (timer !== null) { clearInterval(timer); timer = null; }
    playButton.textContent = "Play";
    playButton.setAttribute("aria-label", "Play");
  }
  function step(by) {
    var next = Number(slider.value) + by;
    if (next >= 0 && next < data.days.length) { show(next); }
    return next >= 0 && next < data.days.length;
  }

  box("bottomleft", "bw-timeline", function (div) {
    function button(text, name, action) {
      var b = L.DomUtil.create("button", "", div);
      b.type = "button";
      b.textContent = text;
      b.setAttribute("aria-label", name);
      b.addEventListener("click", action);
      return b;
    }
    button("\\u2039 Previous", "Previous change", function () { stop(); step(-1); });
    playButton = button("Play", "Play", function () {
      if (timer !== null) { stop(); return; }
      if (Number(slider.value) >= data.days.length - 1) { show(0); }
      playButton.textContent = "Pause";
      playButton.setAttribute("aria-label", "Pause");
      timer = setInterval(function () { if (!step(1)) { stop(); } }, 1200);
    });
    button("Next \\u203a", "Next change", function () { stop(); step(1); });
    slider = L.DomUtil.create("input", "", div);
    slider.type = "range";
    slider.min = "0";
    slider.max = String(data.days.length - 1);
    slider.step = "1";
    slider.setAttribute("aria-label", "Date");
    slider.addEventListener("input", function () { stop(); show(Number(slider.value)); });
  });

  show(data.start);
  // A readiness signal for tests and screenshots: everything is drawn.
  container.setAttribute("data-ready", "1");
})();
"""
