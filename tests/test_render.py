"""The static briefing map: sizes, content, determinism, and labels that never overlap on a real map."""

from __future__ import annotations

import ast
import io
import itertools
import re
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.text import Text
from PIL import Image

from geo.asof import Timeline
from geo.atlas import Atlas
from geo.day_view import unplaced_note
from geo.deciding import deciding_for
from geo.describe import records
from geo.errors import UnknownRegionError, ViewError
from geo.filters import CrossingFilter
from geo.ingest.synth import synthesize
from geo.present import static_map
from geo.present.badges import BADGE_HALO, BADGE_LABELS, BADGE_RADIUS, BADGE_SPOTS
from geo.present.figure_files import figure_bytes, map_extent, save_figure
from geo.present.frame import SUBTITLE_CHARS, TITLE_CHARS
from geo.present.labels import Box
from geo.present.map_text import MAX_SOURCE_LINES
from geo.present.paper import PAGES, PRINT_DPI, Page, page_named
from geo.present.static_map import PRINT_PX, SCREEN_PX, nice_length, render_map, save_map
from geo.present.symbology import BOX, MAX_LABELLED_CROSSINGS
from geo.sides import crossing_countries, presumed_holders
from tests.test_cli import geo as run_cli
from tests.test_export import tiny_atlas

SEED_DAY = date(2021, 7, 14)
REGION = "afghanistan-2021"
AFGHAN_CROSSINGS = 11


def briefing(atlas: Atlas, **options: object) -> Figure:
    defaults: dict[str, object] = {
        "region": REGION,
        "title": "Afghan border crossings",
        "subtitle": "Who holds them",
        "permalink": "http://localhost:8501/?region=afghanistan-2021&date=2021-07-14",
    }
    return render_map(atlas, SEED_DAY, **{**defaults, **options})  # type: ignore[arg-type]


def image_bytes(fig: Figure, fmt: str, tmp_path: Path) -> bytes:
    return save_figure(fig, tmp_path / f"map.{fmt}").read_bytes()


def svg_text(atlas: Atlas, tmp_path: Path, day: date = SEED_DAY) -> str:
    fig = render_map(
        atlas,
        day,
        region=REGION,
        title="Afghan border crossings",
        permalink="http://localhost:8501/?region=afghanistan-2021",
    )
    return image_bytes(fig, "svg", tmp_path).decode("utf-8")


@pytest.mark.parametrize(("print_dpi", "pixels"), [(False, SCREEN_PX), (True, PRINT_PX)], ids=["screen", "print"])
def test_png_has_the_expected_pixel_size(
    seed_atlas: Atlas, tmp_path: Path, print_dpi: bool, pixels: tuple[int, int]
) -> None:
    out = save_map(seed_atlas, SEED_DAY, tmp_path / "map.png", region=REGION, print_dpi=print_dpi)
    assert Image.open(out).size == pixels


@pytest.mark.parametrize("size", [(1600, 1000), (1234, 777), (2000, 2000), (800, 500)])
def test_any_size_renders_to_exactly_that_many_pixels(seed_atlas: Atlas, tmp_path: Path, size: tuple[int, int]) -> None:
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
def test_svg_keeps_title_date_legend_labels_sources_and_permalink_as_text(
    seed_atlas: Atlas, tmp_path: Path, text: str
) -> None:
    assert text in svg_text(seed_atlas, tmp_path)


#: Who vouches for each holder of the seed day's one contested crossing, worded as in the presentation frame.
SPIN_BOLDAK_CORROBORATION = (
    "Spin Boldak-Chaman, contested: Taliban on the Afghan side: claimed by the Taliban (C3); confirmed by one "
    "independent origin, Pakistan (B2); "
    "Afghan government on the Afghan side: its own claim only (C4)"
)


@pytest.mark.parametrize("page", [None, "a4-portrait"], ids=["screen", "a4-portrait"])
def test_the_footnote_says_who_vouches_for_each_holder_of_a_contested_crossing(
    seed_atlas: Atlas, tmp_path: Path, page: str | None
) -> None:
    fig = briefing(seed_atlas, page=page, dpi=100) if page else briefing(seed_atlas)
    (sources,) = [text for text in fig.texts if text.get_gid() == "sources"]
    # The PNG draws this text; the SVG keeps it, line for line.
    # Whole, if wrapped onto a second line on a narrow page.
    assert SPIN_BOLDAK_CORROBORATION in sources.get_text().replace("\n", " ")
    svg = image_bytes(fig, "svg", tmp_path).decode("utf-8")
    assert SPIN_BOLDAK_CORROBORATION.split(" (C3)")[0] in svg
    # The outlets stay too, those of the presentation frame.
    assert "AFP (2021-06-22, 2021-07-10, 2021-07-14)" in sources.get_text()


