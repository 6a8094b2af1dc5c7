"""The presentation frame and the briefing downloads, without a browser."""

from __future__ import annotations

import io
import json
from datetime import date
from typing import Any

import folium
import pytest
from PIL import Image

from geo.atlas import Atlas
from geo.filters import CrossingFilter
from geo.present.downloads import briefing_downloads, file_stem
from geo.present.frame import (
    MOST_SOURCES,
    TITLE_CHARS,
    PresentationFrame,
    build_presentation_layer,
    clean_heading,
    country_labels,
)
from geo.present.paper import PAGES
from geo.present.sources import more_outlets, shortened

SEED_DAY = date(2021, 7, 14)
REGION = "afghanistan-2021"


def frame_payload(group: folium.FeatureGroup) -> dict[str, Any]:
    (frame,) = [child for child in group._children.values() if isinstance(child, PresentationFrame)]
    payload: dict[str, Any] = json.loads(frame.payload)
    return payload


def afghan_layer(atlas: Atlas, **options: Any) -> folium.FeatureGroup:
    states = atlas.states(SEED_DAY)
    return build_presentation_layer(
        states[states["region"] == REGION],
        atlas.reports,
        day=SEED_DAY,
        names=atlas.party_names(),
        colors=atlas.party_colors(),
        **options,
    )


def test_the_frame_carries_title_subtitle_and_the_sources_behind_the_states(seed_atlas: Atlas) -> None:
    payload = frame_payload(afghan_layer(seed_atlas, title="Afghan crossings", subtitle="July"))
    assert (payload["title"], payload["subtitle"]) == ("Afghan crossings", "July")
    assert payload["head"].startswith("Sources behind the states shown")
    assert "AFP (2021-06-22, 2021-07-10, 2021-07-14)" in payload["entries"]
    assert len(payload["entries"]) == len(set(payload["entries"]))


def test_the_frame_footnote_is_shortened_past_its_limit() -> None:
    entries = shortened([f"Outlet {i} (2021-07-14)" for i in range(MOST_SOURCES + 5)], most=MOST_SOURCES)
    assert len(entries) == MOST_SOURCES
    assert entries[-1] == more_outlets(6)


def test_text_reaches_the_frame_script_only_as_escaped_json(seed_atlas: Atlas) -> None:
    hostile = "</script><script>alert(1)</script>"
    group = afghan_layer(seed_atlas, title=hostile)
    (frame,) = [child for child in group._children.values() if isinstance(child, PresentationFrame)]
    assert "<" not in frame.payload
    assert frame_payload(group)["title"] == hostile


def test_country_names_sit_inside_the_box_the_frame_opens_on() -> None:
    box = (95.0, 14.0, 102.0, 19.5)
    names = {c["name"]: c for c in country_labels(box)}
    thailand = names["Thailand"]
    assert box[0] <= thailand["lon"] <= box[2] and box[1] <= thailand["lat"] <= box[3]
    # Far from the box, a country is named at its own centre.
    assert names["Brazil"]["lon"] < -40


def test_country_names_come_biggest_first() -> None:
    order = [c["name"] for c in country_labels()]
    assert order.index("Russia") < order.index("France") < order.index("Luxembourg")


@pytest.mark.parametrize(
    ("text", "shown"),
    [("  Afghan\n  crossings ", "Afghan crossings"), (None, ""), ("x" * (TITLE_CHARS + 9), "x" * TITLE_CHARS)],
    ids=["spaces and line breaks", "none", "too long"],
)
def test_headings_are_one_trimmed_line_of_bounded_length(text: str | None, shown: str) -> None:
    assert clean_heading(text, most=TITLE_CHARS) == shown


@pytest.mark.parametrize(
    ("region", "stem"),
    [
        ("afghanistan-2021", "borderwatch-afghanistan-2021"),
        ("../../etc/passwd", "borderwatch-etc-passwd"),
        ("ميانمار", "borderwatch"),
        (None, "borderwatch-all"),
    ],
)
def test_download_names_are_safe_whatever_the_region_is_called(region: str | None, stem: str) -> None:
    assert file_stem(region) == stem


