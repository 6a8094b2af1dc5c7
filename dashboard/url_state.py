"""Keeping the view in the URL, so a link reproduces what the reader sees."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st

from geo.errors import BorderwatchError

Parser = Callable[[str], Any]


def restore(defaults: Mapping[str, Any], parsers: Mapping[str, Parser]) -> None:
    """Seed widget state from the URL once per session; bad or missing values take the default."""
    for key, default in defaults.items():
        if key in st.session_state:
            continue
        raw = st.query_params.get(key)
        try:
            st.session_state[key] = parsers[key](raw) if raw else default
        except (ValueError, LookupError, BorderwatchError):
            st.toast(f"The link's {key} {raw!r} is not valid here; showing the default instead.")
            st.session_state[key] = default


def publish(values: Mapping[str, Any]) -> None:
    """Write the current view to the URL, leaving out empty values."""
    for key, value in values.items():
        text = value.isoformat() if hasattr(value, "isoformat") else ("" if value is None else str(value))
        if text:
            if st.query_params.get(key) != text:
                st.query_params[key] = text
        elif key in st.query_params:
            del st.query_params[key]
