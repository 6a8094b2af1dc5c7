"""The standalone map opened from disk in real Chromium, with every request but file:// blocked."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from geo.atlas import Atlas
from geo.standalone import save_standalone, timeline_payload
from tests.test_export import tiny_atlas

pytestmark = pytest.mark.browser

REGION = "afghanistan-2021"
EVIL = "<img src=x onerror=alert(1)>"
AFGHAN_CROSSINGS = {
    "spin-boldak-chaman",
    "torkham",
    "islam-qala",
    "zaranj",
    "torghundi",
    "aqina",
    "hairatan",
    "sher-khan-bandar",
    "angoor-adda",
}


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


def test_crossings_draw_from_disk_with_no_network(seed_atlas: Atlas, tmp_path: Path,
                                                  disk_page: tuple[Page, FromDiskOnly]) -> None:
    page, _ = disk_page
    open_map(page, save_standalone(seed_atlas, tmp_path / "map.html", region=REGION))
    marks = page.locator(".bw-mark[data-crossing-id]")
    expect(marks.first.locator("svg")).to_be_visible()
    assert set(marks.evaluate_all("els => els.map(e => e.dataset.crossingId)")) == AFGHAN_CROSSINGS
    assert marks.locator("svg").count() == len(AFGHAN_CROSSINGS)
    expect(page.locator(".bw-legend")).to_contain_text("Held by")
    # The outlines are inlined and drawn on the canvas.
    expect(page.locator(".leaflet-overlay-pane canvas")).to_be_attached()


def test_moving_the_timeline_changes_the_date_and_the_marks(seed_atlas: Atlas, tmp_path: Path,
                                                            disk_page: tuple[Page, FromDiskOnly]) -> None:
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


def test_play_steps_forward_through_the_changes(seed_atlas: Atlas, tmp_path: Path,
                                                disk_page: tuple[Page, FromDiskOnly]) -> None:
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
