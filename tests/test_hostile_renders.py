"""Every renderer draws every character an upload accepts (and the CLI's arguments can carry), as written.

The seed data plus crossings, parties and sources named with hostile strings: invisible and
direction characters, combining stacks, emoji, scripts of every direction, astral characters,
lone surrogates (a CLI argument that is not UTF-8 arrives as them), mathtext, format
strings, HTML and Markdown. Several strings share one render, so the table stays cheap.
"""

from __future__ import annotations

import io
import json
import re
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text
from PIL import Image

from geo.asof import Timeline
from geo.atlas import Atlas
from geo.export import history_table, state_table, table_bytes
from geo.ingest.seed import open_store
from geo.present.assets import AssetUrls
from geo.present.downloads import briefing_downloads
from geo.present.figure_files import figure_bytes
from geo.present.fonts import drawable
from geo.present.frame import PresentationFrame, build_presentation_layer
from geo.present.leaflet import build_base_map, build_crossing_layer
from geo.present.standalone import standalone_html
from geo.present.static_map import render_map
from geo.settings import SEEDS_DIR

SEED_DAY = date(2021, 7, 14)
REGION = "afghanistan-2021"

#: (what it is, the string). Each is a crossing's name, its holder's name, an outlet, a title and a link.
HOSTILE: list[tuple[str, str]] = [
    ("byte-order mark inside", "Spin\ufeffBoldak"),
    ("byte-order mark first", "\ufeffTorkham"),
    ("zero-width space", "Tor\u200bkham"),
    ("zero-width non-joiner", "می\u200cخواهم"),
    ("zero-width joiner", "a\u200db"),
    ("word joiner", "a\u2060b"),
    ("soft hyphen", "Grenz\u00adübergang"),
    ("only invisible", "\u200b\u200c\u200d"),
    ("right-to-left override", "Gate \u202eCBA"),
    ("left-to-right override", "\u202dأبجد"),
    ("embeddings left open", "\u202a\u202bx"),
    ("isolates left open", "\u2066\u2067\u2068y"),
    ("stray closers", "\u202c\u2069z\u202c"),
    ("direction marks", "\u200e\u200f\u061cAB"),
    ("combining stack", "e" + "\u0301\u0308\u0323" * 12),
    ("combining mark first", "\u0301\u0302start"),
    ("zalgo", "Z\u0351\u0357\u036ba\u0308\u0342l\u0313\u0346g\u0310\u0352o\u0489"),
    ("emoji ZWJ family", "👨\u200d👩\u200d👧\u200d👦 crossing"),
    ("emoji flag and skin tone", "🇦🇫 👍🏽 🏳️\u200d🌈"),
    ("keycap", "1\ufe0f\u20e3"),
    ("CJK", "边境口岸 国境検問所"),
    ("Hangul", "국경 검문소"),
    ("Arabic with tatweel", "بـــــــولدك"),
    ("Pashto", "سپين بولدک"),
    ("Arabic and digits", "بولدک 123 ABC ٤٥"),
    ("Hebrew", "מעבר גבול"),
    ("Thai", "ด่านพรมแดนแม่สอด"),
    ("Burmese", "မြဝတီ နယ်စပ်"),
    ("Devanagari", "सीमा चौकी"),
    ("Tibetan", "བོད་ཡིག"),
    ("Mongolian", "ᠮᠣᠩᠭᠣᠯ"),
    ("Ethiopic", "ድንበር"),
    ("astral CJK", "𠀀𠀁"),
    ("astral symbols", "𝕏𝔸 𝄞 𓀀"),
    ("private use", "\ue000\uf8ff"),
    ("noncharacters", "a\ufffe\uffff\U0010ffff"),
    ("replacement and object", "\ufffd\ufffc"),
    ("lone surrogates", "bad\udcff\ud800byte"),
    ("C1 controls", "a\x85b\x9bc"),
    ("tab and line breaks", "line\tone\r\ntwo\u2028three\u2029"),
    ("wide and no-break spaces", "a\u3000b\u00a0c"),
    ("very long word", "W" * 300),
    ("very long Thai word", "ด่าน" * 80),
    ("long words and spaces", " ".join(["Grenzübergangsstelle"] * 12)),
    ("mathtext", "$x^2$"),
    ("mathtext command", r"$\frac{1}{2}\alpha$"),
    ("broken mathtext", r"$\undefinedcommand{$"),
    ("dollars", "$5 gate $$ a$b"),
    ("subscript", "a_{b}^{c}"),
    ("backslashes", "C:\\path\\to\\n \\\\"),
    ("percent", "100% %s %d %(name)s %%"),
    ("braces", "{0} {name} {{}} }{"),
    ("Jinja", "{{ 7*7 }} {% if 1 %}x{% endif %} {# c #}"),
    ("HTML", "<script>alert(1)</script>"),
    ("HTML entities", "<b>gate</b> &amp; &lt; &#0; ]]>"),
    ("quotes and backticks", "\"'`${alert(1)}`"),
    ("Markdown", "**bold** _it_ [x](javascript:alert(1)) # h `c` | a |"),
    ("formula", '=HYPERLINK("http://x")'),
    ("TeX specials", "~^#&"),
]
#: What an upload can hold: no UTF-8 file carries a lone surrogate.
UPLOADABLE = [(what, text) for what, text in HOSTILE if not re.search("[\ud800-\udfff]", text)]


