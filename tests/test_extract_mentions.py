"""Finding crossings and parties in a sentence by any of their names, with the span as written."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.extract.mentions import Lexicon, crossing_names, party_names
from geo.settings import SEEDS_DIR


def _seed(name: str) -> list[dict[str, object]]:
    frame = pd.read_csv(SEEDS_DIR / name, dtype=str, keep_default_na=False)
    return [{k: (v or None) for k, v in row.items()} for row in frame.to_dict("records")]


CROSSINGS = Lexicon(crossing_names(_seed("crossings.csv"), _seed("gazetteer.csv")))
PARTIES = Lexicon(party_names(_seed("parties.csv")))

CROSSING_CASES = [
    (
        "the crossing's own name",
        "The Spin Boldak-Chaman crossing was sealed.",
        [("spin-boldak-chaman", "Spin Boldak-Chaman")],
    ),
    ("one town of a two-town name", "Traders waited in Chaman.", [("spin-boldak-chaman", "Chaman")]),
    ("a gazetteer alias", "Aid passed through Karem Abu Salem.", [("kerem-shalom", "Karem Abu Salem")]),
    (
        "a spelling with a space for a hyphen, any case",
        "the spin boldak chaman gate",
        [("spin-boldak-chaman", "spin boldak chaman")],
    ),
    (
        "two crossings in one sentence",
        "Both Torkham and Chaman shut.",
        [("torkham", "Torkham"), ("spin-boldak-chaman", "Chaman")],
    ),
    ("a name inside a longer word is not a name", "The Torkhamis left.", []),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CROSSING_CASES], ids=[c[0] for c in CROSSING_CASES])
def test_a_crossing_is_found_by_any_of_its_names(text: str, expected: list[tuple[str, str]]) -> None:
    found = CROSSINGS.find(text)
    assert [(m.keys[0], text[m.start : m.end]) for m in found] == expected
    assert all(len(m.keys) == 1 for m in found)


PARTY_CASES = [
    ("a party's name", "The Taliban said they had captured it.", [("taliban", "Taliban")]),
    ("an alias", "The Tatmadaw withdrew.", [("myanmar-military", "Tatmadaw")]),
    (
        "an alias of several words",
        "Afghan security forces repelled them.",
        [("afghan-government", "Afghan security forces")],
    ),
    ("a bracketed abbreviation", "The RSF took the town.", [("rsf", "RSF")]),
    ("a name without its bracket", "Rapid Support Forces fighters", [("rsf", "Rapid Support Forces")]),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in PARTY_CASES], ids=[c[0] for c in PARTY_CASES])
def test_a_party_is_found_by_its_name_alias_or_abbreviation(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(m.keys[0], text[m.start : m.end]) for m in PARTIES.find(text)] == expected


def test_a_name_two_records_share_names_both_and_guesses_neither() -> None:
    lexicon = Lexicon({"a-town": ["Rafah"], "b-town": ["Rafah", "Rafah Gate"]})
    found = lexicon.find("At the Rafah Gate and in Rafah.")
    assert [(m.keys, m.end - m.start) for m in found] == [(("b-town",), 10), (("a-town", "b-town"), 5)]


def test_an_empty_lexicon_finds_nothing() -> None:
    assert Lexicon({}).find("Torkham") == []
