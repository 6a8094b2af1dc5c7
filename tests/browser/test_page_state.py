"""The reader's date, region, filters and crossing carry across every page and every link between pages."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Page, expect

from tests.browser.harness import MAP_FRAME, map_frame, wait_for_app

START = "/?region=afghanistan-2021&date=2021-07-14&crossing=spin-boldak-chaman&countries=PAK"

#: How to reach each page from any other: its sidebar link, except from Presentation, whose
#: sidebar is hidden and which links back to the map.
SIDEBAR = {
    "map": "Map",
    "compare": "Compare dates",
    "reports": "Reports",
    "about": "About the data",
    "present": "Presentation",
}

#: A walk that takes every ordered pair of pages at least once (Presentation only leads back to the map).
TOUR = [
    "map",
    "compare",
    "map",
    "reports",
    "map",
    "about",
    "map",
    "present",
    "map",
    "compare",
    "reports",
    "compare",
    "about",
    "compare",
    "present",
    "map",
    "reports",
    "about",
    "reports",
    "present",
    "map",
    "about",
    "present",
    "map",
]


def go(page: Page, here: str, there: str) -> None:
    if here == "present":
        assert there == "map"
        page.get_by_role("link", name="Back to the interactive map").click()
    else:
        page.get_by_test_id("stSidebarNav").get_by_role("link", name=SIDEBAR[there], exact=True).click()
    page.wait_for_url(lambda url: urlparse(url).path.strip("/") in ({"", "map"} if there == "map" else {there}))
    wait_for_app(page)


def link_state(page: Page) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlparse(page.url).query).items()}


def test_every_page_pair_keeps_the_readers_date_region_filters_and_crossing(app_url: str, page: Page) -> None:
    page.goto(app_url + START)
    wait_for_app(page)
    frame = map_frame(page)
    expect(frame.locator(".bw-asof")).to_have_text("As of 2021-07-14")
    # A choice made in the session, not only the link's: step to the next change first.
    page.get_by_role("button", name="Next change").click()
    wait_for_app(page)
    expect(frame.locator(".bw-asof")).not_to_have_text("As of 2021-07-14")
    # The map repaints at once; the link follows when the page's run has written it.
    expect(page).not_to_have_url(re.compile(r"[?&]date=2021-07-14(&|$)"))
    chosen = link_state(page)["date"]
    assert chosen > "2021-07-14"

    here = "map"
    for there in TOUR:
        go(page, here, there)
        state = link_state(page)
        where = f"{here} -> {there}"
        assert state.get("region") == "afghanistan-2021", where
        assert state.get("countries") == "PAK", where
        chip = page.get_by_test_id("stSidebar").get_by_role("button", name="Remove Pakistan", include_hidden=True)
        expect(chip).to_have_count(1)
        if there == "map":
            expect(page.frame_locator(MAP_FRAME).locator(".bw-asof")).to_have_text(f"As of {chosen}")
            assert state.get("date") == chosen, where
            assert state.get("crossing") == "spin-boldak-chaman", where
        elif there == "present":
            expect(page.frame_locator(MAP_FRAME).locator(".bw-asof")).to_have_text(f"As of {chosen}")
            assert state.get("date") == chosen, where
        here = there
