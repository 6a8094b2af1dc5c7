"""Showing text from the data as text: nothing in it may become markup, a link or an image."""

from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=])")


def plain(text: str) -> str:
    """``text`` escaped for ``st.markdown``: every markdown, HTML and Streamlit directive character.

    >>> plain("<img src=x>")
    '\\\\<img src\\\\=x\\\\>'
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
