"""A crossing's story in real Chromium: a click on its history chart or its history table moves the map
to that day, and the story says who vouches for each holder."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
from playwright.sync_api import Locator, Page, expect

from geo.atlas import Atlas
from geo.ingest.seed import open_store
from geo.runs import BANDS, SIDE_BAND, history_bands
from geo.settings import SEEDS_DIR
from tests.browser.harness import map_frame, wait_for_app

CROSSING = "spin-boldak-chaman"
DAY = date(2021, 7, 14)
LINK = f"/?region=afghanistan-2021&date={DAY}&crossing={CROSSING}"
#: Spin Boldak-Chaman's reports name its sides: a band of holders and one of statuses for each.
SIDED_BANDS = [SIDE_BAND.format(side=side, band=band) for side in ("Afghan side", "Pakistani side") for band in BANDS]
#: A crossing whose reports name no side, and a day after its one run began.
WHOLE_CROSSING, WHOLE_LINK = "muse-ruili", "/?region=myanmar-2023-2024&date=2024-02-01&crossing=muse-ruili"
#: Glide data grid geometry in Streamlit 1.67: header and rows 35 px, the row-selection box at the left.
ROW_PX, MARKER_X = 35, 12


@pytest.fixture(scope="module")
def seed_atlas() -> Iterator[Atlas]:
    store, _ = open_store("sqlite://", seeds=SEEDS_DIR)
    yield Atlas.load(store)
    store.close()


def open_story(page: Page, app_url: str, link: str = LINK) -> None:
    page.goto(app_url + link)
    wait_for_app(page)
    expect(map_frame(page).locator(".bw-asof")).to_have_text(f"As of {parse_qs(urlsplit(link).query)['date'][0]}")


def expect_moved_to(page: Page, day: date) -> None:
    """The whole map moved: slider, the map's own date caption and the URL, with no error on the page."""
    expect(page.get_by_test_id("stSlider").get_by_test_id("stSliderThumbValue")).to_have_text(day.isoformat())
    expect(map_frame(page).locator(".bw-asof")).to_have_text(f"As of {day}")
    expect(page).to_have_url(re.compile(f"date={day}"))
    wait_for_app(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)


def band_mark(page: Page, band: str, first_day: date) -> Locator:
    """The chart's bar for the run starting on ``first_day`` in ``band``, found by the label Vega gives
    each mark from its x position ("start: Jul 26, 2021; band: held by; ...")."""
    chart = page.get_by_test_id("stVegaLiteChart")
    mark = chart.locator(f'g.role-mark path[aria-label^="start: {first_day:%b %d, %Y};"][aria-label*="band: {band};"]')
    expect(mark).to_have_count(1)
    return mark


def test_a_crossing_whose_reports_name_sides_has_a_pair_of_bands_for_each_side(app_url: str, page: Page) -> None:
    open_story(page, app_url)
    chart = page.get_by_test_id("stVegaLiteChart")
    for band in SIDED_BANDS:
        expect(chart.locator(f'g.role-mark path[aria-label*="band: {band};"]').first).to_be_attached()
    expect(chart.locator('g.role-mark path[aria-label*="band: held by;"]')).to_have_count(0)


@pytest.mark.parametrize("band", SIDED_BANDS)
def test_clicking_a_band_of_the_history_chart_moves_the_map_to_the_first_day_of_that_band(
    app_url: str, page: Page, seed_atlas: Atlas, band: str
) -> None:
    bands = history_bands(seed_atlas, CROSSING)
    runs = bands[bands["band"] == band]
    # A run that starts well after the day shown and lasts long enough to click on.
    later = runs[runs["start"] > pd.Timestamp(DAY)]
    lengths = [(end - start).days for start, end in zip(later["start"], later["end"], strict=True)]
    first_day = later["start"].iloc[lengths.index(max(lengths))].date()
    open_story(page, app_url)
    mark = band_mark(page, band, first_day)
    mark.scroll_into_view_if_needed()
    mark.click()
    expect_moved_to(page, first_day)


@pytest.mark.parametrize(("link", "crossing"), [(LINK, CROSSING), (WHOLE_LINK, WHOLE_CROSSING)])
def test_clicking_the_first_band_moves_the_map_back_to_the_first_report(
    app_url: str, page: Page, seed_atlas: Atlas, link: str, crossing: str
) -> None:
    """Also for a crossing whose reports name no side: its one pair of bands is the whole crossing's."""
    first = history_bands(seed_atlas, crossing).iloc[0]
    open_story(page, app_url, link)
    mark = band_mark(page, first["band"], first["start"].date())
    mark.scroll_into_view_if_needed()
    mark.click()
    expect_moved_to(page, first["start"].date())


