"""The static briefing map: sizes, content, determinism, labels that never overlap, and the symbols of the live map."""

from __future__ import annotations

import io
import itertools
import random
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.text import Text
from PIL import Image

from geo.asof import Timeline
from geo.atlas import Atlas
from geo.maps import MAX_LABELLED_CROSSINGS, Symbol
from geo.render import (
    PRINT_PX,
    SCREEN_PX,
    BadBBoxError,
    Box,
    UnknownRegionError,
    ViewError,
    deciding_for,
    draw_symbols,
    fit_bbox,
    nice_length,
    parse_bbox,
    place_labels,
    render_map,
    save_figure,
    save_map,
    source_entries,
)
from geo.synth import synthesize
from tests.test_cli import geo as run_cli
from tests.test_export import tiny_atlas

SEED_DAY = date(2021, 7, 14)
REGION = "afghanistan-2021"
AFGHAN_CROSSINGS = 9


def briefing(atlas: Atlas, **options: object) -> Figure:
    return render_map(atlas, SEED_DAY, region=REGION, title="Afghan border crossings", subtitle="Who holds them",
                      permalink="http://localhost:8501/?region=afghanistan-2021&date=2021-07-14", **options)


def image_bytes(fig: Figure, fmt: str, tmp_path: Path) -> bytes:
    return save_figure(fig, tmp_path / f"map.{fmt}").read_bytes()


def svg_text(atlas: Atlas, tmp_path: Path, day: date = SEED_DAY) -> str:
    fig = render_map(atlas, day, region=REGION, title="Afghan border crossings",
                     permalink="http://localhost:8501/?region=afghanistan-2021")
    return image_bytes(fig, "svg", tmp_path).decode("utf-8")


@pytest.mark.parametrize(("print_dpi", "pixels"), [(False, SCREEN_PX), (True, PRINT_PX)], ids=["screen", "print"])
def test_png_has_the_expected_pixel_size(seed_atlas: Atlas, tmp_path: Path, print_dpi: bool,
                                         pixels: tuple[int, int]) -> None:
    out = save_map(seed_atlas, SEED_DAY, tmp_path / "map.png", region=REGION, print_dpi=print_dpi)
    assert Image.open(out).size == pixels


@pytest.mark.parametrize("size", [(1600, 1000), (1234, 777), (2000, 2000), (800, 500)])
def test_any_size_renders_to_exactly_that_many_pixels(seed_atlas: Atlas, tmp_path: Path,
                                                      size: tuple[int, int]) -> None:
    png = image_bytes(render_map(seed_atlas, SEED_DAY, region=REGION, size=size), "png", tmp_path)
    assert Image.open(io.BytesIO(png)).size == size


def test_png_is_not_blank_and_shows_the_party_colours(seed_atlas: Atlas, tmp_path: Path) -> None:
    pixels = np.asarray(Image.open(io.BytesIO(image_bytes(briefing(seed_atlas), "png", tmp_path))).convert("RGB"))
    colours = {tuple(int(c) for c in p) for p in pixels.reshape(-1, 3)}
    assert len(colours) > 50
    taliban, government = (0xD5, 0x5E, 0x00), (0x00, 0x72, 0xB2)
    assert taliban in colours
    assert government in colours


@pytest.mark.parametrize("fmt", ["png", "pdf", "svg"])
def test_same_input_gives_the_same_bytes(seed_atlas: Atlas, tmp_path: Path, fmt: str) -> None:
    first = image_bytes(briefing(seed_atlas), fmt, tmp_path)
    second = image_bytes(briefing(seed_atlas), fmt, tmp_path)
    assert first == second


def test_pdf_is_a_pdf(seed_atlas: Atlas, tmp_path: Path) -> None:
    assert image_bytes(briefing(seed_atlas), "pdf", tmp_path).startswith(b"%PDF")


@pytest.mark.parametrize(
    "text",
    [
        "Afghan border crossings",
        "As of 2021-07-14",
        "Legend",
        "Afghan government",
        "Contested: Afghan government /",
        "Sealed (crossed square)",
        "Restricted (triangle)",
        "Stale (faded): no recent report",
        "Sources behind the states shown",
        "Arab News (2021-07-14)",
        "km (true at 34°N)",
        "http://localhost:8501/?region=afghanistan-2021",
        "Spin Boldak-Chaman",
        "Torkham",
    ],
)
def test_svg_keeps_title_date_legend_labels_sources_and_permalink_as_text(seed_atlas: Atlas, tmp_path: Path,
                                                                          text: str) -> None:
    assert text in svg_text(seed_atlas, tmp_path)


