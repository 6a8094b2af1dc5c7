"""The dashboard in real Chromium with every outside request blocked."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.harness import MAP_FRAME, map_frame, wait_for_app


def test_map_draws_every_seed_crossing_offline_with_date_and_legend(app_url: str, page: Page) -> None:
    page.goto(f"{app_url}/?region=afghanistan-2021&date=2021-07-14")
    wait_for_app(page)
    frame = map_frame(page)
    marks = frame.locator(".bw-mark[data-crossing-id]")
    expect(marks.first).to_be_visible()
    ids = set(marks.evaluate_all("els => els.map(e => e.dataset.crossingId)"))
    assert {"spin-boldak-chaman", "torkham", "islam-qala", "sher-khan-bandar", "torghundi", "hairatan", "zaranj"} <= ids
    expect(frame.locator(".bw-asof")).to_have_text("As of 2021-07-14")
    legend = frame.locator(".bw-legend")
    expect(legend).to_contain_text("Contested: Afghan government / Taliban")
    expect(legend).to_contain_text("Sealed")
    # The country outlines come from the local GeoJSON file and are drawn on a canvas.
    expect(frame.locator(".leaflet-container[data-outlines='241']")).to_be_attached()
    expect(frame.locator(".leaflet-overlay-pane canvas")).to_be_attached()


def test_spin_boldak_is_drawn_sealed_and_contested_on_the_seed_day(app_url: str, page: Page) -> None:
    page.goto(f"{app_url}/?region=afghanistan-2021&date=2021-07-14")
    wait_for_app(page)
    mark = map_frame(page).locator('.bw-mark[data-crossing-id="spin-boldak-chaman"]')
    assert mark.get_attribute("data-status") == "sealed"
    # Contested: the symbol is split between two colours.
    assert mark.locator("linearGradient stop").count() == 4


def test_clicking_a_crossing_lists_the_claims_behind_it(app_url: str, page: Page) -> None:
    page.goto(f"{app_url}/?region=afghanistan-2021&date=2021-07-14")
    wait_for_app(page)
    map_frame(page)
    page.frame_locator(MAP_FRAME).locator('.bw-mark[data-crossing-id="spin-boldak-chaman"]').click()
    wait_for_app(page)
    sentence = page.get_by_role("paragraph").filter(has_text="Spin Boldak-Chaman: the Afghan side contested between")
    expect(sentence).to_be_visible(timeout=15_000)
    expect(page.get_by_text("The claims that decide this state, side by side")).to_be_visible()
    assert "crossing=spin-boldak-chaman" in page.url
