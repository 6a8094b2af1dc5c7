"""Who says a claim: the speaker before or after a verb of saying, a party pointed back at ("the group",
"it said"), a state's voice by its adjective ("a Pakistani security source"), the attribution as
written, and the agency a speaker told or the article's wire.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from geo.extract.about import ADJECTIVE_CODES, subject_of
from geo.extract.acts import Act
from geo.extract.mentions import Mention
from geo.extract.quotes import inside
from geo.extract.vocabulary import Vocabulary
from geo.extract.which_crossing import ASIDE
from geo.names import SIDE_ADJECTIVES

SPEECH: Final = re.compile(
    r"\b(?:said|says|say|told|tells|claimed|claims|confirmed|confirms|announced|announces|stated|added|"
    # "The Taliban claim it is theirs": the verb, not the noun ("the claim", "a claim that").
    r"(?<!the )(?<!a )(?<!their )(?<!its )claim(?=\s+(?:that|it|they|to|control)\b)|"
    r"insisted|denied|denies|dismissed|rejected|according to|quoted|acknowledged|acknowledges|reported|"
    r"tweeted|posted|wrote|saying)\b",
    re.IGNORECASE,
)

_TOLD: Final = re.compile(r"\b(?:told|to|according to)\s+(?:the\s+)?(?P<outlet>(?:[A-Z][\w'’.-]*\s?){1,4})")

#: The wire an article carries: a "Source: AFP" line, or a dateline's "(Reuters) -" (a photo's
#: "(Reuters)" credit is not the story's origin).
_SOURCE_LINE: Final = re.compile(r"^\s*(?:Source|Sources|Via)\s*:\s*(?P<wire>[^\n]+?)\s*$", re.MULTILINE)

_DATELINE: Final = re.compile(r"\((?P<wire>AFP|Reuters|AP|Xinhua|Anadolu)\)\s*[-–—]")

#: How many words before its verb of saying a speaker is looked for ("Taliban spokesman, Zabihullah
#: Mujahid, said"), stopping at a quotation or a clause's end.
SPEAKER_REACH_WORDS: Final = 8

#: Words that point back at an armed group named before ("the group said", "the insurgents").
_GROUP: Final = re.compile(
    r"\bthe (?:group|group's|movement|movement's|militia|militias|rebels|insurgents|militants|jihadists|alliance)\b",
    re.IGNORECASE,
)

#: Where an attribution starts inside a longer clause: after the words that join it to the claim
#: ("..., minutes after the insurgents claimed" is "the insurgents claimed").
_ATTRIBUTION_STOPS: Final = re.compile(r"\b(?:after|before|when|while|as|and|but|that)\s+", re.IGNORECASE)

_SAME_SPEAKER: Final = re.compile(
    r"\b(?:the|this|these) (?:same )?(?:officials?|spokesm[ae]n|spokeswoman|spokesperson|sources?|officers?|minister|"
    r"ministry|"
    r"military|army|statement|government|authorities|agency)\b"
    r"|\b(?:he|she|it|they) (?:also |further |later )?(?:said|says|added|told|announced|confirmed|stated)\b",
    re.IGNORECASE,
)

#: A state's institution pointed back at ("the army"), which an armed group never is.
_STATE_INSTITUTION: Final = re.compile(r"(?:the|this) (?:military|army|government|authorities|ministry)", re.IGNORECASE)

_NOT_SPEAKING: Final = re.compile(r"\b(?:with|between|from|into|to|on|at|near|against)\s+(?:the\s+)?$", re.IGNORECASE)

# "a Pakistani security source", "Afghan officials": a state's voice named by its adjective.
_VOICE: Final = re.compile(
    rf"\b(?P<adjective>{'|'.join(SIDE_ADJECTIVES.values())})\s+(?:[\w-]+\s+){{0,2}}(?:source|sources|official|officials|"
    r"authorities|government|ministry|forces|troops|army|military|police|guards|media|television|TV|"
    r"spokesman|spokeswoman|spokesperson|officers?|soldiers|customs|embassy|consulate|agency|news agency)\b",
)


@dataclass
class Context:
    """What the reader keeps from the sentences before: the crossing and speaker named last."""

    crossing: Mention | None = None
    crossing_written: str = ""
    #: How many sentences ago the crossing was named ("it" points back one sentence at most).
    sentences_since_crossing: int = 0
    claimant: str = ""
    #: The armed group last named: who "the insurgents" are.
    armed: str = ""


def claimant_of(
    act: Act,
    words: str,
    speech: list[re.Match[str]],
    outside: list[Mention],
    quotes: list[tuple[int, int]],
    parties: list[Mention],
    context: Context,
    vocabulary: Vocabulary,
) -> str:
    """Who claims the act: its speaker; the act's own subject when the attribution points back at it;
    the last speaker when this one is named by role alone ("interior ministry spokesman ... told")."""
    if not speech:
        return ""
    verb = _verb_for(act, speech)
    # The claim first, then who said it: a party inside the claim is not its speaker.
    claim = [p for p in outside if not (p.start < act.end <= verb.start())]
    speaker = _speaker(words, verb, claim, quotes)
    if speaker is None:
        speaker = subject_of(act, words, parties)
    if speaker:
        context.claimant = speaker
        return speaker
    # A speaker named by role alone ("interior ministry spokesman Tareq Arian told AFP") goes on
    # speaking for the last one named when the act is in their quotation, as does "the official"
    # pointing back at them; otherwise it is no party.
    pointing = _SAME_SPEAKER.search(words[max(0, verb.start() - 40) : verb.end()])
    if pointing and _STATE_INSTITUTION.fullmatch(pointing.group()) and vocabulary.is_armed(context.claimant):
        return ""  # "the army said", after a group spoke: a state's voice, not the group's; whose, not said
    return context.claimant if inside(act.start, quotes) or pointing else ""


def new_voice(
    words: str, speech: list[re.Match[str]], outside: list[Mention], quotes: list[tuple[int, int]], context: Context
) -> None:
    """A sentence that claims nothing may still bring in a new voice: a party ("Afghan officials
    said"), who speaks next, or someone of no party ("the assistant commissioner told Dawn"), after
    whom "he said" is no longer the party before."""
    for verb in speech:
        speaker = _speaker(words, verb, outside, quotes)
        if speaker:
            context.claimant = speaker
        elif speaker == "" and not _SAME_SPEAKER.search(words[max(0, verb.start() - 40) : verb.end()]):
            context.claimant = ""


def _verb_for(act: Act, speech: list[re.Match[str]]) -> re.Match[str]:
    """The verb of saying an act is told by: the nearest before it ("X said the gate fell"), or else after."""
    before = [verb for verb in speech if verb.end() <= act.start]
    return before[-1] if before else speech[0]


def _speaker(words: str, verb: re.Match[str], outside: list[Mention], quotes: list[tuple[int, int]]) -> str | None:
    """The party that says ``verb``: named in the words just before it ("Afghan authorities said",
    "the Pakistani security source told"), or just after it ("said Taliban spokesman ..."). None when
    the attribution points back at the subject ("the group said"); "" when it names no party."""
    floor = max([end for _, end in quotes if end <= verb.start()] + [_last_break(words, verb.start())])
    # An aside about a place ("an official from Kandahar province, where Spin Boldak is located,
    # denied") does not put the speaker out of reach: its words are not counted.
    leading = ASIDE.sub(lambda aside: " " * len(aside.group()), words[floor : verb.start()])
    reach = leading.split()[-SPEAKER_REACH_WORDS:]
    start = verb.start() - len(leading) + leading.find(reach[0]) if reach else verb.start()
    near = [
        p for p in outside if start <= p.start and p.end <= verb.start() and not _NOT_SPEAKING.search(words[: p.start])
    ]
    if near:
        return max(near, key=lambda p: p.end).keys[0]
    if _GROUP.search(words[start : verb.start()]):
        return None
    # "said Taliban spokesman ...": the speaker right after the verb, in the same phrase.
    after = [
        p
        for p in outside
        if verb.end() <= p.start
        and len(words[verb.end() : p.start].split()) <= 3
        and not re.search(r"[,.;:]", words[verb.end() : p.start])
    ]
    return after[0].keys[0] if after else ""


def _last_break(words: str, at: int) -> int:
    breaks = [m.end() for m in re.finditer(r"[.;:!?]\s", words[:at])]
    return breaks[-1] if breaks else 0


def pointing_back(words: str, parties: list[Mention], vocabulary: Vocabulary, context: Context) -> list[Mention]:
    """ "The insurgents", "the group", "the alliance": the armed group named last, in this sentence or before."""
    found = []
    for match in _GROUP.finditer(words):
        armed = [p.keys[0] for p in parties if p.end <= match.start() and vocabulary.is_armed(p.keys[0])]
        party = armed[-1] if armed else context.armed
        if party:
            found.append(Mention((party,), match.start(), match.end()))
    named = [p.keys[0] for p in parties if vocabulary.is_armed(p.keys[0])]
    if named:
        context.armed = named[-1]
    return found


def voices(words: str, vocabulary: Vocabulary) -> list[Mention]:
    """States named by their adjective and a word for their voice ("a Pakistani security source")."""
    by_country = {country: party for party, country in vocabulary.party_countries.items()}
    found = []
    for match in _VOICE.finditer(words):
        party = by_country.get(ADJECTIVE_CODES[match.group("adjective").casefold()])
        if party:
            found.append(Mention((party,), match.start(), match.end()))
    return found


def attribution_of(words: str, act: Act, speech: list[re.Match[str]], quotes: list[tuple[int, int]]) -> str:
    """Who said it, as written: from the start of the clause (after any quotation) to the verb of
    saying and, for "told", whom they told ("interior ministry spokesman Tareq Arian told AFP")."""
    if not speech:
        return ""
    verb = _verb_for(act, speech)
    opened = max([end for _, end in quotes if end <= verb.start()] + [_last_break(words, verb.start())])
    if opened <= act.start and act.end <= verb.start():
        # The claim first, its speaker after ("Taliban fighters captured it, a spokesman said"): the
        # attribution is the clause after the claim, never the claim itself.
        comma = words.find(", ", act.end, verb.start())
        opened = comma + 2 if comma >= 0 else opened
    # Within a long clause, the attribution starts after the last word joining it to the claim.
    stops = list(_ATTRIBUTION_STOPS.finditer(words, opened, verb.start()))
    if stops:
        opened = stops[-1].end()
    told = _TOLD.match(words, verb.start()) if verb.group().lower() == "told" else None
    end = told.end() if told else verb.end()
    # A sentence's closing stop is not part of whom they told ("told Reuters.").
    return words[opened:end].strip(" ,;:—-\"'“”").strip().removesuffix(".")


def origin_of(words: str, speech: list[re.Match[str]]) -> str:
    for verb in speech:
        told = _TOLD.match(words, verb.start())
        if told and verb.group().lower() in ("told", "according to"):
            return told.group("outlet").strip().removesuffix(".")
    return ""


def wire_of(text: str) -> str:
    match = _SOURCE_LINE.search(text) or _DATELINE.search(text)
    return match.group("wire").strip() if match else ""
