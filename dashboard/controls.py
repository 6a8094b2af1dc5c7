"""The sidebar filters every page shares; their values live in the URL."""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from dashboard import url_state
from dashboard.state import (
    ALL_REGIONS_CHOICE,
    COUNTRIES,
    CREDIBILITY,
    EXPIRING,
    PARTIES,
    REGION,
    RELIABILITY,
    SEARCH,
    STATUSES,
    TRAFFIC,
)
from geo.atlas import Atlas
from geo.filters import CrossingFilter
from geo.gazetteer import Gazetteer
from geo.grading import CREDIBILITY as CREDIBILITY_SCALE
from geo.grading import RELIABILITY as RELIABILITY_SCALE
from geo.grading import GradeFilter
from geo.model import STATUS_SEVERITY, TRAFFIC_KINDS
from geo.names import country_name

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


def region_choice(atlas: Atlas) -> str | None:
    """The region shown on the map, from the URL or the first region; None for every region at once."""
    regions = atlas.regions()
    choices = [ALL_REGIONS_CHOICE, *regions]
    url_state.restore({REGION: regions[0]}, {REGION: url_state.one_of(choices)})
    chosen = str(
        st.sidebar.selectbox(
            "Region",
            choices,
            key=REGION,
            format_func=lambda choice: atlas.region_title(None if choice == ALL_REGIONS_CHOICE else choice),
        )
    )
    return None if chosen == ALL_REGIONS_CHOICE else chosen


#: The grade choices, worst admitted first to last; "" reads every report.
_RELIABILITIES = ["", *list(RELIABILITY_SCALE)[:-1]]
_CREDIBILITIES = ["", *(str(n) for n in list(CREDIBILITY_SCALE)[:-1])]


def _grade_range(best: str, worst: str) -> str:
    return "any" if not worst else best if worst == best else f"{best}-{worst}"


def grade_filter() -> GradeFilter:
    """Draw the grade filters in the sidebar and return what they select: the pages then read only the
    reports whose source is graded at least so, and whose information is."""
    url_state.restore(
        {RELIABILITY: "", CREDIBILITY: ""},
        {RELIABILITY: url_state.one_of(_RELIABILITIES), CREDIBILITY: url_state.one_of(_CREDIBILITIES)},
    )
    sidebar = st.sidebar
    reliability = sidebar.selectbox(
        "Sources graded",
        _RELIABILITIES,
        key=RELIABILITY,
        format_func=lambda worst: _grade_range("A", worst),
        help="Read only the reports whose source is graded so (A completely reliable ... F cannot be judged).",
    )
    credibility = sidebar.selectbox(
        "Information graded",
        _CREDIBILITIES,
        key=CREDIBILITY,
        format_func=lambda worst: _grade_range("1", worst),
        help="Read only the reports whose information is graded so (1 confirmed ... 6 cannot be judged).",
    )
    grades = GradeFilter(reliability=reliability or "F", credibility=int(credibility or 6))
    if not grades.reads_everything:
        sidebar.caption(f"The map, the stories and the tables read {grades.label()} only.")
    return grades


def sidebar_filters(atlas: Atlas, region: str | None) -> tuple[CrossingFilter, GradeFilter]:
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
    grades = grade_filter()
    url_state.publish(
        {
            REGION: region or ALL_REGIONS_CHOICE,
            SEARCH: search,
            COUNTRIES: ",".join(chosen_countries),
            PARTIES: ",".join(chosen_parties),
            STATUSES: ",".join(chosen_statuses),
            TRAFFIC: traffic,
            EXPIRING: "" if expiring is None else str(int(expiring)),
            **{key: "1" if on else "" for key, on in flags.items()},
            RELIABILITY: "" if grades.reliability == "F" else grades.reliability,
            CREDIBILITY: "" if grades.credibility == 6 else str(grades.credibility),
        }
    )
    crossing_filter = CrossingFilter(
        regions=frozenset({region} if region else ()),
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
        also_named=also_named(atlas, search),
    )
    return crossing_filter, grades


def also_named(atlas: Atlas, search: str) -> frozenset[str]:
    """The crossings a search finds by a name of theirs in the gazetteer (any spelling or script)."""
    if not search.strip():
        return frozenset()
    return Gazetteer(atlas.places).ids_named(search) & frozenset(atlas.crossings["crossing_id"])


def permalink() -> str:
    """An absolute link to the current view, built from the query parameters."""
    base = (st.context.url or "").split("?")[0]
    query = urlencode(st.query_params.to_dict())
    return f"{base}?{query}" if query else base


def parse_view(text: str) -> tuple[float, float, int]:
    """A map view from the URL, written ``lat,lon,zoom``."""
    lat, lon, zoom = text.split(",")
    return float(lat), float(lon), int(zoom)
