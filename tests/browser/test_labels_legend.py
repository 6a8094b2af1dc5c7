"""The live map's labels and legend in real Chromium: names never pile up; the legend folds, clear of the marks."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pandas as pd
import pytest
from playwright.sync_api import Browser, Frame, Page, expect

from geo.atlas import Atlas
from geo.day_view import is_placed
from geo.ingest.commit import commit_upload
from geo.ingest.preview import build_preview, known_in
from geo.ingest.seed import open_store
from geo.ingest.upload import read_upload
from geo.settings import SEEDS_DIR
from geo.store.store import Store
from tests.browser.conftest import Offline
from tests.browser.dense_region import DAY, REGION, dense_csv
from tests.browser.harness import MAP_FRAME, map_frame, streamlit_server, wait_for_app
from tests.browser.placement import collisions, overlap, same_boxes, shown, static_rule

SEED = "afghanistan-2021"


def upload(store: Store, text: str) -> None:
    atlas = Atlas.load(store)
    preview = build_preview(atlas, read_upload(text.encode(), file="f.csv", known=known_in(atlas)))
    commit_upload(store, preview, created_by="test")


@pytest.fixture(scope="module")
def dense_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard over the seed data and a dense made-up region of 34 crossings."""
    database = f"sqlite:///{tmp_path_factory.mktemp('dense') / 'borderwatch.db'}"
    store, _ = open_store(database, seeds=SEEDS_DIR)
    crossings, reports = dense_csv()
    upload(store, crossings)
    upload(store, reports)
    store.close()
    with streamlit_server(database) as url:
        yield url


def open_map(page: Page, url: str) -> Frame:
    page.goto(url)
    wait_for_app(page)
    frame = map_frame(page)
    frame.locator(".leaflet-container[data-labels]").wait_for()
    return frame


def states_of(atlas: Atlas, region: str, day: date) -> pd.DataFrame:
    states = atlas.states(day)
    # The crossings a map draws: those a source places.
    return states[(states["region"] == region) & is_placed(states)].reset_index(drop=True)


def test_seed_labels_at_the_opening_view_follow_the_static_rule_and_never_collide(
    seed_atlas: Atlas, app_url: str, page: Page
) -> None:
    frame = open_map(page, f"{app_url}/?region={SEED}&date=2021-07-14")
    view = shown(frame)
    assert len(view.marks) == len(states_of(seed_atlas, SEED, date(2021, 7, 14)))
    assert collisions(view) == []
    # Hairatan's name once sat on Sher Khan Bandar's mark: now it is placed, clear of it.
    assert any(name.startswith("Hairatan") for name in view.labels)
    expected = static_rule(frame, view, states_of(seed_atlas, SEED, date(2021, 7, 14)))
    assert same_boxes(view.labels, expected), (view.labels, expected)


def test_a_dense_region_hides_the_names_that_do_not_fit_and_zooming_in_shows_more(dense_app: str, page: Page) -> None:
    frame = open_map(page, f"{dense_app}/?region={REGION}&date={DAY.isoformat()}")
    view = shown(frame)
    assert len(view.marks) == 34
    assert collisions(view) == []
    assert 0 < len(view.labels) < 34
    el_paso = [name for name in view.labels if name.startswith("El Paso")]
    zoom = int(frame.locator(".leaflet-container").get_attribute("data-labels-zoom") or "0")
    # Double-clicks on El Paso zoom in around it, as a reader would.
    box = view.marks["el-paso-0"]
    for step in (1, 2):
        map_frame(page).locator(".leaflet-container").dblclick(
            position={"x": (box[0] + box[2]) / 2, "y": (box[1] + box[3]) / 2}
        )
        map_frame(page).locator(f".leaflet-container[data-labels-zoom='{zoom + step}']").wait_for()
        wait_for_app(page)
    frame = map_frame(page)
    frame.locator(f".leaflet-container[data-labels-zoom='{zoom + 2}']").wait_for()
    closer = shown(frame)
    assert collisions(closer) == []
    assert len([name for name in closer.labels if name.startswith("El Paso")]) > len(el_paso)


def test_the_legend_folds_and_unfolds_and_stays_as_the_reader_left_it(app_url: str, page: Page) -> None:
    frame = open_map(page, f"{app_url}/?region={SEED}&date=2021-07-14")
    toggle = frame.get_by_role("button", name="Legend")
    body = frame.locator(".bw-legend-body")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(body).to_be_visible()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(body).to_be_hidden()
    # A date step redraws the legend, folded as the reader left it.
    page.get_by_role("button", name="Next change").click()
    wait_for_app(page)
    expect(map_frame(page).locator(".bw-asof")).not_to_have_text("As of 2021-07-14")
    toggle = page.frame_locator(MAP_FRAME).get_by_role("button", name="Legend")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.frame_locator(MAP_FRAME).locator(".bw-legend-body")).to_be_visible()


def test_on_a_phone_the_legend_starts_folded_and_takes_little_of_the_map(
    app_url: str, browser: Browser, offline: Offline
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    context.route("**/*", offline.route)
    try:
        page = context.new_page()
        frame = open_map(page, f"{app_url}/?region={SEED}&date=2021-07-14")
        view = shown(frame)
        assert view.legend is not None
        _, _, width, height = view.frame
        legend_area = (view.legend[2] - view.legend[0]) * (view.legend[3] - view.legend[1])
        assert legend_area < 0.1 * width * height
        toggle = frame.get_by_role("button", name="Legend")
        expect(toggle).to_have_attribute("aria-expanded", "false")
        toggle.tap()
        expect(toggle).to_have_attribute("aria-expanded", "true")
    finally:
        context.close()
    assert offline.attempted == []


def test_no_label_or_mark_is_under_the_legend(app_url: str, page: Page) -> None:
    frame = open_map(page, f"{app_url}/?region={SEED}&date=2021-07-20")
    view = shown(frame)
    assert view.legend is not None
    assert "Torkham" in view.labels
    under = [name for name, box in [*view.labels.items(), *view.marks.items()] if overlap(box, view.legend)]
    assert under == []


def test_a_contested_swatch_names_which_colour_is_which_party(app_url: str, page: Page) -> None:
    frame = open_map(page, f"{app_url}/?region={SEED}&date=2021-07-14")
    # The lines with a colour swatch (a split symbol's line names sides, not colours).
    parts = frame.locator(".bw-legend-part:has(.bw-swatch)")
    expect(parts).to_have_text(["left: Afghan government", "right: Taliban"])
    swatches = parts.locator(".bw-swatch").evaluate_all("els => els.map(e => getComputedStyle(e).backgroundColor)")
    stops = frame.locator('.bw-mark[data-crossing-id="spin-boldak-chaman"] stop').evaluate_all(
        "els => els.map(e => e.getAttribute('stop-color'))"
    )
    # The split mark's strips, left to right, in the colours the legend names.
    assert [stops[0], stops[2]] == ["#0072b2", "#d55e00"]
    assert swatches == ["rgb(0, 114, 178)", "rgb(213, 94, 0)"]
