"""Which crossing an act is told of: the one named in its clause, the one a sentence that names none
speaks of again ("the crossing", "the border", "it"), and whether the act is done to the crossing at
all ("shut down the airport in Goma") or to a place merely near it ("shops near the crossing").
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from geo.extract.acts import HOLDER_AFTER, LOOK_BEHIND, Act
from geo.extract.mentions import Mention

#: A crossing named again without its name ("the crossing", "this border post"); words between may
#: describe it ("the busy crossing") but not name it ("the Wazin crossing" is another one).
#: "The border" and "their side" are the crossing too, in a report about one ("said the border was
#: closed", "the Turkish authorities opened their side"), but not "the border district" or "border guards".
DEFINITE: Final = re.compile(
    r"\b(?i:the|this|that)\s+(?:[a-z][\w-]*\s+){0,2}"
    r"(?i:crossing|gate|post|checkpoint|border town|town|terminal|facility|crossing point|port)\b"
    r"|\b(?i:the)\s+(?i:border|frontier)\b(?!\s+(?i:district|province|region|area|zone|village|town|city|"
    r"guard|police|force|troop|security|fence|wall|strip|trade|market|crossings))"
    r"|\b(?i:its|their|our)\s+(?:own\s+)?(?i:side)\b",
)

#: The object of an act: an article, then up to four words before any preposition or clause's end.
_OBJECT: Final = re.compile(
    r"(?:\s+(?:of|off|down|up))?\s+(?P<article>the|a|an|another|its|their|his|her|our|this|that|several|two|three)\s+"
    r"(?P<object>(?:(?!(?:in|of|at|near|on|with|from|to|for|by|and|after|before)\b)[\w’'-]+\s*){1,4})",
    re.IGNORECASE,
)

#: Words that name a crossing or what holds it ("the border town called Wesh", "their side").
_CROSSING_WORDS: Final = re.compile(
    r"\b(?:crossings?|border|borders|frontier|gate|gates|post|posts|checkpoints?|terminal|bridge|side|sides|town|"
    r"city|passage|port|route|corridor|point|facility|facilities|it|them)\b",
    re.IGNORECASE,
)

_NEAR_BEFORE: Final = re.compile(
    r"\b(?:near|outside|beside|around|behind|close to|next to|opposite)\s+(?:the\s+)?$", re.IGNORECASE
)

#: How far (in characters) a crossing's name may start from a status the outlet itself reports.
OUTLET_STATUS_REACH: Final = 40

#: Where a clause of a sentence naming two crossings ends: "Kerem Shalom's reopening came a day |
#: after Israeli forces took control of the Rafah crossing". Not "and", which lists crossings.
_CLAUSE_OF_ACT: Final = re.compile(r"[;:]|,\s|\b(?:but|which|after|before|while|when|whereas|because|since|as)\b")


#: Most crossings an act whose own clause names none is told of at once ("Iran closed Islam Qala,
#: Zaranj and Milak"): more is a list or a table, where it is the one named just before.
LISTED_CROSSINGS: Final = 4


def crossings_of(act: Act, words: str, crossings: list[Mention]) -> list[Mention]:
    """The crossings an act is told of, when a sentence names several: those in its own clause,
    else all ("Iran closed the Islam Qala and Zaranj crossings"). A comma before a crossing lists
    it ("closed Torkham, Chaman and Wesh"), and does not end the clause."""
    if len(crossings) <= 1:
        return crossings
    breaks = _clause_breaks(words, tuple(m.start for m in crossings))
    opened = max([end for _, end in breaks if end <= act.start], default=0)
    closed = min([start for start, _ in breaks if start >= act.end], default=len(words))
    own = [m for m in crossings if opened <= m.start and m.end <= closed]
    if own or len(crossings) <= LISTED_CROSSINGS:
        return own or crossings
    # A long run of crossings and an act whose clause names none: the one named just before it.
    before = [m for m in crossings if m.end <= act.start]
    return before[-1:] or crossings[:1]


@lru_cache(maxsize=64)
def _clause_breaks(words: str, starts: tuple[int, ...]) -> list[tuple[int, int]]:
    """Where the clauses of a sentence naming crossings at ``starts`` end: read once per sentence."""
    named = set(starts)
    return [
        b.span()
        for b in _CLAUSE_OF_ACT.finditer(words)
        if not (b.group().startswith(",") and _lists_a_crossing(b.end(), words, named))
    ]


_LIST_ARTICLE: Final = re.compile(r"\s*(?:the\s+)?", re.IGNORECASE)


def _lists_a_crossing(at: int, words: str, starts: set[int]) -> bool:
    """Whether the words at ``at`` are a crossing's name, "the" before it or not: one more of a list."""
    found = _LIST_ARTICLE.match(words, at)
    return found is not None and found.end() in starts


