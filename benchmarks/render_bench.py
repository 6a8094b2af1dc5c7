"""Figures for the static map and the standalone page: render times and file size.

Timings are medians of a few runs, measured here and never asserted in unit tests.
Run alone with ``python -m benchmarks.render_bench``.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from benchmarks.timing import median_seconds
from geo.atlas import Atlas
from geo.ingest.commit import add_frames
from geo.ingest.seed import open_store
from geo.ingest.synth import synthesize
from geo.present.figure_files import save_figure
from geo.present.standalone import standalone_html
from geo.present.static_map import render_map
from geo.settings import SEEDS_DIR

SEED_DAY = date(2021, 7, 14)
SYNTH_DAY = date(2020, 6, 1)
SYNTH_CROSSINGS = 5_000
SYNTH_REPORTS = 200_000


def _png(atlas: Atlas, day: date, out: Path, **options: Any) -> Callable[[], Path]:
    return lambda: save_figure(render_map(atlas, day, **options), out)


def bench_figures() -> dict[str, float]:
    """Render a PNG of the seed data and of 5,000 synthetic crossings; size the standalone page."""
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        seed_store, _ = open_store(f"sqlite:///{work / 'seed.db'}", seeds=SEEDS_DIR)
        seed = Atlas.load(seed_store)
        seed_s = median_seconds(
            _png(seed, SEED_DAY, work / "seed.png", region="afghanistan-2021", title="Seed"), 7, warm_up=True
        )
        page_mb = len(standalone_html(seed).encode("utf-8")) / 1e6
        region_mb = len(standalone_html(seed, region="afghanistan-2021").encode("utf-8")) / 1e6
        seed_store.close()

        data = synthesize(SYNTH_CROSSINGS, SYNTH_REPORTS, seed=1)
        synth_store, _ = open_store(f"sqlite:///{work / 'synth.db'}")
        add_frames(synth_store, data.frames(), kind="synthetic", created_by="bench")
        synth = Atlas.load(synth_store)
        synth_s = median_seconds(_png(synth, SYNTH_DAY, work / "synth.png", title="Synthetic"), 5, warm_up=True)
        synth_store.close()
    return {
        "png_render_seed_s": round(seed_s, 3),
        "png_render_5k_crossings_s": round(synth_s, 3),
        "standalone_html_seed_mb": round(page_mb, 3),
        "standalone_html_seed_afghanistan_mb": round(region_mb, 3),
    }


if __name__ == "__main__":
    for name, value in bench_figures().items():
        print(f"{name:45} {value}")
    sys.exit(0)
