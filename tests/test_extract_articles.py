"""The article reader on the development articles in tests/articles/: each gives the claims a careful
reader would draft, and every quote is the text at its offsets."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from geo.extract.claims import read_article
from geo.extract.vocabulary import Vocabulary
from geo.settings import SEEDS_DIR

ARTICLES = Path(__file__).parent / "articles"
SEED_REPORT = (
    Path(__file__).resolve().parents[2] / "shared" / "seed-document" / "2021-07-14-spin-boldak-chaman-news.txt"
)
#: The fields that decide what a claim says; the rest (quote, attribution, origin) are where it was read.
DECIDING = ("crossing_id", "date", "date_latest", "claimant", "controller", "status", "side", "traffic", "direction")
#: Checked where an expected claim gives them: the names of a crossing or a state known by name alone.
NAMED = ("crossing_name", "claimant_name", "controller_name")


def _seed(name: str) -> pd.DataFrame:
    return pd.read_csv(SEEDS_DIR / name, dtype=str, keep_default_na=False)


VOCABULARY = Vocabulary.of(_seed("crossings.csv"), _seed("parties.csv"), _seed("gazetteer.csv"))


def read(path: Path) -> tuple[str, date, str]:
    """An article file's text, publication day and outlet."""
    header, _, text = path.read_text(encoding="utf-8").partition("\n\n")
    fields = dict(line.split(": ", 1) for line in header.splitlines())
    return text, date.fromisoformat(fields["published"]), fields.get("outlet", "")


def claims(path: Path, fields: tuple[str, ...] = DECIDING) -> list[dict[str, str]]:
    text, published, outlet = read(path)
    drafts = read_article(text, published, VOCABULARY, outlet=outlet)
    assert all(text[d.quote_start : d.quote_end] == d.quote and d.quote for d in drafts)
    return [{k: str(d.fields()[k]) for k in fields} for d in drafts]


@pytest.mark.parametrize("path", sorted(ARTICLES.glob("*.txt")), ids=lambda p: p.stem)
def test_an_article_gives_the_claims_a_careful_reader_drafts(path: Path) -> None:
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    drafted = claims(path, DECIDING + NAMED)
    named = [k for k in NAMED if any(k in claim for claim in expected)]
    # A field an expected claim leaves out is one the article does not say: empty.
    assert [{k: d[k] for k in (*DECIDING, *named)} for d in drafted] == [
        {k: claim.get(k, "") for k in (*DECIDING, *named)} for claim in expected
    ]


def test_the_seed_report_gives_its_four_claims_and_not_the_ministry_checking_developments() -> None:
    if not SEED_REPORT.exists():
        pytest.skip("the shared seed report is not beside the project")
    text = SEED_REPORT.read_text(encoding="utf-8")
    drafts = read_article(text, date(2021, 7, 14), VOCABULARY, outlet="Fast News")
    said = [(d.claimant, d.controller, d.status, d.side, d.date) for d in drafts]
    assert said == [
        ("afghan-government", "afghan-government", "", "", "2021-07-14"),
        ("taliban", "taliban", "", "", "2021-07-14"),
        ("pakistan", "taliban", "", "AFG", "2021-07-14"),
        ("pakistan", "", "sealed", "PAK", "2021-07-14"),
    ]
    assert {d.crossing_id for d in drafts} == {"spin-boldak-chaman"}
    assert "Tareq Arian" in drafts[0].attribution and drafts[0].origin == "AFP"
    assert "Zabihullah Mujahid" in drafts[1].attribution
    assert drafts[3].quote == '"has been completely sealed for travelling and trade"'
    assert not any("checking developments" in d.quote for d in drafts)


#: Sentences and where their claim's words and speaker are: (text, quote, attribution, origin).
WHERE_READ = [
    (
        "KABUL, July 20, 2021 (Reuters) - Taliban fighters captured the Torkham crossing on Tuesday,"
        " Taliban spokesman Zabihullah Mujahid said.",
        "Taliban fighters captured the Torkham crossing on Tuesday, Taliban spokesman Zabihullah Mujahid said.",
        "Taliban spokesman Zabihullah Mujahid said",
        "Reuters",
    ),
    (
        "Pakistan closed its side of Torkham, a Pakistani official told Reuters.",
        "Pakistan closed its side of Torkham, a Pakistani official told Reuters.",
        "a Pakistani official told Reuters",
        "Reuters",
    ),
]


@pytest.mark.parametrize(("text", "quote", "attribution", "origin"), WHERE_READ)
def test_a_claim_keeps_its_own_words_and_its_speaker_apart_from_the_dateline_and_the_claim(
    text: str, quote: str, attribution: str, origin: str
) -> None:
    [draft] = read_article(text, date(2021, 7, 20), VOCABULARY)
    assert (draft.quote, draft.attribution, draft.origin) == (quote, attribution, origin)
    assert text[draft.quote_start : draft.quote_end] == quote


