"""The gazetteer: any border crossing found by any of its names; UN/LOCODE and OpenStreetMap lists read
into it with their traps dropped and said why; a report naming a place that is no crossing yet told to
add it from there; the seeds' gazetteer rebuilt from the real UN/LOCODE files as committed."""

from __future__ import annotations

import io
import shutil
from contextlib import redirect_stdout
from pathlib import Path

import pandas as pd
import pytest

from geo.cli import main
from geo.errors import ValidationError
from geo.gazetteer import Gazetteer, compact
from geo.ingest.gazetteer_files import from_osm_geojson, from_unlocode
from geo.ingest.preview import known_in
from geo.ingest.upload import read_upload
from geo.settings import PROJECT_ROOT, SEEDS_DIR
from geo.store.store import Store
from tests.conftest import FIXTURES
from tests.test_cli import geo

HERE = FIXTURES / "gazetteer"
UNLOCODE_DIR = PROJECT_ROOT.parent / "shared" / "realdata" / "unlocode_border_crossings"
SEED_PLACES = pd.read_csv(SEEDS_DIR / "gazetteer.csv", dtype=str, keep_default_na=False)


@pytest.mark.parametrize(
    ("query", "place_id"),
    [
        ("Chin Shwe Haw", "chinshwehaw"),
        ("chinshwehaw", "chinshwehaw"),
        ("Kyan San Kyawt", "kyin-san-kyawt"),
        ("Ras Jdir", "ras-ajdir"),
        ("ras jedir", "ras-ajdir"),
        ("رأس اجدير", "ras-ajdir"),
        ("Nasib", "nassib-jaber"),
        ("Jaber", "nassib-jaber"),
        ("Karem Abu Salem", "kerem-shalom"),
        ("כרם שלום", "kerem-shalom"),
        ("Adre", "adre"),
        ("ADRÉ", "adre"),
        ("Wesh", "spin-boldak-chaman"),
        ("Friendship Gate", "spin-boldak-chaman"),
        ("Mu Se", "muse-ruili"),
        ("Emerson", "unlocode-ca-eme"),
    ],
)
def test_a_search_by_any_alias_finds_the_place_first(query: str, place_id: str) -> None:
    found = Gazetteer(SEED_PLACES).search(query)
    assert found, f"nothing found for {query!r}"
    assert found[0].place["place_id"] == place_id


def test_a_search_ranks_a_whole_name_before_a_start_and_a_part() -> None:
    places = pd.DataFrame(
        [
            {"place_id": "a", "name": "Old Rafah Gate", "aliases": ""},
            {"place_id": "b", "name": "Rafahville", "aliases": ""},
            {"place_id": "c", "name": "Rafah", "aliases": ""},
        ]
    )
    found = Gazetteer(places).search("rafah")
    assert [m.place["place_id"] for m in found] == ["c", "b", "a"]
    assert [m.rank for m in found] == [0, 1, 2]


def test_a_search_of_one_or_two_letters_matches_only_whole_names_and_starts() -> None:
    places = pd.DataFrame([{"place_id": "x", "name": "Ras Ajdir", "aliases": ""}])
    assert Gazetteer(places).search("aj") == []
    assert [m.place["place_id"] for m in Gazetteer(places).search("ra")] == ["x"]
    assert Gazetteer(places).search("  ,-  ") == []


def test_a_name_shared_by_two_places_is_not_one_place() -> None:
    places = pd.DataFrame(
        [
            {"place_id": "torkham", "name": "Torkham", "aliases": ""},
            {"place_id": "other", "name": "Other", "aliases": "Torkham"},
        ]
    )
    gazetteer = Gazetteer(places)
    assert gazetteer.named("torkham")["place_id"] == "torkham"  # by id
    assert gazetteer.named("Torkham ") is None  # two places have the name
    assert gazetteer.named("Other")["place_id"] == "other"


def test_names_compare_without_case_accents_spaces_or_punctuation() -> None:
    assert compact("Ra's Ajdīr") == compact("RAS AJDIR") == "rasajdir"
    assert compact("Kerem-Shalom") == compact("kerem shalom")


def test_unlocode_entries_off_their_country_or_off_a_border_are_dropped_with_the_reason() -> None:
    converted = from_unlocode((HERE / "unlocode_traps.csv").read_text(encoding="utf-8"))
    kept = converted.places.set_index("place_id")
    assert sorted(kept.index) == ["unlocode-at-hbz", "unlocode-mm-mwd", "unlocode-pk-tor"]
    # One country given, the other found: the nearest across the border.
    assert tuple(kept.loc["unlocode-pk-tor", ["country_a", "country_b"]]) == ("PAK", "AFG")
    assert tuple(kept.loc["unlocode-mm-mwd", ["country_a", "country_b"]]) == ("MMR", "THA")
    assert "geocoded" in kept.loc["unlocode-pk-tor", "located_by"]
    # A name that lost a character on the way is spelled as the list's plain spelling.
    assert kept.loc["unlocode-at-hbz", "name"] == "Horbranz"
    reasons = {d.entry: d.reason for d in converted.dropped}
    assert reasons["AF RKH"].endswith("km outside AFG: the coordinate is off")
    assert "not on a land border" in reasons["IR IQH"]
    assert reasons["IL ALN"] == "no coordinates"
    assert reasons["AF KBL"].startswith("not a border crossing")


