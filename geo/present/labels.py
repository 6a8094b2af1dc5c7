"""Text layout for static maps, in pixels: greedy label placement that never overlaps, and greedy word wrap.

Pure geometry on boxes: nothing here draws, so the rules can be tested (and property
tested) without a figure.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import pandas as pd

from geo.model import STATUS_SEVERITY


@dataclass(frozen=True)
class Box:
    """A rectangle in pixels, y up."""

    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box) -> bool:
        """True when the two share more than an edge."""
        return self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1

    def inside(self, frame: Box) -> bool:
        """True when the box lies wholly within ``frame``."""
        return frame.x0 <= self.x0 and self.x1 <= frame.x1 and frame.y0 <= self.y0 and self.y1 <= frame.y1


@dataclass(frozen=True)
class Placement:
    """Where a label goes: its box, its text anchor and alignment, and whether a leader line joins it to its point."""

    box: Box
    x: float
    y: float
    ha: str
    va: str
    leader: bool


# Directions tried around a point, in order of preference: beside, above and below, then diagonals.
_DIRECTIONS: Final = (
    (1.0, 0.0, "left", "center"),
    (-1.0, 0.0, "right", "center"),
    (0.0, 1.0, "center", "bottom"),
    (0.0, -1.0, "center", "top"),
    (0.75, 0.75, "left", "bottom"),
    (0.75, -0.75, "left", "top"),
    (-0.75, 0.75, "right", "bottom"),
    (-0.75, -0.75, "right", "top"),
)
#: When no spot beside the point is free, the same directions this many label heights further out, with a leader.
_FAR_STEPS: Final = (1.6, 3.0)


def _candidate(
    anchor: tuple[float, float],
    size: tuple[float, float],
    direction: tuple[float, float, str, str],
    distance: float,
    leader: bool,
) -> Placement:
    (x, y), (w, h), (dx, dy, ha, va) = anchor, size, direction
    tx, ty = x + dx * distance, y + dy * distance
    x0 = {"left": tx, "right": tx - w, "center": tx - w / 2}[ha]
    y0 = {"bottom": ty, "top": ty - h, "center": ty - h / 2}[va]
    return Placement(Box(x0, y0, x0 + w, y0 + h), tx, ty, ha, va, leader)


class Occupied:
    """Boxes already taken, checked against all at once."""

    def __init__(self, boxes: Sequence[Box]) -> None:
        self._boxes = np.array([(b.x0, b.y0, b.x1, b.y1) for b in boxes], dtype=float).reshape(-1, 4)

    def clear(self, box: Box) -> bool:
        """True when ``box`` overlaps none of the boxes taken."""
        b = self._boxes
        hit = (box.x0 < b[:, 2]) & (b[:, 0] < box.x1) & (box.y0 < b[:, 3]) & (b[:, 1] < box.y1)
        return not bool(hit.any())

    def add(self, box: Box) -> None:
        """Take ``box``."""
        self._boxes = np.vstack([self._boxes, [(box.x0, box.y0, box.x1, box.y1)]])


def place_labels(
    anchors: Sequence[tuple[float, float]],
    sizes: Sequence[tuple[float, float]],
    *,
    radius: float,
    obstacles: Sequence[Box],
    frame: Box,
) -> list[Placement | None]:
    """Greedy label placement: each label in turn takes the first free spot around its point.

    Spots next to the point come first, then spots further out joined by a leader line.
    A spot is free when it lies inside ``frame`` and overlaps neither an obstacle nor a
    label placed before it. A label with no free spot is left out (None).

    >>> [p.ha for p in place_labels([(50, 50)], [(20, 10)], radius=5, obstacles=[], frame=Box(0, 0, 100, 100))]
    ['left']
    """
    occupied = Occupied(obstacles)
    placed: list[Placement | None] = []
    for anchor, size in zip(anchors, sizes, strict=True):
        near = [_candidate(anchor, size, d, radius, False) for d in _DIRECTIONS]
        far = [_candidate(anchor, size, d, radius + k * size[1], True) for k in _FAR_STEPS for d in _DIRECTIONS]
        chosen = next((c for c in [*near, *far] if c.box.inside(frame) and occupied.clear(c.box)), None)
        if chosen is not None:
            occupied.add(chosen.box)
        placed.append(chosen)
    return placed


def label_rank(*, contested: bool, status: str) -> int:
    """How early a crossing's label claims its space (lower first): contested, then the most restrictive status.

    >>> label_rank(contested=True, status="open") < label_rank(contested=False, status="sealed")
    True
    """
    return (0 if contested else 1) * 100 + (max(STATUS_SEVERITY.values()) - STATUS_SEVERITY[status])


#: After the name of a crossing whose state rests on a date known only as a range (the legend says so).
UNCERTAIN_MARK: Final = " (?)"
#: After the name of a crossing whose state rests on a report still under review (editors only).
PENDING_MARK: Final = " (pending review)"


def label_text(state: Mapping[str, Any]) -> str:
    """A crossing's label on a map: its name, marked when its state rests on a date still uncertain.

    >>> label_text({"name": "Rafah", "date_uncertain_until": None}), label_text({"name": "Rafah",
    ...     "date_uncertain_until": "2024-05-07"})
    ('Rafah', 'Rafah (?)')
    """
    uncertain = state.get("date_uncertain_until")
    marked = UNCERTAIN_MARK if uncertain is not None and uncertain == uncertain else ""
    return str(state["name"]) + marked + (PENDING_MARK if state.get("pending_review") is True else "")


def label_texts(states: pd.DataFrame) -> list[str]:
    """:func:`label_text` for every row of a state frame, a column at a time (the live map's step path)."""
    names = states["name"].astype(str)
    if "date_uncertain_until" in states.columns:
        names = names.where(states["date_uncertain_until"].isna(), names + UNCERTAIN_MARK)
    if "pending_review" in states.columns:
        names = names.where(~states["pending_review"].astype(bool), names + PENDING_MARK)
    return names.tolist()


def label_order(rows: Sequence[Mapping[str, Any]]) -> list[int]:
    """The indices of ``rows`` (crossing states) in the order their labels are placed: by rank, then by name."""
    return sorted(
        range(len(rows)),
        key=lambda i: (
            label_rank(contested=bool(rows[i]["contested"]), status=str(rows[i]["status"])),
            str(rows[i]["name"]),
        ),
    )


def name_order(names: Sequence[str]) -> list[int]:
    """Each name's position when sorted as :func:`label_order` sorts them, so a browser can break ties the same way."""
    positions = [0] * len(names)
    for position, i in enumerate(sorted(range(len(names)), key=lambda i: str(names[i]))):
        positions[i] = position
    return positions


def placement_rule(*, most: int, gap_px: float) -> dict[str, Any]:
    """The rule of :func:`place_labels` as data, for the browser's own placement pass (``geo/present/web/map.js``).

    The live map and the standalone page place their labels in screen pixels as the reader
    zooms; they read the directions, the far steps and the order from here, so all three maps
    follow one rule. ``most`` is the number of crossings in view above which none is named,
    ``gap_px`` the space between a mark's edge and its label.
    """
    return {"directions": [list(d) for d in _DIRECTIONS], "far": list(_FAR_STEPS), "most": most, "gap": gap_px}


def wrap(words: Sequence[str], width_px: float, measure: Callable[[str], float], separator: str) -> list[list[str]]:
    """Greedy wrap: ``words`` grouped into lines whose joined text is at most ``width_px`` wide.

    A word wider than the line gets a line of its own rather than being cut.

    >>> wrap(["aa", "bb", "cc"], 5, len, " ")
    [['aa', 'bb'], ['cc']]
    """
    lines: list[list[str]] = []
    for word in words:
        if lines and measure(separator.join([*lines[-1], word])) <= width_px:
            lines[-1].append(word)
        else:
            lines.append([word])
    return lines


def _clusters(text: str) -> list[str]:
    """``text`` cut into the pieces that may start a line: never before a combining mark or a joiner."""
    pieces: list[str] = []
    for char in text:
        joins = unicodedata.category(char) in {"Mn", "Mc", "Me"} or char in "\u200c\u200d"
        if pieces and (joins or pieces[-1][-1] in "\u200c\u200d"):
            pieces[-1] += char
        else:
            pieces.append(char)
    return pieces


def _most_that_fit(count: int, fits: Callable[[int], bool]) -> int:
    """The largest ``k`` in 1..``count`` for which ``fits(k)``, given that it holds up to some point and not after.

    Bisection: text is measured a few times per line, not once per character. 1 when nothing fits.
    """
    low, high = 1, count
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    return low


def break_wide(words: Sequence[str], width_px: float, measure: Callable[[str], float]) -> list[str]:
    """``words`` with each word wider than ``width_px`` cut into pieces that fit, between characters.

    For text with no spaces to break at (Thai, a URL) or a word longer than a line.

    >>> break_wide(["ab", "cdefg"], 3, len)
    ['ab', 'cde', 'fg']
    """
    out: list[str] = []
    for word in words:
        pieces = _clusters(word)
        while pieces and measure("".join(pieces)) > width_px:
            # The lambda runs at once, on this turn's pieces.
            cut = _most_that_fit(len(pieces), lambda k: measure("".join(pieces[:k])) <= width_px)  # noqa: B023
            out.append("".join(pieces[:cut]))
            pieces = pieces[cut:]
        if pieces:
            out.append("".join(pieces))
    return out


def fit_lines(
    words: Sequence[str],
    width_px: float,
    measure: Callable[[str], float],
    *,
    separator: str,
    most: int,
    ellipsis: str = "…",
) -> list[str]:
    """``words`` wrapped into at most ``most`` lines no wider than ``width_px``, as text.

    A word wider than a line is cut between characters; when the text needs more than
    ``most`` lines, the last one ends with ``ellipsis`` where the text was cut.

    >>> fit_lines(["aa", "bb", "cc", "dd", "ee"], 5, len, separator=" ", most=2)
    ['aa bb', 'cc d…']
    """
    whole = separator.join(words)
    if measure(whole) <= width_px:
        return [whole]
    lines = [separator.join(line) for line in wrap(break_wide(words, width_px, measure), width_px, measure, separator)]
    if len(lines) <= most:
        return lines
    rest = _clusters(separator.join(lines[most - 1 :]))

    def shortened(count: int) -> str:
        return "".join(rest[:count]).rstrip() + ellipsis

    keep = _most_that_fit(len(rest), lambda k: measure(shortened(k)) <= width_px)
    return [*lines[: most - 1], shortened(keep)]
