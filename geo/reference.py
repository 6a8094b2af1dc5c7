"""Natural Earth reference data under ``data/reference``: one loader per file, each read once per process.

- :func:`country_outlines` (``countries-50m.geojson``, 1:50m): what the maps draw and name.
- :func:`country_polygons` (``naturalearth_lowres.shp``, 1:110m, by ISO 3166-1 alpha-3 code): where
  countries are, to catch coordinates that cannot be right for a crossing's countries, and the two
  sides of a synthetic crossing. Too coarse to say which side of a border a point lies on, but
  plenty to tell a point on the Afghan-Pakistani border from one in the Indian Ocean: distances
  here are used with a wide tolerance.
- :func:`boundary_lines` (``ne_110m_admin_0_boundary_lines_land.geojson``): land borders, where
  synthetic crossings are put.

No drawing here: the maps (``geo.present``) and the checks (``geo.ingest``) both build on it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Final

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry.base import BaseGeometry

from geo.settings import REFERENCE_DIR

COUNTRIES_50M: Final = REFERENCE_DIR / "countries-50m.geojson"
COUNTRIES_110M: Final = REFERENCE_DIR / "naturalearth_lowres.shp"
BOUNDARY_LINES_110M: Final = REFERENCE_DIR / "ne_110m_admin_0_boundary_lines_land.geojson"
#: Kilometres per degree of arc on a sphere of the Earth's mean radius (6,371 km). Every
#: distance and scale bar here is rough on purpose: the ellipsoid would change none of them.
KM_PER_DEGREE: Final = 111.2

#: West, south, east, north in degrees (WGS 84).
BBox = tuple[float, float, float, float]
Names = npt.NDArray[np.str_]
Shapes = npt.NDArray[np.object_]


@cache
def country_outlines() -> tuple[Names, Shapes]:
    """Every country's name and 1:50m outline, in WGS 84."""
    countries = gpd.read_file(COUNTRIES_50M)
    return countries["name"].to_numpy(dtype=str), countries.geometry.to_numpy()


def countries_in(bbox: BBox) -> tuple[Names, Shapes]:
    """The countries whose outline reaches into ``bbox`` (W, S, E, N), with their outlines clipped to it."""
    names, shapes = country_outlines()
    west, south, east, north = bbox
    wanted = shapely.intersects(shapes, shapely.box(west, south, east, north))
    return names[wanted], shapely.clip_by_rect(shapes[wanted], west, south, east, north)


@cache
def country_polygons() -> tuple[Names, Shapes]:
    """Each country's ISO 3166-1 alpha-3 code and 1:110m outline (countries without a code left out)."""
    frame = gpd.read_file(COUNTRIES_110M)
    frame = frame[frame["iso_a3"].str.fullmatch(r"[A-Z]{3}")]
    return frame["iso_a3"].to_numpy(dtype=str), frame.geometry.to_numpy()


@cache
def countries_by_code() -> dict[str, BaseGeometry]:
    """:func:`country_polygons` by code."""
    codes, shapes = country_polygons()
    return {str(code): shape for code, shape in zip(codes, shapes, strict=True)}


@cache
def boundary_lines() -> Shapes:
    """The land borders between countries, as lines."""
    lines: Shapes = gpd.read_file(BOUNDARY_LINES_110M).geometry.to_numpy()
    return lines


def distance_km(lat: npt.ArrayLike, lon: npt.ArrayLike, countries: tuple[str, ...]) -> npt.NDArray[np.float64]:
    """Rough distance in km from each point to the nearest of ``countries`` (NaN if none is known)."""
    known = countries_by_code()
    shapes = [known[c] for c in countries if c in known]
    lat_array, lon_array = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
    if not shapes:
        return np.full(lat_array.shape, np.nan)
    target = shapely.union_all(shapes)
    points = shapely.points(lon_array, lat_array)
    # Degrees of longitude shrink towards the poles; scale by the point's latitude.
    degrees = shapely.distance(target, points)
    return np.asarray(degrees * KM_PER_DEGREE * np.maximum(np.cos(np.radians(lat_array)), 0.2), dtype=float)


def convert_world_atlas(source: Path, target: Path, *, grid: float = 0.01) -> int:
    """Write the ``countries`` object of a world-atlas TopoJSON file as GeoJSON (how ``countries-50m`` was made).

    Coordinates are snapped to ``grid`` degrees (0.01 is about 1 km, finer than
    the 1:50m source warrants) to keep the file small. Returns the feature count.
    """
    countries = gpd.read_file(source, layer="countries").set_crs(4326, allow_override=True)
    geometry = shapely.make_valid(countries.geometry.to_numpy())
    countries = countries.set_geometry(shapely.set_precision(geometry, grid, mode="pointwise"))
    target.write_text(countries[["id", "name", "geometry"]].to_json(drop_id=True), encoding="utf-8")
    return len(countries)
