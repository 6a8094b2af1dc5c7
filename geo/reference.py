"""Where countries are, to catch coordinates that cannot be right for a crossing's countries.

Natural Earth's 1:110m outlines are too coarse to say which side of a border a
point lies on, but plenty to tell a point on the Afghan-Pakistani border from one
in the Indian Ocean: distances here are used with a wide tolerance.
"""

from __future__ import annotations

from functools import cache
from typing import Final

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry.base import BaseGeometry

from geo.settings import REFERENCE_DIR

COUNTRY_SHAPES = REFERENCE_DIR / "naturalearth_lowres.shp"
#: Kilometres per degree of arc on the sphere; distances here are rough on purpose.
_KM_PER_DEGREE: Final = 111.2


@cache
def country_shapes() -> dict[str, BaseGeometry]:
    """Each country's outline by ISO 3166-1 alpha-3 code."""
    frame = gpd.read_file(COUNTRY_SHAPES)
    frame = frame[frame["iso_a3"].str.fullmatch(r"[A-Z]{3}")]
    return {str(code): shape for code, shape in zip(frame["iso_a3"], frame.geometry, strict=True)}


def distance_km(lat: npt.ArrayLike, lon: npt.ArrayLike, countries: tuple[str, ...]) -> npt.NDArray[np.float64]:
    """Rough distance in km from each point to the nearest of ``countries`` (NaN if none is known)."""
    shapes = [country_shapes()[c] for c in countries if c in country_shapes()]
    lat_array, lon_array = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
    if not shapes:
        return np.full(lat_array.shape, np.nan)
    target = shapely.union_all(shapes)
    points = shapely.points(lon_array, lat_array)
    # Degrees of longitude shrink towards the poles; scale by the point's latitude.
    degrees = shapely.distance(target, points)
    return np.asarray(degrees * _KM_PER_DEGREE * np.maximum(np.cos(np.radians(lat_array)), 0.2), dtype=float)
