"""Label placement and word wrap: labels never overlap each other, obstacles or the frame edge."""

from __future__ import annotations

import itertools
import random
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from geo.present.labels import Box, Occupied, label_order, name_order, place_labels, placement_rule, wrap


def test_a_dense_cluster_gets_labels_that_never_overlap_or_skips_them() -> None:
    rng = random.Random(42)
    anchors = [(500 + rng.uniform(-40, 40), 400 + rng.uniform(-40, 40)) for _ in range(40)]
    sizes = [(rng.uniform(40, 140), 14.0) for _ in anchors]
    spots = place_labels(anchors, sizes, radius=8, obstacles=[], frame=Box(0, 0, 1000, 800))
    placed = [s for s in spots if s is not None]
    assert 0 < len(placed) < len(anchors)
    assert any(s.leader for s in placed)
    for a, b in itertools.combinations(placed, 2):
        assert not a.box.overlaps(b.box)


@given(
    points=st.lists(st.tuples(st.floats(0, 600), st.floats(0, 400)), max_size=30),
    width=st.floats(5, 200),
)
def test_placed_labels_avoid_each_other_the_obstacles_and_the_frame_edge(
    points: list[tuple[float, float]], width: float
) -> None:
    frame, obstacle = Box(0, 0, 600, 400), Box(0, 360, 150, 400)
    spots = place_labels(points, [(width, 12.0)] * len(points), radius=6, obstacles=[obstacle], frame=frame)
    placed = [s.box for s in spots if s is not None]
    for box in placed:
        assert box.inside(frame)
        assert not box.overlaps(obstacle)
    for a, b in itertools.combinations(placed, 2):
        assert not a.overlaps(b)


def test_a_label_with_room_sits_beside_its_point_without_a_leader() -> None:
    (spot,) = place_labels([(50, 50)], [(20, 10)], radius=5, obstacles=[], frame=Box(0, 0, 100, 100))
    assert spot is not None
    assert (spot.ha, spot.leader) == ("left", False)
    assert spot.box == Box(55, 45, 75, 55)


def test_occupied_boxes_block_only_what_overlaps_them() -> None:
    taken = Occupied([Box(0, 0, 10, 10)])
    assert not taken.clear(Box(5, 5, 15, 15))
    assert taken.clear(Box(10, 0, 20, 10))  # sharing an edge is not overlapping
    taken.add(Box(10, 0, 20, 10))
    assert not taken.clear(Box(12, 2, 14, 4))


def test_wrap_keeps_words_whole_and_lines_within_the_width() -> None:
    words = ["the", "sources", "behind", "every", "state", "shown", "on", "the", "map"]
    lines = wrap(words, 16, len, " ")
    assert [w for line in lines for w in line] == words
    assert all(len(" ".join(line)) <= 16 for line in lines)


def test_wrap_gives_a_word_wider_than_the_line_a_line_of_its_own() -> None:
    assert wrap(["a", "abcdefghij", "b"], 4, len, " ") == [["a"], ["abcdefghij"], ["b"]]


def test_labels_claim_space_contested_first_then_the_most_restrictive_then_by_name() -> None:
    rows = [
        {"name": "Open B", "contested": False, "status": "open"},
        {"name": "Unknown", "contested": False, "status": "unknown"},
        {"name": "Open A", "contested": False, "status": "open"},
        {"name": "Sealed", "contested": False, "status": "sealed"},
        {"name": "Restricted", "contested": False, "status": "restricted"},
        {"name": "Contested, open", "contested": True, "status": "open"},
    ]
    assert [rows[i]["name"] for i in label_order(rows)] == [
        "Contested, open",
        "Sealed",
        "Restricted",
        "Open A",
        "Open B",
        "Unknown",
    ]


def test_name_order_breaks_ties_as_label_order_does() -> None:
    names = ["b", "a", "c", "a"]
    positions = name_order(names)
    rows = [{"name": n, "contested": False, "status": "open"} for n in names]
    assert sorted(range(4), key=lambda i: positions[i]) == label_order(rows)


def _spot_from_rule(
    rule: dict[str, Any],
    anchor: tuple[float, float],
    size: tuple[float, float],
    radius: float,
    taken: list[Box],
    frame: Box,
) -> tuple[Box, bool] | None:
    """The first free spot as a browser reads it from the rule's data alone (geo/present/web/map.js does this)."""
    tries = [(d, radius, False) for d in rule["directions"]]
    tries += [(d, radius + k * size[1], True) for k in rule["far"] for d in rule["directions"]]
    for (dx, dy, ha, va), distance, leader in tries:
        tx, ty = anchor[0] + dx * distance, anchor[1] + dy * distance
        x0 = {"left": tx, "right": tx - size[0], "center": tx - size[0] / 2}[ha]
        y0 = {"bottom": ty, "top": ty - size[1], "center": ty - size[1] / 2}[va]
        box = Box(x0, y0, x0 + size[0], y0 + size[1])
        if box.inside(frame) and not any(box.overlaps(t) for t in taken):
            return box, leader
    return None


@given(
    points=st.lists(st.tuples(st.floats(0, 300), st.floats(0, 200)), min_size=1, max_size=25),
    width=st.floats(10, 120),
)
def test_the_rule_given_to_browsers_places_labels_exactly_as_place_labels(
    points: list[tuple[float, float]], width: float
) -> None:
    rule, frame, radius, size = placement_rule(most=60, gap_px=2), Box(0, 0, 300, 200), 8.0, (width, 12.0)
    marks = [Box(x - 6, y - 6, x + 6, y + 6) for x, y in points]
    expected = place_labels(points, [size] * len(points), radius=radius, obstacles=marks, frame=frame)
    taken = list(marks)
    for anchor, spot in zip(points, expected, strict=True):
        found = _spot_from_rule(rule, anchor, size, radius, taken, frame)
        assert found == (None if spot is None else (spot.box, spot.leader))
        if found is not None:
            taken.append(found[0])
