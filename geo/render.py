"""Static maps for briefings: PNG, PDF and SVG drawn with matplotlib, with no browser and no network.

The symbols are the live map's (:mod:`geo.maps`): the fill is the holder's party colour, split
into vertical strips when contested; the shape tells the status, so the map reads in greyscale;
a dashed outline marks an unconfirmed holder and a faded symbol a stale state.

Every size shares one layout on a page :data:`PAGE_WIDTH_IN` inches wide, so a larger size is
the same map at a higher resolution. The same input always gives the same bytes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
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
from matplotlib.collections import PathCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath
from matplotlib.text import Text
from matplotlib.transforms import IdentityTransform, Transform
from matplotlib.typing import RcKeyType

from geo.asof import day_number, day_numbers
from geo.atlas import Atlas
from geo.errors import BorderwatchError
from geo.frames import records
from geo.maps import MAX_LABELLED_CROSSINGS, Symbol, legend_entries, symbol_for
from geo.model import STATUS_SEVERITY
from geo.outlines import load_countries

#: West, south, east, north in degrees (WGS 84).
BBox = tuple[float, float, float, float]
FloatArray = npt.NDArray[np.float64]

FORMATS: Final[tuple[str, ...]] = ("png", "pdf", "svg")
#: Every size is laid out on a page this wide, so text keeps its size relative to the map.
PAGE_WIDTH_IN: Final = 10.0
#: For screens and slides.
SCREEN_PX: Final = (1600, 1000)
#: For print: the same page at 300 dpi, 25.4 cm wide, which fits A4 landscape inside its margins.
PRINT_PX: Final = (3000, 1875)

_LAND: Final = "#f4f1ea"
_SEA: Final = "#dbe9f4"
_BORDER: Final = "#8a8a8a"
_INK: Final = "#1a1a1a"
_MUTED: Final = "#555555"
_FADED_ALPHA: Final = 0.4
#: Above this many crossings the symbols shrink so that dense areas stay readable.
_CROWDED: Final = 300
#: Legend rows for holders before the rest are summed up in one line.
_MAX_HOLDER_ROWS: Final = 10
_MAX_SOURCE_LINES: Final = 4
# Not a semicolon: outlet names such as "TRT World; Pakistan Observer" hold one.
_SOURCE_SEPARATOR: Final = "  ·  "
_MAX_COUNTRY_LABELS: Final = 40
_KM_PER_DEGREE: Final = 111.32
_LABEL_PT: Final = 8.5
#: Padding around a label's text, as a share of its font size.
_LABEL_PAD: Final = 0.2
_RC: Final[dict[RcKeyType, Any]] = {
    # DejaVu ships with matplotlib, so no font is looked up anywhere else.
    "font.family": "DejaVu Sans",
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


class ViewError(BorderwatchError):
    """A map that cannot be drawn as asked: an unknown region, a bad box, size or format."""


class UnknownRegionError(ViewError):
    """A region that no crossing belongs to."""

    def __init__(self, region: str, known: Sequence[str]) -> None:
        self.region = region
        super().__init__(f"unknown region {region!r}; known regions: {', '.join(known) or 'none'}")


class BadBBoxError(ViewError):
    """A bounding box that is not W,S,E,N in degrees with W < E and S < N."""

    def __init__(self, value: object, reason: str) -> None:
        self.value = value
        super().__init__(f"bad bounding box {value!r}: {reason}")


def parse_bbox(text: str) -> BBox:
    """``"W,S,E,N"`` as a checked :data:`BBox`.

    >>> parse_bbox("60,29,72.5,38")
    (60.0, 29.0, 72.5, 38.0)
    """
    try:
        values = [float(p) for p in text.split(",")]
    except ValueError:
        values = []
    if len(values) != 4:
        raise BadBBoxError(text, "expected four numbers W,S,E,N")
    return check_bbox((values[0], values[1], values[2], values[3]))


def check_bbox(bbox: BBox) -> BBox:
    """``bbox`` if it is a usable view, else :class:`BadBBoxError`."""
    west, south, east, north = bbox
    if not all(math.isfinite(v) for v in bbox):
        raise BadBBoxError(bbox, "every value must be a finite number")
    if not -180 <= west < east <= 180:
        raise BadBBoxError(bbox, "need -180 <= W < E <= 180")
    if not -90 <= south < north <= 90:
        raise BadBBoxError(bbox, "need -90 <= S < N <= 90")
    return bbox


def padded_bbox(lats: Sequence[float], lons: Sequence[float], *, margin: float = 0.18, least: float = 1.5) -> BBox:
    """The box around the points, widened by ``margin`` of its size, and to ``least`` degrees each side of centre."""
    if not len(lats):
        return (-180.0, -60.0, 180.0, 80.0)
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    pad_x = max((east - west) * margin, least - (east - west) / 2)
    pad_y = max((north - south) * margin, least - (north - south) / 2)
    return (max(west - pad_x, -180), max(south - pad_y, -85), min(east + pad_x, 180), min(north + pad_y, 85))


def fit_bbox(bbox: BBox, aspect: float) -> BBox:
    """``bbox`` grown so that its width over its height, in km at its middle latitude, is ``aspect``."""
    west, south, east, north = bbox
    stretch = math.cos(math.radians((south + north) / 2))
    width, height = (east - west) * stretch, north - south
    if width / height < aspect:
        grow = (height * aspect / stretch - (east - west)) / 2
        return (west - grow, south, east + grow, north)
    grow = (width / aspect - height) / 2
    return (west, south - grow, east, north + grow)


@dataclass(frozen=True)
class View:
    """What one map shows: the states of some crossings on one day, and the box around them."""

    day: date
    states: pd.DataFrame
    bbox: BBox


def select_view(atlas: Atlas, day: date, *, region: str | None = None, bbox: BBox | None = None) -> View:
    """A region's crossings, or every crossing; the box is ``bbox`` or the one around those crossings.

    With a ``bbox`` every crossing stays in: a map draws whatever falls inside its frame,
    which is ``bbox`` widened to the frame's shape.
    """
    if region is not None and bbox is not None:
        raise ViewError("give a region or a bounding box, not both")
    states = atlas.states(day)
    if region is not None:
        if region not in atlas.regions():
            raise UnknownRegionError(region, atlas.regions())
        states = states[states["region"] == region]
    if bbox is None:
        return View(day, states.reset_index(drop=True), padded_bbox(list(states["lat"]), list(states["lon"])))
    return View(day, states.reset_index(drop=True), check_bbox(bbox))


def deciding_for(reports: pd.DataFrame, states: pd.DataFrame) -> pd.DataFrame:
    """The reports that decide every state in ``states``, in one pass.

    The rule of :meth:`Atlas.deciding` (reports naming a controller on the control
    date, or stating a status on the status date), without one lookup per crossing.
    """
    mine = reports[reports["crossing_id"].isin(states["crossing_id"])]
    days = day_numbers(mine["date"]) if len(mine) else np.empty(0, dtype=np.int64)

    def on(column: str) -> npt.NDArray[np.bool_]:
        wanted = {c: day_number(d) for c, d in zip(states["crossing_id"], states[column], strict=True) if d}
        said = mine[{"control_date": "controller", "status_date": "status"}[column]].fillna("").astype(str) != ""
        same_day = mine["crossing_id"].map(wanted).fillna(-1).to_numpy(dtype=np.int64) == days
        hit: npt.NDArray[np.bool_] = same_day & said.to_numpy(dtype=bool)
        return hit

    deciding: pd.DataFrame = mine[on("control_date") | on("status_date")]
    return deciding


def source_entries(deciding: pd.DataFrame, *, most_dates: int = 4) -> list[str]:
    """One entry per outlet with the dates of its reports, deduplicated and sorted.

    An outlet with more than ``most_dates`` dates gets its count and range instead.

    >>> source_entries(pd.DataFrame({"source": ["AFP", "AFP", "AFP"],
    ...                              "date": ["2021-07-14", "2021-05-01", "2021-07-14"]}))
    ['AFP (2021-05-01, 2021-07-14)']
    """
    outlets: dict[str, set[str]] = {}
    for source, day in zip(deciding["source"], deciding["date"], strict=True):
        outlets.setdefault(str(source).strip(), set()).add(str(day))
    entries = []
    for outlet in sorted(outlets, key=lambda s: (s.casefold(), s)):
        days = sorted(outlets[outlet])
        when = ", ".join(days) if len(days) <= most_dates else f"{len(days)} dates, {days[0]} to {days[-1]}"
        entries.append(f"{outlet} ({when})")
    return entries


# Label placement ------------------------------------------------------------


@dataclass(frozen=True)
class Box:
    """A rectangle in pixels, y up."""

    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box) -> bool:
        """True when the two share more than an edge."""
        return self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1

    def inside(self, frame: Box) -> bool:
        """True when the box lies wholly within ``frame``."""
        return frame.x0 <= self.x0 and self.x1 <= frame.x1 and frame.y0 <= self.y0 and self.y1 <= frame.y1


@dataclass(frozen=True)
class Placement:
    """Where a label goes: its box, its text anchor and alignment, and whether a leader line joins it to its point."""

    box: Box
    x: float
    y: float
    ha: str
    va: str
    leader: bool


# Directions tried around a point, in order of preference: beside, above and below, then diagonals.
_DIRECTIONS: Final = (
    (1.0, 0.0, "left", "center"),
    (-1.0, 0.0, "right", "center"),
    (0.0, 1.0, "center", "bottom"),
    (0.0, -1.0, "center", "top"),
    (0.75, 0.75, "left", "bottom"),
    (0.75, -0.75, "left", "top"),
    (-0.75, 0.75, "right", "bottom"),
    (-0.75, -0.75, "right", "top"),
)


def _candidate(anchor: tuple[float, float], size: tuple[float, float], direction: tuple[float, float, str, str],
               distance: float, leader: bool) -> Placement:
    (x, y), (w, h), (dx, dy, ha, va) = anchor, size, direction
    tx, ty = x + dx * distance, y + dy * distance
    x0 = {"left": tx, "right": tx - w, "center": tx - w / 2}[ha]
    y0 = {"bottom": ty, "top": ty - h, "center": ty - h / 2}[va]
    return Placement(Box(x0, y0, x0 + w, y0 + h), tx, ty, ha, va, leader)


class _Occupied:
    """Boxes already taken, checked against all at once."""

    def __init__(self, boxes: Sequence[Box]) -> None:
        self._boxes = np.array([(b.x0, b.y0, b.x1, b.y1) for b in boxes], dtype=float).reshape(-1, 4)

    def clear(self, box: Box) -> bool:
        b = self._boxes
        hit = (box.x0 < b[:, 2]) & (b[:, 0] < box.x1) & (box.y0 < b[:, 3]) & (b[:, 1] < box.y1)
        return not bool(hit.any())

    def add(self, box: Box) -> None:
        self._boxes = np.vstack([self._boxes, [(box.x0, box.y0, box.x1, box.y1)]])


def place_labels(
    anchors: Sequence[tuple[float, float]],
    sizes: Sequence[tuple[float, float]],
    *,
    radius: float,
    obstacles: Sequence[Box],
    frame: Box,
) -> list[Placement | None]:
    """Greedy label placement: each label in turn takes the first free spot around its point.

    Spots next to the point come first, then spots further out joined by a leader line.
    A spot is free when it lies inside ``frame`` and overlaps neither an obstacle nor a
    label placed before it. A label with no free spot is left out (None).
    """
    occupied = _Occupied(obstacles)
    placed: list[Placement | None] = []
    for anchor, size in zip(anchors, sizes, strict=True):
        near = [_candidate(anchor, size, d, radius, False) for d in _DIRECTIONS]
        far = [_candidate(anchor, size, d, radius + k * size[1], True) for k in (1.6, 3.0) for d in _DIRECTIONS]
        chosen = next((c for c in [*near, *far] if c.box.inside(frame) and occupied.clear(c.box)), None)
        if chosen is not None:
            occupied.add(chosen.box)
        placed.append(chosen)
    return placed


# Symbols --------------------------------------------------------------------

# The live map's shapes (geo.maps) in its 24-unit box, centred, y up.
_SHAPES: Final[dict[str, list[tuple[float, float]]]] = {
    "open": [(9 * math.cos(a), 9 * math.sin(a)) for a in np.linspace(0, 2 * math.pi, 48, endpoint=False)],
    "sealed": [(-9, -9), (9, -9), (9, 9), (-9, 9)],
    "restricted": [(0, 10), (10, -9), (-10, -9)],
    "unknown": [(0, 10.5), (10.5, 0), (0, -10.5), (-10.5, 0)],
}
_BOX: Final = 24.0


def _closed_path(points: Sequence[tuple[float, float]]) -> MplPath:
    vertices = np.array([*points, points[0]], dtype=float) / _BOX
    codes = [MplPath.MOVETO] + [MplPath.LINETO] * (len(points) - 1) + [MplPath.CLOSEPOLY]
    return MplPath(vertices, codes)


@cache
def strip_path(status: str, strips: int, index: int) -> MplPath:
    """Vertical strip ``index`` of ``strips`` across a status shape, left to right like the live map's split fill."""
    if strips == 1:
        return _closed_path(_SHAPES[status])
    shape = shapely.Polygon(_SHAPES[status])
    west, _, east, _ = shape.bounds
    step = (east - west) / strips
    # Neighbouring strips overlap a little so no background shows through the seam.
    part = shape.intersection(shapely.box(west + step * index - 0.3, -_BOX, west + step * (index + 1) + 0.3, _BOX))
    points = [(float(x), float(y)) for x, y in shapely.get_coordinates(part)[:-1]]
    return _closed_path(points)


