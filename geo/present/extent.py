"""What a map shows: the crossings of a region, of a box or of the world on one day, and the box around them.

Pure data, no drawing: the static renderer, the exports and the standalone page all
choose their crossings here, so they agree on what "a region's map" holds.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from geo.atlas import Atlas
from geo.errors import BadBBoxError
from geo.filters import CrossingFilter
from geo.reference import BBox


def parse_bbox(text: str) -> BBox:
    """``"W,S,E,N"`` as a checked :data:`BBox`.

    >>> parse_bbox("60,29,72.5,38")
    (60.0, 29.0, 72.5, 38.0)
    """
    try:
        values = [float(p) for p in text.split(",")]
    except ValueError:
        values = []
    if len(values) != 4:
        raise BadBBoxError(text, "expected four numbers W,S,E,N")
    return check_bbox((values[0], values[1], values[2], values[3]))


def check_bbox(bbox: BBox) -> BBox:
    """``bbox`` if it is a usable view, else :class:`BadBBoxError`."""
    west, south, east, north = bbox
    if not all(math.isfinite(v) for v in bbox):
        raise BadBBoxError(bbox, "every value must be a finite number")
    if not -180 <= west < east <= 180:
        raise BadBBoxError(bbox, "need -180 <= W < E <= 180")
    if not -90 <= south < north <= 90:
        raise BadBBoxError(bbox, "need -90 <= S < N <= 90")
    return bbox


def padded_bbox(lats: Sequence[float], lons: Sequence[float], *, margin: float = 0.18, least: float = 1.5) -> BBox:
    """The box around the points, widened by ``margin`` of its size, and to ``least`` degrees each side of centre."""
    if not len(lats):
        return (-180.0, -60.0, 180.0, 80.0)
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    pad_x = max((east - west) * margin, least - (east - west) / 2)
    pad_y = max((north - south) * margin, least - (north - south) / 2)
    return (max(west - pad_x, -180), max(south - pad_y, -85), min(east + pad_x, 180), min(north + pad_y, 85))


def fit_bbox(bbox: BBox, aspect: float) -> BBox:
    """``bbox`` grown so that its width over its height, in km at its middle latitude, is ``aspect``."""
    west, south, east, north = bbox
    stretch = math.cos(math.radians((south + north) / 2))
    width, height = (east - west) * stretch, north - south
    if width / height < aspect:
        grow = (height * aspect / stretch - (east - west)) / 2
        return (west - grow, south, east + grow, north)
    grow = (width / aspect - height) / 2
    return (west, south - grow, east, north + grow)


@dataclass(frozen=True)
class View:
    """What one map shows: the states of the crossings it draws on one day, the box around them,
    and the crossings it shows but cannot draw (no coordinate), to be named beside it."""

    day: date
    states: pd.DataFrame
    bbox: BBox
    unplaced: pd.DataFrame


def bbox_from_bounds(bounds: Mapping[str, Any]) -> BBox | None:
    """A Leaflet map's ``getBounds()`` (as st_folium returns it) as a usable :data:`BBox`, or None.

    A world map scrolled sideways reports longitudes past 180: the box is brought back by
    whole turns and cut at the edges of the world, as a static map can only draw one copy.

    >>> bbox_from_bounds({"_southWest": {"lat": 29.5, "lng": 380.0}, "_northEast": {"lat": 36.0, "lng": 390.0}})
    (20.0, 29.5, 30.0, 36.0)
    """
    try:
        south_west, north_east = bounds["_southWest"], bounds["_northEast"]
        west, south = float(south_west["lng"]), float(south_west["lat"])
        east, north = float(north_east["lng"]), float(north_east["lat"])
    except (KeyError, TypeError, ValueError):
        return None
    if not all(math.isfinite(v) for v in (west, south, east, north)) or west >= east or south >= north:
        return None
    turns = math.floor(((west + east) / 2 + 180) / 360)
    west, east = max(west - 360 * turns, -180.0), min(east - 360 * turns, 180.0)
    south, north = max(south, -90.0), min(north, 90.0)
    return (west, south, east, north) if west < east and south < north else None


def select_view(
    atlas: Atlas,
    day: date,
    *,
    region: str | None = None,
    bbox: BBox | None = None,
    crossing_filter: CrossingFilter | None = None,
) -> View:
    """A region's crossings, or every crossing; the box is ``bbox`` or the one around those crossings.

    A map draws whatever falls inside its frame, which is the box widened to the frame's
    shape: with a ``bbox`` and no region every crossing stays in, with both the region's
    crossings are framed by ``bbox`` (the presentation's frame, zoomed in on part of a
    region). A ``crossing_filter`` narrows the crossings after the box is chosen, so a
    filtered map keeps its region's frame.
    """
    view = atlas.view(day, region=region, crossing_filter=crossing_filter)
    framed = view.framed
    box = check_bbox(bbox) if bbox is not None else padded_bbox(list(framed["lat"]), list(framed["lon"]))
    return View(day, view.drawn.reset_index(drop=True), box, view.unplaced)
