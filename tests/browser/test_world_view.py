"""Every region at once, in real Chromium: the world map gathers crowded crossings into numbered discs
that zoom in when clicked, and the region list opens each region at its own view and dates."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from playwright.sync_api import Frame, Page, expect

from geo.atlas import Atlas
from geo.day_view import is_placed
from tests.browser.harness import open_link, wait_for_app

WORLD = "/?region=all"


def _drawn(frame: Frame) -> tuple[set[str], list[list[str]]]:
    """The crossings drawn as marks one by one, and those drawn gathered, disc by disc."""
    container = frame.locator(".leaflet-container")
    # The map says how many discs it gathered once it has drawn them: wait for that, then for them all.
    expect(container).to_have_attribute("data-gathered", re.compile(r"^\d+$"))
    expect(frame.locator(".bw-gathered-disc")).to_have_count(int(container.get_attribute("data-gathered") or "0"))
    marks = frame.locator(".bw-mark[data-crossing-id]").evaluate_all(
        "els => els.filter(e => getComputedStyle(e).visibility !== 'hidden').map(e => e.dataset.crossingId)"
    )
    discs = frame.locator(".bw-gathered-disc").evaluate_all("els => els.map(e => e.dataset.crossingIds.split(' '))")
    return set(marks), discs


def _us(day: date) -> int:
    """A day as the slider's ends: microseconds since 1970 at its midnight, UTC."""
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp()) * 1_000_000


def _zoom(frame: Frame) -> int:
    return int(frame.locator(".leaflet-container").get_attribute("data-labels-zoom") or "0")


def test_the_world_view_shows_every_crossing_once_either_drawn_or_gathered_in_a_numbered_disc(
    app_url: str, page: Page, seed_atlas: Atlas
) -> None:
    frame = open_link(page, app_url + WORLD)
    expect(page.get_by_role("heading", name="Who holds the crossings, and are they open: All regions")).to_be_visible()
    expect(page.get_by_test_id("stSidebar").get_by_role("combobox", name="Region")).to_have_value("All regions")
    marks, discs = _drawn(frame)
    assert discs, "the seed regions' crossings crowd at the world's zoom"
    gathered = [cid for disc in discs for cid in disc]
    assert len(gathered) == len(set(gathered)), "a crossing is in one disc at most"
    assert not marks & set(gathered), "a gathered crossing is not drawn as well"
    placed = seed_atlas.crossings[is_placed(seed_atlas.crossings)]
    assert marks | set(gathered) == set(placed["crossing_id"])
    for disc in frame.locator(".bw-gathered-disc").all():
        members = (disc.get_attribute("data-crossing-ids") or "").split()
        expect(disc).to_have_text(str(len(members)))


def test_clicking_a_numbered_disc_zooms_in_to_its_crossings_and_draws_them_apart(
    app_url: str, page: Page, seed_atlas: Atlas
) -> None:
    frame = open_link(page, app_url + WORLD)
    _, discs = _drawn(frame)
    placed = seed_atlas.crossings[is_placed(seed_atlas.crossings)]
    afghan = set(placed.loc[placed["region"] == "afghanistan-2021", "crossing_id"])
    biggest = max(discs, key=len)
    assert set(biggest) == afghan, "at the world's zoom the Afghan crossings are one disc"
    before = _zoom(frame)
    frame.locator(".bw-gathered-disc", has_text=str(len(biggest))).click()
    expect(frame.locator(".leaflet-container")).not_to_have_attribute("data-labels-zoom", str(before), timeout=15_000)
    # The zoom settles in the disc's crossings, now each drawn apart.
    expect(frame.locator(f'.bw-gathered-disc[data-crossing-ids="{" ".join(biggest)}"]')).to_have_count(0)
    marks, discs = _drawn(frame)
    assert _zoom(frame) >= before + 2
    assert afghan <= marks | {cid for disc in discs for cid in disc}
    assert len(afghan & marks) >= len(afghan) - 2, (marks, discs)
    # The page stayed on the world view; the map moved, nothing else.
    expect(page.get_by_test_id("stSidebar").get_by_role("combobox", name="Region")).to_have_value("All regions")


def test_a_region_of_the_list_opens_at_its_own_view_and_dates(app_url: str, page: Page, seed_atlas: Atlas) -> None:
    region = "gaza-2023-2025"
    title = seed_atlas.region_title(region)
    span = seed_atlas.report_span(region)
    assert span is not None
    open_link(page, app_url + WORLD)
    page.get_by_role("button", name=title).click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name=f"Who holds the crossings, and are they open: {title}")).to_be_visible()
    expect(page.get_by_test_id("stSidebar").get_by_role("combobox", name="Region")).to_have_value(title)
    slider = page.get_by_role("slider", name="As of", exact=True)
    # While the region's run draws its own slider, the world's one is still on the page: wait for the
    # region's, then for the world's to go.
    expect(page.locator(f'input[aria-label="As of"][aria-valuetext="{span[1].isoformat()}"]')).to_have_count(1)
    expect(slider).to_have_count(1)
    expect(slider).to_have_attribute("aria-valuetext", span[1].isoformat())
    expect(slider).to_have_attribute("min", str(_us(span[0])))
    expect(slider).to_have_attribute("max", str(_us(span[1])))
    expect(page).to_have_url(re.compile(rf"[?&]region={region}(&|$)"), timeout=15_000)
    expect(page).to_have_url(re.compile(rf"[?&]date={span[1].isoformat()}(&|$)"))
    frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
    placed = seed_atlas.crossings[is_placed(seed_atlas.crossings)]
    gaza = set(placed.loc[placed["region"] == region, "crossing_id"])
    expect(frame.locator(".bw-mark[data-crossing-id]")).to_have_count(len(gaza))
    drawn = frame.locator(".bw-mark[data-crossing-id]").evaluate_all("els => els.map(e => e.dataset.crossingId)")
    assert set(drawn) == gaza
    # Framed on the region: every mark inside the map, nearer than the world's zoom.
    container = frame.locator(".leaflet-container")
    expect(container).to_have_attribute("data-labels", str(len(gaza)))
    assert int(container.get_attribute("data-labels-zoom") or "0") >= 6
    assert "view=" not in page.url or re.search(r"view=3[0-2]\.\d*%2C3[3-5]\.", page.url), page.url
    # A region's own map gathers nothing: its marks are all drawn.
    expect(frame.locator(".bw-gathered-disc")).to_have_count(0)
    expect(page.get_by_text("Regions: open one at its own view and dates")).to_have_count(0)
