"""Permission apart from control, and traffic, in real Chromium: the story lists the authorisations in
force with their sources, and the sidebar's filters for permission and for one kind of traffic narrow
the map as their labels say."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.harness import MAP_FRAME, open_link, shown_marks, wait_for_app

#: Resolution 2165 names these four crossings, in force until 2015-01-10.
MANDATED = {"bab-al-hawa", "bab-al-salam", "al-yarubiyah", "al-ramtha"}
SYRIA = "/?region=syria-2014-2024&date=2015-01-01"
#: Muse: open for people and shut to trucks from 2023-10-31.
MYANMAR = "/?region=myanmar-2023-2024&date=2023-11-01"


def open_map(page: Page, app_url: str, link: str) -> None:
    open_link(page, app_url + link)


def test_the_story_lists_each_authorisation_in_force_with_its_source_page(app_url: str, page: Page) -> None:
    open_map(page, app_url, SYRIA + "&crossing=bab-al-hawa")
    expect(page.get_by_text("Permission", exact=False).first).to_be_visible()
    words = "UN Security Council resolution 2165: permits aid, in force until 2015-01-10, expires in 9 days"
    expect(page.get_by_text(words)).to_be_visible()
    # Its source page is a link button of its own, beside the words.
    expect(page.locator('a[href="https://press.un.org/en/2014/sc11473.doc.htm"]')).to_have_text("Source page")


def test_under_an_authorisation_only_leaves_the_mandated_crossings(app_url: str, page: Page) -> None:
    open_map(page, app_url, SYRIA)
    assert shown_marks(page) > MANDATED
    page.get_by_test_id("stSidebar").get_by_text("Under an authorisation only").click()
    wait_for_app(page)
    expect(page.frame_locator(MAP_FRAME).locator(".bw-mark[data-crossing-id]")).to_have_count(len(MANDATED))
    assert shown_marks(page) == MANDATED
    assert "authorised=1" in page.url


# Seen once on a loaded CI machine: the map had redrawn for 9 days while the link still said 8 after 15 s.
# Rerun once on any failure until that lag is found; a second failure fails.
@pytest.mark.flaky(reruns=1)
def test_an_authorisation_ending_within_n_days_keeps_only_those(app_url: str, page: Page) -> None:
    open_map(page, app_url, SYRIA)
    days = page.get_by_role("spinbutton", name="Authorisation ends within (days)")
    days.fill("8")
    days.press("Enter")
    wait_for_app(page)
    # The mandate ends in 9 days: nothing ends within 8.
    expect(page.get_by_text(re.compile("No crossing in .* matches these filters as of 2015-01-01"))).to_be_visible()
    days.fill("9")
    days.press("Enter")
    wait_for_app(page)
    expect(page.frame_locator(MAP_FRAME).locator(".bw-mark[data-crossing-id]")).to_have_count(len(MANDATED))
    assert shown_marks(page) == MANDATED
    expect(page).to_have_url(re.compile(r"expiring=9"))


def test_the_status_filter_for_one_kind_of_traffic_reads_that_kinds_status(app_url: str, page: Page) -> None:
    open_map(page, app_url, MYANMAR)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_test_id("stMultiSelect").filter(has_text="Status").click()
    page.get_by_role("option", name="sealed", exact=True).click()
    page.keyboard.press("Escape")
    wait_for_app(page)
    # Restricted as a whole (open for people, shut to trucks): not sealed. Waited for: the map
    # repaints after the page's run ends.
    expect(page.frame_locator(MAP_FRAME).locator('.bw-mark[data-crossing-id="muse-ruili"]')).to_have_count(0)
    sidebar.get_by_role("combobox", name="Status for").click()
    page.get_by_role("option", name="for goods").click()
    wait_for_app(page)
    expect(page.frame_locator(MAP_FRAME).locator('.bw-mark[data-crossing-id="muse-ruili"]')).to_have_count(1)
    expect(page).to_have_url(re.compile(r"traffic=goods"))
    sidebar.get_by_role("combobox", name="Status for").click()
    page.get_by_role("option", name="for people").click()
    wait_for_app(page)
    expect(page.frame_locator(MAP_FRAME).locator('.bw-mark[data-crossing-id="muse-ruili"]')).to_have_count(0)
