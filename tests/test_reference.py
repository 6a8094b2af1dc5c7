"""Natural Earth reference data: one loader per file, read once, and the outlines inside a box."""

from __future__ import annotations

import shapely

from geo.reference import (
    boundary_lines,
    countries_by_code,
    countries_in,
    country_outlines,
    country_polygons,
    distance_km,
)

#: Around the Afghan-Pakistani border.
BOX = (60.0, 28.0, 75.0, 38.0)


def test_each_file_is_read_once_per_process() -> None:
    assert country_outlines() is country_outlines()
    assert country_polygons() is country_polygons()
    assert boundary_lines() is boundary_lines()


def test_countries_in_a_box_are_those_that_reach_into_it_clipped_to_it() -> None:
    names, shapes = countries_in(BOX)
    assert {"Afghanistan", "Pakistan", "Iran", "Tajikistan"} <= set(names)
    assert "Thailand" not in set(names)
    box = shapely.box(*BOX)
    all_names, all_shapes = country_outlines()
    reaching = {str(n) for n, s in zip(all_names, all_shapes, strict=True) if s.intersects(box)}
    assert set(names) == reaching
    for shape in shapes:
        west, south, east, north = shape.bounds
        assert BOX[0] <= west and BOX[1] <= south and east <= BOX[2] and north <= BOX[3]


def test_a_box_in_the_open_sea_holds_no_country() -> None:
    names, shapes = countries_in((-30.0, -40.0, -20.0, -30.0))
    assert len(names) == len(shapes) == 0


def test_countries_by_code_have_three_letter_codes_and_distances_use_them() -> None:
    known = countries_by_code()
    assert all(len(code) == 3 and code.isupper() for code in known)
    assert set(country_polygons()[0]) == set(known)
    # Kabul is inside Afghanistan and about 1,800 km from Turkey.
    inside, far = distance_km([34.5, 34.5], [69.2, 69.2], ("AFG",))[0], distance_km([34.5], [69.2], ("TUR",))[0]
    assert inside == 0.0
    assert 1500 < far < 2500
