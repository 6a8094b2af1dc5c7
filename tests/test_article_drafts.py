"""An article's drafts on their way to the store: each quote marked in the text shown, and each draft
made into a report row that keeps the article's URL, date and quote."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from dashboard.article_text import highlighted
from geo.extract.reports import DRAFT_CONFIDENCE, report_rows, reports_csv
from geo.model import REPORT_COLUMNS, column_names

TEXT = "Kabul said it held the gate. The Taliban said they took it."

#: (spans, HTML inside the article's div).
MARKED = [
    ([], TEXT),
    (
        [(1, 0, 28)],
        '<mark data-drafts="1">Kabul said it held the gate.<sup>1</sup></mark> The Taliban said they took it.',
    ),
    (
        # Two drafts on one sentence: one mark, both numbers.
        [(1, 29, 59), (2, 29, 59)],
        'Kabul said it held the gate. <mark data-drafts="1,2">The Taliban said they took it.<sup>1,2</sup></mark>',
    ),
    (
        # A quotation inside a sentence both are drafted from: the numbers follow each stretch.
        [(1, 0, 28), (2, 6, 27)],
        '<mark data-drafts="1">Kabul </mark><mark data-drafts="1,2">said it held the gate<sup>1,2</sup></mark>'
        '<mark data-drafts="1">.<sup>1</sup></mark> The Taliban said they took it.',
    ),
    (
        # Offsets past the text's ends are held to it; an empty span marks nothing.
        [(1, 50, 400), (2, 5, 5)],
        'Kabul said it held the gate. The Taliban said they<mark data-drafts="1"> took it.<sup>1</sup></mark>',
    ),
]


@pytest.mark.parametrize(("spans", "inner"), MARKED)
def test_each_draft_s_words_are_marked_with_its_number(spans: list[tuple[int, int, int]], inner: str) -> None:
    assert highlighted(TEXT, spans) == f'<div class="bw-article">{inner}</div>'


def test_the_article_s_own_markup_is_shown_as_text_and_the_marks_stay_whole() -> None:
    text = '<script>alert(1)</script> "Sealed," said <b>the</b> commissioner.'
    shown = highlighted(text, [(1, 26, len(text))])
    assert "<script>" not in shown and "<b>" not in shown
    assert "&lt;script&gt;" in shown and "&lt;b&gt;the&lt;/b&gt;" in shown
    assert shown.count("<mark") == shown.count("</mark>") == 1


DRAFT = {
    "crossing_id": "torkham", "crossing_name": "Torkham", "date": "2021-07-20", "date_latest": "",
    "claimant": "pakistan", "controller": "", "status": "sealed", "side": "PAK", "traffic": "",
    "direction": "", "source": "Reuters", "origin": "Reuters", "attribution": "a Pakistani official told Reuters",
    "credibility": "3", "quote": "Pakistan closed  its side\nof Torkham.", "quote_start": 136, "quote_end": 207,
}  # fmt: skip


def test_a_draft_becomes_a_report_row_with_the_article_s_url_date_and_quote() -> None:
    [row] = report_rows([DRAFT], url="https://example.org/a", published=date(2021, 7, 20))
    assert list(row) == column_names(REPORT_COLUMNS)
    assert row["url"] == "https://example.org/a"
    assert row["confidence"] == DRAFT_CONFIDENCE
    assert row["note"] == "Drafted from the article of 2021-07-20: Pakistan closed its side of Torkham."
    assert (row["crossing_id"], row["status"], row["side"], row["source"]) == ("torkham", "sealed", "PAK", "Reuters")


def test_a_row_added_or_emptied_in_the_table_gives_empty_cells_not_none_or_nan() -> None:
    [row] = report_rows([{"crossing_id": "torkham", "date": None, "claimant": float("nan"), "quote": None}])
    assert row["date"] == row["claimant"] == row["url"] == ""
    assert row["note"] == "Drafted from the article: "


def test_what_an_editor_typed_in_a_row_is_kept_over_the_article_s() -> None:
    edited = {**DRAFT, "url": "https://example.org/b", "confidence": "high", "note": "checked by phone"}
    [row] = report_rows([edited], url="https://example.org/a", published=date(2021, 7, 20))
    assert (row["url"], row["confidence"], row["note"]) == ("https://example.org/b", "high", "checked by phone")


def test_the_csv_reads_back_as_the_rows_with_a_formula_made_text() -> None:
    rows = report_rows([{**DRAFT, "attribution": "=HYPERLINK(1)"}], published=date(2021, 7, 20))
    read = list(csv.DictReader(io.StringIO(reports_csv(rows))))
    assert read[0]["attribution"] == "'=HYPERLINK(1)"
    assert {k: v for k, v in read[0].items() if k != "attribution"} == {
        k: v for k, v in rows[0].items() if k != "attribution"
    }
