"""Changing a source's reliability: a new grade with its reason, written as a batch of its own, so
the history keeps who changed it, when and why, and reverting the batch brings the grade before it back."""

from __future__ import annotations

import difflib

import pandas as pd

from geo.errors import NothingToCommitError, Problem, UnknownSourceError, ValidationError
from geo.grading import RELIABILITY
from geo.store.store import Store

#: What a change of grade is called in the batch ledger.
GRADE_BATCH: str = "grade"


def regrade(store: Store, source_id: str, reliability: str, *, reason: str, created_by: str) -> int:
    """Give ``source_id`` the grade ``reliability`` (A-F) for ``reason``; return the batch id.

    Raises
    ------
    UnknownSourceError
        When no shown source has ``source_id`` (with the closest ids).
    ValidationError
        For a grade outside A-F or an empty reason; nothing is written.
    NothingToCommitError
        When the source has that grade already.
    """
    sources = store.sources()
    ids = list(sources["source_id"])
    if source_id not in ids:
        raise UnknownSourceError(source_id, difflib.get_close_matches(source_id, ids, n=3, cutoff=0.6))
    letter = reliability.strip().upper()
    problems = []
    if letter not in RELIABILITY:
        problems.append(Problem("grade", 0, "reliability", reliability, "must be one of: " + ", ".join(RELIABILITY)))
    if not reason.strip():
        problems.append(Problem("grade", 0, "reason", reason, "say why the grade changes"))
    if problems:
        raise ValidationError(problems)
    current = str(sources.set_index("source_id").at[source_id, "reliability"])
    if current == letter:
        raise NothingToCommitError(f"{source_id!r} is graded {letter} already; no batch was written")
    change = pd.DataFrame([{"source_id": source_id, "reliability": letter, "reason": reason.strip()}], dtype=object)
    return store.add_batch(GRADE_BATCH, created_by, {"source_grades": change})
