"""A single HTML file of the map that opens from disk with no network, with a timeline inside the map.

Everything is inlined: Leaflet's script, stylesheet and images, the country outlines and the
data. The timeline steps through the days on which any shown crossing's state changes, or an
authorisation of it comes into force or lapses, and repaints the marks as of each day.

Text from the data never becomes HTML. It travels as JSON inside a non-executing script
element, with ``<``, ``>`` and ``&`` escaped so no tag can be closed from data, and the page
puts it on screen with ``textContent``.
"""

from __future__ import annotations

import base64
import json
import re
import urllib.parse
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd
import shapely
import xstatic.pkg.leaflet

from geo.atlas import Atlas
from geo.dates import day_from_number
from geo.day_view import unplaced_note
from geo.describe import claims_table, records, state_sentence
from geo.errors import StandaloneError
from geo.permission_text import authorisation_text, permission_text

# The live map's styles, symbols, legend and label placement, shared so both maps draw alike.
from geo.present.browser import map_css, map_script, script_json, web_file
from geo.present.extent import select_view
from geo.present.labels import label_rank, name_order
from geo.present.legend import legend_entries
from geo.present.sources import source_entries
from geo.present.symbology import DOM_MARK_HALF_PX, LABEL_RULE, hover_text, symbol_for
from geo.reference import BBox, countries_in

LEAFLET_DIR: Final = Path(xstatic.pkg.leaflet.BASE_DIR)
#: The headings of a crossing's panel.
PANEL_WORDS: Final = {
    "claims": "The claims behind this state",
    "none": "No report decides this state yet.",
    "authorisations": "Authorisations that count on this day",
    "permission": "Permission:",
}
#: Outlines reach this far past the crossings (as a share of their extent, at least 8 degrees).
OUTLINE_MARGIN: Final = 0.6
_SOURCE_MAP = re.compile(r"^//# sourceMappingURL=.*$", re.MULTILINE)
_LEAFLET_PREFIX_LINK: Final = 'href="https://leafletjs.com"'
_CSS_IMAGE = re.compile(r"url\(\s*['\"]?images/([\w.-]+)['\"]?\s*\)")


def _inline_script(code: str) -> str:
    # Inlined code must not be able to close its own element or open an HTML comment.
    if re.search(r"</script|<!--", code, re.IGNORECASE):
        raise StandaloneError("a script to inline contains '</script' or '<!--'")
    return code


def leaflet_assets() -> tuple[str, str]:
    """Leaflet's script and stylesheet, ready to inline: no source map, images as data URIs."""
    script = _SOURCE_MAP.sub("", (LEAFLET_DIR / "leaflet.js").read_text(encoding="utf-8"))
    # Leaflet's default attribution prefix links to its website. This map turns the prefix
    # off, and the unused link goes too, so the file names no outside address at all.
    script = script.replace(_LEAFLET_PREFIX_LINK, 'href="#"')

    def data_uri(match: re.Match[str]) -> str:
        image = (LEAFLET_DIR / "images" / match.group(1)).read_bytes()
        return f"url(data:image/png;base64,{base64.b64encode(image).decode('ascii')})"

    style = _CSS_IMAGE.sub(data_uri, (LEAFLET_DIR / "leaflet.css").read_text(encoding="utf-8"))
    return _inline_script(script), style


def outlines_geojson(bbox: BBox, *, tolerance: float) -> dict[str, Any]:
    """Country outlines clipped to ``bbox``, simplified to ``tolerance`` degrees, as GeoJSON."""
    names, clipped = countries_in(bbox)
    # Simplified, then snapped to a grid a little finer than the tolerance, which keeps the file small.
    simple = shapely.set_precision(shapely.simplify(clipped, tolerance), tolerance / 2)
    features = [
        {"type": "Feature", "properties": {"name": str(name)}, "geometry": json.loads(shapely.to_geojson(shape))}
        for name, shape in zip(names, simple, strict=True)
        if not shape.is_empty
    ]
    return {"type": "FeatureCollection", "features": features}


@dataclass(frozen=True)
class _Interner:
    """Numbers equal JSON values, so each symbol or legend is stored once and referred to by index."""

    values: list[Any]
    index: dict[str, int]

    @classmethod
    def empty(cls) -> _Interner:
        return cls([], {})

    def __call__(self, value: Any) -> int:
        key = json.dumps(value, sort_keys=True)
        if key not in self.index:
            self.index[key] = len(self.values)
            self.values.append(value)
        return self.index[key]