def test_outlets_give_way_before_the_corroboration_when_the_footnote_is_full(seed_atlas: Atlas) -> None:
    # Forty outlets more than the footnote's lines hold: the corroboration line still prints whole.
    reports = seed_atlas.reports
    deciding = deciding_for(reports, seed_atlas.states(SEED_DAY))
    extra = deciding[deciding["crossing_id"] == "torkham"].tail(1)
    many = pd.concat(
        [reports, *(extra.assign(source=f"Outlet with a long name number {i}") for i in range(40))], ignore_index=True
    )
    ids = list(seed_atlas.crossings["crossing_id"])
    countries = crossing_countries(seed_atlas.crossings)
    timeline = Timeline(many, ids, countries, presumed_holders(countries, seed_atlas.parties))
    atlas = Atlas(seed_atlas.crossings, seed_atlas.parties, many, timeline)
    fig = briefing(atlas)
    (sources,) = [text for text in fig.texts if text.get_gid() == "sources"]
    *lines, note = sources.get_text().split("\n")
    assert len(lines) <= MAX_SOURCE_LINES
    assert SPIN_BOLDAK_CORROBORATION in " ".join(lines)
    # The crossings no source places are named on a line of their own, after every outlet.
    assert note == unplaced_note(atlas.view(SEED_DAY, region=REGION).unplaced) != ""
    assert any(re.search(r"… and \d+ more outlets", line) for line in lines)


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
    # Every seed crossing, Gaza and Syria to Myanmar: the Afghan and Syrian ones crowd small parts of the map.
    labels = crossing_labels(render_map(seed_atlas, SEED_DAY))
    shown = len(seed_atlas.view(SEED_DAY).shown)
    assert shown == len(seed_atlas.crossings)
    # At least half are named, each at most once, and no two names overlap.
    named = [label.get_gid() for label in labels]
    assert shown // 2 <= len(named) == len(set(named)) <= shown
    boxes = []
    for label in labels:
        patch = label.get_bbox_patch()
        assert patch is not None
        boxes.append(Box(*patch.get_window_extent().extents))
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b), (a, b)


@pytest.mark.parametrize(("km", "nice"), [(437.0, 200.0), (100.0, 100.0), (99.0, 50.0), (1.9, 1.0), (7300.0, 5000.0)])
def test_scale_bar_length_is_a_round_number_of_km(km: float, nice: float) -> None:
    assert nice_length(km) == nice


def test_an_unknown_region_is_rejected_naming_the_known_ones(seed_atlas: Atlas) -> None:
    with pytest.raises(UnknownRegionError, match=r"'nowhere'.*afghanistan-2021"):
        render_map(seed_atlas, SEED_DAY, region="nowhere")


def labelled_ids(fig: Figure) -> set[str]:
    return {str(t.get_gid()).removeprefix("crossing-label:") for t in crossing_labels(fig)}


def contains(outer: tuple[float, ...], inner: tuple[float, ...]) -> bool:
    tolerance = 1e-9
    return (
        outer[0] <= inner[0] + tolerance
        and outer[1] <= inner[1] + tolerance
        and outer[2] >= inner[2] - tolerance
        and outer[3] >= inner[3] - tolerance
    )


@pytest.mark.parametrize(
    "box",
    [(65.5, 29.5, 68.5, 32.0), (60.0, 33.0, 63.0, 36.0), (58.0, 25.0, 74.0, 40.0)],
    ids=["Spin Boldak", "Herat", "wider than the region"],
)
def test_a_region_in_a_box_is_drawn_in_that_frame_centred_on_it(
    seed_atlas: Atlas, box: tuple[float, float, float, float]
) -> None:
    fig = briefing(seed_atlas, bbox=box)
    extent = map_extent(fig)
    assert extent is not None and contains(extent, box)
    assert (extent[0] + extent[2]) / 2 == pytest.approx((box[0] + box[2]) / 2)
    assert (extent[1] + extent[3]) / 2 == pytest.approx((box[1] + box[3]) / 2)
    # Grown to the frame's shape along one side only.
    assert extent[0] == pytest.approx(box[0]) or extent[1] == pytest.approx(box[1])


