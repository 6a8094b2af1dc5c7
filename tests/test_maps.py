"""The map: offline assets, an unchanging base map, symbols, legend and safe text."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from geo.assets import AssetUrls, install_assets
from geo.maps import (
    MAX_DOM_CROSSINGS,
    MAX_LABELLED_CROSSINGS,
    MAX_LEGEND_HOLDERS,
    build_base_map,
    build_crossing_layer,
    legend_entries,
    nearest_crossing,
    symbol_for,
    view_for,
)
from geo.outlines import COUNTRIES_GEOJSON

ASSETS = AssetUrls.under("/app/static")
NAMES = {"taliban": "Taliban", "afghan-government": "Afghan government", "pakistan": "Pakistan"}
COLORS = {"taliban": "#e69f00", "afghan-government": "#56b4e9", "pakistan": "#009e73"}


def state(**overrides: object) -> dict[str, object]:
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
        "status_disputed": False,
        "stale": False,
    }
    base.update(overrides)
    return base


def states(*rows: dict[str, object]) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


def rendered(fmap: object) -> str:
    return fmap.get_root().render()  # type: ignore[attr-defined,no-any-return]


def normalised(html: str) -> str:
    """Rendered HTML with folium's random element ids taken out."""
    return re.sub(r"_[0-9a-f]{32}", "_ID", html)


def test_base_map_is_identical_on_every_build() -> None:
    assert normalised(rendered(build_base_map(ASSETS))) == normalised(rendered(build_base_map(ASSETS)))


def test_base_map_loads_nothing_from_the_internet() -> None:
    html = rendered(build_base_map(ASSETS))
    assert not re.findall(r"https?://[^\s\"')]+\.(?:js|css)", html)
    assert "/app/static/vendor/leaflet/leaflet.js" in html
    assert "/app/static/vendor/outlines/countries.geojson" in html
    assert "tile.openstreetmap" not in html


def test_install_assets_copies_leaflet_jquery_and_outlines(tmp_path: Path) -> None:
    vendor = install_assets(tmp_path, outlines=COUNTRIES_GEOJSON)
    for relative in ("leaflet/leaflet.js", "leaflet/leaflet.css", "jquery/jquery.min.js", "outlines/countries.geojson"):
        assert (vendor / relative).stat().st_size > 1000, relative
    assert (vendor / "leaflet" / "images" / "marker-icon.png").exists()


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, {"colors": ["#e69f00"], "status": "open", "dashed": False, "faded": False}),
        ({"confirmed": False}, {"colors": ["#e69f00"], "status": "open", "dashed": True, "faded": False}),
        (
            {"controllers": ("afghan-government", "taliban"), "confirmed": False, "status": "sealed"},
            {"colors": ["#56b4e9", "#e69f00"], "status": "sealed", "dashed": False, "faded": False},
        ),
        (
            {"controllers": (), "status": "unknown"},
            {"colors": ["#ffffff"], "status": "unknown", "dashed": False, "faded": False},
        ),
        (
            {"stale": True, "status": "restricted"},
            {"colors": ["#e69f00"], "status": "restricted", "dashed": False, "faded": True},
        ),
    ],
    ids=["held and confirmed", "unconfirmed is dashed", "contested is split", "unknown is white", "stale is faded"],
)
def test_symbol_for_a_state(overrides: dict[str, object], expected: dict[str, object]) -> None:
    assert symbol_for(state(**overrides), COLORS).as_json() == expected


def test_a_colour_that_is_not_hex_never_reaches_the_map() -> None:
    symbol = symbol_for(state(), {"taliban": "red;background:url(x)"})
    assert symbol.colors == ("#999999",)


def test_legend_lists_only_the_symbols_in_use() -> None:
    entries = legend_entries(states(state(), state(crossing_id="y", status="sealed")), NAMES, COLORS)
    labels = [e["label"] for e in entries]
    assert labels == ["Taliban", "Sealed (crossed square)", "Open (circle)"]


