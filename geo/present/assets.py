"""Third-party browser assets (Leaflet, jQuery), copied from installed packages.

The map never loads anything from the internet: these files are served by the
dashboard itself. They stay out of git and are copied into place at start-up.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

import xstatic.pkg.jquery
import xstatic.pkg.leaflet

#: Where the dashboard serves its static files from (Streamlit static serving).
DASHBOARD_STATIC_DIR = Path(__file__).resolve().parents[2] / "dashboard" / "static"
VENDOR_SUBDIR = "vendor"
#: The map's own scripts, kept in git beside the vendored files and inlined by the standalone page.
MAP_SCRIPT = DASHBOARD_STATIC_DIR / "borderwatch" / "map.js"


@dataclass(frozen=True)
class AssetUrls:
    """Where the browser finds each asset the map needs."""

    leaflet_js: str
    leaflet_css: str
    jquery_js: str
    outlines_geojson: str
    map_js: str = ""

    @classmethod
    def under(cls, base: str) -> AssetUrls:
        """Asset URLs below ``base`` (e.g. ``/app/static``) in the layout :func:`install_assets` writes."""
        vendor = f"{base.rstrip('/')}/{VENDOR_SUBDIR}"
        return cls(
            leaflet_js=f"{vendor}/leaflet/leaflet.js",
            leaflet_css=f"{vendor}/leaflet/leaflet.css",
            jquery_js=f"{vendor}/jquery/jquery.min.js",
            outlines_geojson=f"{vendor}/outlines/countries.geojson",
            # The content's hash in the address: a browser never runs a cached older script.
            map_js=f"{base.rstrip('/')}/borderwatch/map.js?v={_digest(MAP_SCRIPT)}",
        )


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


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
    """Copy the assets into ``static_dir/vendor`` where missing or changed; return that folder."""
    vendor = static_dir / VENDOR_SUBDIR
    for relative, source in _sources(outlines).items():
        target = vendor / relative
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
        elif not target.exists() or target.stat().st_size != source.stat().st_size:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    return vendor
