"""The standalone HTML map: small, self-contained, and with data that can never become markup."""

from __future__ import annotations

import json
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from geo.atlas import Atlas
from geo.dates import day_from_number
from geo.day_view import unplaced_note
from geo.describe import records
from geo.errors import UnknownRegionError
from geo.permission_text import authorisation_text
from geo.present.browser import map_script, web_file
from geo.present.standalone import leaflet_assets, standalone_html, timeline_payload
from geo.present.symbology import LABEL_RULE, symbol_for
from tests.test_cli import geo as run_cli
from tests.test_export import tiny_atlas

REGION = "afghanistan-2021"
SYRIA = "syria-2014-2024"
MAX_BYTES = 2 * 1024 * 1024
EVIL = "<img src=x onerror=alert(1)>"
PAYLOAD = re.compile(r'<script type="application/json" id="bw-data">(.*?)</script>', re.DOTALL)


class _Links(HTMLParser):
    """Every element's src and href, and every tag name, as the browser would parse them."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.links += [value or "" for name, value in attrs if name in ("src", "href")]


def parsed(html: str) -> _Links:
    links = _Links()
    links.feed(html)
    return links


def payload(html: str) -> dict[str, object]:
    match = PAYLOAD.search(html)
    assert match is not None
    data: dict[str, object] = json.loads(match.group(1))
    return data


@pytest.mark.parametrize("region", [REGION, SYRIA, None], ids=["afghanistan", "syria", "every region"])
def test_seed_map_is_under_two_megabytes(seed_atlas: Atlas, region: str | None) -> None:
    assert len(standalone_html(seed_atlas, region=region).encode("utf-8")) <= MAX_BYTES


def test_nothing_is_loaded_from_the_network(seed_atlas: Atlas) -> None:
    html = standalone_html(seed_atlas, region=REGION)
    page = parsed(html)
    assert page.links == []
    assert "link" not in page.tags
    assert not re.search(r"""(src|href)\s*=\s*["']?https?://""", html)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", html)
    assert "sourceMappingURL" not in html


def test_leaflet_images_are_inlined_as_data() -> None:
    _, style = leaflet_assets()
    assert "url(images/" not in style
    assert "url(data:image/png;base64," in style


def test_payload_escapes_html_and_keeps_the_name_as_written() -> None:
    html = standalone_html(tiny_atlas(name=EVIL))
    assert EVIL not in html
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in html
    crossings = payload(html)["crossings"]
    assert isinstance(crossings, list)
    assert crossings[0]["name"] == EVIL


def test_data_cannot_close_the_script_it_travels_in() -> None:
    html = standalone_html(tiny_atlas(name="</script><script>alert(1)</script>", note="<!--"))
    assert html.count("</script>") == html.count("<script")
    assert "<!--" not in html


def test_text_reaches_the_page_only_through_text_content() -> None:
    html = standalone_html(tiny_atlas())
    assert "innerHTML" not in html.split('id="bw-data"')[1].split("</script>", 1)[1].replace(leaflet_assets()[0], "")


def test_timeline_steps_through_every_change_day_and_opens_at_the_last(seed_atlas: Atlas) -> None:
    data = timeline_payload(seed_atlas, region=REGION)
    crossings = seed_atlas.crossings[seed_atlas.crossings["region"] == REGION]
    # A crossing no source places is not drawn, so it has no steps; the file names it instead.
    ids = list(crossings.loc[crossings["lat"].notna(), "crossing_id"])
    assert data["unplaced"] == unplaced_note(crossings[crossings["lat"].isna()]) != ""
    expected = [day_from_number(int(d)).isoformat() for d in seed_atlas.change_days(ids)]
    assert data["days"] == expected
    assert data["start"] == len(expected) - 1
    assert len(data["steps"]) == len(expected)
    # The first step draws every crossing; later steps carry only what changed.
    assert sorted(c[0] for c in data["steps"][0]["changes"]) == list(range(len(ids)))
    assert sum(len(step["changes"]) for step in data["steps"]) < len(ids) * len(expected)


