"""The crossing symbols as matplotlib paths, drawn many at a time.

The shapes, split fills, dashes and fading of :mod:`geo.present.symbology`, the spec the browser
draws from too, so a static map and the live one draw the same marks. One collection per kind
of symbol keeps 5,000 crossings to a few dozen draw calls. A symbol in two halves (its two sides
apart) is each half's own shape cut at the middle of the box, side a's on the left; each cut
outline closes along the middle, which draws the line between the halves. Permission badges
(:mod:`geo.present.badges`) go on top, one collection per kind of badge and part.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import cache
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import shapely
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.colors import to_rgba
from matplotlib.path import Path as MplPath
from matplotlib.transforms import IdentityTransform, Transform

from geo.present.badges import BADGE_DASH, BADGE_HALO, BADGE_LOOKS, BADGE_RADIUS, BADGE_SPOTS, BADGE_STROKE, GLYPHS
from geo.present.symbology import BLANK, BOX, DASH, FADED_ALPHA, INK, SHAPES, Half, Symbol

FloatArray = npt.NDArray[np.float64]

#: Points around a circle: more than the eye can tell from a true one at a symbol's size.
_CIRCLE_POINTS: Final = 48


def _centred(x: float, y: float) -> tuple[float, float]:
    """A point of the spec's box (y down) about the box's centre, y up as matplotlib draws."""
    return (x - BOX / 2, BOX / 2 - y)


def _outline_points(status: str) -> list[tuple[float, float]]:
    shape = SHAPES[status]
    if "circle" in shape:
        cx, cy, r = shape["circle"]
        x0, y0 = _centred(cx, cy)
        angles = np.linspace(0, 2 * math.pi, _CIRCLE_POINTS, endpoint=False)
        return [(x0 + r * math.cos(a), y0 + r * math.sin(a)) for a in angles]
    return [_centred(x, y) for x, y in shape["points"]]


_SHAPES: Final[dict[str, list[tuple[float, float]]]] = {status: _outline_points(status) for status in SHAPES}


def _closed_path(points: Sequence[tuple[float, float]]) -> MplPath:
    vertices = np.array([*points, points[0]], dtype=float) / BOX
    codes = [MplPath.MOVETO] + [MplPath.LINETO] * (len(points) - 1) + [MplPath.CLOSEPOLY]
    return MplPath(vertices, codes)


#: Which part of the box a path covers: the whole, or the left half (side a) or the right (side b).
WHOLE: Final = -1
LEFT: Final = 0
RIGHT: Final = 1


def _cut(status: str, half: int) -> shapely.Polygon:
    """A status shape, or its left or right half cut at the box's middle line."""
    shape = shapely.Polygon(_SHAPES[status])
    if half == WHOLE:
        return shape
    side = shapely.box(-BOX, -BOX, 0.0, BOX) if half == LEFT else shapely.box(0.0, -BOX, BOX, BOX)
    part = shape.intersection(side)
    if not isinstance(part, shapely.Polygon):
        raise ValueError(f"the {status} shape does not cross the middle of its box")
    return part


@cache
def strip_path(status: str, strips: int, index: int, half: int = WHOLE) -> MplPath:
    """Vertical strip ``index`` of ``strips`` across a status shape (or one half of it), left to right
    like the live map's split fill."""
    if strips == 1 and half == WHOLE:
        return _closed_path(_SHAPES[status])
    shape = _cut(status, half)
    west, _, east, _ = shape.bounds
    step = (east - west) / strips
    # Neighbouring strips overlap a little so no background shows through the seam; a half's
    # strips stay inside it, where the outline along the middle covers the seam.
    part = shape.intersection(shapely.box(west + step * index - 0.3, -BOX, west + step * (index + 1) + 0.3, BOX))
    points = [(float(x), float(y)) for x, y in shapely.get_coordinates(part)[:-1]]
    return _closed_path(points)


