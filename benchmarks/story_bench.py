"""Figure for a crossing's story: select the busiest crossing of 5,000 / 1,000,000 and draw its story.

Times the geo calls the story panel makes (its state, who vouches for each holder,
the deciding reports, the history table, the runs and the chart's bars), as a median
and for the first selection after loading; and, apart, the per-crossing report index
that loading the atlas builds once. Target: <= 300 ms. Run alone with
``python -m benchmarks.story_bench [crossings reports]``.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from benchmarks.timing import median_seconds
from geo.asof import Timeline
from geo.atlas import Atlas
from geo.claim_groups import claim_groups
from geo.corroboration import corroboration_parts
from geo.date_versions import date_versions
from geo.describe import claims_table, state_sentence
from geo.ingest.synth import synthesize
from geo.runs import chart_bands, state_runs

CROSSINGS = 5_000
REPORTS = 1_000_000
#: The crossings with the most reports, among which the one with the most change days is picked.
CANDIDATES = 20


def busiest_crossing(atlas: Atlas) -> tuple[str, int]:
    """The crossing with the most change days (among those with the most reports), and that count."""
    candidates = atlas.reports["crossing_id"].value_counts().index[:CANDIDATES]
    changes = {str(cid): len(atlas.timeline.changes_of(str(cid))) for cid in candidates}
    crossing_id = max(changes, key=changes.__getitem__)
    return crossing_id, changes[crossing_id]


def draw_story(atlas: Atlas, crossing_id: str) -> int:
    """What :func:`dashboard.story.render_story` asks of ``geo`` for one crossing, as of its last report."""
    history = atlas.history(crossing_id)
    day = max(history["date"])
    names, kinds = atlas.party_names(), atlas.party_kinds()
    state = atlas.state(crossing_id, day)
    deciding = atlas.deciding(crossing_id, day)
    words = [state_sentence(state, names), *corroboration_parts(state, deciding, names, kinds)]
    words += [group.title for group in claim_groups(deciding, names)] + date_versions(history, deciding, names)
    table = claims_table(history, names)
    bands = chart_bands(state_runs(atlas, crossing_id))
    return len(words) + len(deciding) + len(table) + len(bands)


def story_figures(crossings: int = CROSSINGS, reports: int = REPORTS) -> dict[str, Any]:
    data = synthesize(crossings, reports, seed=42)
    timeline = Timeline(data.reports, list(data.crossings["crossing_id"]))
    atlas = Atlas(data.crossings, data.parties, data.reports, timeline)
    start = time.perf_counter()
    atlas.index_reports()
    index_ms = (time.perf_counter() - start) * 1000
    crossing_id, change_days = busiest_crossing(atlas)
    start = time.perf_counter()
    draw_story(atlas, crossing_id)
    first_ms = (time.perf_counter() - start) * 1000
    warm_ms = median_seconds(lambda: draw_story(atlas, crossing_id), repeats=7) * 1000
    scale = f"{_count(crossings)}_crossings_{_count(reports)}_reports"
    return {
        f"select_busiest_crossing_story_drawn_{scale}_median_ms": round(warm_ms, 1),
        f"select_busiest_crossing_story_drawn_{scale}_first_ms": round(first_ms, 1),
        f"atlas_report_index_once_per_load_{scale}_ms": round(index_ms, 1),
        "busiest_crossing_change_days": change_days,
        "busiest_crossing_reports": len(atlas.history(crossing_id)),
    }


def _count(n: int) -> str:
    """``1M``, ``200k``, ``40``: counts as the figure names write them."""
    return f"{n // 1_000_000}M" if n % 1_000_000 == 0 else f"{n // 1000}k" if n % 1000 == 0 else str(n)


if __name__ == "__main__":
    print(json.dumps(story_figures(*(int(a) for a in sys.argv[1:3])), indent=2))
