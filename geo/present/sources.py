"""The sources behind a map: which reports decide the states shown and which authorisations count for
them, one line per outlet with its dates, and for each contested crossing who claims each holder and
who vouches for it.

Every picture of the data (the static render, the presentation frame, the standalone
page) prints the same footnote, so it is worked out once, here, with no drawing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Final

import pandas as pd

from geo.corroboration import corroboration_texts
from geo.deciding import deciding_for
from geo.describe import records
from geo.grading import GRADE_KEY

#: The footnote's opening words.
SOURCES_HEAD: Final = "Sources behind the states shown (outlet and report dates):"
#: The footnote when nothing shown rests on a report (every state unknown, or nothing shown).
NO_SOURCES: Final = "No report decides the states shown."
#: Contested crossings whose corroboration a footnote spells out before counting the rest.
MOST_CONTESTS: Final = 6


def source_entries(deciding: pd.DataFrame, *, most_dates: int = 4) -> list[str]:
    """One entry per outlet with the dates of its reports, deduplicated and sorted.

    An outlet with more than ``most_dates`` dates gets its count and range instead.

    >>> source_entries(pd.DataFrame({"source": ["AFP", "AFP", "AFP"],
    ...                              "date": ["2021-07-14", "2021-05-01", "2021-07-14"]}))
    ['AFP (2021-05-01, 2021-07-14)']
    """
    outlets: dict[str, set[str]] = {}
    for source, day in zip(deciding["source"], deciding["date"], strict=True):
        outlets.setdefault(str(source).strip(), set()).add(str(day))
    entries = []
    for outlet in sorted(outlets, key=lambda s: (s.casefold(), s)):
        days = sorted(outlets[outlet])
        when = ", ".join(days) if len(days) <= most_dates else f"{len(days)} dates, {days[0]} to {days[-1]}"
        entries.append(f"{outlet} ({when})")
    return entries


def authorisation_sources(authorisations: pd.DataFrame, states: pd.DataFrame) -> pd.DataFrame:
    """The outlet and date of each authorisation that counts for a crossing of ``states``
    (``authorisations``: rows of :meth:`geo.atlas.Atlas.authorisations_at`), one row per record,
    dated by its start: the rows :func:`source_entries` reads.

    >>> authorisation_sources(pd.DataFrame({"crossing_id": ["x", "y", "x"], "authorisation_id": [1, 1, 2],
    ...     "source": ["UN", "UN", "SANA"], "start_date": ["2014-07-14", "2014-07-14", "2023-02-13"]}),
    ...     pd.DataFrame({"crossing_id": ["x", "y"]})).to_dict("list")
    {'source': ['UN', 'SANA'], 'date': ['2014-07-14', '2023-02-13']}
    """
    sourced = authorisations["source"].fillna("").astype(str).str.strip() != ""
    shown = authorisations[sourced & authorisations["crossing_id"].isin(states["crossing_id"])]
    records = shown.drop_duplicates("authorisation_id")
    return pd.DataFrame(
        {"source": records["source"].to_numpy(dtype=object), "date": records["start_date"].to_numpy(dtype=object)}
    )


def sources_behind(reports: pd.DataFrame, states: pd.DataFrame) -> list[str]:
    """The footnote entries for a map of ``states``: :func:`source_entries` of the reports deciding them."""
    return source_entries(deciding_for(reports, states))


def more_outlets(count: int) -> str:
    """The line that stands for ``count`` entries left out of a footnote with no room for them."""
    return f"… and {count} more outlets: export the history for the full list"


def shortened(entries: list[str], *, most: int) -> list[str]:
    """At most ``most`` entries: the first ones, then one :func:`more_outlets` line for the rest.

    >>> shortened(["A (1)", "B (2)", "C (3)"], most=2)
    ['A (1)', '… and 2 more outlets: export the history for the full list']
    """
    if len(entries) <= most:
        return list(entries)
    kept = entries[: max(most - 1, 0)]
    return [*kept, more_outlets(len(entries) - len(kept))]


def corroboration_entries(
    states: pd.DataFrame,
    deciding: pd.DataFrame,
    names: Mapping[str, str],
    kinds: Mapping[str, str] | None = None,
    *,
    most: int = MOST_CONTESTS,
) -> list[str]:
    """One entry per contested crossing in ``states``: per holder, who claims it and who vouches for it;
    then, when there is any, what a grade means.

    Only contested crossings: there the map shows two colours and cannot say which
    claim someone else backs (a single holder's outline already says confirmed or
    not). Beyond ``most``, one line counts the rest.

    >>> deciding = pd.DataFrame({"claimant": ["t", "g", "p"], "controller": ["t", "g", "t"],
    ...     "grade": ["C3", "C4", "B2"], "origin_key": ["afp"] * 3, "origin_name": ["AFP"] * 3})
    >>> corroboration_entries(pd.DataFrame({"name": ["Spin Boldak-Chaman"], "contested": [True],
    ...     "controllers": [("g", "t")]}), deciding, {"t": "Taliban", "p": "Pakistan",
    ...     "g": "Afghan government"}, {"t": "armed-group"})
    ['Spin Boldak-Chaman, contested: Taliban: claimed by the Taliban (C3); confirmed by one independent origin, \
Pakistan (B2); Afghan government: its own claim only (C4)', 'Grades (B2): source reliability A-F, information \
credibility 1-6; A and 1 best']
    """
    contested = states[states["contested"].astype(bool)]
    shown = records(contested)
    entries = [
        f"{state['name']}, contested: {text}"
        for state, text in zip(shown, corroboration_texts(shown, deciding, names, kinds), strict=True)
    ]
    if len(entries) <= most:
        return [*entries, GRADE_KEY] if entries else entries
    kept = entries[: max(most - 1, 0)]
    more = f"… and {len(entries) - len(kept)} more contested crossings: see the table under the map"
    return [*kept, more, GRADE_KEY]


def footnote_entries(
    reports: pd.DataFrame,
    states: pd.DataFrame,
    names: Mapping[str, str],
    kinds: Mapping[str, str] | None = None,
    *,
    most: int,
    authorisations: pd.DataFrame | None = None,
) -> list[str]:
    """A map's footnote: the outlets behind ``states`` and the ``authorisations`` that count for them
    (:func:`shortened` to ``most``), then who vouches for each holder of a contested crossing
    (:func:`corroboration_entries`)."""
    return footnote_by_length(reports, states, names, kinds, authorisations=authorisations)(most)


def footnote_by_length(
    reports: pd.DataFrame,
    states: pd.DataFrame,
    names: Mapping[str, str],
    kinds: Mapping[str, str] | None = None,
    *,
    deciding: pd.DataFrame | None = None,
    authorisations: pd.DataFrame | None = None,
) -> Callable[[int], list[str]]:
    """:func:`footnote_entries` for any ``most``, the deciding reports found once (a layout tries several).

    ``deciding``, when the caller has them (``Atlas.deciding_for`` finds them faster), are the
    reports that decide ``states``; otherwise they are found in ``reports``. An outlet behind
    both a report and an authorisation is one entry, with the dates of both.
    """
    deciding = deciding if deciding is not None else deciding_for(reports, states)
    behind = deciding
    if authorisations is not None and len(authorisations):
        behind = pd.concat([behind[["source", "date"]], authorisation_sources(authorisations, states)])
    outlets = source_entries(behind)
    vouching = corroboration_entries(states, deciding, names, kinds)
    return lambda most: [*shortened(outlets, most=most), *vouching]
