"""How every map draws a crossing: the colours, the shapes and their words, in one spec.

The live map, the standalone page and the presentation frame draw in the browser
(``geo/present/web/map.js``), the static maps with matplotlib (:mod:`geo.present.mpl_symbols`);
all of them read the shapes and colours from here, the browser through :func:`spec`, which
travels as JSON. Nothing here draws, so it needs neither folium nor matplotlib.

A symbol's fill is its holder's party colour, split into vertical strips when contested; the
shape tells the status, so the map reads in greyscale; a dashed outline marks an unconfirmed
holder and a faded symbol a stale state. A crossing whose two sides differ in what is reported
about them is drawn in two halves, side a on the left and side b on the right, each with its own
fill and shape (:func:`drawn_parts`). Permission has a mark of its own, a badge at the symbol's
upper right (:mod:`geo.present.badges`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final

from geo.describe import state_text, status_text
from geo.model import UNKNOWN_COLOR
from geo.names import side_name
from geo.permission_text import permission_text
from geo.present.badges import badge_spec, permission_marks
from geo.present.labels import placement_rule
from geo.sides import SIDES

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
#: On a map that gathers crowded marks (every region at once), marks whose centres are closer than this
#: in both directions, so that they would touch, show as one numbered disc until the reader zooms in.
GATHER_PX: Final = 2 * DOM_MARK_HALF_PX + 4
#: The label placement of the static maps (geo.present.labels), for the browser's own pass: with more
#: crossings than this in view none is named, so zooming in names more.
LABEL_RULE: Final = placement_rule(most=MAX_LABELLED_CROSSINGS, gap_px=2)

_HEX_COLOR = re.compile(r"#[0-9a-fA-F]{6}")


def _span(shape: dict[str, Any], x: float) -> list[float]:
    """Where a status shape crosses the vertical line at ``x``: its top and bottom, y down."""
    if "circle" in shape:
        cx, cy, r = shape["circle"]
        reach = math.sqrt(max(r * r - (x - cx) ** 2, 0.0))
        return [cy - reach, cy + reach]
    points = shape["points"]
    ys = [
        y0 + (y1 - y0) * (x - x0) / (x1 - x0) if x1 != x0 else y
        for (x0, y0), (x1, y1) in zip(points, [*points[1:], points[0]], strict=True)
        if min(x0, x1) <= x <= max(x0, x1)
        for y in ((y0,) if x1 != x0 else (y0, y1))
    ]
    return [min(ys), max(ys)]


def _extent(shape: dict[str, Any]) -> list[float]:
    """A status shape's west and east ends, in box units."""
    if "circle" in shape:
        cx, _, r = shape["circle"]
        return [cx - r, cx + r]
    xs = [x for x, _ in shape["points"]]
    return [min(xs), max(xs)]


#: Where each status shape crosses the middle of its box, top and bottom: the line between two halves.
MIDDLE: Final[dict[str, list[float]]] = {status: _span(shape, BOX / 2) for status, shape in SHAPES.items()}
#: Each status shape's west and east ends, across which a half's strips are laid.
EXTENT: Final[dict[str, list[float]]] = {status: _extent(shape) for status, shape in SHAPES.items()}