def stored(text: str) -> str:
    """``text`` as the database can hold it: a lone surrogate (only a CLI argument has one) read as U+FFFD."""
    return re.sub("[\ud800-\udfff]", "\ufffd", text)


BATCH = 6
BATCHES = [HOSTILE[i : i + BATCH] for i in range(0, len(HOSTILE), BATCH)]
#: Room inside Afghanistan, clear of the seed crossings, for a static map's batch; more go on a grid.
SPOTS = [(33.0, 63.0), (34.6, 64.6), (32.0, 65.2), (35.6, 67.0), (33.6, 67.8), (31.4, 63.6)]
GRID = [(31.0 + row * 0.5, 62.5 + column * 0.8) for row in range(10) for column in range(8)]
CONTESTED_SPOT = (36.3, 69.6)
SIZE = (800, 560)


def test_the_table_is_long_enough() -> None:
    assert len(HOSTILE) >= 50


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Atlas:
    store, _ = open_store(f"sqlite:///{tmp_path_factory.mktemp('seed') / 'seed.db'}", seeds=SEEDS_DIR)
    try:
        return Atlas.load(store)
    finally:
        store.close()


def with_hostile(seed: Atlas, texts: list[str]) -> Atlas:
    """The seed plus, per text, a crossing, its holder and an outlet named with it, and a contested crossing."""
    crossings, parties, reports = [], [], []
    for number, (text, (lat, lon)) in enumerate(zip(texts, [*SPOTS, *GRID], strict=False)):
        crossing, party = f"hostile-{number}", f"hostile-party-{number}"
        crossings.append(
            {
                "crossing_id": crossing,
                "name": text,
                "country_a": "AFG",
                "country_b": "PAK",
                "name_a": text,
                "name_b": text,
                "lat": lat,
                "lon": lon,
                "region": REGION,
                "note": text,
            }
        )
        parties.append({"party_id": party, "name": text, "color": "#cc79a7", "kind": "armed-group"})
        reports.append(
            {
                "crossing_id": crossing,
                "date": SEED_DAY,
                "claimant": party,
                "controller": party,
                "status": "open",
                "side": "AFG",
                "source": text,
                "attribution": text,
                "url": "https://example.org/a",
                "confidence": "high",
                "note": text,
            }
        )
    # One more crossing, named as the first, that its holder and the Taliban both claim.
    contested = {**crossings[0], "crossing_id": "hostile-contested", "lat": CONTESTED_SPOT[0], "lon": CONTESTED_SPOT[1]}
    crossings.append(contested)
    reports += [
        {**reports[0], "crossing_id": "hostile-contested"},
        {
            **reports[0],
            "crossing_id": "hostile-contested",
            "claimant": "taliban",
            "controller": "taliban",
            "status": None,
            "source": f"{texts[0]} (second)",
        },
    ]
    added = pd.DataFrame(reports, dtype=object)
    added.insert(0, "report_id", range(10_000, 10_000 + len(added)))
    added.insert(1, "batch_id", 99)
    all_crossings = pd.concat([seed.crossings, pd.DataFrame(crossings)], ignore_index=True)
    all_reports = pd.concat([seed.reports, added], ignore_index=True)
    return Atlas(
        all_crossings,
        pd.concat([seed.parties, pd.DataFrame(parties)], ignore_index=True),
        all_reports,
        Timeline(all_reports, list(all_crossings["crossing_id"])),
    )


