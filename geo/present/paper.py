"""The page sizes a static map is laid out on: the wide screen page and the papers reports use.

A page is a size in inches; a PDF is that page, a PNG is that page at a resolution
(:data:`SCREEN_DPI` for screens, :data:`PRINT_DPI` for print).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from geo.errors import UnknownPageError

_MM_PER_INCH: Final = 25.4
SCREEN_DPI: Final = 160
PRINT_DPI: Final = 300


@dataclass(frozen=True)
class Page:
    """A sheet ``width`` x ``height`` inches, with its name for links and the command line."""

    name: str
    label: str
    width: float
    height: float

    def pixels(self, dpi: float) -> tuple[int, int]:
        """The page's size in whole pixels at ``dpi``."""
        return round(self.width * dpi), round(self.height * dpi)


def _paper(name: str, label: str, width_mm: float, height_mm: float) -> Page:
    return Page(name, label, width_mm / _MM_PER_INCH, height_mm / _MM_PER_INCH)


#: The first is the default: 25.4 cm wide, which fits A4 landscape inside its margins.
PAGES: Final = {
    page.name: page
    for page in (
        Page("wide", "Wide (25.4 × 15.9 cm)", 10.0, 6.25),
        _paper("a4-landscape", "A4 landscape", 297, 210),
        _paper("a4-portrait", "A4 portrait", 210, 297),
        Page("letter-landscape", "Letter landscape", 11.0, 8.5),
        Page("letter-portrait", "Letter portrait", 8.5, 11.0),
    )
}
WIDE: Final = PAGES["wide"]


def page_named(name: str) -> Page:
    """The page called ``name`` (case, spaces and underscores aside), else :class:`UnknownPageError`.

    >>> page_named("a4-portrait").pixels(300), page_named("A4 Landscape").name
    ((2480, 3508), 'a4-landscape')
    """
    key = "-".join(name.lower().replace("_", " ").split())
    try:
        return PAGES[key]
    except KeyError:
        raise UnknownPageError(name, tuple(PAGES)) from None
