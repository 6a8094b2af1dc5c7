"""A drawn static map as a file: PNG, PDF or SVG, the same bytes for the same map.

No dates or tool versions go into a file; a PNG also records where it is (the map's extent)
and the link that reopens it, for whoever places it on another map.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, Final

from matplotlib.figure import Figure

from geo.errors import ViewError
from geo.formats import IMAGE_FORMATS
from geo.present.mpl_style import map_style
from geo.reference import BBox

# Dates and tool versions left out, so the same map is the same bytes.
_METADATA: Final[dict[str, dict[str, Any]]] = {
    "png": {"Software": None},
    "pdf": {"Creator": None, "Producer": None, "CreationDate": None},
    "svg": {"Creator": None, "Date": None},
}


def map_extent(fig: Figure) -> BBox | None:
    """The W, S, E, N the map of ``fig`` (a static map) shows, in degrees; None for another figure."""
    for ax in fig.axes:
        if ax.get_gid() == "map":
            (west, east), (south, north) = ax.get_xlim(), ax.get_ylim()
            return (float(west), float(south), float(east), float(north))
    return None


def _permalink(fig: Figure) -> str | None:
    """The link the map was drawn with: its address where it is a web one, else the text printed."""
    for text in fig.texts:
        if text.get_gid() == "permalink":
            return text.get_url() or text.get_text().replace("\n", "")
    return None


def _metadata(fig: Figure, kind: str) -> dict[str, Any]:
    """The file's metadata: no dates or versions (same map, same bytes); in a PNG, the extent and the link."""
    metadata = dict(_METADATA[kind])
    extent, link = map_extent(fig), _permalink(fig)
    if kind == "png" and extent is not None:
        # Where the picture is, for whoever places it on another map, and the link that reopens it.
        metadata["Extent"] = ",".join(f"{v:.6f}" for v in extent)
        if link:
            metadata["Permalink"] = link
    return metadata


def save_figure(fig: Figure, out: Path, *, fmt: str | None = None) -> Path:
    """Write ``fig`` to ``out`` as PNG, PDF or SVG (from the suffix unless ``fmt`` says), reproducibly."""
    out.write_bytes(figure_bytes(fig, fmt or out.suffix.lstrip(".")))
    return out


def figure_bytes(fig: Figure, fmt: str) -> bytes:
    """``fig`` as PNG, PDF or SVG bytes, the same bytes :func:`save_figure` writes (for downloads)."""
    kind = fmt.lower()
    if kind not in IMAGE_FORMATS:
        raise ViewError(f"unknown image format {kind!r}: expected one of {', '.join(IMAGE_FORMATS)}")
    buffer = io.BytesIO()
    with map_style():
        fig.savefig(buffer, format=kind, dpi=fig.dpi, metadata=_metadata(fig, kind), facecolor="white")
    return buffer.getvalue()
