"""Keeping the view in the URL, so a link reproduces what the reader sees.

Streamlit clears the URL's query and ends the state of every widget the new page does not
draw when the reader switches pages, so each value published here is also kept in a copy
of the session's own: the next page starts from the reader's choices, not the defaults.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

import streamlit as st

from dashboard.text import plain
from geo.dates import parse_day
from geo.errors import BorderwatchError

Parser = Callable[[str], Any]

#: Session-state key of the copy that outlives page switches.
KEPT = "url_state_kept"


def one_of(choices: Iterable[str]) -> Parser:
    """A parser that accepts only one of ``choices`` (anything else is refused with ValueError)."""
    allowed = list(choices)

    def parse(text: str) -> str:
        if text not in allowed:
            raise ValueError(f"not one of {allowed}")
        return text

    return parse


def day_between(first: date, last: date) -> Parser:
    """A parser of a link's day that brings a day outside ``first``..``last`` to the nearer end, saying so."""

    def parse(text: str) -> date:
        day = parse_day(text)
        if first <= day <= last:
            return day
        nearest = min(max(day, first), last)
        st.toast(
            plain(
                f"The link's date {day.isoformat()} is outside the data ({first.isoformat()} to {last.isoformat()}); "
                f"showing {nearest.isoformat()}."
            )
        )
        return nearest

    return parse


def _kept() -> dict[str, Any]:
    return st.session_state.setdefault(KEPT, {})  # type: ignore[no-any-return]


def restore(
    defaults: Mapping[str, Any], parsers: Mapping[str, Parser], *, state_keys: Mapping[str, str] | None = None
) -> None:
    """Seed widget state once per page visit: from the link, else the reader's last choice, else the default.

    ``state_keys`` names the widget that holds a link key on this page when it is not the key
    itself (one page's date input must not leave a value under another page's slider key).
    A value that does not parse (or that the parser refuses) takes the default, with a notice
    that shows the value as plain text.
    """
    kept = _kept()
    for link_key, default in defaults.items():
        key = (state_keys or {}).get(link_key, link_key)
        if key in st.session_state:
            continue
        raw = st.query_params.get(link_key)
        if not raw:
            # Published as None means "left out of the link", which reads as the default.
            st.session_state[key] = default if kept.get(link_key) is None else kept[link_key]
            continue
        try:
            st.session_state[key] = parsers[link_key](raw)
        except (ValueError, LookupError, BorderwatchError):
            st.toast(f"The link's {link_key} value is not valid here; showing the default instead: {plain(raw[:80])}")
            st.session_state[key] = default


def publish(values: Mapping[str, Any]) -> None:
    """Write the current view to the URL (leaving out empty values) and keep it for the next page.

    Sent on every run, as one message holding the whole link, even when the request's link already
    says the same: a request the browser sent before an earlier run's link reached it carries an old
    link, and a run over it sends that old link back with whatever it changes. Only a link sent by
    the last run is sure to hold the view as it is.
    """
    kept = _kept()
    shown: dict[str, str] = {}
    for key, value in values.items():
        kept[key] = value
        text = value.isoformat() if hasattr(value, "isoformat") else ("" if value is None else str(value))
        if text:
            shown[key] = text
        elif key in st.query_params:
            del st.query_params[key]
    st.query_params.update(shown)
