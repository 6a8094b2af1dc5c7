"""When outlets put one claim on different days: the dates each gives, side by side.

Outlets date the same event a day apart ("Tuesday night" in one, "Wednesday" in another), and some
give only a range ("overnight 6-7 May"). Each version stays a record of its own; this finds, for the
claims that decide a state, the other dates given to the same claim about the same crossing and side
within a day, so a reader sees the disagreement instead of one date silently winning.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, Final

import numpy as np
import pandas as pd

from geo.dates import day_number, day_numbers
from geo.describe import claim_text, records
from geo.grading import text_cells, with_grades

#: How many days apart two reports of one claim may be and still be read as dating one event.
SAME_EVENT_DAYS: Final = 1
#: What makes two reports the same claim.
_CLAIM: Final = ("crossing_id", "side", "controller", "status", "traffic", "direction")


def _key(report: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(v if isinstance(v, str) else "" for v in (report.get(c) for c in _CLAIM))


def _dated(report: Mapping[str, Any]) -> str:
    first, last = report["date"], report.get("date_latest")
    span = (
        f"{first.isoformat()} to {last.isoformat()}" if isinstance(last, date) and last > first else first.isoformat()
    )
    return f"{span} ({report['origin_name']})"


def date_versions(history: pd.DataFrame, deciding: pd.DataFrame, names: Mapping[str, str]) -> list[str]:
    """For each claim among ``deciding`` that other reports in ``history`` (the crossing's reports) date
    differently, or that is dated as a range, one line: the claim, then each version's dates and origin,
    earliest first ("sealed on the Jordanian side: 2015-03-31 (AP); 2015-04-01 (Petra)").

    >>> reports = pd.DataFrame({"report_id": [1, 2], "crossing_id": ["x", "x"], "side": ["JOR", "JOR"],
    ...     "controller": [None, None], "status": ["sealed", "sealed"], "source": ["AP", "Petra"],
    ...     "date": [date(2015, 3, 31), date(2015, 4, 1)], "confidence": ["high", "high"]})
    >>> date_versions(reports, reports.tail(1), {})
    ['sealed on the Jordanian side: 2015-03-31 (AP); 2015-04-01 (Petra)']
    """
    # A busy crossing has tens of thousands of reports and a few deciding ones: each deciding claim
    # narrows the history by whole-column comparisons, and only its few near reports become records.
    days = day_numbers(history["date"])
    columns = {name: text_cells(history, name) for name in _CLAIM}
    lines: list[str] = []
    seen: set[tuple[str, ...]] = set()
    for report in records(with_grades(deciding)):
        key = _key(report)
        if key in seen:
            continue
        seen.add(key)
        # Before or after: a later outlet's other date for the event is worth seeing on the day too.
        near = np.abs(days - day_number(report["date"])) <= SAME_EVENT_DAYS
        for name, value in zip(_CLAIM, key, strict=True):
            near &= columns[name] == value
        found = records(with_grades(history[near]))
        versions = list(dict.fromkeys(_dated(r) for r in sorted(found, key=lambda r: r["date"])))
        ranged = isinstance(report.get("date_latest"), date) and report["date_latest"] > report["date"]
        if len(versions) > 1 or ranged:
            lines.append(f"{claim_text(report, names)}: " + "; ".join(versions))
    return lines
