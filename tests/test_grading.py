"""Graded sources, credibility, origins and the grade filter (geo.grading), and what they change."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from geo.asof import Timeline
from geo.atlas import Atlas
from geo.grading import CONFIDENCE_CREDIBILITY, GradeFilter, SourceBook, credibility_of, graded_reports, parse_scale

SOURCES = pd.DataFrame(
    {
        "source_id": ["afp", "al-emarah", "mujahid"],
        "name": ["AFP", "Al-Emarah", "Zabihullah Mujahid"],
        "aliases": ["Agence France-Presse|AFP (timeline)", None, "Taliban spokesman Zabihullah Mujahid"],
        "reliability": ["B", "D", "C"],
        "party": [None, "taliban", "taliban"],
    }
)
BOOK = SourceBook.of(SOURCES)

RESOLVE_CASES = [
    ("its name", "AFP", "afp"),
    ("an alias", "Agence France-Presse", "afp"),
    ("case and spacing aside", "  agence   france-presse ", "afp"),
    ("the first name before a parenthesis", "AFP (via Arab News)", "afp"),
    ("the first name before a semicolon", "AFP; Reuters", "afp"),
    ("a speaker with what the report adds", "Taliban spokesman Zabihullah Mujahid (to NBC)", "mujahid"),
    ("an alias with a parenthesis, whole", "AFP (timeline)", "afp"),
    ("its id", "al-emarah", "al-emarah"),
    ("an outlet with no record", "Dawn", None),
    ("nothing", "", None),
]


@pytest.mark.parametrize(("name", "text", "expected"), RESOLVE_CASES, ids=[c[0] for c in RESOLVE_CASES])
def test_a_reports_text_finds_its_source_record(name: str, text: str, expected: str | None) -> None:
    assert BOOK.resolve(text) == expected


def test_a_name_spelled_like_a_source_hears_the_source_but_a_stranger_hears_nothing() -> None:
    assert BOOK.similar("Agence France Press") == ["AFP"]
    assert BOOK.similar("Dawn") == []


CREDIBILITY_CASES = [
    ("its own, as text", "3", "high", 3),
    ("its own, as a number", 5, "high", 5),
    ("its own, as a float from a frame with gaps", 1.0, "low", 1),
    ("none: high confidence", None, "high", 2),
    ("none: medium confidence", None, "medium", 3),
    ("none: low confidence", "", "low", 4),
    ("neither", None, None, 6),
]


@pytest.mark.parametrize(
    ("name", "own", "confidence", "expected"), CREDIBILITY_CASES, ids=[c[0] for c in CREDIBILITY_CASES]
)
def test_a_reports_credibility_is_its_own_else_its_confidences(
    name: str, own: object, confidence: object, expected: int
) -> None:
    assert credibility_of(own, confidence) == expected


def test_every_confidence_level_stands_for_a_credibility() -> None:
    from geo.model import CONFIDENCE_LEVELS

    assert set(CONFIDENCE_CREDIBILITY) == set(CONFIDENCE_LEVELS)


def reports(*rows: dict[str, object]) -> pd.DataFrame:
    base = {"claimant": "", "controller": "", "attribution": "", "origin": "", "credibility": None}
    return pd.DataFrame([{**base, **row} for row in rows])


def test_the_speakers_grade_counts_before_the_origins_and_an_unknown_source_cannot_be_judged() -> None:
    graded = graded_reports(
        reports(
            {"source": "AFP", "attribution": "Taliban spokesman Zabihullah Mujahid", "confidence": "high"},
            {"source": "Arab News", "origin": "AFP", "confidence": "low"},
            {"source": "Dawn", "confidence": "medium", "credibility": 1},
        ),
        BOOK,
    )
    assert list(graded["grade"]) == ["C2", "B4", "F1"]
    assert list(graded["origin_key"]) == ["afp", "afp", "dawn"]
    assert list(graded["origin_name"]) == ["AFP", "AFP", "Dawn"]
    assert list(graded["speaker_party"]) == ["taliban", "", ""]


def test_a_holders_own_media_does_not_confirm_it_even_from_an_independent_observer() -> None:
    graded = graded_reports(
        reports(
            {"crossing_id": "x", "date": date(2021, 7, 14), "controller": "taliban", "source": "Al-Emarah"},
            {"crossing_id": "y", "date": date(2021, 7, 14), "controller": "taliban", "source": "AFP"},
        ).assign(status="", confidence="high"),
        BOOK,
    )
    states = Timeline(graded, ["x", "y"]).at(date(2021, 7, 14))
    assert list(states["confirmed"]) == [False, True]


FILTER_CASES = [
    ("every report", GradeFilter(), ["A1", "C3", "F6"]),
    ("sources graded A-C", GradeFilter(reliability="C"), ["A1", "C3"]),
    ("information graded 1-2", GradeFilter(credibility=2), ["A1"]),
]


@pytest.mark.parametrize(("name", "grades", "kept"), FILTER_CASES, ids=[c[0] for c in FILTER_CASES])
def test_the_grade_filter_keeps_the_reports_graded_at_least_so(name: str, grades: GradeFilter, kept: list[str]) -> None:
    frame = pd.DataFrame({"reliability": ["A", "C", "F"], "graded_credibility": [1, 3, 6], "grade": ["A1", "C3", "F6"]})
    assert list(frame["grade"][grades.mask(frame)]) == kept


@pytest.mark.parametrize(("text", "expected"), [("A-C", "C"), ("c", "C"), ("a - b", "B"), ("F", "F")])
def test_a_grade_range_is_read_as_its_worst_grade(text: str, expected: str) -> None:
    assert parse_scale(text, "ABCDEF") == expected


@pytest.mark.parametrize("text", ["B-C", "G", "A-G", "", "1-3"])
def test_a_grade_range_that_does_not_start_at_the_best_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="grade range"):
        parse_scale(text, "ABCDEF")


@pytest.mark.parametrize(("reliability", "credibility"), [("G", 6), ("F", 7), ("a", 1), ("A", 0)])
def test_a_grade_filter_outside_the_scales_is_refused(reliability: str, credibility: int) -> None:
    with pytest.raises(ValueError, match="grade is one of"):
        GradeFilter(reliability=reliability, credibility=credibility)


def test_filtered_to_sources_graded_a_to_b_the_seed_day_holder_is_what_pakistan_says(seed_atlas: Atlas) -> None:
    day = date(2021, 7, 14)
    assert seed_atlas.state("spin-boldak-chaman", day)["a_controllers"] == ("afghan-government", "taliban")
    graded = seed_atlas.graded(GradeFilter(reliability="B"))
    state = graded.state("spin-boldak-chaman", day)
    assert (state["a_controllers"], state["a_confirmed"]) == (("taliban",), True)
    assert set(graded.reports["reliability"]) <= {"A", "B"}
    assert seed_atlas.graded(GradeFilter()) is seed_atlas
