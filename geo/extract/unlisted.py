"""Crossings and armed groups an article names that neither the database nor the gazetteer knows.

A crossing is found by how wire copy names one: a proper name before "crossing", "border post",
"checkpoint" or "gate" ("the Al-Qaim border crossing", "the Al-Walid and Rabia crossings"), or after
"the crossing at". A known crossing's name spelt another way ("Kyan-San-Kyawat" for "Kyan San
Kyawt") is that crossing.

Such a crossing still gets its drafts, with no id and its name as written, for data staff to match
to a place or add; a claim about a crossing the reader has never heard of is still a claim. Once
named so, the article's later bare mentions of it ("Al-Qaim fell") are found too. An armed group is
found by what its members are called ("Kurdish fighters", "Houthi rebels") or by a name of the kind
groups take ("the Arakan Army"), and drafted with its name as written and no id.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from typing import Final

from geo.extract.mentions import Lexicon, Mention
from geo.extract.vocabulary import UNLISTED_GROUP
from geo.names import SIDE_ADJECTIVES, is_place_name

#: One word of a proper name: capitalised, or an Arabic article before one ("al-Qaim", "Bab el-Hawa").
_WORD: Final = r"(?:(?:[Aa][lnrsdt]|[Ee]l|[Aa]sh|[Aa]z)-)?[A-Z][\w'’]*"
_NAME: Final = rf"{_WORD}(?:[ -](?:(?:al|el|de|la|du|bin|ibn|and)[ -])?{_WORD}){{0,3}}"
_CROSSING_NOUNS: Final = (
    r"(?i:(?:border |frontier )?(?:trade |trading |commercial )?"
    r"(?:crossings?|crossing points?|border posts?|checkpoints?|gates?|terminals?|ports?|borders?))"
)
#: "the Al-Qaim border crossing", "the Al-Walid and Rabia crossings", "the Yanlonkyaing (Yan Long Zhai)
#: border trade gate".
_BEFORE_NOUN: Final = re.compile(
    rf"(?<![\w’'-])(?P<names>{_NAME})(?:[ \t]+\([^()]{{1,40}}\))?[ \t]+{_CROSSING_NOUNS}\b"
)
#: "the border crossing at Kurmuk", "the crossings of Jarablus, al-Rai and Tel Abyad".
_AFTER_NOUN: Final = re.compile(
    rf"\b{_CROSSING_NOUNS}[ \t]+(?:at|of|near)[ \t]+(?P<names>{_NAME}"
    rf"(?:(?:,[ \t]+|[ \t]+and[ \t]+)(?:the[ \t]+)?{_NAME}(?:[ \t]+\([^()]{{1,40}}\))?){{0,8}})(?![\w’'-])"
)
#: A bridge or crossing whose own name holds the noun: "King Hussein Bridge", "the Wadi Araba Crossing".
_NAMED_WITH_NOUN: Final = re.compile(rf"(?<![\w’'-])(?P<names>{_NAME}[ \t]+(?:Bridge|Crossing))\b")
_LIST: Final = re.compile(r"\s+and\s+|,\s+(?:and\s+)?")
_BRACKETED: Final = re.compile(r"\s*\([^()]*\)")
_POSSESSIVE: Final = re.compile(r"['’]s\b")

#: Capitalised words that start a sentence or describe a crossing, and never name one.
_NOT_NAMES: Final = frozenset(
    re.findall(
        r"\w+",
        """the a an this that these those its their his her our main key major vital strategic busy
        border frontier northern southern eastern western north south east west central international
        new old only last first second third other both each all several two three four five one
        monday tuesday wednesday thursday friday saturday sunday january february march april may june
        july august september october november december un us eu
        security military army police customs rebel rebels government official unofficial illegal informal
        temporary makeshift nearby local regional national commercial pedestrian passenger cargo trade
        humanitarian aid land sea road rail railway river mountain desert remote smaller larger biggest
        busiest largest many some most every any no another several key crucial important only sole
        such former current nearest closest same crossing crossings bridge gate checkpoint port point post""",
    )
)


_STATE_ADJECTIVES: Final = frozenset(adjective.casefold() for adjective in SIDE_ADJECTIVES.values())


def _not_name(word: str) -> bool:
    """Whether a word of a candidate name says what kind of place, whose or when, rather than which."""
    folded = word.casefold()
    return folded in _NOT_NAMES or folded in _STATE_ADJECTIVES or is_place_name(word)


def _names_in(found: str, parties: Lexicon) -> list[str]:
    """The crossing names in a matched phrase: each of "A and B", less leading describing words; none
    that is only a country, a party or describing words ("the Syrian", "Iraq-Syria", "Taliban")."""
    names = []
    for part in _LIST.split(_BRACKETED.sub("", found)):
        words = _POSSESSIVE.sub("", part).split(" ")
        while words and _not_name(words[0]):
            words = words[1:]
        name = " ".join(words)
        pieces = re.split(r"[ -]+", name)
        if not name or all(_not_name(piece) or len(piece) < 3 for piece in pieces):
            continue
        if _covered(name, parties):
            continue
        names.append(name)
    return names


def unlisted_crossings(text: str, known: Lexicon, parties: Lexicon) -> Lexicon:
    """Every crossing ``text`` names by its kind ("the X crossing") that ``known`` does not hold, as a
    lexicon of the article's own, each keyed by its name (which no stored crossing's id is)."""
    named: dict[str, list[str]] = {}
    for pattern in (_NAMED_WITH_NOUN, _BEFORE_NOUN, _AFTER_NOUN):
        for match in pattern.finditer(text):
            if _in_title_case(text, match.start()):
                continue  # a headline capitalises every word: its capitals name nothing
            for name in _names_in(match.group("names"), parties):
                if _covered(name, known):
                    continue
                # A known crossing spelt another way is that crossing ("Kyan-San-Kyawat border gate").
                same = known.sounding_like(name)
                named.setdefault(same[0] if len(same) == 1 else unlisted_key(name), []).append(name)
    return Lexicon(named)


def _in_title_case(text: str, at: int) -> bool:
    """Whether the line holding ``at`` is a headline: no closing stop, and most of its words capitalised."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    line = text[start : end if end >= 0 else len(text)].strip()
    words = re.findall(r"[^\W\d_][\w'’-]*", line)
    capitalised = sum(word[0].isupper() for word in words)
    return not line.endswith((".", "!", "?", '"', "”")) and len(words) >= 4 and capitalised >= 0.6 * len(words)


