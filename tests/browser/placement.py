"""What a browser shows of the map's labels, marks and controls, and the static rule's answer for the same view.

Both maps place their labels in the browser (``geo/present/web/map.js``); these
helpers read the boxes back from the page and work out, with :func:`geo.present.labels.place_labels`,
where the static renderer's rule puts the labels for exactly those marks and controls.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import pandas as pd
from playwright.sync_api import Frame, Page

from geo.describe import records
from geo.present.labels import Box, label_order, label_text, place_labels
from geo.present.symbology import DOM_MARK_HALF_PX, LABEL_RULE

Rect = tuple[float, float, float, float]

_READ = """
() => {
  const c = document.querySelector(".leaflet-container"), o = c.getBoundingClientRect();
  const rel = r => [r.left - o.left, r.top - o.top, r.right - o.left, r.bottom - o.top];
  const sized = b => b[2] > b[0] && b[3] > b[1];
  const legend = c.querySelector(".bw-legend");
  return {
    frame: [0, 0, o.width, o.height],
    labels: [...c.querySelectorAll(".bw-label")].map(e => [e.textContent, rel(e.getBoundingClientRect())]),
    marks: [...c.querySelectorAll(".bw-mark")].map(e => [e.dataset.crossingId, rel(e.getBoundingClientRect())]),
    controls: [...c.querySelectorAll(".leaflet-control")].map(e => rel(e.getBoundingClientRect())).filter(sized),
    legend: legend ? rel(legend.getBoundingClientRect()) : null,
  };
}
"""

# A label's size, measured on a probe with the label's own class in the label's own pane.
_MEASURE = """
names => names.map(name => {
  const probe = document.createElement("span");
  probe.className = "bw-label";
  probe.style.visibility = "hidden";
  probe.textContent = name;
  document.querySelector(".leaflet-tooltip-pane").appendChild(probe);
  const r = probe.getBoundingClientRect();
  probe.remove();
  return [r.width, r.height];
})
"""


@dataclass(frozen=True)
class Shown:
    """The boxes on screen, in pixels from the map's top left corner (y down)."""

    frame: Rect
    labels: dict[str, Rect]
    marks: dict[str, Rect]
    controls: list[Rect]
    legend: Rect | None


def shown(where: Page | Frame) -> Shown:
    raw: dict[str, Any] = where.evaluate(_READ)
    return Shown(
        tuple(raw["frame"]),
        {name: tuple(box) for name, box in raw["labels"]},
        {cid: tuple(box) for cid, box in raw["marks"]},
        [tuple(box) for box in raw["controls"]],
        tuple(raw["legend"]) if raw["legend"] else None,
    )


def overlap(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def collisions(view: Shown) -> list[tuple[str, str]]:
    """Every pair of labels that overlap, and every label that covers a mark."""
    found = [(a, b) for (a, ra), (b, rb) in itertools.combinations(view.labels.items(), 2) if overlap(ra, rb)]
    found += [
        (label, mark)
        for (label, rl), (mark, rm) in itertools.product(view.labels.items(), view.marks.items())
        if overlap(rl, rm)
    ]
    return found


def static_rule(where: Page | Frame, view: Shown, states: pd.DataFrame) -> dict[str, Rect]:
    """Where geo.present.labels puts the names of the crossings in view, given the marks and controls on screen."""
    _, _, width, height = view.frame
    by_id = {str(r["crossing_id"]): r for r in records(states)}

    def centre(box: Rect) -> tuple[float, float]:
        return ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)

    in_view = [cid for cid, box in view.marks.items() if 0 <= centre(box)[0] <= width and 0 <= centre(box)[1] <= height]
    rows = [by_id[cid] for cid in in_view]
    order = [in_view[i] for i in label_order(rows)]
    if len(order) > LABEL_RULE["most"]:
        return {}
    names = [label_text(by_id[cid]) for cid in order]
    sizes = [tuple(size) for size in where.evaluate(_MEASURE, names)]

    # geo.present.labels has y up; the screen has y down.
    def up(box: Rect) -> Box:
        return Box(box[0], height - box[3], box[2], height - box[1])

    near = [
        box
        for box in view.marks.values()
        if -DOM_MARK_HALF_PX < centre(box)[0] < width + DOM_MARK_HALF_PX
        and -DOM_MARK_HALF_PX < centre(box)[1] < height + DOM_MARK_HALF_PX
    ]
    spots = place_labels(
        [(centre(view.marks[cid])[0], height - centre(view.marks[cid])[1]) for cid in order],
        [(w, h) for w, h in sizes],
        radius=DOM_MARK_HALF_PX + LABEL_RULE["gap"],
        obstacles=[up(box) for box in [*view.controls, *near]],
        frame=Box(0, 0, width, height),
    )
    return {
        name: (s.box.x0, height - s.box.y1, s.box.x1, height - s.box.y0)
        for name, s in zip(names, spots, strict=True)
        if s is not None
    }


def same_boxes(got: dict[str, Rect], expected: dict[str, Rect], *, tolerance: float = 0.6) -> bool:
    return got.keys() == expected.keys() and all(
        abs(a - b) <= tolerance for name in got for a, b in zip(got[name], expected[name], strict=True)
    )
