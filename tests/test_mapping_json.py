"""Saved column mappings: the JSON form round-trips, and any other shape is one clear error, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo import cli
from geo.errors import MappingError
from geo.ingest.columns import ColumnMapping, Source

GOOD = ColumnMapping(
    kind="reports", sources={"crossing_id": Source("slug", "Port"), "source": Source("constant", "CBP")}
)


def test_a_mapping_round_trips_through_its_json() -> None:
    assert ColumnMapping.from_json(GOOD.to_json()) == GOOD


BAD_SHAPES = [
    ("not json", "not JSON"),
    ("[]", 'expected an object with "kind" and "sources"'),
    ("null", 'expected an object with "kind" and "sources"'),
    ('"reports"', 'expected an object with "kind" and "sources"'),
    ('{"kind": "reports"}', 'expected an object with "kind" and "sources"'),
    ('{"kind": ["reports"], "sources": {}}', '"kind" must be one of'),
    ('{"kind": "nonsense", "sources": {}}', '"kind" must be one of'),
    ('{"kind": "reports", "sources": []}', '"sources" must be an object'),
    ('{"kind": "reports", "sources": "crossing_id"}', '"sources" must be an object'),
    ('{"kind": "reports", "sources": {"lat": {"how": "column", "value": "y"}}}', "'lat' is not a reports column"),
    ('{"kind": "reports", "sources": {"source": "AFP"}}', "'source' must be"),
    ('{"kind": "reports", "sources": {"source": {"how": "column"}}}', "'source' must be"),
    ('{"kind": "reports", "sources": {"source": {"how": "guess", "value": "x"}}}', "'source' must be"),
    ('{"kind": "reports", "sources": {"source": {"how": "column", "value": {"a": 1}}}}', "'source' must be"),
]


@pytest.mark.parametrize(("text", "says"), BAD_SHAPES)
def test_a_mapping_of_the_wrong_shape_is_refused_saying_what_is_wrong(text: str, says: str) -> None:
    with pytest.raises(MappingError, match="^" + says.replace("[", r"\[").replace("(", r"\(")):
        ColumnMapping.from_json(text)


@pytest.mark.parametrize(("text", "says"), BAD_SHAPES)
def test_geo_profile_with_a_bad_mapping_prints_one_line_and_exits_2(
    text: str, says: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'borderwatch.db'}")
    assert cli.main(["profile", "texas", "--mapping", text, "--as", "editor"]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith(f"error: bad mapping: {says}")
    assert captured.err.count("\n") == 1
    assert "Traceback" not in captured.err
