"""Draft claims read from an article: who says which party holds a crossing, or what its status is.

The reader goes sentence by sentence (:mod:`.sentences`), and in each finds the acts
(:mod:`.acts`), the crossings and parties named (:mod:`.mentions`, from the :mod:`.vocabulary`),
the quotations and the attribution outside them (:mod:`.quotes`), and the day (:mod:`.when`). It
then applies these rules, those of the speaker in :mod:`.speakers`, those of which crossing an act is
told of in :mod:`.which_crossing` and those of what an act is about in :mod:`.about`:

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
- **Crossing**: each one the sentence names, known or named as a crossing by the article alone
  (:mod:`.unlisted`), with no id then; where it names several, those in the act's own clause. A
  sentence that speaks of "the crossing", "the border" or "their side" without naming one continues
  the last one named, as does "it" told the act in the very next sentence ("It reopened on Monday").
- **Credibility**: 3 (possibly true: one party's word), 4 (doubtful) where the outlet says it could
  not verify the claim. **Origin**: the agency a speaker told ("told AFP"), else the article's
  wire ("Source: AFP", "(Reuters)").

Drafts that say the same thing (one crossing, claimant, holder or status, side and day) are one
draft, the first with its quote; a sentence that claims nothing ("it was checking developments")
gives none. Nothing is written: the drafts go to an upload's preview.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any, Final

from geo.extract.about import (
    dating_for,
    direction_of,
    excepted,
    holder_of,
    joined_to,
    side_of,
    subject_of,
    traffic_of,
)
from geo.extract.acts import Act, read_acts
from geo.extract.mentions import Lexicon, normal_name
from geo.extract.quotes import inside, quoted_spans
from geo.extract.sentences import Sentence, sentences
from geo.extract.speakers import (
    SPEECH,
    Context,
    attribution_of,
    claimant_of,
    new_voice,
    origin_of,
    pointing_back,
    voices,
    wire_of,
)
from geo.extract.unlisted import unlisted_crossings, unlisted_groups, without_overlaps
from geo.extract.vocabulary import Vocabulary
from geo.extract.when import datings
from geo.extract.which_crossing import beside, crossings_of, object_elsewhere, referring_to_crossing

#: The fields of a draft, in the order the CLI prints them.
DRAFT_FIELDS: Final = (
    "crossing_id", "crossing_name", "date", "date_latest", "claimant", "claimant_name", "controller",
    "controller_name", "status", "side", "traffic", "direction", "source", "origin", "attribution",
    "credibility", "quote", "quote_start", "quote_end",
)  # fmt: skip

#: A claim in one party's word alone, and one its outlet says it could not verify (1-6 scale).
CREDIBILITY_SAID: Final = "3"
CREDIBILITY_HEDGED: Final = "4"

#: A dateline ("KABUL, Aug 4 (Reuters) -"): a place the story is filed from, not a party speaking.
_DATELINE_START: Final = re.compile(r"^[A-Z][A-Z .'’-]+,[^\n]{0,40}?[-–—]\s")


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


def read_article(text: str, published: date, vocabulary: Vocabulary, *, outlet: str = "") -> list[Draft]:
    """The claims of ``text``, published on ``published``, as drafts in the order they are made."""
    wire = wire_of(text)
    article = _Article(
        crossings=unlisted_crossings(text, vocabulary.crossings, vocabulary.parties),
        groups=unlisted_groups(text, vocabulary.parties),
        generic=vocabulary.spoken_of_generically(text),
    )
    context = Context()
    drafts: list[Draft] = []
    last: list[Draft] = []
    for sentence in sentences(text):
        found = _read_sentence(text, sentence, published, vocabulary, article, context, outlet=outlet, wire=wire)
        if not found and last and _hedges_alone(sentence.text):
            # "The claim could not be independently verified.": said of the claim just made.
            drafts[-len(last) :] = [replace(d, credibility=CREDIBILITY_HEDGED) for d in last]
        drafts += found
        last = found or last
    return _merged(drafts)


@dataclass(frozen=True)
class _Article:
    """What the reader takes from the whole article before its sentences: the crossings and armed
    groups it names that the vocabulary does not hold, and the parties its common words are for."""

    crossings: Lexicon
    groups: Lexicon
    generic: frozenset[str]


def _read_sentence(
    text: str,
    sentence: Sentence,
    published: date,
    vocabulary: Vocabulary,
    article: _Article,
    context: Context,
    *,
    outlet: str,
    wire: str,
) -> list[Draft]:
    words = sentence.text
    quotes = quoted_spans(words)
    dateline = _DATELINE_START.match(words)
    # "Government forces" is a party's only where the article is about that party's country.
    listed = [
        m
        for m in vocabulary.parties.find(words)
        if m.keys[0] in article.generic
        or normal_name(words[m.start : m.end]) not in vocabulary.generic_names.get(m.keys[0], ())
    ]
    # A state's voice takes in the words it is named with ("Ukrainian government forces" is not "government forces").
    named = without_overlaps(without_overlaps(voices(words, vocabulary), listed), article.groups.find(words))
    named = [p for p in named if not dateline or p.start >= dateline.end()]
    parties = sorted(named + pointing_back(words, named, vocabulary, context), key=lambda p: p.start)
    crossings = without_overlaps(
        [m for m in vocabulary.crossings.find(words) if len(m.keys) == 1], article.crossings.find(words)
    )
    speech = [m for m in SPEECH.finditer(words) if inside(m.start(), quotes) is None]
    outside = [p for p in parties if inside(p.start, quotes) is None]
    just_named = context.sentences_since_crossing == 0
    context.sentences_since_crossing = 0 if crossings else context.sentences_since_crossing + 1
    if crossings:
        context.crossing, context.crossing_written = crossings[-1], words[crossings[-1].start : crossings[-1].end]
    reading = read_acts(words)
    if not reading.acts:
        new_voice(words, speech, outside, quotes, context)
        return []
    referring = (
        referring_to_crossing(words, reading.acts, just_named=just_named)
        if not crossings and context.crossing is not None
        else []
    )
    carried = bool(referring)
    if carried and context.crossing is not None:
        crossings = [context.crossing]
        context.sentences_since_crossing = 0  # spoken of again: "it" in the next sentence is it still
    dated = datings(words, published)
    # The dateline's day says when the story was filed: an act is dated by it only when nothing else dates it.
    dated = [d for d in dated if not dateline or d.start >= dateline.end()] or dated
    origin = origin_of(words, speech) or wire
    drafts: list[Draft] = []
    kept: Act | None = None  # the last act drafted, which an act joined to it by "but" shares a subject with
    for act in reading.acts:
        dating = dating_for(act, words, dated)
        day = dating.day if dating else published
        latest = dating.latest if dating and dating.latest else None
        claimant = claimant_of(act, words, speech, outside, quotes, parties, context, vocabulary)
        group_quoted = inside(act.start, quotes) is not None and vocabulary.is_armed(claimant)
        holder = holder_of(act, words, parties, claimant, denied=reading.denied, group_quoted=group_quoted)
        doer = subject_of(act, words, parties) or claimant
        if not claimant and speech and act.kind == "status" and vocabulary.party_countries.get(doer):
            # "Pakistan sealed its side, officials said": a state's unnamed officials speak for it, and
            # "the official said" after them still does.
            claimant = context.claimant = doer
        if act.kind == "control" and not holder:
            continue
        if (
            act.kind == "status"
            and not (claimant or doer)
            and not beside(act, words, crossings, referring if carried else None)
            and not joined_to(kept, act, words, parties)
        ):
            continue
        if object_elsewhere(act, words, crossings):
            continue
        kept = act
        # What the act's own words say, the same for each crossing it is told of.
        traffic = traffic_of(words, act) if act.kind == "status" else ""
        attribution = attribution_of(words, act, speech, quotes)
        quote_start, quote_end = _quote(act, quotes, sentence)
        for crossing in crossings_of(act, words, crossings):
            key = crossing.keys[0]
            countries = vocabulary.crossing_countries.get(key, ("", ""))
            side = side_of(words, countries, "" if act.kind == "control" else doer, vocabulary)
            drafts.append(
                Draft(
                    crossing_id=key if key in vocabulary.known else "",
                    crossing_name=context.crossing_written if carried else words[crossing.start : crossing.end],
                    date=day.isoformat(),
                    date_latest=latest.isoformat() if latest else "",
                    claimant=vocabulary.party_id(claimant),
                    claimant_name=vocabulary.party_name(claimant),
                    controller=vocabulary.party_id(holder) if act.kind == "control" else "",
                    controller_name=vocabulary.party_name(holder) if act.kind == "control" else "",
                    status=act.status or "",
                    side=side,
                    traffic=traffic,
                    direction=direction_of(words, act, countries),
                    source=outlet or origin,
                    origin=origin if origin != outlet else "",
                    attribution=attribution,
                    credibility=CREDIBILITY_HEDGED if reading.hedged else CREDIBILITY_SAID,
                    quote=text[quote_start:quote_end],
                    quote_start=quote_start,
                    quote_end=quote_end,
                )
            )
            other = excepted(words, act, drafts[-1].traffic)
            if other is not None:
                # "Reopened to pedestrians but not to trucks": the trucks' own claim, from the same words.
                drafts.append(replace(drafts[-1], status=other[0], traffic=other[1], direction=""))
    return drafts


def _hedges_alone(words: str) -> bool:
    """Whether a sentence that claims nothing itself says the claim before it could not be checked."""
    reading = read_acts(words)
    return reading.hedged and not reading.acts


def _quote(act: Act, quotes: list[tuple[int, int]], sentence: Sentence) -> tuple[int, int]:
    """Where the claim's words stand in the article: the quotation holding the act, or the sentence
    after its dateline ("KABUL, July 20 (Reuters) -" says where the story was filed, not the claim)."""
    quoted = inside(act.start, quotes)
    if quoted and len(sentence.text[quoted[0] : quoted[1]].split()) >= 4:
        return sentence.start + quoted[0], sentence.start + quoted[1]
    dateline = _DATELINE_START.match(sentence.text)
    skipped = dateline.end() if dateline and dateline.end() <= act.start else 0
    return sentence.start + skipped, sentence.end


def _merged(drafts: list[Draft]) -> list[Draft]:
    """One draft per thing said: the first, given the side, attribution and origin a repeat adds."""
    kept: list[Draft] = []
    # Twins share these fields: only the drafts of one bucket are compared, however many the article makes.
    buckets: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for draft in drafts:
        bucket = buckets[_bucket(draft)]
        twin = next((i for i in bucket if _same(kept[i], draft)), None)
        if twin is None:
            bucket.append(len(kept))
            kept.append(draft)
            continue
        first = kept[twin]
        # A quotation in the speaker's own words, and its fuller attribution, tell more than a report of it.
        better = draft if _direct(draft) and not _direct(first) else first
        kept[twin] = replace(
            better,
            side=first.side or draft.side,
            traffic=first.traffic or draft.traffic,
            direction=first.direction or draft.direction,
            attribution=better.attribution or first.attribution or draft.attribution,
            origin=better.origin or first.origin or draft.origin,
        )
    return kept


def _direct(draft: Draft) -> bool:
    """Whether a draft rests on a quotation in the speaker's own words, not on a sentence reporting them."""
    quote = draft.quote.rstrip(".,")
    return len(quote) > 1 and quote[0] in '"“«' and quote[-1] in '"”»'


def _bucket(draft: Draft) -> tuple[str, ...]:
    """What two drafts that say the same thing (:func:`_same`) always share."""
    return (
        draft.crossing_id or draft.crossing_name,
        draft.claimant,
        draft.claimant_name,
        draft.controller,
        draft.controller_name,
        draft.status,
        draft.date,
    )


def _same(a: Draft, b: Draft) -> bool:
    return (
        _bucket(a) == _bucket(b)
        and (a.side == b.side or not a.side or not b.side)
        # Open to pedestrians and open to aid convoys are two claims; a repeat naming no traffic is the same one.
        and (a.traffic == b.traffic or not a.traffic or not b.traffic)
        and (a.direction == b.direction or not a.direction or not b.direction)
    )
