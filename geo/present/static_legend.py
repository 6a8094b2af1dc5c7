"""The static map's legend panel: the symbols in use, worded as on the live map, kept inside the panel."""

from __future__ import annotations

from typing import Any, Final

import numpy as np
from matplotlib.axes import Axes

from geo.present.fonts import drawable
from geo.present.labels import fit_lines
from geo.present.map_text import PageText
from geo.present.mpl_symbols import draw_badge_alone, draw_symbols
from geo.present.symbology import INK, MUTED, Symbol

#: Legend rows for holders before the rest are summed up in one line.
_MAX_HOLDER_ROWS: Final = 10
#: Lines one legend row may take: a longer name is cut with an ellipsis rather than crowd out the rest.
_MAX_LEGEND_LINES: Final = 3


def _pixels(dpi: float, points: float) -> float:
    return points * dpi / 72


def _points(dpi: float, pixels: float) -> float:
    return pixels * 72 / dpi


def draw_legend(panel: Axes, entries: list[dict[str, Any]], text: PageText) -> None:
    """The symbols in use and nothing else, worded as on the live map, kept inside the panel.

    Rows close up from 15 to 10 points when the panel is short (a long title, a portrait
    page); if that is not enough, fewer holders get a row of their own.
    """
    dpi = text.fig.dpi
    held = [e for e in entries if e["section"] == "Held by"]
    font = text.font(8)
    width_px = panel.bbox.width * 0.86

    def rows(most: int) -> list[tuple[dict[str, Any], list[str]]]:
        shown = entries
        if len(held) > most:
            more = {"section": "Held by", "label": f"… and {len(held) - most + 1} more", "symbol": None}
            shown = [*held[: most - 1], more, *entries[len(held) :]]
        # A split swatch names its colours, as on the live map: "(left: …; right: …)".
        words = [
            drawable(f"{e['label']} ({'; '.join(p['text'] for p in e['parts'])})" if "parts" in e else e["label"])
            for e in shown
        ]
        # A long name is wrapped, a word wider than the panel cut, and a row of more lines ends in "…".
        return [
            (
                entry,
                fit_lines(
                    words_of.split(" "),
                    width_px,
                    lambda s: text.measure(s, font),
                    separator=" ",
                    most=_MAX_LEGEND_LINES,
                ),
            )
            for entry, words_of in zip(shown, words, strict=True)
        ]

    def units(laid: list[tuple[dict[str, Any], list[str]]]) -> float:
        """The legend's height in rows: heading, section titles, entries (with their extra lines)."""
        sections = len({entry["section"] for entry, _ in laid})
        return 2.1 + 1.3 * sections + sum(1 + 0.75 * (len(lines) - 1) for _, lines in laid)

    most = _MAX_HOLDER_ROWS
    laid = rows(most)
    while most > 2 and units(laid) * _pixels(dpi, 10) > panel.bbox.height:
        most -= 1
        laid = rows(most)
    row = min(_pixels(dpi, 15), panel.bbox.height / units(laid)) / panel.bbox.height
    panel.text(0, 1, "Legend", transform=panel.transAxes, fontsize=10, fontweight="bold", va="top", color=INK)
    y, section = 1 - row * 1.6, None
    for entry, lines in laid:
        if entry["section"] != section:
            section = entry["section"]
            panel.text(
                0,
                y - row * 0.3,
                section,
                transform=panel.transAxes,
                fontsize=8,
                fontweight="bold",
                va="center",
                color=MUTED,
                gid="legend-section",
            )
            y -= row * 1.3
        size_pt = min(11.0, 0.75 * _points(dpi, row * panel.bbox.height))
        if entry.get("badge"):
            # A permission mark alone, at a symbol's size: on a symbol it is too small to read in a legend.
            draw_badge_alone(panel, np.array([[0.05, y]]), entry["badge"], size_pt=size_pt, transform=panel.transAxes)
        elif entry["symbol"] is not None:
            symbol = Symbol.from_json(entry["symbol"])
            draw_symbols(panel, np.array([[0.05, y]]), [symbol], size_pt=size_pt, transform=panel.transAxes)
        panel.text(
            0.13,
            y + row * 0.4 if len(lines) > 1 else y,
            "\n".join(lines),
            transform=panel.transAxes,
            fontsize=8,
            va="top" if len(lines) > 1 else "center",
            color=INK,
            gid="legend-label",
            linespacing=1.1,
        )
        y -= row * (1 + 0.75 * (len(lines) - 1))