@cache
def outline_path(status: str) -> MplPath:
    """The outline of a status shape; sealed adds its cross."""
    path = _closed_path(_SHAPES[status])
    if status != "sealed":
        return path
    cross = MplPath(np.array([(-5, 5), (5, -5), (5, 5), (-5, -5)], dtype=float) / _BOX, [1, 2, 1, 2])
    return MplPath.make_compound_path(path, cross)


def _collection(ax: Axes, path: MplPath, offsets: FloatArray, where: Transform, size_pt: float, **style: Any) -> None:
    # One collection per path draws any number of symbols in one call. Unlike scatter
    # markers the path is not rescaled to its own extent, so the strips line up.
    collection = PathCollection([path], sizes=[size_pt**2], offsets=offsets, offset_transform=where, **style)
    collection.set_transform(IdentityTransform())
    ax.add_collection(collection, autolim=False)


def draw_symbols(
    ax: Axes,
    xy: FloatArray,
    symbols: Sequence[Symbol],
    *,
    size_pt: float,
    transform: Transform | None = None,
    zorder: float = 3.0,
) -> int:
    """Draw one symbol per row of ``xy`` (lon, lat); returns the number of draw calls, one per kind of symbol."""
    where = ax.transData if transform is None else transform
    alphas = [_FADED_ALPHA if s.faded else 1.0 for s in symbols]
    fills: dict[tuple[str, int], list[int]] = {}
    outlines: dict[tuple[str, bool], list[int]] = {}
    for i, symbol in enumerate(symbols):
        fills.setdefault((symbol.status, len(symbol.colors)), []).append(i)
        outlines.setdefault((symbol.status, symbol.dashed), []).append(i)
    calls = 0
    for (status, strips), rows in sorted(fills.items()):
        for k in range(strips):
            faces = [to_rgba(symbols[i].colors[k], alphas[i]) for i in rows]
            _collection(ax, strip_path(status, strips, k), xy[rows], where, size_pt, facecolors=faces,
                        edgecolors="none", linewidths=0, zorder=zorder)
            calls += 1
    scale = size_pt / _BOX
    # Small symbols get thinner outlines, or the outline would swallow the colour.
    width = (2.0 if size_pt >= 10 else 1.3) * scale
    for (status, dashed), rows in sorted(outlines.items()):
        edges = [to_rgba(_INK, alphas[i]) for i in rows]
        dashes = (0.0, (3.2 * scale, 2.2 * scale)) if dashed else "solid"
        _collection(ax, outline_path(status), xy[rows], where, size_pt, facecolors="none", edgecolors=edges,
                    linewidths=width, linestyles=[dashes], zorder=zorder + 0.1)
        calls += 1
    return calls


