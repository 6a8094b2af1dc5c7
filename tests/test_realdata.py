"""Real public CSV files (../shared/realdata): each imports through a mapping or is refused with clear reasons."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from geo.atlas import Atlas
from geo.errors import UnmappedColumnsError, ValidationError
from geo.ingest.columns import ColumnMapping, Source
from geo.ingest.commit import commit_upload
from geo.ingest.preview import build_preview, known_in
from geo.ingest.seed import open_store
from geo.ingest.upload import Known, read_upload
from geo.settings import PROJECT_ROOT, SEEDS_DIR

REALDATA = PROJECT_ROOT.parent / "shared" / "realdata"
pytestmark = pytest.mark.skipif(not REALDATA.is_dir(), reason=f"real data not found at {REALDATA}")


@pytest.fixture(scope="module")
def known() -> Iterator[Known]:
    store, _ = open_store("sqlite://", seeds=SEEDS_DIR)
    yield known_in(Atlas.load(store))
    store.close()


def read(name: str) -> bytes:
    return (REALDATA / name).read_bytes()


TXDOT = ColumnMapping(
    "crossings",
    {
        "crossing_id": Source("slug", "Code"),
        "name": Source("column", "Border Crossing Name"),
        "lat": Source("column", "Lat"),
        "lon": Source("column", "Lon"),
        "country_a": Source("constant", "USA"),
        "country_b": Source("constant", "MEX"),
        "region": Source("constant", "texas-mexico"),
        "note": Source("column", "Address"),
    },
)


def test_texas_mexico_bridges_are_foreign_then_import_through_a_mapping_with_constants() -> None:
    store, _ = open_store("sqlite://", seeds=SEEDS_DIR)
    data = read("cbp_tx_mx_unt/TX-MX-Border-Crossings-Coordinates.csv")
    with pytest.raises(UnmappedColumnsError) as raised:
        read_upload(data, file="tx.csv", known=known_in(Atlas.load(store)))
    suggested = raised.value.suggestion.sources
    assert (suggested["lat"], suggested["lon"]) == (Source("column", "Lat"), Source("column", "Lon"))
    upload = read_upload(data, file="tx.csv", known=known_in(Atlas.load(store)), mapping=TXDOT)
    assert upload.encoding == "utf-8-sig" and len(upload) == 34
    preview = build_preview(Atlas.load(store), upload)
    commit_upload(store, preview, created_by="test")
    bridges = store.crossings().set_index("crossing_id")
    assert bridges.loc["elp-elp-good", "name"] == "Good Neighbor Bridge"
    assert bridges.loc["elp-elp-good", "lat"] == pytest.approx(31.748237)
    store.close()


UNLOCODE = ColumnMapping(
    "crossings",
    {
        "crossing_id": Source("slug", "location"),
        "name": Source("column", "name"),
        "lat": Source("column", "lat"),
        "lon": Source("column", "lon"),
        "country_a": Source("column", "country"),
        "country_b": Source("constant", "PAK"),
        "region": Source("constant", "unlocode"),
    },
)


def test_un_locode_rows_are_refused_for_two_letter_countries_not_for_a_missing_coordinate(known: Known) -> None:
    with pytest.raises(ValidationError) as raised:
        read_upload(read("unlocode_border_crossings/unlocode_AF.csv"), file="af.csv", known=known, mapping=UNLOCODE)
    problems = raised.value.problems
    assert {(p.column, p.value) for p in problems if p.column == "country_a"} == {("country_a", "AF")}
    assert all("alpha-3" in p.message for p in problems if p.column == "country_a")
    # An entry with neither coordinate is a crossing no source places: taken, listed, not drawn.
    assert not [p for p in problems if p.column in ("lat", "lon") and p.value == ""]


@pytest.mark.parametrize(
    ("path", "missing"),
    [
        ("ireland_ni_border_points/osmie_border-posts.csv", "crossing_id"),
        ("cbp_tx_mx_unt/monthly_crossings_2008_2025.csv", "crossing_id"),
        ("cobap_covid_border_policies/policy_list.csv", "crossing_id"),
        ("bts_cbp_jassi50/Border_Crossing_Entry_Data_2020-2021_subset.csv", "crossing_id"),
    ],
)
def test_files_that_are_not_ours_are_refused_naming_the_columns_they_lack(
    path: str, missing: str, known: Known
) -> None:
    with pytest.raises(UnmappedColumnsError) as raised:
        read_upload(read(path), file=Path(path).name, known=known)
    message = raised.value.problems[-1].message
    assert "not Borderwatch columns" in message and missing in message
