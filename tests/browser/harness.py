"""The pieces browser tests and browser benchmarks share: a Streamlit server, page readiness, and
what a test reads off the map.

Readiness is waited on through the app's own signals (Streamlit's script state, the
map's drawn marks), never by sleeping.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from playwright.sync_api import Browser, Frame, Page, Playwright

from geo.atlas import Atlas
from geo.changes import step_change
from geo.filters import CrossingFilter
from geo.ingest.seed import open_store
from geo.settings import PROJECT_ROOT, SEEDS_DIR

CHROMIUM = Path(os.environ.get("BORDERWATCH_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
STARTUP_TIMEOUT_S = 120
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def is_healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def wait_healthy(url: str, process: subprocess.Popen[bytes], *, timeout_s: float = STARTUP_TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout_s
    while not is_healthy(url):
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}")
        if time.monotonic() > deadline:
            raise TimeoutError(f"streamlit did not answer at {url} within {timeout_s}s")
        time.sleep(0.05)


def start_streamlit(
    database_url: str, port: int, *, extra_env: Mapping[str, str] | None = None, log: Path | None = None
) -> subprocess.Popen[bytes]:
    """Start the dashboard and its API the way ``make run`` does, on ``port`` over ``database_url``
    (its output to ``log``)."""
    env = {**os.environ, "DATABASE_URL": database_url, "STREAMLIT_SERVER_PORT": str(port), **(extra_env or {})}
    output = log.open("wb") if log else subprocess.DEVNULL
    return subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard/serve.py", "--server.address", "127.0.0.1"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT if log else subprocess.DEVNULL,
    )


@contextmanager
def streamlit_server(
    database_url: str, *, extra_env: Mapping[str, str] | None = None, log: Path | None = None
) -> Iterator[str]:
    """The dashboard on a free port; yields its address once it answers."""
    port = free_port()
    process = start_streamlit(database_url, port, extra_env=extra_env, log=log)
    url = f"http://localhost:{port}"
    try:
        wait_healthy(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def launch_chromium(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)


def wait_for_app(page: Page, *, timeout_ms: float = 30_000) -> None:
    """Wait until Streamlit has finished running the script."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout_ms)


def map_frame(page: Page, *, timeout_ms: float = 30_000) -> Frame:
    """The map's iframe, once it has drawn its crossings (the date caption is added after them)."""
    page.frame_locator(MAP_FRAME).locator(".bw-asof").first.wait_for(timeout=timeout_ms)
    handle = page.locator(MAP_FRAME).element_handle()
    assert handle is not None
    frame = handle.content_frame()
    assert frame is not None
    return frame


def open_link(page: Page, link: str) -> Frame:
    """The map page at ``link``, once the app has run and the map has drawn its crossings."""
    page.goto(link)
    wait_for_app(page)
    return map_frame(page)


def shown_marks(page: Page) -> set[str]:
    """The crossings the map draws now, by id."""
    found: list[str] = (
        page.frame_locator(MAP_FRAME)
        .locator(".bw-mark[data-crossing-id]")
        .evaluate_all("els => els.map(e => e.dataset.crossingId)")
    )
    return set(found)


def seed_change_days(region: str, start: date) -> list[date]:
    """Every change day of the seed data's ``region`` after ``start``, as the library computes them."""
    store, _ = open_store("sqlite://", seeds=SEEDS_DIR)
    atlas = Atlas.load(store)
    crossings = CrossingFilter(regions=frozenset({region}))
    days, day = [], step_change(atlas, start, crossings, "next")
    while day is not None:
        days.append(day)
        day = step_change(atlas, day, crossings, "next")
    store.close()
    return days


def sign_in(page: Page, name: str, password: str) -> None:
    """Sign in as an editor from the sidebar's sign-in corner of the page open, and wait for the run."""
    page.get_by_text("Editor sign-in").click()
    page.get_by_role("textbox", name="Name").fill(name)
    page.get_by_role("textbox", name="Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    wait_for_app(page)