def test_legend_lists_only_the_symbols_in_use(seed_atlas: Atlas, tmp_path: Path) -> None:
    # On the first day every Afghan crossing is held by the government, status unknown.
    svg = svg_text(seed_atlas, tmp_path, day=date(2021, 5, 1))
    assert "Afghan government" in svg
    assert "Status unknown (diamond)" in svg
    for absent in ("Taliban", "Contested", "Sealed", "Restricted", "Open (circle)", "Unconfirmed"):
        assert absent not in svg


def test_names_from_the_data_print_as_written(tmp_path: Path) -> None:
    atlas = tiny_atlas(name="$5 <b>gate</b> & co")
    fig = render_map(atlas, SEED_DAY, region="test")
    svg = image_bytes(fig, "svg", tmp_path).decode("utf-8")
    assert "$5 &lt;b&gt;gate&lt;/b&gt; &amp; co" in svg


def crossing_labels(fig: Figure) -> list[Text]:
    fig.canvas.draw()
    return [t for t in fig.findobj(Text) if (t.get_gid() or "").startswith("crossing-label:")]


def test_every_afghan_crossing_gets_a_label_and_no_two_labels_overlap(seed_atlas: Atlas) -> None:
    labels = crossing_labels(briefing(seed_atlas))
    assert len(labels) == AFGHAN_CROSSINGS
    boxes = []
    for label in labels:
        patch = label.get_bbox_patch()
        assert patch is not None
        extent = patch.get_window_extent()
        boxes.append(Box(extent.x0, extent.y0, extent.x1, extent.y1))
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b), (a, b)


def test_labels_stay_inside_the_map_frame(seed_atlas: Atlas) -> None:
    fig = briefing(seed_atlas)
    frame = fig.axes[0].get_window_extent()
    for label in crossing_labels(fig):
        extent = label.get_window_extent()
        assert frame.x0 <= extent.x0 and extent.x1 <= frame.x1 and frame.y0 <= extent.y0 and extent.y1 <= frame.y1


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


@settings(max_examples=60, deadline=None)
@given(
    points=st.lists(st.tuples(st.floats(0, 600), st.floats(0, 400)), max_size=30),
    width=st.floats(5, 200),
)
def test_placed_labels_avoid_each_other_the_obstacles_and_the_frame_edge(points: list[tuple[float, float]],
                                                                         width: float) -> None:
    frame, obstacle = Box(0, 0, 600, 400), Box(0, 360, 150, 400)
    spots = place_labels(points, [(width, 12.0)] * len(points), radius=6, obstacles=[obstacle], frame=frame)
    placed = [s.box for s in spots if s is not None]
    for box in placed:
        assert box.inside(frame)
        assert not box.overlaps(obstacle)
    for a, b in itertools.combinations(placed, 2):
        assert not a.overlaps(b)


def test_five_thousand_symbols_of_every_kind_draw_in_a_few_calls() -> None:
    rng = random.Random(42)
    kinds = [
        Symbol(colors, status, dashed, faded)
        for colors in (("#e69f00",), ("#e69f00", "#56b4e9"), ("#e69f00", "#56b4e9", "#009e73"))
        for status in ("open", "restricted", "sealed", "unknown")
        for dashed in (False, True)
        for faded in (False, True)
    ]
    symbols = [rng.choice(kinds) for _ in range(5000)]
    ax = Figure().add_subplot()
    calls = draw_symbols(ax, np.array([(rng.uniform(0, 1), rng.uniform(0, 1)) for _ in symbols]), symbols, size_pt=7)
    # One call per strip of each (shape, number of colours), plus one outline per (shape, dashed).
    assert calls == 4 * (1 + 2 + 3) + 4 * 2


def synthetic_atlas(crossings: int, reports: int) -> Atlas:
    """Synthetic crossings in memory, as a store would hand them over."""
    data = synthesize(crossings, reports, seed=1)
    frame = data.reports.assign(report_id=range(1, reports + 1), batch_id=1).astype(object)
    return Atlas(data.crossings, data.parties, frame, Timeline(frame, list(data.crossings["crossing_id"])))


def test_above_the_label_limit_crossings_are_drawn_without_name_labels() -> None:
    atlas = synthetic_atlas(MAX_LABELLED_CROSSINGS + 20, 2000)
    fig = render_map(atlas, date(2020, 6, 1))
    assert crossing_labels(fig) == []
    drawn = sum(len(c.get_offsets()) for c in fig.axes[0].collections if isinstance(c, PathCollection))
    assert drawn >= MAX_LABELLED_CROSSINGS + 20


def test_a_view_with_a_few_crossings_labels_as_many_as_fit(seed_atlas: Atlas) -> None:
    # All ten seed crossings, Afghanistan to Myanmar: the Afghan ones crowd a small corner.
    assert 5 <= len(crossing_labels(render_map(seed_atlas, SEED_DAY))) <= 10


