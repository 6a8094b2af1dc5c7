"""What an act is about: who holds the crossing by it, on which side, for which traffic and on which
day (which crossing it is told of is :mod:`.which_crossing`'s).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from geo.extract.acts import HOLDER_AFTER, Act, traffic_named
from geo.extract.mentions import Mention
from geo.extract.vocabulary import Vocabulary
from geo.extract.when import Dating
from geo.names import SIDE_ADJECTIVES, TERRITORIES, country_name

#: A country named as where, not who: "the Tajikistan border", "the Pakistani side".
_A_PLACE_AFTER: Final = re.compile(r"\s*(?:border|frontier|side)\b", re.IGNORECASE)
#: Where the doers are, between them and their act: "in the Democratic Republic of Congo", "in Shan state".
_WHERE: Final = re.compile(
    r"\s(?:in|from|at|near|along|inside)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w'’-]*)*"
    r"(?:\s+(?:state|province|region|district))?"
)

#: Most words between a party and its act for the party to be the act's subject ("Taliban insurgents took").
SUBJECT_GAP_WORDS: Final = 3

_CLAUSE_BREAK: Final = re.compile(r"[.;:!?…]|,\s|\bthat\b|\bwho\b|\bwhich\b")

_PREPOSITION_BEFORE: Final = re.compile(
    r"\b(?:and|between|with|from|to|of|by|on|at|near|against|for)\s+(?:the\s+)?$", re.IGNORECASE
)

#: "Fighters from the Karen National Union captured": the party the doers are of is the doer.
_MEMBERS_OF: Final = re.compile(
    r"\b(?:rebels|fighters|forces|troops|militants|members|soldiers|units|militiamen|insurgents)\s+(?:from|of)\s+"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)

_PRONOUN_BEFORE: Final = re.compile(
    r"\b(?:they|we|it|he|she|(?:its|their|our|his) (?:\w+ )?(?:forces|troops|fighters|soldiers|men|units))"
    r"\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)

#: Where one act's clause ends and the next begins, for the day each act names.
_DATING_BREAK: Final = re.compile(r"[;:]|,\s|\b(?:and|but|which|after|before|while|when|whereas)\b")

#: How far from its act (in characters) a word for traffic is still about it, within the clause.
TRAFFIC_REACH: Final = 60

_TRAFFIC_BREAK: Final = re.compile(r"[.;:!?]|\b(?:while|as|after|before|when|because|but|although|amid)\b")

ADJECTIVE_CODES: Final = {adjective.casefold(): code for code, adjective in SIDE_ADJECTIVES.items()}

#: A side named by its country's adjective or by a territory of it ("the Pakistani side", "the Gaza side").
_SIDE_NAMES: Final = {
    **{adjective.casefold(): code for code, adjective in SIDE_ADJECTIVES.items()},
    **{name.casefold().removeprefix("the "): code for code, names in TERRITORIES.items() for name in names},
}
_SIDE: Final = re.compile(
    rf"\b(?P<adjective>{'|'.join(sorted(map(re.escape, _SIDE_NAMES), key=len, reverse=True))})\s+side\b",
    re.IGNORECASE,
)


def dating_for(act: Act, words: str, dated: list[Dating]) -> Dating | None:
    """The day of an act: the one named in its own clause, after it ("closed on Tuesday") or before it
    ("on Thursday took control"), else the sentence's first ("Adre, which was closed in February, was
    reopened in August" dates each act by its own month)."""
    after = [d for d in dated if d.start >= act.end and not _DATING_BREAK.search(words, act.end, d.start)]
    before = [d for d in dated if d.end <= act.start and not _DATING_BREAK.search(words, d.end, act.start)]
    chosen = after[:1] or before[-1:] or dated[:1]
    return chosen[0] if chosen else None


def holder_of(
    act: Act, words: str, parties: list[Mention], claimant: str, *, denied: bool, group_quoted: bool = False
) -> str:
    """Who holds the crossing by this act: its subject, the party after "fell to", or the speaker.
    ``group_quoted``: the act stands in an armed group's own quoted words."""
    if act.kind != "control":
        return ""
    inner = [p for p in parties if act.start <= p.start and p.end <= act.end]
    if inner:
        return inner[0].keys[0]  # "came under Mujahideen control"
    subject = subject_of(act, words, parties)
    if act.start > 0 and words[act.start - 1] == "-":
        # "the Taliban-held crossing" is the Taliban's; "an army-controlled government" is no one's.
        return subject
    if denied and act.hold == "taken" and _DENIED_THAT.search(words[: act.start]):
        # "denied that the Taliban had taken control": the one denying it says it is theirs still.
        return claimant
    if act.hold == "kept" or (denied and subject):
        return subject or claimant
    if HOLDER_AFTER.fullmatch(words[act.start : act.end]):
        after = [p for p in parties if p.start >= act.end]
        return after[0].keys[0] if after else ""
    agent = _agent_of(act, words, parties)
    if agent:
        return agent  # "overrun by rebels", "seized last year by the RSF"
    if subject:
        return subject
    # "They had captured": the speaker's own side; "the insurgents had captured", with no party of
    # that name known, is left for data staff rather than given to another party in the sentence.
    if _PRONOUN_BEFORE.search(words[: act.start]):
        return claimant
    # '"The Torghundi border port has been fully captured," a spokesman for the insurgents said': a
    # group's own word of a capture told with no one doing it is its own capture (a state's would
    # be a loss, and is left for data staff).
    return claimant if group_quoted and _PASSIVE_BEFORE.search(words[: act.start]) else ""


