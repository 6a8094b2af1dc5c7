"""The file formats ``python -m geo`` writes, by name: the data exports and the static map's images.

A module of its own, importing nothing, so that the command line can offer these as choices
and check a file name without loading GDAL or matplotlib, which the writers need.
"""

from __future__ import annotations

from typing import Final

#: Data exports (``geo.export``), each with the suffix of its file.
EXPORT_SUFFIXES: Final[dict[str, str]] = {"csv": ".csv", "geojson": ".geojson", "gpkg": ".gpkg"}
EXPORT_FORMATS: Final[tuple[str, ...]] = tuple(EXPORT_SUFFIXES)
#: Static map images (``geo.present.static_map``); each is written to a file of that suffix.
IMAGE_FORMATS: Final[tuple[str, ...]] = ("png", "pdf", "svg")
