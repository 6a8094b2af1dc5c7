"""Permission marks: a small badge beside a crossing's status symbol, for every map.

Permission is not control (:mod:`geo.mandates`), so it gets a mark of its own rather than a
change of fill or shape: a disc at the upper right of the symbol's box, over a white halo that
keeps it apart from the symbol's outline. An ink disc with a white tick is a permit in force
(*authorised*), an ink disc with a white bar a ban in force (*forbidden*, as a no-entry sign),
and a white disc with a dashed ink ring and an ink tick a permit that lapsed and was not replaced.
The status shapes never carry a tick or a bar and are never drawn in solid ink, so the badge
reads apart from them in greyscale; at a canvas map's smallest size the tick and the bar blur, and
a dark disc against a hollow one still tells in force from lapsed.

The badge is never faded with a stale symbol: a permit's days are known from its own record, not
from the age of the last report. A crossing both authorised and forbidden (two issuers, or two
kinds of traffic) shows both badges: the permit's at the upper right, the ban's at the upper left.

Like :mod:`geo.present.symbology`, nothing here draws: the browser reads :func:`badge_spec`
as JSON and :mod:`geo.present.mpl_symbols` draws the same values with matplotlib.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pandas as pd

#: The badges, in the order a crossing shows them (a crossing shows at most one of the first two).
BADGES: Final = ("authorised", "lapsed", "forbidden")
#: Each badge's disc fill, glyph and whether its ring is dashed; an ink disc's glyph is white, a white disc's ink.
BADGE_LOOKS: Final[dict[str, dict[str, Any]]] = {
    "authorised": {"fill": "ink", "glyph": "tick", "dashed": False},
    "forbidden": {"fill": "ink", "glyph": "bar", "dashed": False},
    "lapsed": {"fill": "blank", "glyph": "tick", "dashed": True},
}
#: The glyphs as polylines about the badge's centre, in box units, y down (as SVG draws them).
GLYPHS: Final[dict[str, list[list[float]]]] = {
    "tick": [[-2.7, 0.1], [-0.9, 2.0], [2.7, -1.9]],
    "bar": [[-2.9, 0.0], [2.9, 0.0]],
}
#: The badge's radius in the symbol's 24-unit box, and the white halo around it.
BADGE_RADIUS: Final = 5.0
BADGE_HALO: Final = 0.8
#: Where the first and the second badge sit: the box's upper right, then its upper left, inside the box.
BADGE_SPOTS: Final = ((24.0 - BADGE_RADIUS - BADGE_HALO, BADGE_RADIUS + BADGE_HALO), (BADGE_RADIUS + BADGE_HALO,) * 2)
#: Line widths in box units: the glyph, a lapsed badge's ring, and that ring's dash.
BADGE_STROKE: Final = {"glyph": 1.8, "ring": 1.1}
BADGE_DASH: Final = (1.6, 1.1)

#: The legend's words for each badge, in the "Permission" section.
BADGE_LABELS: Final = {
    "authorised": "Authorised (tick): a permit in force",
    "forbidden": "Forbidden (bar): a ban in force",
    "lapsed": "Permit lapsed (hollow tick): not renewed",
}
PERMISSION_SECTION: Final = "Permission"


def _flag(value: Any) -> bool:
    # A frame built by hand may leave a flag missing (NaN, None): only a true value counts.
    return isinstance(value, bool | np.bool_) and bool(value)


def permission_marks(state: Mapping[str, Any]) -> tuple[str, ...]:
    """The badges a row of a state frame shows (:data:`geo.mandates.SUMMARY_COLUMNS`), in order.

    A lapse shows only while no permit is in force, as :func:`geo.permission_text.permission_text` says it.

    >>> from datetime import date
    >>> permission_marks({"authorised": True, "forbidden": False, "authorisation_lapsed": date(2020, 1, 10)})
    ('authorised',)
    >>> permission_marks({"authorised": False, "forbidden": True, "authorisation_lapsed": date(2020, 1, 10)})
    ('lapsed', 'forbidden')
    >>> permission_marks({"status": "open"})
    ()
    """
    marks = []
    if _flag(state.get("authorised")):
        marks.append("authorised")
    elif isinstance(state.get("authorisation_lapsed"), date):
        marks.append("lapsed")
    if _flag(state.get("forbidden")):
        marks.append("forbidden")
    return tuple(marks)


def shown_badges(states: pd.DataFrame) -> list[str]:
    """The badges drawn on any row of ``states``, in :data:`BADGES` order, found by columns."""
    n = len(states)

    def flags(column: str) -> npt.NDArray[np.bool_]:
        if column not in states.columns:
            return np.zeros(n, dtype=bool)
        return np.fromiter((_flag(v) for v in states[column].tolist()), dtype=bool, count=n)

    authorised = flags("authorised")
    lapsed = np.zeros(n, dtype=bool)
    if "authorisation_lapsed" in states.columns:
        lapsed = np.fromiter((isinstance(v, date) for v in states["authorisation_lapsed"].tolist()), bool, count=n)
    found = {"authorised": authorised, "lapsed": lapsed & ~authorised, "forbidden": flags("forbidden")}
    return [badge for badge in BADGES if found[badge].any()]


def badge_spec() -> dict[str, Any]:
    """The badges as plain values, for the browser's drawing code (a part of :func:`geo.present.symbology.spec`)."""
    return {
        "looks": BADGE_LOOKS,
        "glyphs": GLYPHS,
        "radius": BADGE_RADIUS,
        "halo": BADGE_HALO,
        "spots": [list(spot) for spot in BADGE_SPOTS],
        "stroke": {**BADGE_STROKE, "dash": list(BADGE_DASH)},
    }