# Drawing --------------------------------------------------------------------


@dataclass(frozen=True)
class _Layout:
    """Where the parts go on a ``width`` x ``height`` inch page: title band, map, legend panel, footer."""

    width: float
    height: float
    top: float
    bottom: float = 0.8
    margin: float = 0.22
    panel: float = 2.3
    gap: float = 0.18

    def map_rect(self) -> tuple[float, float, float, float]:
        left, bottom = self.margin / self.width, self.bottom / self.height
        right = (self.width - self.margin - self.panel - self.gap) / self.width
        return (left, bottom, right - left, 1 - self.top / self.height - bottom)

    def panel_rect(self) -> tuple[float, float, float, float]:
        _, bottom, _, height = self.map_rect()
        return ((self.width - self.margin - self.panel) / self.width, bottom, self.panel / self.width, height)


def _wrap(words: Sequence[str], width_px: float, measure: Callable[[str], float], separator: str) -> list[list[str]]:
    """Greedy wrap: ``words`` grouped into lines whose joined text is at most ``width_px`` wide."""
    lines: list[list[str]] = []
    for word in words:
        if lines and measure(separator.join([*lines[-1], word])) <= width_px:
            lines[-1].append(word)
        else:
            lines.append([word])
    return lines


@contextmanager
def _style() -> Iterator[None]:
    with mpl.rc_context(_RC):
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
) -> Figure:
    """The crossings as of ``day`` as a figure of ``size`` pixels, ready to save.

    Shows a region's crossings, every crossing inside ``bbox`` (W, S, E, N, widened to
    the frame's shape), or all of them, over country outlines, with name labels, a legend of the symbols in use,
    the date, a scale bar, the sources behind what is shown and the permalink.

    Examples
    --------
    >>> fig = render_map(atlas, date(2021, 7, 14), region="afghanistan-2021")  # doctest: +SKIP
    >>> save_figure(fig, Path("briefing.png"))  # doctest: +SKIP
    """
    width_px, height_px = size
    if width_px < 600 or height_px < 400:
        raise ViewError(f"size {width_px}x{height_px} is too small: need at least 600x400 pixels")
    view = select_view(atlas, day, region=region, bbox=bbox)
    with _style():
        return _Drawing(atlas, view, width_px, height_px).draw(title, subtitle, permalink)


