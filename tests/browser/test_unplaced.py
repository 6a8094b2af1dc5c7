"""A crossing no source places, in real Chromium: the map names it under itself instead of drawing it,
and picking it in the Crossing box opens its state and sources like any other."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from geo.atlas import Atlas
from geo.day_view import is_placed, unplaced_note
from tests.browser.harness import open_link, shown_marks, wait_for_app

REGION = "afghanistan-2021"
DAY = "2021-08-20"


def test_a_crossing_no_source_places_is_named_under_the_map_and_its_story_opens_from_the_crossing_box(
    app_url: str, page: Page, seed_atlas: Atlas
) -> None:
    open_link(page, f"{app_url}/?region={REGION}&date={DAY}")
    crossings = seed_atlas.crossings[seed_atlas.crossings["region"] == REGION]
    unplaced = crossings[~is_placed(crossings)]
    assert "ghulam-khan" in set(unplaced["crossing_id"])
    expect(page.get_by_text(unplaced_note(unplaced))).to_be_visible()
    assert shown_marks(page) == set(crossings.loc[is_placed(crossings), "crossing_id"])

    page.get_by_role("combobox", name="Crossing", exact=True).click()
    page.get_by_role("option", name="Ghulam Khan", exact=True).click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Ghulam Khan", exact=True)).to_be_visible()
    expect(page.get_by_text("the Afghan side held by Taliban", exact=False).first).to_be_visible()
    expect(page.get_by_text("Landi Kotal correspondent", exact=False).first).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]crossing=ghulam-khan(&|$)"), timeout=15_000)
