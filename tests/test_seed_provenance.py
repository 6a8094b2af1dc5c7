"""Every claim of the seed dataset is traced: each report and authorisation names its outlet, that
outlet is a graded source record, and each crossing says where its coordinate comes from."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.grading import SourceBook
from geo.settings import SEEDS_DIR


def _seed(name: str) -> pd.DataFrame:
    return pd.read_csv(SEEDS_DIR / name, dtype=str, keep_default_na=False)


BOOK = SourceBook.of(_seed("sources.csv"))


@pytest.mark.parametrize("name", ["reports.csv", "authorisations.csv"])
def test_every_seed_record_names_an_outlet_that_is_a_graded_source(name: str) -> None:
    records = _seed(name)
    assert (records["source"].str.strip() != "").all()
    ungraded = sorted({s for s in records["source"] if BOOK.resolve(s) is None})
    assert ungraded == [], f"{name}: outlets with no source record, so no grade: {ungraded}"
    assert set(BOOK.reliability.values()) <= set("ABCDEF")


def test_every_seed_report_has_a_confidence_and_a_note_tracing_it() -> None:
    reports = _seed("reports.csv")
    assert reports["confidence"].isin(["high", "medium", "low"]).all()
    untagged = reports[~reports["note"].str.match(r"\[[A-Z]{2}\d{2}(-\d{3})?\]")]
    assert untagged.empty, untagged[["crossing_id", "date", "source"]].to_string()


def test_every_seed_crossing_says_where_its_coordinate_comes_from_or_why_it_has_none() -> None:
    crossings = _seed("crossings.csv")
    unsaid = crossings[crossings["note"].str.strip() == ""]["crossing_id"].tolist()
    assert unsaid == []
    # A crossing no source places has neither number, and its note says so first.
    unplaced = crossings[(crossings["lat"] == "") | (crossings["lon"] == "")]
    assert ((unplaced["lat"] == "") & (unplaced["lon"] == "")).all()
    assert unplaced["note"].str.startswith("Not drawn: no source found gives a coordinate.").all()


def test_every_seed_region_has_crossings_and_reports_on_each() -> None:
    crossings, reports = _seed("crossings.csv"), _seed("reports.csv")
    reported = set(reports["crossing_id"])
    assert set(crossings["crossing_id"]) <= reported
    assert crossings["region"].nunique() >= 7
