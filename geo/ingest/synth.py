"""Synthetic data at scale, for benchmarks and load tests.

Crossings sit on real land borders (Natural Earth boundary lines) and are named
after the two nearest countries. Each crossing has long quiet spells broken by
bursts: several reports on one day, often disagreeing about who holds it. The same
seed always gives the same data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import shapely

from geo.ingest.columns import UploadKind
from geo.model import PARTY_KINDS, TRAFFIC_KINDS
from geo.reference import boundary_lines, country_polygons

FIRST_DAY = date(2015, 1, 1)
SPAN_DAYS = 3650
STATUSES = np.array(["open", "restricted", "sealed", "unknown"])
TRAFFIC_KINDS_ARRAY = np.array(TRAFFIC_KINDS, dtype=object)
CONFIDENCE = np.array(["high", "medium", "low"])
SOURCES = np.array(["Wire service A", "Wire service B", "Local outlet", "Official statement", "Monitoring group"])
ARMED_GROUPS = 12
#: The share of reports about one side of their crossing rather than the whole of it.
SIDED_SHARE = 0.1
#: The share of status reports for one kind of traffic, and of those for one direction.
TRAFFIC_SHARE = 0.05
DIRECTION_SHARE = 0.3
#: Who issues the synthetic authorisations beside the states: one international body.
COUNCIL = "synthetic-council"
REGION = "synthetic"


@dataclass(frozen=True)
class SyntheticData:
    """Rows ready to store, in the dataset columns."""

    crossings: pd.DataFrame
    parties: pd.DataFrame
    reports: pd.DataFrame
    authorisations: pd.DataFrame

    def frames(self) -> dict[UploadKind, pd.DataFrame]:
        """The rows by kind, as :func:`geo.ingest.commit.add_frames` stores them."""
        return {
            "parties": self.parties,
            "crossings": self.crossings,
            "reports": self.reports,
            "authorisations": self.authorisations,
        }


def _border_points(count: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    lines = boundary_lines()
    lengths = shapely.length(lines)
    chosen = rng.choice(len(lines), size=count, p=lengths / lengths.sum())
    points = shapely.line_interpolate_point(lines[chosen], rng.random(count), normalized=True)
    return shapely.get_y(points), shapely.get_x(points)


def _sides(lat: np.ndarray, lon: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The two countries nearest each point: the two sides of the crossing."""
    codes, shapes = country_polygons()
    tree = shapely.STRtree(shapes)
    points = shapely.points(lon, lat)
    side_a = np.empty(len(points), dtype=object)
    side_b = np.empty(len(points), dtype=object)
    for i, point in enumerate(points):
        near = tree.query(shapely.buffer(point, 1.5))
        distances = shapely.distance(shapes[near], point)
        order = near[np.argsort(distances)]
        side_a[i] = codes[order[0]] if len(order) else "XXA"
        side_b[i] = codes[order[1]] if len(order) > 1 else "XXB"
    return side_a, side_b


def synthesize(crossings: int, reports: int, *, seed: int = 42, authorisations: int = 0) -> SyntheticData:
    """Make ``crossings`` crossings, ``reports`` reports and ``authorisations`` authorisations,
    deterministically for ``seed`` (the crossings and reports are the same whatever ``authorisations``)."""
    rng = np.random.default_rng(seed)
    lat, lon = _border_points(crossings, rng)
    side_a, side_b = _sides(lat, lon)
    ids = np.array([f"syn-{i:05d}" for i in range(crossings)])
    crossing_frame = pd.DataFrame(
        {
            "crossing_id": ids,
            "name": [f"Synthetic {i} ({a}-{b})" for i, (a, b) in enumerate(zip(side_a, side_b, strict=True))],
            "country_a": side_a,
            "country_b": side_b,
            "name_a": "",
            "name_b": "",
            "lat": np.round(lat, 5),
            "lon": np.round(lon, 5),
            "region": REGION,
            "note": "synthetic",
        }
    )
    states = sorted(set(side_a) | set(side_b))
    party_ids = [f"state-{c.lower()}" for c in states] + [f"group-{g:02d}" for g in range(ARMED_GROUPS)]
    party_frame = pd.DataFrame(
        {
            "party_id": party_ids,
            "name": [f"State of {c}" for c in states] + [f"Armed group {g}" for g in range(ARMED_GROUPS)],
            "color": "",
            "kind": [PARTY_KINDS[0]] * len(states) + [PARTY_KINDS[1]] * ARMED_GROUPS,
            "country": states + [""] * ARMED_GROUPS,
        }
    )
    state_index = {c: i for i, c in enumerate(states)}
    # Each crossing has three contenders: the two states and one armed group.
    contenders = np.stack(
        [
            np.array([state_index[a] for a in side_a]),
            np.array([state_index[b] for b in side_b]),
            len(states) + rng.integers(0, ARMED_GROUPS, crossings),
        ],
        axis=1,
    )
    report_frame = _reports(reports, contenders, np.array(party_ids, dtype=object), ids, rng)
    # One report in ten is about one side: drawn last, so the other columns stay as they were.
    sided = rng.random(reports) < SIDED_SHARE
    countries = np.stack([side_a, side_b], axis=1).astype(object)
    crossing = pd.Index(ids).get_indexer(report_frame["crossing_id"])
    which = rng.integers(0, 2, reports)
    report_frame["side"] = np.where(sided, countries[crossing, which] if reports else "", "")
    # Some statuses for one kind of traffic, some of those one way: drawn after the sides, likewise.
    kinds = np.where(rng.random(reports) < TRAFFIC_SHARE, TRAFFIC_KINDS_ARRAY[rng.integers(0, 3, reports)], "")
    kinds = np.where(report_frame["status"].to_numpy(dtype=object) != "", kinds, "")
    towards = (kinds != "") & (rng.random(reports) < DIRECTION_SHARE)
    report_frame["traffic"] = kinds
    report_frame["direction"] = np.where(
        towards, countries[crossing, rng.integers(0, 2, reports)] if reports else "", ""
    )
    mandates = _authorisations(authorisations, ids, np.random.default_rng(seed + 1))
    if authorisations:
        council = pd.DataFrame(
            {
                "party_id": [COUNCIL],
                "name": ["Synthetic council"],
                "color": [""],
                "kind": ["international"],
                "country": [""],
            }
        )
        party_frame = pd.concat([party_frame, council], ignore_index=True)
    return SyntheticData(crossing_frame, party_frame, report_frame, mandates)


