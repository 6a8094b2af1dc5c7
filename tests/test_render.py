"""The static briefing map: sizes, content, determinism, and labels that never overlap on a real map."""

from __future__ import annotations

import io
import itertools
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.text import Text
from PIL import Image

import geo.render
from geo.asof import Timeline
from geo.atlas import Atlas
from geo.extent import UnknownRegionError, ViewError
from geo.filters import CrossingFilter
from geo.labels import Box
from geo.maps import MAX_LABELLED_CROSSINGS
from geo.render import PRINT_PX, SCREEN_PX, figure_bytes, nice_length, render_map, save_figure, save_map
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


@pytest.mark.parametrize(("km", "nice"), [(437.0, 200.0), (100.0, 100.0), (99.0, 50.0), (1.9, 1.0), (7300.0, 5000.0)])
def test_scale_bar_length_is_a_round_number_of_km(km: float, nice: float) -> None:
    assert nice_length(km) == nice


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


def test_figure_bytes_are_the_bytes_save_figure_writes(seed_atlas: Atlas, tmp_path: Path) -> None:
    fig = briefing(seed_atlas)
    assert figure_bytes(fig, "png") == save_figure(fig, tmp_path / "map.png").read_bytes()


def test_a_filter_leaves_out_the_crossings_it_does_not_select(seed_atlas: Atlas) -> None:
    fig = briefing(seed_atlas, crossing_filter=CrossingFilter(statuses=frozenset({"sealed"})))
    labelled = {t.get_text() for t in crossing_labels(fig)}
    assert labelled == {"Islam Qala-Dogharoun", "Spin Boldak-Chaman", "Torghundi-Serhetabat"}


def test_render_still_offers_every_name_it_always_did() -> None:
    # Callers (and the standalone page) import these from geo.render; they moved to smaller modules.
    for name in geo.render.__all__:
        assert hasattr(geo.render, name), name

