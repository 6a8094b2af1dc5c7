"""A reader who pans the map and steps at once, in real Chromium: no step is lost, no stale view or
date comes back.

The map reports a move about 250 ms after it (streamlit-folium debounces it) as a run of its own,
which may arrive while a step's run is still under way, or before the page has the stepped day.
"""

from __future__ import annotations

import re
import time
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Frame, Page, expect

from tests.browser.harness import open_link, seed_change_days, wait_for_app

REGION = "afghanistan-2021"
START = date(2021, 5, 1)
#: Longer than streamlit-folium's 250 ms debounce of a move, so a move's own run has been asked for.
SETTLE_MS = 1_000
#: Click a button, and again the moment the page says the first click's run has started.
CLICK_TWICE = """button => new Promise(done => {
  const app = document.querySelector('[data-testid="stApp"]');
  const watch = new MutationObserver(() => {
    if (app.dataset.testScriptState !== "running") return;
    watch.disconnect();
    button.click();
    done();
  });
  watch.observe(app, {attributes: true, attributeFilter: ["data-test-script-state"]});
  button.click();
})"""
#: Click "Next change" the moment the next run starts, and say so in ``window.bwStepped``. Installed
#: before the click that starts that run, so a run too short to be seen by polling is not missed.
STEP_WHEN_RUNNING = """() => {
  window.bwStepped = false;
  const app = document.querySelector('[data-testid="stApp"]');
  const watch = new MutationObserver(() => {
    if (app.dataset.testScriptState !== "running") return;
    watch.disconnect();
    const button = [...document.querySelectorAll("button")].find(b => b.innerText.trim() === "Next change");
    button.click();
    window.bwStepped = true;
  });
  watch.observe(app, {attributes: true, attributeFilter: ["data-test-script-state"]});
}"""


@pytest.fixture(scope="module")
def change_days() -> list[date]:
    return seed_change_days(REGION, START)


def open_map(page: Page, app_url: str) -> Frame:
    frame = open_link(page, f"{app_url}/?region={REGION}&date={START}")
    expect(frame.locator(".bw-asof")).to_have_text(f"As of {START}")
    return frame


def move_map(frame: Frame, lat: float, lon: float, zoom: int) -> None:
    frame.evaluate(f"void window.map.setView([{lat}, {lon}], {zoom}, {{animate: false}})")


def next_change(page: Page) -> None:
    # No wait for an idle page: the reader clicks as soon as the button is there.
    page.get_by_role("button", name="Next change").click(no_wait_after=True)


def link_view(page: Page) -> tuple[float, float, int] | None:
    """The map view the page's link holds, if any."""
    values = parse_qs(urlsplit(page.url).query).get("view")
    if not values:
        return None
    lat, lon, zoom = values[0].split(",")
    return float(lat), float(lon), int(zoom)


def near(found: tuple[float, float, int] | None, view: tuple[float, float, int]) -> bool:
    # The map reports its centre after it has settled in its frame, a few metres from where it was set.
    return found is not None and found[2] == view[2] and abs(found[0] - view[0]) + abs(found[1] - view[1]) < 0.05


def expect_settled_on(page: Page, frame: Frame, day: date, view: tuple[float, float, int] | None) -> None:
    """The page came to rest on ``day`` with the map at ``view`` (if given): map caption, slider and
    link agree, and stay so once every run the clicks and moves asked for has finished."""
    deadline = time.monotonic() + 15
    while view and not near(link_view(page), view) and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    expect(page).to_have_url(re.compile(f"date={day}"))
    page.wait_for_timeout(SETTLE_MS)
    wait_for_app(page)
    expect(frame.locator(".bw-asof")).to_have_text(f"As of {day}")
    expect(page.get_by_test_id("stSlider").get_by_test_id("stSliderThumbValue")).to_have_text(day.isoformat())
    expect(page).to_have_url(re.compile(f"date={day}"))
    if view:
        assert near(link_view(page), view), f"the link holds view {link_view(page)}, not the map's {view}"
        shown = frame.evaluate("[window.map.getCenter().lat, window.map.getCenter().lng, window.map.getZoom()]")
        assert near((shown[0], shown[1], int(shown[2])), view), f"the map moved to {shown} from {view}"
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_a_step_right_after_a_move_is_never_lost(app_url: str, page: Page, change_days: list[date]) -> None:
    frame = open_map(page, app_url)
    for position in range(5):
        view = (32.0 + position / 4, 66.0 - position / 4, 6 + position % 2)
        move_map(frame, *view)
        next_change(page)
        expect_settled_on(page, frame, change_days[position], view)


def test_two_quick_clicks_step_two_changes(app_url: str, page: Page, change_days: list[date]) -> None:
    frame = open_map(page, app_url)
    position = -1
    for round_ in range(3):
        view = (31.5 + round_ / 4, 65.5, 7)
        move_map(frame, *view)
        # The second click comes as soon as the first one's run has started, before it has drawn
        # its day (two clicks that reach the server before that run starts are one click to
        # Streamlit, which merges a button's presses waiting in its queue).
        page.get_by_role("button", name="Next change").evaluate(CLICK_TWICE)
        position += 2
        expect_settled_on(page, frame, change_days[position], view)


def test_a_move_after_a_step_keeps_the_stepped_day(app_url: str, page: Page, change_days: list[date]) -> None:
    frame = open_map(page, app_url)
    for position in range(4):
        view = (33.0 - position / 4, 67.0, 6)
        next_change(page)
        move_map(frame, *view)
        expect_settled_on(page, frame, change_days[position], view)


def test_a_step_right_after_a_click_on_the_map_keeps_the_crossing_clicked(
    app_url: str, page: Page, change_days: list[date]
) -> None:
    frame = open_map(page, app_url)
    marks = frame.locator(".bw-mark[data-crossing-id]")
    drawn = sorted(marks.evaluate_all("els => els.map(e => e.dataset.crossingId)"))
    for position, crossing in enumerate(drawn[:3]):
        # The map reports the click a quarter of a second later, as a run that selects the
        # crossing; the step is asked for while that run is drawing it.
        page.evaluate(STEP_WHEN_RUNNING)
        frame.locator(f'.bw-mark[data-crossing-id="{crossing}"]').click(no_wait_after=True)
        page.wait_for_function("window.bwStepped === true", timeout=10_000)
        expect_settled_on(page, frame, change_days[position], None)
        expect(page).to_have_url(re.compile(f"crossing={re.escape(crossing)}"))
        expect(page.get_by_text("Every report, oldest first.")).to_be_visible()