_PASSIVE_BEFORE: Final = re.compile(r"\b(?:has|have|had|was|were|is|are)\s+(?:been\s+)?(?:\w+ly\s+)?$", re.IGNORECASE)

#: A denial whose object is the claim after it, in the same clause: "denied (reports) that".
_DENIED_THAT: Final = re.compile(
    r"\b(?:denied|denies|deny|denying|rejected|rejects|refuted|refutes|dismissed|dismisses)\s+"
    r"(?:(?:the\s+)?(?:claims?|reports?|suggestions?)\s+)?that\b[^.;:]*$",
    re.IGNORECASE,
)

#: Between a passive act and its doer: a few words of when or where, then "by" ("seized last year by").
_BY_AGENT: Final = re.compile(r"^(?:\s+[\w-]+){0,3}?\s+by\s+(?:the\s+)?$", re.IGNORECASE)


def _agent_of(act: Act, words: str, parties: list[Mention]) -> str:
    """The party that did a passive act, named after "by": "the post was overrun by rebels"."""
    after = [p for p in parties if p.start >= act.end]
    if not after or _BY_AGENT.match(words[act.end : after[0].start]) is None:
        return ""
    return after[0].keys[0]


def subject_of(act: Act, words: str, parties: list[Mention]) -> str:
    """The party named just before the act, in the same clause ("government forces had repelled"),
    or, for a second verb of one subject ("attacked Torkham and took control"), the first verb's."""
    before = [p for p in parties if p.end <= act.start]
    if not before:
        return ""
    nearest = max(before, key=lambda p: p.end)
    if _doer(nearest, words) and not _A_PLACE_AFTER.match(words, nearest.end):
        # "M23 rebels in the Democratic Republic of Congo have seized": where they are is not between.
        between = _WHERE.sub(" ", words[nearest.end : act.start])
        if not _CLAUSE_BREAK.search(between) and len(between.split()) <= SUBJECT_GAP_WORDS:
            return nearest.keys[0]
    if _SECOND_VERB.search(words, 0, act.start) and not re.search(r"[.;:!?]", words[: act.start]):
        first = next((p for p in before if _doer(p, words) and not _A_PLACE_AFTER.match(words, p.end)), None)
        if first is not None and first.start == _first_word(words):
            return first.keys[0]
    return ""


#: A second verb joined to the first, of the same subject: "... and took control", "and had seized".
_SECOND_VERB: Final = re.compile(r"\band\s+(?:(?:had|has|have|then|later|also)\s+){0,2}$", re.IGNORECASE)


def _first_word(words: str) -> int:
    """Where a sentence's subject begins: after "The" and any words describing it ("The powerful")."""
    found = re.match(r"\s*(?:(?:the|a|an)\s+)?", words, re.IGNORECASE)
    return found.end() if found else 0


def _doer(party: Mention, words: str) -> bool:
    """Whether a party named where it is could be the one doing an act: not after "between", "with"
    or "by" ("an attack by the Taliban"), unless as whose members the doers are ("fighters from")."""
    return not (
        party.start > 0
        and _PREPOSITION_BEFORE.search(words[: party.start])
        and not _MEMBERS_OF.search(words[: party.start])
    )


def side_of(words: str, countries: tuple[str, str], doer: str, vocabulary: Vocabulary) -> str:
    """The side a claim is for: a state's own when it acts at its border, else the side named."""
    own = vocabulary.party_countries.get(doer, "")
    if own and own in countries:
        return own
    return next((code for code in sides_named(words) if code in countries), "")


@lru_cache(maxsize=64)
def sides_named(words: str) -> tuple[str, ...]:
    """The countries whose side a sentence names, in order: read once per sentence, whatever the
    number of crossings it names."""
    return tuple(_SIDE_NAMES[m.group("adjective").casefold()] for m in _SIDE.finditer(words))


