"""The clicks the README and the pages advertise, each made in a real browser, each checked for what it promises."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import Offline
from tests.browser.harness import MAP_FRAME, map_frame, shown_marks, wait_for_app
from tests.browser.test_presentation import open_present

SEED_DAY = "/?region=afghanistan-2021&date=2021-07-14"


def test_copy_link_shows_a_link_that_reopens_this_view(
    app_url: str, page: Page, browser: Browser, offline: Offline
) -> None:
    page.goto(app_url + SEED_DAY + "&crossing=spin-boldak-chaman&countries=PAK")
    wait_for_app(page)
    map_frame(page)
    page.get_by_role("button", name="Copy link").click()
    link = page.get_by_test_id("stCode").inner_text().strip()
    assert link.startswith(app_url) and "date=2021-07-14" in link
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.route("**/*", offline.route)
    fresh = context.new_page()
    try:
        fresh.goto(link)
        wait_for_app(fresh)
        expect(map_frame(fresh).locator(".bw-asof")).to_have_text("As of 2021-07-14")
        expect(fresh.get_by_role("heading", name="Spin Boldak-Chaman")).to_be_visible()
        expect(fresh.get_by_role("button", name="Remove Pakistan")).to_be_visible()
    finally:
        context.close()


def test_clicking_contested_only_leaves_only_the_contested_crossing(app_url: str, page: Page) -> None:
    page.goto(app_url + SEED_DAY)
    wait_for_app(page)
    map_frame(page)
    assert len(shown_marks(page)) > 1
    page.get_by_test_id("stSidebar").get_by_text("Contested only").click()
    wait_for_app(page)
    expect(page.frame_locator(MAP_FRAME).locator(".bw-mark[data-crossing-id]")).to_have_count(1)
    assert shown_marks(page) == {"spin-boldak-chaman"}
    assert "contested=1" in page.url


def test_choosing_a_speed_puts_it_in_the_link(app_url: str, page: Page) -> None:
    page.goto(app_url + SEED_DAY)
    wait_for_app(page)
    map_frame(page)
    page.get_by_role("combobox", name="Speed").click()
    page.get_by_role("option", name="fast (0.7 s)").click()
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"speed=fast"))


def test_the_compare_page_lists_what_changed_between_the_dates_typed(app_url: str, page: Page) -> None:
    page.goto(app_url + "/compare?region=afghanistan-2021&a=2021-05-01&b=2021-05-02")
    wait_for_app(page)
    # Anchored: "10 crossing(s) changed" holds "0 crossing(s) changed" too.
    nothing_changed = page.get_by_text(re.compile(r"^0 crossing\(s\) changed"))
    expect(nothing_changed).to_be_visible()
    # The date field takes typing segment by segment, as a reader types it.
    page.get_by_role("spinbutton", name="month, To").click()
    page.keyboard.type("0715")
    page.get_by_role("heading", name="What changed between two dates").click()  # the field commits on leaving it
    expect(nothing_changed).to_have_count(0)
    expect(page.get_by_test_id("stExpander").filter(has_text="Spin Boldak-Chaman")).to_have_count(1)


def test_picking_a_crossing_on_the_reports_page_lists_only_its_reports(app_url: str, page: Page) -> None:
    page.goto(app_url + "/reports?region=afghanistan-2021")
    wait_for_app(page)
    count = page.get_by_text(re.compile(r"^\d+ reports$"))
    everything = int(count.inner_text().split()[0])
    page.get_by_role("combobox", name="Crossings").click()
    # Typed, as a reader does: the list shows only its first crossings until it is narrowed.
    page.keyboard.type("Torkham")
    page.get_by_role("option", name="Torkham", exact=True).click()
    page.keyboard.press("Escape")
    # The pick is in the field, then the page's run that follows it lists fewer reports.
    expect(page.get_by_test_id("stMultiSelect").filter(has_text="Crossings")).to_contain_text("Torkham")
    wait_for_app(page)
    expect(count).not_to_have_text(f"{everything} reports", timeout=30_000)
    rows = int(count.inner_text().split()[0])
    assert 0 < rows < everything


MAGIC = {
    "PNG (screen)": b"\x89PNG",
    "PNG (print, 300 dpi)": b"\x89PNG",
    "PDF": b"%PDF",
    "SVG": b"<?xml",
    "Standalone HTML": b"<!DOCTYPE html>",
}


@pytest.mark.parametrize("label", [*MAGIC, "State CSV", "State GeoJSON", "History CSV", "History GeoPackage"])
def test_each_presentation_download_arrives_in_its_format(app_url: str, page: Page, tmp_path: Path, label: str) -> None:
    open_present(page, app_url, {"region": "afghanistan-2021", "date": "2021-07-14"})
    wait_for_app(page)  # the frame's first bounds come back as a rerun
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name=label, exact=True).click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    data = saved.read_bytes()
    if label in MAGIC:
        assert data.lstrip().startswith(MAGIC[label]), data[:40]
    elif label.endswith("CSV"):
        assert "crossing_id" in data.decode("utf-8-sig").splitlines()[0]
    elif label.endswith("GeoJSON"):
        assert json.loads(data)["type"] == "FeatureCollection"
    else:
        assert data.startswith(b"SQLite format 3")
