"""A source's grade as it stands and as it was: the grade it was added with, then each shown change."""

from __future__ import annotations

import pandas as pd


def graded_now(sources: pd.DataFrame, changes: pd.DataFrame) -> pd.DataFrame:
    """``sources`` with ``reliability`` their latest shown change of grade (``changes``, oldest first), else the
    one each was added with."""
    if changes.empty:
        return sources
    latest = changes.drop_duplicates("source_id", keep="last").set_index("source_id")["reliability"]
    return sources.assign(reliability=sources["source_id"].map(latest).fillna(sources["reliability"]))


def grade_history(added: pd.DataFrame, changes: pd.DataFrame, batches: pd.DataFrame) -> pd.DataFrame:
    """Each source's grades, oldest first: the one it was added with, then every change, each with its reason,
    who gave it (``created_by``) and when (``created_at``, UTC), as the batches that wrote them say."""
    columns = ["source_id", "reliability", "reason", "batch_id"]
    history = pd.concat([added[columns], changes[columns]], ignore_index=True)
    history = history.merge(batches[["batch_id", "created_by", "created_at"]], on="batch_id", how="left")
    return history.sort_values(["source_id", "batch_id"], kind="stable", ignore_index=True)
