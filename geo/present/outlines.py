"""Country outlines from Natural Earth, kept as local GeoJSON under ``data/reference``."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import shapely

from geo.settings import REFERENCE_DIR

COUNTRIES_GEOJSON = REFERENCE_DIR / "countries-50m.geojson"


def convert_world_atlas(source: Path, target: Path, *, grid: float = 0.01) -> int:
    """Write the ``countries`` object of a world-atlas TopoJSON file as GeoJSON.

    Coordinates are snapped to ``grid`` degrees (0.01 is about 1 km, finer than
    the 1:50m source warrants) to keep the file small. Returns the feature count.
    """
    countries = gpd.read_file(source, layer="countries").set_crs(4326, allow_override=True)
    geometry = shapely.make_valid(countries.geometry.to_numpy())
    countries = countries.set_geometry(shapely.set_precision(geometry, grid, mode="pointwise"))
    target.write_text(countries[["id", "name", "geometry"]].to_json(drop_id=True), encoding="utf-8")
    return len(countries)


def load_countries(path: Path = COUNTRIES_GEOJSON) -> gpd.GeoDataFrame:
    """The country outlines as a GeoDataFrame in WGS 84."""
    return gpd.read_file(path)
