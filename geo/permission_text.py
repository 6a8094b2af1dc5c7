"""Permission apart from control, in words: one authorisation as of a day, and a state's
authorisations as a table cell (:mod:`geo.mandates` resolves them)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from geo.describe import present, records


def _expiry(days_left: int) -> str:
    if days_left == 0:
        return "expires today"
    return "expires tomorrow" if days_left == 1 else f"expires in {days_left} days"


def authorisation_text(row: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """One authorisation as of a day (a row of :meth:`geo.mandates.Mandates.at`), in words.

    >>> from datetime import date
    >>> row = {"title": "UN Security Council resolution 2165", "issuer": "unsc", "effect": "permits",
    ...        "traffic": "aid", "in_force": True, "end_date": date(2015, 1, 10), "days_left": 12}
    >>> authorisation_text(row, {})
    'UN Security Council resolution 2165: permits aid, in force until 2015-01-10, expires in 12 days'
    >>> authorisation_text(row | {"in_force": False, "days_left": None}, {})
    'UN Security Council resolution 2165: lapsed 2015-01-10'
    """
    who = str(row["title"]) if present(row.get("title")) else names.get(str(row["issuer"]), str(row["issuer"]))
    end = row.get("end_date")
    if not row["in_force"]:
        # Only a record with an end lapses; the rule never calls an open-ended one out of force.
        ended = end.isoformat() if end else "?"
        return f"{who}: lapsed {ended}" if row["effect"] == "permits" else f"{who}: ended {ended}"
    traffic = str(row["traffic"]) if present(row.get("traffic")) else "all traffic"
    until = f"in force until {end.isoformat()}, {_expiry(int(row['days_left']))}" if end else "open-ended"
    return f"{who}: {row['effect']} {traffic}, {until}"


def permission_text(state: Mapping[str, Any]) -> str:
    """The authorisations of a state (:data:`geo.mandates.SUMMARY_COLUMNS`) as a table cell:
    "authorised until 2015-01-10 (12 days)", "forbidden", "lapsed 2023-07-10", or "".

    >>> permission_text({"authorised": True, "authorised_until": None, "forbidden": False})
    'authorised, open-ended'
    """
    said = []
    if state.get("authorised"):
        until, left = state.get("authorised_until"), state.get("authorised_days_left")
        left_text = f" ({_expiry(int(left))})" if left is not None else ""
        ending = f"authorised until {until.isoformat()}{left_text}" if until else "authorised, open-ended"
        said.append(ending)
    if state.get("forbidden"):
        said.append("forbidden")
    if state.get("authorisation_lapsed") and not state.get("authorised"):
        said.append(f"lapsed {state['authorisation_lapsed'].isoformat()}")
    return "; ".join(said)


def authorisations_text(rows: pd.DataFrame, names: Mapping[str, str]) -> str:
    """The authorisations of one crossing as of a day, in force first; "none" when it has none."""
    return "; ".join(authorisation_text(row, names) for row in records(rows)) or "none"