def test_briefing_downloads_name_each_file_by_region_and_date(seed_atlas: Atlas) -> None:
    files = {d.label: (d.file_name, d.mime) for d in briefing_downloads(seed_atlas, SEED_DAY, region=REGION)}
    assert files["PNG (screen)"] == ("borderwatch-afghanistan-2021-2021-07-14.png", "image/png")
    assert files["PNG (print, 300 dpi)"] == ("borderwatch-afghanistan-2021-2021-07-14-print.png", "image/png")
    assert files["PDF"] == ("borderwatch-afghanistan-2021-2021-07-14.pdf", "application/pdf")
    assert files["State GeoPackage"][0] == "borderwatch-afghanistan-2021-state-2021-07-14.gpkg"
    assert files["History CSV"] == ("borderwatch-afghanistan-2021-history.csv", "text/csv")


def test_the_print_png_is_300_dpi_on_a_page_25_cm_wide(seed_atlas: Atlas) -> None:
    downloads = {d.label: d for d in briefing_downloads(seed_atlas, SEED_DAY, region=REGION, title="T")}
    image = Image.open(io.BytesIO(downloads["PNG (print, 300 dpi)"].make()))
    assert image.size == (3000, 1875)


def test_the_state_geojson_holds_the_region_at_the_date_whatever_the_filter(seed_atlas: Atlas) -> None:
    only_sealed = CrossingFilter(regions=frozenset({REGION}), statuses=frozenset({"sealed"}))
    downloads = {
        d.label: d for d in briefing_downloads(seed_atlas, SEED_DAY, region=REGION, crossing_filter=only_sealed)
    }
    features = json.loads(downloads["State GeoJSON"].make())["features"]
    crossings = seed_atlas.crossings
    assert len(features) == (crossings["region"] == REGION).sum()
    assert {f["properties"]["as_of"] for f in features} == {"2021-07-14"}
    # A crossing no source places is a feature with no geometry.
    assert {f["properties"]["crossing_id"] for f in features if f["geometry"] is None} == set(
        crossings.loc[(crossings["region"] == REGION) & crossings["lat"].isna(), "crossing_id"]
    )


SPIN_BOLDAK_FRAME = (65.5, 29.5, 68.5, 32.0)


def test_the_map_files_follow_the_frame_on_screen(seed_atlas: Atlas) -> None:
    files = {
        d.label: d
        for d in briefing_downloads(
            seed_atlas,
            SEED_DAY,
            region=REGION,
            bbox=SPIN_BOLDAK_FRAME,
            permalink="http://localhost:8501/present?view=31.0,67.0,9",
        )
    }
    for label in ("PNG (screen)", "PNG (print, 300 dpi)"):
        info = Image.open(io.BytesIO(files[label].make())).text
        west, south, east, north = (float(v) for v in info["Extent"].split(","))
        assert west <= 65.5 and south <= 29.5 and east >= 68.5 and north >= 32.0
        # Zoomed in: far less than the whole region, which spans 10 degrees of longitude.
        assert east - west < 5
        assert info["Permalink"] == "http://localhost:8501/present?view=31.0,67.0,9"
    svg = files["SVG"].make().decode("utf-8")
    assert "Spin Boldak-Chaman" in svg
    for outside in ("Torkham", "Islam Qala-Dogharoun", "Hairatan-Termez"):
        assert outside not in svg


def test_a_frame_on_another_region_keeps_the_region_s_crossings_only(seed_atlas: Atlas) -> None:
    files = {
        d.label: d for d in briefing_downloads(seed_atlas, SEED_DAY, region=REGION, bbox=(95.0, 14.0, 101.0, 19.0))
    }
    assert "Myawaddy" not in files["SVG"].make().decode("utf-8")


def test_files_laid_out_on_a_paper_say_so_in_their_names(seed_atlas: Atlas) -> None:
    files = {
        d.label: d.file_name
        for d in briefing_downloads(seed_atlas, SEED_DAY, region=REGION, page=PAGES["letter-landscape"])
    }
    assert files["PDF"] == "borderwatch-afghanistan-2021-2021-07-14-letter-landscape.pdf"
    assert files["SVG"] == "borderwatch-afghanistan-2021-2021-07-14-letter-landscape.svg"
    assert files["PNG (print, 300 dpi)"] == "borderwatch-afghanistan-2021-2021-07-14-letter-landscape-print.png"
    assert files["PNG (screen)"] == "borderwatch-afghanistan-2021-2021-07-14.png"
