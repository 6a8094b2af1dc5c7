"""The gazetteer's figures: a search by any alias, on the seeds' places and on a list a hundred times
their size, and ``geo init`` on the seeds (a fresh database, migrated and seeded, in its own process)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from benchmarks.timing import median_seconds
from geo.gazetteer import Gazetteer, place_names
from geo.settings import PROJECT_ROOT, SEEDS_DIR

#: How many times the seeds' places the large gazetteer holds (about 40,000: every crossing of the world).
SCALE = 100


def _aliases(places: pd.DataFrame) -> list[str]:
    """Every name and alias of every place, in a fixed order: what a reader may type."""
    return [name for place in places.to_dict("records") for name in place_names(place)]


def search_ms(places: pd.DataFrame) -> tuple[float, float]:
    """Median and slowest milliseconds of a search by each alias of ``places``."""
    gazetteer = Gazetteer(places)
    names = _aliases(places)[:500]
    queries = iter(names * 3)
    median = median_seconds(lambda: gazetteer.search(next(queries)), repeats=len(names)) * 1000
    slowest = 0.0
    for name in names:
        start = time.perf_counter()
        gazetteer.search(name)
        slowest = max(slowest, time.perf_counter() - start)
    return round(median, 2), round(slowest * 1000, 2)


def scaled(places: pd.DataFrame, times: int) -> pd.DataFrame:
    """``places`` repeated ``times`` times under new ids and names, as a stand-in for a world list."""
    copies = [
        places.assign(
            place_id=places["place_id"] + f"-{n}",
            name=places["name"] + f" {n}",
            aliases=places["aliases"].map(lambda a, n=n: "|".join(f"{x} {n}" for x in a.split("|") if x)),
        )
        for n in range(times)
    ]
    return pd.concat(copies, ignore_index=True)


def init_seconds() -> float:
    """``python -m geo init`` on the seeds, into a fresh SQLite file, in its own process."""
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{Path(folder) / 'init.db'}"}
        start = time.perf_counter()
        command = [sys.executable, "-m", "geo", "init"]
        subprocess.run(command, cwd=PROJECT_ROOT, env=env, check=True, capture_output=True)
        return round(time.perf_counter() - start, 2)


def gazetteer_figures() -> dict[str, float]:
    seeds = pd.read_csv(SEEDS_DIR / "gazetteer.csv", dtype=str, keep_default_na=False)
    median, slowest = search_ms(seeds)
    large = scaled(seeds, SCALE)
    large_median, large_slowest = search_ms(large)
    return {
        "gazetteer_places_seeds": len(seeds),
        "gazetteer_search_seeds_median_ms": median,
        "gazetteer_search_seeds_slowest_ms": slowest,
        f"gazetteer_places_{SCALE}x": len(large),
        f"gazetteer_search_{SCALE}x_median_ms": large_median,
        f"gazetteer_search_{SCALE}x_slowest_ms": large_slowest,
        "geo_init_seeds_s": init_seconds(),
    }
