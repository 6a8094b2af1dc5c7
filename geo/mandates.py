"""Permission apart from control: which authorisations are in force at a crossing on a day.

An authorisation lets (``permits``) or stops (``forbids``) some traffic through the crossings it
names, from its ``start_date`` to its ``end_date`` (the last day in force; none = open-ended).
Records are never edited: a renewal, a revocation or a change of terms is a new record.

The rule, for crossing X at day D, per issuer and kind of traffic:

* the record that counts is the one with the latest ``start_date`` on or before D (of two
  starting the same day, the one entered later), so a newer record from the same issuer
  replaces the older from its first day: a renewal, or a revocation (``forbids``);
* it is *in force* while D is on or before its ``end_date``; after that it has *lapsed*;
* records of different issuers, or for different traffic, stand side by side.

Like the reports' rule, it is resolved once, and a day is answered with one binary search.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Final

import numpy as np
import pandas as pd

from geo.arrays import DAY_BITS, DAY_OFFSET, Coded, IntArray, as_dates, object_array
from geo.dates import day_number, day_numbers
from geo.model import AUTHORISATION_COLUMNS, column_names, listed_ids

#: A record with no end: in force for good, unless a newer record replaces it.
OPEN_ENDED: Final = np.iinfo(np.int64).max >> 2
#: Columns of :meth:`Mandates.at`.
MANDATE_COLUMNS: Final = (
    "crossing_id",
    "authorisation_id",
    "issuer",
    "traffic",
    "effect",
    "start_date",
    "end_date",
    "title",
    "source",
    "url",
    "confidence",
    "in_force",
    "days_left",
)
#: What a state frame gains from the authorisations (see :meth:`Mandates.summary`).
SUMMARY_COLUMNS: Final = (
    "authorised",
    "authorised_until",
    "authorised_days_left",
    "forbidden",
    "authorisation_lapsed",
)
_FIELDS: Final = ("authorisation_id", "issuer", "traffic", "effect", "start_date", "end_date", "title")
_FIELDS_MORE: Final = ("source", "url", "confidence")


class Mandates:
    """Every authorisation, one row per (authorisation, crossing it names), ready to answer "as of D"."""

    def __init__(self, authorisations: pd.DataFrame, crossing_ids: list[str]) -> None:
        self.crossing_ids = crossing_ids
        positions = self._positions = pd.Index(crossing_ids)
        frame = authorisations if len(authorisations) else _empty()
        named = [listed_ids(str(value)) for value in frame["crossings"]]
        repeat = np.array([len(n) for n in named], dtype=np.int64)
        rows = frame.loc[frame.index.repeat(repeat)].reset_index(drop=True)
        rows["crossing_id"] = [c for n in named for c in n]
        if "authorisation_id" not in rows:
            rows["authorisation_id"] = np.arange(len(rows))
        rows["code"] = positions.get_indexer(pd.Index(rows["crossing_id"]))
        rows = rows[rows["code"] >= 0]
        rows["traffic"] = rows["traffic"].fillna("").astype(str) if "traffic" in rows else ""
        rows["start"] = day_numbers(rows["start_date"])
        ends = rows["end_date"]
        has_end = ends.notna() & (ends.astype(str) != "")
        rows["end"] = OPEN_ENDED
        if has_end.any():
            rows.loc[has_end, "end"] = day_numbers(ends[has_end])
        # One group per (crossing, issuer, traffic): the records that replace one another.
        groups = pd.MultiIndex.from_frame(rows[["code", "issuer", "traffic"]].astype(str))
        rows["group"] = pd.factorize(groups, sort=True)[0]
        rows = rows.sort_values(["group", "start", "authorisation_id"], kind="stable", ignore_index=True)
        self._rows = rows
        self._groups = int(rows["group"].max()) + 1 if len(rows) else 0
        group = rows["group"].to_numpy(dtype=np.int64)
        self._group_of = group
        self._keys: IntArray = (group << DAY_BITS) | (rows["start"].to_numpy(dtype=np.int64) + DAY_OFFSET)
        self._code_of_group = np.zeros(self._groups, dtype=np.int64)
        self._code_of_group[group] = rows["code"].to_numpy(dtype=np.int64)
        self._ends = rows["end"].to_numpy(dtype=np.int64)
        # The days an authorisation ends on, in order, each as a date once, with None last for "no end":
        # a summary works on each row's position in it, and its dates are a take from it.
        self._end_days = np.append(np.unique(self._ends[self._ends != OPEN_ENDED]), OPEN_ENDED)
        self._end_dates = object_array([*as_dates(self._end_days[:-1]), None])
        self._end_positions = np.searchsorted(self._end_days, self._ends)
        self._permits = (rows["effect"] == "permits").to_numpy(dtype=bool)

    def __len__(self) -> int:
        return len(self._rows)

    def _counting(self, day: date) -> tuple[IntArray, np.ndarray]:
        """Per group, the row that counts on ``day`` (-1 for none yet), and whether it is in force."""
        groups = np.arange(self._groups, dtype=np.int64)
        found = np.searchsorted(self._keys, (groups << DAY_BITS) | (day_number(day) + DAY_OFFSET), "right") - 1
        valid = (found >= 0) & (self._group_of[found.clip(min=0)] == groups) if len(found) else found >= 0
        rows = np.where(valid, found, -1)
        in_force = valid & (self._ends[rows.clip(min=0)] >= day_number(day))
        return rows, in_force

    def at(self, day: date, crossing_id: str | None = None) -> pd.DataFrame:
        """The records that count on ``day`` (in force, or lapsed and not replaced), in force first,
        then by crossing and start; one crossing's only when ``crossing_id`` is given."""
        rows, in_force = self._counting(day)
        picked = rows >= 0
        chosen = self._rows.iloc[rows[picked]]
        if crossing_id is not None:
            mine = (chosen["crossing_id"] == crossing_id).to_numpy(dtype=bool)
            chosen, in_force = chosen[mine], in_force[picked][mine]
        else:
            in_force = in_force[picked]
        frame = chosen.reindex(columns=["crossing_id", *_FIELDS, *_FIELDS_MORE]).reset_index(drop=True)
        frame["in_force"] = in_force
        ends = chosen["end"].to_numpy(dtype=np.int64)
        left = np.where(in_force & (ends != OPEN_ENDED), ends - day_number(day), -1)
        frame["days_left"] = pd.array([int(n) if n >= 0 else None for n in left], dtype=object)
        order = np.lexsort((chosen["start"].to_numpy(), frame["crossing_id"].to_numpy(dtype=str), ~in_force))
        return frame.iloc[order].reset_index(drop=True)

    def summary(self, day: date) -> dict[str, np.ndarray | Coded]:
        """Per crossing of :attr:`crossing_ids`: whether some traffic is ``authorised`` (a permit in
        force) and until when (its earliest end; None for open-ended), whether some is ``forbidden``,
        and the latest day a permit ``lapsed`` without a replacement (None for none)."""
        n = len(self.crossing_ids)
        rows, in_force = self._counting(day)
        codes = self._code_of_group
        row = rows.clip(min=0)
        counted = rows >= 0
        permits = self._permits[row] & counted
        # Ends as positions in the ordered end days: the earliest and the latest are the same there.
        ends = self._end_positions[row]
        no_end = len(self._end_days) - 1
        authorised = np.zeros(n, dtype=bool)
        authorised[codes[permits & in_force]] = True
        forbidden = np.zeros(n, dtype=bool)
        forbidden[codes[~self._permits[row] & in_force & counted]] = True
        until = np.full(n, no_end, dtype=np.int64)
        np.minimum.at(until, codes[permits & in_force], ends[permits & in_force])
        # A permit no longer in force has ended: its end is a day, never "no end".
        lapsed = np.full(n, -1, dtype=np.int64)
        gone = permits & ~in_force
        np.maximum.at(lapsed, codes[gone], ends[gone])
        ending = authorised & (until != no_end)
        days_left = np.full(n, None, dtype=object)
        days_left[ending] = (self._end_days[until[ending]] - day_number(day)).tolist()
        return {
            "authorised": authorised,
            "authorised_until": Coded(self._end_dates, np.where(ending, until, no_end)),
            "authorised_days_left": days_left,
            "forbidden": forbidden,
            # Only a permit no newer record of its issuer replaced: a renewal in force hides the lapse.
            "authorisation_lapsed": Coded(self._end_dates, np.where(lapsed < 0, no_end, lapsed)),
        }

    def summary_of(self, crossing_id: str, day: date) -> dict[str, Any]:
        """One crossing's values of :meth:`summary` (all False and None for a crossing not listed)."""
        position = int(self._positions.get_indexer(pd.Index([crossing_id]))[0])
        if position < 0:
            return {name: False if name in ("authorised", "forbidden") else None for name in SUMMARY_COLUMNS}
        # Python values, as a state's other fields are: a numpy bool is not ``True``.
        return {
            name: values.value(position) if isinstance(values, Coded) else _python(values[position])
            for name, values in self.summary(day).items()
        }

    def _turns(self) -> tuple[IntArray, IntArray]:
        """Each (row's crossing, day) on which an authorisation comes into force or lapses (the day after its end)."""
        codes = self._rows["code"].to_numpy(dtype=np.int64)
        ending = self._ends != OPEN_ENDED
        days = np.concatenate([self._rows["start"].to_numpy(dtype=np.int64), self._ends[ending] + 1])
        return np.concatenate([codes, codes[ending]]), days

    def change_days(self, crossing_ids: list[str] | None = None) -> IntArray:
        """Day numbers on which an authorisation of any of ``crossing_ids`` (default all) comes into
        force or lapses, ascending."""
        codes, days = self._turns()
        if crossing_ids is not None:
            wanted = self._positions.get_indexer(pd.Index(crossing_ids))
            days = days[np.isin(codes, wanted[wanted >= 0])]
        return np.unique(days)

    def change_steps(self) -> tuple[IntArray, IntArray]:
        """Each day an authorisation comes into force or lapses, as its day number and the crossing's
        position in :attr:`crossing_ids`, in no particular order."""
        codes, days = self._turns()
        return days, codes

    def changed_on(self, day: date) -> list[str]:
        """The crossings where an authorisation comes into force or lapses on ``day``."""
        codes, days = self._turns()
        return [self.crossing_ids[c] for c in np.unique(codes[days == day_number(day)])]


def _python(value: Any) -> Any:
    """A numpy scalar as the Python value it holds; a Python value as it is."""
    return value.item() if isinstance(value, np.generic) else value


def _empty() -> pd.DataFrame:
    """No authorisations, in the file's columns."""
    return pd.DataFrame(columns=column_names(AUTHORISATION_COLUMNS), dtype=object)
