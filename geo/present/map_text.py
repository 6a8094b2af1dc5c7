"""The text around a static map: title, subtitle, sources, permalink and credit, laid out so none overlaps.

Every piece is measured with the renderer that will draw it (font fallback and shaping
included) and wrapped to the room it has: the title and subtitle stack down from the top
of the page, the permalink and the credit share the bottom line with the link wrapped
clear of the credit, and the sources sit above them. A text that would need more lines
than its share is cut with an ellipsis rather than run into its neighbour.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Final

from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.text import Text

from geo.present.fonts import FONT_FAMILY, drawable
from geo.present.labels import Box, fit_lines, wrap
from geo.present.sources import NO_SOURCES, SOURCES_HEAD, more_outlets
from geo.present.symbology import INK, MUTED

SOURCES_PT: Final = 6.5
SOURCES_SPACING: Final = 1.35
MAX_SOURCE_LINES: Final = 4
MAX_TITLE_LINES: Final = 3
MAX_SUBTITLE_LINES: Final = 3
#: Enough for a link carrying the longest title and subtitle in Latin script on any page.
MAX_LINK_LINES: Final = 5
CREDIT: Final = "Outlines: Natural Earth · Borderwatch"
_LINK_PT: Final = 5.5
#: A link breaks after these characters first, so a line ends at a parameter, a path step or a word.
_LINK_BREAKS: Final = re.compile(r"(?<=[&?/+])")
_WEB_ADDRESS: Final = re.compile(r"https?://[^\s\"'<>]+\Z", re.IGNORECASE)
# Not a semicolon: outlet names such as "TRT World; Pakistan Observer" hold one.
_SOURCE_SEPARATOR: Final = "  ·  "


class PageText:
    """Measures and places the text of one figure, inside margins of ``margin`` inches."""

    def __init__(self, fig: Figure, renderer: RendererAgg, margin: float) -> None:
        self.fig, self.renderer, self.margin = fig, renderer, margin
        # Wrapping measures the same lines again and again (the sources once per layout tried).
        self._widths: dict[tuple[str, FontProperties], float] = {}

    def inches(self, inches: float) -> float:
        """``inches`` in pixels."""
        return inches * self.fig.dpi

    def pixels(self, points: float) -> float:
        """``points`` (a font's unit) in pixels."""
        return points * self.fig.dpi / 72

    def points(self, pixels: float) -> float:
        """``pixels`` in points: offsets are given in points, so a vector format redrawn at 72 dpi keeps them."""
        return pixels * 72 / self.fig.dpi

    def width(self) -> float:
        """The width in pixels between the margins."""
        return self.fig.bbox.width - 2 * self.inches(self.margin)

    def font(self, size: float, weight: str = "normal") -> FontProperties:
        return FontProperties(family=list(FONT_FAMILY), size=size, weight=weight)

    def measure(self, text: str, font: FontProperties) -> float:
        """The width in pixels of one line of ``text``."""
        key = (text, font)
        if key not in self._widths:
            width, _, _ = self.renderer.get_text_width_height_descent(text, font, ismath=False)  # type: ignore[no-untyped-call]
            self._widths[key] = float(width)
        return self._widths[key]

    def probe(self, text: str, **style: Any) -> Text:
        """A text that is measured, never drawn."""
        probe = Text(0, 0, text, **style)
        probe.set_figure(self.fig)
        return probe

    def box(self, text: Text, pad_pt: float = 0.0) -> Box:
        """Where ``text`` is drawn, in pixels, widened by ``pad_pt`` points on every side."""
        extent = text.get_window_extent(self.renderer)
        pad = pad_pt * self.fig.dpi / 72
        return Box(extent.x0 - pad, extent.y0 - pad, extent.x1 + pad, extent.y1 + pad)

    def lines_height(self, count: int, size: float, spacing: float) -> float:
        """The height in pixels of ``count`` lines of text at ``size`` points, as matplotlib stacks them."""
        box = self.box(self.probe("\n".join(["Ég"] * count), fontsize=size, linespacing=spacing))
        return box.y1 - box.y0

    def header(self, title: str | None, subtitle: str | None) -> float:
        """Title and subtitle wrapped to the page's width, from its top; returns the pixel height of their bottom."""
        y = self.fig.bbox.height - self.inches(0.16)
        parts = (
            (title, 15.0, "bold", INK, "title", MAX_TITLE_LINES),
            (subtitle, 10.0, "normal", MUTED, "subtitle", MAX_SUBTITLE_LINES),
        )
        drawn = False
        for raw, size, weight, colour, gid, most in parts:
            text = drawable(raw or "")
            if not text.split():
                continue
            font = self.font(size, weight)

            def measure(line: str, font: FontProperties = font) -> float:
                return self.measure(line, font)

            lines = fit_lines(text.split(), self.width(), measure, separator=" ", most=most)
            artist = self.fig.text(
                self.margin / self.fig.get_figwidth(),
                y / self.fig.bbox.height,
                "\n".join(lines),
                fontsize=size,
                fontweight=weight,
                va="top",
                color=colour,
                gid=gid,
                linespacing=1.15,
            )
            y = self.box(artist).y0 - self.inches(0.06)
            drawn = True
        return y if drawn else y - self.inches(0.06)

    def permalink_and_credit(self, permalink: str | None) -> float:
        """The bottom line: the permalink on the left, wrapped clear of the credit on the right.

        Returns the pixel height of the taller one's top. The full link also goes on the text
        as its URL, so it is a live link in a PDF or SVG even where the printed one is cut.
        """
        left, bottom = self.margin / self.fig.get_figwidth(), 0.08 / self.fig.get_figheight()
        credit = self.box(
            self.fig.text(
                1 - left, bottom, CREDIT, fontsize=_LINK_PT, ha="right", va="bottom", color=MUTED, gid="credit"
            )
        )
        top = credit.y1
        permalink = drawable(permalink or "")
        if permalink.strip():
            room = credit.x0 - self.inches(0.25) - self.inches(self.margin)
            font = self.font(_LINK_PT)
            pieces = [piece for piece in _LINK_BREAKS.split(permalink) if piece]
            lines = fit_lines(pieces, room, lambda s: self.measure(s, font), separator="", most=MAX_LINK_LINES)
            # Only a web address becomes a live link: a "javascript:" one would run in a reader's viewer.
            live = permalink if _WEB_ADDRESS.match(permalink) else None
            link = self.fig.text(
                left,
                bottom,
                "\n".join(lines),
                fontsize=_LINK_PT,
                va="bottom",
                color=MUTED,
                gid="permalink",
                url=live,
                linespacing=1.2,
            )
            top = max(top, self.box(link).y1)
        return top

    def footnote_lines(self, footnote: Callable[[int], list[str]], *, most: int) -> list[str]:
        """The footnote with as many outlets as its lines hold, never more than ``most``.

        ``footnote(count)`` gives the entries with at most ``count`` outlets (the rest summed
        up in one line) and the lines that follow them, such as who vouches for a contested
        crossing's holders: outlets give way first, so those lines stay whole.
        """

        def fits(entries: list[str]) -> bool:
            return len(self._source_groups(entries)[0]) <= MAX_SOURCE_LINES

        best = footnote(most)
        if fits(best):
            return self.source_lines(best)
        # Fewer outlets take fewer lines: the largest count that fits, in a few tries (a footnote costs
        # a pass over the reports).
        low, high, best = 1, most - 1, footnote(1)
        while low <= high:
            middle = (low + high) // 2
            entries = footnote(middle)
            if fits(entries):
                best, low = entries, middle + 1
            else:
                high = middle - 1
        return self.source_lines(best)

    def _source_groups(self, entries: list[str]) -> tuple[list[list[str]], list[int]]:
        """The footnote's pieces grouped in lines, and which entry (0 the heading) each piece is of."""
        font = self.font(SOURCES_PT)
        width = self.width()

        def measure(text: str) -> float:
            return self.measure(text, font)

        # An entry wider than the line (a long outlet name) is cut at its spaces, then anywhere.
        pieces, owners = [], []
        for number, entry in enumerate([SOURCES_HEAD, *(drawable(entry) for entry in entries)]):
            for piece in fit_lines(entry.split(" "), width, measure, separator=" ", most=max(len(entry), 1)):
                pieces.append(piece)
                owners.append(number)
        return wrap(pieces, width, measure, _SOURCE_SEPARATOR), owners

    def note_lines(self, note: str, *, most: int = 2) -> list[str]:
        """A line under the sources (what the map leaves out) wrapped to the page; none for no note."""
        if not note:
            return []
        font = self.font(SOURCES_PT)
        words = drawable(note).split()
        return fit_lines(words, self.width(), lambda s: self.measure(s, font), separator=" ", most=most)

    def source_lines(self, entries: list[str]) -> list[str]:
        """The footnote of source ``entries`` wrapped to the page, at most :data:`MAX_SOURCE_LINES` lines."""
        if not entries:
            return [NO_SOURCES]
        grouped, owners = self._source_groups(entries)
        if len(grouped) > MAX_SOURCE_LINES:
            kept = grouped[: MAX_SOURCE_LINES - 1]
            cut = sum(len(line) for line in kept)
            # An entry counts as shown only when all of it is; the heading counts as one.
            shown = len(set(owners[:cut])) - (owners[cut - 1] == owners[cut])
            grouped = [*kept, [more_outlets(len(entries) + 1 - shown)]]
        lines = [_SOURCE_SEPARATOR.join(line) for line in grouped]
        lines[0] = lines[0].replace(SOURCES_HEAD + _SOURCE_SEPARATOR, SOURCES_HEAD + " ", 1)
        return lines
