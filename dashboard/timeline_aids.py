"""Reading aids on the date slider: a single accessible name, and the change days marked on its track."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import streamlit.components.v1 as components

SCRIPT = (Path(__file__).resolve().parent / "assets" / "timeline-aids.js").read_text(encoding="utf-8")


def timeline_aids(label: str, first: date, last: date, days: Sequence[date]) -> None:
    """Mark ``days`` on the slider labelled ``label`` spanning ``first`` to ``last``, and fix its name."""
    config = {
        "label": label,
        "first": first.isoformat(),
        "last": last.isoformat(),
        "days": [d.isoformat() for d in days if first <= d <= last],
    }
    # Only dates and a constant label reach the script; "</" is escaped all the same.
    payload = json.dumps(config).replace("</", "<\\/")
    components.html(f"<script>var CONFIG = {payload};\n{SCRIPT}</script>", height=0)
