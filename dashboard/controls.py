"""The sidebar filters every page shares; their values live in the URL."""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from dashboard import url_state
from dashboard.state import COUNTRIES, EXPIRING, PARTIES, REGION, SEARCH, STATUSES, TRAFFIC
from geo.atlas import Atlas
from geo.filters import CrossingFilter
from geo.model import STATUS_SEVERITY, TRAFFIC_KINDS
from geo.names import country_name, region_name

FLAGS = {
    "contested": "Contested only",
    "stale": "Stale only",
    "unconfirmed": "Unconfirmed only",
    "authorised": "Under an authorisation only",
}


def _split(text: str) -> list[str]:
    return [part for part in text.split(",") if part]


#: The most days the expiry filter takes: ten years, more than any mandate runs.
_MOST_DAYS = 3_650


def _days(text: str) -> int:
    """A count of days from the link; anything else is refused, and the page says so and takes the default."""
    if not (text.isascii() and text.isdigit() and int(text) <= _MOST_DAYS):
        raise ValueError(text)
    return int(text)


def _flag(text: str) -> bool:
    return text in {"1", "true", "yes"}


def region_choice(atlas: Atlas) -> str:
    """The region shown on the map, from the URL or the first region."""
    regions = atlas.regions()
    url_state.restore({REGION: regions[0]}, {REGION: url_state.one_of(regions)})
    return str(st.sidebar.selectbox("Region", regions, key=REGION, format_func=region_name))


def sidebar_filters(atlas: Atlas, region: str) -> CrossingFilter:
    """Draw the filters in the sidebar and return what they select."""
    parties = list(atlas.parties["party_id"])
    names = atlas.party_names()
    countries = sorted(set(atlas.crossings["country_a"]) | set(atlas.crossings["country_b"]))
    url_state.restore(
        {
            SEARCH: "",
            COUNTRIES: [],
            PARTIES: [],
            STATUSES: [],
            TRAFFIC: "",
            EXPIRING: None,
            **dict.fromkeys(FLAGS, False),
        },
        {
            SEARCH: str,
            COUNTRIES: lambda v: [c for c in _split(v) if c in countries],
            PARTIES: lambda v: [p for p in _split(v) if p in parties],
            STATUSES: lambda v: [s for s in _split(v) if s in STATUS_SEVERITY],
            TRAFFIC: lambda v: v if v in TRAFFIC_KINDS else "",
            EXPIRING: _days,
            **dict.fromkeys(FLAGS, _flag),
        },
    )
    sidebar = st.sidebar
    search = sidebar.text_input("Search crossings", key=SEARCH, placeholder="any name, either side, any script")
    chosen_countries = sidebar.multiselect("Country", countries, key=COUNTRIES, format_func=country_name)
    chosen_parties = sidebar.multiselect("Held by", parties, key=PARTIES, format_func=lambda p: names.get(p, p))
    chosen_statuses = sidebar.multiselect("Status", list(STATUS_SEVERITY), key=STATUSES)
    traffic = sidebar.selectbox(
        "Status for",
        ["", *TRAFFIC_KINDS],
        key=TRAFFIC,
        format_func=lambda kind: f"for {kind}" if kind else "for all traffic",
        help="Filter on the status for one kind of traffic: Status open, for aid, shows the crossings open to aid.",
    )
    flags = {key: sidebar.checkbox(label, key=key) for key, label in FLAGS.items()}
    expiring = sidebar.number_input(
        "Authorisation ends within (days)",
        min_value=0,
        max_value=_MOST_DAYS,
        step=1,
        key=EXPIRING,
        placeholder="any",
        help="Only crossings whose authorisation in force ends within this many days (0: ends today).",
    )
    url_state.publish(
        {
            REGION: region,
            SEARCH: search,
            COUNTRIES: ",".join(chosen_countries),
            PARTIES: ",".join(chosen_parties),
            STATUSES: ",".join(chosen_statuses),
            TRAFFIC: traffic,
            EXPIRING: "" if expiring is None else str(int(expiring)),
            **{key: "1" if on else "" for key, on in flags.items()},
        }
    )
    return CrossingFilter(
        regions=frozenset({region}),
        countries=frozenset(chosen_countries),
        parties=frozenset(chosen_parties),
        statuses=frozenset(chosen_statuses),
        traffic=traffic,
        contested_only=flags["contested"],
        stale_only=flags["stale"],
        unconfirmed_only=flags["unconfirmed"],
        authorised_only=flags["authorised"],
        expiring_within=None if expiring is None else int(expiring),
        search=search,
    )


def permalink() -> str:
    """An absolute link to the current view, built from the query parameters."""
    base = (st.context.url or "").split("?")[0]
    query = urlencode(st.query_params.to_dict())
    return f"{base}?{query}" if query else base


def parse_view(text: str) -> tuple[float, float, int]:
    """A map view from the URL, written ``lat,lon,zoom``."""
    lat, lon, zoom = text.split(",")
    return float(lat), float(lon), int(zoom)
