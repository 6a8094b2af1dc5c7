"""Static maps for briefings: PNG, PDF and SVG drawn with matplotlib, with no browser and no network.

The symbols are the live map's (:mod:`geo.present.leaflet`): the fill is the holder's party colour, split
into vertical strips when contested; the shape tells the status, so the map reads in greyscale;
a dashed outline marks an unconfirmed holder and a faded symbol a stale state.

A size in pixels is laid out on a page :data:`PAGE_WIDTH_IN` inches wide, so a larger size is
the same map at a higher resolution; a paper (:mod:`geo.present.paper`: A4, Letter) is laid out on
that paper, for a PDF of that size or a print PNG at 300 dpi. The title, subtitle, sources,
permalink and credit are measured with the renderer that draws them and stacked, wrapped or
shortened, so none ever overlaps another or the map. The same input always gives the same bytes.
"""

from __future__ import annotations

import io
import math
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, Final

import matplotlib as mpl
import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath
from matplotlib.text import Text
from matplotlib.typing import RcKeyType

from geo.atlas import Atlas
from geo.errors import ViewError
from geo.filters import CrossingFilter
from geo.formats import IMAGE_FORMATS
from geo.frames import records
from geo.present.extent import (
    BBox,
    View,
    bbox_from_bounds,
    check_bbox,
    fit_bbox,
    padded_bbox,
    parse_bbox,
    select_view,
)
from geo.present.fonts import FONT_FAMILY, drawable, register_fonts
from geo.present.labels import Box, Occupied, Placement, fit_lines, label_order, place_labels
from geo.present.leaflet import MAX_LABELLED_CROSSINGS, Symbol, legend_entries, symbol_for
from geo.present.map_text import INK as _INK
from geo.present.map_text import MAX_SOURCE_LINES, SOURCES_PT, SOURCES_SPACING, PageText
from geo.present.map_text import MUTED as _MUTED
from geo.present.mpl_symbols import draw_symbols, outline_path, strip_path
from geo.present.outlines import load_countries
from geo.present.paper import PAGES, PRINT_DPI, SCREEN_DPI, WIDE, Page, page_named
from geo.present.sources import NO_SOURCES, deciding_for, footnote_by_length, source_entries

# What callers have always imported from here, wherever it now lives.
__all__ = [
    "PAGES",
    "PAGE_WIDTH_IN",
    "PRINT_DPI",
    "PRINT_PX",
    "SCREEN_DPI",
    "SCREEN_PX",
    "BBox",
    "Box",
    "Page",
    "Placement",
    "View",
    "bbox_from_bounds",
    "check_bbox",
    "country_shapes",
    "deciding_for",
    "draw_symbols",
    "figure_bytes",
    "fit_bbox",
    "map_extent",
    "nice_length",
    "outline_path",
    "padded_bbox",
    "page_named",
    "parse_bbox",
    "place_labels",
    "render_map",
    "save_figure",
    "save_map",
    "select_view",
    "source_entries",
    "strip_path",
]

FloatArray = npt.NDArray[np.float64]

#: Every size in pixels is laid out on a page this wide, so text keeps its size relative to the map.
PAGE_WIDTH_IN: Final = WIDE.width
#: For screens and slides.
SCREEN_PX: Final = WIDE.pixels(SCREEN_DPI)
#: For print: the same page at 300 dpi, 25.4 cm wide, which fits A4 landscape inside its margins.
PRINT_PX: Final = WIDE.pixels(PRINT_DPI)

