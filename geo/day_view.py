"""What one map shows on one day, and the one rule of which crossings a map can draw.

A crossing no source places (no latitude and longitude) is still a crossing: its reports,
state and story are kept and listed everywhere, but no map draws or frames it, and every
map names what it leaves out (:attr:`DayView.unplaced`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Final

import pandas as pd


def is_placed(crossings: pd.DataFrame) -> pd.Series:
    """Which rows of ``crossings`` (or of a state frame) have a coordinate to draw at."""
    return crossings["lat"].notna() & crossings["lon"].notna()


def placed_only(crossings: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``crossings`` with a coordinate, the frame itself when every row has one."""
    placed = is_placed(crossings)
    return crossings if placed.all() else crossings[placed].reset_index(drop=True)


@dataclass(frozen=True)
class DayView:
    """The crossings one map shows on one day: those it frames, those it lists, those it draws.

    ``framed`` is every placed crossing of the region (of the world without one), which a
    map fits its opening view or its box to; ``shown`` is every crossing the filter lets
    through, placed or not, for the tables and stories beside the map; ``drawn`` is the
    part of ``shown`` with a coordinate. A filtered map keeps its region's frame, so
    narrowing the filter never moves the map.
    """

    day: date
    framed: pd.DataFrame
    shown: pd.DataFrame

    # Cached: a map's run reads each more than once on every date step.
    @cached_property
    def drawn(self) -> pd.DataFrame:
        """The crossings shown that the map draws: those with a coordinate."""
        return placed_only(self.shown)

    @cached_property
    def unplaced(self) -> pd.DataFrame:
        """The crossings shown that no map can draw, to be named beside it."""
        return self.shown[~is_placed(self.shown)].reset_index(drop=True)


#: How many unplaced crossings a note names before it counts the rest.
_MOST_NAMED: Final = 6


def unplaced_note(unplaced: pd.DataFrame) -> str:
    """The line a map carries for the crossings it shows but cannot draw; empty when there are none."""
    if unplaced.empty:
        return ""
    names = ", ".join(str(name) for name in unplaced["name"][:_MOST_NAMED])
    if len(unplaced) > _MOST_NAMED:
        names += f" and {len(unplaced) - _MOST_NAMED:,} more"
    return f"Not drawn, as no source places {'it' if len(unplaced) == 1 else 'them'}: {names}."