def test_selecting_a_row_of_the_history_table_moves_the_map_to_its_date(
    app_url: str, page: Page, seed_atlas: Atlas
) -> None:
    days = list(seed_atlas.history(CROSSING)["date"].astype(str))
    # The first row dated away from the story's day, so the move shows; it must be on screen unscrolled.
    row = next(i for i, d in enumerate(days) if d != DAY.isoformat())
    assert row < 9, "the row must be visible without scrolling the table"
    open_story(page, app_url)
    table = page.get_by_test_id("stDataFrame").filter(has_text="claimant").first
    table.scroll_into_view_if_needed()
    box = table.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + MARKER_X, box["y"] + ROW_PX * (row + 1) + ROW_PX / 2)
    expect_moved_to(page, date.fromisoformat(days[row]))


def test_the_story_says_who_claims_each_holder_and_which_independent_origins_confirm_it(
    app_url: str, page: Page
) -> None:
    open_story(page, app_url)
    story = page.get_by_test_id("stMarkdown")
    expect(
        story.filter(
            has_text="Taliban on the Afghan side: claimed by the Taliban (C3); "
            "confirmed by one independent origin, Pakistan (B2)"
        )
    ).to_have_count(1)
    expect(story.filter(has_text="Afghan government on the Afghan side: its own claim only (C4)")).to_have_count(1)


def test_the_claims_behind_the_state_are_grouped_by_holder_strongest_first_each_with_its_grade(
    app_url: str, page: Page
) -> None:
    open_story(page, app_url)
    groups = page.get_by_test_id("stMarkdown").filter(has_text=re.compile(r"^For .+ · \d+ reports?, \d+ origins?$"))
    expect(groups).to_have_count(2)
    expect(groups.nth(0)).to_have_text("For Taliban · 2 reports, 1 origin")
    expect(groups.nth(1)).to_have_text("For Afghan government · 2 reports, 2 origins")
    expect(page.get_by_test_id("stMarkdown").filter(has_text="Status only · 1 report, 1 origin")).to_have_count(1)
    badge = page.get_by_test_id("stMarkdown").filter(has_text="B2 usually reliable source; probably true")
    expect(badge).to_have_count(1)


def test_the_table_under_the_map_has_a_column_saying_who_vouches_for_each_holder(app_url: str, page: Page) -> None:
    open_story(page, app_url)
    table = page.get_by_test_id("stDataFrame").filter(has_text="corroboration").first
    table.scroll_into_view_if_needed()
    # The grid draws on a canvas; its cells are also in a table kept for screen readers.
    row = table.locator("tr").filter(has_text="Spin Boldak-Chaman")
    expect(row).to_contain_text("contested: Afghan government and Taliban")
    expect(row).to_contain_text("Taliban on the Afghan side: claimed by the Taliban (C3); confirmed by one independent")


def test_choosing_sources_graded_a_to_b_tells_the_seed_day_as_well_graded_sources_do(app_url: str, page: Page) -> None:
    open_story(page, app_url)
    wait_for_app(page)
    sidebar = page.get_by_test_id("stSidebar")
    grades = sidebar.get_by_role("combobox", name="Sources graded")
    # Far down the sidebar: a click while the sidebar still scrolls to it only focuses it.
    grades.scroll_into_view_if_needed()
    expect(grades).to_be_in_viewport(ratio=1)
    grades.click()
    page.get_by_role("option", name="A-B", exact=True).click()
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"reliability=B"))
    expect(sidebar).to_contain_text("read sources graded A-B only")
    story = page.get_by_test_id("stMarkdown")
    # The Taliban's own claim (C3) and Kabul's (C4) are not read; Pakistan's word (B2) is.
    expect(
        story.filter(has_text="Taliban on the Afghan side: confirmed by one independent origin, Pakistan (B2)")
    ).to_have_count(1)
    expect(story.filter(has_text="Afghan government on the Afghan side")).to_have_count(0)
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_a_state_resting_on_a_date_range_is_marked_on_the_map_and_its_dates_shown_side_by_side(
    app_url: str, page: Page
) -> None:
    # Israel's "operational control" of Rafah's Gaza side, overnight 6-7 May 2024.
    open_story(page, app_url, "/?region=gaza-2023-2025&date=2024-05-06&crossing=rafah")
    frame = map_frame(page)
    expect(frame.locator(".bw-label").filter(has_text="Rafah (?)")).to_have_count(1)
    expect(frame.locator(".bw-legend")).to_contain_text("Name (?): rests on a date known only as a range")
    story = page.get_by_test_id("stMarkdown")
    expect(story.filter(has_text="uncertain until 2024-05-07")).to_have_count(1)
    expect(
        story.filter(has_text="held by Israel on the Palestinian side: 2024-05-06 to 2024-05-07 (AP); 2024-05-07 (AP)")
    ).to_have_count(1)