#: "It" right before an act ("it reopened", "it was closed") or right after one ("captured it").
_IT_BEFORE: Final = re.compile(r"\bit\s+(?:(?:has|had|have|was|is|were|been|also|again|later|then|now)\s+){0,3}$", re.I)
_IT_AFTER: Final = re.compile(r"\s+it\b", re.IGNORECASE)


def referring_to_crossing(words: str, acts: tuple[Act, ...], *, just_named: bool) -> list[int]:
    """Where a sentence naming no crossing speaks of the one named before: "the crossing", "the
    border", "their side"; and, just after the sentence that named it, "it" told the act ("It was
    reopened on Monday", "rebels captured it"), which further off may be anything."""
    found = [m.start() for m in DEFINITE.finditer(words)]
    if just_named:
        for act in acts:
            before = _IT_BEFORE.search(words[: act.start])
            after = _IT_AFTER.match(words, act.end)
            found += [m.start() for m in (before, after) if m is not None]
    return sorted(found)


def object_elsewhere(act: Act, words: str, crossings: list[Mention]) -> bool:
    """Whether the act is done to something that is not the crossing: "shut down the airport in
    Goma", "seized the villages". Its object is the noun after an article, up to a preposition."""
    if HOLDER_AFTER.fullmatch(words[act.start : act.end]):
        return False  # "in the hands of the alliance": the words after name the holder
    found = _OBJECT.match(words, act.end)
    if not found:
        return False
    start, end = found.span("object")
    if any(start <= m.start < end for m in crossings):
        return False
    if found.group("article").casefold() in ("a", "an", "another") and not any(
        end <= m.start <= end + 3 for m in crossings
    ):
        return True  # "controls a post known as ... east of Nasib": another place, not the crossing named
    return _CROSSING_WORDS.search(found.group("object")) is None


def beside(act: Act, words: str, crossings: list[Mention], referring: list[int] | None) -> bool:
    """Whether the crossing is named close enough to a status no one is said to set for the status to
    be the crossing's ("The Ras Ajdir crossing was closed"), not something else's ("the market near
    Torkham was also closed"). Further off, the crossing is still the subject when the act is told in
    the passive or perfect ("Bab al-Hawa, from Turkey into Idlib, has been closed since Tuesday").
    ``referring`` holds where a sentence that names no crossing refers to the one before, if it does."""
    near = referring if referring is not None else [m.start for m in crossings]
    # "Shops near the crossing were closed": the crossing only says where.
    return any(
        not _NEAR_BEFORE.search(words, max(0, at - LOOK_BEHIND), at)
        and (abs(act.start - at) <= OUTLET_STATUS_REACH or _subject_told_so(words, at, act))
        for at in near
    )


#: The words right before an act told of its subject: "has been", "was", "have".
_AUXILIARY_BEFORE: Final = re.compile(
    r"\b(?:has|have|had|was|were|is|are|(?:would|will|to) (?:remain|stay)|remains?|remained|stays?|stayed)"
    r"(?:\s+(?:been|now|also|again|since|partially|partly|fully))*\s+$",
    re.IGNORECASE,
)
#: How far (in characters) before such an act its subject, the crossing, may be named.
SUBJECT_REACH: Final = 150


def _subject_told_so(words: str, at: int, act: Act) -> bool:
    """Whether the crossing named at ``at`` is the subject of an act told with an auxiliary, a phrase
    about the crossing between them ("the Rafah crossing point between Gaza and Egypt has opened")."""
    if not (0 < act.start - at <= SUBJECT_REACH) or not _AUXILIARY_BEFORE.search(words[: act.start]):
        return False
    # A clause set off by commas says more of the crossing ("Adre, which lies in Darfur, was reopened").
    between = ASIDE.sub(",", words[at : _AUXILIARY_BEFORE.search(words[: act.start]).start()])  # type: ignore[union-attr]
    return _OWN_CLAUSE.search(between) is None


ASIDE: Final = re.compile(r",\s*(?:which|who|where|whose)\b[^,;:]*,", re.IGNORECASE)
#: What makes the words between a crossing and an act a clause of their own: a break, a relative
#: pronoun, a verb of saying, a verb of their own ("is the busiest"), a new subject ("and the market").
_OWN_CLAUSE: Final = re.compile(
    r"[;:]|\b(?:that|which|who|said|says|told|is|are|was|were|has|have|had)\b"
    r"|\b(?:and|but|while)\s+(?:the|a|an|its|their|his|her)\s+\w+",
    re.IGNORECASE,
)
