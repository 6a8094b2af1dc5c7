"""Static map symbols: every kind of crossing drawn in a few calls."""

from __future__ import annotations

import json
import math
import random

import numpy as np
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure

from geo.present.mpl_style import map_style
from geo.present.mpl_symbols import draw_symbols, outline_path, strip_path
from geo.present.symbology import BOX, DASH, INK, SHAPES, Symbol, spec


def test_five_thousand_symbols_of_every_kind_draw_in_a_few_calls() -> None:
    rng = random.Random(42)
    kinds = [
        Symbol(colors, status, dashed, faded)
        for colors in (("#e69f00",), ("#e69f00", "#56b4e9"), ("#e69f00", "#56b4e9", "#009e73"))
        for status in ("open", "restricted", "sealed", "unknown")
        for dashed in (False, True)
        for faded in (False, True)
    ]
    symbols = [rng.choice(kinds) for _ in range(5000)]
    ax = Figure().add_subplot()
    calls = draw_symbols(ax, np.array([(rng.uniform(0, 1), rng.uniform(0, 1)) for _ in symbols]), symbols, size_pt=7)
    # One call per strip of each (shape, number of colours), plus one outline per (shape, dashed).
    assert calls == 4 * (1 + 2 + 3) + 4 * 2


def test_strips_of_a_split_symbol_cover_its_shape_left_to_right() -> None:
    strips = [strip_path("open", 3, k).get_extents() for k in range(3)]
    assert strips[0].x0 < strips[1].x0 < strips[2].x0
    whole = strip_path("open", 1, 0).get_extents()
    assert strips[0].x0 == whole.x0 and strips[2].x1 == whole.x1


def test_only_the_sealed_outline_carries_a_cross() -> None:
    assert len(outline_path("open").vertices) == len(strip_path("open", 1, 0).vertices)
    assert len(outline_path("sealed").vertices) == len(strip_path("sealed", 1, 0).vertices) + 4


def _in_box(vertices: np.ndarray) -> list[tuple[float, float]]:
    """A path's vertices back in the spec's 24-unit box, y down as the browser draws."""
    return [(round(12 + x * BOX, 6), round(12 - y * BOX, 6)) for x, y in vertices]


def test_static_shapes_are_the_spec_the_browser_draws() -> None:
    for status, shape in SHAPES.items():
        outline = outline_path(status)
        corners = _in_box(strip_path(status, 1, 0).vertices[:-1])
        if "circle" in shape:
            cx, cy, r = shape["circle"]
            assert all(math.isclose(math.dist((x, y), (cx, cy)), r, abs_tol=1e-6) for x, y in corners), status
        else:
            assert corners == [tuple(p) for p in shape["points"]], status
        cross = _in_box(outline.vertices[len(corners) + 1 :])
        assert cross == [tuple(s[k : k + 2]) for s in shape.get("cross", []) for k in (0, 2)], status


def test_the_browser_gets_the_same_spec_as_json() -> None:
    sent = spec()
    assert json.loads(json.dumps(sent)) == sent
    assert sent["shapes"] == SHAPES
    assert sent["colors"]["ink"] == INK
    assert sent["stroke"]["dash"] == list(DASH)


def test_outlines_and_dashes_are_drawn_in_the_spec_ink_and_dash() -> None:
    with map_style():
        ax = Figure().add_subplot()
        # 24 points: one point per unit of the spec's box.
        draw_symbols(ax, np.array([[0.5, 0.5]]), [Symbol(("#e69f00",), "open", True, False)], size_pt=24)
        outline = ax.collections[-1]
    assert tuple(outline.get_edgecolor()[0]) == to_rgba(INK)
    ((_, dashes),) = outline.get_linestyle()
    assert tuple(round(d, 6) for d in dashes) == DASH
