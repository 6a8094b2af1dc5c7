"""The map's filters read from a web query, as ``/api/v1/state`` takes them: the same names and values
as the map page's link (``countries=AFG,PAK``, ``statuses=sealed``, ``contested=1``...), so a link's
query asks the API for the crossings the map shows. A value the data does not know is named, not
dropped (:class:`geo.errors.BadParameterError`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from geo.atlas import Atlas
from geo.errors import BadParameterError
from geo.filters import CrossingFilter
from geo.gazetteer import Gazetteer
from geo.grading import CREDIBILITY, RELIABILITY, GradeFilter
from geo.model import STATUS_SEVERITY, TRAFFIC_KINDS
from geo.query_params import whole_number

#: The switches, each ``1`` to keep only the crossings it names.
FLAG_PARAMETERS: Final = {
    "contested": "1: only the contested crossings",
    "stale": "1: only the crossings with no recent report",
    "unconfirmed": "1: only the crossings whose one holder is unconfirmed",
    "authorised": "1: only the crossings some authorisation in force permits traffic through",
}
#: Every filter, with what it means.
FILTER_PARAMETERS: Final = {
    "q": "a name of the crossing, either side, any script",
    "countries": "alpha-3 codes, separated by commas: the crossings on any of their borders",
    "parties": "party ids, separated by commas: the crossings any of them holds",
    "statuses": "statuses, separated by commas: " + ", ".join(STATUS_SEVERITY),
    "traffic": "the kind of traffic the statuses are about: " + ", ".join(TRAFFIC_KINDS) + "; default: all",
    **FLAG_PARAMETERS,
    "expiring": "days: only the crossings whose authorisation in force ends within them",
}
#: The grades a view reads (the map's link names them so too).
GRADE_PARAMETERS: Final = {
    "reliability": "the worst source reliability read, A (best) to F; default F: every report",
    "credibility": "the worst information credibility read, 1 (best) to 6; default 6: every report",
}


def grades_from_query(query: Mapping[str, str]) -> GradeFilter:
    """The grades ``query``'s :data:`GRADE_PARAMETERS` ask for: the reports the state is read from."""
    reliability = query.get("reliability", "F")
    if reliability not in RELIABILITY:
        raise BadParameterError("reliability", reliability, "a grade from A to F")
    credibility = whole_number(query, "credibility", 6, min(CREDIBILITY), max(CREDIBILITY))
    return GradeFilter(reliability=reliability, credibility=credibility)


def _listed(query: Mapping[str, str], name: str, known: set[str], what: str) -> frozenset[str]:
    values = [part.strip() for part in query.get(name, "").split(",") if part.strip()]
    for value in values:
        if value not in known:
            raise BadParameterError(name, value, f"{what}: " + ", ".join(sorted(known)[:40]))
    return frozenset(values)


def _flag(query: Mapping[str, str], name: str) -> bool:
    text = query.get(name, "")
    if text not in ("", "0", "1"):
        raise BadParameterError(name, text, "1 or 0")
    return text == "1"


def filter_from_query(atlas: Atlas, query: Mapping[str, str], *, region: str | None) -> CrossingFilter:
    """The filter ``query``'s :data:`FILTER_PARAMETERS` ask for, within ``region``."""
    countries = set(atlas.crossings["country_a"].dropna()) | set(atlas.crossings["country_b"].dropna())
    traffic = query.get("traffic", "")
    if traffic and traffic not in TRAFFIC_KINDS:
        raise BadParameterError("traffic", traffic, " or ".join(TRAFFIC_KINDS))
    search = query.get("q", "")
    expiring = whole_number(query, "expiring", -1, 0, 3660) if "expiring" in query else None
    return CrossingFilter(
        regions=frozenset({region} if region else ()),
        countries=_listed(query, "countries", {str(c) for c in countries}, "alpha-3 codes of the crossings' countries"),
        parties=_listed(query, "parties", {str(p) for p in atlas.parties["party_id"]}, "party ids"),
        statuses=_listed(query, "statuses", set(STATUS_SEVERITY), "statuses"),
        traffic=traffic,
        contested_only=_flag(query, "contested"),
        stale_only=_flag(query, "stale"),
        unconfirmed_only=_flag(query, "unconfirmed"),
        authorised_only=_flag(query, "authorised"),
        expiring_within=expiring,
        search=search,
        also_named=Gazetteer(atlas.places).ids_named(search) if search.strip() else frozenset(),
    )
