"""The presentation page in real Chromium: a screenshot-ready frame, no Streamlit chrome, downloads offline."""

from __future__ import annotations

import itertools
import time
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import Frame, Page, expect

from geo.atlas import Atlas
from geo.day_view import is_placed
from tests.browser.harness import MAP_FRAME, wait_for_app

TITLE = "Afghan border crossings"
SUBTITLE = "Who holds them, and which are open"
QUERY = {"region": "afghanistan-2021", "date": "2021-07-14", "title": TITLE, "subtitle": SUBTITLE}


def open_present(page: Page, app_url: str, query: dict[str, str]) -> Frame:
    """The presentation page at ``query``, once its map frame is complete and laid out."""
    page.goto(f"{app_url}/present?{urlencode(query)}")
    wait_for_app(page)
    page.frame_locator(MAP_FRAME).locator(".leaflet-container[data-frame='ready'][data-outlines]").wait_for()
    handle = page.locator(MAP_FRAME).element_handle()
    assert handle is not None
    frame = handle.content_frame()
    assert frame is not None
    return frame


def test_the_frame_carries_title_date_legend_scale_and_sources(app_url: str, page: Page, tmp_path: Path) -> None:
    frame = open_present(page, app_url, QUERY)
    shot = tmp_path / "presentation.png"
    page.screenshot(path=str(shot))
    expect(frame.locator(".bw-title")).to_have_text(TITLE)
    expect(frame.locator(".bw-subtitle")).to_have_text(SUBTITLE)
    expect(frame.locator(".bw-asof")).to_have_text("As of 2021-07-14")
    legend = frame.locator(".bw-legend")
    expect(legend).to_contain_text("Contested: Afghan government / Taliban")
    expect(legend).to_contain_text("Sealed (crossed square)")
    expect(frame.locator(".leaflet-control-scale")).to_be_visible()
    sources = frame.locator(".bw-sources")
    expect(sources).to_contain_text("Sources behind the states shown")
    expect(sources).to_contain_text("Reuters (2021-07-14)")
    # The title sits above the date, both in the top left corner.
    title_box, date_box = frame.locator(".bw-title-box").bounding_box(), frame.locator(".bw-asof").bounding_box()
    assert title_box is not None and date_box is not None
    assert title_box["y"] + title_box["height"] <= date_box["y"]
    pixels = np.asarray(Image.open(shot).convert("RGB"))
    assert len({tuple(p) for p in pixels.reshape(-1, 3)[::7]}) > 50


def test_the_frame_names_the_outlets_of_the_authorisations_in_force(app_url: str, page: Page) -> None:
    # Resolution 2258 permits aid through four Syrian crossings on this day (seeds/authorisations.csv).
    frame = open_present(page, app_url, {"region": "syria-2014-2024", "date": "2016-06-01"})
    expect(frame.locator(".bw-sources")).to_contain_text("WAM (via Emirates News Releases) (2016-01-11)")


def test_streamlit_header_toolbar_and_sidebar_are_hidden(app_url: str, page: Page) -> None:
    open_present(page, app_url, QUERY)
    for testid in ("stHeader", "stToolbar", "stSidebar", "stExpandSidebarButton", "stMainMenu"):
        expect(page.locator(f'[data-testid="{testid}"]')).to_be_hidden()
    # The map spans the page, less its margins.
    box = page.locator(MAP_FRAME).bounding_box()
    assert box is not None and box["width"] > 0.95 * 1400 - 60
    assert page.evaluate("() => document.querySelector('[data-testid=\"stApp\"]').scrollHeight") > box["height"]


def test_crossing_labels_overlap_neither_each_other_nor_the_marks(app_url: str, page: Page, seed_atlas: Atlas) -> None:
    frame = open_present(page, app_url, QUERY)
    labels = frame.locator(".bw-label").evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })"
    )
    marks = frame.locator(".bw-mark").evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })"
    )
    crossings = seed_atlas.crossings[is_placed(seed_atlas.crossings)]
    assert len(labels) == len(marks) == int((crossings["region"] == QUERY["region"]).sum())

    def overlap(a: list[float], b: list[float]) -> bool:
        return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]

    for a, b in itertools.combinations(labels, 2):
        assert not overlap(a, b), (a, b)
    for label, mark in itertools.product(labels, marks):
        assert not overlap(label, mark), (label, mark)


def test_a_hostile_title_shows_as_text_and_runs_nothing(app_url: str, page: Page) -> None:
    hostile = '<img src=x onerror="window.top.__pwned = 1">${window.top.__pwned = 2}'
    frame = open_present(page, app_url, {**QUERY, "title": hostile})
    expect(frame.locator(".bw-title")).to_have_text(hostile)
    assert frame.locator(".bw-title img").count() == 0
    assert page.evaluate("() => window.__pwned") is None


def test_the_png_download_is_made_on_click_and_arrives_offline(app_url: str, page: Page, tmp_path: Path) -> None:
    open_present(page, app_url, QUERY)
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="PNG (screen)").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "borderwatch-afghanistan-2021-2021-07-14.png"
    assert Image.open(saved).size == (1600, 1000)