def test_a_zoomed_in_frame_draws_only_the_crossings_inside_it(seed_atlas: Atlas) -> None:
    whole = labelled_ids(briefing(seed_atlas))
    zoomed = labelled_ids(briefing(seed_atlas, bbox=(65.5, 29.5, 68.5, 32.0)))
    assert zoomed == {"spin-boldak-chaman"}
    assert len(whole) == AFGHAN_CROSSINGS


def test_a_region_framed_on_another_region_shows_none_of_the_other_s_crossings(seed_atlas: Atlas) -> None:
    fig = render_map(seed_atlas, SEED_DAY, region=REGION, bbox=(95.0, 14.0, 101.0, 19.0))
    assert crossing_labels(fig) == []


def test_the_png_names_its_extent_and_its_permalink(seed_atlas: Atlas, tmp_path: Path) -> None:
    fig = briefing(seed_atlas, bbox=(65.5, 29.5, 68.5, 32.0))
    info = Image.open(io.BytesIO(image_bytes(fig, "png", tmp_path))).text
    extent = map_extent(fig)
    assert extent is not None
    assert tuple(float(v) for v in info["Extent"].split(",")) == pytest.approx(extent, abs=1e-6)
    assert info["Permalink"] == "http://localhost:8501/?region=afghanistan-2021&date=2021-07-14"


@pytest.mark.parametrize("fmt", ["pdf", "svg"])
def test_the_permalink_is_a_live_link_in_a_pdf_and_an_svg(seed_atlas: Atlas, tmp_path: Path, fmt: str) -> None:
    link = "http://localhost:8501/?region=afghanistan-2021&date=2021-07-14"
    data = image_bytes(briefing(seed_atlas), fmt, tmp_path)
    escaped = link.replace("&", "&amp;") if fmt == "svg" else link
    assert escaped.encode() in data
    assert (b"/URI" in data) if fmt == "pdf" else (b"<a xlink:href=" in data)


@pytest.mark.parametrize("link", ["javascript:alert(1)", 'http://host/a b"onmouseover=alert(1)'])
@pytest.mark.parametrize("fmt", ["pdf", "svg"])
def test_a_link_that_is_not_a_plain_web_address_is_printed_but_never_live(
    seed_atlas: Atlas, tmp_path: Path, fmt: str, link: str
) -> None:
    data = image_bytes(briefing(seed_atlas, permalink=link), fmt, tmp_path)
    assert b"/URI" not in data and b"<a xlink:href" not in data


