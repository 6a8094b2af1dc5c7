"""Markdown and HTML from a link or from the data stay text on every page: no outside request, no link, no element.

The Offline fixture fails any test whose page asked for a host other than this one, so an
image written in Markdown that became an ``<img>`` would fail here even before the checks.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Frame, Page

from geo.ingest.seed import open_store
from geo.settings import SEEDS_DIR
from tests.browser.harness import streamlit_server, wait_for_app
from tests.uploads import CROSSINGS, PARTIES, REPORTS, upload

EVIL = "evil.example"
PAYLOADS = (
    f"![](http://{EVIL}/x.png)",
    f"[Your session expired - sign in again](https://{EVIL}/login)",
    f'<img src="http://{EVIL}/y.png"><a href="https://{EVIL}/a">sign in</a>',
)
URL_KEYS = (
    "date",
    "view",
    "region",
    "crossing",
    "speed",
    "q",
    "countries",
    "parties",
    "statuses",
    "contested",
    "stale",
    "unconfirmed",
    "title",
    "subtitle",
    "a",
    "b",
)
PAGES = ("", "compare", "present", "reports", "about")


def made_by_text(target: Page | Frame) -> list[str]:
    """Links, images and frames in ``target`` whose address is on the outside host."""
    found: list[str] = target.locator("[href], [src], [srcset]").evaluate_all(
        """(els, host) => els.filter(e => ["href", "src", "srcset"].some(name => {
               const value = e.getAttribute(name);
               if (!value) return false;
               try { return new URL(value.split(" ")[0], document.baseURI).hostname === host; }
               catch (error) { return false; }
           })).map(e => e.outerHTML.slice(0, 160))""",
        EVIL,
    )
    return found


def everything_made_by_text(page: Page) -> list[str]:
    return [html for frame in page.frames for html in made_by_text(frame)]


@pytest.mark.parametrize("payload", PAYLOADS, ids=["image", "link", "html"])
@pytest.mark.parametrize("path", PAGES, ids=["map", *PAGES[1:]])
def test_markdown_in_every_link_parameter_stays_text(app_url: str, page: Page, path: str, payload: str) -> None:
    page.goto(f"{app_url}/{path}?{urlencode(dict.fromkeys(URL_KEYS, payload))}")
    wait_for_app(page)
    page.wait_for_timeout(1500)  # toasts and the map's frame draw after the script ends
    wait_for_app(page)
    assert everything_made_by_text(page) == []
    assert page.get_by_test_id("stException").count() == 0


def csv_cell(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


@pytest.fixture(scope="module")
def markdown_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The seed data with a crossing, a party and reports whose every text field is Markdown or HTML."""
    database = f"sqlite:///{tmp_path_factory.mktemp('markdown') / 'borderwatch.db'}"
    store, _ = open_store(database, seeds=SEEDS_DIR)
    image, link, html = (csv_cell(p) for p in PAYLOADS)
    upload(store, CROSSINGS + f"md-gate,{image},AFG,PAK,{link},{html},31.6,65.9,afghanistan-2021,{image}\n")
    upload(store, PARTIES + f"md-party,{link},,armed-group\n")
    upload(
        store,
        REPORTS
        + f"md-gate,2021-07-10,md-party,md-party,open,AFG,{image},{link},,low,{html}\n"
        + f"md-gate,2021-07-14,taliban,taliban,sealed,,{link},{image},,high,{image}\n",
    )
    store.close()
    with streamlit_server(database) as url:
        yield url


@pytest.mark.parametrize(
    "query",
    [
        "/?region=afghanistan-2021&date=2021-07-10&crossing=md-gate",
        "/?region=afghanistan-2021&date=2021-07-14&crossing=md-gate",
        "/compare?region=afghanistan-2021&a=2021-07-01&b=2021-07-14",
        "/present?region=afghanistan-2021&date=2021-07-14",
        "/reports?region=afghanistan-2021",
        "/about?region=afghanistan-2021",
    ],
    ids=["map-party-day", "map-taliban-day", "compare", "present", "reports", "about"],
)
def test_markdown_in_every_uploaded_text_field_stays_text(markdown_app: str, page: Page, query: str) -> None:
    page.goto(markdown_app + query)
    wait_for_app(page)
    page.wait_for_timeout(1500)
    wait_for_app(page)
    for expander in page.get_by_test_id("stExpander").all():
        expander.locator("summary").click()
    assert everything_made_by_text(page) == []
    assert page.get_by_test_id("stException").count() == 0