_LAND: Final = "#f4f1ea"
_SEA: Final = "#dbe9f4"
_BORDER: Final = "#8a8a8a"
#: Above this many crossings the symbols shrink so that dense areas stay readable.
_CROWDED: Final = 300
#: Legend rows for holders before the rest are summed up in one line.
_MAX_HOLDER_ROWS: Final = 10
#: Lines one legend row may take: a longer name is cut with an ellipsis rather than crowd out the rest.
_MAX_LEGEND_LINES: Final = 3
_MAX_COUNTRY_LABELS: Final = 40
#: Outlets a footnote may name before the rest are counted: more never fit its lines.
_MOST_OUTLETS: Final = 24
_KM_PER_DEGREE: Final = 111.32
_LABEL_PT: Final = 8.5
#: Padding around a label's text, as a share of its font size.
_LABEL_PAD: Final = 0.2
_RC: Final[dict[RcKeyType, Any]] = {
    # DejaVu ships with matplotlib and the script fonts with installed packages (geo.present.fonts),
    # so no font is looked up anywhere else.
    "font.family": list(FONT_FAMILY),
    "font.size": 8.0,
    # A crossing called "$5 gate" prints as written, not as mathematics.
    "text.parse_math": False,
    "lines.scale_dashes": False,
    # SVG text stays text: searchable, and editable by whoever lays out the briefing.
    "svg.fonttype": "none",
    "svg.hashsalt": "borderwatch",
    "pdf.fonttype": 42,
}
# Dates and tool versions left out, so the same map is the same bytes.
_METADATA: Final[dict[str, dict[str, Any]]] = {
    "png": {"Software": None},
    "pdf": {"Creator": None, "Producer": None, "CreationDate": None},
    "svg": {"Creator": None, "Date": None},
}


# Drawing --------------------------------------------------------------------


@dataclass(frozen=True)
class _Layout:
    """Where the map and the legend panel go, in figure fractions, between the header and the footer."""

    width: float
    height: float
    top: float
    bottom: float
    margin: float
    panel: float = 2.3
    gap: float = 0.18

    def map_rect(self) -> tuple[float, float, float, float]:
        left, bottom = self.margin / self.width, self.bottom / self.height
        right = (self.width - self.margin - self.panel - self.gap) / self.width
        return (left, bottom, right - left, 1 - self.top / self.height - bottom)

    def panel_rect(self) -> tuple[float, float, float, float]:
        _, bottom, _, height = self.map_rect()
        return ((self.width - self.margin - self.panel) / self.width, bottom, self.panel / self.width, height)

    def aspect(self) -> float:
        _, _, w_frac, h_frac = self.map_rect()
        return (w_frac * self.width) / (h_frac * self.height)


# At import, so that matplotlib knows the script fonts' names before anything is drawn.
register_fonts()

# rcParams are global: two renders at once (the dashboard makes downloads on worker threads)
# must not restore each other's settings halfway through.
_STYLE_LOCK: Final = threading.RLock()


@contextmanager
def _style() -> Iterator[None]:
    register_fonts()
    with _STYLE_LOCK, mpl.rc_context(_RC):
        yield


def render_map(
    atlas: Atlas,
    day: date,
    *,
    region: str | None = None,
    bbox: BBox | None = None,
    title: str | None = None,
    subtitle: str | None = None,
    permalink: str | None = None,
    size: tuple[int, int] = SCREEN_PX,
    page: Page | str | None = None,
    dpi: float = PRINT_DPI,
    crossing_filter: CrossingFilter | None = None,
) -> Figure:
    """The crossings as of ``day`` as a figure of ``size`` pixels, or of ``page`` at ``dpi``, ready to save.

    Shows a region's crossings, every crossing inside ``bbox`` (W, S, E, N, widened to
    the frame's shape), or a region's crossings inside ``bbox``, or all of them, over country
    outlines, with name labels, a legend of the symbols in use, the date, a scale bar, the
    sources behind what is shown and the permalink. A ``crossing_filter`` leaves out the
    crossings it does not select, as the dashboard's filters do, in the same frame.

    Examples
    --------
    >>> fig = render_map(atlas, date(2021, 7, 14), region="afghanistan-2021")  # doctest: +SKIP
    >>> save_figure(fig, Path("briefing.png"))  # doctest: +SKIP
    >>> a4 = render_map(atlas, date(2021, 7, 14), page=page_named("a4-portrait"))  # doctest: +SKIP
    """
    if isinstance(page, str):
        page = page_named(page)
    if page is not None:
        if not 50 <= dpi <= 1200:
            raise ViewError(f"resolution {dpi:g} dpi is out of range: need 50 to 1200")
        (width_px, height_px), width_in = page.pixels(dpi), page.width
    else:
        (width_px, height_px), width_in = size, PAGE_WIDTH_IN
        if width_px < 600 or height_px < 400:
            raise ViewError(f"size {width_px}x{height_px} is too small: need at least 600x400 pixels")
    view = select_view(atlas, day, region=region, bbox=bbox, crossing_filter=crossing_filter)
    # A paper goes through a printer, which cannot print to its edges.
    margin = 0.22 if page is None or page == WIDE else 0.4
    with _style():
        return _Drawing(atlas, view, (width_px, height_px), width_in, margin).draw(title, subtitle, permalink)