@pytest.mark.parametrize("region", [REGION, SYRIA])
def test_replaying_the_steps_gives_each_days_symbols(seed_atlas: Atlas, region: str) -> None:
    data = timeline_payload(seed_atlas, region=region)
    colors = seed_atlas.party_colors()
    drawn: dict[int, int] = {}
    for day, step in zip(data["days"], data["steps"], strict=True):
        drawn.update({change[0]: change[1] for change in step["changes"]})
        states = seed_atlas.states(date.fromisoformat(day))
        states = states[(states["region"] == region) & states["lat"].notna()].reset_index(drop=True)
        expected = [symbol_for(row, colors).as_json() for row in records(states)]
        assert [data["symbols"][drawn[i]] for i in range(len(states))] == expected, day


def test_a_given_day_is_on_the_timeline_and_the_map_opens_there(seed_atlas: Atlas) -> None:
    data = timeline_payload(seed_atlas, region=REGION, day=date(2021, 7, 13))
    assert data["days"][data["start"]] == "2021-07-13"


def test_marks_use_the_live_maps_symbols(seed_atlas: Atlas) -> None:
    html = standalone_html(seed_atlas, region=REGION)
    assert map_script() in html
    symbols = payload(html)["symbols"]
    assert isinstance(symbols, list)
    assert {"colors": ["#0072b2", "#d55e00"], "status": "sealed", "dashed": False, "faded": False} in symbols


def test_same_data_gives_the_same_file(seed_atlas: Atlas) -> None:
    assert standalone_html(seed_atlas, region=REGION) == standalone_html(seed_atlas, region=REGION)


def test_an_unknown_region_is_rejected(seed_atlas: Atlas) -> None:
    with pytest.raises(UnknownRegionError, match="'nowhere'"):
        standalone_html(seed_atlas, region="nowhere")


def test_html_command_writes_the_page(database_url: str, tmp_path: Path) -> None:
    out = tmp_path / "map.html"
    result = run_cli(database_url, "html", "--region", REGION, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "As of " in out.read_text(encoding="utf-8")


def test_html_command_with_an_unknown_region_gives_one_line_and_exit_2(database_url: str, tmp_path: Path) -> None:
    result = run_cli(database_url, "html", "--region", "nowhere", "--out", str(tmp_path / "map.html"))
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "error: unknown region 'nowhere'; known regions: "
        "afghanistan-2021, drc-2022-2025, gaza-2023-2025, libya-tunisia-2024, "
        "myanmar-2023-2024, sudan-chad-2024, syria-2014-2024"
    )


def test_each_crossing_carries_its_state_and_the_claims_behind_it_with_sources(seed_atlas: Atlas) -> None:
    data = timeline_payload(seed_atlas, region=REGION, day=date(2021, 7, 14))
    index = next(i for i, c in enumerate(data["crossings"]) if c["id"] == "spin-boldak-chaman")
    # The page replays the changes up to the day shown: the last one for this crossing is its state that day.
    latest = [c for step in data["steps"][: data["start"] + 1] for c in step["changes"] if c[0] == index][-1]
    about = data["infos"][latest[3]]
    assert about["state"].startswith(
        "Spin Boldak-Chaman: the Afghan side contested between Afghan government and Taliban, "
        "the Pakistani side held by Pakistan (presumed: its own side); sealed from the Pakistani side"
    )
    claims = about["claims"]
    assert "2021-07-14 · Taliban: held by Taliban" in [c["what"] for c in claims]
    assert any(c["source"].startswith("Source: AFP · said by Taliban spokesman Zabihullah Mujahid") for c in claims)
    assert any(c["source"].startswith("Source: Arab News") for c in claims)
    # Each claim carries its grade, as the story's cards do.
    assert any(
        c["source"].endswith(
            "said by Pakistani security source (anonymous, to AFP) · about the AFG side · confidence high · grade B2"
        )
        for c in claims
    )
    assert all(c["url"] == "" or c["url"].startswith("https://") for c in claims)


def test_only_a_web_address_becomes_a_link() -> None:
    atlas = tiny_atlas()
    atlas.reports.loc[0, "url"] = "javascript:alert(1)"
    data = timeline_payload(atlas, day=date(2021, 7, 14))
    (claims,) = [info["claims"] for info in data["infos"]]
    assert [c["url"] for c in claims] == ["", "https://example.org/a"]


