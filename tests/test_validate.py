"""The seed dataset's files, read as uploads: every problem named with its file, line, column and value."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from geo.dates import parse_day
from geo.errors import BadDateError, ValidationError
from geo.ingest.seed import read_dataset
from geo.model import DATASET_FILES
from tests.conftest import FIXTURES

INVALID = sorted(p for p in (FIXTURES / "invalid").iterdir() if p.is_dir())


def expected_problems(case: Path) -> list[tuple[str, int, str, str]]:
    rows = []
    for line in (case / "expected.txt").read_text().splitlines():
        file, number, column, fragment = line.split(":", 3)
        rows.append((file, int(number), column, fragment))
    return rows


@pytest.mark.parametrize("case", INVALID, ids=[p.name for p in INVALID])
def test_invalid_dataset_reports_exactly_its_expected_problems(case: Path, tmp_path: Path) -> None:
    for name in DATASET_FILES:
        # Optional files the tiny dataset leaves out (regions, gazetteer) are left out here too.
        if (source := case / name if (case / name).exists() else FIXTURES / "tiny" / name).exists():
            shutil.copy(source, tmp_path / name)
    with pytest.raises(ValidationError) as raised:
        read_dataset(tmp_path)
    found = raised.value.problems
    expected = expected_problems(case)
    assert len(found) == len(expected), [str(p) for p in found]
    for (file, line, column, fragment), problem in zip(expected, found, strict=True):
        assert (problem.file, problem.line, problem.column) == (file, line, column), str(problem)
        assert fragment in problem.message, str(problem)


def test_problem_message_names_file_line_column_and_value(tmp_path: Path) -> None:
    for name in DATASET_FILES:
        source = FIXTURES / "invalid" / "bad_date" / name if name == "reports.csv" else FIXTURES / "tiny" / name
        if source.exists():
            shutil.copy(source, tmp_path / name)
    with pytest.raises(ValidationError) as raised:
        read_dataset(tmp_path)
    assert "reports.csv:2: column 'date': must be a date" in str(raised.value)
    assert "'14 July 2021'" in str(raised.value)


def test_the_tiny_dataset_is_valid() -> None:
    dataset = read_dataset(FIXTURES / "tiny")
    assert [len(dataset[kind]) for kind in ("crossings", "parties", "reports", "authorisations", "sources")] == [
        1,
        2,
        2,
        1,
        2,
    ]


def test_a_dataset_from_before_sources_and_authorisations_loads_as_it_did(tmp_path: Path) -> None:
    for name in ("crossings.csv", "parties.csv", "reports.csv"):
        shutil.copy(FIXTURES / "tiny" / name, tmp_path / name)
    dataset = read_dataset(tmp_path)
    assert set(dataset) == {"crossings", "parties", "reports"}
    assert len(dataset["reports"]) == 2


def test_a_byte_order_mark_does_not_break_the_header(tmp_path: Path) -> None:
    for name in DATASET_FILES:
        if (FIXTURES / "tiny" / name).exists():
            (tmp_path / name).write_bytes(b"\xef\xbb\xbf" + (FIXTURES / "tiny" / name).read_bytes())
    assert len(read_dataset(tmp_path)["reports"]) == 2


@pytest.mark.parametrize("text", ["2021-7-14", "14/07/2021", "2021-07-14T00:00", "20210714", "", "2021-02-29"])
def test_parse_day_refuses_anything_but_an_iso_day(text: str) -> None:
    with pytest.raises(BadDateError):
        parse_day(text)