def unlisted_key(name: str) -> str:
    """The key of a crossing known by its name alone: never a crossing id, which has no spaces or capitals."""
    return f"unlisted:{' '.join(re.split(r'[ -]+', name)).casefold()}"


def _covered(name: str, known: Lexicon) -> bool:
    """Whether one of ``known``'s names is the whole of ``name`` ("Rabia" is one of Al-Yarubiyah's)."""
    return any(m.start == 0 and m.end == len(name) for m in known.find(name))


def without_overlaps(first: Iterable[Mention], second: Iterable[Mention]) -> list[Mention]:
    """The mentions of ``first`` and those of ``second`` that overlap none of them, in text order."""
    kept = sorted(first, key=lambda m: m.start)
    starts = [m.start for m in kept]
    # The mentions of ``first`` do not overlap each other, so only the one starting last before a
    # mention's end, and the one before it, can overlap it.
    added = []
    for mention in second:
        at = bisect.bisect_left(starts, mention.end)
        if not any(kept[i].end > mention.start for i in range(max(0, at - 2), at)):
            added.append(mention)
    return sorted(kept + added, key=lambda m: m.start)


#: An armed group named by what its members are ("Kurdish fighters", "Houthi rebels") or by a name of
#: the kind groups take ("the Arakan Army", "the Kachin Independence Army", "the Nusra Front").
_MEMBERS: Final = r"(?:rebels|fighters|militants|militia|militias|militiamen|insurgents|jihadists|guerrillas)"
_GROUP_NOUNS: Final = r"(?:Army|Front|Brigades?|Movement|Alliance|Militia|Battalions?|Corps|Liberation Army)"
#: What a state's armed forces are called, capitalised: "the Sudanese Army".
_STATE_ARMS: Final = frozenset({"Army", "Corps", "Brigade", "Brigades", "Battalion", "Battalions", "Militia"})
_GROUPS: Final = (
    re.compile(rf"(?<![\w’'-])(?P<name>(?:{_WORD}[ \t]+){{0,2}}{_WORD}[ \t]+{_MEMBERS})\b"),
    re.compile(rf"(?<![\w’'-])(?P<name>(?:{_WORD}[ \t]+){{0,3}}{_WORD}[ \t]+{_GROUP_NOUNS})\b"),
)


def unlisted_groups(text: str, parties: Lexicon) -> Lexicon:
    """Every armed group ``text`` names that ``parties`` does not hold, keyed by ``group_key`` and
    ``name`` as written, leading describing words left out ("the powerful Arakan Army")."""
    named: dict[str, list[str]] = {}
    for pattern in _GROUPS:
        for match in pattern.finditer(text):
            words = match.group("name").split()
            while len(words) > 1 and (words[0].casefold() in _NOT_NAMES or _POSSESSIVE.search(words[0])):
                words = words[1:]
            name = " ".join(words)
            if len(words) < 2 or parties.find(name):
                continue  # one word of describing, or a known party ("Taliban fighters")
            if len(words) == 2 and words[0].casefold() in _STATE_ADJECTIVES and words[1] in _STATE_ARMS:
                continue  # "the Syrian Army" is a state's, not a group's
            named.setdefault(group_key(name), []).append(name)
    return Lexicon(named)


def group_key(name: str) -> str:
    """The key of an armed group known by its name alone."""
    return f"{UNLISTED_GROUP}{' '.join(name.split())}"
