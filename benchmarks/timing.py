"""Timing helpers shared by every benchmark: medians over repeated runs."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any


def median_seconds(action: Callable[[], Any], repeats: int, *, warm_up: bool = False) -> float:
    """Median wall time of ``action`` over ``repeats`` runs, optionally after one untimed run."""
    if warm_up:
        action()
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)