class _Drawing:
    """One figure being drawn, with what its steps share."""

    def __init__(self, atlas: Atlas, view: View, pixels: tuple[int, int], width_in: float, margin: float) -> None:
        self.atlas, self.view, self.margin = atlas, view, margin
        width_px, height_px = pixels
        self.dpi = width_px / width_in
        # A hair over the exact size, so rounding down never loses the last pixel.
        self.fig = Figure(figsize=((width_px + 0.01) / self.dpi, (height_px + 0.01) / self.dpi), dpi=self.dpi)
        # The Agg renderer measures text exactly as it will be drawn.
        self.renderer: RendererAgg = FigureCanvasAgg(self.fig).get_renderer()  # type: ignore[no-untyped-call]
        self.text = PageText(self.fig, self.renderer, margin)

    def points(self, pixels: float) -> float:
        return pixels * 72 / self.dpi

    def pixels(self, points: float) -> float:
        return points * self.dpi / 72

    def inches(self, inches: float) -> float:
        """``inches`` in pixels."""
        return inches * self.dpi

    def draw(self, title: str | None, subtitle: str | None, permalink: str | None) -> Figure:
        width, height = (float(v) for v in self.fig.get_size_inches())
        # Header and footer first: their measured heights decide how much page the map gets.
        header_bottom = self.text.header(title, subtitle)
        link_top = self.text.permalink_and_credit(permalink)
        top = (self.fig.bbox.height - header_bottom) / self.dpi + 0.1
        # The sources depend on the crossings shown, which depend on the map's shape, which
        # depends on the sources' height: reserve lines until what is shown fits in them.
        reserved, lines, shown, bbox = 1, [NO_SOURCES], self.view.states, self.view.bbox
        for _ in range(MAX_SOURCE_LINES):
            bottom = (link_top + self.text.lines_height(reserved, SOURCES_PT, SOURCES_SPACING)) / self.dpi + 0.16
            layout = _Layout(width, height, top=top, bottom=bottom, margin=self.margin)
            if layout.map_rect()[3] <= 0:
                raise ViewError(f"a {width:.2f} x {height:.2f} inch page leaves no room for the map")
            bbox = fit_bbox(self.view.bbox, layout.aspect())
            shown = self._inside(bbox)
            lines = self._footnote(shown)
            if len(lines) <= reserved:
                break
            reserved = len(lines)
        self.fig.text(self.margin / width, (bottom - 0.1) / height, "\n".join(lines), fontsize=SOURCES_PT, va="top",
                      color=_INK, gid="sources", linespacing=SOURCES_SPACING)
        ax = self.fig.add_axes(layout.map_rect(), gid="map")
        west, south, east, north = bbox
        ax.set_xlim(west, east)
        ax.set_ylim(south, north)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_facecolor(_SEA)
        for spine in ax.spines.values():
            spine.set_edgecolor("#333333")
            spine.set_linewidth(0.8)
        furniture = [self._date_box(ax), self._scale_bar(ax, bbox)]
        countries = self._countries(ax, bbox)
        self._crossings(ax, shown, furniture, countries)
        panel = self.fig.add_axes(layout.panel_rect())
        panel.set_axis_off()
        self._legend(panel, shown)
        return self.fig

    def _footnote(self, shown: pd.DataFrame) -> list[str]:
        """The presentation frame's footnote (:func:`~geo.present.sources.footnote_entries`), in the lines it has."""
        entries = footnote_by_length(
            self.atlas.reports, shown, self.atlas.party_names(), self.atlas.party_kinds(),
            deciding=self.atlas.deciding_for(shown),
        )
        return self.text.footnote_lines(entries, most=_MOST_OUTLETS)

    def _inside(self, bbox: BBox) -> pd.DataFrame:
        west, south, east, north = bbox
        states = self.view.states
        inside = states["lon"].between(west, east) & states["lat"].between(south, north)
        return states[inside].reset_index(drop=True)

    def _box(self, text: Text, pad_pt: float = 0.0) -> Box:
        return self.text.box(text, pad_pt)

    def _date_box(self, ax: Axes) -> Box:
        text = ax.text(0.012, 0.982, f"As of {self.view.day.isoformat()}", transform=ax.transAxes, ha="left",
                       va="top", fontsize=12, fontweight="bold", color=_INK, zorder=8, gid="as-of",
                       bbox={"boxstyle": "square,pad=0.35", "facecolor": "white", "edgecolor": "#333333",
                             "linewidth": 0.6, "alpha": 0.92})
        return self._box(text, pad_pt=0.35 * 12 + 2)

    def _scale_bar(self, ax: Axes, bbox: BBox) -> Box:
        """A bar of a round number of km, true at the map's middle latitude."""
        west, south, east, north = bbox
        latitude = (south + north) / 2
        span_km = (east - west) * _KM_PER_DEGREE * math.cos(math.radians(latitude))
        length = nice_length(span_km / 5)
        x0, y0, fraction = 0.02, 0.03, length / span_km
        for start, colour in ((x0, _INK), (x0 + fraction / 2, "white")):
            ax.fill_between([start, start + fraction / 2], y0, y0 + 0.009, transform=ax.transAxes, facecolor=colour,
                            edgecolor=_INK, linewidth=0.6, zorder=8)
        hemisphere = "N" if latitude >= 0 else "S"
        text = ax.text(x0, y0 + 0.018, f"{length:g} km (true at {abs(latitude):.0f}°{hemisphere})",
                       transform=ax.transAxes, fontsize=7, color=_INK, zorder=8, va="bottom", gid="scale-bar",
                       bbox={"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.8})
        label = self._box(text, pad_pt=2)
        right = float(ax.transAxes.transform((x0 + fraction, y0))[0])
        bottom = float(ax.transAxes.transform((x0, y0))[1])
        return Box(label.x0, bottom - self.pixels(3), max(right, label.x1) + self.pixels(3), label.y1)

    def _countries(self, ax: Axes, bbox: BBox) -> list[tuple[str, shapely.Geometry]]:
        """Outlines clipped to the view and simplified to half a pixel; returns the larger ones, to be named."""
        names, geoms = country_shapes()
        west, south, east, north = bbox
        wanted = shapely.intersects(geoms, shapely.box(west, south, east, north))
        clipped = shapely.clip_by_rect(geoms[wanted], west, south, east, north)
        # Half a pixel is below what the eye can see; topology is not worth its cost in a drawing.
        clipped = shapely.simplify(clipped, (east - west) / ax.bbox.width / 2, preserve_topology=False)
        # add_artist, not add_patch: the limits are already set and updating them is slow.
        ax.add_artist(_land_patch(clipped))
        shares = shapely.area(clipped) / ((east - west) * (north - south))
        order = [i for i in np.argsort(-shares, kind="stable") if shares[i] > 0.01][:_MAX_COUNTRY_LABELS]
        return [(str(names[wanted][i]), clipped[i]) for i in order]

    def _crossings(self, ax: Axes, states: pd.DataFrame, furniture: list[Box],
                   countries: list[tuple[str, shapely.Geometry]]) -> None:
        rows = records(states)
        colors = self.atlas.party_colors()
        size_pt = 13.0 if len(rows) <= _CROWDED else 7.0
        xy = states[["lon", "lat"]].to_numpy(dtype=float).reshape(-1, 2)
        draw_symbols(ax, xy, [symbol_for(r, colors) for r in rows], size_pt=size_pt)
        pixels = ax.transData.transform(xy) if len(xy) else np.empty((0, 2))
        radius = self.pixels(size_pt * 0.45)
        markers = [Box(x - radius, y - radius, x + radius, y + radius) for x, y in pixels]
        frame = Box(*(float(v) for v in ax.bbox.extents))
        taken = [*furniture, *markers]
        if len(rows) <= MAX_LABELLED_CROSSINGS:
            taken += self._crossing_labels(ax, rows, pixels, radius, taken, frame)
        self._country_labels(ax, countries, taken, frame)

    def _crossing_labels(self, ax: Axes, rows: list[dict[str, Any]], pixels: FloatArray, radius: float,
                         taken: list[Box], frame: Box) -> list[Box]:
        # The crossings most worth a label claim space first: contested, then the most restrictive.
        order = label_order(rows)
        # Each label sits on a pale box, as on the live map; the box is what must not overlap.
        pad = self.pixels(_LABEL_PAD * _LABEL_PT)
        sizes = []
        names = {i: drawable(rows[i]["name"]) for i in order}
        for i in order:
            box = self._box(self._probe(names[i], fontsize=_LABEL_PT))
            sizes.append((box.x1 - box.x0 + 2 * pad, box.y1 - box.y0 + 2 * pad))
        anchors = [(float(pixels[i][0]), float(pixels[i][1])) for i in order]
        spots = place_labels(anchors, sizes, radius=radius + self.pixels(2.5), obstacles=taken, frame=frame)
        placed = []
        for i, anchor, spot in zip(order, anchors, spots, strict=True):
            if spot is None:
                continue
            row = rows[i]
            leader = {"arrowstyle": "-", "color": _MUTED, "linewidth": 0.7, "shrinkA": 0,
                      "shrinkB": self.points(radius)}
            # The text is inset from the box's edge by the padding; offsets are in points so
            # the layout holds when a vector format redraws at 72 dpi.
            dx = spot.x - anchor[0] + {"left": pad, "right": -pad, "center": 0.0}[spot.ha]
            dy = spot.y - anchor[1] + {"bottom": pad, "top": -pad, "center": 0.0}[spot.va]
            ax.annotate(names[i], xy=(row["lon"], row["lat"]), textcoords="offset points",
                        xytext=(self.points(dx), self.points(dy)), ha=spot.ha, va=spot.va, fontsize=_LABEL_PT,
                        color=_INK, zorder=7, annotation_clip=False, gid=f"crossing-label:{row['crossing_id']}",
                        bbox={"boxstyle": f"square,pad={_LABEL_PAD}", "facecolor": "white", "edgecolor": "none",
                              "alpha": 0.85},
                        arrowprops=leader if spot.leader else None)
            placed.append(spot.box)
        return placed

    def _probe(self, text: str, **style: Any) -> Text:
        return self.text.probe(text, **style)

    def _country_labels(self, ax: Axes, countries: list[tuple[str, shapely.Geometry]], taken: list[Box],
                        frame: Box) -> None:
        occupied = Occupied(taken)
        for country, shape in countries:
            name = drawable(country)
            point = shapely.point_on_surface(shape)
            x, y = (float(v) for v in ax.transData.transform((point.x, point.y)))
            box = self._box(self._probe(name.upper(), fontsize=7.5, fontstyle="italic"))
            w, h = box.x1 - box.x0, box.y1 - box.y0
            for shift in (0.0, 1.2 * h, -1.2 * h, 2.4 * h, -2.4 * h):
                spot = Box(x - w / 2, y + shift - h / 2, x + w / 2, y + shift + h / 2)
                if spot.inside(frame) and occupied.clear(spot):
                    ax.annotate(name.upper(), xy=(point.x, point.y), xytext=(0, self.points(shift)),
                                textcoords="offset points", ha="center", va="center", fontsize=7.5,
                                fontstyle="italic", color="#9a917f", zorder=2, gid="country-label")
                    occupied.add(spot)
                    break

    def _legend(self, panel: Axes, states: pd.DataFrame) -> None:
        """The symbols in use and nothing else, worded as on the live map, kept inside the panel.

        Rows close up from 15 to 10 points when the panel is short (a long title, a portrait
        page); if that is not enough, fewer holders get a row of their own.
        """
        entries = legend_entries(states, self.atlas.party_names(), self.atlas.party_colors()) if len(states) else []
        held = [e for e in entries if e["section"] == "Held by"]
        font = self.text.font(8)
        width_px = panel.bbox.width * 0.86

        def rows(most: int) -> list[tuple[dict[str, Any], list[str]]]:
            shown = entries
            if len(held) > most:
                more = {"section": "Held by", "label": f"… and {len(held) - most + 1} more", "symbol": None}
                shown = [*held[: most - 1], more, *entries[len(held) :]]
            # A split swatch names its colours, as on the live map: "(left: …; right: …)".
            words = [drawable(f"{e['label']} ({'; '.join(p['text'] for p in e['parts'])})" if "parts" in e
                              else e["label"]) for e in shown]
            # A long name is wrapped, a word wider than the panel cut, and a row of more lines ends in "…".
            return [(entry, fit_lines(text.split(" "), width_px, lambda s: self.text.measure(s, font), separator=" ",
                                      most=_MAX_LEGEND_LINES))
                    for entry, text in zip(shown, words, strict=True)]

        def units(laid: list[tuple[dict[str, Any], list[str]]]) -> float:
            """The legend's height in rows: heading, section titles, entries (with their extra lines)."""
            sections = len({entry["section"] for entry, _ in laid})
            return 2.1 + 1.3 * sections + sum(1 + 0.75 * (len(lines) - 1) for _, lines in laid)

        most = _MAX_HOLDER_ROWS
        laid = rows(most)
        while most > 2 and units(laid) * self.pixels(10) > panel.bbox.height:
            most -= 1
            laid = rows(most)
        row = min(self.pixels(15), panel.bbox.height / units(laid)) / panel.bbox.height
        panel.text(0, 1, "Legend", transform=panel.transAxes, fontsize=10, fontweight="bold", va="top", color=_INK)
        y, section = 1 - row * 1.6, None
        for entry, lines in laid:
            if entry["section"] != section:
                section = entry["section"]
                panel.text(0, y - row * 0.3, section, transform=panel.transAxes, fontsize=8, fontweight="bold",
                           va="center", color=_MUTED, gid="legend-section")
                y -= row * 1.3
            if entry["symbol"] is not None:
                spec = entry["symbol"]
                symbol = Symbol(tuple(spec["colors"]), spec["status"], spec["dashed"], spec["faded"])
                size_pt = min(11.0, 0.75 * self.points(row * panel.bbox.height))
                draw_symbols(panel, np.array([[0.05, y]]), [symbol], size_pt=size_pt, transform=panel.transAxes)
            panel.text(0.13, y + row * 0.4 if len(lines) > 1 else y, "\n".join(lines), transform=panel.transAxes,
                       fontsize=8, va="top" if len(lines) > 1 else "center", color=_INK, gid="legend-label",
                       linespacing=1.1)
            y -= row * (1 + 0.75 * (len(lines) - 1))


def nice_length(km: float) -> float:
    """The largest of 1, 2 or 5 times a power of ten that is at most ``km``.

    >>> nice_length(437.0), nice_length(1.9)
    (200.0, 1.0)
    """
    power = 10.0 ** math.floor(math.log10(max(km, 1e-9)))
    return max(m * power for m in (1.0, 2.0, 5.0) if m * power <= km * (1 + 1e-9))


@cache
def country_shapes() -> tuple[npt.NDArray[np.str_], npt.NDArray[np.object_]]:
    """Country names and outlines, read once per process (they never change while it runs)."""
    countries = load_countries()
    return countries["name"].to_numpy(dtype=str), countries.geometry.to_numpy()


def _land_patch(shapes: npt.NDArray[np.object_]) -> PathPatch:
    """Every polygon as one compound patch: far faster to draw than a patch each."""
    rings = []
    for shape in shapes:
        for polygon in getattr(shape, "geoms", [shape]):
            if not isinstance(polygon, shapely.Polygon) or polygon.is_empty:
                continue
            for ring in [polygon.exterior, *polygon.interiors]:
                coords = np.asarray(ring.coords, dtype=float)
                codes = np.full(len(coords), MplPath.LINETO, dtype=np.uint8)
                codes[0], codes[-1] = MplPath.MOVETO, MplPath.CLOSEPOLY
                rings.append(MplPath(coords, codes))
    path = MplPath.make_compound_path(*rings) if rings else MplPath(np.empty((0, 2)))
    return PathPatch(path, facecolor=_LAND, edgecolor=_BORDER, linewidth=0.6, zorder=1)


def map_extent(fig: Figure) -> BBox | None:
    """The W, S, E, N the map of ``fig`` (from :func:`render_map`) shows, in degrees; None for another figure."""
    for ax in fig.axes:
        if ax.get_gid() == "map":
            (west, east), (south, north) = ax.get_xlim(), ax.get_ylim()
            return (float(west), float(south), float(east), float(north))
    return None


def _permalink(fig: Figure) -> str | None:
    """The link the map was drawn with: its address where it is a web one, else the text printed."""
    for text in fig.texts:
        if text.get_gid() == "permalink":
            return text.get_url() or text.get_text().replace("\n", "")
    return None


def _metadata(fig: Figure, kind: str) -> dict[str, Any]:
    """The file's metadata: no dates or versions (same map, same bytes); in a PNG, the extent and the link."""
    metadata = dict(_METADATA[kind])
    extent, link = map_extent(fig), _permalink(fig)
    if kind == "png" and extent is not None:
        # Where the picture is, for whoever places it on another map, and the link that reopens it.
        metadata["Extent"] = ",".join(f"{v:.6f}" for v in extent)
        if link:
            metadata["Permalink"] = link
    return metadata


def save_figure(fig: Figure, out: Path, *, fmt: str | None = None) -> Path:
    """Write ``fig`` to ``out`` as PNG, PDF or SVG (from the suffix unless ``fmt`` says), reproducibly."""
    out.write_bytes(figure_bytes(fig, fmt or out.suffix.lstrip(".")))
    return out


def figure_bytes(fig: Figure, fmt: str) -> bytes:
    """``fig`` as PNG, PDF or SVG bytes, the same bytes :func:`save_figure` writes (for downloads)."""
    kind = fmt.lower()
    if kind not in IMAGE_FORMATS:
        raise ViewError(f"unknown image format {kind!r}: expected one of {', '.join(IMAGE_FORMATS)}")
    buffer = io.BytesIO()
    with _style():
        fig.savefig(buffer, format=kind, dpi=fig.dpi, metadata=_metadata(fig, kind), facecolor="white")
    return buffer.getvalue()


def save_map(
    atlas: Atlas,
    day: date,
    out: Path,
    *,
    fmt: str | None = None,
    print_dpi: bool = False,
    page: Page | str | None = None,
    region: str | None = None,
    bbox: BBox | None = None,
    title: str | None = None,
    subtitle: str | None = None,
    permalink: str | None = None,
    crossing_filter: CrossingFilter | None = None,
) -> Path:
    """Render the map (see :func:`render_map`) and write it.

    ``page`` lays it out on that paper; ``print_dpi`` gives 300 dpi for print (the screen's 160 otherwise).
    """
    options: dict[str, Any] = {"size": PRINT_PX if print_dpi else SCREEN_PX}
    if page is not None:
        options = {"page": page, "dpi": PRINT_DPI if print_dpi else SCREEN_DPI}
    fig = render_map(atlas, day, region=region, bbox=bbox, title=title, subtitle=subtitle, permalink=permalink,
                     crossing_filter=crossing_filter, **options)
    return save_figure(fig, out, fmt=fmt)
