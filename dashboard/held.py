"""A widget value both the reader and the page set: the map page's day, and the crossing it tells.

Every request the browser sends carries every widget's value as the browser last had it. When
the page moves a widget itself (a "Next change" click, a click on the map, a jump from the
story), a request the browser sent before it drew that move (the map reporting a pan, a second
quick click) still carries the old value, and Streamlit takes it as the reader's: the move is
lost. So the page keeps the value itself, with the values it drew that the browser may not yet
show, and counts a value the browser sends as the reader's choice only when it is none of those.

The request's link tells how far the browser got: the page publishes the value in the link after
drawing it, so a link holding a drawn value means every earlier draw has reached the browser. Reached,
not yet shown: the browser updates its address as the message arrives and the widget when it next
renders, so for a moment after a draw the widget may still hold the value before the one in the
link. A request sent in that moment (a pan reported, a quick second click) is not the reader going
back; a reader who goes back does so later, after seeing the step.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

import streamlit as st

from geo.errors import BorderwatchError

#: A link value that tells nothing (absent from ``drawn``, or not readable).
UNKNOWN: Final = object()
#: How long after a draw the browser's widget may still show the value before it: long enough for a
#: browser under load to render, short enough that a reader going back is not taken for it.
RENDER_GRACE_S: Final = 1.5


@dataclass(frozen=True)
class Holding:
    """The page's value, and the values it drew that the browser may still show (oldest first), the
    last of them drawn at ``drawn_at`` (seconds on a monotonic clock; long ago when not given)."""

    value: Any
    drawn: tuple[Any, ...]
    drawn_at: float = -math.inf

    def observe(self, reported: Any, in_link: Any, now: float) -> Holding:
        """This holding after a request, at ``now``, whose browser showed ``reported`` and whose link held ``in_link``.

        A link value the page drew means the browser has every draw up to it: the older ones are
        behind it, but for the one just before it while the last draw is recent (see the module's
        note). A reported value among the draws still in flight is the browser catching up; any
        other is the reader's choice.
        """
        drawn = self.drawn
        if in_link is not UNKNOWN and in_link in drawn:
            linked = len(drawn) - 1 - drawn[::-1].index(in_link)
            rendering = now - self.drawn_at < RENDER_GRACE_S
            drawn = drawn[max(linked - 1, 0) if rendering else linked :]
        if reported in drawn:
            return Holding(self.value, drawn, self.drawn_at)
        return Holding(reported, (reported,), self.drawn_at)

    def moved_to(self, value: Any) -> Holding:
        """The page's own move to ``value``."""
        return Holding(value, self.drawn, self.drawn_at)

    def shown(self, now: float) -> Holding:
        """After drawing the widget at :attr:`value`, at ``now``."""
        if self.drawn and self.drawn[-1] == self.value:
            return self
        return Holding(self.value, (*self.drawn, self.value), now)


@dataclass(frozen=True)
class Held:
    """The widget ``key``, published in the link under ``link_key`` (read back with ``parse``).

    Read it with :meth:`current` (also in callbacks), move it with :meth:`set`, and call
    :meth:`draw` right before drawing the widget with ``key=`` on every run.
    """

    key: str
    link_key: str
    parse: Callable[[str], Any]

    @property
    def _state_key(self) -> str:
        return f"held:{self.key}"

    def start(self) -> None:
        """Hold the value the page seeded into the widget's key, on a new visit to the page."""
        value = st.session_state[self.key]
        st.session_state[self._state_key] = Holding(value, (value,))

    def _in_link(self) -> Any:
        text = st.query_params.get(self.link_key)
        if not text:
            return None
        try:
            return self.parse(text)
        except (ValueError, LookupError, BorderwatchError):
            return UNKNOWN

    def _observed(self) -> Holding:
        holding: Holding | None = st.session_state.get(self._state_key)
        reported = st.session_state.get(self.key)
        if holding is None:
            holding = Holding(reported, (reported,))
        # Until drawn on this run, the widget's key holds the browser's value.
        holding = holding.observe(reported, self._in_link(), time.monotonic())
        st.session_state[self._state_key] = holding
        return holding

    def current(self) -> Any:
        """The value: the reader's choice, else the page's last move."""
        return self._observed().value

    def set(self, value: Any) -> None:
        """Move the widget to ``value`` (before it is drawn on this run, or from a callback)."""
        st.session_state[self._state_key] = self._observed().moved_to(value)

    def draw(self) -> Any:
        """Put the value in the widget's key for the widget about to be drawn, and return it."""
        holding = self._observed()
        st.session_state[self.key] = holding.value
        st.session_state[self._state_key] = holding.shown(time.monotonic())
        return holding.value
