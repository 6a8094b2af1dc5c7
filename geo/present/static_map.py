"""Static maps for briefings: PNG, PDF and SVG drawn with matplotlib, with no browser and no network.

The symbols are every map's (:mod:`geo.present.symbology`): the fill is the holder's party colour, split
into vertical strips when contested; the shape tells the status, so the map reads in greyscale;
a dashed outline marks an unconfirmed holder and a faded symbol a stale state; a crossing whose two
sides differ is drawn in two halves, each side's own fill and shape.

A size in pixels is laid out on a page :data:`PAGE_WIDTH_IN` inches wide, so a larger size is
the same map at a higher resolution; a paper (:mod:`geo.present.paper`: A4, Letter) is laid out on
that paper, for a PDF of that size or a print PNG at 300 dpi. The title, subtitle, sources,
permalink and credit are measured with the renderer that draws them and stacked, wrapped or
shortened, so none ever overlaps another or the map. The same input always gives the same bytes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Final

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

from geo.atlas import Atlas
from geo.day_view import unplaced_note
from geo.describe import records
from geo.errors import ViewError
from geo.filters import CrossingFilter
from geo.present.extent import View, fit_bbox, select_view
from geo.present.figure_files import save_figure
from geo.present.labels import Box
from geo.present.legend import legend_entries
from geo.present.map_text import MAX_SOURCE_LINES, SOURCES_PT, SOURCES_SPACING, PageText
from geo.present.mpl_style import map_style
from geo.present.mpl_symbols import draw_symbols
from geo.present.paper import PRINT_DPI, SCREEN_DPI, WIDE, Page, page_named
from geo.present.sources import NO_SOURCES, footnote_by_length
from geo.present.static_labels import label_countries, label_crossings
from geo.present.static_legend import draw_legend
from geo.present.symbology import INK, LAND, MAX_LABELLED_CROSSINGS, PRINT_BORDER, SEA, symbol_for
from geo.reference import KM_PER_DEGREE, BBox, countries_in

#: Every size in pixels is laid out on a page this wide, so text keeps its size relative to the map.
PAGE_WIDTH_IN: Final = WIDE.width
#: For screens and slides.
SCREEN_PX: Final = WIDE.pixels(SCREEN_DPI)
#: For print: the same page at 300 dpi, 25.4 cm wide, which fits A4 landscape inside its margins.
PRINT_PX: Final = WIDE.pixels(PRINT_DPI)

#: Above this many crossings the symbols shrink so that dense areas stay readable.
_CROWDED: Final = 300
_MAX_COUNTRY_LABELS: Final = 40
#: Outlets a footnote may name before the rest are counted: more never fit its lines.
_MOST_OUTLETS: Final = 24


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
    with map_style():
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
        self.fig.text(
            self.margin / width,
            (bottom - 0.1) / height,
            "\n".join(lines),
            fontsize=SOURCES_PT,
            va="top",
            color=INK,
            gid="sources",
            linespacing=SOURCES_SPACING,
        )
        ax = self.fig.add_axes(layout.map_rect(), gid="map")
        west, south, east, north = bbox
        ax.set_xlim(west, east)
        ax.set_ylim(south, north)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_facecolor(SEA)
        for spine in ax.spines.values():
            spine.set_edgecolor("#333333")
            spine.set_linewidth(0.8)
        furniture = [self._date_box(ax), self._scale_bar(ax, bbox)]
        countries = self._countries(ax, bbox)
        self._crossings(ax, shown, furniture, countries)
        panel = self.fig.add_axes(layout.panel_rect())
        panel.set_axis_off()
        entries = legend_entries(shown, self.atlas.party_names(), self.atlas.party_colors()) if len(shown) else []
        draw_legend(panel, entries, self.text)
        return self.fig

    def _footnote(self, shown: pd.DataFrame) -> list[str]:
        """The presentation frame's footnote (:func:`~geo.present.sources.footnote_entries`), in the lines it has."""
        entries = footnote_by_length(
            self.atlas.reports,
            shown,
            self.atlas.party_names(),
            self.atlas.party_kinds(),
            deciding=self.atlas.deciding_for(shown),
            authorisations=self.atlas.authorisations_at(self.view.day),
        )
        # A crossing the map shows but cannot draw is named on a line of its own under the sources,
        # which never takes an outlet's place.
        sources = self.text.footnote_lines(entries, most=_MOST_OUTLETS)
        return [*sources, *self.text.note_lines(unplaced_note(self.view.unplaced))]

    def _inside(self, bbox: BBox) -> pd.DataFrame:
        west, south, east, north = bbox
        states = self.view.states
        inside = states["lon"].between(west, east) & states["lat"].between(south, north)
        return states[inside].reset_index(drop=True)

    def _box(self, text: Text, pad_pt: float = 0.0) -> Box:
        return self.text.box(text, pad_pt)

    def _date_box(self, ax: Axes) -> Box:
        text = ax.text(
            0.012,
            0.982,
            f"As of {self.view.day.isoformat()}",
            transform=ax.transAxes,
            ha="left",
            va="top",
            fontsize=12,
            fontweight="bold",
            color=INK,
            zorder=8,
            gid="as-of",
            bbox={
                "boxstyle": "square,pad=0.35",
                "facecolor": "white",
                "edgecolor": "#333333",
                "linewidth": 0.6,
                "alpha": 0.92,
            },
        )
        return self._box(text, pad_pt=0.35 * 12 + 2)

    def _scale_bar(self, ax: Axes, bbox: BBox) -> Box:
        """A bar of a round number of km, true at the map's middle latitude."""
        west, south, east, north = bbox
        latitude = (south + north) / 2
        span_km = (east - west) * KM_PER_DEGREE * math.cos(math.radians(latitude))
        length = nice_length(span_km / 5)
        x0, y0, fraction = 0.02, 0.03, length / span_km
        for start, colour in ((x0, INK), (x0 + fraction / 2, "white")):
            ax.fill_between(
                [start, start + fraction / 2],
                y0,
                y0 + 0.009,
                transform=ax.transAxes,
                facecolor=colour,
                edgecolor=INK,
                linewidth=0.6,
                zorder=8,
            )
        hemisphere = "N" if latitude >= 0 else "S"
        text = ax.text(
            x0,
            y0 + 0.018,
            f"{length:g} km (true at {abs(latitude):.0f}°{hemisphere})",
            transform=ax.transAxes,
            fontsize=7,
            color=INK,
            zorder=8,
            va="bottom",
            gid="scale-bar",
            bbox={"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.8},
        )
        label = self._box(text, pad_pt=2)
        right = float(ax.transAxes.transform((x0 + fraction, y0))[0])
        bottom = float(ax.transAxes.transform((x0, y0))[1])
        return Box(label.x0, bottom - self.text.pixels(3), max(right, label.x1) + self.text.pixels(3), label.y1)

    def _countries(self, ax: Axes, bbox: BBox) -> list[tuple[str, shapely.Geometry]]:
        """Outlines clipped to the view and simplified to half a pixel; returns the larger ones, to be named."""
        names, clipped = countries_in(bbox)
        west, south, east, north = bbox
        # Half a pixel is below what the eye can see; topology is not worth its cost in a drawing.
        clipped = shapely.simplify(clipped, (east - west) / ax.bbox.width / 2, preserve_topology=False)
        # add_artist, not add_patch: the limits are already set and updating them is slow.
        ax.add_artist(_land_patch(clipped))
        shares = shapely.area(clipped) / ((east - west) * (north - south))
        order = [i for i in np.argsort(-shares, kind="stable") if shares[i] > 0.01][:_MAX_COUNTRY_LABELS]
        return [(str(names[i]), clipped[i]) for i in order]

    def _crossings(
        self, ax: Axes, states: pd.DataFrame, furniture: list[Box], countries: list[tuple[str, shapely.Geometry]]
    ) -> None:
        rows = records(states)
        colors = self.atlas.party_colors()
        size_pt = 13.0 if len(rows) <= _CROWDED else 7.0
        xy = states[["lon", "lat"]].to_numpy(dtype=float).reshape(-1, 2)
        draw_symbols(ax, xy, [symbol_for(r, colors) for r in rows], size_pt=size_pt)
        pixels = ax.transData.transform(xy) if len(xy) else np.empty((0, 2))
        radius = self.text.pixels(size_pt * 0.45)
        markers = [Box(x - radius, y - radius, x + radius, y + radius) for x, y in pixels]
        frame = Box(*(float(v) for v in ax.bbox.extents))
        taken = [*furniture, *markers]
        if len(rows) <= MAX_LABELLED_CROSSINGS:
            taken += label_crossings(ax, self.text, rows, pixels, radius, taken, frame)
        label_countries(ax, self.text, countries, taken, frame)


def nice_length(km: float) -> float:
    """The largest of 1, 2 or 5 times a power of ten that is at most ``km``.

    >>> nice_length(437.0), nice_length(1.9)
    (200.0, 1.0)
    """
    power = 10.0 ** math.floor(math.log10(max(km, 1e-9)))
    return max(m * power for m in (1.0, 2.0, 5.0) if m * power <= km * (1 + 1e-9))


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
    return PathPatch(path, facecolor=LAND, edgecolor=PRINT_BORDER, linewidth=0.6, zorder=1)


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
    fig = render_map(
        atlas,
        day,
        region=region,
        bbox=bbox,
        title=title,
        subtitle=subtitle,
        permalink=permalink,
        crossing_filter=crossing_filter,
        **options,
    )
    return save_figure(fig, out, fmt=fmt)
