"""Plain-language sentences about states and claims, for tables, labels and screen readers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from geo.frames import records


def _present(value: Any) -> bool:
    return isinstance(value, str) and value != ""


def holder_text(state: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """Who holds the crossing, in words: contested and unconfirmed said outright."""
    controllers = [names.get(c, c) for c in state["controllers"]]
    if len(controllers) > 1:
        return "contested between " + " and ".join(controllers)
    if controllers:
        return f"held by {controllers[0]}" + ("" if state["confirmed"] else " (unconfirmed: only its own claim)")
    return "holder unknown"


def status_text(state: Mapping[str, Any]) -> str:
    """The status in words, with *disputed* when that day's reports disagree."""
    status = str(state["status"])
    return f"{status} (disputed: reports that day disagree)" if state["status_disputed"] else status


def state_sentence(state: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """One sentence summing up a crossing's state.

    >>> state_sentence({"name": "X", "controllers": ("a",), "confirmed": True, "status": "open",
    ...                 "status_disputed": False, "last_report": None, "stale": False}, {"a": "A"})
    'X: held by A; open; no reports yet.'
    """
    last = state["last_report"]
    when = f"last report {last.isoformat()}" if last else "no reports yet"
    stale = " (stale)" if state["stale"] else ""
    return f"{state['name']}: {holder_text(state, names)}; {status_text(state)}; {when}{stale}."


def claim_text(report: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """What one report claims, e.g. ``'held by Taliban; sealed'`` or ``'no claim'``."""
    parts = []
    if _present(report.get("controller")):
        parts.append(f"held by {names.get(report['controller'], report['controller'])}")
    if _present(report.get("status")):
        parts.append(str(report["status"]))
    return "; ".join(parts) or "no claim"


def claims_table(reports: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """Reports as readers see them: who claims what, on whose word, how sure, where."""
    rows = records(reports)
    return pd.DataFrame(
        {
            "date": [r["date"] for r in rows],
            "claimant": [
                names.get(r["claimant"], r["claimant"]) if _present(r["claimant"]) else "independent observer"
                for r in rows
            ],
            "claim": [claim_text(r, names) for r in rows],
            "side": [r["side"] or "" for r in rows],
            "source": [r["source"] for r in rows],
            "speaker": [r["attribution"] or "" for r in rows],
            "confidence": [r["confidence"] for r in rows],
            "link": [r["url"] or None for r in rows],
            "note": [r["note"] or "" for r in rows],
        },
        dtype=object,
    )
