"""What the article reader knows: every name of each crossing and party, and the countries behind them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

import pandas as pd

from geo.extract.mentions import Lexicon, crossing_names, normal_name, party_names
from geo.names import SIDE_ADJECTIVES, country_name

#: The key of a state the database holds no party for, known to the reader by its name alone.
UNLISTED_STATE: Final = "unlisted-state:"
#: The key of an armed group the database holds no party for: this, then its name as written.
UNLISTED_GROUP: Final = "unlisted-group:"


@dataclass(frozen=True)
class Vocabulary:
    """What the reader knows: crossings and parties by every name, and the countries behind them."""

    crossings: Lexicon
    parties: Lexicon
    #: Known crossing ids (a gazetteer place that is no crossing yet drafts with no id).
    known: frozenset[str]
    crossing_countries: Mapping[str, tuple[str, str]]
    party_names: Mapping[str, str]
    #: A state party's own country (alpha-3).
    party_countries: Mapping[str, str]
    #: The armed groups, whom "the group", "the insurgents" or "the alliance" point back at.
    armed: frozenset[str] = frozenset()
    #: The parties the database holds, by id; the others are states it has no party for.
    listed_parties: frozenset[str] = frozenset()
    #: Each party's names in common words ("government forces", "the junta"), which may be anyone's,
    #: and the words ("Afghan", "Afghanistan", "Taliban") that say an article is about that party's.
    generic_names: Mapping[str, frozenset[str]] = field(default_factory=dict)
    anchors: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=dict)

    def party_id(self, key: str) -> str:
        """The id a draft gives a party: its own, or "" for one the database has no party for."""
        return key if key in self.listed_parties else ""

    def party_name(self, key: str) -> str:
        """A party's name: the database's, a state's own, or an unlisted group's as the article wrote it."""
        return (self.party_names.get(key) or key.removeprefix(UNLISTED_GROUP)) if key else ""

    def spoken_of_generically(self, text: str) -> frozenset[str]:
        """The parties whose names in common words ("government forces", "the junta") are theirs in
        ``text``: those it also names by a name of their own or by their country, or whose country
        one of its crossings is on, so that "government forces" in a report from Yemen is not Kabul's."""
        folded = text.casefold()
        on_borders = {
            code
            for mention in self.crossings.find(text)
            if len(mention.keys) == 1
            for code in self.crossing_countries.get(mention.keys[0], ())
        }
        return frozenset(
            party
            for party, (words, codes) in self.anchors.items()
            if on_borders & set(codes)
            or any(re.search(rf"(?<!\w){re.escape(word.casefold())}(?!\w)", folded) for word in words)
        )

    def is_armed(self, key: str) -> bool:
        """Whether the party is an armed group ("the group", "the rebels" point back at it)."""
        return key in self.armed or key.startswith(UNLISTED_GROUP)

    @classmethod
    def of(cls, crossings: pd.DataFrame, parties: pd.DataFrame, places: pd.DataFrame | None = None) -> Vocabulary:
        """The vocabulary of stored (or seed) crossings, parties and gazetteer places, empty cells as None."""
        crossing_rows, party_rows = _records(crossings), _records(parties)
        place_rows = _records(places) if places is not None else []
        named_parties = party_names(party_rows)
        unlisted = _unlisted_states(party_rows, named_parties)
        # A place named as a party is ("Jordan", a UN/LOCODE entry in Israel) is read as the party.
        taken = {name.casefold() for names in named_parties.values() for name in names}
        crossing_words = {
            key: [name for name in names if name.casefold() not in taken]
            for key, names in crossing_names(crossing_rows, place_rows).items()
        }
        return cls(
            crossings=Lexicon(crossing_words),
            parties=Lexicon(named_parties),
            known=frozenset(str(c["crossing_id"]) for c in crossing_rows),
            # A gazetteer place's countries first, so a stored crossing's own win where both name one id.
            crossing_countries={
                **{str(p["place_id"]): (str(p["country_a"]), str(p["country_b"])) for p in place_rows},
                **{str(c["crossing_id"]): (str(c["country_a"]), str(c["country_b"])) for c in crossing_rows},
            },
            party_names={
                **{key: country_name(code) for key, code in unlisted.items()},
                **{str(p["party_id"]): str(p["name"]) for p in party_rows},
            },
            party_countries={
                **unlisted,
                **{str(p["party_id"]): str(p["country"]) for p in party_rows if p.get("country")},
            },
            armed=frozenset(str(p["party_id"]) for p in party_rows if p.get("kind") == "armed-group"),
            listed_parties=frozenset(str(p["party_id"]) for p in party_rows),
            generic_names={
                party: frozenset(normal_name(n) for n in names if n == n.casefold())
                for party, names in named_parties.items()
            },
            anchors={
                party: _anchors(names)
                for party, names in named_parties.items()
                if any(n == n.casefold() for n in names)
            },
        )


def _anchors(names: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What ties an article to a party: its own names and the country its name is of ("Afghan
    government": Afghan, Afghanistan), and that country's code (AFG)."""
    own = [name for name in names if name != name.casefold()]
    codes = _countries_named(own)
    return (*own, *(w for code in codes for w in (SIDE_ADJECTIVES[code], country_name(code)))), tuple(codes)


def _countries_named(names: list[str]) -> list[str]:
    """The countries whose adjective or name is a word of one of ``names`` ("Sudan's Sovereign Council": SDN)."""
    words = {word.casefold().removesuffix("'s") for name in names for word in name.split()}
    return [
        code
        for code, adjective in SIDE_ADJECTIVES.items()
        if adjective.casefold() in words or country_name(code).casefold() in words
    ]


def _unlisted_states(party_rows: list[dict[str, Any]], named: Mapping[str, list[str]]) -> dict[str, str]:
    """The states wire copy names by their voice ("Ukrainian forces", "Russian border guards") that the
    database holds no party for, by key: their claims are drafted still, for data staff to give an id.
    A state some party speaks for already ("Afghan government", "Sudan's Sovereign Council") is not one."""
    stated = {str(p["country"]) for p in party_rows if p.get("country")}
    spoken_for = {code for names in named.values() for code in _countries_named(names)}
    return {f"{UNLISTED_STATE}{code}": code for code in SIDE_ADJECTIVES if code not in stated | spoken_for}


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts, a blank or missing cell as None (a read CSV's "" and a database's NULL alike)."""
    return [{str(k): _cell(v) for k, v in row.items()} for row in frame.to_dict("records")]


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        return value if value.strip() else None
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else value
