"""A page that fails shows the reader a plain message and a reference; the details go to the server log."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.harness import streamlit_server, wait_for_app

#: What a traceback would give away: server paths, code, and the error box's links to outside sites.
LEAKS = re.compile(r"Traceback|site-packages|/work/|\.py\b|File \"|sqlite3\.|DatabaseError", re.IGNORECASE)


def outside_links(page: Page) -> list[str]:
    hrefs: list[str] = page.locator("a[href]").evaluate_all("els => els.map(e => e.href)")
    return [href for href in hrefs if not href.startswith(("http://localhost:", "http://127.0.0.1:"))]


def test_a_failing_page_shows_a_reference_and_no_details(tmp_path: Path, page: Page) -> None:
    broken = tmp_path / "borderwatch.db"
    broken.write_bytes(b"this file is not a database\n" * 200)
    log = tmp_path / "server.log"
    with streamlit_server(f"sqlite:///{broken}", log=log) as url:
        page.goto(f"{url}/?region=afghanistan-2021&date=2021-07-14")
        wait_for_app(page)
        message = page.get_by_test_id("stAlert").filter(has_text="Reference ")
        expect(message).to_be_visible()
        reference = re.search(r"Reference ([0-9a-f]{8})", message.inner_text())
        assert reference is not None
        body = page.inner_text("body")
        assert not LEAKS.search(body), LEAKS.search(body)
        assert page.get_by_test_id("stException").count() == 0
        assert outside_links(page) == []
    server_log = log.read_text()
    assert f"reference {reference.group(1)}" in server_log
    assert "Traceback" in server_log