def test_osm_points_get_the_two_nearest_countries_and_their_names() -> None:
    converted = from_osm_geojson((HERE / "osm_border_controls.geojson").read_text(encoding="utf-8"))
    kept = converted.places.set_index("place_id")
    assert list(kept.index) == ["osm-node-101", "osm-5414110n-759570w"]
    assert tuple(kept.loc["osm-node-101", ["country_a", "country_b"]]) == ("GBR", "IRL")
    assert kept.loc["osm-node-101", "name"] == "Bridgend Customs"
    assert kept.loc["osm-node-101", "aliases"] == "Droichead na Banna"
    assert kept.loc["osm-5414110n-759570w", "name"].startswith("Border control GBR-IRL")
    reasons = {d.entry: d.reason for d in converted.dropped}
    assert reasons == {
        "54.14110,-7.59570": "repeats an earlier point",
        "node/102": reasons["node/102"],
    }
    assert "not on a land border" in reasons["node/102"]


def test_every_placed_crossing_of_the_seeds_is_a_place_of_their_gazetteer_at_its_own_coordinate() -> None:
    crossings = pd.read_csv(SEEDS_DIR / "crossings.csv", dtype=str, keep_default_na=False).set_index("crossing_id")
    places = SEED_PLACES.set_index("place_id")
    unplaced = crossings["lat"] == ""
    assert not places.index.isin(crossings.index[unplaced]).any()
    for crossing_id, crossing in crossings[~unplaced].iterrows():
        assert crossing_id in places.index, crossing_id
        place = places.loc[crossing_id]
        assert (place["lat"], place["lon"]) == (crossing["lat"], crossing["lon"])
        assert tuple(place[["country_a", "country_b"]]) == tuple(crossing[["country_a", "country_b"]])


def test_every_place_of_the_seeds_says_where_its_coordinate_comes_from() -> None:
    assert (SEED_PLACES["located_by"].str.strip() != "").all()
    assert (SEED_PLACES["source"].str.strip() != "").all()


@pytest.mark.skipif(not UNLOCODE_DIR.exists(), reason="needs ../shared/realdata beside the project")
def test_the_seed_gazetteer_is_what_building_it_from_the_unlocode_files_gives(tmp_path: Path) -> None:
    folder = tmp_path / "seeds"
    folder.mkdir()
    for name in ("crossings.csv", "gazetteer.csv"):
        shutil.copy(SEEDS_DIR / name, folder / name)
    lists = sorted(str(p) for p in UNLOCODE_DIR.glob("*.csv"))
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["gazetteer", "build", *lists, "--seeds", str(folder)]) == 0
    for name in ("gazetteer.csv", "gazetteer_dropped.csv"):
        assert (folder / name).read_text(encoding="utf-8") == (SEEDS_DIR / name).read_text(encoding="utf-8"), name


def test_a_report_on_a_place_that_is_no_crossing_yet_is_told_to_add_it_from_the_gazetteer(
    seeded_store: Store,
) -> None:
    from geo.atlas import Atlas

    atlas = Atlas.load(seeded_store)
    data = (
        b"crossing_id,date,claimant,controller,status,side,source,attribution,url,confidence,note\n"
        b"unlocode-ca-eme,2024-05-05,,,sealed,,CBP,,,high,\n"
    )
    with pytest.raises(ValidationError) as refused:
        read_upload(data, file="reports.csv", known=known_in(atlas))
    (problem,) = refused.value.problems
    assert problem.column == "crossing_id"
    assert "the gazetteer has Emerson (Canada–United States, place 'unlocode-ca-eme')" in problem.message
    assert "add it from the gazetteer" in problem.message


def test_the_cli_searches_adds_a_place_as_a_crossing_and_then_takes_its_reports(
    database_url: str, tmp_path: Path
) -> None:
    result = geo(database_url, "gazetteer", "search", "Karem Abu Salem", "--format", "csv")
    status, out = result.returncode, result.stdout
    assert status == 0
    assert out.splitlines()[1].startswith("kerem-shalom,Kerem Shalom,Karem Abu Salem,name,ISR,PSE")
    result = geo(database_url, "gazetteer", "search", "Nowhere-at-all")
    status, out = result.returncode, result.stdout
    assert status == 1
    assert "no place in the gazetteer has a name like 'Nowhere-at-all'" in out
    reports = tmp_path / "reports.csv"
    reports.write_text(
        "crossing_id,date,claimant,controller,status,side,source,attribution,url,confidence,note\n"
        "unlocode-ca-eme,2024-05-05,,,sealed,,CBP,,,high,\n",
        encoding="utf-8",
    )
    result = geo(database_url, "import", str(reports), "--as", "editor")
    status, err = result.returncode, result.stderr
    assert status == 1
    assert "add it from the gazetteer first" in err
    result = geo(database_url, "gazetteer", "add", "Emerson", "--region", "canada-usa", "--as", "editor")
    status, out = result.returncode, result.stdout
    assert status == 0, out
    assert "1 new crossings" in out
    result = geo(database_url, "import", str(reports), "--as", "editor")
    status, out = result.returncode, result.stdout
    assert status == 0
    result = geo(database_url, "status", "--date", "2024-05-05", "--format", "csv")
    status, out = result.returncode, result.stdout
    assert "unlocode-ca-eme,Emerson" in out


def test_the_cli_imports_an_osm_export_into_the_gazetteer_saying_what_it_left_out(database_url: str) -> None:
    geojson = str(HERE / "osm_border_controls.geojson")
    result = geo(database_url, "gazetteer", "import", geojson, "--as", "editor")
    status, out = result.returncode, result.stdout
    assert status == 0, out
    assert "2 entries left out:" in out
    assert "repeats an earlier point" in out
    assert "2 new gazetteer" in out
    result = geo(database_url, "gazetteer", "search", "Droichead na Banna", "--format", "csv")
    status, out = result.returncode, result.stdout
    assert status == 0
    assert "osm-node-101,Bridgend Customs" in out
    # The same file again adds nothing.
    result = geo(database_url, "gazetteer", "import", geojson, "--as", "editor")
    status, out = result.returncode, result.stdout
    assert status == 0
    assert "nothing to commit" in out
