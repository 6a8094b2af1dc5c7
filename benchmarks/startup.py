"""Seconds from starting the dashboard, as ``make run`` does, to the first map drawn in Chromium.

The install step is excluded (the virtualenv already exists); database creation
and seeding are included, on a fresh database file.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

from geo.settings import PROJECT_ROOT

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
            return response.status == 200
    except OSError:
        return False


def first_map_seconds() -> float:
    """Start `geo init` then Streamlit on a fresh database; time until crossings are drawn."""
    with tempfile.TemporaryDirectory() as folder:
        port = _port()
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{Path(folder) / 'bench.db'}",
            "STREAMLIT_SERVER_PORT": str(port),
        }
        url = f"http://localhost:{port}"
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "geo", "init"], cwd=PROJECT_ROOT, env=env, check=True, capture_output=True
        )
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "dashboard/app.py"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS)
                while not _healthy(url):
                    time.sleep(0.05)
                page = browser.new_page()
                page.goto(url)
                frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
                frame.locator(".bw-mark svg").first.wait_for(timeout=60_000)
                elapsed = time.perf_counter() - start
                browser.close()
                return elapsed
        finally:
            server.terminate()
            server.wait(timeout=20)
