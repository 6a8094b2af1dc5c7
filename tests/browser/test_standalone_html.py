"""The standalone map opened from disk in real Chromium, with every request but file:// blocked."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from geo.atlas import Atlas
from geo.day_view import is_placed, unplaced_note
from geo.ingest.commit import commit_upload
from geo.ingest.preview import build_preview, known_in
from geo.ingest.seed import open_store
from geo.ingest.upload import read_upload
from geo.present.standalone import save_standalone, timeline_payload
from geo.present.symbology import INK, SHAPES
from geo.settings import PROJECT_ROOT, SEEDS_DIR
from tests.browser.dense_region import DAY, dense_atlas
from tests.browser.dense_region import REGION as DENSE
from tests.browser.placement import Shown, collisions, same_boxes, shown, static_rule
from tests.test_export import tiny_atlas
from tests.test_realdata import TXDOT

pytestmark = pytest.mark.browser
TEXAS = PROJECT_ROOT.parent / "shared" / "realdata" / "cbp_tx_mx_unt" / "TX-MX-Border-Crossings-Coordinates.csv"

REGION = "afghanistan-2021"
EVIL = "<img src=x onerror=alert(1)>"


@dataclass
class FromDiskOnly:
    """Every request that is not for a local file (or inline data) is aborted and recorded."""

    attempted: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def route(self, route: Route) -> None:
        if route.request.url.startswith(("file://", "data:", "blob:")):
            route.continue_()
        else:
            self.attempted.append(route.request.url)
            route.abort()


@pytest.fixture
def disk_page(browser: Browser) -> Iterator[tuple[Page, FromDiskOnly]]:
    """A page that may read files and nothing else; fails the test on any other request or any dialog."""
    blocked = FromDiskOnly()
    context = browser.new_context(viewport={"width": 1300, "height": 850})
    context.route("**/*", blocked.route)
    page = context.new_page()
    page.on("dialog", lambda dialog: (blocked.dialogs.append(dialog.message), dialog.dismiss()))
    yield page, blocked
    context.close()
    assert blocked.attempted == [], f"requests left the disk: {blocked.attempted}"
    assert blocked.dialogs == [], f"the page opened dialogs: {blocked.dialogs}"


def open_map(page: Page, path: Path) -> None:
    page.goto(path.as_uri())
    page.wait_for_selector("#map[data-ready='1']", timeout=15_000)


def test_crossings_draw_from_disk_with_no_network(
    seed_atlas: Atlas, tmp_path: Path, disk_page: tuple[Page, FromDiskOnly]
) -> None:
    page, _ = disk_page
    open_map(page, save_standalone(seed_atlas, tmp_path / "map.html", region=REGION))
    marks = page.locator(".bw-mark[data-crossing-id]")
    expect(marks.first.locator("svg")).to_be_visible()
    # Every crossing a source places; the others are named in a box instead.
    crossings = seed_atlas.crossings[is_placed(seed_atlas.crossings)]
    afghan = set(crossings.loc[crossings["region"] == REGION, "crossing_id"])
    assert {"spin-boldak-chaman", "torkham", "ishkashim"} <= afghan
    assert set(marks.evaluate_all("els => els.map(e => e.dataset.crossingId)")) == afghan
    assert marks.locator("svg").count() == len(afghan)
    expect(page.locator(".bw-legend")).to_contain_text("Held by")
    unplaced = seed_atlas.view(date.today(), region=REGION).unplaced
    expect(page.locator(".bw-unplaced")).to_have_text(unplaced_note(unplaced))
    # The outlines are inlined and drawn on the canvas.
    expect(page.locator(".leaflet-overlay-pane canvas")).to_be_attached()


def test_moving_the_timeline_changes_the_date_and_the_marks(
    seed_atlas: Atlas, tmp_path: Path, disk_page: tuple[Page, FromDiskOnly]
) -> None:
    page, _ = disk_page
    days = timeline_payload(seed_atlas, region=REGION)["days"]
    open_map(page, save_standalone(seed_atlas, tmp_path / "map.html", region=REGION))
    asof = page.locator(".bw-asof")
    expect(asof).to_have_text(f"As of {days[-1]}")
    spin = page.locator('.bw-mark[data-crossing-id="spin-boldak-chaman"]')
    latest = spin.get_attribute("data-colors")
    slider = page.get_by_role("slider", name="Date")
    slider.focus()
    page.keyboard.press("Home")
    expect(asof).to_have_text(f"As of {days[0]}")
    # On the first day the government held every crossing; by the last, the Taliban did.
    expect(spin).to_have_attribute("data-colors", "#0072b2")
    assert latest == "#d55e00"
    page.keyboard.press("ArrowRight")
    expect(asof).to_have_text(f"As of {days[1]}")
    page.get_by_role("button", name="Next change").click()
    expect(asof).to_have_text(f"As of {days[2]}")
    page.get_by_role("button", name="Previous change").click()
    expect(asof).to_have_text(f"As of {days[1]}")


def test_play_steps_forward_through_the_changes(
    seed_atlas: Atlas, tmp_path: Path, disk_page: tuple[Page, FromDiskOnly]
) -> None:
    page, _ = disk_page
    days = timeline_payload(seed_atlas, region=REGION)["days"]
    open_map(page, save_standalone(seed_atlas, tmp_path / "map.html", region=REGION))
    # At the last day Play starts again from the first.
    page.get_by_role("button", name="Play").click()
    expect(page.locator("#map")).to_have_attribute("data-day", days[1], timeout=10_000)
    page.get_by_role("button", name="Pause").click()
    expect(page.get_by_role("button", name="Play")).to_be_visible()


def test_a_name_made_of_markup_shows_as_text(tmp_path: Path, disk_page: tuple[Page, FromDiskOnly]) -> None:
    page, _ = disk_page
    open_map(page, save_standalone(tiny_atlas(name=EVIL), tmp_path / "evil.html"))
    label = page.locator(".bw-label")
    expect(label).to_have_text(EVIL)
    assert page.locator("#map img[src='x']").count() == 0
    assert EVIL in (page.locator(".bw-mark").get_attribute("title") or "")


def test_clicking_a_crossing_shows_its_state_and_the_claims_behind_it_with_sources(
    seed_atlas: Atlas, tmp_path: Path, disk_page: tuple[Page, FromDiskOnly]
) -> None:
    page, _ = disk_page
    open_map(page, save_standalone(seed_atlas, tmp_path / "map.html", region=REGION, day=date(2021, 7, 14)))
    page.locator('.bw-mark[data-crossing-id="spin-boldak-chaman"]').click()
    panel = page.locator('.bw-info[data-crossing-id="spin-boldak-chaman"]')
    expect(panel.get_by_role("heading", name="Spin Boldak-Chaman")).to_be_visible()
    expect(panel.locator(".bw-info-state")).to_have_text(
        "Spin Boldak-Chaman: the Afghan side contested between Afghan government and Taliban, "
        "the Pakistani side held by Pakistan (presumed: its own side); sealed from the Pakistani side; "
        "last report 2021-07-14."
    )
    expect(panel.locator(".bw-info-asof")).to_have_text("As of 2021-07-14")
    claims = panel.locator(".bw-claim")
    expect(claims.filter(has_text="2021-07-14 · Taliban: held by Taliban")).to_contain_text(
        "Source: AFP · said by Taliban spokesman Zabihullah Mujahid"
    )
    expect(claims.filter(has_text="Pakistan: sealed")).to_contain_text("Source: Arab News")
    # None of these reports has a link; Iran's word on Islam Qala has one.
    assert panel.locator("a").count() == 0
    page.locator('.bw-mark[data-crossing-id="islam-qala"]').click()
    other = page.locator('.bw-info[data-crossing-id="islam-qala"]')
    # Each side's deciding reports: the Taliban's capture of the Afghan side, Iran's sealing of its own.
    iran = other.locator(".bw-claim").filter(has_text="Iran: sealed")
    expect(iran).to_contain_text("Source: Trend (IRNA)")
    expect(iran.locator("a.bw-claim-link")).to_have_attribute("href", "https://en.trend.az/iran/politics/3453602.html")
    # From the keyboard too: a mark takes focus, and Enter opens its panel.
    page.locator('.bw-mark[data-crossing-id="torkham"]').focus()
    page.keyboard.press("Enter")
    expect(page.locator('.bw-info[data-crossing-id="torkham"]')).to_be_visible()
    page.locator('.bw-mark[data-crossing-id="islam-qala"]').focus()
    page.keyboard.press("Enter")
    # A step of the timeline keeps the panel open, now on that day.
    page.get_by_role("button", name="Next change").click()
    expect(other.locator(".bw-info-asof")).not_to_have_text("As of 2021-07-14")


def test_a_tap_on_a_phone_opens_the_panel_too(seed_atlas: Atlas, tmp_path: Path, browser: Browser) -> None:
    blocked = FromDiskOnly()
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    context.route("**/*", blocked.route)
    try:
        page = context.new_page()
        open_map(page, save_standalone(seed_atlas, tmp_path / "map.html", region=REGION, day=date(2021, 7, 14)))
        page.locator('.bw-mark[data-crossing-id="torkham"]').tap()
        expect(page.locator('.bw-info[data-crossing-id="torkham"] .bw-claim').first).to_be_visible()
        # The legend starts folded on a phone, and takes little of the map.
        expect(page.get_by_role("button", name="Legend")).to_have_attribute("aria-expanded", "false")
    finally:
        context.close()
    assert blocked.attempted == []


def test_a_hostile_name_and_source_show_as_text_in_the_panel_and_run_nothing(
    tmp_path: Path, disk_page: tuple[Page, FromDiskOnly]
) -> None:
    page, _ = disk_page
    atlas = tiny_atlas(name=EVIL, source=EVIL)
    atlas.reports.loc[1, "url"] = "javascript:alert(document.domain)"
    open_map(page, save_standalone(atlas, tmp_path / "evil.html"))
    page.locator('.bw-mark[data-crossing-id="gate"]').click()
    panel = page.locator(".bw-info")
    expect(panel.get_by_role("heading", level=2)).to_have_text(EVIL)
    expect(panel.locator(".bw-claim-source").first).to_have_text(
        f"Source: {EVIL} · said by {EVIL} · about the AFG side · confidence high · grade F2"
    )
    assert page.locator("img[src='x']").count() == 0
    # Only web addresses become links: the script address stays out of the page.
    assert panel.locator("a").count() == 0
    assert "javascript:" not in (panel.text_content() or "")


def settled(page: Page) -> Shown:
    """The labels and marks once the map has stopped moving: the same in two readings a frame apart
    (a wheel's zoom animates, and a slow machine may read it half way)."""
    before = shown(page)
    for _ in range(50):
        page.wait_for_timeout(100)
        now = shown(page)
        if now == before:
            return now
        before = now
    return before


def test_labels_never_collide_follow_the_static_rule_and_zooming_in_shows_more(
    tmp_path: Path, disk_page: tuple[Page, FromDiskOnly]
) -> None:
    page, _ = disk_page
    atlas = dense_atlas()
    open_map(page, save_standalone(atlas, tmp_path / "dense.html", region=DENSE, day=DAY))
    container = page.locator("#map[data-labels]")
    container.wait_for()
    view = shown(page)
    assert len(view.marks) == 34
    assert collisions(view) == []
    assert 0 < len(view.labels) < 34
    states = atlas.states(DAY)
    assert same_boxes(view.labels, static_rule(page, view, states))
    zoom = float(page.locator("#map").get_attribute("data-labels-zoom") or "0")
    el_paso = [name for name in view.labels if name.startswith("El Paso")]
    origin = page.locator("#map").bounding_box()
    assert origin is not None
    counts = []
    for _ in range(3):
        # The wheel zooms in around El Paso, as a reader would (a click there would open its panel).
        box = shown(page).marks["el-paso-0"]
        page.mouse.move(origin["x"] + (box[0] + box[2]) / 2, origin["y"] + (box[1] + box[3]) / 2)
        page.mouse.wheel(0, -120)
        page.wait_for_function(
            f"() => Number(document.querySelector('#map[data-labels]')?.dataset.labelsZoom) > {zoom}"
        )
        zoom = float(page.locator("#map").get_attribute("data-labels-zoom") or "0")
        closer = settled(page)
        assert collisions(closer) == []
        assert same_boxes(closer.labels, static_rule(page, closer, states))
        counts.append(len([name for name in closer.labels if name.startswith("El Paso")]))
    assert max(counts) > len(el_paso), counts


@pytest.mark.skipif(not TEXAS.is_file(), reason=f"real data not found at {TEXAS}")
def test_the_texas_mexico_bridges_are_readable(tmp_path: Path, disk_page: tuple[Page, FromDiskOnly]) -> None:
    page, _ = disk_page
    store, _ = open_store("sqlite://", seeds=SEEDS_DIR)
    upload = read_upload(TEXAS.read_bytes(), file="tx.csv", known=known_in(Atlas.load(store)), mapping=TXDOT)
    commit_upload(store, build_preview(Atlas.load(store), upload), created_by="test")
    open_map(page, save_standalone(Atlas.load(store), tmp_path / "tx.html", region="texas-mexico"))
    page.locator("#map[data-labels]").wait_for()
    view = shown(page)
    assert len(view.marks) == 34
    assert collisions(view) == []
    assert view.labels


def test_marks_draw_the_shapes_and_ink_of_the_symbology_spec(
    seed_atlas: Atlas, tmp_path: Path, disk_page: tuple[Page, FromDiskOnly]
) -> None:
    page, _ = disk_page
    open_map(page, save_standalone(seed_atlas, tmp_path / "map.html", region=REGION))
    drawn = page.evaluate(
        # A mark in two halves (its sides apart) draws each half's own shape.
        """() => Array.from(document.querySelectorAll(".bw-mark[data-status]")).flatMap(el => {
             const halves = Array.from(el.querySelectorAll("svg > g.bw-half"));
             return (halves.length ? halves : [el]).map(part => {
               const shape = part.querySelector("circle, polygon");
               return {status: part.dataset.status, tag: shape.tagName, stroke: shape.getAttribute("stroke"),
                       points: shape.getAttribute("points")};
             });
           })"""
    )
    assert {d["status"] for d in drawn} >= {"open", "sealed"}
    for mark in drawn:
        shape = SHAPES[mark["status"]]
        assert mark["stroke"] == INK
        if "circle" in shape:
            assert mark["tag"] == "circle"
        else:
            assert mark["points"] == " ".join(",".join(f"{v:g}" for v in p) for p in shape["points"])
    # The page draws from the spec it carries: another ink there, and the next step draws in it.
    page.evaluate("() => { bwSymbology.colors.ink = '#ff00ff'; }")
    page.get_by_role("button", name="Previous change").click()
    inks = page.evaluate("""() => Array.from(document.querySelectorAll(".bw-mark svg circle, .bw-mark svg polygon"))
                              .map(s => s.getAttribute("stroke"))""")
    assert set(inks) == {"#ff00ff"}
