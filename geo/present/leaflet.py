"""The interactive map: a base map that never changes and a date-dependent crossing layer.

The base map (country outlines, no online tiles) is built identically every time, so
the dashboard can keep one map in the browser and swap only the crossing layer when
the date changes. Text from the data never becomes HTML: it travels as JSON and the
browser puts it into the page with ``textContent``.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any, Final

import folium
import numpy as np
import pandas as pd
from branca.element import Element, MacroElement
from jinja2 import Template

from geo.mandates import SUMMARY_COLUMNS
from geo.permission_text import permission_text
from geo.present.assets import AssetUrls
from geo.present.badges import permission_marks
from geo.present.browser import map_css, script_json
from geo.present.labels import label_rank, label_texts, name_order
from geo.present.legend import legend_entries
from geo.present.symbology import (
    CANVAS_MARK_HALF_PX,
    DOM_MARK_HALF_PX,
    GATHER_PX,
    LABEL_RULE,
    Symbol,
    hover_parts,
    symbol_for,
)
from geo.sides import SIDES

#: Above this many crossings, marks are painted on one canvas rather than one element each.
MAX_DOM_CROSSINGS: Final = 400


class _LocalAssetMap(folium.Map):
    """A folium map whose scripts and stylesheets come from the dashboard, not a CDN."""

    def __init__(self, assets: AssetUrls, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # jQuery is served too: folium's popups build their content with it.
        self.default_js = [("leaflet", assets.leaflet_js), ("jquery", assets.jquery_js)]
        # The maps' own scripts, in order: symbols, legend and labels; the live layer; the presentation frame.
        own = (
            ("borderwatch", assets.map_js),
            ("borderwatch_live", assets.live_js),
            ("borderwatch_frame", assets.frame_js),
        )
        self.default_js += [(name, url) for name, url in own if url]
        self.default_css = [("leaflet_css", assets.leaflet_css)]


class CountryOutlines(MacroElement):
    """Country outlines fetched from a local GeoJSON file, drawn below everything else."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        bwCountryOutlines({{ this._parent.get_name() }}, {{ this.url_json }});
        {% endmacro %}
        """
    )

    def __init__(self, url: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "CountryOutlines"
        self.url_json = script_json(url)


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
    root.header.add_child(Element(f"<style>{map_css()}</style>"), name="borderwatch_css")
    CountryOutlines(assets.outlines_geojson).add_to(fmap)
    return fmap


class _Verbatim(Element):
    """Text put into the page as it is: branca would read an ``Element``'s text as a Jinja template."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text

    def render(self, **kwargs: Any) -> str:
        return self._text