@cache
def outline_path(status: str, half: int = WHOLE) -> MplPath:
    """The outline of a status shape, or of one half of it closed along the middle; sealed adds its cross."""
    if half == WHOLE:
        path = _closed_path(_SHAPES[status])
    else:
        path = _closed_path([(float(x), float(y)) for x, y in shapely.get_coordinates(_cut(status, half))[:-1]])
    segments = SHAPES[status].get("cross", [])
    if not segments:
        return path
    ends = [_centred(x, y) for x0, y0, x1, y1 in segments for x, y in ((x0, y0), (x1, y1))]
    cross = shapely.MultiLineString([ends[k : k + 2] for k in range(0, len(ends), 2)])
    if half != WHOLE:
        cross = cross.intersection(_cut(status, half).envelope)
    lines = [shapely.get_coordinates(line) for line in getattr(cross, "geoms", [cross]) if not line.is_empty]
    vertices = np.concatenate(lines) / BOX
    codes = [code for line in lines for code in [MplPath.MOVETO] + [MplPath.LINETO] * (len(line) - 1)]
    return MplPath.make_compound_path(path, MplPath(vertices, codes))


def _collection(ax: Axes, path: MplPath, offsets: FloatArray, where: Transform, size_pt: float, **style: Any) -> None:
    # One collection per path draws any number of symbols in one call. Unlike scatter
    # markers the path is not rescaled to its own extent, so the strips line up.
    collection = PathCollection([path], sizes=[size_pt**2], offsets=offsets, offset_transform=where, **style)
    collection.set_transform(IdentityTransform())
    ax.add_collection(collection, autolim=False)


def _parts(symbol: Symbol) -> list[tuple[int, Half]]:
    """What to draw of a symbol: the whole, or each half with its own fill and shape."""
    if symbol.halves is None:
        return [(WHOLE, Half(symbol.colors, symbol.status, symbol.dashed))]
    return [(LEFT, symbol.halves[0]), (RIGHT, symbol.halves[1])]


def draw_symbols(
    ax: Axes,
    xy: FloatArray,
    symbols: Sequence[Symbol],
    *,
    size_pt: float,
    transform: Transform | None = None,
    zorder: float = 3.0,
) -> int:
    """Draw one symbol per row of ``xy`` (lon, lat); returns the number of draw calls, one per kind of symbol
    (a split symbol's halves are two kinds: a left one and a right one)."""
    where = ax.transData if transform is None else transform
    alphas = [FADED_ALPHA if s.faded else 1.0 for s in symbols]
    fills: dict[tuple[str, int, int], list[tuple[int, Half]]] = {}
    outlines: dict[tuple[str, int, bool], list[int]] = {}
    for i, symbol in enumerate(symbols):
        for half, part in _parts(symbol):
            fills.setdefault((part.status, half, len(part.colors)), []).append((i, part))
            outlines.setdefault((part.status, half, part.dashed), []).append(i)
    calls = 0
    for (status, half, strips), drawn in sorted(fills.items()):
        rows = [i for i, _ in drawn]
        for k in range(strips):
            faces = [to_rgba(part.colors[k], alphas[i]) for i, part in drawn]
            _collection(
                ax,
                strip_path(status, strips, k, half),
                xy[rows],
                where,
                size_pt,
                facecolors=faces,
                edgecolors="none",
                linewidths=0,
                zorder=zorder,
            )
            calls += 1
    scale = size_pt / BOX
    # Small symbols get thinner outlines, or the outline would swallow the colour.
    width = (2.0 if size_pt >= 10 else 1.3) * scale
    # Solid halves' outlines last: where a dashed half meets a solid one, the middle line is drawn solid.
    for (status, half, dashed), rows in sorted(
        outlines.items(), key=lambda o: (o[0][1] != WHOLE and not o[0][2], o[0])
    ):
        edges = [to_rgba(INK, alphas[i]) for i in rows]
        dashes = (0.0, tuple(d * scale for d in DASH)) if dashed else "solid"
        _collection(
            ax,
            outline_path(status, half),
            xy[rows],
            where,
            size_pt,
            facecolors="none",
            edgecolors=edges,
            linewidths=width,
            linestyles=[dashes],
            zorder=zorder + 0.1,
        )
        calls += 1
    # Never faded: a permit's days come from its own record, not from the age of the last report.
    calls += _draw_badges(ax, xy, symbols, where, size_pt, zorder=zorder + 0.2)
    return calls


