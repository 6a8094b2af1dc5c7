"""The API's figures (issue 16): ``GET /api/v1/state`` of every crossing, asked by 8 clients at once of
one running instance, each answer timed from request to last byte."""

from __future__ import annotations

import statistics
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from tests.browser.harness import streamlit_server

CLIENTS = 8
REQUESTS_PER_CLIENT = 25


def _timed_get(url: str) -> tuple[float, int]:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
        body = response.read()
    return time.perf_counter() - start, len(body)


def api_figures(database_url: str, day: str) -> dict[str, Any]:
    """Median and p95 of ``/api/v1/state?date=day`` under 8 concurrent clients, and the throughput."""
    with streamlit_server(database_url) as base:
        url = f"{base}/api/v1/state?date={day}"
        first_s, size = _timed_get(url)  # loads the atlas, as the first page view would
        with ThreadPoolExecutor(CLIENTS) as pool:
            start = time.perf_counter()
            timings = list(pool.map(lambda _: _timed_get(url)[0], range(CLIENTS * REQUESTS_PER_CLIENT)))
            wall = time.perf_counter() - start
    ordered = sorted(timings)
    return {
        "api_state_first_answer_s": round(first_s, 2),
        "api_state_answer_kb": round(size / 1024),
        "api_state_median_ms_8_clients": round(statistics.median(ordered) * 1000, 1),
        "api_state_p95_ms_8_clients": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 1),
        "api_state_requests_per_s": round(len(ordered) / wall, 1),
    }
