"""The presentation page, run headless with AppTest: state from the URL, the map frame, and every download."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from PIL import Image
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from geo.export import HISTORY_EXPORT_COLUMNS, STATE_EXPORT_COLUMNS, read_table
from geo.settings import SEEDS_DIR

PRESENT = "views/present_view.py"
SEED_QUERY = {
    "region": "afghanistan-2021",
    "date": "2021-07-14",
    "title": "Afghan border crossings",
    "subtitle": "Who holds them",
}
DOWNLOADS = [
    "PNG (screen)",
    "PNG (print, 300 dpi)",
    "PDF",
    "SVG",
    "Standalone HTML",
    "State CSV",
    "State GeoJSON",
    "State GeoPackage",
    "History CSV",
    "History GeoJSON",
    "History GeoPackage",
]


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> dict[str, Callable[[], Any]]:
    """What each download button would make when clicked, by file name.

    AppTest keeps no file behind a button that builds its file on click, so the
    callables are caught as the page hands them to Streamlit.
    """
    caught: dict[str, Callable[[], Any]] = {}
    original = MediaFileManager.add_deferred

    def catch(
        self: MediaFileManager,
        data_callable: Callable[[], Any],
        mimetype: str | None,
        coordinates: str,
        file_name: str | None = None,
        **kwargs: Any,
    ) -> str:
        caught[str(file_name)] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", catch)
    return caught


def open_present(app: AppTest, query: dict[str, str]) -> AppTest:
    for key, value in query.items():
        app.query_params[key] = value
    app.run()
    app.switch_page(PRESENT).run()
    assert not app.exception
    return app


def map_args(app: AppTest) -> dict[str, Any]:
    """The arguments the page gave the map component."""
    (component,) = app.get("component_instance")
    args: dict[str, Any] = json.loads(component.proto.json_args)
    return args


def _compact(script: str) -> str:
    """The map's script with JSON's optional space after a key's colon taken out, however it was written."""
    return re.sub(r'":\s+', '":', script)


def test_presentation_page_loads_with_the_map_and_no_error(app: AppTest) -> None:
    open_present(app, SEED_QUERY)
    args = map_args(app)
    assert args["height"] == 720
    assert '"caption":"As of 2021-07-14"' in _compact(args["feature_group"])


def test_title_and_subtitle_come_from_the_url_into_the_inputs_and_the_map_frame(app: AppTest) -> None:
    open_present(app, SEED_QUERY)
    assert app.text_input(key="title").value == "Afghan border crossings"
    assert app.text_input(key="subtitle").value == "Who holds them"
    frame = map_args(app)["feature_group"]
    assert '"title":"Afghan border crossings"' in _compact(frame)
    assert '"subtitle":"Who holds them"' in _compact(frame)


def test_the_frame_footnote_lists_the_sources_behind_the_crossings_shown(app: AppTest) -> None:
    open_present(app, SEED_QUERY)
    frame = map_args(app)["feature_group"]
    assert "Sources behind the states shown" in frame
    assert "AFP (2021-06-22, 2021-07-10, 2021-07-14)" in frame


def test_editing_the_title_and_the_date_puts_them_in_the_url(app: AppTest) -> None:
    open_present(app, SEED_QUERY)
    app.text_input(key="title").input("Crossings in July").run()
    app.date_input(key="present_date").set_value(date(2021, 7, 20)).run()
    assert app.query_params["title"] == "Crossings in July"
    assert app.query_params["date"] == "2021-07-20"
    assert '"caption":"As of 2021-07-20"' in _compact(map_args(app)["feature_group"])


def test_a_hostile_title_reaches_the_map_only_as_escaped_data(app: AppTest) -> None:
    open_present(app, {**SEED_QUERY, "title": "</script><img src=x onerror=alert(1)>${alert(2)}"})
    frame = map_args(app)["feature_group"]
    assert "</script><img" not in frame
    assert "\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e${alert(2)}" in frame


def test_every_download_is_offered(app: AppTest, made: dict[str, Callable[[], Any]]) -> None:
    open_present(app, SEED_QUERY)
    assert [b.label for b in app.get("download_button")] == DOWNLOADS
    assert len(made) == len(DOWNLOADS)


