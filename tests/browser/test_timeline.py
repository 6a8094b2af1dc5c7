"""Moving through time in real Chromium: change steps, Play, permalinks, and a map that stays put."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from datetime import date

import pytest
from playwright.sync_api import Browser, Frame, Page, expect

from tests.browser.conftest import Offline
from tests.browser.harness import open_link, seed_change_days, wait_for_app

REGION = "afghanistan-2021"
START = date(2021, 5, 1)


@pytest.fixture(scope="module")
def change_days() -> list[date]:
    return seed_change_days(REGION, START)


def as_of(frame: Frame) -> str:
    return frame.locator(".bw-asof").inner_text()


def marks(frame: Frame) -> dict[str, tuple[str | None, str | None]]:
    """Each crossing's drawn status and colours, by id."""
    found = frame.locator(".bw-mark[data-crossing-id]").evaluate_all(
        "els => els.map(e => [e.dataset.crossingId, e.dataset.status, e.dataset.colors])"
    )
    return {cid: (status, colors) for cid, status, colors in found}


def open_map(page: Page, app_url: str, query: str) -> Frame:
    return open_link(page, f"{app_url}/?{query}")


def test_next_and_previous_change_step_the_date_and_repaint_the_marks(
    app_url: str, page: Page, change_days: list[date]
) -> None:
    frame = open_map(page, app_url, f"region={REGION}&date={START}")
    expect(frame.locator(".bw-asof")).to_have_text(f"As of {START}")
    drawn = [marks(frame)]
    for day in change_days[:4]:
        page.get_by_role("button", name="Next change").click()
        expect(frame.locator(".bw-asof")).to_have_text(f"As of {day}")
        drawn.append(marks(frame))
    # Each change day changes some crossing's state; across four steps a mark must change.
    assert any(before != after for before, after in itertools.pairwise(drawn))
    page.get_by_role("button", name="Previous change").click()
    expect(frame.locator(".bw-asof")).to_have_text(f"As of {change_days[2]}")
    assert marks(frame) == drawn[3]
    expect(page).to_have_url(re.compile(f"date={change_days[2]}"))


def test_stepping_repaints_in_place_without_remounting_or_moving_the_map(
    app_url: str, page: Page, change_days: list[date]
) -> None:
    frame = open_map(page, app_url, f"region={REGION}&date={START}")
    # A mark on the iframe's window survives only if the iframe is never reloaded.
    frame.evaluate("window.__bwProbe = 'kept'")
    frame.evaluate("void window.map.setView([32.0, 66.0], 6, {animate: false})")
    # The steps follow the move at once: the move's own run, reported a moment later, keeps them
    # (test_step_after_move.py presses that harder).
    for day in change_days[:3]:
        wait_for_app(page)
        page.get_by_role("button", name="Next change").click()
        expect(frame.locator(".bw-asof")).to_have_text(f"As of {day}")
    wait_for_app(page)
    assert frame.evaluate("window.__bwProbe") == "kept"
    assert frame.evaluate("window.map.getZoom()") == 6
    center = frame.evaluate("[window.map.getCenter().lat, window.map.getCenter().lng]")
    assert center == pytest.approx([32.0, 66.0], abs=0.01)
    assert page.locator('iframe[title="streamlit_folium.st_folium"]').count() == 1