def traffic_of(words: str, act: Act) -> str:
    """The one kind of traffic the act's own clause names ("reopened to pedestrians"), or all."""
    before = _TRAFFIC_BREAK.split(words[max(0, act.start - TRAFFIC_REACH) : act.start])[-1]
    after = _TRAFFIC_BREAK.split(words[act.end : act.end + TRAFFIC_REACH])[0]
    kinds = traffic_named(f"{before} {after}")
    return kinds[0] if len(kinds) == 1 else ""


_LEAVING: Final = r"(?:leaving|out of|exiting|fleeing|departing|to leave|to exit)"
_ENTERING: Final = r"(?:into|entering|towards|toward|bound for|to enter|to cross into|headed for|heading for)"


def _names_of(code: str) -> list[str]:
    """How the text may name a country's side: its name, its adjective (the people), its territories."""
    names = [country_name(code), *TERRITORIES.get(code, ())]
    adjective = SIDE_ADJECTIVES.get(code)
    return [*names, *([f"{adjective}s", adjective] if adjective else [])]


def direction_of(words: str, act: Act, countries: tuple[str, str]) -> str:
    """The country a status's traffic goes towards, where its own clause says: "for patients leaving
    Gaza" (towards the other country), "to trucks entering Pakistan" (towards Pakistan); "" for both ways."""
    if act.kind != "status" or not all(countries):
        return ""
    after = _TRAFFIC_BREAK.split(words[act.end : act.end + TRAFFIC_REACH + 40])[0]
    before = _TRAFFIC_BREAK.split(words[max(0, act.start - TRAFFIC_REACH) : act.start])[-1]
    clause = f"{before} {after}"
    found: set[str] = set()
    for code, other in (countries, countries[::-1]):
        entering, leaving = _ways(code)
        if entering.search(clause):
            found.add(code)
        if leaving.search(clause):
            found.add(other)
    return found.pop() if len(found) == 1 else ""


@lru_cache(maxsize=256)
def _ways(code: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The words of traffic entering, and of traffic leaving, the country ``code``."""
    named = "|".join(re.escape(name) for name in sorted(_names_of(code), key=len, reverse=True))
    return (
        re.compile(rf"\b{_ENTERING}\s+(?:the\s+)?(?:{named})\b", re.IGNORECASE),
        re.compile(rf"\b{_LEAVING}\s+(?:the\s+)?(?:{named})\b", re.IGNORECASE),
    )


#: What joins a second act to the first, so both are told of one subject ("was reopened for trade but
#: remained closed to travellers"): a conjunction, then only the verb's own words, no subject of its own
#: ("and shops near the crossing were closed" is the shops').
_JOINED: Final = re.compile(
    r"^[^.;:]{0,60}?\b(?:but|and|yet)\s+(?:(?:it|also|still|then|later|again|was|were|is|are|has|had|have|been|"
    r"remained|remains|stayed|stays|kept|keeps)\s+){0,3}$",
    re.IGNORECASE,
)


def joined_to(previous: Act | None, act: Act, words: str, parties: list[Mention]) -> bool:
    """Whether ``act`` is told of the same subject as the status act before it, joined by "but" or
    "and" with no party named between (which would be the second act's own subject)."""
    if previous is None or previous.kind != "status" or act.kind != "status":
        return False
    if any(previous.end <= p.start < act.start for p in parties):
        return False
    return _JOINED.match(words[previous.end : act.start]) is not None


#: "reopened to pedestrians but not to trucks": the traffic the act is said not to be for.
_EXCEPT: Final = re.compile(r"\bbut not (?:to|for) (?:the |any )?(?P<what>[\w-]+(?:\s[\w-]+)?)", re.IGNORECASE)
_EXCEPT_BREAK: Final = re.compile(r"[.;:!?]|\b(?:while|as|after|before|when|because|although|amid)\b")
#: The status the excepted traffic has instead.
_OPPOSITE: Final = {"open": "sealed", "sealed": "open"}


def excepted(words: str, act: Act, traffic: str) -> tuple[str, str] | None:
    """The status and traffic the act's own clause says it is not for ("open to people but not to
    goods": goods sealed); None when it excepts nothing, or a traffic the act's own already is."""
    if act.kind != "status" or act.status not in _OPPOSITE:
        return None
    # The clause read on past "but", which here brings the exception itself.
    after = _EXCEPT_BREAK.split(words[act.end : act.end + TRAFFIC_REACH + 20])[0]
    found = _EXCEPT.search(after)
    if found is None:
        return None
    kinds = traffic_named(found.group("what"))
    if len(kinds) != 1 or kinds[0] == traffic:
        return None
    return _OPPOSITE[act.status], kinds[0]