@pytest.mark.parametrize("day", [date(2021, 5, 1), date(2021, 7, 9), SEED_DAY, date(2021, 8, 15), date(2024, 4, 11)])
def test_sources_come_from_the_reports_that_decide_each_shown_state(seed_atlas: Atlas, day: date) -> None:
    states = seed_atlas.states(day)
    together = deciding_for(seed_atlas.reports, states)
    one_by_one = [seed_atlas.deciding(cid, day) for cid in states["crossing_id"]]
    assert sorted(together["report_id"]) == sorted(r for frame in one_by_one for r in frame["report_id"])


def test_sources_are_deduplicated_per_outlet_with_dates(seed_atlas: Atlas) -> None:
    states = seed_atlas.states(SEED_DAY)
    entries = source_entries(deciding_for(seed_atlas.reports, states))
    assert len(entries) == len(set(entries))
    assert "AFP (2021-06-22, 2021-07-10, 2021-07-14)" in entries


@pytest.mark.parametrize(("km", "nice"), [(437.0, 200.0), (100.0, 100.0), (99.0, 50.0), (1.9, 1.0), (7300.0, 5000.0)])
def test_scale_bar_length_is_a_round_number_of_km(km: float, nice: float) -> None:
    assert nice_length(km) == nice


@pytest.mark.parametrize("aspect", [0.5, 1.0, 1.6, 3.0])
def test_fitted_view_has_the_frame_shape_and_contains_the_asked_box(aspect: float) -> None:
    asked = (60.0, 29.0, 72.0, 38.0)
    west, south, east, north = fit_bbox(asked, aspect)
    stretch = np.cos(np.radians((south + north) / 2))
    assert (east - west) * stretch / (north - south) == pytest.approx(aspect)
    assert west <= asked[0] and south <= asked[1] and east >= asked[2] and north >= asked[3]


@pytest.mark.parametrize(
    "text", ["1,2,3", "a,b,c,d", "10,0,5,5", "0,10,5,5", "0,0,200,5", "0,-91,5,5", "nan,0,5,5", ""],
    ids=["three numbers", "not numbers", "west after east", "south after north", "east past 180",
         "south past -90", "nan", "empty"],
)
def test_bad_bounding_boxes_are_rejected_naming_the_value(text: str) -> None:
    with pytest.raises(BadBBoxError, match="bad bounding box"):
        parse_bbox(text)


def test_an_unknown_region_is_rejected_naming_the_known_ones(seed_atlas: Atlas) -> None:
    with pytest.raises(UnknownRegionError, match=r"'nowhere'.*afghanistan-2021"):
        render_map(seed_atlas, SEED_DAY, region="nowhere")


def test_region_and_bbox_together_are_rejected(seed_atlas: Atlas) -> None:
    with pytest.raises(ViewError, match="not both"):
        render_map(seed_atlas, SEED_DAY, region=REGION, bbox=(60, 29, 72, 38))


def test_a_bbox_shows_every_crossing_inside_it(seed_atlas: Atlas) -> None:
    fig = render_map(seed_atlas, SEED_DAY, bbox=(95.0, 14.0, 101.0, 19.0))
    assert [t.get_gid() for t in crossing_labels(fig)] == ["crossing-label:myawaddy-mae-sot"]


def test_unknown_image_format_is_rejected(seed_atlas: Atlas, tmp_path: Path) -> None:
    with pytest.raises(ViewError, match="'jpg'"):
        save_map(seed_atlas, SEED_DAY, tmp_path / "map.jpg", region=REGION)


def test_render_command_writes_the_map(database_url: str, tmp_path: Path) -> None:
    out = tmp_path / "brief.png"
    result = run_cli(database_url, "render", "--date", "2021-07-14", "--region", REGION, "--title", "T", "--out",
                     str(out))
    assert result.returncode == 0, result.stderr
    assert Image.open(out).size == SCREEN_PX


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--region", "nowhere", "--out", "x.png"], "nowhere"),
        (["--bbox", "1,2,3", "--out", "x.png"], "1,2,3"),
        (["--region", REGION, "--bbox", "60,29,72,38", "--out", "x.png"], "--bbox"),
        (["--out", "x.jpg"], "x.jpg"),
    ],
    ids=["unknown region", "short bbox", "region and bbox", "unknown image type"],
)
def test_render_bad_arguments_give_one_line_naming_them_and_exit_2(database_url: str, tmp_path: Path,
                                                                    args: list[str], named: str) -> None:
    result = run_cli(database_url, "render", "--date", "2021-07-14", *args)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert named in result.stderr
