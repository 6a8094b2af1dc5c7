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
from geo.model import REPORT_COLUMNS, TRAFFIC_KINDS, column_names
from geo.names import is_country_code
from geo.settings import SEEDS_DIR, UploadLimits

CROSSINGS = 5_000


def upload_bytes(rows: int, crossings: dict[str, tuple[str, str]], party_ids: list[str], *, seed: int = 7) -> bytes:
    """A CSV of ``rows`` valid reports spread over the given crossings (with their two countries) and
    parties, in every report column: one in ten about one side, one status in twenty for one kind of
    traffic, a third of those one way."""
    rng = random.Random(seed)
    start = date(2024, 1, 1)
    statuses = ("open", "restricted", "sealed", "")
    crossing_ids = sorted(crossings)
    lines = [",".join(column_names(REPORT_COLUMNS))]
    for i in range(rows):
        crossing = rng.choice(crossing_ids)
        countries = crossings[crossing]
        status = rng.choice(statuses)
        # Natural Earth's own codes (SOL, CYN) are not ISO's: an upload may not name them as a side.
        sides = [c for c in countries if is_country_code(c)]
        side = rng.choice(sides) if sides and rng.random() < 0.1 else ""
        traffic = rng.choice(TRAFFIC_KINDS) if status and rng.random() < 0.05 else ""
        direction = rng.choice(sides) if sides and traffic and rng.random() < 0.3 else ""
        lines.append(
            f"{crossing},{start + timedelta(days=rng.randrange(700))},{rng.choice(party_ids)},"
            f"{rng.choice(party_ids)},{status},{side},{traffic},{direction},Outlet {i % 97},Spokesman {i % 13},"
            f"https://example.org/r/{i},{rng.choice(('high', 'medium', 'low'))},bulk row {i}"
        )
    return ("\n".join(lines) + "\n").encode()


def measure(rows: int, database_url: str | None = None) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        store, _ = open_store(database_url or f"sqlite:///{Path(folder) / 'bench.db'}", seeds=SEEDS_DIR)
        data = synthesize(CROSSINGS, 1, seed=3)
        add_frames(store, data.frames(), kind="synthetic", created_by="bench")
        known = known_in(Atlas.load(store))
        pairs = zip(known.crossings["country_a"], known.crossings["country_b"], strict=True)
        payload = upload_bytes(
            rows, dict(zip(known.crossings["crossing_id"], pairs, strict=True)), sorted(known.party_ids)
        )
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
