"""A crossing whose two sides differ is drawn in two halves, side a left and side b right, on every map."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure

from geo.atlas import Atlas
from geo.describe import records
from geo.present.leaflet import build_crossing_layer
from geo.present.legend import legend_entries
from geo.present.mpl_symbols import LEFT, RIGHT, WHOLE, draw_symbols, outline_path, strip_path
from geo.present.standalone import timeline_payload
from geo.present.static_map import render_map
from geo.present.symbology import (
    BOX,
    EXTENT,
    MIDDLE,
    SHAPES,
    Half,
    Symbol,
    drawn_parts,
    halves_text,
    hover_text,
    symbol_for,
)

NAMES = {"taliban": "Taliban", "afghan-government": "Afghan government", "pakistan": "Pakistan"}
COLORS = {"taliban": "#e69f00", "afghan-government": "#56b4e9", "pakistan": "#009e73"}
SEED_DAY = date(2021, 7, 14)


def sided(**overrides: object) -> dict[str, object]:
    """A state with both sides: by default Taliban-held on both, open, nothing presumed."""
    base: dict[str, object] = {
        "crossing_id": "x",
        "name": "X",
        "lat": 30.9,
        "lon": 66.4,
        "controllers": ("taliban",),
        "controller": "taliban",
        "confirmed": True,
        "contested": False,
        "status": "open",
        "status_side": "",
        "status_disputed": False,
        "stale": False,
        "country_a": "AFG",
        "country_b": "PAK",
    }
    for side in ("a", "b"):
        base |= {
            f"{side}_controllers": ("taliban",),
            f"{side}_confirmed": True,
            f"{side}_presumed": "",
            f"{side}_status": "open",
            f"{side}_status_disputed": False,
        }
    base.update(overrides)
    return base


#: The seed day's Spin Boldak-Chaman: the Afghan side contested, the Pakistani side presumed Pakistan's and sealed.
SPIN_BOLDAK = sided(
    controllers=("afghan-government", "taliban"),
    controller=None,
    confirmed=False,
    contested=True,
    status="sealed",
    status_side="PAK",
    a_controllers=("afghan-government", "taliban"),
    a_confirmed=False,
    a_status="unknown",
    b_controllers=(),
    b_confirmed=False,
    b_presumed="pakistan",
    b_status="sealed",
)


# The rule: when the sides are drawn apart -------------------------------------------------------


def test_sides_that_agree_draw_one_whole_symbol_as_before() -> None:
    symbol = symbol_for(sided(), COLORS)
    assert symbol.halves is None
    assert symbol.as_json() == {"colors": ["#e69f00"], "status": "open", "dashed": False, "faded": False}


def test_a_state_without_sides_draws_one_whole_symbol() -> None:
    whole = {k: v for k, v in sided(a_status="sealed").items() if not k.startswith(("a_", "b_"))}
    assert len(drawn_parts(whole)) == 1
    assert "halves" not in symbol_for(whole, COLORS).as_json()


def test_sides_with_no_status_in_a_frame_built_by_hand_agree() -> None:
    rows = pd.DataFrame([sided(a_status=float("nan"), b_status=float("nan"))])
    assert symbol_for(records(rows)[0], COLORS).halves is None
    assert not any(e["section"] == "Sides" for e in legend_entries(rows, NAMES, COLORS))


def test_a_holder_only_presumed_never_splits_a_symbol_by_itself() -> None:
    state = sided(b_controllers=(), b_confirmed=False, b_presumed="pakistan")
    assert symbol_for(state, COLORS).halves is None
    assert halves_text(state) == ""


def test_the_seed_days_spin_boldak_is_two_halves_each_its_sides_holders_and_status() -> None:
    symbol = symbol_for(SPIN_BOLDAK, COLORS)
    # The crossing's own fields stay as they were: a contested, sealed crossing.
    assert (symbol.colors, symbol.status) == (("#56b4e9", "#e69f00"), "sealed")
    assert symbol.halves == (
        Half(("#56b4e9", "#e69f00"), "unknown", dashed=False),
        # No report names the Pakistani side's holder: Pakistan is presumed, and the half is dashed.
        Half(("#009e73",), "sealed", dashed=True),
    )


@pytest.mark.parametrize(
    ("overrides", "halves"),
    [
        ({"b_status": "sealed", "status": "sealed"}, (("#e69f00",), "open", False, ("#e69f00",), "sealed", False)),
        ({"b_controllers": ("pakistan",)}, (("#e69f00",), "open", False, ("#009e73",), "open", False)),
        (
            {"a_controllers": ("afghan-government", "taliban"), "a_confirmed": False},
            (("#56b4e9", "#e69f00"), "open", False, ("#e69f00",), "open", False),
        ),
        ({"b_confirmed": False}, (("#e69f00",), "open", False, ("#e69f00",), "open", True)),
        (
            {"a_controllers": (), "b_controllers": (), "a_status": "restricted", "status": "restricted"},
            (("#ffffff",), "restricted", False, ("#ffffff",), "open", False),
        ),
    ],
    ids=["status", "holder", "contested", "confirmed", "no holder on either side"],
)
def test_sides_that_differ_in_status_holder_contest_or_confirmation_are_drawn_apart(
    overrides: dict[str, object], halves: tuple[Any, ...]
) -> None:
    symbol = symbol_for(sided(**overrides), COLORS)
    assert symbol.halves == (Half(*halves[:3]), Half(*halves[3:]))


def test_only_a_split_symbol_carries_halves_and_they_survive_json() -> None:
    split = symbol_for(SPIN_BOLDAK, COLORS)
    sent = json.loads(json.dumps(split.as_json()))
    assert [h["status"] for h in sent["halves"]] == ["unknown", "sealed"]
    assert Symbol.from_json(sent) == split
    assert Symbol.from_json(symbol_for(sided(), COLORS).as_json()).halves is None


def test_hover_text_says_which_half_is_which_side_and_each_sides_status() -> None:
    assert halves_text(SPIN_BOLDAK) == "left half: the Afghan side, unknown; right half: the Pakistani side, sealed"
    disputed = sided(b_status="sealed", status="sealed", b_status_disputed=True)
    assert halves_text(disputed).endswith(
        "right half: the Pakistani side, sealed (disputed: reports that day disagree)"
    )
    text = hover_text(SPIN_BOLDAK, NAMES)
    assert text.startswith("the Afghan side contested between Afghan government and Taliban")
    assert text.endswith("· left half: the Afghan side, unknown; right half: the Pakistani side, sealed")
    assert hover_text(sided(), NAMES) == "held by Taliban · open"


# The legend --------------------------------------------------------------------------------------


def labels_of(rows: list[dict[str, object]]) -> list[str]:
    return [e["label"] for e in legend_entries(pd.DataFrame(rows), NAMES, COLORS)]


def test_the_legend_explains_the_halves_only_when_a_symbol_is_split() -> None:
    assert not any(label.startswith("Two halves") for label in labels_of([sided(), sided(crossing_id="y")]))
    entries = legend_entries(pd.DataFrame([sided(), SPIN_BOLDAK]), NAMES, COLORS)
    (row,) = [e for e in entries if e["section"] == "Sides"]
    assert row["label"] == "Two halves: each side apart"
    assert row["parts"] == [{"text": "left: Afghan side, right: Pakistani side"}]
    # Its swatch is itself two halves of different shapes.
    assert [h["status"] for h in row["symbol"]["halves"]] == ["open", "sealed"]


def test_the_legend_names_what_the_halves_show_holders_statuses_and_presumed() -> None:
    labels = labels_of([SPIN_BOLDAK])
    # Pakistan's colour is on the map (its presumed half), and so are the Afghan half's diamond and its contest.
    assert "Pakistan" in labels and "Contested: Afghan government / Taliban" in labels
    assert "Status unknown (diamond)" in labels and "Sealed (crossed square)" in labels
    assert any(label.startswith("Presumed (dashed half)") for label in labels)
    assert not any(label.startswith("Unconfirmed") for label in labels)


def test_the_legend_lists_the_sides_per_left_country_and_in_general_when_there_are_many() -> None:
    few = [
        SPIN_BOLDAK,
        {**SPIN_BOLDAK, "crossing_id": "y", "country_b": "TJK"},
        {**SPIN_BOLDAK, "crossing_id": "z", "country_a": "IRN", "country_b": "AFG"},
    ]
    (row,) = [e for e in legend_entries(pd.DataFrame(few), NAMES, COLORS) if e["section"] == "Sides"]
    assert row["parts"] == [
        {"text": "left: Afghan side, right: Pakistani or Tajik side"},
        {"text": "left: Iranian side, right: Afghan side"},
    ]
    around = [{**SPIN_BOLDAK, "crossing_id": code, "country_b": code} for code in ("IRN", "PAK", "TJK", "UZB")]
    (row,) = [e for e in legend_entries(pd.DataFrame(around), NAMES, COLORS) if e["section"] == "Sides"]
    assert row["parts"] == [{"text": "left: Afghan side, right: the other country's side"}]
    many = [{**SPIN_BOLDAK, "crossing_id": code, "country_a": code} for code in ("IRN", "TJK", "UZB", "CHN")]
    (row,) = [e for e in legend_entries(pd.DataFrame(many), NAMES, COLORS) if e["section"] == "Sides"]
    assert row["label"] == "Two halves: each side apart, the left half the first country's side"
    assert "parts" not in row


# The static map's paths --------------------------------------------------------------------------


@pytest.mark.parametrize("status", list(SHAPES))
def test_a_half_path_lies_on_its_side_of_the_middle_and_reaches_it(status: str) -> None:
    left, right = outline_path(status, LEFT).get_extents(), outline_path(status, RIGHT).get_extents()
    whole = outline_path(status, WHOLE).get_extents()
    assert left.x1 == pytest.approx(0) and right.x0 == pytest.approx(0)
    assert (left.x0, right.x1) == (pytest.approx(whole.x0), pytest.approx(whole.x1))
    # The middle edge is the spec's, which the browser draws as the line between the halves.
    top, bottom = MIDDLE[status]
    assert left.y1 == pytest.approx((BOX / 2 - top) / BOX) and left.y0 == pytest.approx((BOX / 2 - bottom) / BOX)
    west, east = EXTENT[status]
    assert (whole.x0, whole.x1) == (pytest.approx((west - BOX / 2) / BOX), pytest.approx((east - BOX / 2) / BOX))


def test_a_halfs_strips_stay_inside_it_left_to_right() -> None:
    strips = [strip_path("unknown", 2, k, LEFT).get_extents() for k in range(2)]
    assert strips[0].x0 < strips[1].x0 and strips[1].x1 == pytest.approx(0)
    assert all(strip_path("open", 2, k, RIGHT).get_extents().x0 >= -1e-9 for k in range(2))


def test_a_sealed_half_keeps_its_half_of_the_cross() -> None:
    whole, half = outline_path("sealed", WHOLE), outline_path("sealed", RIGHT)
    cross = half.vertices[len(half.vertices) - 4 :]
    assert (cross[:, 0] >= -1e-9).all() and len(half.vertices) > len(outline_path("restricted", RIGHT).vertices)
    assert len(whole.vertices) == 5 + 4


def test_a_split_symbol_draws_each_half_as_its_own_kind() -> None:
    ax = Figure().add_subplot()
    calls = draw_symbols(ax, np.array([[0.5, 0.5], [0.2, 0.2]]), [symbol_for(SPIN_BOLDAK, COLORS)] * 2, size_pt=13)
    # Left: two strips and one outline; right: one fill and one outline; both crossings in the same calls.
    assert calls == 2 + 1 + 1 + 1
    one_sided = draw_symbols(Figure().add_subplot(), np.array([[0.5, 0.5]]), [symbol_for(sided(), COLORS)], size_pt=13)
    assert one_sided == 2


# Every map, on the seed day ---------------------------------------------------------------------


def _pixels_near(fig: Figure, lon: float, lat: float) -> tuple[np.ndarray, float, float, float]:
    """The rendered figure's RGB pixels, the crossing's pixel position (x, y down) and a box unit in pixels."""
    (ax,) = [a for a in fig.axes if a.get_gid() == "map"]
    fig.canvas.draw()
    rgb = np.asarray(fig.canvas.buffer_rgba())[:, :, :3].astype(float) / 255  # type: ignore[attr-defined]
    x, y = ax.transData.transform((lon, lat))
    unit = 13.0 * fig.dpi / 72 / BOX
    return rgb, float(x), float(rgb.shape[0] - y), unit


def _share(window: np.ndarray, color: str) -> float:
    """The share of ``window``'s pixels within a small distance of ``color``."""
    return float((np.abs(window - np.array(to_rgb(color))).max(axis=2) < 0.08).mean())