#: Which spot a badge sits on: an index into :data:`~geo.present.badges.BADGE_SPOTS`, or the box's centre.
_CENTRE: Final = -1


@cache
def badge_path(part: str, glyph: str, spot: int, zoom: float = 1.0) -> MplPath:
    """A part of a badge at ``spot`` (``_CENTRE`` for the middle of the box), ``zoom`` times its size:
    the ``halo`` or ``disc`` as a closed circle, or the ``glyph`` as an open line."""
    cx, cy = (BOX / 2, BOX / 2) if spot == _CENTRE else BADGE_SPOTS[spot]
    x0, y0 = _centred(cx, cy)
    if part == "glyph":
        vertices = np.array([[x0 + dx * zoom, y0 - dy * zoom] for dx, dy in GLYPHS[glyph]], dtype=float) / BOX
        return MplPath(vertices, [MplPath.MOVETO] + [MplPath.LINETO] * (len(vertices) - 1))
    r = (BADGE_RADIUS + (BADGE_HALO if part == "halo" else 0.0)) * zoom
    angles = np.linspace(0, 2 * math.pi, _CIRCLE_POINTS, endpoint=False)
    return _closed_path([(x0 + r * math.cos(a), y0 + r * math.sin(a)) for a in angles])


def _draw_badges(
    ax: Axes,
    xy: FloatArray,
    symbols: Sequence[Symbol],
    where: Transform,
    size_pt: float,
    *,
    zorder: float,
    alone: float | None = None,
) -> int:
    """Each symbol's badges, three collections per kind and spot: the halo, the disc and the glyph.

    ``alone`` draws each in the middle of the box instead, that many times its size on a symbol.
    Returns the number of draw calls.
    """
    kinds: dict[tuple[str, int], list[int]] = {}
    for row, symbol in enumerate(symbols):
        for spot, kind in enumerate(symbol.badges):
            kinds.setdefault((kind, spot if alone is None else _CENTRE), []).append(row)
    zoom, scale = alone or 1.0, size_pt / BOX
    calls = 0
    for (kind, spot), rows in sorted(kinds.items()):
        look = BADGE_LOOKS[kind]
        ink = look["fill"] == "ink"
        fill, mark = (INK, BLANK) if ink else (BLANK, INK)
        offsets = xy[rows]
        common = {"zorder": zorder, "gid": f"badge-{kind}"}
        _collection(
            ax,
            badge_path("halo", look["glyph"], spot, zoom),
            offsets,
            where,
            size_pt,
            facecolors=BLANK,
            edgecolors="none",
            linewidths=0,
            **common,
        )
        ring = (0.0, tuple(d * scale * zoom for d in BADGE_DASH))
        _collection(
            ax,
            badge_path("disc", look["glyph"], spot, zoom),
            offsets,
            where,
            size_pt,
            facecolors=fill,
            edgecolors=INK if look["dashed"] else "none",
            linewidths=BADGE_STROKE["ring"] * scale * zoom if look["dashed"] else 0,
            linestyles=[ring] if look["dashed"] else "solid",
            **common,
        )
        _collection(
            ax,
            badge_path("glyph", look["glyph"], spot, zoom),
            offsets,
            where,
            size_pt,
            facecolors="none",
            edgecolors=mark,
            linewidths=BADGE_STROKE["glyph"] * scale * zoom,
            capstyle="round",
            joinstyle="round",
            **common,
        )
        calls += 3
    return calls


def draw_badge_alone(ax: Axes, xy: FloatArray, kind: str, *, size_pt: float, transform: Transform) -> int:
    """One badge of ``kind`` filling a ``size_pt`` square at each row of ``xy``: the legend's swatch."""
    zoom = BOX / (2 * (BADGE_RADIUS + BADGE_HALO))
    symbol = Symbol((BLANK,), "open", False, False, badges=(kind,))
    return _draw_badges(
        ax,
        xy,
        [symbol] * len(xy),
        transform,
        size_pt,
        zorder=3.2,
        alone=zoom,
    )
