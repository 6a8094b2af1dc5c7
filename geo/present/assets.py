"""The files the live map's browser loads from the dashboard: Leaflet and jQuery, and the maps' own scripts.

The map never loads anything from the internet: these files are served by the dashboard
itself, from a static folder it names. Third-party files are copied from installed
packages and the maps' scripts written from ``geo/present/web``; none of them is kept in
git, and all are put in place at start-up.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import xstatic.pkg.jquery
import xstatic.pkg.leaflet

from geo.present.browser import digest, map_script, web_file

VENDOR_SUBDIR = "vendor"
#: Where the maps' own scripts go in the static folder.
OWN_SUBDIR = "borderwatch"


def _own_files() -> dict[str, str]:
    """The maps' scripts as served: ``map.js`` carries the symbology spec before its code."""
    return {"map.js": map_script(), "live.js": web_file("live.js"), "frame.js": web_file("frame.js")}


@dataclass(frozen=True)
class AssetUrls:
    """Where the browser finds each asset the map needs."""

    leaflet_js: str
    leaflet_css: str
    jquery_js: str
    outlines_geojson: str
    map_js: str = ""
    live_js: str = ""
    frame_js: str = ""

    @classmethod
    def under(cls, base: str) -> AssetUrls:
        """Asset URLs below ``base`` (e.g. ``/app/static``) in the layout :func:`install_assets` writes."""
        root = base.rstrip("/")
        vendor = f"{root}/{VENDOR_SUBDIR}"
        # The content's hash in the address: a browser never runs a cached older script.
        own = {name: f"{root}/{OWN_SUBDIR}/{name}?v={digest(text)}" for name, text in _own_files().items()}
        return cls(
            leaflet_js=f"{vendor}/leaflet/leaflet.js",
            leaflet_css=f"{vendor}/leaflet/leaflet.css",
            jquery_js=f"{vendor}/jquery/jquery.min.js",
            outlines_geojson=f"{vendor}/outlines/countries.geojson",
            map_js=own["map.js"],
            live_js=own["live.js"],
            frame_js=own["frame.js"],
        )


def _sources(outlines: Path) -> dict[str, Path]:
    leaflet = Path(xstatic.pkg.leaflet.BASE_DIR)
    return {
        "leaflet/leaflet.js": leaflet / "leaflet.js",
        "leaflet/leaflet.css": leaflet / "leaflet.css",
        "leaflet/images": leaflet / "images",
        "jquery/jquery.min.js": Path(xstatic.pkg.jquery.BASE_DIR) / "jquery.min.js",
        "outlines/countries.geojson": outlines,
    }


def install_assets(static_dir: Path, *, outlines: Path) -> Path:
    """Put every asset in ``static_dir`` (the dashboard's static folder) where missing or changed.

    Third-party files go to ``static_dir/vendor``, which is returned; the maps' own scripts
    to ``static_dir/borderwatch``.
    """
    vendor = static_dir / VENDOR_SUBDIR
    for relative, source in _sources(outlines).items():
        target = vendor / relative
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
        elif not target.exists() or target.stat().st_size != source.stat().st_size:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    own = static_dir / OWN_SUBDIR
    own.mkdir(parents=True, exist_ok=True)
    for name, text in _own_files().items():
        target = own / name
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            # Written aside and moved into place: a browser never fetches half a script.
            partial = target.with_name(f".{name}.partial")
            partial.write_text(text, encoding="utf-8")
            partial.replace(target)
    return vendor
