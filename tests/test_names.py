"""Names for readers: countries from their codes, regions from their slugs, and why nothing is shown."""

from __future__ import annotations

from datetime import date

import pytest

from geo.filters import CrossingFilter, nothing_shown
from geo.names import country_name, pair_name, region_name


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("AFG", "Afghanistan"),
        ("PAK", "Pakistan"),
        ("IRN", "Iran"),
        ("SYR", "Syria"),
        ("MMR", "Myanmar"),
        ("THA", "Thailand"),
        ("COD", "DR Congo"),
        ("PSE", "Palestine"),
        ("RUS", "Russia"),
        ("XXX", "XXX"),
        ("", ""),
    ],
)
def test_a_country_code_reads_as_the_name_news_reports_use(code: str, name: str) -> None:
    assert country_name(code) == name


def test_a_crossing_s_two_countries_read_as_a_pair() -> None:
    assert pair_name("AFG", "PAK") == "Afghanistan–Pakistan"


@pytest.mark.parametrize(
    ("slug", "name"),
    [
        ("afghanistan-2021", "Afghanistan, 2021"),
        ("myanmar-thailand-2024", "Myanmar–Thailand, 2024"),
        ("gaza-2023-2025", "Gaza, 2023–2025"),
        ("syria-cross-border-2014-2024", "Syria cross border, 2014–2024"),
        ("texas-mexico-bridges", "Texas Mexico bridges"),
        ("region", "Region"),
        ("synthetic-07", "Synthetic 07"),
    ],
)
def test_a_region_slug_reads_as_a_name(slug: str, name: str) -> None:
    assert region_name(slug) == name


def test_an_empty_search_says_no_name_matches() -> None:
    chosen = CrossingFilter(regions=frozenset({"r"}), search=" Wakhan ")
    text = nothing_shown(chosen, "Afghanistan, 2021", date(2021, 7, 1))
    assert text.startswith('No crossing in Afghanistan, 2021 has a name matching "Wakhan".')


def test_filters_that_leave_nothing_say_so_with_the_day() -> None:
    chosen = CrossingFilter(search="Torkham", statuses=frozenset({"open"}))
    assert nothing_shown(chosen, "Afghanistan, 2021", date(2021, 7, 1)) == (
        "No crossing in Afghanistan, 2021 matches these filters as of 2021-07-01. Clear a filter to see more."
    )