def hostile_figure(seed: Atlas, texts: list[str]) -> Figure:
    """The seed with ``texts`` as data (as stored) and, as given, in the title, the subtitle and the link."""
    atlas = with_hostile(seed, [stored(text) for text in texts])
    return render_map(
        atlas,
        SEED_DAY,
        region=REGION,
        size=SIZE,
        title=" ".join(texts),
        subtitle=" · ".join(reversed(texts)),
        permalink="http://localhost:8501/?t=" + "".join(texts),
    )


def figure_texts(fig: Figure) -> list[Text]:
    fig.canvas.draw()
    return [text for text in fig.findobj(Text) if text.get_text()]


def svg_lines(svg: bytes) -> list[str]:
    """The text of every ``<text>`` in the SVG, which must be well-formed XML (a browser refuses it otherwise)."""
    root = ElementTree.fromstring(svg)
    return ["".join(element.itertext()) for element in root.iter("{http://www.w3.org/2000/svg}text")]


def shows(lines: list[str], name: str) -> bool:
    """Whether ``lines`` print ``name``, wrapped at spaces or inside a word, perhaps cut with an ellipsis."""
    shown, whole = "".join(lines).replace(" ", ""), name.replace(" ", "")
    return shown == whole or (shown.endswith("…") and whole.startswith(shown[:-1]))


def ids(batch: list[tuple[str, str]]) -> str:
    return ", ".join(what for what, _ in batch)


@pytest.mark.parametrize("batch", BATCHES, ids=[ids(batch) for batch in BATCHES])
def test_every_format_draws_hostile_names_titles_sources_and_links(seed: Atlas, batch: list[tuple[str, str]]) -> None:
    fig = hostile_figure(seed, [text for _, text in batch])
    png, pdf, svg = (figure_bytes(fig, fmt) for fmt in ("png", "pdf", "svg"))
    assert Image.open(io.BytesIO(png)).size == SIZE
    assert pdf.startswith(b"%PDF") and pdf.rstrip().endswith(b"%%EOF")
    drawn_in_svg = set(svg_lines(svg))
    texts = figure_texts(fig)
    legend = [t for t in texts if t.get_gid() == "legend-label"]
    for what, text in batch:
        # Each holder has its own legend row, which prints the name as written (wrapped, and cut
        # with an ellipsis past three lines) in the PNG, and in the SVG line for line.
        row = next((t for t in legend if shows(t.get_text().split("\n"), drawable(stored(text)))), None)
        assert row is not None, what
        assert set(row.get_text().split("\n")) <= drawn_in_svg, what
    # However long a name, nothing runs off the page.
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    for drawn in texts:
        box = drawn.get_window_extent(renderer)
        assert box.x0 >= -1 and box.y0 >= -1 and box.x1 <= SIZE[0] + 1 and box.y1 <= SIZE[1] + 1, drawn.get_gid()
    # Every text the renderer draws went through the one cleaner.
    for drawn in texts:
        assert all(line == drawable(line) for line in drawn.get_text().split("\n")), drawn.get_gid()


@pytest.mark.parametrize("text", ["$x^2$", r"$\frac{1}{2}$", "a_{b}^{c}", r"$\alpha$ and $5"])
def test_dollars_print_as_written_and_never_as_mathematics(seed: Atlas, text: str) -> None:
    fig = hostile_figure(seed, [text])
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    title = next(t for t in figure_texts(fig) if t.get_gid() == "title")
    assert title.get_text() == text
    # Typeset as mathematics, "$x^2$" would be narrower (no dollars) and the SVG would lack the dollars.
    literal, _, _ = renderer.get_text_width_height_descent(text, title.get_fontproperties(), ismath=False)
    assert title.get_window_extent(renderer).width == pytest.approx(literal, abs=1.0)
    assert text in svg_lines(figure_bytes(fig, "svg"))


@pytest.mark.parametrize(
    ("text", "drawn"),
    [
        ("Spin\ufeffBoldak", "Spin\u2060Boldak"),
        ("bad\udcffbyte", "bad\ufffdbyte"),
        ("a\ufffeb\uffff", "a\ufffdb\ufffd"),
        ("a\x85b\x9bc\x00", "a b\ufffdc\ufffd"),
        ("one\ntwo\r\nthree\tfour\u2028five", "one two  three four five"),
        ("AFP \u202eevil", "AFP \u202eevil\u202c"),
        ("\u2067\u202bx\u2069 y", "\u2067\u202bx\u2069 y"),
        ("\u2066\u202ex", "\u2066\u202ex\u202c\u2069"),
        ("$x^2$ <b> % {} \\", "$x^2$ <b> % {} \\"),
        ("سپين بولدک แม่สอด 👨\u200d👩\u200d👧", "سپين بولدک แม่สอด 👨\u200d👩\u200d👧"),
    ],
)
def test_the_cleaner_changes_only_what_no_format_can_carry(text: str, drawn: str) -> None:
    assert drawable(text) == drawn
    assert drawable(drawn) == drawn


