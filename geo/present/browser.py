"""What the maps send to the browser: their own scripts and styles, and data as script-safe JSON.

The JavaScript, CSS and HTML live as package files in ``geo/present/web/`` (read with
:mod:`importlib.resources`), where a JS linter can see them. The dashboard serves the scripts
beside Leaflet; the standalone page inlines them. Either way the symbology spec
(:mod:`geo.present.symbology`) comes first, so the browser draws from the same values as matplotlib.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from importlib.resources import files
from typing import Any, Final

from jinja2.utils import htmlsafe_json_dumps

from geo.present.symbology import css_variables, spec

_WEB: Final = files("geo.present").joinpath("web")
#: A brace that would open a Jinja tag (``{{``, ``{%``, ``{#``): JSON only writes one inside a string.
_JINJA_OPEN: Final = re.compile(r"\{(?=[{%#])")


@cache
def web_file(name: str) -> str:
    """The text of ``geo/present/web/<name>``."""
    return _WEB.joinpath(name).read_text(encoding="utf-8")


def script_json(value: Any) -> str:
    """JSON that is safe inside an inline ``<script>``: no tag can be closed or comment opened from data.

    Nor can data open a Jinja tag: branca reads a macro's output as a template again, so
    ``{{ 7*7 }}`` in a name would run on the server; such a brace is written as its escape.

    >>> script_json({"name": "</script>{{ 7*7 }}"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u007b{ 7*7 }}"}'
    """
    text = str(htmlsafe_json_dumps(value, ensure_ascii=False, separators=(",", ":")))
    return _JINJA_OPEN.sub(r"\\u007b", text)


@cache
def map_script() -> str:
    """The maps' own script: the symbology spec, then symbols, legend and label placement (``web/map.js``).

    The live map loads it beside Leaflet; the standalone page inlines it. Symbols are drawn
    from plain values (colours are checked against #rrggbb before they get there), and every
    text is set with ``textContent``.
    """
    return f"var bwSymbology = {script_json(spec())};\n{web_file('map.js')}"


@cache
def map_css() -> str:
    """The maps' stylesheet, with the symbology's colours as CSS variables."""
    return css_variables() + web_file("map.css")


def digest(text: str) -> str:
    """A short hash of ``text``, for an address that changes whenever the file does."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
