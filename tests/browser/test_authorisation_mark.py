"""Permission has a mark of its own in real Chromium: a badge at a crossing symbol's upper right, a
legend row for it, and the permission in the hover text; on the live map, the presentation frame and
the standalone file, while a UN mandate is in force (2015-01-01) and after it lapsed (2023-07-11); and
on the canvas a map of thousands of crossings is painted on."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from playwright.sync_api import Browser, Frame, Page, expect

from geo.atlas import Atlas
from geo.present.badges import BADGE_LABELS
from geo.present.browser import map_script, web_file
from geo.present.standalone import save_standalone
from geo.present.symbology import spec
from tests.browser.harness import MAP_FRAME, map_frame, wait_for_app

SYRIA = "syria-2014-2024"
COLORS: dict[str, str] = spec()["colors"]
#: Resolution 2165 names these four crossings, in force until 2015-01-10 (9 days left on 2015-01-01).
IN_FORCE = {
    "bab-al-hawa": "authorised",
    "bab-al-salam": "authorised",
    "al-yarubiyah": "authorised",
    "al-ramtha": "authorised",
    "nassib-jaber": "",
    "al-rai": "",
}
#: After 2023-07-10 the UN mandate has lapsed; Damascus' consent covers Bab al-Salam and Al-Rai, and
#: from 2023-07-13 Bab al-Hawa.
LAPSED = {
    "bab-al-hawa": "lapsed",
    "al-yarubiyah": "lapsed",
    "al-ramtha": "lapsed",
    "bab-al-salam": "authorised",
    "al-rai": "authorised",
    "nassib-jaber": "",
}

#: Each mark's badges as drawn: kind, disc fill and dash, glyph, and where the badge lies in the mark's box.
_BADGES = """el => {
  const box = el.getBoundingClientRect();
  return Array.from(el.querySelectorAll("g.bw-badge")).map(g => {
    const r = g.getBoundingClientRect(), disc = g.querySelector(".bw-badge-disc");
    return {kind: g.dataset.badge, fill: disc.getAttribute("fill"), dashed: disc.hasAttribute("stroke-dasharray"),
            glyph: g.querySelector("polyline").getAttribute("points").split(" ").length,
            x: (r.left + r.width / 2 - box.left) / box.width, y: (r.top + r.height / 2 - box.top) / box.height,
            size: r.width / box.width, opacity: getComputedStyle(g).opacity};
  });
}"""


def _marks(where: Frame | Page) -> dict[str, list[dict[str, Any]]]:
    marks = where.locator(".bw-mark[data-crossing-id]")
    ids: list[str] = marks.evaluate_all("els => els.map(e => e.dataset.crossingId)")
    return {crossing: marks.nth(i).evaluate(_BADGES) for i, crossing in enumerate(ids)}


def _check_marks(where: Frame | Page, expected: dict[str, str], colors: dict[str, str]) -> None:
    drawn = _marks(where)
    assert {c: " ".join(b["kind"] for b in badges) for c, badges in drawn.items()} == expected
    for crossing, badges in drawn.items():
        mark = where.locator(f'.bw-mark[data-crossing-id="{crossing}"]')
        assert (mark.get_attribute("data-permission") or "") == expected[crossing]
        for badge in badges:
            # At the symbol's upper right, a third of it across or more, never faded with a stale symbol.
            assert badge["x"] > 0.6 and badge["y"] < 0.4 and badge["size"] >= 0.33, (crossing, badge)
            assert badge["opacity"] == "1"
            # In force: a solid ink disc with a tick; lapsed: a white disc, its ring dashed, with the tick in ink.
            ink = badge["kind"] == "authorised"
            assert (badge["fill"], badge["dashed"], badge["glyph"]) == (
                (colors["ink"], False, 3) if ink else (colors["blank"], True, 3)
            ), crossing


def _check_legend(where: Frame | Page, rows: list[str]) -> None:
    legend = where.locator(".bw-legend")
    expect(legend.locator(".bw-legend-title", has_text="Permission")).to_have_count(1)
    for kind, label in BADGE_LABELS.items():
        row = legend.locator(".bw-legend-row", has_text=label)
        if kind in rows:
            # The swatch is the badge itself, drawn alone.
            expect(row.locator("g.bw-badge")).to_have_attribute("data-badge", kind)
        else:
            expect(row).to_have_count(0)


def _hover_text(where: Frame | Page, crossing: str) -> str:
    mark = where.locator(f'.bw-mark[data-crossing-id="{crossing}"]')
    mark.hover()
    return mark.get_attribute("title") or ""


def _open_map(page: Page, app_url: str, day: str) -> Frame:
    page.goto(f"{app_url}/?region={SYRIA}&date={day}")
    wait_for_app(page)
    frame = map_frame(page)
    frame.locator(".bw-mark[data-crossing-id] g.bw-badge").first.wait_for()
    return frame


def test_the_live_map_marks_each_crossing_under_the_un_mandate(app_url: str, page: Page) -> None:
    frame = _open_map(page, app_url, "2015-01-01")
    _check_marks(frame, IN_FORCE, COLORS)
    _check_legend(frame, ["authorised"])
    text = _hover_text(frame, "bab-al-hawa")
    assert text.startswith("Bab al-Hawa · ")
    assert text.endswith("· authorised until 2015-01-10 (expires in 9 days)")
    assert "authorised" not in _hover_text(frame, "nassib-jaber")


def test_after_the_mandate_lapsed_the_map_marks_the_lapse_and_damascus_consent(app_url: str, page: Page) -> None:
    frame = _open_map(page, app_url, "2023-07-11")
    _check_marks(frame, LAPSED, COLORS)
    _check_legend(frame, ["authorised", "lapsed"])
    assert _hover_text(frame, "bab-al-hawa").endswith("· lapsed 2023-07-10")
    assert _hover_text(frame, "bab-al-salam").endswith("· authorised until 2023-08-13 (expires in 33 days)")


def test_the_presentation_frame_shows_the_marks_and_their_legend_rows(app_url: str, page: Page) -> None:
    query = {"region": SYRIA, "date": "2023-07-11", "title": "Syria: aid crossings"}
    page.goto(f"{app_url}/present?{urlencode(query)}")
    wait_for_app(page)
    page.frame_locator(MAP_FRAME).locator(".leaflet-container[data-frame='ready']").wait_for()
    frame = map_frame(page)
    _check_marks(frame, LAPSED, COLORS)
    _check_legend(frame, ["authorised", "lapsed"])


def test_the_standalone_file_marks_permission_and_lists_the_authorisations_that_count(
    seed_atlas: Atlas, tmp_path: Path, browser: Browser
) -> None:
    path = save_standalone(seed_atlas, tmp_path / "syria.html", region=SYRIA)
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
        days = page.evaluate("JSON.parse(document.getElementById('bw-data').textContent).days")
        slider = page.get_by_role("slider", name="Date")
        for day, expected, rows in (
            ("2015-01-01", IN_FORCE, ["authorised"]),
            ("2023-07-11", LAPSED, ["authorised", "lapsed"]),
        ):
            if day not in days:
                # The file opens on change days only: the day before the next change shows the same.
                day = max(d for d in days if d <= day)
            slider.fill(str(days.index(day)))
            expect(page.locator("#map")).to_have_attribute("data-day", day)
            _check_marks(page, expected, COLORS)
            _check_legend(page, rows)
        # On the lapse's day, Bab al-Hawa's panel says so and lists the resolution that lapsed, with its source.
        assert "lapsed 2023-07-10" in _hover_text(page, "bab-al-hawa")
        page.locator('.bw-mark[data-crossing-id="bab-al-hawa"]').click()
        panel = page.locator('.bw-info[data-crossing-id="bab-al-hawa"]')
        expect(panel.locator(".bw-info-permission")).to_have_text("Permission: lapsed 2023-07-10")
        item = panel.locator(".bw-authorisation")
        expect(item).to_have_count(1)
        expect(item.locator(".bw-claim-what")).to_have_text("UN Security Council resolution 2672: lapsed 2023-07-10")
        expect(item.locator(".bw-claim-link")).to_have_attribute(
            "href", "https://www.rescue.org/press-release/irc-responds-renewal-un-cross-border-aid-syria"
        )
    finally:
        context.close()
    assert outside == []


#: A symbol painted on a canvas as a map of thousands of crossings paints it (web/live.js), and
#: per badge the share of dark and of light pixels in its disc, and the lowest alpha there.
_PAINTED = """([badges, faded]) => {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 200;
  document.body.appendChild(canvas);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#f4f1ea"; ctx.fillRect(0, 0, 200, 200);
  const r = 54, scale = r / bwSymbology.shapes.open.circle[2], centre = bwSymbology.box / 2;
  bwPaint(ctx, {colors: ["#56b4e9"], status: "open", dashed: false, faded: faded, badges: badges}, 100, 100, r);
  return badges.map((kind, i) => {
    const spot = bwSymbology.badge.spots[i], reach = bwSymbology.badge.radius * scale * 0.8;
    const x = 100 + (spot[0] - centre) * scale, y = 100 + (spot[1] - centre) * scale;
    const data = ctx.getImageData(Math.round(x - reach), Math.round(y - reach), Math.round(2 * reach),
                                  Math.round(2 * reach)).data;
    let dark = 0, light = 0, inside = 0;
    for (let k = 0; k < data.length; k += 4) {
      const px = (k / 4) % Math.round(2 * reach), py = Math.floor(k / 4 / Math.round(2 * reach));
      if (Math.hypot(px - reach, py - reach) > reach) { continue; }
      inside += 1;
      const max = Math.max(data[k], data[k + 1], data[k + 2]), min = Math.min(data[k], data[k + 1], data[k + 2]);
      if (max < 80) { dark += 1; }
      if (min > 230) { light += 1; }
    }
    return {kind: kind, dark: dark / inside, light: light / inside};
  });
}"""


def test_a_map_of_thousands_paints_the_same_badges_on_its_canvas(page: Page) -> None:
    page.set_content("<!doctype html><html><body></body></html>")
    page.add_script_tag(content=map_script())
    page.add_script_tag(content=web_file("live.js"))
    # A stale symbol: the badges stay unfaded, ink discs dark and the lapsed one light.
    authorised, forbidden = page.evaluate(_PAINTED, [["authorised", "forbidden"], True])
    (lapsed,) = page.evaluate(_PAINTED, [["lapsed"], True])
    for badge in (authorised, forbidden):
        assert badge["dark"] > 0.6 and badge["light"] > 0.05, badge
    assert lapsed["light"] > 0.6 and 0.05 < lapsed["dark"] < 0.4, lapsed
