"""Text from uploads stays text in a real browser: in the page, the map's labels and hover titles."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from geo.ingest.seed import open_store
from geo.settings import SEEDS_DIR
from tests.browser.harness import map_frame, streamlit_server, wait_for_app
from tests.uploads import CROSSINGS, REPORTS, upload

HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    database = f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'borderwatch.db'}"
    store, _ = open_store(database, seeds=SEEDS_DIR)
    upload(store, CROSSINGS + f'bad-gate,"{HOSTILE}",AFG,PAK,,,31.5,66.0,afghanistan-2021,"<b>bold</b>"\n')
    upload(
        store, REPORTS + f'bad-gate,2021-07-14,taliban,taliban,open,AFG,"{HOSTILE}",<script>alert(2)</script>,,low,\n'
    )
    store.close()
    with streamlit_server(database) as url:
        yield url


def test_a_crossing_named_like_html_shows_as_those_characters_and_runs_nothing(hostile_app: str, page: Page) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{hostile_app}/?region=afghanistan-2021&date=2021-07-14&crossing=bad-gate")
    wait_for_app(page)
    frame = map_frame(page)
    mark = frame.locator('.bw-mark[data-crossing-id="bad-gate"]')
    expect(mark).to_be_attached()
    # The permanent label and the hover title carry the name as text.
    expect(frame.locator(".bw-label").filter(has_text=HOSTILE)).to_have_count(1)
    assert HOSTILE in (mark.get_attribute("title") or "")
    # The story panel and the tables show it as text too.
    expect(page.get_by_text(f"{HOSTILE}: the Afghan side held by Taliban").first).to_be_visible()
    expect(page.get_by_text("<script>alert(2)</script>").first).to_be_visible()
    assert page.locator('img[src="x"]').count() == 0
    assert frame.locator('img[src="x"]').count() == 0
    page.wait_for_timeout(500)
    assert dialogs == []
