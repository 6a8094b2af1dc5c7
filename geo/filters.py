"""Choosing which crossings a view shows: region, country, party, status, flags and name search."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from geo.names import ALL_REGIONS


def fold(text: str) -> str:
    """Text for matching: Unicode-normalised, case-folded, without accents or Arabic-script variants.

    Arabic and Persian spellings of the same letter (yeh, kaf) and the zero-width
    non-joiner are made equal, so a Dari name matches however it was typed.
    """
    decomposed = unicodedata.normalize("NFKD", text).casefold()
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.translate(_SCRIPT_VARIANTS).strip()


_SCRIPT_VARIANTS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "\u200c": None, "\u200d": None})


@dataclass(frozen=True)
class CrossingFilter:
    """What to show; empty collections and False flags mean "no restriction"."""

    regions: frozenset[str] = field(default_factory=frozenset)
    countries: frozenset[str] = field(default_factory=frozenset)
    parties: frozenset[str] = field(default_factory=frozenset)
    statuses: frozenset[str] = field(default_factory=frozenset)
    #: The kind of traffic ``statuses`` are about ("aid": open to aid); empty: the crossing's passage.
    traffic: str = ""
    contested_only: bool = False
    stale_only: bool = False
    unconfirmed_only: bool = False
    #: Only crossings some authorisation permits traffic through (:mod:`geo.mandates`).
    authorised_only: bool = False
    #: Only crossings whose permit in force ends within this many days (0: ends today); None: any.
    expiring_within: int | None = None
    search: str = ""
    #: Crossings the search also finds by another name (their gazetteer aliases: :mod:`geo.gazetteer`).
    also_named: frozenset[str] = field(default_factory=frozenset)

    def static_mask(self, crossings: pd.DataFrame) -> pd.Series:
        """Rows of ``crossings`` that pass the date-independent parts (region, country, name)."""
        mask = pd.Series(True, index=crossings.index)
        if self.regions:
            mask &= crossings["region"].isin(self.regions)
        if self.countries:
            mask &= crossings["country_a"].isin(self.countries) | crossings["country_b"].isin(self.countries)
        if self.search.strip():
            needle = fold(self.search)
            names = crossings[["crossing_id", "name", "name_a", "name_b"]].fillna("").astype(str)
            haystack = names.agg(" ".join, axis=1).map(fold)
            mask &= haystack.str.contains(needle, regex=False) | crossings["crossing_id"].isin(self.also_named)
        return mask

    def apply(self, states: pd.DataFrame) -> pd.DataFrame:
        """The rows of a state frame (states joined with crossing fields) that pass every part."""
        mask = self.static_mask(states)
        if self.parties:
            mask &= states["controllers"].map(lambda held: bool(self.parties.intersection(held)))
        if self.statuses:
            mask &= states[f"status_{self.traffic}" if self.traffic else "status"].isin(self.statuses)
        if self.contested_only:
            mask &= states["contested"].astype(bool)
        if self.stale_only:
            mask &= states["stale"].astype(bool)
        if self.unconfirmed_only:
            mask &= (states["controllers"].map(len) == 1) & ~states["confirmed"].astype(bool)
        if self.authorised_only or self.expiring_within is not None:
            mask &= states["authorised"].astype(bool)
        if self.expiring_within is not None:
            left = pd.to_numeric(states["authorised_days_left"], errors="coerce")
            mask &= (left <= self.expiring_within).to_numpy(dtype=bool)
        return states[mask].reset_index(drop=True)

    def is_static(self) -> bool:
        """True when the filter does not depend on the date (so "next change" can use it as is)."""
        return not (
            self.parties
            or self.statuses
            or self.contested_only
            or self.stale_only
            or self.unconfirmed_only
            or self.authorised_only
            or self.expiring_within is not None
        )


def nothing_shown(chosen: CrossingFilter, region: str, day: date) -> str:
    """Why no crossing is shown: the search found none, or the filters leave none on ``day``.

    >>> print(nothing_shown(CrossingFilter(search="Wakhan"), "Afghanistan, 2021", date(2021, 7, 14)))
    No crossing in Afghanistan, 2021 has a name matching "Wakhan". Search looks in every name ...
    >>> print(nothing_shown(CrossingFilter(statuses=frozenset({"open"})), "Gaza", date(2024, 5, 7)))
    No crossing in Gaza matches these filters as of 2024-05-07. Clear a filter to see more.
    >>> print(nothing_shown(CrossingFilter(search="Wakhan"), ALL_REGIONS, date(2021, 7, 14)))
    No crossing in any region has a name matching "Wakhan". Search looks in every name ...
    """
    # The view of every region is "in any region", not "in All regions".
    region = "any region" if region == ALL_REGIONS else region
    searched = CrossingFilter(regions=chosen.regions, search=chosen.search, also_named=chosen.also_named)
    if chosen.search.strip() and chosen == searched:
        return (
            f'No crossing in {region} has a name matching "{chosen.search.strip()}". '
            "Search looks in every name of a crossing, either side, any script."
        )
    return f"No crossing in {region} matches these filters as of {day.isoformat()}. Clear a filter to see more."
