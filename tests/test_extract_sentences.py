"""Cutting a report into sentences: where wire copy ends one, where it only looks as if it does, and
offsets that always point at the text as pasted."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.extract.sentences import MAX_SENTENCE_CHARS, sentences

SEED_REPORT = (
    Path(__file__).resolve().parents[2] / "shared" / "seed-document" / "2021-07-14-spin-boldak-chaman-news.txt"
)

CASES = [
    ("a full stop before a capital ends one", "The gate fell. Traders fled.", ["The gate fell.", "Traders fled."]),
    ("a closing quote stays with its sentence", '"We hold it." He left.', ['"We hold it."', "He left."]),
    (
        "a question and an exclamation end one",
        "Who holds it? Nobody knows! Then calm.",
        ["Who holds it?", "Nobody knows!", "Then calm."],
    ),
    (
        "a title before a name does not",
        "Lt. Col. Ahmed Khan said it was shut.",
        ["Lt. Col. Ahmed Khan said it was shut."],
    ),
    (
        "an initial does not",
        "Zabihullah M. Mujahid said so. Kabul denied it.",
        ["Zabihullah M. Mujahid said so.", "Kabul denied it."],
    ),
    ("a decimal does not", "Queues ran 2.5 km. Drivers waited.", ["Queues ran 2.5 km.", "Drivers waited."]),
    (
        "an agency's initials do not",
        "The U.N. said aid stopped. Trucks waited.",
        ["The U.N. said aid stopped.", "Trucks waited."],
    ),
    (
        "a lower-case word after a stop does not",
        "It was closed at 5 p.m. on Friday.",
        ["It was closed at 5 p.m. on Friday."],
    ),
    (
        "a blank line ends one even mid-sentence",
        "The attack on Spin Boldak\n\nwas repelled.",
        ["The attack on Spin Boldak", "was repelled."],
    ),
    (
        "a dateline line ends at its line break",
        "KABUL, July 14 (Reuters) -\nThe gate fell.",
        ["KABUL, July 14 (Reuters) -\nThe gate fell."],
    ),
    (
        "a headline ending in a colon ends at the line",
        "Border shut:\nTraders stranded.",
        ["Border shut:", "Traders stranded."],
    ),
    (
        "a quotation of two sentences stays whole",
        '"They moved near the border... We repelled them," he said. Kabul agreed.',
        ['"They moved near the border... We repelled them," he said.', "Kabul agreed."],
    ),
    (
        "a quote left open ends with its paragraph",
        '"We hold the gate. It is ours.\n\n"We will stay," he said.',
        ['"We hold the gate. It is ours.', '"We will stay," he said.'],
    ),
    ("blank text has none", "  \n\n ", []),
]


@pytest.mark.parametrize(("text", "expected"), [(t, e) for _, t, e in CASES], ids=[c[0] for c in CASES])
def test_a_report_is_cut_where_wire_copy_ends_a_sentence(text: str, expected: list[str]) -> None:
    assert [s.text for s in sentences(text)] == expected


@given(st.text(alphabet=st.sampled_from(list("ab AB.?!\"'\n\t12")), max_size=200))
def test_every_sentence_is_the_text_at_its_offsets_and_none_overlap(text: str) -> None:
    found = sentences(text)
    assert all(text[s.start : s.end] == s.text and s.text == s.text.strip() and s.text for s in found)
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))
    # Nothing but blanks is left out.
    kept = set().union(*(range(s.start, s.end) for s in found)) if found else set()
    assert all(text[i].isspace() for i in range(len(text)) if i not in kept)


def test_the_seed_report_keeps_each_quoted_claim_in_one_sentence() -> None:
    if not SEED_REPORT.exists():
        pytest.skip("the shared seed report is not beside the project")
    text = SEED_REPORT.read_text(encoding="utf-8")
    found = [s.text for s in sentences(text)]
    assert any(
        s.startswith('"The (Taliban) Mujahideen have captured') and s.endswith("said in a statement.") for s in found
    )
    assert any(s.startswith('"The terrorist Taliban had some movements') and "told AFP" in s for s in found)
    assert "A Pakistan security source confirmed the insurgents had taken control of the crossing." in found


@pytest.mark.parametrize(
    "text",
    [
        "Torkham closed, reopened, sealed " * 400,  # clauses, no stop
        "word " * 2000,  # no clause at all
        "x" * 5000,  # not even a space
    ],
    ids=["clauses", "words", "one run"],
)
def test_a_paste_with_no_stops_is_read_in_pieces_no_longer_than_a_sentence_can_be(text: str) -> None:
    found = sentences(text)
    assert all(len(s.text) <= MAX_SENTENCE_CHARS and text[s.start : s.end] == s.text for s in found)
    # Nothing but the blanks between the pieces is left out.
    assert "".join(s.text for s in found).replace(" ", "") == text.replace(" ", "")