def test_the_static_seed_map_draws_spin_boldak_in_two_halves_and_islam_qala_whole(seed_atlas: Atlas) -> None:
    colors = seed_atlas.party_colors()
    states = seed_atlas.states(SEED_DAY).set_index("crossing_id")
    fig = render_map(seed_atlas, SEED_DAY, region="afghanistan-2021")
    spin = states.loc["spin-boldak-chaman"]
    rgb, x, y, unit = _pixels_near(fig, spin["lon"], spin["lat"])

    def window(x0: float, x1: float, y0: float, y1: float) -> np.ndarray:
        """Box units about the symbol's centre, y down."""
        return rgb[round(y + y0 * unit) : round(y + y1 * unit), round(x + x0 * unit) : round(x + x1 * unit)]

    left, right = window(-8, -2, -5, 5), window(2, 8, -5, 5)
    assert _share(left, colors["taliban"]) > 0.1 and _share(left, colors["afghan-government"]) > 0.02
    assert _share(left, colors["pakistan"]) == 0
    assert _share(right, colors["pakistan"]) > 0.2
    assert _share(right, colors["taliban"]) == 0 and _share(right, colors["afghan-government"]) == 0
    # The right half is sealed: its half of the cross darkens the middle of that half; the left half is a
    # diamond, with nothing drawn inside it.
    ink = np.array(to_rgb("#1a1a1a"))
    assert (np.abs(window(2, 5, -4, 4) - ink).max(axis=2) < 0.35).mean() > 0.05
    assert (np.abs(window(-5, -2, -4, 4) - ink).max(axis=2) < 0.35).mean() == 0
    # Islam Qala: both sides sealed by the Taliban's side, the Iranian side only presumed: one whole symbol.
    islam = states.loc["islam-qala"]
    rgb, x, y, unit = _pixels_near(fig, islam["lon"], islam["lat"])
    assert _share(window(-8, -5, -3, 3), colors["taliban"]) > 0.5
    assert _share(window(5, 8, -3, 3), colors["taliban"]) > 0.5
    assert _share(window(-9, 9, -9, 9), colors["iran"]) == 0


