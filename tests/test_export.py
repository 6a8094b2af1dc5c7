"""Exports: CSV, GeoJSON and GeoPackage read back to exactly what was written, and CSV is formula-safe."""

from __future__ import annotations

import dataclasses
import tempfile
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from geopandas.testing import assert_geodataframe_equal
from hypothesis import given
from hypothesis import strategies as st

from geo.asof import Timeline
from geo.atlas import Atlas
from geo.csvsafe import neutralise, restore
from geo.errors import ExportError
from geo.export import (
    HISTORY_EXPORT_COLUMNS,
    STATE_EXPORT_COLUMNS,
    authorisation_table,
    export,
    history_table,
    read_table,
    state_table,
    write_table,
)
from geo.formats import EXPORT_FORMATS
from geo.settings import SEEDS_DIR
from tests.conftest import examples
from tests.test_cli import geo as run_cli

SEED_DAY = date(2021, 7, 14)


def tiny_atlas(name: str = "Gate", source: str = "AFP", note: str = "", lat: float = 30.5, lon: float = 66.25) -> Atlas:
    """One crossing with two reports, built in memory (no database), for property tests."""
    crossings = pd.DataFrame(
        {
            "crossing_id": ["gate"],
            "name": [name],
            "country_a": ["AFG"],
            "country_b": ["PAK"],
            "name_a": [name],
            "name_b": [""],
            "lat": [lat],
            "lon": [lon],
            "region": ["test"],
            "note": [note],
        }
    )
    parties = pd.DataFrame(
        {"party_id": ["a", "b"], "name": ["A", "B"], "color": ["#e69f00", "#56b4e9"], "kind": ["state", "armed-group"]}
    )
    reports = pd.DataFrame(
        {
            "report_id": [1, 2],
            "batch_id": [1, 1],
            "crossing_id": ["gate", "gate"],
            "date": [date(2021, 7, 14), date(2021, 7, 14)],
            "claimant": ["a", "b"],
            "controller": ["a", "b"],
            "status": ["sealed", None],
            "side": ["AFG", "PAK"],
            "source": [source, "Reuters"],
            "attribution": [name, None],
            "url": [None, "https://example.org/a"],
            "confidence": ["high", "low"],
            "note": [note, note],
        },
        dtype=object,
    )
    return Atlas(crossings, parties, reports, Timeline(reports, ["gate"]))


def round_trip(table: pd.DataFrame, fmt: str, folder: Path) -> pd.DataFrame:
    return read_table(write_table(table, folder / f"export.{fmt}", fmt))


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_state_export_reads_back_exactly(seed_atlas: Atlas, tmp_path: Path, fmt: str) -> None:
    table = state_table(seed_atlas, SEED_DAY)
    assert_geodataframe_equal(round_trip(table, fmt, tmp_path), table)


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_history_export_reads_back_exactly_with_provenance(seed_atlas: Atlas, tmp_path: Path, fmt: str) -> None:
    table = history_table(seed_atlas)
    back = round_trip(table, fmt, tmp_path)
    assert_geodataframe_equal(back, table)
    assert len(back) == len(seed_atlas.reports)
    assert {"source", "attribution", "confidence", "batch_id"} <= set(back.columns)


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_authorisation_export_reads_back_exactly_one_row_per_crossing_named(
    seed_atlas: Atlas, tmp_path: Path, fmt: str
) -> None:
    crossings = list(seed_atlas.crossings["crossing_id"])[:2]
    extra = pd.DataFrame(
        {
            "authorisation_id": [901],
            "batch_id": [9],
            "issuer": ["pakistan"],
            "crossings": ["|".join(crossings)],
            "traffic": ["aid"],
            "effect": ["permits"],
            "start_date": [SEED_DAY],
            "end_date": [None],
            "title": ['=HYPERLINK("x")'],
            "source": ["Dawn"],
            "attribution": [None],
            "url": ["https://example.org/a"],
            "confidence": ["low"],
            "note": ["line one\nline two"],
        },
        dtype=object,
    )
    atlas = dataclasses.replace(
        seed_atlas, authorisations=pd.concat([seed_atlas.authorisations, extra], ignore_index=True)
    )
    table = authorisation_table(atlas)
    back = round_trip(table, fmt, tmp_path)
    assert_geodataframe_equal(back, table)
    mine = back[back["authorisation_id"] == 901]
    assert list(mine["crossing_id"]) == crossings
    assert set(mine["start_date"]) == {SEED_DAY.isoformat()} and set(mine["end_date"]) == {""}
    assert set(mine["title"]) == {'=HYPERLINK("x")'}


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_an_empty_export_reads_back_with_its_columns(seed_atlas: Atlas, tmp_path: Path, fmt: str) -> None:
    table = state_table(seed_atlas, SEED_DAY).iloc[:0]
    assert list(round_trip(table, fmt, tmp_path).columns) == [*STATE_EXPORT_COLUMNS, "geometry"]


def test_state_export_joins_contested_holders_with_a_bar(seed_atlas: Atlas) -> None:
    spin = state_table(seed_atlas, SEED_DAY).set_index("crossing_id").loc["spin-boldak-chaman"]
    assert spin["controllers"] == "afghan-government|taliban"
    assert spin["controller"] == ""
    assert bool(spin["contested"]) is True
    assert spin["as_of"] == "2021-07-14"


