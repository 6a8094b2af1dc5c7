"""Names on a static map: crossings beside their marks, countries inside their outlines, none overlapping.

Where a name may go is :func:`geo.present.labels.place_labels`'s rule, the one the live map and
the standalone file share; this module measures each name as matplotlib draws it and writes it.
"""

from __future__ import annotations

from typing import Any, Final

import numpy as np
import numpy.typing as npt
import shapely
from matplotlib.axes import Axes

from geo.present.fonts import drawable
from geo.present.labels import Box, Occupied, label_order, label_text, place_labels
from geo.present.map_text import PageText
from geo.present.symbology import INK, MUTED, PRINT_PLACE_NAME

FloatArray = npt.NDArray[np.float64]

_LABEL_PT: Final = 8.5
#: Padding around a label's text, as a share of its font size.
_LABEL_PAD: Final = 0.2


def label_crossings(
    ax: Axes,
    text: PageText,
    rows: list[dict[str, Any]],
    pixels: FloatArray,
    radius: float,
    taken: list[Box],
    frame: Box,
) -> list[Box]:
    """Name each crossing beside its mark where a spot is free; returns the boxes the names took."""
    # The crossings most worth a label claim space first: contested, then the most restrictive.
    order = label_order(rows)
    # Each label sits on a pale box, as on the live map; the box is what must not overlap.
    pad = text.pixels(_LABEL_PAD * _LABEL_PT)
    sizes = []
    names = {i: drawable(label_text(rows[i])) for i in order}
    for i in order:
        box = text.box(text.probe(names[i], fontsize=_LABEL_PT))
        sizes.append((box.x1 - box.x0 + 2 * pad, box.y1 - box.y0 + 2 * pad))
    anchors = [(float(pixels[i][0]), float(pixels[i][1])) for i in order]
    spots = place_labels(anchors, sizes, radius=radius + text.pixels(2.5), obstacles=taken, frame=frame)
    placed = []
    for i, anchor, spot in zip(order, anchors, spots, strict=True):
        if spot is None:
            continue
        row = rows[i]
        leader = {"arrowstyle": "-", "color": MUTED, "linewidth": 0.7, "shrinkA": 0, "shrinkB": text.points(radius)}
        # The text is inset from the box's edge by the padding; offsets are in points so
        # the layout holds when a vector format redraws at 72 dpi.
        dx = spot.x - anchor[0] + {"left": pad, "right": -pad, "center": 0.0}[spot.ha]
        dy = spot.y - anchor[1] + {"bottom": pad, "top": -pad, "center": 0.0}[spot.va]
        ax.annotate(
            names[i],
            xy=(row["lon"], row["lat"]),
            textcoords="offset points",
            xytext=(text.points(dx), text.points(dy)),
            ha=spot.ha,
            va=spot.va,
            fontsize=_LABEL_PT,
            color=INK,
            zorder=7,
            annotation_clip=False,
            gid=f"crossing-label:{row['crossing_id']}",
            bbox={"boxstyle": f"square,pad={_LABEL_PAD}", "facecolor": "white", "edgecolor": "none", "alpha": 0.85},
            arrowprops=leader if spot.leader else None,
        )
        placed.append(spot.box)
    return placed


def label_countries(
    ax: Axes, text: PageText, countries: list[tuple[str, shapely.Geometry]], taken: list[Box], frame: Box
) -> None:
    """Name each country inside its outline, nudged up or down off whatever is already drawn there."""
    occupied = Occupied(taken)
    for country, shape in countries:
        name = drawable(country)
        point = shapely.point_on_surface(shape)
        x, y = (float(v) for v in ax.transData.transform((point.x, point.y)))
        box = text.box(text.probe(name.upper(), fontsize=7.5, fontstyle="italic"))
        w, h = box.x1 - box.x0, box.y1 - box.y0
        for shift in (0.0, 1.2 * h, -1.2 * h, 2.4 * h, -2.4 * h):
            spot = Box(x - w / 2, y + shift - h / 2, x + w / 2, y + shift + h / 2)
            if spot.inside(frame) and occupied.clear(spot):
                ax.annotate(
                    name.upper(),
                    xy=(point.x, point.y),
                    xytext=(0, text.points(shift)),
                    textcoords="offset points",
                    ha="center",
                    va="center",
                    fontsize=7.5,
                    fontstyle="italic",
                    color=PRINT_PLACE_NAME,
                    zorder=2,
                    gid="country-label",
                )
                occupied.add(spot)
                break
