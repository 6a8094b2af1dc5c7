"""``make bench``: measure the figures the issues name, print them, write results.json.

Timings are measured here, never asserted in unit tests.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import folium
import pandas as pd
from streamlit_folium import _get_feature_group_string

from benchmarks import browser, databases
from benchmarks.api_bench import api_figures
from benchmarks.extract_bench import extract_figures
from benchmarks.gazetteer_bench import gazetteer_figures
from benchmarks.render_bench import bench_figures as render_figures
from benchmarks.startup import first_map_seconds
from benchmarks.story_bench import story_figures
from benchmarks.timing import median_seconds
from geo.asof import Timeline
from geo.atlas import Atlas
from geo.grading import RELIABILITY, GradeFilter, first_name
from geo.ingest.synth import REGION, synthesize
from geo.present.assets import AssetUrls
from geo.present.leaflet import build_base_map, build_crossing_layer
from geo.settings import PROJECT_ROOT
from geo.sides import crossing_countries

RESULTS = Path(__file__).resolve().parent / "results.json"
CROSSINGS = 5_000
REPORTS = 1_000_000
AUTHORISATIONS = 20_000


def seconds(action: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def scale_figures() -> dict[str, float]:
    synth_s, data = seconds(lambda: synthesize(CROSSINGS, REPORTS, seed=42, authorisations=AUTHORISATIONS))
    build_s, timeline = seconds(
        lambda: Timeline(data.reports, list(data.crossings["crossing_id"]), crossing_countries(data.crossings))
    )
    days = [date(2016, 1, 1) + timedelta(days=37 * i) for i in range(60)]
    queries = iter(days * 10)
    state_ms = median_seconds(lambda: timeline.at(next(queries)), repeats=len(days)) * 1000
    # The whole state a page asks for: both sides, each kind of traffic, the crossing's place and
    # the authorisations in force.
    atlas = Atlas(data.crossings, data.parties, data.reports, timeline, authorisations=data.authorisations)
    atlas.mandates  # noqa: B018 - resolved once at load, as the page's atlas is
    full_ms = median_seconds(lambda: atlas.states(next(queries)), repeats=len(days)) * 1000
    # Graded: every outlet a source record with a grade, the atlas resolved from them, then read as
    # the reports graded A-C alone tell it (a filter a briefer picks).
    sources = synthetic_sources(data.reports)
    graded_s, graded = seconds(
        lambda: Atlas.resolve(data.crossings, data.parties, data.reports, data.authorisations, sources)
    )
    graded_ms = median_seconds(lambda: graded.states(next(queries)), repeats=len(days)) * 1000
    filter_s, filtered = seconds(lambda: graded.graded(GradeFilter(reliability="C")))
    filtered_ms = median_seconds(lambda: filtered.states(next(queries)), repeats=len(days)) * 1000
    states = timeline.at(date(2020, 6, 1)).join(data.crossings.set_index("crossing_id"), on="crossing_id")
    names = dict(zip(data.parties["party_id"], data.parties["name"], strict=True))
    colors = {p: "#e69f00" for p in data.parties["party_id"]}

    def layer() -> str:
        group = build_crossing_layer(states, day_label="2020-06-01", names=names, colors=colors)
        base: folium.Map = build_base_map(AssetUrls.under("/app/static"))
        return str(_get_feature_group_string(group, base))

    return {
        "synthesize_5k_crossings_1M_reports_s": round(synth_s, 2),
        "timeline_build_1M_reports_s": round(build_s, 2),
        "state_at_date_5k_crossings_1M_reports_median_ms": round(state_ms, 2),
        "state_with_places_and_20k_authorisations_5k_crossings_1M_reports_median_ms": round(full_ms, 2),
        "map_layer_build_5k_crossings_median_ms": round(median_seconds(layer, repeats=9) * 1000, 1),
        "load_graded_5k_crossings_1M_reports_s": round(graded_s, 2),
        "state_graded_5k_crossings_1M_reports_median_ms": round(graded_ms, 2),
        "grade_filter_a_to_c_resolve_1M_reports_s": round(filter_s, 2),
        "state_graded_a_to_c_5k_crossings_1M_reports_median_ms": round(filtered_ms, 2),
    }


def synthetic_sources(reports: pd.DataFrame) -> pd.DataFrame:
    """A source record for every outlet the synthetic reports name, graded A-F in turn."""
    outlets = sorted({first_name(str(s)) for s in reports["source"].unique()})
    grades = list(RELIABILITY)
    return pd.DataFrame(
        {
            "source_id": [f"source-{i}" for i in range(len(outlets))],
            "name": outlets,
            "aliases": [None] * len(outlets),
            "reliability": [grades[i % len(grades)] for i in range(len(outlets))],
            "party": [None] * len(outlets),
        }
    )


def geo_command(database_url: str, *args: str) -> None:
    env = {**os.environ, "DATABASE_URL": database_url}
    subprocess.run([sys.executable, "-m", "geo", *args], cwd=PROJECT_ROOT, env=env, check=True, capture_output=True)


def browser_figures() -> dict[str, Any]:
    """Step latency and memory in Chromium, on the seed data and on 5,000 crossings / 1,000,000 reports,
    and the API's answer times over the latter."""
    with tempfile.TemporaryDirectory() as folder:
        seed_url = f"sqlite:///{Path(folder) / 'seed.db'}"
        geo_command(seed_url, "init")
        figures = browser.seed_figures(seed_url)
        scale_url = f"sqlite:///{Path(folder) / 'scale.db'}"
        geo_command(scale_url, "init")
        geo_command(scale_url, "synth", "--crossings", str(CROSSINGS), "--reports", str(REPORTS), "--seed", "42")
        figures.update(browser.scale_figures(scale_url, REGION, "2018-01-01"))
        figures.update(api_figures(scale_url, "2018-01-01"))
        return figures


def upload_figures(rows: int) -> dict[str, Any]:
    """Validate + preview + commit of ``rows`` report rows into SQLite, in a process of its own
    so its peak memory is the upload's alone."""
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.upload", str(rows)],
        cwd=PROJECT_ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return {f"upload_{rows // 1000}k_reports": json.loads(result.stdout.strip().splitlines()[-1])}


def main() -> int:
    figures: dict[str, Any] = {"machine": f"{platform.machine()} {platform.python_version()}"}
    print(f"{'machine':55} {figures['machine']}", flush=True)
    sections: list[tuple[str, Callable[[], dict[str, Any]]]] = [
        ("scale", scale_figures),
        ("story", lambda: story_figures(CROSSINGS, REPORTS)),
        ("render", render_figures),
        ("startup", lambda: {"make_run_to_first_map_s": round(first_map_seconds(), 2)}),
        ("gazetteer", gazetteer_figures),
        ("extract", extract_figures),
        ("browser", browser_figures),
        # SQLite against PostgreSQL; the PostgreSQL half says "skipped: ..." where no server answers.
        ("databases", databases.figures),
        # Issue 12's figure (100k rows with the new columns), then the million.
        ("upload_100k", lambda: upload_figures(100_000)),
        ("upload_1M", lambda: upload_figures(1_000_000)),
    ]
    failed = 0
    for section, measure in sections:
        # Each figure is printed as it is measured, and one section failing does not lose the others.
        try:
            measured = measure()
        except Exception as error:  # reported as the section's figure; the run goes on
            failed += 1
            measured = {f"{section}_failed": f"{type(error).__name__}: {error}"}
        for name, value in measured.items():
            print(f"{name:55} {value}", flush=True)
        figures.update(measured)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n")
    print(f"written to {RESULTS}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
