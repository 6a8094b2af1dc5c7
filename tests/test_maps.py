"""The map: offline assets, an unchanging base map, symbols, legend and safe text."""

from __future__ import annotations

import ast
import json
import math
import random
import re
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from geo.describe import records
from geo.present.assets import AssetUrls, install_assets
from geo.present.browser import digest, map_css, map_script, script_json, web_file
from geo.present.labels import label_order, placement_rule
from geo.present.leaflet import (
    MAX_DOM_CROSSINGS,
    build_base_map,
    build_crossing_layer,
    legend_height_px,
    nearest_crossing,
    view_for,
)
from geo.present.legend import MAX_LEGEND_HOLDERS, legend_entries
from geo.present.symbology import MAX_LABELLED_CROSSINGS, hover_text, spec, symbol_for
from geo.reference import COUNTRIES_50M

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
    vendor = install_assets(tmp_path, outlines=COUNTRIES_50M)
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
    payload: dict[str, Any] = json.loads(element.payload)
    # The distinct states as the browser rebuilds them from the shared tables (web/live.js).
    payload["classes"] = [
        {"symbol": payload["symbols"][s], "text": payload["texts"][t], "rank": rank}
        for s, t, rank in payload["classes"]
    ]
    return payload


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


def test_labels_follow_the_static_maps_rule_ranked_by_state_and_name() -> None:
    rows = states(
        state(crossing_id="a", name="B open"),
        state(crossing_id="b", name="A open"),
        state(crossing_id="c", name="Z sealed", status="sealed"),
        state(crossing_id="d", name="Y contested", controllers=("afghan-government", "taliban"), contested=True),
    )
    payload = layer_payload(rows)
    assert payload["rule"] == placement_rule(most=MAX_LABELLED_CROSSINGS, gap_px=2)
    classes, cols = payload["classes"], payload["crossings"]
    ranks = [classes[c]["rank"] for c in cols["cls"]]  # type: ignore[index]
    # The browser sorts by (rank, name order): the same order as the static renderer's.
    browser = sorted(range(4), key=lambda i: (ranks[i], cols["name_order"][i]))  # type: ignore[index]
    assert browser == label_order(records(rows)) == [3, 2, 1, 0]


def test_the_base_map_loads_the_maps_own_script_from_the_dashboard() -> None:
    html = rendered(build_base_map(ASSETS))
    assert re.search(r'src="/app/static/borderwatch/map\.js\?v=[0-9a-f]{12}"', html)
    script = map_script()
    for function in ("function bwSymbol", "function bwLegendControl", "function bwLabelLayer"):
        assert function in script
    # Text reaches the page only as text.
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script


def mercator_px(lat: pd.Series, lon: pd.Series, zoom: int) -> tuple[pd.Series, pd.Series]:
    """Leaflet's pixel coordinates (EPSG:3857, y down), written out independently of geo.present.leaflet."""
    size = 256 * 2**zoom
    xs = [(v + 180) / 360 * size for v in lon]
    ys = [(1 - math.log(math.tan(math.radians(v)) + 1 / math.cos(math.radians(v))) / math.pi) / 2 * size for v in lat]
    return pd.Series(xs), pd.Series(ys)


@pytest.mark.parametrize(("width", "height"), [(940, 560), (1200, 720), (600, 560)])
def test_view_keeps_every_mark_inside_and_clear_of_the_legend_and_caption(width: int, height: int) -> None:
    rng = random.Random(42)
    rows = states(
        *(state(crossing_id=f"c{i}", lat=rng.uniform(29.5, 37.5), lon=rng.uniform(60.5, 71.5)) for i in range(30))
    )
    (lat, lon), zoom = view_for(rows, width_px=width, height_px=height)
    x, y = mercator_px(rows["lat"], rows["lon"], zoom)
    cx, cy = mercator_px(pd.Series([lat]), pd.Series([lon]), zoom)
    px, py = x - cx[0] + width / 2, y - cy[0] + height / 2
    assert ((px > 13) & (px < width - 13) & (py > 13) & (py < height - 13)).all()
    legend_left, legend_top = width - 10 - 276, height - 30 - legend_height_px(rows)
    assert not ((px + 13 > legend_left) & (py + 13 > legend_top)).any()
    assert not ((px - 13 < 210) & (py - 13 < 100)).any()
    # As deep as fits: one zoom further and the marks would not fit with room for labels at the edges.
    assert (px.max() - px.min()) * 2 > width - 2 * min(60, width // 8) or (py.max() - py.min()) * 2 > height - 60


def test_a_contested_swatch_names_which_colour_is_which_party() -> None:
    rows = states(state(controllers=("afghan-government", "taliban"), contested=True, confirmed=False))
    (entry,) = [e for e in legend_entries(rows, NAMES, COLORS) if e["label"].startswith("Contested")]
    assert entry["parts"] == [
        {"color": "#56b4e9", "text": "left: Afghan government"},
        {"color": "#e69f00", "text": "right: Taliban"},
    ]
    assert entry["symbol"]["colors"] == ["#56b4e9", "#e69f00"]


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


def test_the_maps_scripts_draw_from_the_symbology_spec_and_name_no_colour_of_their_own() -> None:
    prelude, _, code = map_script().partition("\n")
    assert prelude == f"var bwSymbology = {script_json(spec())};"
    assert "bwSymbology" in code and "bwSymbology" in web_file("live.js")
    for name in ("map.js", "live.js", "frame.js", "standalone.js"):
        assert not re.findall(r"#[0-9a-fA-F]{6}\b", web_file(name)), name
    # The stylesheet takes the spec's colours as variables, set from the spec.
    for color in spec()["colors"].values():
        assert color not in web_file("map.css") + web_file("frame.css") + web_file("standalone.css")
        assert color in map_css()


def test_install_assets_writes_the_maps_scripts_where_the_base_map_loads_them(tmp_path: Path) -> None:
    install_assets(tmp_path, outlines=COUNTRIES_50M)
    assert (tmp_path / "borderwatch" / "map.js").read_text(encoding="utf-8") == map_script()
    html = rendered(build_base_map(AssetUrls.under("/app/static")))
    assert f'src="/app/static/borderwatch/map.js?v={digest(map_script())}"' in html
    for name in ("live.js", "frame.js"):
        assert (tmp_path / "borderwatch" / name).read_text(encoding="utf-8") == web_file(name)
        assert f'src="/app/static/borderwatch/{name}?v={digest(web_file(name))}"' in html
    # In the order they rely on each other: the drawing, then the layer and the frame that use it.
    assert html.index("borderwatch/map.js") < html.index("borderwatch/live.js") < html.index("borderwatch/frame.js")


@pytest.mark.parametrize("name", ["{{ 7*7 }}", "{% if 1 %}x{% endif %}", "{# gone #}", "</script><!--", "ميانمار &'"])
def test_script_json_closes_no_tag_opens_no_template_and_keeps_the_text(name: str) -> None:
    text = script_json({"name": name})
    assert not re.search(r"[<>&']|\{[{%#]", text)
    assert json.loads(text) == {"name": name}
    # Rendered into a map (branca reads the layer's script as a template again), the name arrives as written.
    fmap = build_base_map(ASSETS)
    build_crossing_layer(states(state(name=name)), day_label="2021-07-14", names=NAMES, colors=COLORS).add_to(fmap)
    assert f'"name":[{script_json(name)}]' in rendered(fmap)


def test_the_library_names_no_folder_of_the_dashboard() -> None:
    # The dashboard says where it serves files from (install_assets' static_dir); geo/ never builds that path.
    root = Path(__file__).resolve().parents[1] / "geo"
    found = []
    for module in root.rglob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and re.fullmatch(r"dashboard(/.*)?", node.value)
            ):
                found.append(f"{module.relative_to(root)}:{node.lineno}")
    assert found == []


