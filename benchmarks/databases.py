"""Database figures: SQLite against PostgreSQL at 5,000 crossings / 1,000,000 reports, and a 100,000-row import.

``python -m benchmarks.databases`` prints them alone; ``make bench`` includes them. The
PostgreSQL server is the test server (``BORDERWATCH_TEST_POSTGRES_URL``, ``make postgres``);
where none answers, the PostgreSQL figures are skipped with the reason.

Bounds (from the issue): state at a date read from PostgreSQL within 2x the SQLite figure;
an import of 100,000 report rows into PostgreSQL within 10 s.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from benchmarks.api_bench import two_instance_figures
from benchmarks.timing import median_seconds
from geo.atlas import Atlas
from geo.ingest.commit import add_frames
from geo.ingest.seed import open_store
from geo.ingest.synth import synthesize
from geo.settings import PROJECT_ROOT
from geo.store.store import Store
from tests import postgres

CROSSINGS = 5_000
REPORTS = 1_000_000
UPLOAD_ROWS = 100_000
DAY = date(2020, 6, 1)
MAX_STATE_RATIO = 2.0
MAX_IMPORT_S = 10.0


def _state_from(url: str) -> None:
    """What a new app instance or `geo status` does: open the database, read it all, resolve the day."""
    store = Store.connect(url)
    try:
        Atlas.load(store).states(DAY)
    finally:
        store.close()


def _one_database(url: str, label: str, data: Any) -> dict[str, float]:
    store, _ = open_store(url)
    start = time.perf_counter()
    add_frames(store, data.frames(), kind="synthetic", created_by="bench")
    stored_s = time.perf_counter() - start
    version_ms = median_seconds(store.data_version, repeats=20) * 1000
    store.close()
    return {
        f"{label}_store_5k_crossings_1M_reports_s": round(stored_s, 2),
        f"{label}_state_at_date_read_from_database_5k_1M_median_s": round(
            median_seconds(lambda: _state_from(url), 3), 2
        ),
        f"{label}_data_version_check_median_ms": round(version_ms, 2),
    }


def _upload(rows: int, url: str | None) -> dict[str, float]:
    args = [sys.executable, "-m", "benchmarks.upload", str(rows), *([url] if url else [])]
    result = subprocess.run(args, cwd=PROJECT_ROOT, check=True, capture_output=True, text=True)
    figures: dict[str, float] = json.loads(result.stdout)
    return figures


def figures() -> dict[str, Any]:
    """Every database figure; PostgreSQL's only where a server answers."""
    reason = postgres.unreachable_reason()
    data = synthesize(CROSSINGS, REPORTS, seed=42)
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder:
        out.update(_one_database(f"sqlite:///{Path(folder) / 'scale.db'}", "sqlite", data))
    sqlite_import = _upload(UPLOAD_ROWS, None)
    out["sqlite_import_100k_reports_total_s"] = sqlite_import["total_s"]
    out["sqlite_import_100k_reports_commit_s"] = sqlite_import["commit_s"]
    if reason is not None:
        out["postgresql"] = f"skipped: {reason}"
        return out
    with postgres.fresh_database("bench_scale") as url:
        out.update(_one_database(url, "postgresql", data))
        out.update(two_instance_figures(url, DAY.isoformat()))
    with postgres.fresh_database("bench_upload") as url:
        pg_import = _upload(UPLOAD_ROWS, url)
    out["postgresql_import_100k_reports_total_s"] = pg_import["total_s"]
    out["postgresql_import_100k_reports_commit_s"] = pg_import["commit_s"]
    ratio = (
        out["postgresql_state_at_date_read_from_database_5k_1M_median_s"]
        / out["sqlite_state_at_date_read_from_database_5k_1M_median_s"]
    )
    out["postgresql_over_sqlite_state_at_date_ratio"] = round(ratio, 2)
    out["postgresql_state_within_2x_sqlite"] = ratio <= MAX_STATE_RATIO
    out["postgresql_import_100k_within_10_s"] = pg_import["total_s"] <= MAX_IMPORT_S
    return out


if __name__ == "__main__":
    for name, value in figures().items():
        print(f"{name:60} {value}")