def test_state_export_names_the_reports_that_decide_each_state(seed_atlas: Atlas) -> None:
    table = state_table(seed_atlas, SEED_DAY).set_index("crossing_id")
    deciding = seed_atlas.deciding("spin-boldak-chaman", SEED_DAY)
    assert table.at["spin-boldak-chaman", "report_ids"] == "|".join(str(i) for i in sorted(deciding["report_id"]))


def test_history_until_a_day_leaves_out_later_reports(seed_atlas: Atlas) -> None:
    table = history_table(seed_atlas, until=SEED_DAY)
    assert (table["date"] <= "2021-07-14").all()
    assert 0 < len(table) < len(seed_atlas.reports)


def test_history_columns_are_the_report_columns_with_place(seed_atlas: Atlas) -> None:
    assert list(history_table(seed_atlas).columns) == [*HISTORY_EXPORT_COLUMNS, "geometry"]


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+2", "'=1+2"),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("\rReturn", "'\rReturn"),
        ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
        ("-31.5", "-31.5"),
        ("+5", "+5"),
        ("-1e-05", "-1e-05"),
        ("-inf", "'-inf"),
        ("'quoted", "''quoted"),
        ("Spin Boldak", "Spin Boldak"),
        ("a=b", "a=b"),
        ("", ""),
    ],
    ids=[
        "equals",
        "plus formula",
        "minus formula",
        "at",
        "tab",
        "carriage return",
        "hyperlink",
        "negative latitude stays a number",
        "signed number stays a number",
        "exponent stays a number",
        "minus word",
        "leading apostrophe doubled",
        "plain text",
        "equals inside",
        "empty",
    ],
)
def test_csv_cells_are_neutralised_and_restored(cell: str, written: str) -> None:
    assert neutralise(cell) == written
    assert restore(neutralise(cell)) == cell


def test_csv_file_holds_no_live_formula(tmp_path: Path) -> None:
    atlas = tiny_atlas(name="=cmd|' /C calc'!A0", source="@evil", lat=-31.5)
    out = write_table(history_table(atlas), tmp_path / "h.csv", "csv")
    text = out.read_text(encoding="utf-8-sig")
    assert ",'=cmd|" in text
    assert ",'@evil," in text
    assert ",-31.5," in text


def test_unknown_format_is_an_error_naming_it(seed_atlas: Atlas, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="'xlsx'"):
        export(seed_atlas, tmp_path / "x.xlsx", "xlsx", day=SEED_DAY)


# Text a person could type into a name or note, odd characters included; GDAL and SQLite
# cannot hold NUL, and lone surrogates are not text.
odd_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40)
formulaic = st.sampled_from(["=1+2", "+A1", "-2+3", "@x", "\tx", "\rx", "'x", "''", '"', '",\n"', "-31.5", " "])


# Each example writes every export format and reads it back: a seventh of the profile's examples.
@examples(1 / 7)
@given(
    name=st.one_of(odd_text, formulaic),
    source=odd_text,
    note=st.one_of(odd_text, formulaic),
    lat=st.floats(-89.9, 89.9),
    lon=st.floats(-179.9, 179.9),
)
def test_exports_round_trip_any_text(name: str, source: str, note: str, lat: float, lon: float) -> None:
    atlas = tiny_atlas(name=name, source=source, note=note, lat=lat, lon=lon)
    with tempfile.TemporaryDirectory() as folder:
        for table in (state_table(atlas, SEED_DAY), history_table(atlas)):
            for fmt in EXPORT_FORMATS:
                assert_geodataframe_equal(round_trip(table, fmt, Path(folder)), table)


@pytest.mark.parametrize(
    ("args", "seed_file"),
    [
        (["--date", "2021-07-14", "--format", "gpkg"], "crossings.csv"),
        (["--history", "--format", "csv"], "reports.csv"),
    ],
    ids=["state as geopackage", "history as csv"],
)
def test_export_command_writes_a_file_that_reads_back_with_a_row_per_seed_record(
    database_url: str, tmp_path: Path, args: list[str], seed_file: str
) -> None:
    out = tmp_path / f"export.{args[-1]}"
    result = run_cli(database_url, "export", *args, "--out", str(out))
    assert result.returncode == 0, result.stderr
    table = read_table(out)
    assert len(table) == len(pd.read_csv(SEEDS_DIR / seed_file, dtype=str))
    # A crossing no source places has no geometry, not a point at NaN.
    unplaced = table["lat"].isna()
    assert unplaced.any()
    assert table.geometry[unplaced].isna().all() and not table.geometry[~unplaced].isna().any()


@pytest.mark.parametrize(
    ("args", "named"),
    [(["--format", "csv"], "--date"), (["--date", "2021-07-14", "--format", "xlsx"], "xlsx")],
    ids=["state without a date", "unknown format"],
)
def test_export_bad_arguments_give_one_line_naming_them_and_exit_2(
    database_url: str, tmp_path: Path, args: list[str], named: str
) -> None:
    result = run_cli(database_url, "export", *args, "--out", str(tmp_path / "x"))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert named in result.stderr
