"""The crossing symbols as matplotlib paths, drawn many at a time.

The shapes, split fills, dashes and fading of :mod:`geo.present.symbology`, the spec the browser
draws from too, so a static map and the live one draw the same marks. One collection per kind
of symbol keeps 5,000 crossings to a few dozen draw calls.
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

from geo.present.symbology import BOX, DASH, FADED_ALPHA, INK, SHAPES, Symbol

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


@cache
def strip_path(status: str, strips: int, index: int) -> MplPath:
    """Vertical strip ``index`` of ``strips`` across a status shape, left to right like the live map's split fill."""
    if strips == 1:
        return _closed_path(_SHAPES[status])
    shape = shapely.Polygon(_SHAPES[status])
    west, _, east, _ = shape.bounds
    step = (east - west) / strips
    # Neighbouring strips overlap a little so no background shows through the seam.
    part = shape.intersection(shapely.box(west + step * index - 0.3, -BOX, west + step * (index + 1) + 0.3, BOX))
    points = [(float(x), float(y)) for x, y in shapely.get_coordinates(part)[:-1]]
    return _closed_path(points)


@cache
def outline_path(status: str) -> MplPath:
    """The outline of a status shape; sealed adds its cross."""
    path = _closed_path(_SHAPES[status])
    segments = SHAPES[status].get("cross", [])
    if not segments:
        return path
    ends = [_centred(x, y) for x0, y0, x1, y1 in segments for x, y in ((x0, y0), (x1, y1))]
    cross = MplPath(np.array(ends, dtype=float) / BOX, [MplPath.MOVETO, MplPath.LINETO] * len(segments))
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
    alphas = [FADED_ALPHA if s.faded else 1.0 for s in symbols]
    fills: dict[tuple[str, int], list[int]] = {}
    outlines: dict[tuple[str, bool], list[int]] = {}
    for i, symbol in enumerate(symbols):
        fills.setdefault((symbol.status, len(symbol.colors)), []).append(i)
        outlines.setdefault((symbol.status, symbol.dashed), []).append(i)
    calls = 0
    for (status, strips), rows in sorted(fills.items()):
        for k in range(strips):
            faces = [to_rgba(symbols[i].colors[k], alphas[i]) for i in rows]
            _collection(
                ax,
                strip_path(status, strips, k),
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
    for (status, dashed), rows in sorted(outlines.items()):
        edges = [to_rgba(INK, alphas[i]) for i in rows]
        dashes = (0.0, tuple(d * scale for d in DASH)) if dashed else "solid"
        _collection(
            ax,
            outline_path(status),
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
    return calls
