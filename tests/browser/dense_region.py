"""A made-up dense region: 34 crossings along the Rio Grande in clusters, as the Texas-Mexico bridges are.

Deterministic (``random.Random(42)``), so every run draws the same map. Each crossing gets a
report on one day, so the region has a timeline.
"""

from __future__ import annotations

import random
from datetime import date

import pandas as pd

from geo.asof import Timeline
from geo.atlas import Atlas

REGION = "rio-grande-test"
DAY = date(2021, 7, 14)
EARLIER = date(2021, 6, 14)
#: Cluster name, centre (lat, lon), spread in degrees and how many crossings.
CLUSTERS = (
    ("El Paso", (31.75, -106.42), 0.08, 12),
    ("Presidio", (29.56, -104.37), 0.05, 2),
    ("Del Rio", (29.36, -100.90), 0.08, 2),
    ("Eagle Pass", (28.71, -100.50), 0.06, 2),
    ("Laredo", (27.52, -99.50), 0.07, 7),
    ("Hidalgo", (26.10, -98.26), 0.25, 5),
    ("Brownsville", (25.90, -97.50), 0.08, 4),
)
_WORDS = ("Bridge", "International", "Port", "Gateway", "Crossing", "of the Americas", "Free Trade", "World Trade")


def dense_crossings() -> pd.DataFrame:
    rng = random.Random(42)
    rows = []
    for cluster, (lat, lon), spread, count in CLUSTERS:
        for k in range(count):
            words = " ".join(rng.sample(_WORDS, rng.randint(1, 3)))
            rows.append(
                {
                    "crossing_id": f"{cluster.lower().replace(' ', '-')}-{k}",
                    "name": f"{cluster} {words} {k}",
                    "country_a": "USA",
                    "country_b": "MEX",
                    "name_a": "",
                    "name_b": "",
                    "lat": round(lat + rng.uniform(-spread, spread) / 3, 5),
                    "lon": round(lon + rng.uniform(-spread, spread), 5),
                    "region": REGION,
                    "note": "",
                }
            )
    assert len(rows) == 34
    return pd.DataFrame(rows)


def dense_reports() -> pd.DataFrame:
    """A month before ``DAY`` every crossing is open; on ``DAY`` a third each are open, restricted and sealed."""
    ids = list(dense_crossings()["crossing_id"])
    statuses = ("open", "restricted", "sealed")
    days = [EARLIER] * len(ids) + [DAY] * len(ids)
    n = len(days)
    return pd.DataFrame(
        {
            "report_id": list(range(1, n + 1)),
            "batch_id": [1] * n,
            "crossing_id": ids + ids,
            "date": days,
            "claimant": [None] * n,
            "controller": [None] * n,
            "status": ["open"] * len(ids) + [statuses[i % 3] for i in range(len(ids))],
            "side": ["USA"] * n,
            "source": ["CBP"] * n,
            "attribution": [None] * n,
            "url": [None] * n,
            "confidence": ["high"] * n,
            "note": [None] * n,
        },
        dtype=object,
    )


def dense_csv() -> tuple[str, str]:
    """The region as upload files: crossings, then reports."""
    reports = dense_reports().drop(columns=["report_id", "batch_id"])
    reports["date"] = [d.isoformat() for d in reports["date"]]
    return dense_crossings().to_csv(index=False), reports.to_csv(index=False)


def dense_atlas() -> Atlas:
    """The region in memory, with no database, for the standalone page."""
    crossings, reports = dense_crossings(), dense_reports()
    parties = pd.DataFrame({"party_id": ["cbp"], "name": ["CBP"], "color": ["#0072b2"]})
    return Atlas(crossings, parties, reports, Timeline(reports, list(crossings["crossing_id"])))