@pytest.mark.parametrize("page", list(PAGES.values()), ids=list(PAGES))
def test_a_pdf_on_a_paper_is_exactly_that_paper(seed_atlas: Atlas, tmp_path: Path, page: Page) -> None:
    out = save_map(seed_atlas, SEED_DAY, tmp_path / "map.pdf", page=page, region=REGION)
    match = re.search(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", out.read_bytes())
    assert match is not None
    assert (float(match[1]), float(match[2])) == pytest.approx((page.width * 72, page.height * 72), abs=0.2)


@pytest.mark.parametrize("page", list(PAGES.values()), ids=list(PAGES))
def test_a_print_png_on_a_paper_is_that_paper_at_300_dpi(seed_atlas: Atlas, tmp_path: Path, page: Page) -> None:
    out = save_map(seed_atlas, SEED_DAY, tmp_path / "map.png", page=page, print_dpi=True, region=REGION)
    image = Image.open(out)
    assert image.size == page.pixels(PRINT_DPI)
    assert image.info["dpi"] == pytest.approx((PRINT_DPI, PRINT_DPI), abs=0.1)


def test_a4_at_300_dpi_is_the_paper_s_pixel_count() -> None:
    assert page_named("a4-portrait").pixels(300) == (2480, 3508)
    assert page_named("letter-landscape").pixels(300) == (3300, 2550)


def test_the_wide_page_is_the_print_size_of_old() -> None:
    assert PAGES["wide"].pixels(PRINT_DPI) == PRINT_PX


def test_a_page_can_be_named_as_it_is_written(seed_atlas: Atlas, tmp_path: Path) -> None:
    fig = render_map(seed_atlas, SEED_DAY, region=REGION, page="A4 portrait", dpi=100)
    assert Image.open(io.BytesIO(image_bytes(fig, "png", tmp_path))).size == page_named("a4-portrait").pixels(100)


def test_an_unknown_page_is_refused_naming_the_choices() -> None:
    with pytest.raises(ViewError, match=r"'a5'.*a4-portrait"):
        page_named("a5")


# The longest title and subtitle the presentation allows, in words, in one unbroken word and in Thai (no spaces).
HEADINGS = {
    "words": (
        ("Afghan border crossings held by whom " * 9)[:TITLE_CHARS],
        ("Who holds them, which are open, restricted or sealed, and on whose word " * 9)[:SUBTITLE_CHARS],
    ),
    "one long word": ("W" * TITLE_CHARS, "M" * SUBTITLE_CHARS),
    "Thai": (("ด่านชายแดนแม่สอด" * 20)[:TITLE_CHARS], ("ใครควบคุมด่านและด่านเปิดหรือไม่" * 20)[:SUBTITLE_CHARS]),
}


def page_boxes(fig: Figure) -> dict[str, Box]:
    """Every text around the map, the map and the legend panel, as drawn."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    boxes = {}
    for text in fig.texts:
        extent = text.get_window_extent(renderer)
        boxes[str(text.get_gid())] = Box(extent.x0, extent.y0, extent.x1, extent.y1)
    map_axes, panel = fig.axes
    for name, ax in (("map", map_axes), ("legend panel", panel)):
        extent = ax.get_window_extent(renderer)
        boxes[name] = Box(extent.x0, extent.y0, extent.x1, extent.y1)
    return boxes


@pytest.mark.parametrize("page", [None, *PAGES.values()], ids=["screen", *PAGES])
@pytest.mark.parametrize("headings", list(HEADINGS.values()), ids=list(HEADINGS))
def test_with_the_longest_title_and_link_nothing_around_the_map_overlaps(
    seed_atlas: Atlas, page: Page | None, headings: tuple[str, str]
) -> None:
    title, subtitle = headings
    link = "http://localhost:8501/present?" + urlencode(
        {
            "region": REGION,
            "date": "2021-07-14",
            "view": "33.1234,66.5678,7",
            "title": title,
            "subtitle": subtitle,
            "parties": "afghan-government,taliban",
            "statuses": "open,restricted,sealed",
        }
    )
    options: dict[str, object] = {"page": page, "dpi": 100} if page else {}
    fig = render_map(seed_atlas, SEED_DAY, region=REGION, title=title, subtitle=subtitle, permalink=link, **options)
    boxes = page_boxes(fig)
    assert {"title", "subtitle", "sources", "permalink", "credit"} <= set(boxes)
    sheet = Box(0, 0, fig.bbox.width, fig.bbox.height)
    for name, box in boxes.items():
        assert box.inside(sheet), (name, box, sheet)
    for (a, box_a), (b, box_b) in itertools.combinations(boxes.items(), 2):
        assert not box_a.overlaps(box_b), (a, b)


@pytest.mark.parametrize("page", [None, PAGES["letter-landscape"]], ids=["screen", "letter-landscape"])
def test_a_full_legend_under_the_longest_headings_stays_inside_its_panel(page: Page | None) -> None:
    # Twelve synthetic crossings: ten holders, contested pairs, every status and claim.
    atlas = synthetic_atlas(12, 600)
    title, subtitle = HEADINGS["words"]
    options: dict[str, object] = {"page": page, "dpi": 100} if page else {}
    fig = render_map(
        atlas, date(2020, 6, 1), title=title, subtitle=subtitle, permalink="http://x/?" + "a=b&" * 99, **options
    )
    fig.canvas.draw()
    panel = fig.axes[1]
    frame = panel.get_window_extent()
    assert len(panel.texts) > 15
    for text in panel.texts:
        extent = text.get_window_extent()
        assert frame.y0 <= extent.y0 and extent.y1 <= frame.y1 + 1, text.get_text()
    labels = [t.get_window_extent() for t in panel.texts]
    for a, b in itertools.combinations(labels, 2):
        assert not Box(a.x0, a.y0, a.x1, a.y1).overlaps(Box(b.x0, b.y0, b.x1, b.y1))


def test_a_long_title_wraps_onto_lines_and_keeps_every_word(seed_atlas: Atlas) -> None:
    title = HEADINGS["words"][0]
    (drawn,) = [t for t in briefing(seed_atlas, title=title).texts if t.get_gid() == "title"]
    assert drawn.get_text().count("\n") >= 1
    assert drawn.get_text().split() == title.split()


def test_the_printed_link_is_the_whole_permalink_when_it_fits(seed_atlas: Atlas) -> None:
    link = "http://localhost:8501/present?" + urlencode({"region": REGION, "title": HEADINGS["words"][0]})
    (drawn,) = [t for t in briefing(seed_atlas, permalink=link).texts if t.get_gid() == "permalink"]
    assert drawn.get_text().replace("\n", "") == link


def test_a_bbox_shows_every_crossing_inside_it(seed_atlas: Atlas) -> None:
    fig = render_map(seed_atlas, SEED_DAY, bbox=(95.0, 14.0, 101.0, 19.0))
    assert [t.get_gid() for t in crossing_labels(fig)] == ["crossing-label:myawaddy-mae-sot"]


def test_unknown_image_format_is_rejected(seed_atlas: Atlas, tmp_path: Path) -> None:
    with pytest.raises(ViewError, match="'jpg'"):
        save_map(seed_atlas, SEED_DAY, tmp_path / "map.jpg", region=REGION)


@pytest.mark.parametrize(("page", "pixels"), [("a4-portrait", (2480, 3508)), ("letter-landscape", (3300, 2550))])
def test_render_command_lays_the_map_out_on_a_paper(
    database_url: str, tmp_path: Path, page: str, pixels: tuple[int, int]
) -> None:
    out = tmp_path / "brief.png"
    result = run_cli(
        database_url, "render", "--date", "2021-07-14", "--region", REGION, "--page", page, "--print", "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert Image.open(out).size == pixels


def test_render_command_writes_the_map(database_url: str, tmp_path: Path) -> None:
    out = tmp_path / "brief.png"
    result = run_cli(
        database_url, "render", "--date", "2021-07-14", "--region", REGION, "--title", "T", "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert Image.open(out).size == SCREEN_PX


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--region", "nowhere", "--out", "x.png"], "nowhere"),
        (["--bbox", "1,2,3", "--out", "x.png"], "1,2,3"),
        (["--region", REGION, "--bbox", "60,29,72,38", "--out", "x.png"], "--bbox"),
        (["--out", "x.jpg"], "x.jpg"),
        (["--page", "a5", "--out", "x.pdf"], "a5"),
    ],
    ids=["unknown region", "short bbox", "region and bbox", "unknown image type", "unknown page"],
)
def test_render_bad_arguments_give_one_line_naming_them_and_exit_2(
    database_url: str, tmp_path: Path, args: list[str], named: str
) -> None:
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
    assert labelled == {"Aqina-Imamnazar (?)", "Islam Qala-Dogharoun", "Spin Boldak-Chaman", "Torghundi-Serhetabat"}


def test_no_module_of_geo_re_exports_what_it_imports() -> None:
    """Callers import a name from its home module: a module's ``__all__`` lists only what it defines."""
    root = Path(__file__).resolve().parents[1] / "geo"
    shims = []
    for module in root.rglob("*.py"):
        if module.name == "__init__.py":
            continue  # a package's curated surface may gather its modules' names
        tree = ast.parse(module.read_text(encoding="utf-8"))
        imported = {
            alias.asname or alias.name.split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for alias in node.names
        }
        for node in tree.body:
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "__all__" for t in node.targets):
                listed = {e.value for e in getattr(node.value, "elts", []) if isinstance(e, ast.Constant)}
                shims += [f"{module.relative_to(root)}: {name}" for name in sorted(listed & imported)]
    assert shims == []


