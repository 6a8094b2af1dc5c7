"""Static map symbols: every kind of crossing drawn in a few calls."""

from __future__ import annotations

import random

import numpy as np
from matplotlib.figure import Figure

from geo.present.leaflet import Symbol
from geo.present.mpl_symbols import draw_symbols, outline_path, strip_path


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
