"""How every map draws a crossing: the colours, the shapes and their words, in one spec.

The live map, the standalone page and the presentation frame draw in the browser
(``geo/present/web/map.js``), the static maps with matplotlib (:mod:`geo.present.mpl_symbols`);
all of them read the shapes and colours from here, the browser through :func:`spec`, which
travels as JSON. Nothing here draws, so it needs neither folium nor matplotlib.

A symbol's fill is its holder's party colour, split into vertical strips when contested; the
shape tells the status, so the map reads in greyscale; a dashed outline marks an unconfirmed
holder and a faded symbol a stale state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final

import pandas as pd

from geo.model import STATUS_SEVERITY, UNKNOWN_COLOR
from geo.present.labels import placement_rule

#: The ink of outlines, text and rules, on every map.
INK: Final = "#1a1a1a"
#: Secondary text: leaders, section titles.
MUTED: Final = "#555555"
LAND: Final = "#f4f1ea"
SEA: Final = "#dbe9f4"
#: Country borders: the live map's (thin over the land) and the static map's.
BORDER: Final = "#6b6b6b"
PRINT_BORDER: Final = "#8a8a8a"
#: Country names on the land: the live frame's, and the static map's (a shade lighter on paper).
PLACE_NAME: Final = "#8a8170"
PRINT_PLACE_NAME: Final = "#9a917f"
#: The fill of a symbol that only shows a shape, as the legend's status rows do.
BLANK: Final = "#ffffff"
#: What a colour that is not #rrggbb becomes, so no text from the data reaches a style.
FALLBACK_COLOR: Final = "#999999"
#: A stale symbol's opacity.
FADED_ALPHA: Final = 0.4

#: Each status shape in a 24-unit box, y down (as SVG draws it): a circle, or a polygon's corners.
#: ``cross`` is a sealed crossing's cross, as line segments.
BOX: Final = 24.0
SHAPES: Final[dict[str, dict[str, Any]]] = {
    "open": {"circle": [12.0, 12.0, 9.0]},
    "restricted": {"points": [[12.0, 2.0], [22.0, 21.0], [2.0, 21.0]]},
    "sealed": {
        "points": [[3.0, 3.0], [21.0, 3.0], [21.0, 21.0], [3.0, 21.0]],
        "cross": [[7.0, 7.0, 17.0, 17.0], [17.0, 7.0, 7.0, 17.0]],
    },
    "unknown": {"points": [[12.0, 1.5], [22.5, 12.0], [12.0, 22.5], [1.5, 12.0]]},
}
#: Outline widths in box units (an unconfirmed one is dashed and a little thinner), and the dash.
STROKE: Final = {"solid": 2.2, "dashed": 2.0, "cross": 2.4}
DASH: Final = (3.2, 2.2)

STATUS_LABELS: Final[dict[str, str]] = {
    "open": "Open (circle)",
    "restricted": "Restricted (triangle)",
    "sealed": "Sealed (crossed square)",
    "unknown": "Status unknown (diamond)",
}
#: Above this many crossings in view, names show on hover only, not as labels.
MAX_LABELLED_CROSSINGS: Final = 60
#: Half the size of a mark in the browser, in pixels: a drawn symbol, and a painted one on the canvas.
DOM_MARK_HALF_PX: Final = 13
CANVAS_MARK_HALF_PX: Final = 8
#: The label placement of the static maps (geo.present.labels), for the browser's own pass: with more
#: crossings than this in view none is named, so zooming in names more.
LABEL_RULE: Final = placement_rule(most=MAX_LABELLED_CROSSINGS, gap_px=2)
#: Above this many holders and contested pairs, the legend explains colour instead of listing each.
MAX_LEGEND_HOLDERS: Final = 12

_HEX_COLOR = re.compile(r"#[0-9a-fA-F]{6}")


def spec() -> dict[str, Any]:
    """The shapes and colours as plain values, for the browser's drawing code."""
    return {
        "shapes": SHAPES,
        "box": BOX,
        "stroke": {**STROKE, "dash": list(DASH)},
        "faded": FADED_ALPHA,
        "colors": {
            "ink": INK,
            "muted": MUTED,
            "land": LAND,
            "sea": SEA,
            "border": BORDER,
            "blank": BLANK,
            "place": PLACE_NAME,
        },
    }


def css_variables() -> str:
    """The colours as CSS custom properties, which the map's stylesheet uses (``var(--bw-ink)``)."""
    colors = spec()["colors"]
    return ":root { " + " ".join(f"--bw-{name}: {value};" for name, value in colors.items()) + " }\n"


