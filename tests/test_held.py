"""The rule that tells the reader's choice from a browser catching up (dashboard/held.py), as a table."""

from __future__ import annotations

import pytest

from dashboard.held import UNKNOWN, Holding

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
    assert holding.observe(reported, in_link) == expected


def test_a_move_keeps_the_draws_and_a_draw_is_recorded_once() -> None:
    moved = Holding(A, (A,)).moved_to(B)
    assert moved == Holding(B, (A,))
    assert moved.shown() == Holding(B, (A, B))
    assert moved.shown().shown() == Holding(B, (A, B))