def spec() -> dict[str, Any]:
    """The shapes and colours as plain values, for the browser's drawing code."""
    return {
        "shapes": SHAPES,
        "middle": MIDDLE,
        "extent": EXTENT,
        "box": BOX,
        "stroke": {**STROKE, "dash": list(DASH)},
        "faded": FADED_ALPHA,
        "badge": badge_spec(),
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
class Half:
    """One side's half of a split symbol: its fill colours, shape (status) and outline."""

    colors: tuple[str, ...]
    status: str
    dashed: bool

    def as_json(self) -> dict[str, Any]:
        return {"colors": list(self.colors), "status": self.status, "dashed": self.dashed}


@dataclass(frozen=True)
class Symbol:
    """How one crossing is drawn: fill colours, shape (status), outline and fading.

    ``halves`` (side a's, then side b's) when the two sides are drawn apart: each half then
    has its own fill and shape, and the whole symbol's fields stay the crossing's own, for
    whatever reads only those (a mark's ``data-status``, the labels' ranks). ``badges`` are the
    permission marks drawn beside it (:func:`geo.present.badges.permission_marks`).
    """

    colors: tuple[str, ...]
    status: str
    dashed: bool
    faded: bool
    halves: tuple[Half, Half] | None = None
    badges: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        value: dict[str, Any] = {
            "colors": list(self.colors),
            "status": self.status,
            "dashed": self.dashed,
            "faded": self.faded,
        }
        # Only a split symbol carries its halves, so a one-sided map sends what it always did.
        if self.halves is not None:
            value["halves"] = [half.as_json() for half in self.halves]
        # Likewise only a crossing with a permission mark carries its badges.
        if self.badges:
            value["badges"] = list(self.badges)
        return value

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> Symbol:
        halves = value.get("halves")
        return cls(
            tuple(value["colors"]),
            str(value["status"]),
            bool(value["dashed"]),
            bool(value["faded"]),
            None
            if halves is None
            else (
                Half(tuple(halves[0]["colors"]), str(halves[0]["status"]), bool(halves[0]["dashed"])),
                Half(tuple(halves[1]["colors"]), str(halves[1]["status"]), bool(halves[1]["dashed"])),
            ),
            tuple(str(badge) for badge in value.get("badges", ())),
        )


@lru_cache(maxsize=4096)
def safe_color(color: str | None) -> str:
    """``color`` if it is #rrggbb, else the fallback grey.

    >>> safe_color("#e69f00"), safe_color("red;background:url(x)")
    ('#e69f00', '#999999')
    """
    return color if color and _HEX_COLOR.fullmatch(color) else FALLBACK_COLOR


@dataclass(frozen=True)
class Part:
    """What one whole symbol, or one half of a split one, shows: holders, status and why it is dashed."""

    holders: tuple[str, ...]
    status: str
    #: One holder named, by its own claim only.
    unconfirmed: bool = False
    #: No report names this side's holder: its own country is presumed to hold it.
    presumed: bool = False

    @property
    def dashed(self) -> bool:
        return self.unconfirmed or self.presumed


def _side_part(state: Mapping[str, Any], side: str) -> Part:
    controllers = tuple(state[f"{side}_controllers"])
    presumed = state.get(f"{side}_presumed") or ""
    if not controllers and presumed:
        return Part((str(presumed),), str(state[f"{side}_status"]), presumed=True)
    unconfirmed = len(controllers) == 1 and not state[f"{side}_confirmed"]
    return Part(controllers, str(state[f"{side}_status"]), unconfirmed=unconfirmed)


#: The side fields that decide whether a symbol is split; a state without them is drawn whole.
SPLIT_FIELDS: Final = frozenset(f"{side}_{field}" for side in SIDES for field in ("controllers", "confirmed", "status"))


def is_split(state: Mapping[str, Any]) -> bool:
    """Whether a row of a state frame is drawn in two halves (see :func:`drawn_parts`)."""
    # A state frame built by hand may leave out the sides: the crossing is then one whole.
    if not state.keys() >= SPLIT_FIELDS:
        return False
    # As text, so two missing statuses (NaN in a frame built by hand) agree.
    if str(state["a_status"]) != str(state["b_status"]):
        return True
    a, b = state["a_controllers"], state["b_controllers"]
    return (
        len(a) > 0 and len(b) > 0 and (tuple(a) != tuple(b) or bool(state["a_confirmed"]) != bool(state["b_confirmed"]))
    )


def drawn_parts(state: Mapping[str, Any]) -> tuple[Part, ...]:
    """What a row of a state frame is drawn as: one part for a whole symbol, or side a's and side b's.

    The sides are drawn apart when what is reported about them differs: their statuses, or the
    holders both of them name (a different holder, contested, confirmed or not). A holder only
    presumed (a state on its own side) never splits a symbol by itself: nearly every crossing
    between two states would be split, and the map would stress what no report says. Once a
    symbol is split, a side with no holder named shows its presumed one, dashed.
    """
    if is_split(state):
        return tuple(_side_part(state, side) for side in SIDES)
    controllers = tuple(state["controllers"])
    return (Part(controllers, str(state["status"]), unconfirmed=len(controllers) == 1 and not state["confirmed"]),)


def _fills(holders: tuple[str, ...], colors: Mapping[str, str]) -> tuple[str, ...]:
    return tuple(safe_color(colors.get(c)) for c in holders) or (UNKNOWN_COLOR,)


def symbol_for(state: Mapping[str, Any], colors: Mapping[str, str]) -> Symbol:
    """The symbol for one row of a state frame, given party colours by id."""
    controllers = tuple(state["controllers"])
    unconfirmed = len(controllers) == 1 and not state["confirmed"]
    halves = None
    if is_split(state):
        a, b = (Half(_fills(p.holders, colors), p.status, p.dashed) for p in drawn_parts(state))
        halves = (a, b)
    return Symbol(
        _fills(controllers, colors),
        str(state["status"]),
        dashed=unconfirmed,
        faded=bool(state["stale"]),
        halves=halves,
        badges=permission_marks(state),
    )


def halves_text(state: Mapping[str, Any]) -> str:
    """Which half of a split symbol is which side, and each side's status; "" for a whole symbol.

    >>> halves_text({"controllers": (), "confirmed": False, "status": "sealed", "country_a": "AFG",
    ...              "country_b": "PAK", "a_controllers": ("t",), "a_confirmed": True, "a_status": "unknown",
    ...              "b_controllers": (), "b_confirmed": False, "b_status": "sealed"})
    'left half: the Afghan side, unknown; right half: the Pakistani side, sealed'
    """
    if not is_split(state):
        return ""
    return "; ".join(
        f"{place} half: {side_name(str(state[f'country_{side}']))}, "
        + status_text(
            {"status": state[f"{side}_status"], "status_disputed": bool(state.get(f"{side}_status_disputed"))}
        )
        for place, side in zip(("left", "right"), SIDES, strict=True)
    )


def hover_parts(state: Mapping[str, Any], names: Mapping[str, str]) -> tuple[str, str]:
    """What hovering a crossing says after its name, in two parts: its state (for a split symbol, which
    half is which side), and its permission ("authorised until 2015-01-10 (expires in 9 days)", or "")."""
    halves = halves_text(state)
    held = f"{state_text(state, names)} · {halves}" if halves else state_text(state, names)
    return held, permission_text(state)


def hover_text(state: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """What hovering a crossing says after its name: the :func:`hover_parts` said, joined by " · "."""
    return " · ".join(part for part in hover_parts(state, names) if part)


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