@pytest.mark.parametrize(
    ("file_name", "columns"),
    [
        ("borderwatch-afghanistan-2021-state-2021-07-14.csv", STATE_EXPORT_COLUMNS),
        ("borderwatch-afghanistan-2021-state-2021-07-14.geojson", STATE_EXPORT_COLUMNS),
        ("borderwatch-afghanistan-2021-state-2021-07-14.gpkg", STATE_EXPORT_COLUMNS),
        ("borderwatch-afghanistan-2021-history.csv", HISTORY_EXPORT_COLUMNS),
        ("borderwatch-afghanistan-2021-history.geojson", HISTORY_EXPORT_COLUMNS),
        ("borderwatch-afghanistan-2021-history.gpkg", HISTORY_EXPORT_COLUMNS),
    ],
)
def test_data_export_bytes_parse_as_the_region_s_table(
    app: AppTest, made: dict[str, Callable[[], Any]], tmp_path: Path, file_name: str, columns: dict[str, str]
) -> None:
    open_present(app, SEED_QUERY)
    path = tmp_path / file_name
    path.write_bytes(made[file_name]())
    table = read_table(path)
    assert list(table.columns) == [*columns, "geometry"]
    assert set(table["region"]) == {"afghanistan-2021"}
    if columns is STATE_EXPORT_COLUMNS:
        # Every crossing of the region, those no source places too (with no geometry).
        crossings = pd.read_csv(SEEDS_DIR / "crossings.csv", dtype=str)
        assert len(table) == (crossings["region"] == "afghanistan-2021").sum()
        assert set(table["as_of"]) == {"2021-07-14"}
    else:
        assert len(table) >= 40


def test_map_downloads_are_a_png_and_a_pdf(app: AppTest, made: dict[str, Callable[[], Any]]) -> None:
    open_present(app, SEED_QUERY)
    assert made["borderwatch-afghanistan-2021-2021-07-14.png"]().startswith(b"\x89PNG")
    assert made["borderwatch-afghanistan-2021-2021-07-14.pdf"]().startswith(b"%PDF")
    page = made["borderwatch-afghanistan-2021-2021-07-14.html"]().decode("utf-8")
    assert "Afghan border crossings" in page


def test_the_print_png_pdf_and_svg_are_laid_out_on_the_page_chosen(
    app: AppTest, made: dict[str, Callable[[], Any]]
) -> None:
    open_present(app, SEED_QUERY)
    app.selectbox(key="present_page").set_value("a4-portrait").run()
    assert not app.exception
    stem = "borderwatch-afghanistan-2021-2021-07-14-a4-portrait"
    pdf = made[f"{stem}.pdf"]()
    match = re.search(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert match is not None
    assert (float(match[1]), float(match[2])) == pytest.approx((595.28, 841.89), abs=0.2)
    assert Image.open(io.BytesIO(made[f"{stem}-print.png"]())).size == (2480, 3508)
    assert made[f"{stem}.svg"]().startswith(b"<?xml")
    # The screen PNG stays the screen's size.
    assert Image.open(io.BytesIO(made["borderwatch-afghanistan-2021-2021-07-14.png"]())).size == (1600, 1000)


def test_every_page_size_is_offered(app: AppTest) -> None:
    open_present(app, SEED_QUERY)
    assert app.selectbox(key="present_page").options == [
        "Wide (25.4 × 15.9 cm)",
        "A4 landscape",
        "A4 portrait",
        "Letter landscape",
        "Letter portrait",
    ]


def test_before_the_map_has_drawn_the_png_shows_the_whole_region(
    app: AppTest, made: dict[str, Callable[[], Any]]
) -> None:
    open_present(app, SEED_QUERY)
    info = Image.open(io.BytesIO(made["borderwatch-afghanistan-2021-2021-07-14.png"]())).text
    west, south, east, north = (float(v) for v in info["Extent"].split(","))
    # Every Afghan crossing, Islam Qala (61.1 E) to Torkham (71.1 E), Zaranj (31.0 N) to Aqina (37.2 N).
    assert west < 61.0 and east > 71.1 and south < 30.9 and north > 37.3
    assert "date=2021-07-14" in info["Permalink"]


def test_the_day_chosen_here_is_the_day_every_other_page_opens_at(app: AppTest) -> None:
    open_present(app, SEED_QUERY)
    app.date_input(key="present_date").set_value(date(2021, 7, 20)).run()
    app.switch_page("views/reports_view.py").run()
    assert app.query_params["date"] == "2021-07-20"
    app.switch_page("views/map_view.py").run()
    assert not app.exception
    assert str(app.slider(key="date").value) == "2021-07-20"
    app.slider(key="date").set_value(date(2021, 7, 10)).run()
    app.switch_page(PRESENT).run()
    assert app.date_input(key="present_date").value == date(2021, 7, 10)
    assert app.query_params["date"] == "2021-07-10"


def test_the_map_and_the_presentation_show_the_same_crossings_under_the_same_filters(app: AppTest) -> None:
    open_present(app, {**SEED_QUERY, "statuses": "sealed"})
    shown_here = re.search(r"(\d+) crossings as of 2021-07-14", " ".join(c.value for c in app.caption))
    app.switch_page("views/map_view.py").run()
    table = app.dataframe[-1].value
    assert shown_here is not None and int(shown_here.group(1)) == len(table) > 0
    assert set(table["status"].str.split(" ").str[0]) == {"sealed"}
