"""The static maps draw every script of the data: Latin, Pashto and Dari, Thai and Burmese, never empty boxes."""

from __future__ import annotations

import logging
import warnings
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from matplotlib import font_manager
from matplotlib.figure import Figure

from geo.present.figure_files import figure_bytes
from geo.present.fonts import FONT_FAMILY, SCRIPT_FONTS, register_fonts, uncovered
from geo.present.static_map import render_map
from geo.settings import SEEDS_DIR
from tests.test_export import tiny_atlas

SEED_DAY = date(2021, 7, 14)
#: Place names as they are written on each side of the seed data's borders.
NAMES = {
    "Pashto": "سپین بولدک، تورخم، ښځۍ کلۍ",
    "Dari": "اسلام قلعه، شیرخان بندر، حیرتان",
    "Thai": "แม่สอด",
    "Burmese": "မြဝတီ",
    "Latin with accents": "Dogharoun, Serhetabat, Panji Poyon, Ürümqi",
}


def seed_texts() -> list[tuple[str, str]]:
    """Every text cell of the seed files, with where it comes from."""
    texts = []
    for path in sorted(Path(SEEDS_DIR).glob("*.csv")):
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
        for column in table.columns:
            texts += [(f"{path.name}:{column}", value) for value in table[column] if value]
    return texts


def test_every_character_of_the_seed_data_has_a_glyph_in_the_fonts_the_maps_use() -> None:
    texts = seed_texts()
    assert any("แม่สอด" in text for _, text in texts), "the seeds hold Thai"
    missing = {(where, text): uncovered(text) for where, text in texts if uncovered(text)}
    assert missing == {}


@pytest.mark.parametrize("script", list(NAMES))
def test_each_script_of_the_borders_has_a_glyph_for_every_character(script: str) -> None:
    assert uncovered(NAMES[script]) == ""


def test_a_script_the_fonts_do_not_cover_is_reported() -> None:
    # Chinese is not in the data: the check says so rather than pass everything.
    assert uncovered("Mae Sot 中国 中") == "中国"


def rendered(fig_text: str) -> Figure:
    return render_map(
        tiny_atlas(name=fig_text), SEED_DAY, region="test", title=f"Crossing {fig_text}", subtitle=fig_text
    )


@pytest.mark.parametrize("script", list(NAMES))
@pytest.mark.parametrize("fmt", ["png", "pdf"])
def test_names_in_every_script_draw_with_no_missing_glyph(script: str, fmt: str) -> None:
    with warnings.catch_warnings():
        # matplotlib warns once per character it has to draw as an empty box.
        warnings.filterwarnings("error", message="Glyph .* missing from font")
        figure_bytes(rendered(NAMES[script]), fmt)


@pytest.mark.parametrize(
    ("script", "embedded"), [("Pashto", b"NotoSansArabic"), ("Thai", b"NotoSansThai"), ("Burmese", b"NotoSansMyanmar")]
)
def test_the_pdf_embeds_the_font_of_each_script(script: str, embedded: bytes) -> None:
    assert embedded in figure_bytes(rendered(NAMES[script]), "pdf")


def test_a_bold_title_with_thai_in_it_prints_without_a_font_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="matplotlib.font_manager"):
        figure_bytes(rendered("แม่สอด မြဝတီ"), "png")
    assert [r.getMessage() for r in caplog.records if r.name.startswith("matplotlib")] == []


def test_the_fonts_come_from_installed_packages_with_their_licence() -> None:
    for font in SCRIPT_FONTS:
        assert font.file().is_file(), font
        licence = (font.file().parent / "OFL.txt").read_text(encoding="utf-8")
        assert "SIL OPEN FONT LICENSE" in licence.upper()


def test_registering_twice_adds_each_font_once() -> None:
    register_fonts()
    register_fonts()
    names = [entry.name for entry in font_manager.fontManager.ttflist]
    for family in FONT_FAMILY[1:]:
        # Regular and the bold stand-in.
        assert names.count(family) == 2