def test_legend_explains_contested_unconfirmed_stale_and_unknown_when_present() -> None:
    rows = states(
        state(controllers=("afghan-government", "taliban"), controller=None, contested=True, confirmed=False),
        state(crossing_id="y", confirmed=False, stale=True),
        state(crossing_id="z", controllers=(), controller=None, status="unknown"),
    )
    labels = [e["label"] for e in legend_entries(rows, NAMES, COLORS)]
    assert "Contested: Afghan government / Taliban" in labels
    assert "Controller unknown" in labels
    assert any(label.startswith("Unconfirmed") for label in labels)
    assert any(label.startswith("Stale") for label in labels)
    assert "Status unknown (diamond)" in labels


def layer_payload(rows: pd.DataFrame, day: str = "2021-07-14") -> dict[str, object]:
    layer = build_crossing_layer(rows, day_label=day, names=NAMES, colors=COLORS)
    element = next(iter(layer._children.values()))
    return json.loads(element.payload)  # type: ignore[no-any-return]


def test_layer_carries_the_as_of_caption_and_every_crossing() -> None:
    payload = layer_payload(states(state(), state(crossing_id="y", name="Y")))
    assert payload["caption"] == "As of 2021-07-14"
    assert payload["crossings"]["id"] == ["x", "y"]  # type: ignore[index]


def test_hostile_names_travel_as_inert_json_text() -> None:
    hostile = "<img src=x onerror=alert(1)></script>${alert(2)}`"
    layer = build_crossing_layer(states(state(name=hostile)), day_label="2021-07-14", names=NAMES, colors=COLORS)
    script = next(iter(layer._children.values())).payload
    assert "<" not in script and ">" not in script
    assert json.loads(script)["crossings"]["name"] == [hostile]


def test_crossings_in_the_same_state_share_one_symbol_and_description() -> None:
    payload = layer_payload(states(state(), state(crossing_id="y"), state(crossing_id="z", status="sealed")))
    assert payload["crossings"]["cls"] == [0, 0, 1]  # type: ignore[index]
    assert [c["symbol"]["status"] for c in payload["classes"]] == ["open", "sealed"]  # type: ignore[index]
    assert payload["classes"][1]["text"].endswith("· sealed")  # type: ignore[index]


def test_large_maps_are_painted_on_a_canvas() -> None:
    few = states(*(state(crossing_id=f"c{i}") for i in range(3)))
    many = states(*(state(crossing_id=f"c{i}") for i in range(MAX_DOM_CROSSINGS + 1)))
    assert layer_payload(few)["canvas"] is False
    assert layer_payload(many)["canvas"] is True


def test_labels_are_permanent_only_for_small_maps() -> None:
    few = states(*(state(crossing_id=f"c{i}") for i in range(3)))
    many = states(*(state(crossing_id=f"c{i}") for i in range(MAX_LABELLED_CROSSINGS + 1)))
    assert layer_payload(few)["labels"] is True
    assert layer_payload(many)["labels"] is False


def test_view_fits_the_crossings() -> None:
    rows = states(state(lat=30.0, lon=61.0), state(crossing_id="y", lat=37.0, lon=71.0))
    (lat, lon), zoom = view_for(rows)
    assert lat == 33.5
    assert 66.0 < lon < 69.0  # nudged east, clear of the legend
    assert 4 <= zoom <= 6


def test_nearest_crossing_to_a_click_and_none_when_far() -> None:
    rows = states(state(lat=30.0, lon=61.0), state(crossing_id="y", lat=37.0, lon=71.0))
    assert nearest_crossing(rows, 36.9, 71.1) == "y"
    assert nearest_crossing(rows, 10.0, 10.0) is None


def test_day_label_is_what_the_caption_shows() -> None:
    assert layer_payload(states(state()), day=date(2021, 8, 15).isoformat())["caption"] == "As of 2021-08-15"


def test_a_legend_with_many_holders_explains_colour_instead_of_listing_each() -> None:
    parties = [f"p{i}" for i in range(MAX_LEGEND_HOLDERS + 1)]
    rows = states(*(state(crossing_id=p, controllers=(p,)) for p in parties))
    entries = legend_entries(rows, {}, {p: "#e69f00" for p in parties})
    held = [e["label"] for e in entries if e["section"] == "Held by"]
    assert held == [f"Fill: the holder's colour ({len(parties)} parties; hover a crossing)"]
