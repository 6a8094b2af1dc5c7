"""What a reader sees and hears around the map: the product's name, the slider's name and value, the change days."""

from __future__ import annotations

import base64
from datetime import date

from playwright.sync_api import Page, expect

from geo.atlas import Atlas
from geo.changes import change_days
from geo.filters import CrossingFilter
from geo.ingest.seed import open_store
from geo.settings import SEEDS_DIR
from tests.browser.harness import map_frame, wait_for_app

SEED_DAY = "/?region=afghanistan-2021&date=2021-07-14"


def seed_change_days() -> list[date]:
    store, _ = open_store("sqlite://", seeds=SEEDS_DIR)
    days = change_days(Atlas.load(store), CrossingFilter(regions=frozenset({"afghanistan-2021"})))
    store.close()
    return days


def test_the_slider_has_one_name_and_the_date_as_its_value(app_url: str, page: Page) -> None:
    page.goto(app_url + SEED_DAY)
    wait_for_app(page)
    slider = page.get_by_role("slider", name="As of", exact=True)
    expect(slider).to_have_count(1)
    expect(slider).to_have_attribute("aria-valuetext", "2021-07-14")
    expect(map_frame(page).locator(".bw-asof")).to_have_text("As of 2021-07-14")
    page.get_by_role("button", name="Next change").click()
    wait_for_app(page)
    expect(map_frame(page).locator(".bw-asof")).not_to_have_text("As of 2021-07-14")
    stepped = map_frame(page).locator(".bw-asof").inner_text().removeprefix("As of ")
    expect(slider).to_have_attribute("aria-valuetext", stepped)
    expect(page.get_by_role("slider", name="As of", exact=True)).to_have_count(1)


def test_every_change_day_is_marked_on_the_timeline_where_the_slider_puts_it(app_url: str, page: Page) -> None:
    days = seed_change_days()
    page.goto(app_url + SEED_DAY)
    wait_for_app(page)
    marks = page.locator(".bw-change-mark")
    expect(marks).to_have_count(len(days))
    assert marks.evaluate_all("els => els.map(e => e.dataset.day)") == [d.isoformat() for d in days]
    assert date(2021, 7, 14) in days
    thumb = page.get_by_test_id("stSliderThumbValue").locator("..").bounding_box()
    mark = page.locator('.bw-change-mark[data-day="2021-07-14"]').bounding_box()
    assert thumb is not None and mark is not None
    assert abs((thumb["x"] + thumb["width"] / 2) - (mark["x"] + mark["width"] / 2)) < 4


def test_every_page_names_the_product_and_shows_names_not_codes(app_url: str, page: Page, seed_atlas: Atlas) -> None:
    title = seed_atlas.region_title("afghanistan-2021")
    page.goto(app_url + SEED_DAY + "&countries=PAK")
    wait_for_app(page)
    expect(page).to_have_title("Borderwatch")
    logo = page.get_by_test_id("stSidebarLogo")
    expect(logo).to_be_visible()
    source = logo.get_attribute("src") or ""
    assert source.startswith("data:image/svg+xml;base64,")  # drawn from the page itself, nothing fetched
    assert "<title>Borderwatch</title>" in base64.b64decode(source.split(",", 1)[1]).decode()
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_role("combobox", name="Region")).to_have_value(title)
    expect(sidebar.get_by_role("button", name="Remove Pakistan")).to_be_visible()
    expect(sidebar.get_by_text("afghanistan-2021")).to_have_count(0)
    heading = page.get_by_role("heading", name=f"Who holds the crossings, and are they open: {title}")
    expect(heading).to_be_visible()
    # The page's own styles (the tighter top band) arrive with the script run, a moment after
    # the heading on a busy machine: wait for them, then measure.
    heading.evaluate(
        "h => new Promise(done => { const start = Date.now(); (function look() {"
        " if (h.getBoundingClientRect().y < 110 || Date.now() - start > 10000) done();"
        " else requestAnimationFrame(look); })(); })"
    )
    box = heading.bounding_box()
    assert box is not None and box["y"] < 110, f"the page starts {box} down"
