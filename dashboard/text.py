"""Showing text from a link, a file or the database as text: nothing in it may become markup, a link or an image.

Every Streamlit element that draws Markdown (markdown, captions, headers, toasts, alerts,
expander and widget labels) gets such text through :func:`plain`, the one place that knows
how Streamlit's Markdown could turn text into something else.
"""

from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=&])")
# GitHub-flavoured Markdown links bare addresses after escapes are read ("http\://x" still
# becomes a link), so a word joiner, which shows as nothing, breaks the patterns it looks for.
_BARE_LINK = re.compile(r"(?i)(?<=[a-z])(?=:/)|(?<=w)(?=ww\.)|(?<=@)")
WORD_JOINER = "\u2060"


def plain(text: object) -> str:
    """``text`` escaped for Streamlit's Markdown: shown as the same characters, never as markup or a link.

    >>> plain("<img src=x>")
    '\\\\<img src\\\\=x\\\\>'
    >>> "\\u2060" in plain("see https://example.org")
    True
    """
    unlinked = _BARE_LINK.sub(WORD_JOINER, str(text).replace("\n", " "))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", unlinked)
