"""A crossing whose sides differ is drawn in two halves in real Chromium: the live map and the standalone page."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Frame, Page, expect

from geo.atlas import Atlas
from geo.present.leaflet import legend_height_px
from geo.present.standalone import save_standalone
from tests.browser.harness import map_frame, wait_for_app

SEED_DAY = "2021-07-14"

#: Each half of a mark's symbol as the browser drew it: its side, status and fills, the shape it
#: clips, where that clip lies and whether it carries a cross; and the line between the halves.
_HALVES = """el => {
  const svg = el.querySelector("svg");
  const halves = Array.from(svg.querySelectorAll("g.bw-half")).map(g => {
    const rect = svg.querySelector(g.getAttribute("clip-path").slice(4, -1) + " rect");
    const shape = g.querySelector("circle, polygon");
    return {side: g.dataset.side, status: g.dataset.status, colors: g.dataset.colors.split(" "),
            shape: shape.tagName, points: shape.getAttribute("points"), fill: shape.getAttribute("fill"),
            dashed: shape.hasAttribute("stroke-dasharray"), cross: !!g.querySelector("path"),
            clip: [Number(rect.getAttribute("x")), Number(rect.getAttribute("width"))],
            drawn: g.getBoundingClientRect().width > 0};
  });
  const dividers = Array.from(svg.querySelectorAll("line.bw-divider")).map(l => Number(l.getAttribute("x1")));
  return {halves: halves, dividers: dividers, shapes: svg.querySelectorAll("circle, polygon").length};
}"""


def _legend_explains_halves(where: Frame | Page) -> None:
    expect(where.locator(".bw-legend")).to_contain_text("Two halves: each side apart")


def _check_spin_boldak_and_islam_qala(where: Frame | Page, colors: dict[str, str]) -> None:
    spin = where.locator('.bw-mark[data-crossing-id="spin-boldak-chaman"]')
    drawn: dict[str, Any] = spin.evaluate(_HALVES)
    left, right = drawn["halves"]
    # The left half is the Afghan side: contested between the Afghan government and the Taliban, in
    # strips, status unknown (a diamond); the right half the Pakistani side: Pakistan, presumed (dashed), sealed.
    assert (left["side"], left["status"], left["colors"]) == (
        "a",
        "unknown",
        [colors["afghan-government"], colors["taliban"]],
    )
    assert left["fill"].startswith("url(#") and left["points"] == "12,1.5 22.5,12 12,22.5 1.5,12"
    assert not left["cross"] and not left["dashed"]
    assert (right["side"], right["status"], right["colors"]) == ("b", "sealed", [colors["pakistan"]])
    assert right["fill"] == colors["pakistan"] and right["cross"] and right["dashed"]
    assert left["clip"] == [0, 12] and right["clip"] == [12, 12]
    assert left["drawn"] and right["drawn"]
    assert drawn["dividers"] == [12, 12]
    assert spin.get_attribute("data-status") == "sealed"
    title = spin.get_attribute("title") or spin.evaluate("el => el.title || ''")
    assert "left half: the Afghan side, unknown; right half: the Pakistani side, sealed" in title
    # Islam Qala's sides agree (the Iranian side only presumed Iran's): one whole symbol, as before.
    islam = where.locator('.bw-mark[data-crossing-id="islam-qala"]').evaluate(_HALVES)
    assert islam["halves"] == [] and islam["dividers"] == [] and islam["shapes"] == 1


def test_the_live_map_draws_spin_boldak_in_two_halves_and_islam_qala_whole(
    app_url: str, page: Page, seed_atlas: Atlas
) -> None:
    page.goto(f"{app_url}/?region=afghanistan-2021&date={SEED_DAY}")
    wait_for_app(page)
    frame = map_frame(page)
    _legend_explains_halves(frame)
    _check_spin_boldak_and_islam_qala(frame, seed_atlas.party_colors())
    legend = frame.locator(".bw-legend")
    # More neighbours than the line lists: it states the rule instead.
    expect(legend).to_contain_text("left: Afghan side, right: the other country's side")
    expect(legend).to_contain_text("Presumed (dashed half)")
    # The legend's swatch for the halves is itself two halves, of two shapes.
    swatch = frame.locator(".bw-legend-row", has_text="Two halves").locator("g.bw-half")
    expect(swatch).to_have_count(2)
    # The view is chosen to keep marks clear of the legend as tall as it is estimated: the legend,
    # longer by its rows for the halves, is no taller than that.
    box = legend.bounding_box()
    assert box is not None
    shown = seed_atlas.view(date.fromisoformat(SEED_DAY), region="afghanistan-2021").framed
    assert box["height"] <= legend_height_px(shown)


def test_the_standalone_page_draws_the_same_halves(seed_atlas: Atlas, tmp_path: Path, browser: Browser) -> None:
    path = save_standalone(seed_atlas, tmp_path / "map.html", region="afghanistan-2021")
    context = browser.new_context(viewport={"width": 1300, "height": 850})
    outside: list[str] = []

    def local_only(route: Any) -> None:
        if route.request.url.startswith(("file://", "data:", "blob:")):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", local_only)
    page = context.new_page()
    try:
        page.goto(path.as_uri())
        page.wait_for_selector("#map[data-ready='1']", timeout=15_000)
        slider = page.get_by_role("slider", name="Date")
        days = page.evaluate("JSON.parse(document.getElementById('bw-data').textContent).days")
        slider.fill(str(days.index(SEED_DAY)))
        expect(page.locator("#map")).to_have_attribute("data-day", SEED_DAY)
        _legend_explains_halves(page)
        _check_spin_boldak_and_islam_qala(page, seed_atlas.party_colors())
    finally:
        context.close()
    assert outside == []