def timeline_payload(atlas: Atlas, *, region: str | None = None, day: date | None = None) -> dict[str, Any]:
    """The data the page needs: crossings, the change days and, per day, what changed since the one before."""
    first = select_view(atlas, day or date.today(), region=region)
    ids = list(first.states["crossing_id"])
    # A day on which only permission changes is a step too: a mandate's lapse moves no report.
    days = [day_from_number(int(d)) for d in atlas.change_days(ids)]
    if day is not None and day not in days:
        days = sorted([*days, day])
    days = days or [day or date.today()]
    names, colors = atlas.party_names(), atlas.party_colors()
    symbols, legends, infos, permits = _Interner.empty(), _Interner.empty(), _Interner.empty(), _Interner.empty()
    steps: list[dict[str, Any]] = []
    previous: dict[str, tuple[Any, ...]] = {}
    for step_day in days:
        states = select_view(atlas, step_day, region=region).states
        deciding = atlas.deciding_for(states)
        by_crossing = {str(cid): group for cid, group in deciding.groupby("crossing_id", sort=False)}
        mandates = atlas.authorisations_at(step_day)
        by_permit = {str(cid): group for cid, group in mandates.groupby("crossing_id", sort=False)}
        changes = []
        for i, row in enumerate(records(states)):
            label = f"{row['name']} · {hover_text(row, names)}"
            reports = by_crossing.get(str(row["crossing_id"]))
            if reports is not None:
                label += " · sources: " + "; ".join(source_entries(reports))
            claims = [] if reports is None else claim_lines(reports, names)
            about = {"state": state_sentence(row, names), "claims": claims}
            rank = label_rank(contested=bool(row["contested"]), status=str(row["status"]))
            seen: tuple[Any, ...] = (symbols(symbol_for(row, colors).as_json()), label, infos(about), rank)
            permitted = by_permit.get(str(row["crossing_id"]))
            if permitted is not None:
                # A table of its own, so a mandate's days counting down do not repeat the claims; and only
                # a crossing with authorisations names one, so the others' steps stay as they were.
                lines = authorisation_lines(permitted, names)
                seen += (permits({"permission": permission_text(row), "authorisations": lines}),)
            if previous.get(row["crossing_id"]) != seen:
                changes.append([i, *seen])
                previous[row["crossing_id"]] = seen
        steps.append({"legend": legends(legend_entries(states, names, colors)), "changes": changes})
    start = days.index(day) if day is not None else len(days) - 1
    order = name_order([str(n) for n in first.states["name"]])
    return {
        "crossings": [
            {
                "id": r["crossing_id"],
                "name": r["name"],
                "lat": float(r["lat"]),
                "lon": float(r["lon"]),
                "name_order": position,
            }
            for r, position in zip(records(first.states), order, strict=True)
        ],
        "unplaced": unplaced_note(first.unplaced),
        "rule": LABEL_RULE,
        "half": DOM_MARK_HALF_PX,
        "words": PANEL_WORDS,
        "bounds": [[first.bbox[1], first.bbox[0]], [first.bbox[3], first.bbox[2]]],
        "days": [d.isoformat() for d in days],
        "start": start,
        "symbols": symbols.values,
        "legends": legends.values,
        "infos": infos.values,
        "permits": permits.values,
        "steps": steps,
    }


def claim_lines(reports: pd.DataFrame, names: dict[str, str]) -> list[dict[str, str]]:
    """Each report as the panel shows it: what is claimed, by whom and when; the outlet, speaker and side; a link.

    Worded from :func:`geo.describe.claims_table`, as the dashboard's story is. Only an
    http or https address is kept as a link.
    """
    lines = []
    for claim in records(claims_table(reports, names)):
        source = [f"Source: {claim['source']}"]
        if claim["speaker"]:
            source.append(f"said by {claim['speaker']}")
        if claim["side"]:
            source.append(f"about the {claim['side']} side")
        source.append(f"confidence {claim['confidence']}")
        source.append(f"grade {claim['grade']}")
        lines.append(
            {
                "what": f"{claim['date']} · {claim['claimant']}: {claim['claim']}",
                "source": " · ".join(source),
                "url": _web_address(claim["link"]),
            }
        )
    return lines


def authorisation_lines(authorisations: pd.DataFrame, names: dict[str, str]) -> list[dict[str, str]]:
    """Each authorisation that counts (rows of :meth:`geo.atlas.Atlas.authorisations_at`) as the panel
    shows it, as :func:`claim_lines` does a report: in words, its source and confidence, a link."""
    lines = []
    for row in records(authorisations):
        # A record without a source or confidence (a file that left them out) says nothing of them.
        said = [(label, row.get(field)) for label, field in (("Source:", "source"), ("confidence", "confidence"))]
        source = " · ".join(f"{label} {value}" for label, value in said if isinstance(value, str) and value.strip())
        lines.append({"what": authorisation_text(row, names), "source": source, "url": _web_address(row.get("url"))})
    return lines


def _web_address(value: Any) -> str:
    text = str(value or "").strip()
    parts = urllib.parse.urlsplit(text)
    return text if parts.scheme in ("http", "https") and parts.netloc and not any(c.isspace() for c in text) else ""


def standalone_html(
    atlas: Atlas, *, region: str | None = None, day: date | None = None, title: str | None = None
) -> str:
    """The whole page as text: ``region``'s crossings (or all) with a timeline, opening at ``day`` or the last change.

    Examples
    --------
    >>> Path("map.html").write_text(standalone_html(atlas, region="afghanistan-2021"))  # doctest: +SKIP
    """
    payload = timeline_payload(atlas, region=region, day=day)
    (south, west), (north, east) = payload["bounds"]
    reach = max(east - west, north - south) * OUTLINE_MARGIN + 8
    box = (max(west - reach, -180), max(south - reach, -85), min(east + reach, 180), min(north + reach, 85))
    tolerance = float(np.clip((box[2] - box[0]) / 4000, 0.005, 0.1))
    payload["outlines"] = outlines_geojson(box, tolerance=tolerance)
    payload["title"] = title or "Border crossings" + (f": {region}" if region else "")
    script, style = leaflet_assets()
    # The page (web/page.html): placeholders are filled with str.replace, never with a template
    # engine that could interpret the inlined code; the payload goes last so nothing can be read into it.
    return (
        web_file("page.html")
        .replace("{leaflet_css}", style)
        .replace("{map_css}", map_css())
        .replace("{page_css}", web_file("standalone.css"))
        .replace("{leaflet_js}", script)
        .replace("{symbol_js}", _inline_script(map_script()))
        .replace("{timeline_js}", _inline_script(web_file("standalone.js")))
        .replace("{payload}", script_json(payload))
    )


def save_standalone(
    atlas: Atlas, out: Path, *, region: str | None = None, day: date | None = None, title: str | None = None
) -> Path:
    """Write :func:`standalone_html` to ``out``."""
    out.write_text(standalone_html(atlas, region=region, day=day, title=title), encoding="utf-8")
    return out
