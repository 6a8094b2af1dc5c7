"""Where a sentence names a crossing or a party, by any of its names, with the exact span written.

A :class:`Lexicon` is built once from every name of every crossing (its own, each side's, the
gazetteer's aliases) or every party (its name and aliases), and finds them in a text as whole words,
case aside and with spaces and hyphens interchangeable ("Spin Boldak-Chaman", "spin boldak chaman").
A longer name wins over a shorter one inside it ("Spin Boldak-Chaman" is one mention, not "Spin
Boldak" and "Chaman"). A name two records share is reported with both keys, for the reader to settle or leave to data
staff, never guessed.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final

from geo.gazetteer import place_names
from geo.model import listed_ids
from geo.names import is_place_name

_GAPS: Final = re.compile(r"[\s\-‐-―]+")
#: Shortest name looked for: two letters ("AA") name too many other things.
MIN_NAME_LENGTH: Final = 3


@dataclass(frozen=True)
class Mention:
    """A name found in a text: ``text[start:end]``, naming the record(s) ``keys``."""

    keys: tuple[str, ...]
    start: int
    end: int


#: Fewest consonants a name spelt another way is matched on.
MIN_SKELETON: Final = 5


def _consonants(name: str) -> str:
    """A name's letters less its vowels and accents: "Kyin San Kyawt" is "kynsnkywt"."""
    plain = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in plain if c.isalpha() and c.isascii() and c not in "aeiou")


def normal_name(name: str) -> str:
    """A name as the lexicon keeps it: spaces and hyphens as one space, case aside."""
    return _GAPS.sub(" ", name.strip()).casefold()


class Lexicon:
    """Every name of a set of records, to be found in a text.

    >>> lexicon = Lexicon({"spin-boldak-chaman": ["Spin Boldak-Chaman", "Wesh", "Chaman"]})
    >>> text = "Fighting at Wesh, near the Chaman-Spin Boldak road."
    >>> [(m.keys, text[m.start:m.end]) for m in lexicon.find(text)]
    [(('spin-boldak-chaman',), 'Wesh'), (('spin-boldak-chaman',), 'Chaman')]
    """

    def __init__(self, names: Mapping[str, Iterable[str]]) -> None:
        keys: dict[str, set[str]] = defaultdict(set)
        for key, written in names.items():
            for name in written:
                if len(normal := normal_name(str(name))) >= MIN_NAME_LENGTH:
                    keys[normal].add(key)
        self._keys = {name: tuple(sorted(found)) for name, found in keys.items()}
        #: The names by their consonants, made on first use (most lexicons are never asked).
        self._skeletons: dict[str, tuple[str, ...]] | None = None
        alternatives = sorted(self._keys, key=len, reverse=True)
        words = "|".join(_GAPS.sub(lambda _: r"[\s\-‐-―]+", re.escape(n).replace(r"\ ", " ")) for n in alternatives)
        self._pattern = re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE) if alternatives else None

    def sounding_like(self, name: str) -> tuple[str, ...]:
        """The records one of whose names is ``name`` spelt another way: the same consonants in the
        same order ("Kyan-San-Kyawat" for "Kyan San Kyawt"), as transliterations differ in their vowels.
        None for a short name, whose consonants too many names share.

        >>> Lexicon({"kyin-san-kyawt": ["Kyin San Kyawt"]}).sounding_like("Kyan-San-Kyawat")
        ('kyin-san-kyawt',)
        """
        wanted = _consonants(name)
        if len(wanted) < MIN_SKELETON:
            return ()
        if self._skeletons is None:
            skeletons: dict[str, set[str]] = defaultdict(set)
            for known, keys in self._keys.items():
                skeletons[_consonants(known)].update(keys)
            self._skeletons = {skeleton: tuple(sorted(keys)) for skeleton, keys in skeletons.items()}
        return self._skeletons.get(wanted, ())

    def find(self, text: str) -> list[Mention]:
        """Each name in ``text``, in order, the longest where names overlap."""
        if self._pattern is None:
            return []
        return [
            Mention(self._keys[normal_name(match.group())], match.start(), match.end())
            for match in self._pattern.finditer(text)
            if normal_name(match.group()) in self._keys
        ]


def crossing_names(
    crossings: Iterable[Mapping[str, object]], places: Iterable[Mapping[str, object]] = ()
) -> dict[str, list[str]]:
    """Every name of each crossing: its name, each side's name, and the aliases of its gazetteer place."""
    names: dict[str, list[str]] = defaultdict(list)
    for crossing in crossings:
        key = str(crossing["crossing_id"])
        names[key] += [str(crossing[c]) for c in ("name", "name_a", "name_b") if isinstance(crossing.get(c), str)]
        # The parts of a crossing named for both its towns ("Spin Boldak-Chaman") are its names too.
        names[key] += [part for part in re.split(r"\s*[-–/]\s*", str(crossing["name"])) if part != crossing["name"]]
    for place in places:
        names[str(place["place_id"])] += place_names(place)
    return dict(names)


#: A bracket that names the party ("RSF", "AFC/M23", "Peshmerga"), not one that describes it
#: ("opposition", "Turkish-backed", "SAF-led government", "from December 2024").
_BRACKETED_NAME = re.compile(r"[A-Z0-9][\w/]*(?:\s+[A-Z0-9][\w/]*)*")


def party_names(parties: Iterable[Mapping[str, object]]) -> dict[str, list[str]]:
    """Every name of each party: its name, its aliases, and its name without a bracketed abbreviation."""
    names: dict[str, list[str]] = {}
    for party in parties:
        name = str(party["name"])
        aliases = party.get("aliases")
        listed = listed_ids(aliases) if isinstance(aliases, str) else []
        # "Rapid Support Forces (RSF)" is also "RSF"; a bracketed list of members, a description or a
        # place ("Palestinian Crossings Authority (Gaza)": the Gaza one) is not a name.
        bracketed = [
            b for b in re.findall(r"\(([^)]+)\)", name) if _BRACKETED_NAME.fullmatch(b) and not is_place_name(b)
        ]
        names[str(party["party_id"])] = [name, re.sub(r"\s*\([^)]*\)", "", name), *bracketed, *listed]
    return names
