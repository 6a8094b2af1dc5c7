"""Static map symbols: every kind of crossing drawn in a few calls, and the permission badges beside them."""

from __future__ import annotations

import json
import math
import random
from datetime import date

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure

from geo.present.badges import (
    BADGE_HALO,
    BADGE_LABELS,
    BADGE_LOOKS,
    BADGE_RADIUS,
    BADGE_SPOTS,
    BADGES,
    GLYPHS,
    permission_marks,
    shown_badges,
)
from geo.present.mpl_style import map_style
from geo.present.mpl_symbols import badge_path, draw_symbols, outline_path, strip_path
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


# Permission marks --------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "marks"),
    [
        ({"authorised": True, "forbidden": False, "authorisation_lapsed": None}, ("authorised",)),
        # A renewal by another issuer in force hides an older lapse, as the words do.
        ({"authorised": True, "forbidden": False, "authorisation_lapsed": date(2023, 7, 10)}, ("authorised",)),
        ({"authorised": False, "forbidden": False, "authorisation_lapsed": date(2023, 7, 10)}, ("lapsed",)),
        ({"authorised": False, "forbidden": True, "authorisation_lapsed": None}, ("forbidden",)),
        ({"authorised": True, "forbidden": True, "authorisation_lapsed": None}, ("authorised", "forbidden")),
        ({"authorised": np.bool_(True), "forbidden": np.bool_(False)}, ("authorised",)),
        ({"authorised": False, "forbidden": False, "authorisation_lapsed": None}, ()),
        # A frame built by hand: no permission fields, or missing values, show nothing.
        ({}, ()),
        ({"authorised": float("nan"), "forbidden": None, "authorisation_lapsed": float("nan")}, ()),
    ],
)
def test_a_crossing_shows_the_badges_of_its_permission(state: dict[str, object], marks: tuple[str, ...]) -> None:
    assert permission_marks(state) == marks
    assert shown_badges(pd.DataFrame([state])) == list(marks)


def test_a_permission_badge_sits_inside_the_symbols_box_at_its_upper_right_then_upper_left() -> None:
    reach = BADGE_RADIUS + BADGE_HALO
    (first_x, first_y), (second_x, second_y) = BADGE_SPOTS
    assert first_x > BOX / 2 > second_x and first_y < BOX / 2 and second_y < BOX / 2
    for x, y in BADGE_SPOTS:
        assert reach <= x <= BOX - reach and reach <= y <= BOX - reach
    # Two badges never overlap, and each is at least a third of the box across: readable at a mark's size.
    assert first_x - second_x >= 2 * reach
    assert 2 * BADGE_RADIUS >= BOX / 3


def test_the_badges_read_apart_in_greyscale_and_from_the_status_shapes() -> None:
    # In force is a solid disc, lapsed a hollow dashed one; in force, a tick permits and a bar forbids.
    assert {kind: look["fill"] for kind, look in BADGE_LOOKS.items()} == {
        "authorised": "ink",
        "forbidden": "ink",
        "lapsed": "blank",
    }
    assert [BADGE_LOOKS[k]["dashed"] for k in ("authorised", "forbidden", "lapsed")] == [False, False, True]
    assert BADGE_LOOKS["authorised"]["glyph"] == BADGE_LOOKS["lapsed"]["glyph"] != BADGE_LOOKS["forbidden"]["glyph"]
    # The sealed cross is two diagonals; the bar is level and the tick bends once.
    (bar_start, bar_end), tick = GLYPHS["bar"], GLYPHS["tick"]
    assert bar_start[1] == bar_end[1] and len(tick) == 3
    assert set(BADGES) == set(BADGE_LOOKS) == set(BADGE_LABELS)


def test_static_badges_are_the_spec_the_browser_draws() -> None:
    sent = spec()["badge"]
    assert json.loads(json.dumps(sent)) == sent
    assert sent["spots"] == [list(s) for s in BADGE_SPOTS] and sent["glyphs"] == GLYPHS
    for spot, (cx, cy) in enumerate(BADGE_SPOTS):
        disc = _in_box(badge_path("disc", "tick", spot).vertices[:-1])
        assert all(math.isclose(math.dist(p, (cx, cy)), BADGE_RADIUS, abs_tol=1e-6) for p in disc)
        halo = _in_box(badge_path("halo", "tick", spot).vertices[:-1])
        assert all(math.isclose(math.dist(p, (cx, cy)), BADGE_RADIUS + BADGE_HALO, abs_tol=1e-6) for p in halo)
        for glyph, points in GLYPHS.items():
            drawn = _in_box(badge_path("glyph", glyph, spot).vertices)
            assert drawn == [(round(cx + dx, 6), round(cy + dy, 6)) for dx, dy in points]


def test_badges_add_three_calls_per_kind_and_spot_and_never_fade() -> None:
    plain = Symbol(("#e69f00",), "open", False, True)
    marked = [
        Symbol(("#e69f00",), "open", False, True, badges=("authorised",)),
        Symbol(("#e69f00",), "open", False, True, badges=("lapsed", "forbidden")),
    ]
    with map_style():
        ax = Figure().add_subplot()
        base = draw_symbols(ax, np.array([[0.5, 0.5]] * 2), [plain, plain], size_pt=24)
        ax = Figure().add_subplot()
        calls = draw_symbols(ax, np.array([[0.2, 0.5], [0.8, 0.5]]), marked, size_pt=24)
    # Authorised and lapsed at the first spot, forbidden at the second: halo, disc and glyph each.
    assert calls == base + 3 * 3
    badges = [c for c in ax.collections if (c.get_gid() or "").startswith("badge-")]
    assert sorted({c.get_gid() for c in badges}) == ["badge-authorised", "badge-forbidden", "badge-lapsed"]
    # The symbol is stale and faded; its permission is not.
    assert all(face[3] == 1.0 for c in badges for face in c.get_facecolor())
    discs = [c for c in badges if c.get_gid() == "badge-authorised"]
    # The halo white, the disc ink, the tick white.
    assert [tuple(c.get_facecolor()[0]) for c in discs[:2]] == [to_rgba("#ffffff"), to_rgba(INK)]
    assert tuple(discs[2].get_edgecolor()[0]) == to_rgba("#ffffff")


def test_a_symbols_badges_survive_json_and_only_a_marked_one_carries_them() -> None:
    marked = Symbol(("#e69f00",), "open", False, False, badges=("lapsed", "forbidden"))
    assert Symbol.from_json(marked.as_json()) == marked
    assert "badges" not in Symbol(("#e69f00",), "open", False, False).as_json()
