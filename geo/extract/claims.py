"""Draft claims read from an article: who says which party holds a crossing, or what its status is.

The reader goes sentence by sentence (:mod:`.sentences`), and in each finds the acts
(:mod:`.acts`), the crossings and parties named (:mod:`.mentions`), the quotations and the
attribution outside them (:mod:`.quotes`), and the day (:mod:`.when`). It then applies these rules:

- **Claimant**: the party named in the few words before the verb of saying nearest the act ("Afghan
  authorities said", "Taliban spokesman, Zabihullah Mujahid, said"), or just after it ("said Taliban
  spokesman ..."), never one after "with" or "between"; a speaker named by role alone ("interior
  ministry spokesman ... told AFP") goes on speaking for the last one named when the act is in their
  quotation, as does "the official"; a state's unnamed officials speak for the state whose act they
  report. "The group", "the insurgents", "the alliance" are the armed group named last; "it said"
  and "the ministry said" are the speaker before. A sentence with no attribution is the outlet's own
  report, kept when a named party does the act or, for a status, when the crossing is named beside
  it ("The Ras Ajdir crossing was closed").
- **Holder**: for an act that takes a crossing, the party named nearest before it ("the insurgents
  had taken control"), or after it for "fell to" and "in the hands of", or else the claimant ("they
  had captured"); for an act that keeps one ("repelled") or a denial, the party defending it or else
  the claimant.
- **Status**: the act's status, on the side the sentence names ("the Afghan side") or else on the
  doer's own country's side when it is a state of the crossing ("Pakistan sealed its side").
- **Crossing**: each one the sentence names; a sentence that speaks of "the crossing" or "the border
  town" without naming it continues the last one named.
- **Credibility**: 3 (possibly true: one party's word), 4 (doubtful) where the outlet says it could
  not verify the claim. **Origin**: the agency a speaker told ("told AFP"), else the article's
  wire ("Source: AFP", "(Reuters)").

Drafts that say the same thing (one crossing, claimant, holder or status, side and day) are one
draft, the first with its quote; a sentence that claims nothing ("it was checking developments")
gives none. Nothing is written: the drafts go to an upload's preview.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any, Final

import pandas as pd

from geo.extract.acts import Act, read_acts, traffic_named
from geo.extract.mentions import Lexicon, Mention, crossing_names, party_names
from geo.extract.quotes import inside, quoted_spans
from geo.extract.sentences import Sentence, sentences
from geo.extract.when import Dating, datings
from geo.names import SIDE_ADJECTIVES

#: The fields of a draft, in the order the CLI prints them.
DRAFT_FIELDS: Final = (
    "crossing_id", "crossing_name", "date", "date_latest", "claimant", "claimant_name", "controller",
    "controller_name", "status", "side", "traffic", "direction", "source", "origin", "attribution",
    "credibility", "quote", "quote_start", "quote_end",
)  # fmt: skip

#: A claim in one party's word alone, and one its outlet says it could not verify (1-6 scale).
CREDIBILITY_SAID: Final = "3"
CREDIBILITY_HEDGED: Final = "4"

_SPEECH: Final = re.compile(
    r"\b(?:said|says|say|told|tells|claimed|claims|confirmed|confirms|announced|announces|stated|added|"
    r"insisted|denied|denies|dismissed|rejected|according to|quoted)\b",
    re.IGNORECASE,
)
_TOLD: Final = re.compile(r"\b(?:told|to|according to)\s+(?:the\s+)?(?P<outlet>(?:[A-Z][\w'’.-]*\s?){1,4})")
#: The wire an article carries: a "Source: AFP" line, or a dateline's "(Reuters) -" (a photo's
#: "(Reuters)" credit is not the story's origin).
_SOURCE_LINE: Final = re.compile(r"^\s*(?:Source|Sources|Via)\s*:\s*(?P<wire>[^\n]+?)\s*$", re.MULTILINE)
_DATELINE: Final = re.compile(r"\((?P<wire>AFP|Reuters|AP|Xinhua|Anadolu)\)\s*[-–—]")
_DEFINITE: Final = re.compile(
    r"\b(?:the|this|that)\s+(?:[\w-]+\s+){0,2}"
    r"(?:crossing|gate|border post|checkpoint|border town|frontier post|terminal)\b",
    re.IGNORECASE,
)
_AFTER_ACT: Final = re.compile(
    r"fell to|fallen to|falls to|in the hands of|under the control of|controlled by|held by", re.IGNORECASE
)
#: Most words between a party and its act for the party to be the act's subject ("Taliban insurgents took").
SUBJECT_GAP_WORDS: Final = 3
_CLAUSE_BREAK: Final = re.compile(r"[.;:!?…]|,\s|\bthat\b|\bwho\b|\bwhich\b")
_PREPOSITION_BEFORE: Final = re.compile(
    r"\b(?:and|between|with|from|to|of|by|on|at|near|against|for)\s+(?:the\s+)?$", re.IGNORECASE
)
_PRONOUN_BEFORE: Final = re.compile(
    r"\b(?:they|we|it|he|she|(?:its|their|our|his) (?:\w+ )?(?:forces|troops|fighters|soldiers|men|units))"
    r"\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
#: How many words before its verb of saying a speaker is looked for ("Taliban spokesman, Zabihullah
#: Mujahid, said"), stopping at a quotation or a clause's end.
SPEAKER_REACH_WORDS: Final = 8
#: Words that point back at an armed group named before ("the group said", "the insurgents").
_GROUP: Final = re.compile(
    r"\bthe (?:group|group's|movement|movement's|militia|rebels|insurgents|alliance)\b", re.IGNORECASE
)
#: Where an attribution starts inside a longer clause: after the words that join it to the claim
#: ("..., minutes after the insurgents claimed" is "the insurgents claimed").
_ATTRIBUTION_STOPS: Final = re.compile(r"\b(?:after|before|when|while|as|and|but|that)\s+", re.IGNORECASE)
_SAME_SPEAKER: Final = re.compile(
    r"\b(?:the|this) (?:same )?(?:official|spokesman|spokeswoman|spokesperson|source|officer|minister|ministry|"
    r"military|army|statement|government|authorities|agency)\b"
    r"|\b(?:he|she|it|they) (?:also |further |later )?(?:said|says|added|told|announced|confirmed|stated)\b",
    re.IGNORECASE,
)
_NOT_SPEAKING: Final = re.compile(r"\b(?:with|between|from|into|to|on|at|near|against)\s+(?:the\s+)?$", re.IGNORECASE)
#: The object of an act: an article, then up to four words before any preposition or clause's end.
_OBJECT: Final = re.compile(
    r"(?:\s+(?:of|off|down|up))?\s+(?:the|a|an|its|their|his|her|our|this|that|several|two|three)\s+"
    r"(?P<object>(?:(?!(?:in|of|at|near|on|with|from|to|for|by|and|after|before)\b)[\w’'-]+\s*){1,4})",
    re.IGNORECASE,
)
#: Words that name a crossing or what holds it ("the border town called Wesh", "their side").
_CROSSING_WORDS: Final = re.compile(
    r"\b(?:crossings?|border|borders|frontier|gate|gates|post|posts|checkpoints?|terminal|bridge|side|sides|town|"
    r"city|passage|port|route|corridor|point|it|them)\b",
    re.IGNORECASE,
)
#: Where one act's clause ends and the next begins, for the day each act names.
_DATING_BREAK: Final = re.compile(r"[;:]|,\s|\b(?:and|but|which|after|before|while|when|whereas)\b")
_NEAR_BEFORE: Final = re.compile(
    r"\b(?:near|outside|beside|around|behind|close to|next to|opposite)\s+(?:the\s+)?$", re.IGNORECASE
)
#: How far (in characters) a crossing's name may start from a status the outlet itself reports.
OUTLET_STATUS_REACH: Final = 40
#: How far from its act (in characters) a word for traffic is still about it, within the clause.
TRAFFIC_REACH: Final = 60
_TRAFFIC_BREAK: Final = re.compile(r"[.;:!?]|\b(?:while|as|after|before|when|because|but|although|amid)\b")
#: A dateline ("KABUL, Aug 4 (Reuters) -"): a place the story is filed from, not a party speaking.
_DATELINE_START: Final = re.compile(r"^[A-Z][A-Z .'’-]+,[^\n]{0,40}?[-–—]\s")
_ADJECTIVE_CODES: Final = {adjective.casefold(): code for code, adjective in SIDE_ADJECTIVES.items()}
_SIDE: Final = re.compile(rf"\b(?P<adjective>{'|'.join(SIDE_ADJECTIVES.values())})\s+side\b", re.IGNORECASE)
# "a Pakistani security source", "Afghan officials": a state's voice named by its adjective.
_VOICE: Final = re.compile(
    rf"\b(?P<adjective>{'|'.join(SIDE_ADJECTIVES.values())})\s+(?:\w+\s+)?(?:source|sources|official|officials|"
    r"authorities|government|ministry|forces|troops|army|military|police|guards|media|television|TV|"
    r"spokesman|spokeswoman|spokesperson|officers?|soldiers|customs|embassy|consulate)\b",
)


@dataclass(frozen=True)
class Draft:
    """One claim read from an article, in the columns of a reports upload plus where it was read."""

    crossing_id: str
    crossing_name: str
    date: str
    date_latest: str
    claimant: str
    claimant_name: str
    controller: str
    controller_name: str
    status: str
    side: str
    traffic: str
    direction: str
    source: str
    origin: str
    attribution: str
    credibility: str
    quote: str
    quote_start: int
    quote_end: int

    def fields(self) -> dict[str, Any]:
        """The draft as the CLI's JSON and CSV give it."""
        return asdict(self)


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

    @classmethod
    def of(cls, crossings: pd.DataFrame, parties: pd.DataFrame, places: pd.DataFrame | None = None) -> Vocabulary:
        """The vocabulary of stored (or seed) crossings, parties and gazetteer places, empty cells as None."""
        crossing_rows, party_rows = _records(crossings), _records(parties)
        place_rows = _records(places) if places is not None else []
        named_parties = party_names(party_rows)
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
            party_names={str(p["party_id"]): str(p["name"]) for p in party_rows},
            party_countries={str(p["party_id"]): str(p["country"]) for p in party_rows if p.get("country")},
            armed=frozenset(str(p["party_id"]) for p in party_rows if p.get("kind") == "armed-group"),
        )


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts, a blank or missing cell as None (a read CSV's "" and a database's NULL alike)."""
    return [{str(k): _cell(v) for k, v in row.items()} for row in frame.to_dict("records")]


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        return value if value.strip() else None
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else value


@dataclass
class _Context:
    crossing: Mention | None = None
    crossing_written: str = ""
    claimant: str = ""
    #: The armed group last named: who "the insurgents" are.
    armed: str = ""


def read_article(text: str, published: date, vocabulary: Vocabulary, *, outlet: str = "") -> list[Draft]:
    """The claims of ``text``, published on ``published``, as drafts in the order they are made."""
    wire = _wire(text)
    context = _Context()
    drafts: list[Draft] = []
    last: list[Draft] = []
    for sentence in sentences(text):
        found = _read_sentence(text, sentence, published, vocabulary, context, outlet=outlet, wire=wire)
        if not found and last and _hedges_alone(sentence.text):
            # "The claim could not be independently verified.": said of the claim just made.
            drafts[-len(last) :] = [replace(d, credibility=CREDIBILITY_HEDGED) for d in last]
        drafts += found
        last = found or last
    return _merged(drafts)


def _read_sentence(
    text: str, sentence: Sentence, published: date, vocabulary: Vocabulary, context: _Context, *, outlet: str, wire: str
) -> list[Draft]:
    words = sentence.text
    quotes = quoted_spans(words)
    dateline = _DATELINE_START.match(words)
    named = sorted(vocabulary.parties.find(words) + _voices(words, vocabulary), key=lambda p: p.start)
    named = [p for p in named if not dateline or p.start >= dateline.end()]
    parties = sorted(named + _pointing_back(words, named, vocabulary, context), key=lambda p: p.start)
    crossings = [m for m in vocabulary.crossings.find(words) if len(m.keys) == 1]
    speech = [m for m in _SPEECH.finditer(words) if inside(m.start(), quotes) is None]
    outside = [p for p in parties if inside(p.start, quotes) is None]
    if crossings:
        context.crossing, context.crossing_written = crossings[-1], words[crossings[-1].start : crossings[-1].end]
    reading = read_acts(words)
    if not reading.acts:
        _new_voice(words, speech, outside, quotes, context)
        return []
    carried = not crossings and context.crossing is not None and _DEFINITE.search(words) is not None
    if carried and context.crossing is not None:
        crossings = [context.crossing]
    dated = datings(words, published)
    origin = _origin(words, speech) or wire
    drafts = []
    for act in reading.acts:
        dating = _dating_for(act, words, dated)
        day = dating.day if dating else published
        latest = dating.latest if dating and dating.latest else None
        claimant = _claimant(act, words, speech, outside, quotes, parties, context)
        holder = _holder(act, words, parties, claimant, denied=reading.denied)
        doer = _subject(act, words, parties) or claimant
        if not claimant and speech and act.kind == "status" and vocabulary.party_countries.get(doer):
            # "Pakistan sealed its side, officials said": a state's unnamed officials speak for it.
            claimant = doer
        if act.kind == "control" and not holder:
            continue
        if act.kind == "status" and not (claimant or doer) and not _beside(act, words, crossings, carried):
            continue
        if _object_elsewhere(act, words, crossings):
            continue
        for crossing in crossings:
            key = crossing.keys[0]
            countries = vocabulary.crossing_countries.get(key, ("", ""))
            side = _side(words, countries, "" if act.kind == "control" else doer, vocabulary)
            quote_start, quote_end = _quote(act, quotes, sentence)
            drafts.append(
                Draft(
                    crossing_id=key if key in vocabulary.known else "",
                    crossing_name=context.crossing_written if carried else words[crossing.start : crossing.end],
                    date=day.isoformat(),
                    date_latest=latest.isoformat() if latest else "",
                    claimant=claimant,
                    claimant_name=vocabulary.party_names.get(claimant, ""),
                    controller=holder if act.kind == "control" else "",
                    controller_name=vocabulary.party_names.get(holder, "") if act.kind == "control" else "",
                    status=act.status or "",
                    side=side,
                    traffic=_traffic(words, act) if act.kind == "status" else "",
                    direction="",
                    source=outlet or origin,
                    origin=origin if origin != outlet else "",
                    attribution=_attribution(words, act, speech, quotes),
                    credibility=CREDIBILITY_HEDGED if reading.hedged else CREDIBILITY_SAID,
                    quote=text[quote_start:quote_end],
                    quote_start=quote_start,
                    quote_end=quote_end,
                )
            )
    return drafts


def _dating_for(act: Act, words: str, dated: list[Dating]) -> Dating | None:
    """The day of an act: the one named in its own clause, after it ("closed on Tuesday") or before it
    ("on Thursday took control"), else the sentence's first ("Adre, which was closed in February, was
    reopened in August" dates each act by its own month)."""
    after = [d for d in dated if d.start >= act.end and not _DATING_BREAK.search(words, act.end, d.start)]
    before = [d for d in dated if d.end <= act.start and not _DATING_BREAK.search(words, d.end, act.start)]
    chosen = after[:1] or before[-1:] or dated[:1]
    return chosen[0] if chosen else None


