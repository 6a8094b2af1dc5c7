"""What a sentence of a report claims happened at a crossing, read from its verbs.

Each act is a word or phrase wire copy uses for a change of hands ("captured", "fell to", "repelled")
or of status ("sealed", "reopened", "partially reopened"), with what it means in Borderwatch's terms:
a claim of control (whose is for the next step to find: the one who captured, the one who repelled)
or a status. A sentence may also say for which traffic ("pedestrians", "trucks", "aid"), how sure
the outlet is ("could not be independently verified") and whether the speaker rejects a claim
("denied", "dismissed as propaganda"); :func:`read_acts` finds each with its span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

from geo.model import Status

Kind = Literal["control", "status"]

#: How each act reads: its kind, the status it states (none for control), and whether the one who
#: did it keeps (or takes) the crossing; a "repelled" attack leaves it with the defender.
_ACTS: Final[list[tuple[Kind, str | None, str, tuple[str, ...]]]] = [
    # Control taken: the doer now holds it.
    ("control", None, "taken", (
        r"(?:re-?)?captur(?:e|ed|es|ing)", r"seiz(?:e|ed|es|ing)", r"overr?an|overrun", r"re-?took|re-?taken|re-?take",
        r"reclaim(?:ed|s|ing)?", r"liberat(?:ed|es|ing|e)", r"recover(?:ed|s|ing)?",
        r"(?:took|taken|take|takes|taking) over", r"occup(?:ied|ies|y|ying)",
        r"(?:took|taken|take|takes|taking|assumed) (?:full )?command",
    )),
    ("control", None, "taken", (
        # "taken operational control", "seized full military control": up to two words before "control".
        r"(?:took|taken|take|takes|taking|gained|seized|wrested|assumed|regained) (?:[a-z]+ ){0,2}control",
    )),
    ("control", None, "taken", (
        r"fell to|fallen to|falls to", r"in the hands of|under the control of", r"controlled by|held by",
        r"(?:operated|run|manned|administered|secured) by",
        # "came under Mujahideen control": the holder is named inside the act.
        r"(?:came|come|comes|coming|fell|brought) under (?:[\w-]+ ){1,2}control",
        # "is now under their control": the speaker's own, as "they had captured" is.
        r"(?:is|are|was|were|remains?|remained)\s+(?:now\s+|still\s+|firmly\s+)?"
        r"under (?:their|its|our) (?:full )?control",
        # "had taken the post": taking what the object names, which must be the crossing.
        r"(?:took|taken)(?=\s+(?:the|a|an|this|that)\s)",
    )),
    # Control kept: the doer holds it still. Not bare "control": "border control" claims nothing.
    ("control", None, "kept", (
        r"controls|controlled", r"(?:remains?|remained|still|firmly|is|are|was|were) in control",
        r"(?:had|have|has|retains?|retained|maintains?|maintained) [\"“]?(?:almost |nearly )?"
        r"(?:full |firm |complete |total )?control",
        r"holds?|held|still holding",
    )),
    ("control", None, "kept", (
        r"repell?ed|repuls(?:ed|es)", r"pushed back|beat(?:en)? back|fended off", r"foiled|thwarted",
    )),
    # Status.
    ("status", Status.RESTRICTED.value, "", (
        r"(?:partially|partly) (?:re-?)?opened", r"(?:re-?)?opened (?:partially|partly)",
    )),
    ("status", Status.RESTRICTED.value, "", (
        r"restrict(?:ed|s|ing)", r"limit(?:ed|s|ing)", r"only (?:allowed|permitted|open)",
        # Open to a few alone: "remains open only for", "reopened for urgent medical cases".
        r"(?:re-?)?open(?:ed|s)? only",
        r"(?:re-?)?open(?:ed|s)? (?:only )?(?:for|to) (?:urgent|emergency|medical|exceptional|essential|limited)",
    )),
    ("status", Status.SEALED.value, "", (r"(?:completely |fully )?(?:sealed|seals|sealing)(?: off)?",)),
    ("status", Status.SEALED.value, "", (
        # "they close the Rafah crossing": bare "close" only before what it closes ("close to" is near).
        r"clos(?:ed|es|ing|ure)", r"close(?=\s+(?:the|its|their|all|both|down)\b)",
        r"shut(?:s|ting| down)?", r"shutter(?:ed|s|ing)", r"suspend(?:ed|s|ing)", r"halt(?:ed|s|ing)",
        r"block(?:ed|s|ing)",
        r"(?:stopped|ceased|stops|ceases) (?:working|operating|operations|to operate|functioning)",
        r"suspended (?:all )?operations",
    )),
    ("status", Status.OPEN.value, "", (
        r"(?:re-?)?open(?:ed|s|ing)?", r"resum(?:ed|es|ing)", r"lifted",
        # "allowed 20 aid trucks through Rafah": open, for the traffic let through.
        # Told actively: "people were allowed to enter" is of the people, not of the crossing.
        r"(?<!were )(?<!was )(?<!been )(?<!being )"
        r"(?:allowed|allows|permitted|permits|let)(?=\s+(?:[\w-]+\s+){0,5}?(?:through|to cross|to enter|across)\b)",
    )),
]  # fmt: skip

#: The acts whose holder is named after them: "fell to the rebels", "operated by the government".
HOLDER_AFTER: Final = re.compile(
    r"fell to|fallen to|falls to|in the hands of|under the control of|controlled by|held by|"
    r"(?:operated|run|manned|administered|secured) by",
    re.IGNORECASE,
)

_PATTERNS: Final = [
    (re.compile(rf"\b(?:{'|'.join(words)})\b", re.IGNORECASE), kind, status, hold)
    for kind, status, hold, words in _ACTS
]

#: Words that name a kind of traffic (:data:`geo.model.TRAFFIC_KINDS`).
TRAFFIC_WORDS: Final = {
    "people": r"people|pedestrians?|travell?ers|travell?ing|travel|passengers|visitors|civilians|residents|"
    r"refugees|returnees|patients|students|evacuees",
    "goods": r"goods|trucks?|lorr(?:y|ies)|cargo|trade|traders?|commercial|freight|exports?|imports?|fuel|"
    r"containers?",
    "aid": r"aid|humanitarian|relief|convoys?",
}
TRAFFIC: Final = {kind: re.compile(rf"\b(?:{words})\b", re.IGNORECASE) for kind, words in TRAFFIC_WORDS.items()}

#: Phrases by which an outlet says it could not check what it reports: the claim is possibly true at best.
HEDGES: Final = re.compile(
    r"could not (?:be )?(?:independently )?(?:verif(?:y|ied)|confirm(?:ed)?)|"
    r"(?:was|were|has|have) not (?:been )?(?:independently )?(?:verified|confirmed)|"
    r"unverified|unconfirmed|reportedly|allegedly|purportedly|claimed without evidence",
    re.IGNORECASE,
)
#: Phrases by which a speaker rejects another's claim: a counter-claim of their own, never agreement.
DENIALS: Final = re.compile(
    r"\b(?:denied|denies|deny|denying|rejected|rejects|dismissed|dismisses|refuted|refutes|"
    r"(?:is|was) (?:false|untrue|baseless|propaganda)|as (?:propaganda|baseless|false|lies))\b",
    re.IGNORECASE,
)


#: Words before an act that make it a plan, a wish or a condition, not something that happened:
#: "will reopen", "is expected to reopen", "agreed to allow", "threatened to close". "Had to close"
#: is a closure.
_NOT_YET: Final = re.compile(
    r"(?:\b(?:will|would|could|may|might|shall|should|must|can)|(?<!had )(?<!has )(?<!have )\bto)"
    r"\s+(?:(?:not|be|have|been|also|soon|again|only|partially|partly|fully|temporarily|eventually|ultimately|"
    r"finally|gradually|then)\s+){0,3}$",
    re.IGNORECASE,
)
#: Words before an act that deny it happened: "has not reopened", "never closed", "no longer held".
_NEGATED: Final = re.compile(r"\b(?:not|never|no longer|n't)\s+(?:(?:been|yet|fully|be)\s+){0,2}$", re.IGNORECASE)
#: An opening or a closure named as a thing argued about, not one that happened ("protested against
#: the opening", "orders for closure of the border", "calls for the reopening").
_NAMED_AS_THING: Final = re.compile(
    r"\b(?:for|against|about|over|on|to|awaiting|awaits?|demand(?:ed|s)?|postpon(?:ed|es|ing|e)|delay(?:ed|s|ing)?|"
    r"cancel(?:l?ed|s|ling)?)\s+(?:the\s+|a\s+|its\s+)?$"
    # "reopened after a three-month closure": the closure the news ends, not news of its own.
    r"|\b(?:after|following|since|during|despite|amid|ending|ended|ends)\s+(?:the\s+|a\s+|an\s+|its\s+)?"
    r"(?:[\w-]+\s+)?$",
    re.IGNORECASE,
)
_NOUNS: Final = re.compile(r"(?:re-?)?opening|closure|closing|sealing|capture|seizure", re.IGNORECASE)
_OPENING: Final = re.compile(r"(?:re-?)?opening", re.IGNORECASE)
_THE_BEFORE: Final = re.compile(r"\bthe\s+$", re.IGNORECASE)
_NO_BEFORE: Final = re.compile(r"\b(?:no|any)\s+(?:\w+\s+)?$", re.IGNORECASE)
_FIRE_AFTER: Final = re.compile(r"\s+(?:fire|up on|up with)\b", re.IGNORECASE)
_DESCRIBING: Final = re.compile(r"limited|restricted|closed|blocked|open", re.IGNORECASE)
_ARTICLE_BEFORE: Final = re.compile(r"\b(?:the|a|an|its|their|this|that|very|more|most)\s+$", re.IGNORECASE)
#: How many characters before an act are read for the words above.
LOOK_BEHIND: Final = 40


def happened(text: str, start: int, end: int) -> bool:
    """Whether the act at ``text[start:end]`` is told as done, not as a plan, a denial or a topic.

    >>> [happened(t, t.index("reopen"), t.index("reopen") + 6) for t in (
    ...     "The crossing will reopen.", "The crossing did reopen.", "It has not reopened yet.",
    ... )]
    [False, True, False]
    """
    before = text[max(0, start - LOOK_BEHIND) : start]
    if _NOT_YET.search(before) or _NEGATED.search(before):
        return False
    if _FIRE_AFTER.match(text, end):
        return False  # "opened fire": shooting, not a crossing opened
    if _DESCRIBING.fullmatch(text[start:end]) and _ARTICLE_BEFORE.search(before):
        return False  # "the limited capacity", "a restricted area": a word that describes, not an act
    noun = _NOUNS.fullmatch(text[start:end])
    if noun and _NO_BEFORE.search(before):
        return False  # "there was no closure"
    # "the reopening of the crossing has been postponed": an opening named is one awaited.
    awaited = noun is not None and _OPENING.fullmatch(text[start:end]) and _THE_BEFORE.search(before)
    return not (noun and (_NAMED_AS_THING.search(before) or awaited))


#: What a status denied says instead: not closed is open, not reopened is still closed.
_DENIED_AS: Final = {Status.SEALED.value: Status.OPEN.value, Status.OPEN.value: Status.SEALED.value}


def _denied(text: str, start: int, end: int) -> bool:
    """Whether the act at ``text[start:end]`` is told as not done ("has not reopened", "never closed"),
    rather than as a plan or a topic; a verb, not a noun ("no closure" is left alone)."""
    before = text[max(0, start - LOOK_BEHIND) : start]
    return (
        _NEGATED.search(before) is not None
        and _NOT_YET.search(before) is None
        and _NOUNS.fullmatch(text[start:end]) is None
    )


_AID_VEHICLES: Final = re.compile(
    r"\b(?:aid|relief|humanitarian)\s+(?:trucks?|lorr(?:y|ies)|convoys?|shipments?)\b", re.I
)


_PEOPLE_CASES: Final = re.compile(r"\b(?:medical|urgent|emergency|humanitarian) cases\b", re.I)


def traffic_named(text: str) -> tuple[str, ...]:
    """The kinds of traffic ``text`` names, in :data:`TRAFFIC_WORDS`' order."""
    # "aid trucks" and "aid convoys" carry aid, not goods; "humanitarian cases" are people.
    text = _PEOPLE_CASES.sub("people", _AID_VEHICLES.sub("aid", text))
    return tuple(kind for kind, pattern in TRAFFIC.items() if pattern.search(text))


