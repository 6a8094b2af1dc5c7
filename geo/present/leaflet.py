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
import numpy as np
import pandas as pd
from branca.element import Element, MacroElement
from jinja2 import Template

from geo.describe import holder_text, status_text
from geo.model import STATUS_SEVERITY, UNKNOWN_COLOR
from geo.present.assets import MAP_SCRIPT, AssetUrls
from geo.present.labels import label_rank, name_order, placement_rule

_HEX_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
_FALLBACK_COLOR: Final = "#999999"
#: Above this many crossings in view, names show on hover only, not as labels.
MAX_LABELLED_CROSSINGS: Final = 60
#: Above this many holders and contested pairs, the legend explains colour instead of listing each.
MAX_LEGEND_HOLDERS: Final = 12
#: Above this many crossings, marks are painted on one canvas rather than one element each.
MAX_DOM_CROSSINGS: Final = 400
#: Half the size of a mark in the browser, in pixels: a drawn symbol, and a painted one on the canvas.
DOM_MARK_HALF_PX: Final = 13
CANVAS_MARK_HALF_PX: Final = 8
#: The label placement of the static maps (geo.present.labels), for the browser's own pass: with more
#: crossings than this in view none is named, so zooming in names more.
LABEL_RULE: Final = placement_rule(most=MAX_LABELLED_CROSSINGS, gap_px=2)

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
  .bw-label { position: absolute; left: 0; top: 0; white-space: nowrap; pointer-events: none;
              background: rgba(255,255,255,0.85); padding: 0 3px; font-size: 11px; line-height: 15px; color: #111; }
  .bw-leader { position: absolute; left: 0; top: 0; height: 1px; background: #555; transform-origin: 0 50%;
               pointer-events: none; }
  .bw-box { background: rgba(255,255,255,0.92); padding: 6px 8px; border-radius: 4px;
            box-shadow: 0 1px 4px rgba(0,0,0,0.35); color: #111; }
  .bw-asof { font-size: 18px; font-weight: 600; }
  .bw-legend { font-size: 12px; line-height: 18px; max-width: 260px; }
  .bw-legend-toggle { display: flex; align-items: center; gap: 8px; width: 100%; min-height: 24px; padding: 0;
                      border: 0; background: none; font: inherit; font-weight: 600; color: #111; cursor: pointer; }
  .bw-chevron { margin-left: auto; }
  .bw-chevron::after { content: "\\25BE"; }
  .bw-folded .bw-chevron::after { content: "\\25B8"; }
  .bw-legend-body { max-height: calc(100vh - 140px); overflow-y: auto; }
  .bw-legend-title { font-weight: 600; margin: 2px 0; }
  .bw-legend-row { display: flex; align-items: center; gap: 6px; }
  .bw-legend-row svg { flex: none; }
  .bw-legend-part { display: flex; align-items: center; gap: 6px; padding-left: 22px; font-size: 11px; color: #333; }
  .bw-swatch { flex: none; width: 10px; height: 10px; border: 1px solid #1a1a1a; }
</style>
"""

def map_script() -> str:
    """The map's own script (symbols, legend, label placement), kept as a file: ``dashboard/static/borderwatch/map.js``.

    The dashboard serves it beside Leaflet; the standalone page inlines it. Symbols are drawn
    from plain values: colours are checked against #rrggbb here before they get there, and
    every text is set with ``textContent``.
    """
    return MAP_SCRIPT.read_text(encoding="utf-8")


class _LocalAssetMap(folium.Map):
    """A folium map whose scripts and stylesheets come from the dashboard, not a CDN."""

    def __init__(self, assets: AssetUrls, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # jQuery is served too: folium's popups build their content with it.
        self.default_js = [("leaflet", assets.leaflet_js), ("jquery", assets.jquery_js)]
        if assets.map_js:
            self.default_js.append(("borderwatch", assets.map_js))
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


def strip_places(count: int) -> list[str]:
    """Where each strip of a split fill sits, left to right, in words a legend can name a party by.

    >>> strip_places(2), strip_places(4)[0]
    (['left', 'right'], 'strip 1 of 4 from the left')
    """
    if count == 2:
        return ["left", "right"]
    if count == 3:
        return ["left", "middle", "right"]
    return [f"strip {k + 1} of {count} from the left" for k in range(count)]


def legend_entries(states: pd.DataFrame, names: dict[str, str], colors: dict[str, str]) -> list[dict[str, Any]]:
    """Legend rows for the symbols in use in ``states``, and no others."""
    entries: list[dict[str, Any]] = []

    def add(section: str, label: str, symbol: Symbol, parts: list[dict[str, str]] | None = None) -> None:
        entry: dict[str, Any] = {"section": section, "label": label, "symbol": symbol.as_json()}
        if parts:
            entry["parts"] = parts
        entries.append(entry)

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
            fills = tuple(_safe_color(colors.get(p)) for p in pair)
            parts = [{"color": fill, "text": f"{place}: {names.get(p, p)}"}
                     for place, fill, p in zip(strip_places(len(pair)), fills, pair, strict=True)]
            add("Held by", label, Symbol(fills, "open", False, False), parts)
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
    """The crossings as of one date, with their labels, the date caption and the legend.

    It lives inside the feature group that the dashboard swaps on each date step, so
    it also replaces the caption and legend of the previous step. The drawing functions
    come from :func:`map_script`, loaded with the base map.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
          var data = {{ this.payload }};
          var map = {{ this._parent._parent.get_name() }};
          var group = {{ this._parent.get_name() }};
          // streamlit-folium keeps every layer it ever added in window.feature_group
          // and never empties it; the previous layers are off the map by now.
          window.feature_group = [];
          var state = window.__borderwatch = window.__borderwatch || {};
          (state.controls || []).forEach(function (c) { map.removeControl(c); });
          state.controls = [];
          // The reader's fold or unfold of the legend holds across date steps.
          state.legend = state.legend || {};
          var classes = data.classes, cols = data.crossings;
          function labelOf(i) { return cols.name[i] + " · " + classes[cols.cls[i]].text; }
          if (data.canvas) {
            group.addLayer(new (bwCanvasLayer())(cols, classes, labelOf));
          } else {
            cols.id.forEach(function (id, i) {
              var spec = classes[cols.cls[i]].symbol;
              var icon = L.divIcon({className: "bw-mark", iconSize: [26, 26], iconAnchor: [13, 13], html: ""});
              // The full state is the hover title; the name is a label placed with the others.
              var marker = L.marker([cols.lat[i], cols.lon[i]], {icon: icon, title: labelOf(i), keyboard: false});
              marker.on("add", function () {
                var el = marker.getElement();
                el.replaceChildren(bwSymbol(spec, 26));
                el.setAttribute("data-crossing-id", id);
                el.setAttribute("data-status", spec.status);
                el.setAttribute("data-colors", spec.colors.join(" "));
              });
              marker.addTo(group);
            });
          }
          var caption = L.control({position: "topleft"});
          caption.onAdd = function () {
            var box = L.DomUtil.create("div", "bw-box bw-asof");
            box.textContent = data.caption;
            return box;
          };
          var legend = bwLegendControl(data.legend, state.legend);
          [caption, legend].forEach(function (c) { c.addTo(map); state.controls.push(c); });
          group.addLayer(new (bwLabelLayer())({
            names: cols.name, lat: cols.lat, lon: cols.lon, nameOrder: cols.name_order,
            rank: cols.cls.map(function (c) { return classes[c].rank; }),
            half: data.canvas ? CANVAS_HALF : DOM_HALF, rule: data.rule
          }));
        })();
        {% endmacro %}
        """.replace("CANVAS_HALF", str(CANVAS_MARK_HALF_PX)).replace("DOM_HALF", str(DOM_MARK_HALF_PX))
    )

    def __init__(self, payload: dict[str, Any]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "CrossingLayer"
        self.payload = _script_json(payload)


def _script_json(value: Any) -> str:
    """JSON that is safe inside an inline <script>: no tag can be closed from data.

    Nor can data open a Jinja tag: branca reads a macro's output as a template again, so
    ``{{ 7*7 }}`` in a name would run on the server. JSON itself never writes ``{{``,
    ``{%`` or ``{#`` (a key is always quoted), so such a brace is inside a string and is
    written as its escape.
    """
    text = json.dumps(value, ensure_ascii=True)
    text = re.sub(r"\{(?=[{%#])", r"\\u007b", text)
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
            table.append({"symbol": symbol_for(state, colors).as_json(), "text": state_text(state, names),
                          "rank": label_rank(contested=len(state["controllers"]) > 1, status=str(state["status"]))})
        indexes.append(index)
    payload = {
        "caption": f"As of {day_label}",
        "rule": LABEL_RULE,
        "canvas": len(states) > MAX_DOM_CROSSINGS,
        "legend": legend_entries(states, names, colors),
        "classes": table,
        "crossings": {
            "id": states["crossing_id"].tolist(),
            "name": states["name"].tolist(),
            "lat": [round(float(v), 5) for v in states["lat"]],
            "lon": [round(float(v), 5) for v in states["lon"]],
            "cls": indexes,
            "name_order": name_order([str(n) for n in states["name"]]),
        },
    }
    group = folium.FeatureGroup(name="Crossings", control=False)
    CrossingLayer(payload).add_to(group)
    return group


#: Leaflet's margin around a corner control, and the room the caption and zoom buttons take top left.
_CONTROL_MARGIN_PX: Final = 10
_TOP_LEFT_PX: Final = (210, 100)
#: The open legend's width (its CSS max width and padding) and the attribution line below it.
_LEGEND_WIDTH_PX: Final = 276
_ATTRIBUTION_PX: Final = 20
_TILE_PX: Final = 256
#: Room kept between the outermost marks and the map's edge, for their labels.
_EDGE_PX: Final = (60, 30)
_SHIFT_STEP_PX: Final = 8


def legend_height_px(states: pd.DataFrame) -> int:
    """About how tall the open legend of ``states`` is in the browser: rows, section titles, the toggle, padding."""
    entries = legend_entries(states, {}, {})
    # A contested row wraps to two lines and names each of its colours on a line of its own.
    rows = sum(1 + (1 + len(e["parts"]) if "parts" in e else 0) for e in entries)
    return 12 + 24 + 18 * rows + 22 * len({e["section"] for e in entries})


def _world_px(lat: np.ndarray, lon: np.ndarray, zoom: int) -> tuple[np.ndarray, np.ndarray]:
    """Web Mercator pixel coordinates at ``zoom``, as Leaflet computes them (y down)."""
    size = _TILE_PX * 2.0**zoom
    phi = np.radians(np.clip(lat, -85.0511, 85.0511))
    return (lon + 180) / 360 * size, (1 - np.log(np.tan(phi) + 1 / np.cos(phi)) / math.pi) / 2 * size


def _lat_lon_at(x: float, y: float, zoom: int) -> tuple[float, float]:
    size = _TILE_PX * 2.0**zoom
    return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / size)))), x / size * 360 - 180


def view_for(states: pd.DataFrame, *, width_px: int = 900, height_px: int = 560) -> tuple[tuple[float, float], int]:
    """A centre and zoom that show every crossing in ``states`` clear of the legend, caption and zoom buttons.

    The deepest zoom (up to 8) at which the marks fit inside the map with room for their
    labels at the edges, shifted as little as it takes for no mark to fall under the open
    legend (lower right) or the caption (upper left), whose sizes are estimated here.
    """
    if states.empty:
        return (30.0, 60.0), 3
    lat, lon = states["lat"].to_numpy(dtype=float), states["lon"].to_numpy(dtype=float)
    legend = (width_px - _CONTROL_MARGIN_PX - _LEGEND_WIDTH_PX - DOM_MARK_HALF_PX,
              height_px - _ATTRIBUTION_PX - _CONTROL_MARGIN_PX - legend_height_px(states) - DOM_MARK_HALF_PX)
    corner = (_TOP_LEFT_PX[0] + DOM_MARK_HALF_PX, _TOP_LEFT_PX[1] + DOM_MARK_HALF_PX)
    edge_x, edge_y = (min(e, d // 8) for e, d in zip(_EDGE_PX, (width_px, height_px), strict=True))
    for zoom in range(8, 1, -1):
        xs, ys = _world_px(lat, lon, zoom)
        x0, y0 = float(xs.min()), float(ys.min())
        slack_x = width_px - 2 * edge_x - (float(xs.max()) - x0)
        slack_y = height_px - 2 * edge_y - (float(ys.max()) - y0)
        if slack_x < 0 or slack_y < 0:
            continue
        # Where the marks' box may start, nearest the middle first.
        shifts = sorted(((edge_x + dx, edge_y + dy) for dx in _steps(slack_x) for dy in _steps(slack_y)),
                        key=lambda s: abs(s[0] - edge_x - slack_x / 2) + abs(s[1] - edge_y - slack_y / 2))
        for left, top in shifts:
            px, py = xs - x0 + left, ys - y0 + top
            under = ((px > legend[0]) & (py > legend[1])) | ((px < corner[0]) & (py < corner[1]))
            # Thousands of marks cover any corner: those maps are only fitted.
            if not under.any() or len(states) > MAX_DOM_CROSSINGS:
                centre = _lat_lon_at(x0 - left + width_px / 2, y0 - top + height_px / 2, zoom)
                return (round(centre[0], 4), round(centre[1], 4)), zoom
    xs, ys = _world_px(lat, lon, 2)
    centre = _lat_lon_at(float(xs.min() + xs.max()) / 2, float(ys.min() + ys.max()) / 2, 2)
    return (round(centre[0], 4), round(centre[1], 4)), 2


def _steps(slack: float) -> list[float]:
    # At most about 30 positions a side: finer than that changes nothing a reader sees.
    step = max(_SHIFT_STEP_PX, slack / 30)
    return [float(v) for v in np.arange(0.0, slack + 1e-9, step)] or [0.0]


def nearest_crossing(states: pd.DataFrame, lat: float, lon: float, *, within_deg: float = 0.5) -> str | None:
    """The id of the crossing in ``states`` closest to a clicked point, if any is near."""
    if states.empty:
        return None
    distance = (states["lat"] - lat) ** 2 + (states["lon"] - lon) ** 2
    best = int(distance.to_numpy().argmin())
    return str(states["crossing_id"].iloc[best]) if distance.iloc[best] <= within_deg**2 else None
