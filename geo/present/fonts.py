"""The fonts the static maps draw with: one family per script of the data, from installed packages.

DejaVu Sans (shipped with matplotlib) draws Latin and most Arabic-script letters; the Noto
families fill in what it lacks, character by character, through matplotlib's font fallback:
Pashto's letters missing from DejaVu, Thai and Burmese. The Noto files come from the PyPI
packages ``justmytype-intl-rtl`` and ``justmytype-intl-sea`` (fonts under the SIL Open Font
License 1.1, whose text ships beside each file), so ``make install`` brings them and nothing is
looked up on the machine. Matplotlib shapes each run of text (joining, reordering, right to
left) with libraqm.

Examples
--------
>>> register_fonts()
>>> uncovered("Mae Sot (แม่สอด) မြဝတီ سپین بولدک")
''
>>> drawable("Gate\\ufeff\\n2 \\u202eAFP")
'Gate\\u2060 2 \\u202eAFP\\u202c'
"""

from __future__ import annotations

import dataclasses
import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Final

from matplotlib import font_manager
from matplotlib.ft2font import FT2Font


@dataclass(frozen=True)
class ScriptFont:
    """A font family that draws the scripts named, from the file in an installed package."""

    family: str
    scripts: str
    package: str
    path: str

    def file(self) -> Path:
        """Where the installed package keeps the font."""
        return Path(str(files(self.package).joinpath(self.path)))


#: DejaVu Sans comes with matplotlib itself; it draws Latin and most Arabic-script text.
BASE_FAMILY: Final = "DejaVu Sans"
#: The fallbacks, tried in this order for any character the fonts before them lack.
SCRIPT_FONTS: Final = (
    ScriptFont(
        "Noto Sans Arabic",
        "Arabic script (Pashto, Dari)",
        "justmytype_intl_rtl",
        "fonts/ofl/notosansarabic/NotoSansArabic[wdth,wght].ttf",
    ),
    ScriptFont("Noto Sans Thai", "Thai", "justmytype_intl_sea", "fonts/ofl/notosansthai/NotoSansThai[wdth,wght].ttf"),
    ScriptFont(
        "Noto Sans Myanmar",
        "Burmese",
        "justmytype_intl_sea",
        "fonts/ofl/notosansmyanmar/NotoSansMyanmar[wdth,wght].ttf",
    ),
)
#: ``font.family`` for every static map.
FONT_FAMILY: Final = (BASE_FAMILY, *(font.family for font in SCRIPT_FONTS))
_REGISTER_LOCK: Final = threading.Lock()

#: Line and paragraph breaks inside one value: a label, a name or a title is drawn on its own lines.
_BREAKS: Final = re.compile("[\t\n\x0b\x0c\r\x1c-\x1f\x85\u2028\u2029]")
#: What no format can carry: lone surrogates (UTF-8 has no bytes for them: every layout fails), the
#: other control characters, and noncharacters (U+FFFE and U+FFFF are not allowed in an SVG's XML).
_UNDRAWABLE: Final = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17))
    + "]"
)
#: Direction embeddings and overrides close with U+202C, isolates with U+2069.
_BIDI_OPENERS: Final = {
    "\u202a": "\u202c",
    "\u202b": "\u202c",
    "\u202d": "\u202c",
    "\u202e": "\u202c",
    "\u2066": "\u2069",
    "\u2067": "\u2069",
    "\u2068": "\u2069",
}


def register_fonts() -> None:
    """Make the script fonts known to matplotlib, once per process.

    The packaged files are variable fonts that matplotlib reads at their regular weight
    only; they are also entered as bold, so a bold title with Thai in it prints the Thai at
    regular weight instead of warning on every render that no bold exists.
    """
    with _REGISTER_LOCK:
        manager = font_manager.fontManager
        known = {entry.name for entry in manager.ttflist}
        for font in SCRIPT_FONTS:
            if font.family in known:
                continue
            manager.addfont(font.file())
            regular = next(entry for entry in manager.ttflist if entry.name == font.family)
            manager.ttflist.append(dataclasses.replace(regular, weight=700))
        # findfont caches its answers, including those given before these fonts were known.
        manager._findfont_cached.cache_clear()  # type: ignore[attr-defined]


@cache
def _charmaps() -> tuple[frozenset[int], ...]:
    """The characters each font of :data:`FONT_FAMILY` has a glyph for, in fallback order."""
    base = font_manager.findfont(font_manager.FontProperties(family=BASE_FAMILY), fallback_to_default=False)
    paths = [Path(base), *(font.file() for font in SCRIPT_FONTS)]
    return tuple(frozenset(FT2Font(str(path)).get_charmap()) for path in paths)


def uncovered(text: str) -> str:
    """The characters of ``text`` that no font of :data:`FONT_FAMILY` draws, each once, in order.

    Spaces, line breaks and invisible format characters (joiners, direction marks) draw
    nothing and so need no glyph.
    """
    missing: dict[str, None] = {}
    for char in text:
        if unicodedata.category(char) in {"Zs", "Zl", "Zp", "Cc", "Cf"}:
            continue
        if not any(ord(char) in charmap for charmap in _charmaps()):
            missing[char] = None
    return "".join(missing)


def drawable(text: object) -> str:
    """``text`` as one line that matplotlib draws in PNG, PDF and SVG alike, everything else kept as written.

    Every text a static map draws from data or from a user (names, sources, title, link)
    goes through here first, so no value can break a render or reach past itself:

    - a line break or tab becomes a space (each value is laid out on lines of its own);
    - U+FEFF becomes U+2060 WORD JOINER, its meaning inside text, because matplotlib's PDF
      writer takes it for a byte-order mark, drops it and fails on the glyph left without it;
    - a lone surrogate, another control character or a noncharacter, which no file can
      carry, becomes U+FFFD, so the reader sees that something was there;
    - a direction override, embedding or isolate left open is closed at the value's end, so
      a name written ``\\u202eAFP`` cannot turn the rest of a footnote line around.

    Mathematics is never read from text: the renderer turns ``text.parse_math`` off, so
    ``$x^2$`` prints as those five characters.
    """
    value = _UNDRAWABLE.sub("\ufffd", _BREAKS.sub(" ", str(text))).replace("\ufeff", "\u2060")
    pending: list[str] = []
    for char in value:
        if char in _BIDI_OPENERS:
            pending.append(_BIDI_OPENERS[char])
        elif char == "\u2069" and char in pending:
            # An isolate's end also ends the embeddings opened inside it.
            while pending.pop() != char:
                pass
        elif char == "\u202c" and pending and pending[-1] == char:
            pending.pop()
    return value + "".join(reversed(pending))