@dataclass(frozen=True)
class Act:
    """One thing a sentence says happened: ``text[start:end]``, read as ``kind`` (and ``status``)."""

    kind: Kind
    status: str | None
    #: For control: "taken" (the doer now holds it) or "kept" (the doer held it against another).
    hold: str
    start: int
    end: int


@dataclass(frozen=True)
class Reading:
    """All a sentence says: its acts in order, the traffic it names, and whether it hedges or denies."""

    acts: tuple[Act, ...]
    traffic: tuple[str, ...]
    hedged: bool
    denied: bool


def read_acts(text: str) -> Reading:
    """The acts, traffic, hedges and denials of one sentence.

    >>> r = read_acts("Security forces repelled the attack, the ministry said.")
    >>> [(a.kind, a.hold) for a in r.acts], r.hedged
    ([('control', 'kept')], False)
    >>> [a.status for a in read_acts("The crossing was completely sealed to trucks.").acts]
    ['sealed']
    """
    taken: list[tuple[int, int]] = []
    acts = []
    for pattern, kind, status, hold in _PATTERNS:
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            taken.append((match.start(), match.end()))
            if happened(text, match.start(), match.end()):
                acts.append(Act(kind, status, hold, match.start(), match.end()))
            elif kind == "status" and status in _DENIED_AS and _denied(text, match.start(), match.end()):
                # "Rwanda has not closed the border": the speaker's claim that it is open.
                acts.append(Act(kind, _DENIED_AS[status], hold, match.start(), match.end()))
    return Reading(
        acts=tuple(sorted(acts, key=lambda act: act.start)),
        traffic=traffic_named(text),
        hedged=HEDGES.search(text) is not None,
        denied=DENIALS.search(text) is not None,
    )
