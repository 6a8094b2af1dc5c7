"""Wrapping the text around a static map: lines that fit, never more than allowed, nothing lost unless cut."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from geo.present.labels import break_wide, fit_lines

words = st.lists(st.text(alphabet="abcWM\u0e41\u0e21", min_size=1, max_size=30), min_size=1, max_size=30)


@given(words, st.integers(min_value=2, max_value=40), st.integers(min_value=1, max_value=6))
def test_every_line_fits_and_there_are_never_more_than_allowed(pieces: list[str], width: int, most: int) -> None:
    lines = fit_lines(pieces, width, len, separator=" ", most=most)
    assert 1 <= len(lines) <= most
    assert all(len(line) <= width for line in lines)


@given(words, st.integers(min_value=2, max_value=40))
def test_with_room_enough_no_character_is_lost(pieces: list[str], width: int) -> None:
    lines = fit_lines(pieces, width, len, separator=" ", most=10_000)
    assert "".join(lines).replace(" ", "") == "".join(pieces)


def test_text_that_needs_more_lines_ends_in_an_ellipsis_where_it_was_cut() -> None:
    assert fit_lines(["aaaa", "bbbb", "cccc"], 9, len, separator=" ", most=2) == ["aaaa bbbb", "cccc"]
    assert fit_lines(["aaaa", "bbbb", "cccc", "dddd"], 9, len, separator=" ", most=1) == ["aaaa bbb…"]


def test_a_combining_mark_stays_with_its_letter() -> None:
    # แม่ is three characters: a vowel, a consonant and a tone mark drawn above the consonant.
    assert break_wide(["แม่แม่"], 2, len) == ["แ", "ม่", "แ", "ม่"]


def test_a_link_breaks_only_where_it_must() -> None:
    pieces = ["http://host/", "present?", "region=a&", "date=2021-07-14"]
    assert fit_lines(pieces, 30, len, separator="", most=3) == ["http://host/present?region=a&", "date=2021-07-14"]