# Permission badges ---------------------------------------------------------------

SYRIA = "syria-2014-2024"


def _map_pixels(fig: Figure) -> np.ndarray:
    """The map frame's pixels as drawn, rows from the top."""
    fig.canvas.draw()
    rgb = np.asarray(fig.canvas.buffer_rgba())[..., :3].astype(int)  # type: ignore[attr-defined]
    x0, y0, x1, y1 = (round(v) for v in fig.axes[0].bbox.extents)
    height = rgb.shape[0]
    return rgb[height - y1 : height - y0, x0:x1]


def _badge_windows(
    fig: Figure, atlas: Atlas, day: date, shape: tuple[int, ...]
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per crossing shown, which pixels of the map frame (of ``shape``) its first badge's disc covers, and its halo."""
    ax = fig.axes[0]
    x0, _, _, y1 = (round(v) for v in ax.bbox.extents)
    # The static map's symbols are 13 points across at this size (a few crossings).
    per_unit = 13.0 / BOX * fig.dpi / 72
    rows, cols = np.mgrid[0 : shape[0], 0 : shape[1]]
    windows = {}
    for row in records(atlas.view(day, region=SYRIA).shown):
        x, y = ax.transData.transform((row["lon"], row["lat"]))
        cx = x - x0 + (BADGE_SPOTS[0][0] - BOX / 2) * per_unit
        cy = (y1 - y) + (BADGE_SPOTS[0][1] - BOX / 2) * per_unit
        distance = np.hypot(cols + 0.5 - cx, rows + 0.5 - cy)
        windows[row["crossing_id"]] = (
            distance <= BADGE_RADIUS * per_unit * 0.8,
            distance <= (BADGE_RADIUS + BADGE_HALO) * per_unit + 1.5,
        )
    return windows


@pytest.mark.parametrize(
    ("day", "marked"),
    [
        # Resolution 2165 in force at the four crossings it names, until 2015-01-10.
        (
            date(2015, 1, 1),
            {
                "bab-al-hawa": "authorised",
                "bab-al-salam": "authorised",
                "al-yarubiyah": "authorised",
                "al-ramtha": "authorised",
            },
        ),
        # The UN mandate lapsed after 2023-07-10; Damascus' consent covers Bab al-Salam and Al-Rai.
        (
            date(2023, 7, 11),
            {
                "bab-al-hawa": "lapsed",
                "al-yarubiyah": "lapsed",
                "al-ramtha": "lapsed",
                "bab-al-salam": "authorised",
                "al-rai": "authorised",
            },
        ),
    ],
)
def test_the_static_map_draws_a_badge_at_each_crossing_with_permission_and_nowhere_else(
    seed_atlas: Atlas, day: date, marked: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The authorisations' outlets lengthen the footnote, which shortens the map: held to one line
    # here (the footnote has tests of its own), so both maps share one layout, pixel for pixel.
    monkeypatch.setattr(static_map._Drawing, "_footnote", lambda self, shown: ["Sources held fixed"])
    drawn = render_map(seed_atlas, day, region=SYRIA)
    # The same map with no authorisations at all: every pixel that differs is a badge's.
    bare = Atlas(seed_atlas.crossings, seed_atlas.parties, seed_atlas.reports, seed_atlas.timeline)
    with_badges, without = _map_pixels(drawn), _map_pixels(render_map(bare, day, region=SYRIA))
    changed = (with_badges != without).any(axis=2)
    windows = _badge_windows(drawn, seed_atlas, day, changed.shape)
    assert set(marked) < set(windows)
    anywhere = np.zeros_like(changed)
    for crossing, (disc, halo) in windows.items():
        if crossing not in marked:
            assert not changed[halo].any(), crossing
            continue
        anywhere |= halo
        pixels = with_badges[disc]
        assert changed[disc].mean() > 0.5, crossing
        # An ink disc with a white tick, or a white disc with an ink tick: dark or light, never grey.
        ink, white = (pixels.max(axis=1) < 80).mean(), (pixels.min(axis=1) > 230).mean()
        if marked[crossing] == "authorised":
            assert ink > 0.45 and ink > 1.5 * white, (crossing, ink, white)
        else:
            assert white > 0.35 and white > ink, (crossing, ink, white)
    assert not changed[~anywhere].any()
    # The legend has a row for each kind of badge drawn, and none for the others.
    labels = [t.get_text().replace("\n", " ") for t in drawn.findobj(Text) if t.get_gid() == "legend-label"]
    assert [BADGE_LABELS[kind] in labels for kind in ("authorised", "lapsed", "forbidden")] == [
        True,
        "lapsed" in marked.values(),
        False,
    ]


def test_a_map_with_no_permission_has_no_badge_and_no_permission_row(seed_atlas: Atlas) -> None:
    fig = briefing(seed_atlas)
    fig.canvas.draw()
    assert not [c for c in fig.axes[0].collections if (c.get_gid() or "").startswith("badge-")]
    assert "Permission" not in [t.get_text() for t in fig.findobj(Text) if t.get_gid() == "legend-section"]
