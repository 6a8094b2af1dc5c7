"""The API's figures (issue 16): ``GET /api/v1/state`` of every crossing, asked by 8 clients at once of
one running instance, each answer timed from request to last byte; the feed of the last 100 changes,
built and then kept; and the state asked of two instances over one PostgreSQL database."""

from __future__ import annotations

import statistics
import time
import urllib.error
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


def _under_load(urls: list[str]) -> tuple[list[float], int, float]:
    """Every answer's time when 8 clients ask ``urls`` in turn, how many failed, and the wall time."""

    def one(i: int) -> float | None:
        try:
            return _timed_get(urls[i % len(urls)])[0]
        except (OSError, urllib.error.URLError):
            return None

    with ThreadPoolExecutor(CLIENTS) as pool:
        start = time.perf_counter()
        answers = list(pool.map(one, range(CLIENTS * REQUESTS_PER_CLIENT)))
        wall = time.perf_counter() - start
    timings = sorted(a for a in answers if a is not None)
    return timings, sum(a is None for a in answers), wall


def _median_p95_ms(timings: list[float]) -> tuple[float, float]:
    return round(statistics.median(timings) * 1000, 1), round(timings[int(0.95 * (len(timings) - 1))] * 1000, 1)


def api_figures(database_url: str, day: str) -> dict[str, Any]:
    """Median and p95 of ``/api/v1/state?date=day`` under 8 concurrent clients, and the throughput; the
    feed of the last 100 changes and the API's list of them, first built, then read as kept."""
    with streamlit_server(database_url) as base:
        url = f"{base}/api/v1/state?date={day}"
        first_s, size = _timed_get(url)  # loads the atlas, as the first page view would
        timings, _, wall = _under_load([url])
        feed = f"{base}/feeds/changes.atom?limit=100"
        feed_first_s, feed_size = _timed_get(feed)
        changes_first_s, _ = _timed_get(f"{base}/api/v1/changes?limit=100")
        feed_timings, _, _ = _under_load([feed])
    median, p95 = _median_p95_ms(timings)
    feed_median, feed_p95 = _median_p95_ms(feed_timings)
    return {
        "api_state_first_answer_s": round(first_s, 2),
        "api_state_answer_kb": round(size / 1024),
        "api_state_median_ms_8_clients": median,
        "api_state_p95_ms_8_clients": p95,
        "api_state_requests_per_s": round(len(timings) / wall, 1),
        "feed_last_100_changes_1M_reports_first_build_s": round(feed_first_s, 2),
        "feed_last_100_changes_kb": round(feed_size / 1024),
        "feed_last_100_changes_median_ms_8_clients": feed_median,
        "feed_last_100_changes_p95_ms_8_clients": feed_p95,
        "api_changes_last_100_first_build_s": round(changes_first_s, 2),
    }


def two_instance_figures(database_url: str, day: str) -> dict[str, Any]:
    """``/api/v1/state?date=day`` asked by 8 clients in turn of two instances over one PostgreSQL
    database: answer times, throughput and failures. Each instance is started and asked once before
    the next starts, so the first seeds the database alone."""
    with streamlit_server(database_url) as first:
        _timed_get(f"{first}/api/v1/state?date={day}")
        with streamlit_server(database_url) as second:
            _timed_get(f"{second}/api/v1/state?date={day}")
            timings, failed, wall = _under_load([f"{base}/api/v1/state?date={day}" for base in (first, second)])
    median, p95 = _median_p95_ms(timings)
    return {
        "api_state_2_instances_postgresql_median_ms_8_clients": median,
        "api_state_2_instances_postgresql_p95_ms_8_clients": p95,
        "api_state_2_instances_postgresql_requests_per_s": round(len(timings) / wall, 1),
        "api_state_2_instances_postgresql_failed_requests": failed,
    }
