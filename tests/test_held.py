"""The rule that tells the reader's choice from a browser catching up (dashboard/held.py), as a table."""

from __future__ import annotations

import pytest

from dashboard.held import RENDER_GRACE_S, UNKNOWN, Holding

A, B, C, X = "2021-05-01", "2021-05-05", "2021-06-22", "2021-08-01"


@pytest.mark.parametrize(
    ("holding", "reported", "in_link", "expected"),
    [
        # The browser shows what the page drew last: nothing changes.
        (Holding(B, (A, B)), B, B, Holding(B, (B,))),
        # A request sent before the browser drew the step (a pan reported, a quick second click):
        # its old day is not the reader's, the step stands.
        (Holding(B, (A, B)), A, A, Holding(B, (A, B))),
        (Holding(C, (A, B, C)), A, A, Holding(C, (A, B, C))),
        # Caught up with one step of two: the older draw is behind it.
        (Holding(C, (A, B, C)), B, B, Holding(C, (B, C))),
        # Steps taken before the page drew them (a callback's move): still the page's.
        (Holding(C, (A,)), A, A, Holding(C, (A,))),
        # The reader moves the slider to a day the page never drew: the reader's choice.
        (Holding(B, (A, B)), X, B, Holding(X, (X,))),
        (Holding(B, (A, B)), X, A, Holding(X, (X,))),
        # Back to the day before the step, once the browser shows the step: the reader's choice.
        (Holding(B, (A, B)), A, B, Holding(A, (A,))),
        # A link that tells nothing (unreadable, or a day the page never drew) leaves the draws as they are.
        (Holding(B, (A, B)), A, UNKNOWN, Holding(B, (A, B))),
        (Holding(B, (A, B)), A, X, Holding(B, (A, B))),
        # The crossing: none chosen yet (the link leaves it out) while a map click selected one.
        (Holding("torkham", (None, "torkham")), None, None, Holding("torkham", (None, "torkham"))),
        (Holding("torkham", (None, "torkham")), None, "torkham", Holding(None, (None,))),
    ],
)
def test_a_reported_value_is_the_readers_only_when_the_page_did_not_draw_it_lately(
    holding: Holding, reported: object, in_link: object, expected: Holding
) -> None:
    # Long after the last draw: the link alone tells how far the browser got.
    assert holding.observe(reported, in_link, now=100.0) == expected


#: The last draw, at second 10 of the clock.
DRAWN_AT = 10.0


@pytest.mark.parametrize(
    ("holding", "reported", "in_link", "now", "expected"),
    [
        # The browser has the link of the first of two quick steps, but its slider still shows the
        # day before it: the request (a pan reported, the second click) is not the reader going back.
        (Holding(C, (A, B, C), DRAWN_AT), A, B, DRAWN_AT + 0.4, Holding(C, (A, B, C), DRAWN_AT)),
        (Holding(B, (A, B), DRAWN_AT), A, B, DRAWN_AT + 0.4, Holding(B, (A, B), DRAWN_AT)),
        # Only the day just before the linked one: a day older still is behind the browser.
        (Holding(C, (A, B, C), DRAWN_AT), A, C, DRAWN_AT + 0.4, Holding(A, (A,), DRAWN_AT)),
        # Once the draw is a moment old, going back to the day before is the reader's choice.
        (Holding(B, (A, B), DRAWN_AT), A, B, DRAWN_AT + RENDER_GRACE_S, Holding(A, (A,), DRAWN_AT)),
        # A day never drawn is the reader's at once.
        (Holding(B, (A, B), DRAWN_AT), X, B, DRAWN_AT + 0.1, Holding(X, (X,), DRAWN_AT)),
    ],
)
def test_for_a_moment_after_a_draw_the_browser_may_still_show_the_value_before_its_link(
    holding: Holding, reported: object, in_link: object, now: float, expected: Holding
) -> None:
    assert holding.observe(reported, in_link, now) == expected


def test_a_move_keeps_the_draws_and_a_draw_is_recorded_once_with_its_time() -> None:
    moved = Holding(A, (A,)).moved_to(B)
    assert moved == Holding(B, (A,))
    assert moved.shown(5.0) == Holding(B, (A, B), 5.0)
    assert moved.shown(5.0).shown(6.0) == Holding(B, (A, B), 5.0)