def test_the_live_map_sends_halves_only_for_the_crossings_whose_sides_differ(seed_atlas: Atlas) -> None:
    states = seed_atlas.states(SEED_DAY)
    layer = build_crossing_layer(
        states, day_label="2021-07-14", names=seed_atlas.party_names(), colors=seed_atlas.party_colors()
    )
    payload = json.loads(next(iter(layer._children.values())).payload)
    cols = payload["crossings"]
    by_id = {cid: payload["classes"][c] for cid, c in zip(cols["id"], cols["cls"], strict=True)}
    split = {cid for cid, (s, _, _) in by_id.items() if "halves" in payload["symbols"][s]}
    expected = {r["crossing_id"] for r in records(states) if len(drawn_parts(r)) == 2}
    assert "spin-boldak-chaman" in split and "islam-qala" not in split
    assert split == expected
    # Its halves are symbols of the same table, named by their places.
    halves = [payload["symbols"][h] for h in payload["symbols"][by_id["spin-boldak-chaman"][0]]["halves"]]
    assert [(h["status"], h["dashed"]) for h in halves] == [("unknown", False), ("sealed", True)]
    assert halves[1]["colors"] == [seed_atlas.party_colors()["pakistan"]]
    text = payload["texts"][by_id["spin-boldak-chaman"][1]]
    assert text.endswith("left half: the Afghan side, unknown; right half: the Pakistani side, sealed")
    assert "half" not in payload["texts"][by_id["islam-qala"][1]]


def test_the_standalone_page_draws_the_same_halves_and_says_them_on_hover(seed_atlas: Atlas) -> None:
    payload = timeline_payload(seed_atlas, region="afghanistan-2021", day=SEED_DAY)
    ids = [c["id"] for c in payload["crossings"]]
    current: dict[int, list[Any]] = {}
    for step in payload["steps"][: payload["start"] + 1]:
        current.update({change[0]: change for change in step["changes"]})
    spin = current[ids.index("spin-boldak-chaman")]
    symbol = payload["symbols"][spin[1]]
    assert [h["status"] for h in symbol["halves"]] == ["unknown", "sealed"]
    assert spin[2].startswith("Spin Boldak-Chaman · the Afghan side")
    assert "left half: the Afghan side, unknown; right half: the Pakistani side, sealed" in spin[2]
    assert "halves" not in payload["symbols"][current[ids.index("islam-qala")][1]]
