"""The reports that decide a state, grouped by the holder they favour: each group strongest first, and
the groups with the strongest word first. Counts are of reports and of origins, as pages of one wire
story are one origin (:mod:`geo.grading`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from geo.grading import grade_order, with_grades


@dataclass(frozen=True)
class ClaimGroup:
    """The deciding reports favouring one holder (or, for ``holder`` "", stating a status only)."""

    holder: str
    title: str
    counts: str
    reports: pd.DataFrame


def _counted(reports: pd.DataFrame) -> str:
    pages, origins = len(reports), reports["origin_key"].nunique()
    return f"{pages} report{'s' if pages != 1 else ''}, {origins} origin{'s' if origins != 1 else ''}"


def claim_groups(deciding: pd.DataFrame, names: Mapping[str, str]) -> list[ClaimGroup]:
    """``deciding`` (graded, or graded here against no source record) in groups by the controller they
    name, each sorted strongest grade first; the reports naming no holder last, as "status only".

    >>> groups = claim_groups(pd.DataFrame({"controller": ["t", "g", "t", None], "claimant": ["t", "g", "p", "p"],
    ...     "grade": ["C3", "C4", "B2", "C2"], "origin_key": ["afp", "afp", "afp", "arab-news"]}),
    ...     {"t": "Taliban", "g": "Afghan government"})
    >>> [(g.title, g.counts, list(g.reports["grade"])) for g in groups]
    [('For Taliban', '2 reports, 1 origin', ['B2', 'C3']), ('For Afghan government', '1 report, 1 origin', ['C4']), \
('Status only', '1 report, 1 origin', ['C2'])]
    """
    graded = with_grades(deciding)
    if graded.empty:
        return []
    order = graded["grade"].map(grade_order)
    graded = graded.iloc[sorted(range(len(graded)), key=lambda i: order.iloc[i])]
    holders = graded["controller"].fillna("").astype(str)
    groups = [
        ClaimGroup(
            holder,
            f"For {names.get(holder, holder)}" if holder else "Status only",
            _counted(graded[holders == holder]),
            graded[holders == holder],
        )
        for holder in dict.fromkeys(holders)
    ]
    # Named holders in the order of their strongest report (the reports are sorted so), status last.
    return sorted(groups, key=lambda g: g.holder == "")