@dataclass(frozen=True)
class Symbol:
    """How one crossing is drawn: fill colours, shape (status), outline and fading."""

    colors: tuple[str, ...]
    status: str
    dashed: bool
    faded: bool

    def as_json(self) -> dict[str, Any]:
        return {"colors": list(self.colors), "status": self.status, "dashed": self.dashed, "faded": self.faded}

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> Symbol:
        return cls(tuple(value["colors"]), str(value["status"]), bool(value["dashed"]), bool(value["faded"]))


def safe_color(color: str | None) -> str:
    """``color`` if it is #rrggbb, else the fallback grey.

    >>> safe_color("#e69f00"), safe_color("red;background:url(x)")
    ('#e69f00', '#999999')
    """
    return color if color and _HEX_COLOR.fullmatch(color) else FALLBACK_COLOR


def symbol_for(state: dict[str, Any], colors: dict[str, str]) -> Symbol:
    """The symbol for one row of a state frame, given party colours by id."""
    controllers = tuple(state["controllers"])
    fills = tuple(safe_color(colors.get(c)) for c in controllers) or (UNKNOWN_COLOR,)
    unconfirmed = len(controllers) == 1 and not state["confirmed"]
    return Symbol(fills, str(state["status"]), dashed=unconfirmed, faded=bool(state["stale"]))


def strip_places(count: int) -> list[str]:
    """Where each strip of a split fill sits, left to right, in words a legend can name a party by.

    >>> strip_places(2), strip_places(4)[0]
    (['left', 'right'], 'strip 1 of 4 from the left')
    """
    if count == 2:
        return ["left", "right"]
    if count == 3:
        return ["left", "middle", "right"]
    return [f"strip {k + 1} of {count} from the left" for k in range(count)]


def _shape_only(status: str = "open", *, dashed: bool = False, faded: bool = False) -> Symbol:
    return Symbol((BLANK,), status, dashed, faded)


def legend_entries(states: pd.DataFrame, names: dict[str, str], colors: dict[str, str]) -> list[dict[str, Any]]:
    """Legend rows for the symbols in use in ``states``, and no others."""
    entries: list[dict[str, Any]] = []

    def add(section: str, label: str, symbol: Symbol, parts: list[dict[str, str]] | None = None) -> None:
        entry: dict[str, Any] = {"section": section, "label": label, "symbol": symbol.as_json()}
        if parts:
            entry["parts"] = parts
        entries.append(entry)

    held = sorted({c for cs in states["controllers"] for c in cs if len(cs) == 1})
    pairs = sorted({tuple(cs) for cs in states["controllers"] if len(cs) > 1})
    if len(held) + len(pairs) > MAX_LEGEND_HOLDERS:
        # A legend longer than the map explains nothing: say how colour works, hover tells who.
        sample = tuple(safe_color(colors.get(p)) for p in held[:2]) or (FALLBACK_COLOR,)
        add(
            "Held by",
            f"Fill: the holder's colour ({len(held)} parties; hover a crossing)",
            Symbol(sample[:1], "open", False, False),
        )
        if pairs:
            add("Held by", f"Split fill: contested ({len(pairs)} pairs)", Symbol(sample, "open", False, False))
    else:
        for party in held:
            add("Held by", names.get(party, party), Symbol((safe_color(colors.get(party)),), "open", False, False))
        for pair in pairs:
            label = "Contested: " + " / ".join(names.get(p, p) for p in pair)
            fills = tuple(safe_color(colors.get(p)) for p in pair)
            parts = [
                {"color": fill, "text": f"{place}: {names.get(p, p)}"}
                for place, fill, p in zip(strip_places(len(pair)), fills, pair, strict=True)
            ]
            add("Held by", label, Symbol(fills, "open", False, False), parts)
    if (states["controllers"].map(len) == 0).any():
        add("Held by", "Controller unknown", Symbol((UNKNOWN_COLOR,), "open", False, False))
    in_use = sorted(set(states["status"]), key=lambda s: -STATUS_SEVERITY[s])
    for status in in_use:
        add("Status", STATUS_LABELS[status], _shape_only(status))
    single = states["controllers"].map(len) == 1
    if (single & ~states["confirmed"].astype(bool)).any():
        add("Claims", "Unconfirmed (dashed): only the holder says so", _shape_only(dashed=True))
    if states["stale"].any():
        add("Claims", "Stale (faded): no recent report", _shape_only(faded=True))
    return entries
