"""Which colour each party has on the maps: its own, else one that the parties it is shown beside lack."""

from __future__ import annotations

import pandas as pd

from geo.model import assign_colors


def shown_together(parties: pd.DataFrame, crossings: pd.DataFrame, reports: pd.DataFrame) -> list[set[str]]:
    """The parties each region's map may show side by side: those its reports name as holder or claimant,
    and the states of its crossings' countries (each presumed to hold its own side)."""
    region_of = dict(zip(crossings["crossing_id"], crossings["region"], strict=True))
    by_country: dict[str, set[str]] = {}
    for party_id, country in zip(parties["party_id"], parties["country"].fillna(""), strict=True):
        if country:
            by_country.setdefault(str(country), set()).add(str(party_id))
    groups: dict[str, set[str]] = {}
    for region, country_a, country_b in zip(
        crossings["region"], crossings["country_a"], crossings["country_b"], strict=True
    ):
        groups.setdefault(region, set()).update(by_country.get(country_a, ()), by_country.get(country_b, ()))
    # Each (region, party) pair once, a column at a time: the atlas loads this with every report.
    named = pd.concat(
        [
            reports[["crossing_id", column]].set_axis(["crossing_id", "party_id"], axis=1)
            for column in ("controller", "claimant")
        ]
    )
    named = named[named["party_id"].fillna("") != ""].assign(region=lambda f: f["crossing_id"].map(region_of))
    named = named.dropna(subset=["region"]).drop_duplicates(["region", "party_id"])
    for region, party_id in zip(named["region"], named["party_id"], strict=True):
        groups.setdefault(region, set()).add(str(party_id))
    return list(groups.values())


def with_colors(parties: pd.DataFrame, crossings: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    """``parties`` with every colour filled (:func:`geo.model.assign_colors`): those stored kept, the rest
    chosen so that no two parties of one region share one while the palette lasts."""
    explicit = {str(p): str(c) for p, c in zip(parties["party_id"], parties["color"].fillna(""), strict=True) if c}
    colors = assign_colors(list(parties["party_id"]), explicit, shown_together(parties, crossings, reports))
    return parties.assign(color=parties["party_id"].map(colors))
