"""The gazetteer: the world's border crossings as places to find by any of their names.

A place is reference, not a claim: its names in every spelling and script, its two countries and a
coordinate with where it comes from (:data:`geo.model.PLACE_COLUMNS`). A place whose id is a
crossing's is that crossing; any other is there to be found and added as one.

Names are matched folded (case, accents and Arabic-script variants aside, :func:`geo.filters.fold`)
and compact (spaces, hyphens and punctuation aside), so "Chin Shwe Haw" finds Chinshwehaw and
"ras jdir" finds Ras Ajdir.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from itertools import accumulate
from typing import Any, Final

import pandas as pd

from geo.filters import fold
from geo.model import CROSSING_COLUMNS, PLACE_COLUMNS, column_names

#: Most places a search returns.
SEARCH_LIMIT: Final = 20
#: How a match ranks: the whole name first, then a name that starts so, then one holding it.
WHOLE, START, WITHIN = 0, 1, 2
MATCH_WORDS: Final = {WHOLE: "name", START: "start of a name", WITHIN: "part of a name"}
#: Fewest characters of a query matched inside a name: one or two letters are in half the world's names.
WITHIN_MIN: Final = 3


def compact(text: str) -> str:
    """A name as the gazetteer matches it: folded, letters and digits only.

    >>> compact("Chin Shwe Haw") == compact("Chinshwehaw"), compact("Adré"), compact("Ra's Ajdīr")
    (True, 'adre', 'rasajdir')
    """
    return "".join(ch for ch in fold(text) if ch.isalnum())


def place_names(place: Mapping[Any, Any]) -> list[str]:
    """Every name of a place: its name, then its aliases (separated by ``|``), each once.

    >>> place_names({"name": "Ras Ajdir", "aliases": "Ras Jedir| Ras Jdir |Ras Jedir"})
    ['Ras Ajdir', 'Ras Jedir', 'Ras Jdir']
    """
    aliases = place.get("aliases")
    names = [str(place["name"]), *(a.strip() for a in str(aliases).split("|") if isinstance(aliases, str))]
    return list(dict.fromkeys(n for n in names if n))


@dataclass(frozen=True)
class Match:
    """One place a search found: the place's row, the name it matched by, and how."""

    place: pd.Series
    name: str
    rank: int


class Gazetteer:
    """The places of a gazetteer frame, indexed by every compact name once, for searches by name."""

    def __init__(self, places: pd.DataFrame) -> None:
        empty = pd.DataFrame(columns=column_names(PLACE_COLUMNS))
        self.places = places.reset_index(drop=True) if len(places) else empty
        self._by_key: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for row, place in enumerate(self.places.to_dict("records")):
            for name in place_names(place):
                if key := compact(name):
                    self._by_key[key].append((row, name))
        # Sorted, for the names that start with a query (a range of them); joined, for the names that hold
        # it (one scan of one string, not a test of every name).
        self._keys = sorted(self._by_key)
        self._joined = "\n".join(self._keys)
        self._offsets = list(accumulate((len(k) + 1 for k in self._keys[:-1]), initial=0))
        self._sort_names = [str(name).casefold() for name in self.places["name"]]

    def __len__(self) -> int:
        return len(self.places)

    def search(self, query: str, *, limit: int = SEARCH_LIMIT) -> list[Match]:
        """The places with a name matching ``query``, best first: a whole name, then the start of
        one, then (from three characters) a part of one; each place once, by its best name."""
        best = self._best_names(query)
        ordered = sorted(best.items(), key=lambda item: (item[1][0], self._sort_names[item[0]]))
        return [Match(self.places.iloc[row], name, rank) for row, (rank, name) in ordered[:limit]]

    def ids_named(self, query: str) -> frozenset[str]:
        """The ids of every place :meth:`search` finds for ``query``, in no order."""
        rows = list(self._best_names(query))
        return frozenset(self.places["place_id"].to_numpy()[rows].astype(str)) if rows else frozenset()

    def _best_names(self, query: str) -> dict[int, tuple[int, str]]:
        """Each matching place's row, with its best rank and the name that has it."""
        key = compact(query)
        best: dict[int, tuple[int, str]] = {}
        if not key:
            return best
        for rank, name_key in self._matching_keys(key):
            for row, name in self._by_key[name_key]:
                if row not in best or rank < best[row][0]:
                    best[row] = (rank, name)
        return best

    def _matching_keys(self, key: str) -> Iterator[tuple[int, str]]:
        """Each indexed name that matches ``key``, with its rank: whole, start, then part of a name."""
        if key in self._by_key:
            yield WHOLE, key
        keys = self._keys
        for name_key in keys[bisect_left(keys, key) : bisect_left(keys, key + "\U0010ffff")]:
            if name_key != key:
                yield START, name_key
        if len(key) < WITHIN_MIN:
            return
        at = self._joined.find(key)
        while at != -1:
            index = bisect_right(self._offsets, at) - 1
            name_key = keys[index]
            if not name_key.startswith(key):
                yield WITHIN, name_key
            # On to the next name: one that holds the query twice is one match.
            at = self._joined.find(key, self._offsets[index] + len(name_key) + 1)

    def place(self, place_id: str) -> pd.Series | None:
        """The place with id ``place_id``, or None."""
        found = self.places[self.places["place_id"] == place_id]
        return None if found.empty else found.iloc[0]

    def named(self, text: str) -> pd.Series | None:
        """The one place whose id or a whole name is ``text`` (None when none is, or several are)."""
        if (place := self.place(text)) is not None:
            return place
        rows = {row for row, _ in self._by_key.get(compact(text), [])}
        return self.places.iloc[rows.pop()] if len(rows) == 1 else None


def matches_frame(matches: list[Match]) -> pd.DataFrame:
    """Search results as a table: each place's columns, the name it matched by and how."""
    columns = [*column_names(PLACE_COLUMNS), "matched_name", "match"]
    rows = [{**m.place.to_dict(), "matched_name": m.name, "match": MATCH_WORDS[m.rank]} for m in matches]
    return pd.DataFrame(rows, columns=columns)


def crossing_csv(place: pd.Series, region: str) -> bytes:
    """A crossings file of one row, the crossing made from ``place`` in ``region``: uploaded like any
    other, so it is checked, previewed and written as a batch of its own."""
    frame = pd.DataFrame([crossing_row(place, region)], columns=column_names(CROSSING_COLUMNS))
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


def places_to_add(values: list[str], places: pd.DataFrame) -> list[pd.Series]:
    """The places of the gazetteer that ``values`` (crossing ids an upload named and no crossing has)
    are, each once, in the order first named."""
    gazetteer = Gazetteer(places)
    found = [gazetteer.named(value) for value in dict.fromkeys(values)]
    unique = {str(place["place_id"]): place for place in found if place is not None}
    return list(unique.values())


def crossing_row(place: pd.Series, region: str) -> dict[str, str]:
    """A crossing record made from a gazetteer place, in ``region``: its id, names, countries and
    coordinate, the note saying where they come from."""
    names = place_names(place.to_dict())
    note = f"From the gazetteer ({place['source']}): {place['located_by']}"
    return {
        "crossing_id": str(place["place_id"]),
        "name": names[0],
        "country_a": str(place["country_a"]),
        "country_b": str(place["country_b"]),
        "name_a": "",
        "name_b": "",
        "lat": repr(float(place["lat"])),
        "lon": repr(float(place["lon"])),
        "region": region,
        "note": note,
    }
