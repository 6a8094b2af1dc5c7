"""What the core reads its data from: the record tables of a snapshot, in the shape a store gives them.

The core names this shape rather than the store, so it sits below the persistence layer, not above it.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Protocol

import pandas as pd


class Records(Protocol):
    """The record tables, as a store reads them (:class:`geo.store.store.Store`)."""

    def crossings(self) -> pd.DataFrame: ...

    def parties(self) -> pd.DataFrame: ...

    def reports(self) -> pd.DataFrame: ...

    def authorisations(self) -> pd.DataFrame: ...

    def sources(self) -> pd.DataFrame: ...

    def gazetteer(self) -> pd.DataFrame: ...

    def regions(self) -> pd.DataFrame: ...


class RecordStore(Protocol):
    """What the atlas needs of a store: a snapshot to read the three tables in. The core names
    this shape rather than the store, so it sits below the persistence layer, not above it."""

    def snapshot(self, *, with_pending: bool = False) -> AbstractContextManager[Records]: ...