DIRECTIONS = [
    ("Egypt opened the Rafah crossing for patients leaving Gaza, officials said.", "rafah", "EGY"),
    ("Israel reopened the Kerem Shalom crossing to aid trucks entering Gaza, the army said.", "kerem-shalom", "PSE"),
    ("Pakistan reopened the Torkham crossing to trucks bound for Afghanistan, officials said.", "torkham", "AFG"),
    ("Pakistan reopened the Torkham crossing to Afghans leaving Pakistan, officials said.", "torkham", "AFG"),
    ("Pakistan reopened the Torkham crossing on Monday, officials said.", "torkham", ""),
    # Both ways named: no one direction.
    ("Pakistan reopened the Torkham crossing to people entering Afghanistan and leaving Afghanistan.", "torkham", ""),
]


@pytest.mark.parametrize(("sentence", "crossing", "direction"), DIRECTIONS)
def test_a_status_s_direction_is_the_country_its_traffic_goes_towards(
    sentence: str, crossing: str, direction: str
) -> None:
    drafts = [d for d in read_article(sentence, date(2024, 1, 10), VOCABULARY) if d.crossing_id == crossing]
    assert drafts and {d.direction for d in drafts} == {direction}


#: One sentence, and the (status, traffic) of each claim it gives, in order.
TRAFFIC_CLAIMS = [
    ("Chad reopened the Adre crossing to pedestrians but not to trucks, officials said.",
     [("open", "people"), ("sealed", "goods")]),
    ("Pakistan sealed the Torkham crossing to trucks but not to pedestrians, officials said.",
     [("sealed", "goods"), ("open", "people")]),
    ("The Torkham crossing was reopened for trade but remained closed to travellers, officials said.",
     [("open", "goods"), ("sealed", "people")]),
    # A second subject is the second act's own: the market is not the crossing.
    ("The Torkham crossing was reopened for trade, and shops near the crossing were closed, officials said.",
     [("open", "goods")]),
    # Two kinds of traffic on one day are two claims, not one said twice.
    ("Chad reopened the Adre crossing to pedestrians, officials said. It also reopened the crossing to aid convoys.",
     [("open", "people"), ("open", "aid")]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), TRAFFIC_CLAIMS)
def test_each_kind_of_traffic_a_sentence_sets_apart_is_a_claim_of_its_own(
    text: str, expected: list[tuple[str, str]]
) -> None:
    drafts = read_article(text, date(2024, 1, 10), VOCABULARY)
    assert [(d.status, d.traffic) for d in drafts] == expected


#: Sentences whose subject or doer stands far from the act, and those that claim nothing for a
#: crossing: (text, [(crossing, holder, status), ...]).
FAR_AND_NEAR = [
    ("The Bab al-Hawa crossing from Turkey into the rebel-held north of Idlib province has been shut since Monday.",
     [("bab-al-hawa", "", "sealed")]),
    ("The Rafah crossing point between the Gaza Strip and Egypt has opened for aid convoys.",
     [("rafah", "", "open")]),
    ("Adre, which lies on the main aid route into Darfur, was reopened in August.", [("adre", "", "open")]),
    # A verb of the crossing's own before the act: the act is another subject's.
    ("The Torkham crossing is the busiest between the two countries and the bazaar has been closed.", []),
    # Another crossing named with "the ... crossing" is that one, with no id where none is known, not the one before.
    ("The Ras Ajdir crossing was closed on Monday. The Dehiba crossing, meanwhile, remains open.",
     [("ras-ajdir", "", "sealed"), ("", "", "open")]),
    ("The Torkham crossing was overrun by the Taliban overnight.", [("torkham", "taliban", "")]),
    # A group's own word of a capture no one is said to do is its own; a state's is left for data staff.
    ('"Torkham has been fully captured," a Taliban spokesman said.', [("torkham", "taliban", "")]),
    ('"Torkham has been captured," a Pakistani official said.', []),
    # Where the doers are does not come between them and their act; a country's border is no doer.
    ("M23 rebels in the Democratic Republic of Congo have seized Bunagana.", [("bunagana", "m23", "")]),
    # A second verb's subject is the first one's, at the sentence's head.
    ("Taliban forces attacked Torkham on the Afghanistan - Pakistan border and took control of the crossing.",
     [("torkham", "taliban", "")]),
    ("Shelling by the Taliban hit Torkham and closed the crossing.", [("torkham", "", "sealed")]),
    # Another post than the crossing named is not the crossing.
    ("The Syrian government still controls a post known as the Amman Brigade east of Nassib.", []),
    # The party the doers are of is the doer; the party an attack is by is not.
    ("Fighters from the Karen National Union captured Myawaddy.", [("myawaddy-mae-sot", "knu", "")]),
    ("The Torkham crossing was captured last week by the Taliban, officials said.", [("torkham", "taliban", "")]),
    # Plans, however they are told, are not claims.
    ("Libya postpones the reopening of the Ras Ajdir crossing.", []),
    ("Officials discussed measures to ultimately reopen the Ras Ajdir crossing.", []),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), FAR_AND_NEAR)