def permitted(**overrides: object) -> dict[str, object]:
    """A state with permission fields: by default none in force and none lapsed."""
    fields: dict[str, object] = {
        "authorised": False,
        "authorised_until": None,
        "authorised_days_left": None,
        "forbidden": False,
        "authorisation_lapsed": None,
    }
    return state(**(fields | overrides))


def test_a_crossing_under_a_permit_carries_its_badge_and_says_until_when() -> None:
    rows = states(
        permitted(authorised=True, authorised_until=date(2015, 1, 10), authorised_days_left=9),
        permitted(crossing_id="y"),
        permitted(crossing_id="z", authorisation_lapsed=date(2014, 12, 1)),
    )
    payload: dict[str, Any] = layer_payload(rows, day="2015-01-01")
    classes, cls = payload["classes"], payload["crossings"]["cls"]
    # Three crossings alike in holder and status, apart in permission: three symbols, one text.
    assert len(set(cls)) == 3
    authorised, plain, lapsed = (classes[c] for c in cls)
    assert authorised["symbol"]["badges"] == ["authorised"]
    assert "badges" not in plain["symbol"]
    assert lapsed["symbol"]["badges"] == ["lapsed"]
    assert {c["text"] for c in (authorised, plain, lapsed)} == {"held by Taliban · open"}
    # Each crossing names its permission's words apart (web/live.js says them after the state).
    words = [payload["permits"][k] for k in payload["crossings"]["permit"]]
    assert words == ["authorised until 2015-01-10 (expires in 9 days)", "", "lapsed 2014-12-01"]
    assert [hover_text(row, NAMES) for row in records(rows)] == [
        "held by Taliban · open · authorised until 2015-01-10 (expires in 9 days)",
        "held by Taliban · open",
        "held by Taliban · open · lapsed 2014-12-01",
    ]


def test_a_map_with_no_permission_sends_no_permission_words() -> None:
    payload: dict[str, Any] = layer_payload(states(permitted(), permitted(crossing_id="y")))
    assert "permits" not in payload and "permit" not in payload["crossings"]
    assert all("badges" not in c["symbol"] for c in payload["classes"])


def test_the_legend_has_a_permission_row_per_badge_shown_and_none_without() -> None:
    rows = states(
        permitted(authorised=True, authorisation_lapsed=date(2014, 12, 1)),
        permitted(crossing_id="y", forbidden=True),
    )
    permission = [e for e in legend_entries(rows, NAMES, COLORS) if e["section"] == "Permission"]
    # The lapse under a permit in force is not drawn, so it has no row.
    assert [(e["badge"], e["label"]) for e in permission] == [
        ("authorised", "Authorised (tick): a permit in force"),
        ("forbidden", "Forbidden (bar): a ban in force"),
    ]
    assert not [e for e in legend_entries(states(permitted()), NAMES, COLORS) if e["section"] == "Permission"]
    # The open legend's estimate counts those rows, so marks are kept clear of a legend that tall.
    assert legend_height_px(rows) > legend_height_px(states(permitted(), permitted(crossing_id="y")))


def test_the_live_maps_script_draws_the_badges_from_the_spec() -> None:
    script = map_script()
    assert "function bwBadge" in script and "function bwBadgeIcon" in script
    assert '"badge":' in script.split("\n", 1)[0]
    assert "bwPaintBadge" in web_file("live.js")
