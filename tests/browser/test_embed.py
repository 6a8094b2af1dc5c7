"""The map in another site's page: the Presentation page's snippet pasted into a page of an origin
``BORDERWATCH_EMBED_ORIGINS`` lists shows the map, its date, legend and marks, with the outside world
blocked; a page of any other origin is refused the frame. The same setting's sibling for the API
(``BORDERWATCH_API_ORIGINS``) lets the listed origin's script read the state, and no other."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.harness import free_port, streamlit_server, wait_for_app

SEED_DAY = "2021-07-14"


@dataclass(frozen=True)
class Sites:
    app: str
    allowed: str  # an origin both settings list
    other: str  # the same pages, from an origin neither lists
    pages: Path


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sites]:
    pages = tmp_path_factory.mktemp("newsroom")
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), functools.partial(_Quiet, directory=str(pages)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = server.server_address[1]
    allowed = f"http://127.0.0.1:{port}"
    env = {"BORDERWATCH_EMBED_ORIGINS": allowed, "BORDERWATCH_API_ORIGINS": allowed}
    database = tmp_path_factory.mktemp("embed") / "borderwatch.db"
    try:
        with streamlit_server(f"sqlite:///{database}", extra_env=env) as app:
            yield Sites(app, allowed, f"http://localhost:{port}", pages)
    finally:
        server.shutdown()


def _snippet(page: Page, sites: Sites) -> str:
    page.goto(f"{sites.app}/present?region=afghanistan-2021&date={SEED_DAY}&title=Afghan+crossings")
    wait_for_app(page)
    code = page.get_by_test_id("stCode").filter(has_text="<iframe")
    expect(code).to_be_visible()
    expect(page.get_by_text(f"Sites allowed to show it: {sites.allowed}")).to_be_visible()
    snippet = code.inner_text().strip()
    assert snippet.startswith("<iframe") and f"date={SEED_DAY}" in snippet
    return snippet


def _newsroom_page(sites: Sites, name: str, body: str) -> str:
    (sites.pages / name).write_text(f"<!doctype html><html><body><h1>Newsroom</h1>{body}</body></html>")
    return name


def test_the_presentation_page_s_snippet_shows_the_map_in_a_listed_site_s_page(page: Page, sites: Sites) -> None:
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security" in message.text else None)
    name = _newsroom_page(sites, "story.html", _snippet(page, sites))
    page.goto(f"{sites.allowed}/{name}")
    framed = page.frame_locator("iframe")
    expect(framed.locator(".bw-asof")).to_have_text(f"As of {SEED_DAY}", timeout=30_000)
    expect(framed.get_by_text("Afghan crossings")).to_be_visible()
    expect(framed.get_by_text("Legend")).to_be_visible()
    expect(framed.locator(".bw-mark[data-crossing-id='spin-boldak-chaman']")).to_have_count(1)
    assert refused == []


def test_a_site_the_setting_does_not_list_is_refused_the_frame(page: Page, sites: Sites) -> None:
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text))
    name = _newsroom_page(sites, "elsewhere.html", _snippet(page, sites))
    page.goto(f"{sites.other}/{name}")
    expect(page.get_by_role("heading", name="Newsroom")).to_be_visible()
    page.wait_for_function("() => document.querySelector('iframe') !== null")
    page.wait_for_timeout(1500)
    child = page.frames[1]
    assert child.locator(".bw-asof").count() == 0
    assert any("frame-ancestors" in text for text in refused), refused


FETCH_STATE = """async (url) => {
  try {
    const answer = await fetch(url);
    return (await answer.json()).date;
  } catch (error) {
    return "refused";
  }
}"""


def test_only_a_listed_site_s_script_may_read_the_state(page: Page, sites: Sites) -> None:
    name = _newsroom_page(sites, "reader.html", "<p>a script reads the state</p>")
    url = f"{sites.app}/api/v1/state?date={SEED_DAY}"
    page.goto(f"{sites.allowed}/{name}")
    assert page.evaluate(FETCH_STATE, url) == SEED_DAY
    page.goto(f"{sites.other}/{name}")
    assert page.evaluate(FETCH_STATE, url) == "refused"