class _Drawing:
    """One figure being drawn, with what its steps share."""

    def __init__(self, atlas: Atlas, view: View, width_px: int, height_px: int) -> None:
        self.atlas, self.view = atlas, view
        self.dpi = width_px / PAGE_WIDTH_IN
        # A hair over the exact size, so rounding down never loses the last pixel.
        self.fig = Figure(figsize=((width_px + 0.01) / self.dpi, (height_px + 0.01) / self.dpi), dpi=self.dpi)
        # The Agg renderer measures text exactly as it will be drawn.
        self.renderer: RendererAgg = FigureCanvasAgg(self.fig).get_renderer()  # type: ignore[no-untyped-call]

    def points(self, pixels: float) -> float:
        return pixels * 72 / self.dpi

    def pixels(self, points: float) -> float:
        return points * self.dpi / 72

    def draw(self, title: str | None, subtitle: str | None, permalink: str | None) -> Figure:
        width, height = (float(v) for v in self.fig.get_size_inches())
        top = 0.16 + (0.36 if title else 0.0) + (0.26 if subtitle else 0.0) + (0.0 if title or subtitle else 0.06)
        layout = _Layout(width, height, top=top)
        ax = self.fig.add_axes(layout.map_rect())
        _, _, w_frac, h_frac = layout.map_rect()
        bbox = fit_bbox(self.view.bbox, (w_frac * width) / (h_frac * height))
        west, south, east, north = bbox
        ax.set_xlim(west, east)
        ax.set_ylim(south, north)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_facecolor(_SEA)
        for spine in ax.spines.values():
            spine.set_edgecolor("#333333")
            spine.set_linewidth(0.8)
        states = self.view.states
        shown = states[states["lon"].between(west, east) & states["lat"].between(south, north)].reset_index(drop=True)
        furniture = [self._date_box(ax), self._scale_bar(ax, bbox)]
        countries = self._countries(ax, bbox)
        self._crossings(ax, shown, furniture, countries)
        panel = self.fig.add_axes(layout.panel_rect())
        panel.set_axis_off()
        self._legend(panel, shown)
        self._header(layout, title, subtitle)
        self._footer(layout, shown, permalink)
        return self.fig

    def _box(self, text: Text, pad_pt: float = 0.0) -> Box:
        extent = text.get_window_extent(self.renderer)
        pad = self.pixels(pad_pt)
        return Box(extent.x0 - pad, extent.y0 - pad, extent.x1 + pad, extent.y1 + pad)

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
        order = sorted(range(len(rows)), key=lambda i: (not rows[i]["contested"],
                                                        -STATUS_SEVERITY[rows[i]["status"]], str(rows[i]["name"])))
        # Each label sits on a pale box, as on the live map; the box is what must not overlap.
        pad = self.pixels(_LABEL_PAD * _LABEL_PT)
        sizes = []
        for i in order:
            box = self._box(self._probe(str(rows[i]["name"]), fontsize=_LABEL_PT))
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
            ax.annotate(str(row["name"]), xy=(row["lon"], row["lat"]), textcoords="offset points",
                        xytext=(self.points(dx), self.points(dy)), ha=spot.ha, va=spot.va, fontsize=_LABEL_PT,
                        color=_INK, zorder=7, annotation_clip=False, gid=f"crossing-label:{row['crossing_id']}",
                        bbox={"boxstyle": f"square,pad={_LABEL_PAD}", "facecolor": "white", "edgecolor": "none",
                              "alpha": 0.85},
                        arrowprops=leader if spot.leader else None)
            placed.append(spot.box)
        return placed

    def _probe(self, text: str, **style: Any) -> Text:
        """A text that is measured, never drawn."""
        probe = Text(0, 0, text, **style)
        probe.set_figure(self.fig)
        return probe

    def _country_labels(self, ax: Axes, countries: list[tuple[str, shapely.Geometry]], taken: list[Box],
                        frame: Box) -> None:
        occupied = _Occupied(taken)
        for name, shape in countries:
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
        """The symbols in use and nothing else, worded as on the live map."""
        entries = legend_entries(states, self.atlas.party_names(), self.atlas.party_colors()) if len(states) else []
        held = [e for e in entries if e["section"] == "Held by"]
        if len(held) > _MAX_HOLDER_ROWS:
            more = {"section": "Held by", "label": f"… and {len(held) - _MAX_HOLDER_ROWS + 1} more", "symbol": None}
            entries = [*held[: _MAX_HOLDER_ROWS - 1], more, *entries[len(held) :]]
        row = self.pixels(15) / panel.bbox.height
        font = FontProperties(family="DejaVu Sans", size=8)
        width_px = panel.bbox.width * 0.86
        panel.text(0, 1, "Legend", transform=panel.transAxes, fontsize=10, fontweight="bold", va="top", color=_INK)
        y, section = 1 - row * 1.6, None
        for entry in entries:
            if entry["section"] != section:
                section = entry["section"]
                panel.text(0, y - row * 0.3, section, transform=panel.transAxes, fontsize=8, fontweight="bold",
                           va="center", color=_MUTED, gid="legend-section")
                y -= row * 1.3
            lines = [" ".join(line) for line in _wrap(str(entry["label"]).split(" "), width_px,
                                                       lambda s: self._measure(s, font), " ")]
            if entry["symbol"] is not None:
                spec = entry["symbol"]
                symbol = Symbol(tuple(spec["colors"]), spec["status"], spec["dashed"], spec["faded"])
                draw_symbols(panel, np.array([[0.05, y]]), [symbol], size_pt=11, transform=panel.transAxes)
            panel.text(0.13, y + row * 0.4 if len(lines) > 1 else y, "\n".join(lines), transform=panel.transAxes,
                       fontsize=8, va="top" if len(lines) > 1 else "center", color=_INK, gid="legend-label",
                       linespacing=1.1)
            y -= row * (1 + 0.75 * (len(lines) - 1))

    def _measure(self, text: str, font: FontProperties) -> float:
        width, _, _ = self.renderer.get_text_width_height_descent(text, font, ismath=False)  # type: ignore[no-untyped-call]
        return float(width)

    def _header(self, layout: _Layout, title: str | None, subtitle: str | None) -> None:
        left, top = layout.margin / layout.width, 1 - 0.16 / layout.height
        if title:
            self.fig.text(left, top, title, fontsize=15, fontweight="bold", va="top", color=_INK, gid="title")
            top -= 0.36 / layout.height
        if subtitle:
            self.fig.text(left, top, subtitle, fontsize=10, va="top", color=_MUTED, gid="subtitle")

    def _footer(self, layout: _Layout, states: pd.DataFrame, permalink: str | None) -> None:
        """The sources behind every state shown, then the permalink and credits on the last line."""
        entries = source_entries(deciding_for(self.atlas.reports, states))
        head = "Sources behind the states shown (outlet and report dates):"
        font = FontProperties(family="DejaVu Sans", size=6.5)
        lines = _wrap([head, *entries], (layout.width - 2 * layout.margin) * self.dpi,
                      lambda s: self._measure(s, font), _SOURCE_SEPARATOR)
        if len(lines) > _MAX_SOURCE_LINES:
            kept = lines[: _MAX_SOURCE_LINES - 1]
            left_out = len(entries) + 1 - sum(len(line) for line in kept)
            lines = [*kept, [f"… and {left_out} more outlets: export the history for the full list"]]
        text = "\n".join(_SOURCE_SEPARATOR.join(line) for line in lines)
        text = text.replace(head + _SOURCE_SEPARATOR, head + " ", 1)
        if not entries:
            text = "No report decides the states shown."
        left = layout.margin / layout.width
        self.fig.text(left, (layout.bottom - 0.1) / layout.height, text, fontsize=6.5, va="top", color=_INK,
                      gid="sources", linespacing=1.35)
        bottom = 0.08 / layout.height
        if permalink:
            self.fig.text(left, bottom, permalink, fontsize=5.5, va="bottom", color=_MUTED, gid="permalink")
        self.fig.text(1 - left, bottom, "Outlines: Natural Earth · Borderwatch", fontsize=5.5, ha="right",
                      va="bottom", color=_MUTED)


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


def save_figure(fig: Figure, out: Path, *, fmt: str | None = None) -> Path:
    """Write ``fig`` to ``out`` as PNG, PDF or SVG (from the suffix unless ``fmt`` says), reproducibly."""
    kind = (fmt or out.suffix.lstrip(".")).lower()
    if kind not in FORMATS:
        raise ViewError(f"unknown image format {kind!r}: expected one of {', '.join(FORMATS)}")
    with _style():
        fig.savefig(out, format=kind, dpi=fig.dpi, metadata=_METADATA[kind], facecolor="white")
    return out


def save_map(
    atlas: Atlas,
    day: date,
    out: Path,
    *,
    fmt: str | None = None,
    print_dpi: bool = False,
    region: str | None = None,
    bbox: BBox | None = None,
    title: str | None = None,
    subtitle: str | None = None,
    permalink: str | None = None,
) -> Path:
    """Render the map (see :func:`render_map`) and write it; ``print_dpi`` gives the 300 dpi print size."""
    fig = render_map(atlas, day, region=region, bbox=bbox, title=title, subtitle=subtitle, permalink=permalink,
                     size=PRINT_PX if print_dpi else SCREEN_PX)
    return save_figure(fig, out, fmt=fmt)
