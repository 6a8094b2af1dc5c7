"""The files a briefer takes away with the presentation frame: static maps, the standalone page, data exports.

Each is made only when asked for, and shows what the frame shows.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from geo.atlas import Atlas
from geo.export import history_table, state_table, table_bytes
from geo.filters import CrossingFilter
from geo.present.figure_files import figure_bytes
from geo.present.frame import SUBTITLE_CHARS, TITLE_CHARS, clean_heading
from geo.present.paper import PRINT_DPI, SCREEN_DPI, WIDE, Page
from geo.present.standalone import standalone_html
from geo.present.static_map import SCREEN_PX, render_map
from geo.reference import BBox

_UNSAFE_IN_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_FORMAT_NAMES: Final = {"csv": "CSV", "geojson": "GeoJSON", "gpkg": "GeoPackage"}


@dataclass(frozen=True)
class Download:
    """One file offered to the briefer; ``make`` builds its bytes only when called."""

    group: str
    label: str
    file_name: str
    mime: str
    make: Callable[[], bytes]


def file_stem(region: str | None) -> str:
    """The start of every download's name: safe on any file system whatever the region is called.

    >>> file_stem("afghanistan-2021"), file_stem("a/b: c"), file_stem("ميانمار"), file_stem(None)
    ('borderwatch-afghanistan-2021', 'borderwatch-a-b-c', 'borderwatch', 'borderwatch-all')
    """
    if region is None:
        return "borderwatch-all"
    safe = _UNSAFE_IN_NAME.sub("-", region).strip("-.")
    return f"borderwatch-{safe}" if safe else "borderwatch"


def briefing_downloads(
    atlas: Atlas,
    day: date,
    *,
    region: str | None,
    crossing_filter: CrossingFilter | None = None,
    title: str | None = None,
    subtitle: str | None = None,
    permalink: str | None = None,
    bbox: BBox | None = None,
    page: Page = WIDE,
) -> list[Download]:
    """The static maps, the standalone page and the data exports of a region as of ``day``.

    The maps show what the frame shows: the region's crossings the filter selects, framed
    by ``bbox`` (the map's bounds on screen; the whole region without it), with the
    permalink printed small. The screen PNG is 1600 pixels wide; the print PNG (300 dpi),
    the PDF and the SVG are laid out on ``page``. The data exports hold the whole region,
    the state as of ``day`` and every report, with the reports' ids linking the two.

    Examples
    --------
    >>> png = briefing_downloads(atlas, date(2021, 7, 14), region="afghanistan-2021")[0]  # doctest: +SKIP
    >>> Path(png.file_name).write_bytes(png.make())  # doctest: +SKIP
    """
    stem, when = file_stem(region), day.isoformat()
    paper = "" if page == WIDE else f"-{page.name}"
    shown_title = clean_heading(title, most=TITLE_CHARS) or None
    shown_subtitle = clean_heading(subtitle, most=SUBTITLE_CHARS) or None

    def image(fmt: str, **size: Any) -> Callable[[], bytes]:
        return lambda: figure_bytes(
            render_map(
                atlas,
                day,
                region=region,
                bbox=bbox,
                title=shown_title,
                subtitle=shown_subtitle,
                permalink=permalink,
                crossing_filter=crossing_filter,
                **size,
            ),
            fmt,
        )

    def page_html() -> bytes:
        return standalone_html(atlas, region=region, day=day, title=shown_title).encode("utf-8")

    def state(fmt: str) -> Callable[[], bytes]:
        return lambda: table_bytes(state_table(atlas, day, region=region), fmt)

    def history(fmt: str) -> Callable[[], bytes]:
        return lambda: table_bytes(history_table(atlas, region=region), fmt)

    data_mimes = {"csv": "text/csv", "geojson": "application/geo+json", "gpkg": "application/geopackage+sqlite3"}
    return [
        Download("Map", "PNG (screen)", f"{stem}-{when}.png", "image/png", image("png", size=SCREEN_PX)),
        Download(
            "Map",
            "PNG (print, 300 dpi)",
            f"{stem}-{when}{paper}-print.png",
            "image/png",
            image("png", page=page, dpi=PRINT_DPI),
        ),
        Download("Map", "PDF", f"{stem}-{when}{paper}.pdf", "application/pdf", image("pdf", page=page, dpi=SCREEN_DPI)),
        Download("Map", "SVG", f"{stem}-{when}{paper}.svg", "image/svg+xml", image("svg", page=page, dpi=SCREEN_DPI)),
        Download("Map", "Standalone HTML", f"{stem}-{when}.html", "text/html", page_html),
        *(
            Download("State", f"State {_FORMAT_NAMES[fmt]}", f"{stem}-state-{when}.{fmt}", mime, state(fmt))
            for fmt, mime in data_mimes.items()
        ),
        *(
            Download("History", f"History {_FORMAT_NAMES[fmt]}", f"{stem}-history.{fmt}", mime, history(fmt))
            for fmt, mime in data_mimes.items()
        ),
    ]