def test_title_and_date_survive_a_visit_to_the_map_page(app_url: str, page: Page) -> None:
    open_present(page, app_url, {**QUERY, "date": "2021-07-20"})
    page.get_by_text("Back to the interactive map").click()
    wait_for_app(page)
    expect(page.frame_locator(MAP_FRAME).locator(".bw-asof")).to_have_text("As of 2021-07-20")
    page.get_by_role("link", name="Presentation").click()
    wait_for_app(page)
    frame = page.frame_locator(MAP_FRAME)
    expect(frame.locator(".bw-asof")).to_have_text("As of 2021-07-20")
    expect(frame.locator(".bw-title")).to_have_text(TITLE)
    assert "title=Afghan+border+crossings" in page.url


#: The Leaflet map inside the component's iframe (folium names it at random).
LEAFLET_MAP = "Object.values(window).find(v => v instanceof L.Map)"


def screen_frame(frame: Frame) -> list[float]:
    """West, south, east, north of the map as the reader sees it."""
    bounds: list[float] = frame.evaluate(
        f"() => {{ const b = ({LEAFLET_MAP}).getBounds(); "
        "return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]; }"
    )
    return bounds


def url_view(url: str) -> str:
    return parse_qs(urlparse(url).query)["view"][0]


def settled_view(page: Page, frame: Frame, before: str | None, *, timeout_s: float = 30.0) -> str:
    """The view in the URL once the map's latest move has reached the script and the script is idle.

    Settled means: the URL's view differs from ``before``, matches the map as it is now
    (centre to 4 decimals, zoom), and Streamlit has finished its run.
    """
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        view = parse_qs(urlparse(page.url).query).get("view", [None])[0]
        lat, lng, zoom = frame.evaluate(
            f"() => {{ const m = {LEAFLET_MAP}; const c = m.getCenter(); return [c.lat, c.lng, m.getZoom()]; }}"
        )
        idle = page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').count() == 1
        if view and view != before and idle:
            at = [float(v) for v in view.split(",")]
            if abs(at[0] - lat) < 2e-4 and abs(at[1] - lng) < 2e-4 and int(at[2]) == zoom:
                return view
        page.wait_for_timeout(100)
    raise AssertionError(f"the view never settled after {before!r}: the URL holds {page.url}")


def test_the_png_shows_the_frame_on_screen_and_its_link_reopens_that_frame(
    app_url: str, page: Page, tmp_path: Path
) -> None:
    frame = open_present(page, app_url, QUERY)
    whole = screen_frame(frame)
    start_view = parse_qs(urlparse(page.url).query).get("view", [None])[0]
    box = page.locator(MAP_FRAME).bounding_box()
    assert box is not None
    # Zoom in on Spin Boldak with the wheel, as a reader would, then drag the map a little.
    x, y = frame.evaluate(
        f"() => {{ const p = ({LEAFLET_MAP}).latLngToContainerPoint([30.92, 66.44]); return [p.x, p.y]; }}"
    )
    start_zoom = frame.evaluate(f"() => ({LEAFLET_MAP}).getZoom()")
    page.mouse.move(box["x"] + x, box["y"] + y)
    page.mouse.wheel(0, -300)
    # The zoom first, then its view in the URL: a view settled before the wheel reached the map
    # (the map's own first move, on a loaded machine) is not the zoomed view.
    frame.wait_for_function(f"z => ({LEAFLET_MAP}).getZoom() > z", arg=start_zoom)
    zoomed_view = settled_view(page, frame, start_view)
    page.mouse.move(box["x"] + 700, box["y"] + 400)
    page.mouse.down()
    page.mouse.move(box["x"] + 620, box["y"] + 360, steps=8)
    page.mouse.up()
    view = settled_view(page, frame, zoomed_view)
    on_screen = screen_frame(frame)
    assert int(view.split(",")[2]) > int((start_view or zoomed_view).split(",")[2])
    assert on_screen[2] - on_screen[0] < (whole[2] - whole[0]) / 2

    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="PNG (screen)").click()
    saved = tmp_path / "frame.png"
    download.value.save_as(saved)
    info = Image.open(saved).text
    west, south, east, north = (float(v) for v in info["Extent"].split(","))
    # The picture holds the frame on screen, centred on it, widened only to the page's shape.
    assert west <= on_screen[0] + 1e-4 and south <= on_screen[1] + 1e-4
    assert east >= on_screen[2] - 1e-4 and north >= on_screen[3] - 1e-4
    assert (west + east) / 2 == pytest.approx((on_screen[0] + on_screen[2]) / 2, abs=1e-3)
    assert max(east - west - (on_screen[2] - on_screen[0]), north - south - (on_screen[3] - on_screen[1])) < 0.5 * (
        on_screen[3] - on_screen[1]
    )
    # The printed permalink carries that view, and reopens exactly that frame.
    link = info["Permalink"]
    assert url_view(link) == view
    again = page.context.new_page()
    again.goto(link)
    wait_for_app(again)
    again.frame_locator(MAP_FRAME).locator(".leaflet-container[data-frame='ready']").wait_for()
    handle = again.locator(MAP_FRAME).element_handle()
    assert handle is not None and handle.content_frame() is not None
    reopened = screen_frame(handle.content_frame())  # type: ignore[arg-type]
    assert reopened == pytest.approx(on_screen, abs=2e-3)
    again.close()
