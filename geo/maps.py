"""The interactive map: a base map that never changes and a date-dependent crossing layer.

The base map (country outlines, no online tiles) is built identically every time, so
the dashboard can keep one map in the browser and swap only the crossing layer when
the date changes. Text from the data never becomes HTML: it travels as JSON and the
browser puts it into the page with ``textContent``.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any, Final

import folium
import pandas as pd
from branca.element import Element, MacroElement
from jinja2 import Template

from geo.assets import AssetUrls
from geo.describe import holder_text, status_text
from geo.model import STATUS_SEVERITY, UNKNOWN_COLOR

_HEX_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
_FALLBACK_COLOR: Final = "#999999"
#: Above this many crossings, names show on hover only, not as permanent labels.
MAX_LABELLED_CROSSINGS: Final = 60
#: Above this many holders and contested pairs, the legend explains colour instead of listing each.
MAX_LEGEND_HOLDERS: Final = 12
#: Above this many crossings, marks are painted on one canvas rather than one element each.
MAX_DOM_CROSSINGS: Final = 400

STATUS_LABELS: Final[dict[str, str]] = {
    "open": "Open (circle)",
    "restricted": "Restricted (triangle)",
    "sealed": "Sealed (crossed square)",
    "unknown": "Status unknown (diamond)",
}

_MAP_CSS: Final = """
<style>
  .leaflet-container { background: #dbe9f4; font-family: system-ui, sans-serif; }
  .bw-mark { background: none; border: none; }
  .bw-label { background: rgba(255,255,255,0.85); border: 0; box-shadow: none; padding: 0 3px;
              font-size: 11px; color: #111; }
  .bw-label::before { display: none; }
  .bw-box { background: rgba(255,255,255,0.92); padding: 6px 8px; border-radius: 4px;
            box-shadow: 0 1px 4px rgba(0,0,0,0.35); color: #111; }
  .bw-asof { font-size: 18px; font-weight: 600; }
  .bw-legend { font-size: 12px; line-height: 18px; max-width: 260px; }
  .bw-legend-title { font-weight: 600; margin: 2px 0; }
  .bw-legend-row { display: flex; align-items: center; gap: 6px; }
  .bw-legend-row svg { flex: none; }
</style>
"""

# Symbols are drawn in the browser from plain values. Colours are checked against
# #rrggbb in Python before they get here; everything else is a number or a fixed word.
_SYMBOL_JS: Final = """
function bwSymbol(spec, size) {
  var ns = "http://www.w3.org/2000/svg";
  var svg = document.createElementNS(ns, "svg");
  svg.setAttribute("width", size); svg.setAttribute("height", size);
  svg.setAttribute("viewBox", "0 0 24 24");
  var fill = spec.colors.length ? spec.colors[0] : "#ffffff";
  if (spec.colors.length > 1) {
    window.__bwGradient = (window.__bwGradient || 0) + 1;
    var id = "bw-split-" + window.__bwGradient;
    var defs = document.createElementNS(ns, "defs");
    var grad = document.createElementNS(ns, "linearGradient");
    grad.setAttribute("id", id);
    var n = spec.colors.length;
    spec.colors.forEach(function (c, i) {
      [i / n, (i + 1) / n].forEach(function (at) {
        var stop = document.createElementNS(ns, "stop");
        stop.setAttribute("offset", at); stop.setAttribute("stop-color", c);
        grad.appendChild(stop);
      });
    });
    defs.appendChild(grad); svg.appendChild(defs);
    fill = "url(#" + id + ")";
  }
  var shape;
  if (spec.status === "open") {
    shape = document.createElementNS(ns, "circle");
    shape.setAttribute("cx", 12); shape.setAttribute("cy", 12); shape.setAttribute("r", 9);
  } else if (spec.status === "sealed") {
    shape = document.createElementNS(ns, "rect");
    shape.setAttribute("x", 3); shape.setAttribute("y", 3);
    shape.setAttribute("width", 18); shape.setAttribute("height", 18);
  } else {
    shape = document.createElementNS(ns, "polygon");
    shape.setAttribute("points", spec.status === "restricted" ? "12,2 22,21 2,21" : "12,1.5 22.5,12 12,22.5 1.5,12");
  }
  shape.setAttribute("fill", fill);
  shape.setAttribute("stroke", "#1a1a1a");
  shape.setAttribute("stroke-width", spec.dashed ? 2 : 2.2);
  if (spec.dashed) { shape.setAttribute("stroke-dasharray", "3.2 2.2"); }
  svg.appendChild(shape);
  if (spec.status === "sealed") {
    var cross = document.createElementNS(ns, "path");
    cross.setAttribute("d", "M7 7 L17 17 M17 7 L7 17");
    cross.setAttribute("stroke", "#1a1a1a"); cross.setAttribute("stroke-width", 2.4);
    svg.appendChild(cross);
  }
  if (spec.faded) { svg.setAttribute("opacity", 0.4); }
  return svg;
}

// The legend's rows, grouped under their section titles; every label is set as text.
function bwLegend(box, entries) {
  box.replaceChildren();
  var section = null;
  entries.forEach(function (entry) {
    if (entry.section !== section) {
      section = entry.section;
      var title = L.DomUtil.create("div", "bw-legend-title", box);
      title.textContent = section;
    }
    var row = L.DomUtil.create("div", "bw-legend-row", box);
    row.appendChild(bwSymbol(entry.symbol, 16));
    var text = document.createElement("span");
    text.textContent = entry.label;
    row.appendChild(text);
  });
}

// One canvas holding every crossing, redrawn after each move; clicks and hovers find the nearest mark.
function bwCanvasLayer() {
  return L.Layer.extend({
    initialize: function (cols, classes, labelOf) {
      this._cols = cols; this._classes = classes; this._labelOf = labelOf; this._drawn = [];
    },
    onAdd: function (map) {
      this._canvas = L.DomUtil.create("canvas", "bw-canvas");
      this._canvas.style.position = "absolute";
      this._canvas.style.pointerEvents = "none";
      map.getPanes().markerPane.appendChild(this._canvas);
      map.on("moveend zoomend resize", this._draw, this);
      map.on("click", this._click, this);
      map.on("mousemove", this._hover, this);
      this._draw();
    },
    onRemove: function (map) {
      L.DomUtil.remove(this._canvas);
      map.off("moveend zoomend resize", this._draw, this);
      map.off("click", this._click, this);
      map.off("mousemove", this._hover, this);
      map.getContainer().removeAttribute("title");
    },
    _draw: function () {
      var map = this._map, size = map.getSize(), ratio = window.devicePixelRatio || 1, c = this._canvas;
      L.DomUtil.setPosition(c, map.containerPointToLayerPoint([0, 0]));
      c.width = size.x * ratio; c.height = size.y * ratio;
      c.style.width = size.x + "px"; c.style.height = size.y + "px";
      var ctx = c.getContext("2d");
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      var cols = this._cols, drawn = [];
      for (var i = 0; i < cols.id.length; i++) {
        var p = map.latLngToContainerPoint([cols.lat[i], cols.lon[i]]);
        if (p.x < -10 || p.y < -10 || p.x > size.x + 10 || p.y > size.y + 10) { continue; }
        bwPaint(ctx, this._classes[cols.cls[i]].symbol, p.x, p.y, 6);
        drawn.push([p.x, p.y, i]);
      }
      this._drawn = drawn;
      c.dataset.drawn = drawn.length;
    },
    _nearest: function (point) {
      var best = -1, bestDistance = 100;
      this._drawn.forEach(function (d) {
        var dx = d[0] - point.x, dy = d[1] - point.y, distance = dx * dx + dy * dy;
        if (distance < bestDistance) { best = d[2]; bestDistance = distance; }
      });
      return best;
    },
    _click: function (e) {
      var i = this._nearest(e.containerPoint);
      if (i >= 0) { this.fire("click", {latlng: L.latLng(this._cols.lat[i], this._cols.lon[i])}); }
    },
    _hover: function (e) {
      var i = this._nearest(e.containerPoint), container = this._map.getContainer();
      if (i >= 0) { container.title = this._labelOf(i); } else { container.removeAttribute("title"); }
    }
  });
}

// The same symbols on a canvas, for maps with too many crossings for one DOM node each.
function bwOutline(ctx, status, x, y, r) {
  ctx.beginPath();
  if (status === "open") { ctx.arc(x, y, r, 0, 2 * Math.PI); }
  else if (status === "sealed") { ctx.rect(x - r, y - r, 2 * r, 2 * r); }
  else if (status === "restricted") {
    ctx.moveTo(x, y - r * 1.1); ctx.lineTo(x + r * 1.1, y + r); ctx.lineTo(x - r * 1.1, y + r);
  } else {
    ctx.moveTo(x, y - r * 1.15); ctx.lineTo(x + r * 1.15, y); ctx.lineTo(x, y + r * 1.15); ctx.lineTo(x - r * 1.15, y);
  }
  ctx.closePath();
}
function bwPaint(ctx, spec, x, y, r) {
  ctx.save();
  ctx.globalAlpha = spec.faded ? 0.4 : 1;
  var n = Math.max(spec.colors.length, 1);
  for (var i = 0; i < n; i++) {
    ctx.save();
    bwOutline(ctx, spec.status, x, y, r);
    ctx.clip();
    ctx.fillStyle = spec.colors[i] || "#ffffff";
    ctx.fillRect(x - 2 * r + (4 * r * i) / n, y - 2 * r, (4 * r) / n, 4 * r);
    ctx.restore();
  }
  bwOutline(ctx, spec.status, x, y, r);
  ctx.setLineDash(spec.dashed ? [3, 2] : []);
  ctx.lineWidth = 1.5; ctx.strokeStyle = "#1a1a1a"; ctx.stroke();
  if (spec.status === "sealed") {
    ctx.setLineDash([]);
    ctx.beginPath();
    ctx.moveTo(x - r * 0.6, y - r * 0.6); ctx.lineTo(x + r * 0.6, y + r * 0.6);
    ctx.moveTo(x + r * 0.6, y - r * 0.6); ctx.lineTo(x - r * 0.6, y + r * 0.6);
    ctx.stroke();
  }
  ctx.restore();
}
"""


class _LocalAssetMap(folium.Map):
    """A folium map whose scripts and stylesheets come from the dashboard, not a CDN."""

    def __init__(self, assets: AssetUrls, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # jQuery is served too: folium's popups build their content with it.
        self.default_js = [("leaflet", assets.leaflet_js), ("jquery", assets.jquery_js)]
        self.default_css = [("leaflet_css", assets.leaflet_css)]


class CountryOutlines(MacroElement):
    """Country outlines fetched from a local GeoJSON file, drawn below everything else."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        fetch({{ this.url_json }})
          .then(function (response) { return response.json(); })
          .then(function (data) {
            var outlines = L.geoJSON(data, {
              interactive: false,
              attribution: "Outlines: Natural Earth",
              style: {color: "#6b6b6b", weight: 0.8, fillColor: "#f4f1ea", fillOpacity: 1}
            }).addTo({{ this._parent.get_name() }});
            outlines.bringToBack();
            // A readiness signal for tests and screenshots: the outlines are drawn.
            {{ this._parent.get_name() }}.getContainer().dataset.outlines = data.features.length;
          });
        {% endmacro %}
        """
    )

    def __init__(self, url: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "CountryOutlines"
        self.url_json = _script_json(url)


def build_base_map(
    assets: AssetUrls, *, center: tuple[float, float] = (30.0, 60.0), zoom: int = 4, height: int = 600
) -> folium.Map:
    """The map without crossings: outlines, scale bar, styles. Identical for identical arguments.

    The browser keeps one map as long as this stays the same, so callers pass the view
    the map opens at, not the view the reader has since moved to.
    """
    fmap = _LocalAssetMap(
        assets,
        location=center,
        zoom_start=zoom,
        tiles=None,
        control_scale=True,
        prefer_canvas=True,
        height=height,
    )
    root: Any = fmap.get_root()
    root.header.add_child(Element(_MAP_CSS), name="borderwatch_css")
    CountryOutlines(assets.outlines_geojson).add_to(fmap)
    return fmap


@dataclass(frozen=True)
class Symbol:
    """How one crossing is drawn: fill colours, shape (status), outline and fading."""

    colors: tuple[str, ...]
    status: str
    dashed: bool
    faded: bool

    def as_json(self) -> dict[str, Any]:
        return {"colors": list(self.colors), "status": self.status, "dashed": self.dashed, "faded": self.faded}


def _safe_color(color: str | None) -> str:
    return color if color and _HEX_COLOR.fullmatch(color) else _FALLBACK_COLOR


def symbol_for(state: dict[str, Any], colors: dict[str, str]) -> Symbol:
    """The symbol for one row of a state frame, given party colours by id."""
    controllers = tuple(state["controllers"])
    fills = tuple(_safe_color(colors.get(c)) for c in controllers) or (UNKNOWN_COLOR,)
    unconfirmed = len(controllers) == 1 and not state["confirmed"]
    return Symbol(fills, str(state["status"]), dashed=unconfirmed, faded=bool(state["stale"]))


def legend_entries(states: pd.DataFrame, names: dict[str, str], colors: dict[str, str]) -> list[dict[str, Any]]:
    """Legend rows for the symbols in use in ``states``, and no others."""
    entries: list[dict[str, Any]] = []

    def add(section: str, label: str, symbol: Symbol) -> None:
        entries.append({"section": section, "label": label, "symbol": symbol.as_json()})

    held = sorted({c for cs in states["controllers"] for c in cs if len(cs) == 1})
    pairs = sorted({tuple(cs) for cs in states["controllers"] if len(cs) > 1})
    if len(held) + len(pairs) > MAX_LEGEND_HOLDERS:
        # A legend longer than the map explains nothing: say how colour works, hover tells who.
        sample = tuple(_safe_color(colors.get(p)) for p in held[:2]) or (_FALLBACK_COLOR,)
        add(
            "Held by",
            f"Fill: the holder's colour ({len(held)} parties; hover a crossing)",
            Symbol(sample[:1], "open", False, False),
        )
        if pairs:
            add("Held by", f"Split fill: contested ({len(pairs)} pairs)", Symbol(sample, "open", False, False))
    else:
        for party in held:
            add("Held by", names.get(party, party), Symbol((_safe_color(colors.get(party)),), "open", False, False))
        for pair in pairs:
            label = "Contested: " + " / ".join(names.get(p, p) for p in pair)
            add("Held by", label, Symbol(tuple(_safe_color(colors.get(p)) for p in pair), "open", False, False))
    if (states["controllers"].map(len) == 0).any():
        add("Held by", "Controller unknown", Symbol((UNKNOWN_COLOR,), "open", False, False))
    in_use = sorted(set(states["status"]), key=lambda s: -STATUS_SEVERITY[s])
    for status in in_use:
        add("Status", STATUS_LABELS[status], Symbol(("#ffffff",), status, False, False))
    single = states["controllers"].map(len) == 1
    if (single & ~states["confirmed"].astype(bool)).any():
        add("Claims", "Unconfirmed (dashed): only the holder says so", Symbol(("#ffffff",), "open", True, False))
    if states["stale"].any():
        add("Claims", "Stale (faded): no recent report", Symbol(("#ffffff",), "open", False, True))
    return entries


class CrossingLayer(MacroElement):
    """The crossings as of one date, with the date caption and the legend.

    It lives inside the feature group that the dashboard swaps on each date step, so
    it also replaces the caption and legend of the previous step.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
          """
        + _SYMBOL_JS
        + """
          var data = {{ this.payload }};
          var map = {{ this._parent._parent.get_name() }};
          var group = {{ this._parent.get_name() }};
          // streamlit-folium keeps every layer it ever added in window.feature_group
          // and never empties it; the previous layers are off the map by now.
          window.feature_group = [];
          var state = window.__borderwatch = window.__borderwatch || {};
          (state.controls || []).forEach(function (c) { map.removeControl(c); });
          state.controls = [];
          var classes = data.classes, cols = data.crossings;
          function labelOf(i) { return cols.name[i] + " · " + classes[cols.cls[i]].text; }
          if (data.canvas) {
            group.addLayer(new (bwCanvasLayer())(cols, classes, labelOf));
          } else {
            cols.id.forEach(function (id, i) {
              var spec = classes[cols.cls[i]].symbol;
              var icon = L.divIcon({className: "bw-mark", iconSize: [26, 26], iconAnchor: [13, 13], html: ""});
              // The name is the permanent label; the full state is the hover title.
              var marker = L.marker([cols.lat[i], cols.lon[i]], {icon: icon, title: labelOf(i), keyboard: false});
              marker.on("add", function () {
                var el = marker.getElement();
                el.replaceChildren(bwSymbol(spec, 26));
                el.setAttribute("data-crossing-id", id);
                el.setAttribute("data-status", spec.status);
                el.setAttribute("data-colors", spec.colors.join(" "));
              });
              var label = document.createElement("span");
              label.textContent = cols.name[i];
              marker.bindTooltip(label, {permanent: data.labels, direction: "right", offset: [11, 0],
                                         className: "bw-label"});
              marker.addTo(group);
            });
          }
          var caption = L.control({position: "topleft"});
          caption.onAdd = function () {
            var box = L.DomUtil.create("div", "bw-box bw-asof");
            box.textContent = data.caption;
            return box;
          };
          var legend = L.control({position: "bottomright"});
          legend.onAdd = function () {
            var box = L.DomUtil.create("div", "bw-box bw-legend");
            bwLegend(box, data.legend);
            return box;
          };
          [caption, legend].forEach(function (c) { c.addTo(map); state.controls.push(c); });
        })();
        {% endmacro %}
        """
    )

    def __init__(self, payload: dict[str, Any]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "CrossingLayer"
        self.payload = _script_json(payload)


def _script_json(value: Any) -> str:
    """JSON that is safe inside an inline <script>: no tag can be closed from data."""
    text = json.dumps(value, ensure_ascii=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def crossing_label(state: dict[str, Any], names: dict[str, str]) -> str:
    """The hover text of a crossing: its name, who holds it and its status, in plain text."""
    return f"{state['name']} · {state_text(state, names)}"


def state_text(state: dict[str, Any], names: dict[str, str]) -> str:
    """Who holds a crossing and its status, e.g. ``'held by Taliban · sealed'``."""
    return f"{holder_text(state, names)} · {status_text(state)}"


#: The state fields that decide how a crossing is drawn and described.
_CLASS_FIELDS: Final = ("controllers", "confirmed", "status", "status_disputed", "stale")


def build_crossing_layer(
    states: pd.DataFrame, *, day_label: str, names: dict[str, str], colors: dict[str, str]
) -> folium.FeatureGroup:
    """The date-dependent layer: one symbol per crossing in ``states``, caption and legend.

    Crossings travel as columns with an index into a table of distinct states, so a
    map of thousands of crossings sends each state's symbol and words once. Above
    :data:`MAX_DOM_CROSSINGS` they are painted on one canvas instead of one element each.
    """
    classes: dict[tuple[Any, ...], int] = {}
    table: list[dict[str, Any]] = []
    indexes: list[int] = []
    columns = [states[f].tolist() for f in _CLASS_FIELDS]
    for values in zip(*columns, strict=True):
        key = tuple(tuple(v) if isinstance(v, list | tuple) else v for v in values)
        index = classes.get(key)
        if index is None:
            state = dict(zip(_CLASS_FIELDS, values, strict=True))
            index = classes[key] = len(table)
            table.append({"symbol": symbol_for(state, colors).as_json(), "text": state_text(state, names)})
        indexes.append(index)
    payload = {
        "caption": f"As of {day_label}",
        "labels": len(states) <= MAX_LABELLED_CROSSINGS,
        "canvas": len(states) > MAX_DOM_CROSSINGS,
        "legend": legend_entries(states, names, colors),
        "classes": table,
        "crossings": {
            "id": states["crossing_id"].tolist(),
            "name": states["name"].tolist(),
            "lat": [round(float(v), 5) for v in states["lat"]],
            "lon": [round(float(v), 5) for v in states["lon"]],
            "cls": indexes,
        },
    }
    group = folium.FeatureGroup(name="Crossings", control=False)
    CrossingLayer(payload).add_to(group)
    return group


def view_for(states: pd.DataFrame, *, width_px: int = 900, height_px: int = 560) -> tuple[tuple[float, float], int]:
    """A centre and zoom level that show every crossing in ``states`` with some margin."""
    if states.empty:
        return (30.0, 60.0), 3
    lat_min, lat_max = float(states["lat"].min()), float(states["lat"].max())
    lon_min, lon_max = float(states["lon"].min()), float(states["lon"].max())
    # At zoom z the world is 256 * 2**z pixels wide; latitude is stretched, so count it double.
    extent = max(lon_max - lon_min, 2 * (lat_max - lat_min), 0.5) * 1.4
    zoom = math.floor(math.log2(min(width_px, 2 * height_px) * 360 / (256 * extent)))
    # Shift the view east so the legend in the lower right corner covers open map, not crossings.
    lon_center = (lon_min + lon_max) / 2 + 0.12 * extent
    return ((lat_min + lat_max) / 2, lon_center), max(2, min(zoom, 8))


def nearest_crossing(states: pd.DataFrame, lat: float, lon: float, *, within_deg: float = 0.5) -> str | None:
    """The id of the crossing in ``states`` closest to a clicked point, if any is near."""
    if states.empty:
        return None
    distance = (states["lat"] - lat) ** 2 + (states["lon"] - lon) ** 2
    best = int(distance.to_numpy().argmin())
    return str(states["crossing_id"].iloc[best]) if distance.iloc[best] <= within_deg**2 else None
