"""Crossings an article names that the database and the gazetteer do not know: found by the words
wire copy names a crossing with, never by a country, a party or a word that only describes one."""

from __future__ import annotations

from datetime import date

import pytest

from geo.extract.claims import read_article
from geo.extract.mentions import Lexicon
from geo.extract.unlisted import unlisted_crossings, unlisted_groups, unlisted_key
from tests.test_extract_articles import VOCABULARY

KNOWN = Lexicon({"al-yarubiyah": ["Al-Yarubiyah-Rabia", "Rabia"], "kyin-san-kyawt": ["Kyin San Kyawt"]})
PARTIES = Lexicon({"taliban": ["Taliban", "Taliban fighters"], "iraq": ["Iraq"]})

#: (text, the crossings found in it, as (key, name as written)).
NAMED = [
    ("Troops took the Al-Qaim border crossing.", [(unlisted_key("Al-Qaim"), "Al-Qaim")]),
    ("They retook the Al-Walid and Rabia crossings.", [(unlisted_key("Al-Walid"), "Al-Walid")]),
    ("Fighting closed the border crossing at Kurmuk.", [(unlisted_key("Kurmuk"), "Kurmuk")]),
    ("The Dovzhansky checkpoint was shut. Dovzhansky stayed shut.", [(unlisted_key("Dovzhansky"), "Dovzhansky")] * 2),
    # Another spelling of a known crossing is that crossing.
    ("Rebels seized the Kyan-San-Kyawat border gate.", [("kyin-san-kyawt", "Kyan-San-Kyawat")]),
    # A country, a party, or words that describe a crossing name none.
    ("The Syrian border crossing was shut.", []),
    ("The Iraq-Syria border crossing was shut.", []),
    ("A Taliban checkpoint stood there.", []),
    ("The main border crossing and Monday's crossing were shut.", []),
    ("Northern Border Crossing Point reopened.", []),
    ("Security checkpoints were closed. Military checkpoints too.", []),
    # A headline capitalises every word; a photo credit's name is not the next line's.
    ("Militants Capture Key Border Town", []),
    ("A flag flies at the gate. REUTERS/Ammar Abdullah\n\nBorder officials said it was calm.", []),
    # A bridge or crossing whose name holds the noun, a name given again in brackets, a list.
    ("They shut King Hussein Bridge and the Wadi Araba Crossing.",
     [(unlisted_key("King Hussein Bridge"), "King Hussein Bridge"),
      (unlisted_key("Wadi Araba Crossing"), "Wadi Araba Crossing")]),
    ("Rebels occupied the Yanlonkyaing (Yan Long Zhai) border trade gate.",
     [(unlisted_key("Yanlonkyaing"), "Yanlonkyaing")]),
    ("It closed the crossings of Jarablus, Rabia and Tel Abyad.",
     [(unlisted_key("Jarablus"), "Jarablus"), (unlisted_key("Tel Abyad"), "Tel Abyad")]),  # Rabia is known
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), NAMED)
def test_a_crossing_named_by_its_kind_is_found_and_a_country_party_or_description_is_not(
    text: str, expected: list[tuple[str, str]]
) -> None:
    lexicon = unlisted_crossings(text, KNOWN, PARTIES)
    assert [(m.keys[0], text[m.start : m.end]) for m in lexicon.find(text)] == expected


def test_a_claim_on_a_crossing_no_one_knows_is_drafted_with_no_id_and_its_name_as_written() -> None:
    text = "RSF fighters seized the Kurmuk border crossing on Monday, an RSF spokesman said."
    drafts = read_article(text, date(2024, 3, 6), VOCABULARY)
    assert [(d.crossing_id, d.crossing_name, d.controller, d.date) for d in drafts] == [
        ("", "Kurmuk", "rsf", "2024-03-04")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kurdish fighters took the town.", ["Kurdish fighters"]),
        ("The powerful Arakan Army said so.", ["Arakan Army"]),
        ("Taliban fighters and the Sudanese Army moved in.", []),
        ("Syrian rebels seized the post.", ["Syrian rebels"]),
    ],
)
def test_an_armed_group_no_one_knows_is_named_by_its_members_or_its_kind_of_name(
    text: str, expected: list[str]
) -> None:
    lexicon = unlisted_groups(text, PARTIES)
    assert [text[m.start : m.end] for m in lexicon.find(text)] == expected
