"""A date step's crossing layer is rendered once, as text: its data never becomes a Jinja template.

branca compiles each rendered macro's text as a template again; with 5,000 crossings that
compile of the layer's JSON was a large share of every date step on the server.
"""

from __future__ import annotations

import json
from typing import Any

import jinja2
import pandas as pd
import pytest
from streamlit_folium import _get_feature_group_string

from geo.present.assets import AssetUrls
from geo.present.leaflet import build_base_map, build_crossing_layer

ASSETS = AssetUrls.under("/app/static")


def crossings(count: int, name: str = "Crossing") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "crossing_id": [f"c{k}" for k in range(count)],
            "name": [f"{name} {k}" for k in range(count)],
            "lat": [30.0 + k / count for k in range(count)],
            "lon": [66.0 + k / count for k in range(count)],
            "controllers": [("taliban",) if k % 2 else ("taliban", "pakistan") for k in range(count)],
            "confirmed": [k % 3 != 0 for k in range(count)],
            "status": ["open" if k % 4 else "sealed" for k in range(count)],
            "status_disputed": [False] * count,
            "stale": [k % 5 == 0 for k in range(count)],
        }
    )


def layer(states: pd.DataFrame) -> Any:
    return build_crossing_layer(
        states, day_label="2021-08-15", names={"taliban": "Taliban"}, colors={"taliban": "#e69f00"}
    )


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every template source compiled while the test runs."""
    sources: list[str] = []
    original = jinja2.Environment.from_string

    def recording(self: jinja2.Environment, source: Any, *args: Any, **kwargs: Any) -> Any:
        sources.append(str(source))
        return original(self, source, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "from_string", recording)
    return sources


@pytest.mark.parametrize("count", [3, 600])
def test_a_date_step_compiles_no_template_from_the_crossings(compiled: list[str], count: int) -> None:
    fmap = build_base_map(ASSETS)
    fmap.get_root().render()
    script = _get_feature_group_string(layer(crossings(count, name="Torkham")), map=fmap)
    assert f"Torkham {count - 1}" in script and "As of 2021-08-15" in script
    assert not [source for source in compiled if "Torkham" in source]


def test_the_layer_in_a_whole_page_is_the_same_script(compiled: list[str]) -> None:
    """A page rendered whole (an exported map) carries the layer's script as the step sends it."""
    fmap = build_base_map(ASSETS)
    group = layer(crossings(4, name="{{ 7*7 }} Chaman {% if 1 %}"))
    group.add_to(fmap)
    page = fmap.get_root().render()
    assert page.count("bwCrossingLayer(") == 1
    assert "Chaman" in page and "49 Chaman" not in page
    assert not [source for source in compiled if "Chaman" in source]


def test_states_that_share_a_symbol_send_it_once() -> None:
    """Fifty holders of one colour: fifty distinct states, fifty descriptions, one symbol."""
    states = crossings(100)
    states["controllers"] = [(f"party-{k % 50}",) for k in range(100)]
    states["confirmed"], states["status"], states["stale"] = True, "open", False
    group = build_crossing_layer(
        states,
        day_label="2021-08-15",
        names={f"party-{k}": f"Party {k}" for k in range(50)},
        colors={f"party-{k}": "#e69f00" for k in range(50)},
    )
    element: Any = next(iter(group._children.values()))
    payload = json.loads(element.payload)
    assert len(payload["classes"]) == len(payload["texts"]) == 50
    assert payload["symbols"] == [{"colors": ["#e69f00"], "status": "open", "dashed": False, "faded": False}]
    rows = [payload["classes"][c] for c in payload["crossings"]["cls"]]
    assert [payload["texts"][text] for _, text, _ in rows][:2] == ["held by Party 0 · open", "held by Party 1 · open"]