def test_a_name_that_overrides_direction_cannot_turn_the_footnote_around(seed: Atlas) -> None:
    fig = hostile_figure(seed, ["Gate \u202eCBA"])
    sources = next(t for t in figure_texts(fig) if t.get_gid() == "sources").get_text()
    line = next(line for line in sources.split("\n") if "\u202e" in line)
    # The override ends with its entry, before the next outlet.
    assert "Gate \u202eCBA (2021-07-14)\u202c  ·  " in line
    assert all(entry == drawable(entry) for entry in line.split("  ·  "))


# The other renderers: the standalone page, the exports and the live map's layer ----------------


def test_the_standalone_page_carries_hostile_names_as_data(seed: Atlas) -> None:
    texts = [text for _, text in HOSTILE]
    atlas = with_hostile(seed, [stored(text) for text in texts])
    html = standalone_html(atlas, region=REGION, day=SEED_DAY, title=" ".join(texts))
    # No value from data can open or close an element of the page.
    assert "<script>alert" not in html
    assert html.count("</script>") == html.count("<script")


@pytest.mark.parametrize("fmt", ["csv", "geojson", "gpkg"])
def test_every_export_writes_every_name_an_upload_can_hold(seed: Atlas, fmt: str, tmp_path: Path) -> None:
    atlas = with_hostile(seed, [text for _, text in UPLOADABLE])
    for table in (state_table(atlas, SEED_DAY, region=REGION), history_table(atlas, region=REGION)):
        assert table_bytes(table, fmt)


def test_the_live_map_layer_carries_every_name_an_upload_can_hold_as_inert_data(seed: Atlas) -> None:
    texts = [text for _, text in UPLOADABLE]
    atlas = with_hostile(seed, texts)
    layer = build_crossing_layer(
        atlas.states(SEED_DAY), day_label=SEED_DAY.isoformat(), names=atlas.party_names(), colors=atlas.party_colors()
    )
    payload = next(iter(layer._children.values())).payload  # type: ignore[attr-defined]
    assert "<" not in payload and ">" not in payload
    assert set(texts) <= set(json.loads(payload)["crossings"]["name"])
    page = build_base_map(AssetUrls.under("/app/static"))
    layer.add_to(page)
    html = page.get_root().render()
    # The data reach the page exactly as encoded: nothing in them was read as a template.
    assert payload in html
    html.encode("utf-8")


def test_the_presentation_frame_carries_hostile_titles_and_footnotes_as_inert_data(seed: Atlas) -> None:
    texts = [text for _, text in UPLOADABLE]
    atlas = with_hostile(seed, texts)
    states = atlas.states(SEED_DAY)
    for title in ("{{ 7*7 }}", "{% if 1 %}x{% endif %}", "</script><script>alert(1)</script>"):
        layer = build_presentation_layer(
            states[states["region"] == REGION],
            atlas.reports,
            day=SEED_DAY,
            names=atlas.party_names(),
            colors=atlas.party_colors(),
            kinds=atlas.party_kinds(),
            title=title,
            subtitle=title,
        )
        page = build_base_map(AssetUrls.under("/app/static"))
        layer.add_to(page)
        html = page.get_root().render()
        frame = next(child for child in layer._children.values() if isinstance(child, PresentationFrame))
        assert frame.payload in html
        assert json.loads(frame.payload)["title"] == title


def test_every_download_of_the_presentation_page_is_made_under_a_hostile_title(seed: Atlas) -> None:
    # What the PDF button once did nothing on: a U+FEFF in the title, here with other hostile text.
    title = "Spin\ufeffBoldak $x^2$ \u202eCBA {{ 7*7 }} <b>%s</b> 👨\u200d👩\u200d👧"
    atlas = with_hostile(seed, [text for _, text in UPLOADABLE[:BATCH]])
    for download in briefing_downloads(
        atlas,
        SEED_DAY,
        region=REGION,
        title=title,
        subtitle=title,
        permalink="http://localhost:8501/present?title=" + title,
    ):
        assert download.make(), download.label
