"""The matplotlib settings every static map is drawn and saved under, applied one render at a time."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Final

import matplotlib as mpl
from matplotlib.typing import RcKeyType

from geo.present.fonts import FONT_FAMILY, register_fonts

_RC: Final[dict[RcKeyType, Any]] = {
    # DejaVu ships with matplotlib and the script fonts with installed packages (geo.present.fonts),
    # so no font is looked up anywhere else.
    "font.family": list(FONT_FAMILY),
    "font.size": 8.0,
    # A crossing called "$5 gate" prints as written, not as mathematics.
    "text.parse_math": False,
    "lines.scale_dashes": False,
    # SVG text stays text: searchable, and editable by whoever lays out the briefing.
    "svg.fonttype": "none",
    "svg.hashsalt": "borderwatch",
    "pdf.fonttype": 42,
}

# At import, so that matplotlib knows the script fonts' names before anything is drawn.
register_fonts()

# rcParams are global: two renders at once (the dashboard makes downloads on worker threads)
# must not restore each other's settings halfway through.
_STYLE_LOCK: Final = threading.RLock()


@contextmanager
def map_style() -> Iterator[None]:
    """Draw or save a static map inside this: the maps' fonts and settings, one thread at a time."""
    register_fonts()
    with _STYLE_LOCK, mpl.rc_context(_RC):
        yield
