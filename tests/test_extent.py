"""What a map shows: bounding boxes checked and fitted, regions and filters chosen."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from geo.atlas import Atlas
from geo.errors import BadBBoxError, UnknownRegionError
from geo.filters import CrossingFilter
from geo.present.extent import (
    bbox_from_bounds,
    check_bbox,
    fit_bbox,
    padded_bbox,
    parse_bbox,
    select_view,
)

SEED_DAY = date(2021, 7, 14)
REGION = "afghanistan-2021"


@pytest.mark.parametrize("aspect", [0.5, 1.0, 1.6, 3.0])
def test_fitted_view_has_the_frame_shape_and_contains_the_asked_box(aspect: float) -> None:
    asked = (60.0, 29.0, 72.0, 38.0)
    west, south, east, north = fit_bbox(asked, aspect)
    stretch = np.cos(np.radians((south + north) / 2))
    assert (east - west) * stretch / (north - south) == pytest.approx(aspect)
    assert west <= asked[0] and south <= asked[1] and east >= asked[2] and north >= asked[3]


@pytest.mark.parametrize(
    "text",
    ["1,2,3", "a,b,c,d", "10,0,5,5", "0,10,5,5", "0,0,200,5", "0,-91,5,5", "nan,0,5,5", ""],
    ids=[
        "three numbers",
        "not numbers",
        "west after east",
        "south after north",
        "east past 180",
        "south past -90",
        "nan",
        "empty",
    ],
)
def test_bad_bounding_boxes_are_rejected_naming_the_value(text: str) -> None:
    with pytest.raises(BadBBoxError, match="bad bounding box"):
        parse_bbox(text)


def test_a_box_around_one_point_is_at_least_the_least_size() -> None:
    west, south, east, north = padded_bbox([34.0], [66.0], least=1.5)
    assert (east - west, north - south) == (3.0, 3.0)


def test_a_box_around_no_points_is_the_world() -> None:
    assert padded_bbox([], []) == (-180.0, -60.0, 180.0, 80.0)


def test_an_unknown_region_is_rejected_naming_the_known_ones(seed_atlas: Atlas) -> None:
    with pytest.raises(UnknownRegionError, match=r"'nowhere'.*afghanistan-2021"):
        select_view(seed_atlas, SEED_DAY, region="nowhere")


def test_a_region_and_a_box_frame_the_region_s_crossings_in_that_box(seed_atlas: Atlas) -> None:
    # The presentation zoomed in on part of a region: its crossings, in the frame on screen.
    box = (60.0, 29.0, 72.0, 38.0)
    view = select_view(seed_atlas, SEED_DAY, region=REGION, bbox=box)
    assert view.bbox == box
    assert set(view.states["region"]) == {REGION}


def leaflet_bounds(west: float, south: float, east: float, north: float) -> dict[str, dict[str, float]]:
    """A map's bounds as st_folium returns them."""
    return {"_southWest": {"lat": south, "lng": west}, "_northEast": {"lat": north, "lng": east}}


def test_a_leaflet_frame_becomes_its_box() -> None:
    assert bbox_from_bounds(leaflet_bounds(64.5, 29.75, 68.25, 32.5)) == (64.5, 29.75, 68.25, 32.5)


@pytest.mark.parametrize(
    ("bounds", "box"),
    [
        (leaflet_bounds(-250.0, -95.0, 250.0, 95.0), (-180.0, -90.0, 180.0, 90.0)),
        (leaflet_bounds(420.0, 10.0, 430.0, 20.0), (60.0, 10.0, 70.0, 20.0)),
        (leaflet_bounds(-300.0, 10.0, -290.0, 20.0), (60.0, 10.0, 70.0, 20.0)),
    ],
    ids=["zoomed out past the world", "scrolled a turn east", "scrolled a turn west"],
)
def test_a_frame_past_the_world_s_edges_is_brought_back_and_cut_to_it(
    bounds: dict[str, dict[str, float]], box: tuple[float, float, float, float]
) -> None:
    framed = bbox_from_bounds(bounds)
    assert framed == pytest.approx(box)
    assert framed is not None and check_bbox(framed) == framed


@pytest.mark.parametrize(
    "bounds",
    [
        leaflet_bounds(float("nan"), 0, 1, 1),
        leaflet_bounds(5, 0, 1, 1),
        {"_southWest": {"lat": None, "lng": None}, "_northEast": {"lat": None, "lng": None}},
        {},
    ],
    ids=["nan", "west after east", "before the map has drawn", "empty"],
)
def test_a_frame_that_is_not_one_gives_none(bounds: dict[str, object]) -> None:
    assert bbox_from_bounds(bounds) is None


def test_a_region_view_holds_only_its_crossings(seed_atlas: Atlas) -> None:
    view = select_view(seed_atlas, SEED_DAY, region=REGION)
    assert set(view.states["region"]) == {REGION}
    assert len(view.states) == 11


def test_a_filter_narrows_the_crossings_but_keeps_the_region_frame(seed_atlas: Atlas) -> None:
    whole = select_view(seed_atlas, SEED_DAY, region=REGION)
    only_sealed = CrossingFilter(statuses=frozenset({"sealed"}))
    sealed = select_view(seed_atlas, SEED_DAY, region=REGION, crossing_filter=only_sealed)
    assert set(sealed.states["status"]) == {"sealed"}
    assert 0 < len(sealed.states) < len(whole.states)
    assert sealed.bbox == whole.bbox