class DataScript(MacroElement):
    """A macro with only a script, whose rendered script goes into the page without a second pass.

    branca's ``MacroElement.render`` wraps each rendered macro in a new ``Element``, which
    compiles that text as a Jinja template; for a layer carrying a date's crossings as JSON
    (hundreds of kilobytes at 5,000 crossings) that compile is a large share of every date
    step's time on the server, and it would run any template tag the data held.
    """

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]  # as branca's: it fills the page's script
        figure: Any = self.get_root()
        figure.script.add_child(_Verbatim(self._template.module.script(self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class CrossingLayer(DataScript):
    """The crossings as of one date, with their labels, the date caption and the legend.

    It lives inside the feature group that the dashboard swaps on each date step, so
    it also replaces the caption and legend of the previous step. The drawing is
    ``bwCrossingLayer`` in ``web/live.js``, loaded with the base map after ``web/map.js``.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        bwCrossingLayer({{ this._parent._parent.get_name() }}, {{ this._parent.get_name() }}, {{ this.payload }});
        {% endmacro %}
        """
    )

    def __init__(self, payload: dict[str, Any]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "CrossingLayer"
        self.payload = script_json(payload)


#: The state fields that decide how a crossing is drawn and described: holders and status per side.
_CLASS_FIELDS: Final = (
    "controllers",
    "confirmed",
    "status",
    "status_disputed",
    "stale",
    "status_side",
    "country_a",
    "country_b",
    *(
        f"{side}_{field}"
        for side in SIDES
        for field in ("controllers", "confirmed", "presumed", "status", "status_disputed")
    ),
)


def build_crossing_layer(
    states: pd.DataFrame, *, day_label: str, names: dict[str, str], colors: dict[str, str], gather: bool = False
) -> folium.FeatureGroup:
    """The date-dependent layer: one symbol per crossing in ``states``, caption and legend.

    Crossings travel as columns with an index into a table of distinct states, so a
    map of thousands of crossings sends each state's symbol and words once. Permission
    travels apart: a state's class knows only its badges, and each crossing names its
    permission's words (which an expiry date makes nearly unique) in a table of their own.
    Above :data:`MAX_DOM_CROSSINGS` they are painted on one canvas instead of one element each.
    With ``gather`` (the map of every region), marks that would touch show as one numbered disc
    (:data:`GATHER_PX`) that zooms in to them when clicked.
    """
    classes: dict[tuple[Any, ...], int] = {}
    table: list[dict[str, Any]] = []
    indexes: list[int] = []
    # A state frame built by hand may leave out the sides, or permission: each side is then the
    # whole crossing, and no crossing has a permit.
    fields = [f for f in _CLASS_FIELDS if f in states.columns]
    columns = [states[f].tolist() for f in fields]
    missing = [None] * len(states)
    permissions = [states[f].tolist() if f in states.columns else missing for f in SUMMARY_COLUMNS]
    said: dict[tuple[Any, ...], tuple[tuple[str, ...], int]] = {}
    permits: dict[str, int] = {"": 0}
    permit_of: list[int] = []
    for values, permission in zip(zip(*columns, strict=True), zip(*permissions, strict=True), strict=True):
        known = said.get(permission)
        if known is None:
            summary = dict(zip(SUMMARY_COLUMNS, permission, strict=True))
            words = permission_text(summary)
            known = said[permission] = (permission_marks(summary), permits.setdefault(words, len(permits)))
        badges, permit = known
        permit_of.append(permit)
        key = (*(tuple(v) if isinstance(v, list | tuple) else v for v in values), badges)
        index = classes.get(key)
        if index is None:
            state = dict(zip(fields, values, strict=True))
            index = classes[key] = len(table)
            table.append(
                {
                    "symbol": replace(symbol_for(state, colors), badges=badges),
                    "text": hover_parts(state, names)[0],
                    "rank": label_rank(contested=len(state["controllers"]) > 1, status=str(state["status"])),
                }
            )
        indexes.append(index)
    payload: dict[str, Any] = {
        "caption": f"As of {day_label}",
        "rule": LABEL_RULE,
        "half": {"dom": DOM_MARK_HALF_PX, "canvas": CANVAS_MARK_HALF_PX},
        "canvas": len(states) > MAX_DOM_CROSSINGS,
        "gather": GATHER_PX if gather else 0,
        "legend": legend_entries(states, names, colors),
        **_shared_tables(table),
        "crossings": {
            "id": states["crossing_id"].tolist(),
            "name": label_texts(states),
            "lat": [round(float(v), 5) for v in states["lat"]],
            "lon": [round(float(v), 5) for v in states["lon"]],
            "cls": indexes,
            "name_order": name_order([str(n) for n in states["name"]]),
        },
    }
    # Only a map with some permission carries its words, so one without sends what it always did.
    if len(permits) > 1:
        payload["permits"] = list(permits)
        payload["crossings"]["permit"] = permit_of
    group = folium.FeatureGroup(name="Crossings", control=False)
    CrossingLayer(payload).add_to(group)
    return group


def _shared_tables(table: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """The distinct states as ``[symbol, text, rank]`` rows, their symbols and texts each written once.

    Thousands of crossings in as many distinct states share a few hundred symbols: written
    once each, a date step of 5,000 crossings sends about 30% less (``bwCrossingLayer``
    in ``web/live.js`` puts the rows back together). A split symbol's halves are symbols of
    the table too, named by their places.
    """
    places: dict[Symbol, int] = {}
    symbols: list[dict[str, Any]] = []

    def place(symbol: Symbol) -> int:
        # A symbol is a value (a frozen dataclass): equal symbols share one place.
        found = places.get(symbol)
        if found is None:
            value = symbol.as_json()
            if symbol.halves is not None:
                # A split symbol names its halves by their places: the same half is on many crossings.
                value["halves"] = [place(Symbol(h.colors, h.status, h.dashed, False)) for h in symbol.halves]
            found = places[symbol] = len(symbols)
            symbols.append(value)
        return found

    texts: dict[str, int] = {}
    rows = [[place(entry["symbol"]), texts.setdefault(entry["text"], len(texts)), entry["rank"]] for entry in table]
    return {"symbols": symbols, "texts": list(texts), "classes": rows}


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


#: About how many characters of a legend row (12 px) and of a line under it (11 px, indented) fit on a line.
_LEGEND_ROW_CHARS: Final = 32
_LEGEND_PART_CHARS: Final = 36


def legend_height_px(states: pd.DataFrame) -> int:
    """About how tall the open legend of ``states`` is in the browser: rows, section titles, the toggle, padding.

    A row takes a line per :data:`_LEGEND_ROW_CHARS` characters of its words, and names the
    colours of a contested swatch, or the sides of a split symbol, on lines of their own.
    """
    # Party ids stand in for their names: about as long.
    entries = legend_entries(states, {}, {})
    rows = sum(
        _lines(e["label"], _LEGEND_ROW_CHARS) + sum(_lines(p["text"], _LEGEND_PART_CHARS) for p in e.get("parts", []))
        for e in entries
    )
    return 12 + 24 + 18 * rows + 22 * len({e["section"] for e in entries})


def _lines(text: str, chars: int) -> int:
    # Words wrap whole, so a line holds a little less than its characters: round up.
    return max(1, math.ceil(len(text) / chars))


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
    legend = (
        width_px - _CONTROL_MARGIN_PX - _LEGEND_WIDTH_PX - DOM_MARK_HALF_PX,
        height_px - _ATTRIBUTION_PX - _CONTROL_MARGIN_PX - legend_height_px(states) - DOM_MARK_HALF_PX,
    )
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
        shifts = sorted(
            ((edge_x + dx, edge_y + dy) for dx in _steps(slack_x) for dy in _steps(slack_y)),
            key=lambda s: abs(s[0] - edge_x - slack_x / 2) + abs(s[1] - edge_y - slack_y / 2),
        )
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