def test_a_crossing_s_subject_and_doer_are_found_far_from_the_act_and_not_elsewhere(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    drafts = read_article(text, date(2024, 6, 19), VOCABULARY)
    assert [(d.crossing_id, d.controller, d.status) for d in drafts] == expected


def test_a_place_in_a_party_s_brackets_is_not_its_name() -> None:
    drafts = read_article("The Rafah crossing was closed on Monday, Gaza officials said.", date(2024, 5, 8), VOCABULARY)
    assert [(d.claimant, d.status) for d in drafts] == [("", "sealed")]


#: How a sentence names a side, a crossing again, or its speaker: (text, [(crossing, claimant, holder, status, side)]).
NAMED_SO = [
    ("Israeli forces took control of the Gaza Strip side of the Rafah crossing, the army said.",
     [("rafah", "", "israel", "", "PSE")]),
    ("The Rafah crossing was seized by Israel, the crossings authority acknowledged. Israel closed the facility,"
     " the spokesman said.",
     [("rafah", "israel", "israel", "", ""), ("rafah", "israel", "", "sealed", "")]),
    # A facility of another kind is no crossing.
    ("Israel closed the water facility near Gaza City on Tuesday.", []),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), NAMED_SO)
def test_a_side_a_crossing_named_again_and_a_speaker_are_read_as_wire_copy_names_them(
    text: str, expected: list[tuple[str, str, str, str, str]]
) -> None:
    drafts = read_article(text, date(2024, 5, 8), VOCABULARY)
    assert [(d.crossing_id, d.claimant, d.controller, d.status, d.side) for d in drafts] == expected


#: Sentences that name no crossing but speak of the one named before: (text, [(crossing, holder,
#: status, claimant), ...]). "It" points back one sentence and no further.
POINTING_BACK = [
    ("Pakistan closed Torkham on Sunday. It reopened on Monday, officials said.",
     [("torkham", "", "sealed", ""), ("torkham", "", "open", "")]),
    ("Pakistan closed Torkham on Sunday. Trade stalled. It reopened on Monday.", [("torkham", "", "sealed", "")]),
    ("Fighters reached Spin Boldak. The Taliban claim it is now under their control.",
     [("spin-boldak-chaman", "taliban", "", "taliban")]),
    ("Pakistan closed Torkham on Sunday. Officials said on Wednesday the border was closed from its side.",
     [("torkham", "", "sealed", ""), ("torkham", "", "sealed", "")]),
    # A sentence that speaks of it again keeps "it" pointing at it in the next.
    ("Fighting reached Bunagana. The M23 said it controlled the town. Activists confirmed it had fallen to M23.",
     [("bunagana", "m23", "", "m23"), ("bunagana", "m23", "", "")]),
    # "The army said", after a group spoke, is a state's voice, not the group's.
    ("M23 said it had captured Bunagana. The army said it had fallen to Rwanda.",
     [("bunagana", "m23", "", "m23"), ("bunagana", "rwanda", "", "")]),
    ("Pakistan closed Torkham on Sunday. The border district was quiet and shops were closed.",
     [("torkham", "", "sealed", "")]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), POINTING_BACK)
def test_the_crossing_named_before_is_the_one_it_the_border_and_its_side_speak_of(
    text: str, expected: list[tuple[str, str, str, str]]
) -> None:
    drafts = read_article(text, date(2024, 5, 8), VOCABULARY)
    assert [(d.crossing_id, d.controller, d.status, d.claimant) for d in drafts] == expected


#: A party's name in common words is that party's only in an article about its country:
#: (text, [(crossing name, holder's name)]).
COMMON_WORDS = [
    ("Government forces retook Torkham from the Taliban on Monday.", [("Torkham", "Afghan government")]),
    ("Government forces captured the al-Buqa crossing from Houthi rebels on Monday.", []),
    ("Yemeni government forces captured the al-Buqa crossing from Houthi rebels.", [("al-Buqa", "Yemen")]),
    ("The junta said its troops had retaken Myawaddy.", [("Myawaddy", "Myanmar military")]),
    ("The junta in Niger said its troops had retaken the Assamaka border post.", []),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), COMMON_WORDS)
def test_government_forces_and_the_junta_are_a_party_s_only_in_an_article_about_its_country(
    text: str, expected: list[tuple[str, str]]
) -> None:
    drafts = read_article(text, date(2024, 5, 8), VOCABULARY)
    assert [(d.crossing_name, d.controller_name) for d in drafts] == expected