def test_play_walks_through_at_least_three_changes_and_pause_stops(
    app_url: str, page: Page, change_days: list[date]
) -> None:
    frame = open_map(page, app_url, f"region={REGION}&date={START}&speed=fast+(0.7+s)")
    # Every date the map shows, as the page draws it: sampling from here could miss a step
    # on a busy machine, where two steps may come between two looks.
    frame.evaluate(
        """() => {
          window.__bwShown = [];
          new MutationObserver(() => {
            const text = (document.querySelector('.bw-asof') || {}).textContent;
            if (text && window.__bwShown[window.__bwShown.length - 1] !== text) window.__bwShown.push(text);
          }).observe(document.body, {childList: true, characterData: true, subtree: true});
        }"""
    )
    page.get_by_role("button", name="Play").click()
    seen = [f"As of {START}"]
    for _ in range(3):
        expect(frame.locator(".bw-asof")).not_to_have_text(seen[-1], timeout=10_000)
        seen.append(as_of(frame))
    page.get_by_role("button", name="Pause").click()
    wait_for_app(page)
    # The steps walked in order, one change at a time.
    expected = [f"As of {day}" for day in change_days]
    walked = [text.strip() for text in frame.evaluate("window.__bwShown")]
    # The map may repaint its opening date before the first step.
    walked = [text for text in walked if text != f"As of {START}"]
    assert len(walked) >= 3
    assert walked == expected[expected.index(walked[0]) : expected.index(walked[0]) + len(walked)]
    stopped = as_of(frame)
    page.wait_for_timeout(2_000)
    assert as_of(frame) == stopped


def test_a_permalink_reopens_the_same_date_crossing_filters_and_view(
    app_url: str, page: Page, browser: Browser, offline: Offline
) -> None:
    frame = open_map(page, app_url, f"region={REGION}&date=2021-07-14&crossing=spin-boldak-chaman&statuses=sealed,open")
    frame.evaluate("void window.map.setView([31.0, 66.5], 7, {animate: false})")
    expect(page).to_have_url(re.compile(r"view=31%2C66\.5%2C7"), timeout=10_000)
    link = page.url
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.route("**/*", offline.route)
    fresh = context.new_page()
    try:
        copy = open_link(fresh, link)
        expect(copy.locator(".bw-asof")).to_have_text("As of 2021-07-14")
        assert copy.evaluate("window.map.getZoom()") == 7
        center = copy.evaluate("[window.map.getCenter().lat, window.map.getCenter().lng]")
        assert center == pytest.approx([31.0, 66.5], abs=0.01)
        story = fresh.get_by_role("paragraph").filter(has_text="Spin Boldak-Chaman: the Afghan side contested between")
        expect(story).to_be_visible()
        status_filter = fresh.get_by_test_id("stMultiSelect").filter(has_text="Status")
        expect(status_filter).to_contain_text("sealed")
        expect(status_filter).to_contain_text("open")
        assert set(marks(copy)) == set(marks(frame))
    finally:
        context.close()


@pytest.fixture
def heap_bytes(page: Page) -> Iterator[Callable[[], int]]:
    """The page's JavaScript heap in use after a full garbage collection (the map's frame included)."""
    session = page.context.new_cdp_session(page)

    def measure() -> int:
        session.send("HeapProfiler.collectGarbage")
        return int(session.send("Runtime.getHeapUsage")["usedSize"])

    yield measure
    session.detach()


def test_fifty_steps_keep_the_map_memory_and_layers_bounded(
    app_url: str, page: Page, change_days: list[date], heap_bytes: Callable[[], int]
) -> None:
    frame = open_map(page, app_url, f"region={REGION}&date={START}")
    position = -1
    for position in range(5):
        page.get_by_role("button", name="Next change").click()
        expect(frame.locator(".bw-asof")).to_have_text(f"As of {change_days[position]}")
    warm = heap_bytes()
    layers_before = frame.evaluate("Object.keys(window.map._layers).length")
    for step in range(50):
        forward = (step // 10) % 2 == 0
        page.get_by_role("button", name="Next change" if forward else "Previous change").click()
        position += 1 if forward else -1
        expect(frame.locator(".bw-asof")).to_have_text(f"As of {change_days[position]}")
    wait_for_app(page)
    grown = heap_bytes()
    # streamlit-folium would keep every layer it ever drew; the crossing layer empties that list.
    assert frame.evaluate("window.feature_group.length") <= 1
    assert frame.evaluate("Object.keys(window.map._layers).length") == layers_before
    assert grown <= warm * 1.2, f"heap grew from {warm} to {grown} bytes over 50 steps"