def _authorisations(count: int, ids: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
    """Mandates of 180 or 365 days (one in ten open-ended) naming one to three crossings, mostly for aid."""
    named = rng.integers(1, 4, count)
    crossings = ["|".join(sorted(set(ids[rng.integers(0, len(ids), n)]))) for n in named.tolist()] if len(ids) else []
    start = pd.to_datetime(FIRST_DAY) + pd.to_timedelta(rng.integers(0, SPAN_DAYS, count), unit="D")
    length = np.where(rng.random(count) < 0.5, 179, 364)
    end = start + pd.to_timedelta(length, unit="D")
    open_ended = rng.random(count) < 0.1
    return pd.DataFrame(
        {
            "issuer": COUNCIL,
            "crossings": crossings,
            "traffic": np.where(rng.random(count) < 0.8, "aid", ""),
            "effect": np.where(rng.random(count) < 0.9, "permits", "forbids"),
            "start_date": start.date,
            "end_date": [None if o else e for o, e in zip(open_ended.tolist(), end.date, strict=True)],
            "title": "",
            "source": SOURCES[rng.integers(0, len(SOURCES), count)],
            "attribution": "",
            "url": "",
            "confidence": CONFIDENCE[rng.integers(0, 3, count)],
            "note": "",
        }
    )


def _reports(
    count: int, contenders: np.ndarray, party_ids: np.ndarray, ids: np.ndarray, rng: np.random.Generator
) -> pd.DataFrame:
    crossings = len(ids)
    # Busy crossings get far more reports than quiet ones.
    weights = rng.pareto(1.5, crossings) + 0.2
    crossing = np.sort(rng.choice(crossings, size=count, p=weights / weights.sum()))
    # Reports come in bursts on one day: a burst id per report, a day per burst.
    burst_size = rng.geometric(0.35, count)
    new_burst = np.ones(count, dtype=bool)
    remaining = 0
    for i in range(count):
        if remaining > 0 and crossing[i] == crossing[i - 1]:
            new_burst[i] = False
            remaining -= 1
        else:
            remaining = burst_size[i] - 1
    burst = np.cumsum(new_burst) - 1
    burst_day = rng.integers(0, SPAN_DAYS, burst[-1] + 1 if count else 0)
    day = burst_day[burst]
    # The contender that really holds the crossing drifts slowly: mostly side A.
    holder_pick = np.where(rng.random(burst[-1] + 1 if count else 0) < 0.7, 0, rng.integers(1, 3, burst[-1] + 1))
    holder = contenders[crossing, holder_pick[burst]]
    claimant_pick = rng.integers(0, 4, count)
    observer = claimant_pick == 3
    claimant = contenders[crossing, np.minimum(claimant_pick, 2)]
    # Most claimants report the real holder; some claim the crossing for themselves.
    self_claim = rng.random(count) < 0.25
    controller = np.where(self_claim & ~observer, claimant, holder)
    names_control = rng.random(count) < 0.6
    states_status = rng.random(count) < 0.6
    status = STATUSES[rng.choice(4, count, p=[0.6, 0.25, 0.12, 0.03])]
    dates = pd.to_datetime(FIRST_DAY) + pd.to_timedelta(day, unit="D")
    return pd.DataFrame(
        {
            "crossing_id": ids[crossing],
            "date": dates.date,
            "claimant": np.where(observer, "", party_ids[claimant]),
            "controller": np.where(names_control, party_ids[controller], ""),
            "status": np.where(states_status, status, ""),
            "side": "",
            "source": SOURCES[rng.integers(0, len(SOURCES), count)],
            "attribution": "",
            "url": "",
            "confidence": CONFIDENCE[rng.integers(0, 3, count)],
            "note": "",
        }
    ).sort_values(["date", "crossing_id"], kind="stable", ignore_index=True)
