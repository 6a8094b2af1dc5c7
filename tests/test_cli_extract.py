"""``python -m geo extract``: an article's claims as drafts, and the CSV that uploads them once checked."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from geo.model import REPORT_COLUMNS, column_names
from tests.test_cli import geo

ARTICLE = """Published 2021-07-14

KABUL, July 14 (Reuters) - Taliban fighters captured the Torkham crossing on Wednesday, the group said.
The claim could not be independently verified.

Pakistan sealed its side of the crossing, officials in Khyber said.
"""


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_json_lists_each_claim_with_its_verbatim_quote_and_offsets(database_url: str, article: Path) -> None:
    result = geo(database_url, "extract", str(article), "--published", "2021-07-14", "--format", "json")
    assert result.returncode == 0, result.stderr
    claims = json.loads(result.stdout)["claims"]
    said = [(c["crossing_id"], c["claimant"], c["controller"], c["status"], c["side"], c["date"]) for c in claims]
    assert said == [
        ("torkham", "taliban", "taliban", "", "", "2021-07-14"),
        ("torkham", "pakistan", "", "sealed", "PAK", "2021-07-14"),
    ]
    assert all(ARTICLE[c["quote_start"] : c["quote_end"]] == c["quote"] for c in claims)
    assert claims[0]["origin"] == "Reuters" and claims[0]["crossing_name"] == "Torkham"
    # The sentence after a claim that says it could not be verified makes that claim doubtful.
    assert [c["credibility"] for c in claims] == ["4", "3"]


def test_the_article_s_own_date_is_read_when_none_is_given(database_url: str, article: Path) -> None:
    result = geo(database_url, "extract", str(article), "--format", "json")
    assert {c["date"] for c in json.loads(result.stdout)["claims"]} == {"2021-07-14"}


def test_an_article_with_no_date_and_none_given_is_refused_naming_the_option(database_url: str, tmp_path: Path) -> None:
    undated = tmp_path / "undated.txt"
    undated.write_text("Taliban fighters captured Torkham, the group said.", encoding="utf-8")
    result = geo(database_url, "extract", str(undated))
    assert result.returncode == 2
    assert "--published YYYY-MM-DD" in result.stderr


def test_csv_is_a_reports_upload_that_keeps_each_quote_in_its_note(database_url: str, article: Path) -> None:
    result = geo(
        database_url,
        "extract",
        str(article),
        "--published",
        "2021-07-14",
        "--format",
        "csv",
        "--url",
        "https://example.org/a",
    )
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == column_names(REPORT_COLUMNS)
    assert [r["url"] for r in rows] == ["https://example.org/a"] * 2
    assert rows[0]["note"].startswith("Drafted from the article of 2021-07-14: ")
    upload = Path(article.parent / "drafts.csv")
    upload.write_text(result.stdout, encoding="utf-8")
    checked = geo(database_url, "import", str(upload), "--as", "ana", "--dry-run")
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_table_says_when_an_article_claims_nothing(database_url: str, tmp_path: Path) -> None:
    quiet = tmp_path / "quiet.txt"
    quiet.write_text("The ministry said it was checking developments near Torkham.", encoding="utf-8")
    result = geo(database_url, "extract", str(quiet), "--published", "2021-07-14")
    assert result.returncode == 0
    assert result.stdout == "no claim found in the article\n"