def test_labels_use_the_live_maps_rule_and_page_script(seed_atlas: Atlas) -> None:
    html = standalone_html(seed_atlas, region=REGION)
    data = payload(html)
    assert data["rule"] == LABEL_RULE
    crossings: list[dict[str, int]] = data["crossings"]  # type: ignore[assignment]
    assert sorted(c["name_order"] for c in crossings) == list(range(11))
    script = web_file("standalone.js")
    assert script in html
    assert "innerHTML" not in script


def test_the_timeline_stops_where_a_mandate_comes_into_force_or_lapses(seed_atlas: Atlas) -> None:
    days = timeline_payload(seed_atlas, region=SYRIA)["days"]
    # Resolution 2165 from 2014-07-14; the UN mandate's lapse after 2023-07-10 moves no report, and
    # Damascus' consent for Bab al-Hawa from 2023-07-13.
    assert {"2014-07-14", "2023-07-11", "2023-07-13"} <= set(days)
    ids = list(seed_atlas.crossings.loc[seed_atlas.crossings["region"] == SYRIA, "crossing_id"])
    assert len(days) > len(seed_atlas.timeline.change_days(ids))


def _panel(data: dict[str, Any], day: str, crossing: str) -> dict[str, Any]:
    """What the page's panel for ``crossing`` shows on ``day``, replayed from the steps as the page does:
    its state and claims, and its permission when it has any."""
    index = next(i for i, c in enumerate(data["crossings"]) if c["id"] == crossing)
    change = None
    for step_day, step in zip(data["days"], data["steps"], strict=True):
        change = next((c for c in step["changes"] if c[0] == index), change)
        if step_day == day:
            break
    assert change is not None
    panel: dict[str, Any] = dict(data["infos"][change[3]])
    if len(change) > 5:
        panel |= data["permits"][change[5]]
    return panel


def test_a_crossings_panel_lists_the_authorisations_that_count_with_their_sources(seed_atlas: Atlas) -> None:
    data = timeline_payload(seed_atlas, region=SYRIA, day=date(2015, 1, 1))
    panel = _panel(data, "2015-01-01", "bab-al-hawa")
    assert panel["permission"] == "authorised until 2015-01-10 (expires in 9 days)"
    names = seed_atlas.party_names()
    expected = [
        authorisation_text(row, names) for row in records(seed_atlas.authorisations_at(date(2015, 1, 1), "bab-al-hawa"))
    ]
    assert (
        [line["what"] for line in panel["authorisations"]]
        == expected
        == ["UN Security Council resolution 2165: permits aid, in force until 2015-01-10, expires in 9 days"]
    )
    (line,) = panel["authorisations"]
    assert line["source"] == "Source: UN press release SC/11473 · confidence high"
    assert line["url"] == "https://press.un.org/en/2014/sc11473.doc.htm"
    # After the UN mandate lapsed and before Damascus' consent, Bab al-Hawa's permit has lapsed.
    lapsed = _panel(data, "2023-07-11", "bab-al-hawa")
    assert lapsed["permission"] == "lapsed 2023-07-10"
    assert [line["what"] for line in lapsed["authorisations"]] == [
        "UN Security Council resolution 2672: lapsed 2023-07-10"
    ]
    # A crossing no authorisation names carries none.
    assert "authorisations" not in _panel(data, "2015-01-01", "nassib-jaber")


def test_a_mark_on_the_timeline_carries_its_permission_in_its_symbol_and_hover_text(seed_atlas: Atlas) -> None:
    data = timeline_payload(seed_atlas, region=SYRIA, day=date(2015, 1, 1))
    index = next(i for i, c in enumerate(data["crossings"]) if c["id"] == "bab-al-hawa")
    shown: dict[int, list[Any]] = {}
    for step in data["steps"][: data["start"] + 1]:
        shown.update({c[0]: c for c in step["changes"]})
    _, symbol, label, _, _, _ = shown[index]
    assert data["symbols"][symbol]["badges"] == ["authorised"]
    assert label.startswith("Bab al-Hawa · ") and "authorised until 2015-01-10 (expires in 9 days)" in label
