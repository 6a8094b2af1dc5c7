"""Party colours on the maps: a party keeps its own colour; the others take one that no party of the
same region has, so a legend never shows two holders in one colour while the palette lasts."""

from __future__ import annotations

from collections import Counter

import pandas as pd

from geo.atlas import Atlas
from geo.model import DEFAULT_PALETTE, assign_colors
from geo.party_colors import shown_together, with_colors


def test_no_two_parties_of_a_seed_region_share_a_colour(seed_atlas: Atlas) -> None:
    colors = seed_atlas.party_colors()
    groups = shown_together(seed_atlas.parties, seed_atlas.crossings, seed_atlas.reports)
    assert len(groups) == len(seed_atlas.regions())
    for group in groups:
        assert len(group) <= len(DEFAULT_PALETTE)
        assert len({colors[p] for p in group}) == len(group), sorted((colors[p], p) for p in group)


def test_a_region_groups_its_reports_parties_and_the_states_of_its_countries() -> None:
    parties = pd.DataFrame(
        {
            "party_id": ["taliban", "pakistan", "iran", "hamas"],
            "color": ["", "", "", ""],
            "country": ["", "PAK", "IRN", ""],
        }
    )
    crossings = pd.DataFrame(
        {
            "crossing_id": ["chaman", "rafah"],
            "region": ["af", "gaza"],
            "country_a": ["AFG", "PSE"],
            "country_b": ["PAK", "EGY"],
        }
    )
    reports = pd.DataFrame(
        {"crossing_id": ["chaman", "rafah"], "controller": ["taliban", ""], "claimant": ["", "hamas"]}
    )
    assert sorted(map(sorted, shown_together(parties, crossings, reports))) == [["hamas"], ["pakistan", "taliban"]]


def test_a_stored_colour_is_kept_and_the_palette_goes_round_the_others() -> None:
    parties = pd.DataFrame({"party_id": ["a", "b", "c"], "color": ["#111111", None, ""], "country": ["", "", ""]})
    crossings = pd.DataFrame({"crossing_id": ["x"], "region": ["r"], "country_a": ["AAA"], "country_b": ["BBB"]})
    reports = pd.DataFrame({"crossing_id": ["x", "x"], "controller": ["b", "c"], "claimant": ["a", ""]})
    colored = with_colors(parties, crossings, reports)
    assert list(colored["color"]) == ["#111111", DEFAULT_PALETTE[0], DEFAULT_PALETTE[1]]


def test_a_region_with_more_parties_than_colours_shares_each_colour_as_few_times_as_can_be() -> None:
    crowd = [f"p{n:02d}" for n in range(2 * len(DEFAULT_PALETTE))]
    colors = assign_colors(crowd, {}, together=[set(crowd)])
    assert sorted(Counter(colors.values()).values()) == [2] * len(DEFAULT_PALETTE)
