"""Upload figures: validate + preview + commit N report rows, time and peak memory, in a fresh process.

``python -m benchmarks.upload ROWS [DATABASE_URL]`` prints one JSON object; the peak resident
memory is the process's own, so each measurement runs in a process of its own. Without a URL
the upload goes into a fresh SQLite file; a URL must name an empty database.
"""

from __future__ import annotations

import json
import random
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from geo.atlas import Atlas
from geo.ingest.commit import add_frames, commit_upload
from geo.ingest.preview import build_preview, known_in
from geo.ingest.seed import open_store
from geo.ingest.synth import synthesize
from geo.ingest.upload import read_upload
from geo.model import REPORT_COLUMNS, column_names
from geo.settings import SEEDS_DIR, UploadLimits

CROSSINGS = 5_000


def upload_bytes(rows: int, crossing_ids: list[str], party_ids: list[str], *, seed: int = 7) -> bytes:
    """A CSV of ``rows`` valid reports spread over the given crossings and parties."""
    rng = random.Random(seed)
    start = date(2024, 1, 1)
    statuses = ("open", "restricted", "sealed", "")
    lines = [",".join(column_names(REPORT_COLUMNS))]
    for i in range(rows):
        controller = rng.choice(party_ids)
        lines.append(
            f"{rng.choice(crossing_ids)},{start + timedelta(days=rng.randrange(700))},{rng.choice(party_ids)},"
            f"{controller},{rng.choice(statuses)},,Outlet {i % 97},Spokesman {i % 13},"
            f"https://example.org/r/{i},{rng.choice(('high', 'medium', 'low'))},bulk row {i}"
        )
    return ("\n".join(lines) + "\n").encode()


def measure(rows: int, database_url: str | None = None) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        store, _ = open_store(database_url or f"sqlite:///{Path(folder) / 'bench.db'}", seeds=SEEDS_DIR)
        data = synthesize(CROSSINGS, 1, seed=3)
        add_frames(store, data.frames(), kind="synthetic", created_by="bench")
        known = known_in(Atlas.load(store))
        payload = upload_bytes(rows, list(known.crossing_ids), sorted(known.party_ids))
        atlas = Atlas.load(store)
        start = time.perf_counter()
        upload = read_upload(payload, file="bulk.csv", known=known, limits=UploadLimits(max_bytes=10**9))
        checked = time.perf_counter()
        preview = build_preview(atlas, upload)
        previewed = time.perf_counter()
        commit_upload(store, preview, created_by="bench")
        done = time.perf_counter()
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return {
            "rows": rows,
            "file_mb": round(len(payload) / 1e6, 1),
            "validate_s": round(checked - start, 2),
            "preview_s": round(previewed - checked, 2),
            "commit_s": round(done - previewed, 2),
            "total_s": round(done - start, 2),
            "peak_rss_mb": round(peak_mb),
        }


if __name__ == "__main__":
    print(json.dumps(measure(int(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else None)))
