"""Seconds from starting the dashboard, as ``make run`` does, to the first map drawn in Chromium.

The install step is excluded (the virtualenv already exists); database creation
and seeding, which the dashboard does on first load, are included, on a fresh database file.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.browser.harness import free_port, is_healthy, launch_chromium, map_frame, start_streamlit


def first_map_seconds() -> float:
    """Start Streamlit on a fresh database as ``make run`` does; time until the crossings are drawn."""
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        database_url = f"sqlite:///{Path(folder) / 'bench.db'}"
        port = free_port()
        url = f"http://localhost:{port}"
        start = time.perf_counter()
        server = start_streamlit(database_url, port)
        try:
            while not is_healthy(url):
                time.sleep(0.02)
            page = browser.new_page()
            page.goto(url)
            map_frame(page, timeout_ms=60_000)
            return time.perf_counter() - start
        finally:
            server.terminate()
            server.wait(timeout=20)
            browser.close()