def _object_elsewhere(act: Act, words: str, crossings: list[Mention]) -> bool:
    """Whether the act is done to something that is not the crossing: "shut down the airport in
    Goma", "seized the villages". Its object is the noun after an article, up to a preposition."""
    if _AFTER_ACT.fullmatch(words[act.start : act.end]):
        return False  # "in the hands of the alliance": the words after name the holder
    found = _OBJECT.match(words, act.end)
    if not found:
        return False
    start, end = found.span("object")
    if any(start <= m.start < end for m in crossings):
        return False
    return _CROSSING_WORDS.search(found.group("object")) is None


def _beside(act: Act, words: str, crossings: list[Mention], carried: bool) -> bool:
    """Whether the crossing is named close enough to a status no one is said to set for the status to
    be the crossing's ("The Ras Ajdir crossing was closed"), not something else's ("the market near
    Torkham was also closed")."""
    near = [m.start() for m in _DEFINITE.finditer(words)] if carried else [m.start for m in crossings]
    # "Shops near the crossing were closed": the crossing only says where.
    return any(abs(act.start - at) <= OUTLET_STATUS_REACH and not _NEAR_BEFORE.search(words[:at]) for at in near)


def _claimant(
    act: Act,
    words: str,
    speech: list[re.Match[str]],
    outside: list[Mention],
    quotes: list[tuple[int, int]],
    parties: list[Mention],
    context: _Context,
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
        speaker = _subject(act, words, parties)
    if speaker:
        context.claimant = speaker
        return speaker
    # A speaker named by role alone ("interior ministry spokesman Tareq Arian told AFP") goes on
    # speaking for the last one named when the act is in their quotation, as does "the official"
    # pointing back at them; otherwise it is no party.
    pointing = _SAME_SPEAKER.search(words[max(0, verb.start() - 40) : verb.end()])
    return context.claimant if inside(act.start, quotes) or pointing else ""


def _new_voice(
    words: str, speech: list[re.Match[str]], outside: list[Mention], quotes: list[tuple[int, int]], context: _Context
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
    reach = words[floor : verb.start()].split()[-SPEAKER_REACH_WORDS:]
    start = max(floor, verb.start() - len(" ".join(reach)) - 1)
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


def _pointing_back(words: str, parties: list[Mention], vocabulary: Vocabulary, context: _Context) -> list[Mention]:
    """ "The insurgents", "the group", "the alliance": the armed group named last, in this sentence or before."""
    found = []
    for match in _GROUP.finditer(words):
        armed = [p.keys[0] for p in parties if p.end <= match.start() and p.keys[0] in vocabulary.armed]
        party = armed[-1] if armed else context.armed
        if party:
            found.append(Mention((party,), match.start(), match.end()))
    named = [p.keys[0] for p in parties if p.keys[0] in vocabulary.armed]
    if named:
        context.armed = named[-1]
    return found


def _hedges_alone(words: str) -> bool:
    """Whether a sentence that claims nothing itself says the claim before it could not be checked."""
    reading = read_acts(words)
    return reading.hedged and not reading.acts


def _voices(words: str, vocabulary: Vocabulary) -> list[Mention]:
    """States named by their adjective and a word for their voice ("a Pakistani security source")."""
    by_country = {country: party for party, country in vocabulary.party_countries.items()}
    found = []
    for match in _VOICE.finditer(words):
        party = by_country.get(_ADJECTIVE_CODES[match.group("adjective").casefold()])
        if party:
            found.append(Mention((party,), match.start(), match.end()))
    return found


def _holder(act: Act, words: str, parties: list[Mention], claimant: str, *, denied: bool) -> str:
    """Who holds the crossing by this act: its subject, the party after "fell to", or the speaker."""
    if act.kind != "control":
        return ""
    inner = [p for p in parties if act.start <= p.start and p.end <= act.end]
    if inner:
        return inner[0].keys[0]  # "came under Mujahideen control"
    subject = _subject(act, words, parties)
    if act.start > 0 and words[act.start - 1] == "-":
        # "the Taliban-held crossing" is the Taliban's; "an army-controlled government" is no one's.
        return subject
    if denied or act.hold == "kept":
        return subject or claimant
    if _AFTER_ACT.fullmatch(words[act.start : act.end]):
        after = [p for p in parties if p.start >= act.end]
        return after[0].keys[0] if after else ""
    if subject:
        return subject
    # "They had captured": the speaker's own side; "the insurgents had captured", with no party of
    # that name known, is left for data staff rather than given to another party in the sentence.
    return claimant if _PRONOUN_BEFORE.search(words[: act.start]) else ""


def _subject(act: Act, words: str, parties: list[Mention]) -> str:
    """The party named just before the act, in the same clause ("government forces had repelled")."""
    before = [p for p in parties if p.end <= act.start]
    if not before:
        return ""
    nearest = max(before, key=lambda p: p.end)
    between = words[nearest.end : act.start]
    if _CLAUSE_BREAK.search(between) or len(between.split()) > SUBJECT_GAP_WORDS:
        return ""
    if nearest.start > 0 and _PREPOSITION_BEFORE.search(words[: nearest.start]):
        return ""  # "between Afghanistan and Pakistan", "an attack by the Taliban": not who did it
    return nearest.keys[0]


def _side(words: str, countries: tuple[str, str], doer: str, vocabulary: Vocabulary) -> str:
    """The side a claim is for: a state's own when it acts at its border, else the side named."""
    own = vocabulary.party_countries.get(doer, "")
    if own and own in countries:
        return own
    named = [_ADJECTIVE_CODES[m.group("adjective").casefold()] for m in _SIDE.finditer(words)]
    return next((code for code in named if code in countries), "")


def _traffic(words: str, act: Act) -> str:
    """The one kind of traffic the act's own clause names ("reopened to pedestrians"), or all."""
    before = _TRAFFIC_BREAK.split(words[max(0, act.start - TRAFFIC_REACH) : act.start])[-1]
    after = _TRAFFIC_BREAK.split(words[act.end : act.end + TRAFFIC_REACH])[0]
    kinds = traffic_named(f"{before} {after}")
    return kinds[0] if len(kinds) == 1 else ""


def _quote(act: Act, quotes: list[tuple[int, int]], sentence: Sentence) -> tuple[int, int]:
    """Where the claim's words stand in the article: the quotation holding the act, or the sentence
    after its dateline ("KABUL, July 20 (Reuters) -" says where the story was filed, not the claim)."""
    quoted = inside(act.start, quotes)
    if quoted and len(sentence.text[quoted[0] : quoted[1]].split()) >= 4:
        return sentence.start + quoted[0], sentence.start + quoted[1]
    dateline = _DATELINE_START.match(sentence.text)
    skipped = dateline.end() if dateline and dateline.end() <= act.start else 0
    return sentence.start + skipped, sentence.end


def _attribution(words: str, act: Act, speech: list[re.Match[str]], quotes: list[tuple[int, int]]) -> str:
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


def _origin(words: str, speech: list[re.Match[str]]) -> str:
    for verb in speech:
        told = _TOLD.match(words, verb.start())
        if told and verb.group().lower() in ("told", "according to"):
            return told.group("outlet").strip().removesuffix(".")
    return ""


def _wire(text: str) -> str:
    match = _SOURCE_LINE.search(text) or _DATELINE.search(text)
    return match.group("wire").strip() if match else ""


def _merged(drafts: list[Draft]) -> list[Draft]:
    """One draft per thing said: the first, given the side, attribution and origin a repeat adds."""
    kept: list[Draft] = []
    for draft in drafts:
        twin = next((i for i, k in enumerate(kept) if _same(k, draft)), None)
        if twin is None:
            kept.append(draft)
            continue
        first = kept[twin]
        # A quotation in the speaker's own words, and its fuller attribution, tell more than a report of it.
        better = draft if _direct(draft) and not _direct(first) else first
        kept[twin] = replace(
            better,
            side=first.side or draft.side,
            attribution=better.attribution or first.attribution or draft.attribution,
            origin=better.origin or first.origin or draft.origin,
        )
    return kept


def _direct(draft: Draft) -> bool:
    """Whether a draft rests on a quotation in the speaker's own words, not on a sentence reporting them."""
    quote = draft.quote.rstrip(".,")
    return len(quote) > 1 and quote[0] in '"“«' and quote[-1] in '"”»'


def _same(a: Draft, b: Draft) -> bool:
    return (
        (a.crossing_id or a.crossing_name) == (b.crossing_id or b.crossing_name)
        and (a.claimant, a.controller, a.status, a.date) == (b.claimant, b.controller, b.status, b.date)
        and (a.side == b.side or not a.side or not b.side)
    )
