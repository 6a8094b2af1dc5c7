"""Names stored beside the data (who wrote a batch, a profile's name), held to the database's rules.

Checked here rather than left to the database, so a bad name reads the same on SQLite and
PostgreSQL (one would truncate or refuse it, the other store it).
"""

from __future__ import annotations

from geo.errors import BadLabelError
from geo.text import control_character_problem


def check_label(value: str, *, what: str, limit: int) -> str:
    """``value`` stripped, when it can be stored as ``what`` (at most ``limit`` characters, no control character).

    Raises
    ------
    BadLabelError
        Naming ``what``, the rule and the value, the same on every database.
    """
    text = value.strip()
    problem = (
        "is empty"
        if not text
        else control_character_problem(text)
        or (f"is too long: {len(text):,} characters, at most {limit:,}" if len(text) > limit else None)
    )
    if problem:
        shown = text if len(text) <= 60 else text[:60] + "..."
        raise BadLabelError(f"{what} {problem} (value {shown!r})")
    return text
