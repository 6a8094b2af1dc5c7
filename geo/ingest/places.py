"""Whether a crossing's coordinates lie where its two countries are, with the likely fix when not.

Judged against the coarse outlines of :mod:`geo.reference`: a point far from both
countries is questioned, and when swapping latitude and longitude or flipping a sign
would put it on them, the problem says so under the column to fix.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd

from geo.errors import Problem
from geo.ingest.rules import Rows, decimals
from geo.reference import countries_by_code, distance_km

#: How far (km) a crossing may lie from its countries' coarse outlines before its place is questioned.
NEAR_KM: Final = 60.0
FAR_KM: Final = 300.0


def check_places(rows: Rows) -> list[Problem]:
    """Coordinates far from both countries' outlines, with the fix when swapping or a sign puts them on it."""
    problems: list[Problem] = []
    frame = pd.DataFrame({c: rows.columns[c] for c in ("lat", "lon", "country_a", "country_b")})
    lat, lon = decimals(frame["lat"]), decimals(frame["lon"])
    usable = lat.notna() & lon.notna() & lat.abs().le(90) & lon.abs().le(180)
    swapped_range = lat.abs().gt(90) & lat.abs().le(180) & lon.abs().le(90)
    swapped = "latitude and longitude look swapped: this value fits longitude"
    problems += [rows.problem(int(i), "lat", swapped) for i in np.flatnonzero(swapped_range.to_numpy())]
    outlines = countries_by_code()
    for (a, b), group in frame[usable].groupby(["country_a", "country_b"]):
        countries = (str(a), str(b))
        if not all(c in outlines for c in countries):
            # A bad or unmapped code is reported on its own; distances to half a border mislead.
            continue
        la, lo = lat[group.index].to_numpy(), lon[group.index].to_numpy()
        here = distance_km(la, lo, countries)
        # Each fix with the column it is about: a wrong longitude is named under lon, with its value.
        fixes = {
            ("latitude and longitude look swapped", "lat"): distance_km(lo, la, countries),
            ("the longitude's sign looks wrong (east/west)", "lon"): distance_km(la, -lo, countries),
            ("the latitude's sign looks wrong (north/south)", "lat"): distance_km(-la, lo, countries),
        }
        for position, index in enumerate(group.index):
            if not here[position] > FAR_KM:
                continue
            fix = next((key for key, km in fixes.items() if km[position] <= NEAR_KM), None)
            where = f"{here[position]:,.0f} km from {' and '.join(countries)}"
            message = f"{fix[0]}: as written the point is {where}" if fix else f"the point is {where}; check it"
            problems.append(rows.problem(int(index), fix[1] if fix else "lat", message))
    return problems
