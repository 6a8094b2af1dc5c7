"""Uploads: every problem named with its line, column and value, and what spreadsheets export read right."""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from geo.atlas import Atlas
from geo.csvsafe import neutralise
from geo.dates import DayWindow
from geo.errors import UnmappedColumnsError, ValidationError
from geo.ingest.columns import KIND_COLUMNS, ColumnMapping
from geo.ingest.preview import known_in
from geo.ingest.rules import RULES, Rows, normalise
from geo.ingest.seed import open_store
from geo.ingest.upload import Known, Upload, read_upload
from geo.settings import SEEDS_DIR, UploadLimits, load_settings
from tests.conftest import FIXTURES

BAD_UPLOADS = sorted(p for p in (FIXTURES / "uploads").iterdir() if p.is_dir())
HEADER = "crossing_id,date,claimant,controller,status,side,source,attribution,url,confidence,note"
ROW = "torkham,2021-09-20,taliban,taliban,open,AFG,Reuters,,,high,"


@pytest.fixture(scope="module")
def known() -> Iterator[Known]:
    store, _ = open_store("sqlite://", seeds=SEEDS_DIR)
    yield known_in(Atlas.load(store))
    store.close()


def expected_problems(case: Path) -> list[tuple[int, str, str, str | None]]:
    """``line:column:fragment of the message``, optionally ending ``:=value`` (backslash escapes allowed)."""
    rows = []
    for line in (case / "expected.txt").read_text(encoding="utf-8").splitlines():
        number, column, fragment = line.split(":", 2)
        fragment, _, value = fragment.partition(":=")
        # Escapes such as \x00 are read; any other character stands for itself.
        unescaped = codecs.decode(value.encode("latin-1", "backslashreplace"), "unicode_escape")
        rows.append((int(number), column, fragment, unescaped if value else None))
    return rows


@pytest.mark.parametrize("case", BAD_UPLOADS, ids=[p.name for p in BAD_UPLOADS])
def test_bad_upload_is_refused_with_exactly_its_expected_problems(case: Path, known: Known) -> None:
    with pytest.raises(ValidationError) as raised:
        read_upload((case / "upload.csv").read_bytes(), file="upload.csv", known=known)
    found = raised.value.problems
    expected = expected_problems(case)
    assert [(p.line, p.column) for p in found] == [(line, column) for line, column, _, _ in expected], [
        str(p) for p in found
    ]
    for (_, _, fragment, value), problem in zip(expected, found, strict=True):
        assert fragment in problem.message, str(problem)
        assert value is None or problem.value == value, str(problem)
        assert problem.file == "upload.csv"


def test_there_are_at_least_thirty_kinds_of_bad_file() -> None:
    assert len(BAD_UPLOADS) >= 30


def test_a_problem_names_the_value_it_is_about(known: Known) -> None:
    data = f"{HEADER}\n{ROW.replace('torkham', 'torkam')}\n".encode()
    with pytest.raises(ValidationError) as raised:
        read_upload(data, file="f.csv", known=known)
    assert str(raised.value.problems[0]) == (
        "f.csv:2: column 'crossing_id': no crossing has this id; did you mean 'torkham'? (value 'torkam')"
    )


@pytest.mark.parametrize(
    ("label", "data"),
    [
        ("utf-8", f"{HEADER}\n{ROW}\n".encode()),
        ("utf-8 with BOM", codecs.BOM_UTF8 + f"{HEADER}\n{ROW}\n".encode()),
        ("utf-16 with BOM", f"{HEADER}\r\n{ROW}\r\n".encode("utf-16")),
        ("utf-16-le without BOM", f"{HEADER}\r\n{ROW}\r\n".encode("utf-16-le")),
        ("windows-1252", f"{HEADER}\n{ROW}Fermé à midi\n".encode("cp1252")),
        ("semicolons", f"{HEADER.replace(',', ';')}\n{ROW.replace(',', ';')}\n".encode()),
        ("tabs", f"{HEADER.replace(',', chr(9))}\n{ROW.replace(',', chr(9))}\n".encode()),
        ("quoted newline", f'{HEADER}\n{ROW}"first line\nsecond line"\n'.encode()),
        ("stray blank lines", f"\n{HEADER}\n\n{ROW}\n\n\n".encode()),
        ("header case and spaces", f"{HEADER.replace('crossing_id', ' Crossing ID').upper()}\n{ROW}\n".encode()),
        ("day-first date", f"{HEADER}\n{ROW.replace('2021-09-20', '20/09/2021')}\n".encode()),
        ("month-first date", f"{HEADER}\n{ROW.replace('2021-09-20', '9/20/2021')}\n".encode()),
        ("date with midnight", f"{HEADER}\n{ROW.replace('2021-09-20', '20.09.2021 00:00')}\n".encode()),
    ],
)
def test_what_spreadsheets_export_reads_as_the_same_report(label: str, data: bytes, known: Known) -> None:
    upload = read_upload(data, file="f.csv", known=known)
    row = upload.frame().iloc[0]
    assert (row["crossing_id"], row["date"], row["status"], row["source"]) == (
        "torkham",
        "2021-09-20",
        "open",
        "Reuters",
    )
    assert len(upload) == 1


def test_quoted_newlines_keep_the_line_numbers_of_later_rows(known: Known) -> None:
    data = f'{HEADER}\n{ROW}"one\ntwo\nthree"\n{ROW.replace("open", "shut")}\n'.encode()
    with pytest.raises(ValidationError) as raised:
        read_upload(data, file="f.csv", known=known)
    assert [(p.line, p.column) for p in raised.value.problems] == [(5, "status")]


def test_windows_1252_text_is_kept_exactly(known: Known) -> None:
    data = f"{HEADER}\n{ROW}Fermé à midi – “officially”\n".encode("cp1252")
    upload = read_upload(data, file="f.csv", known=known)
    assert upload.frame()["note"].iloc[0] == "Fermé à midi – “officially”"
    assert upload.encoding == "cp1252"


def test_semicolon_files_may_use_decimal_commas_for_coordinates(known: Known) -> None:
    header = "crossing_id;name;country_a;country_b;name_a;name_b;lat;lon;region;note"
    data = f"{header}\nnew-gate;New Gate;AFG;PAK;;;30,95;66,40;afghanistan-2021;\n".encode()
    upload = read_upload(data, file="f.csv", known=known)
    assert (upload.frame()["lat"].iloc[0], upload.frame()["lon"].iloc[0]) == ("30.95", "66.40")


def test_a_file_over_the_size_cap_is_refused_before_it_is_read(known: Known) -> None:
    with pytest.raises(ValidationError, match=r"over the 0\.0 MB upload limit"):
        read_upload(b"x" * 2_000, file="f.csv", known=known, limits=UploadLimits(max_bytes=1_000))


def test_a_file_over_the_row_cap_is_refused(known: Known) -> None:
    data = (HEADER + "\n" + "\n".join([ROW] * 5) + "\n").encode()
    with pytest.raises(ValidationError) as raised:
        read_upload(data, file="f.csv", known=known, limits=UploadLimits(max_rows=3))
    assert [(p.line, p.message) for p in raised.value.problems] == [(5, "more than 3 rows; split the file")]


def test_foreign_columns_come_with_a_suggested_mapping(known: Known) -> None:
    data = b"Border Crossing Name,Code,Lat,Lon\nGood Neighbor Bridge,ELP-GOOD,31.748,-106.482\n"
    with pytest.raises(UnmappedColumnsError) as raised:
        read_upload(data, file="f.csv", known=known)
    suggestion = raised.value.suggestion
    assert suggestion.kind == "crossings"
    assert {k: (s.how, s.value) for k, s in suggestion.sources.items()} == {
        "crossing_id": ("slug", "Code"),
        "name": ("column", "Border Crossing Name"),
        "lat": ("column", "Lat"),
        "lon": ("column", "Lon"),
    }


def test_a_mapping_with_constants_reads_a_foreign_file(known: Known) -> None:
    data = b"Border Crossing Name,Code,Lat,Lon\nGood Neighbor Bridge,ELP-GOOD,31.748,-106.482\n"
    mapping = ColumnMapping.from_json(
        '{"kind": "crossings", "sources": {"crossing_id": {"how": "slug", "value": "Code"},'
        ' "name": {"how": "column", "value": "Border Crossing Name"}, "lat": {"how": "column", "value": "Lat"},'
        ' "lon": {"how": "column", "value": "Lon"}, "country_a": {"how": "constant", "value": "USA"},'
        ' "country_b": {"how": "constant", "value": "MEX"}, "region": {"how": "constant", "value": "texas-mexico"}}}'
    )
    upload = read_upload(data, file="f.csv", known=known, mapping=mapping)
    row = upload.frame().iloc[0]
    assert (row["crossing_id"], row["country_a"], row["region"], row["note"]) == ("elp-good", "USA", "texas-mexico", "")


def test_a_mapping_missing_a_required_column_says_which(known: Known) -> None:
    mapping = ColumnMapping.from_json('{"kind": "crossings", "sources": {"lat": {"how": "column", "value": "lat"}}}')
    with pytest.raises(ValidationError) as raised:
        read_upload(b"lat,lon\n1,2\n", file="f.csv", known=known, mapping=mapping)
    missing = {p.column for p in raised.value.problems if "required column is missing" in p.message}
    # A crossing may have no coordinate (no source places it): lon is not required, though lat without it is refused.
    assert missing == {"crossing_id", "name", "country_a", "country_b", "region"}


def test_a_party_written_by_its_display_name_reads_as_its_id_with_a_notice(known: Known) -> None:
    rows = [
        "torkham,2021-09-20,Taliban,taliban,open,AFG,Reuters,,,high,",
        "torkham,2021-09-21,pakistan,  AFGHAN   government ,open,AFG,Reuters,,,high,",
        "torkham,2021-09-22,TALIBAN,Taliban,open,AFG,Reuters,,,high,",
    ]
    upload = read_upload(("\n".join([HEADER, *rows]) + "\n").encode(), file="f.csv", known=known)
    frame = upload.frame()
    assert list(frame["claimant"]) == ["taliban", "pakistan", "taliban"]
    assert list(frame["controller"]) == ["taliban", "afghan-government", "taliban"]
    assert upload.notices == (
        "claimant 'Taliban' is the name of party 'taliban'; read as 'taliban' (line 2)",
        "claimant 'TALIBAN' is the name of party 'taliban'; read as 'taliban' (line 4)",
        "controller 'AFGHAN   government' is the name of party 'afghan-government'; read as 'afghan-government'"
        " (line 3)",
        "controller 'Taliban' is the name of party 'taliban'; read as 'taliban' (line 4)",
    )


def test_a_name_that_two_parties_share_is_not_guessed(known: Known) -> None:
    twins = pd.DataFrame(
        {
            "party_id": ["army-north", "army-south"],
            "name": ["The Army", "the  army"],
            "color": [None, None],
            "kind": ["state", "state"],
        }
    )
    ambiguous = Known(crossings=known.crossings, parties=pd.concat([known.parties, twins], ignore_index=True))
    data = f"{HEADER}\n{ROW.replace('taliban,taliban', 'The Army,taliban')}\n".encode()
    with pytest.raises(ValidationError) as raised:
        read_upload(data, file="f.csv", known=ambiguous)
    assert [(p.line, p.column, p.value) for p in raised.value.problems] == [(2, "claimant", "The Army")]


def test_a_name_that_matches_no_party_is_still_refused(known: Known) -> None:
    data = f"{HEADER}\n{ROW.replace('taliban,taliban', 'Talibans,taliban')}\n".encode()
    with pytest.raises(ValidationError) as raised:
        read_upload(data, file="f.csv", known=known)
    assert [(p.line, p.column) for p in raised.value.problems] == [(2, "claimant")]


def test_a_control_character_in_a_column_made_into_an_id_is_refused_not_dropped(known: Known) -> None:
    data = b"Border Crossing Name,Code,Lat,Lon\nGood Neighbor Bridge,ELP\x00GOOD,31.748,-106.482\n"
    mapping = ColumnMapping.from_json(
        '{"kind": "crossings", "sources": {"crossing_id": {"how": "slug", "value": "Code"},'
        ' "name": {"how": "column", "value": "Border Crossing Name"}, "lat": {"how": "column", "value": "Lat"},'
        ' "lon": {"how": "column", "value": "Lon"}, "country_a": {"how": "constant", "value": "USA"},'
        ' "country_b": {"how": "constant", "value": "MEX"}, "region": {"how": "constant", "value": "texas-mexico"}}}'
    )
    with pytest.raises(ValidationError) as raised:
        read_upload(data, file="f.csv", known=known, mapping=mapping)
    assert [(p.line, p.column, p.value) for p in raised.value.problems] == [(2, "crossing_id", "ELP\x00GOOD")]
    assert "U+0000 (NUL)" in raised.value.problems[0].message


def test_the_earliest_report_day_follows_the_environment(known: Known, monkeypatch: pytest.MonkeyPatch) -> None:
    data = f"{HEADER}\n{ROW.replace('2021-09-20', '1999-12-31')}\n".encode()
    assert len(read_upload(data, file="f.csv", known=known)) == 1
    monkeypatch.setenv("BORDERWATCH_EARLIEST_DAY", "2000-01-01")
    with pytest.raises(ValidationError) as raised:
        read_upload(data, file="f.csv", known=known)
    assert [(p.line, p.column, p.value) for p in raised.value.problems] == [(2, "date", "1999-12-31")]
    assert "2000-01-01" in raised.value.problems[0].message


@pytest.mark.parametrize("value", ["1900", "01/01/1900", "1900-13-01", "soon"])
def test_an_earliest_report_day_that_is_not_a_date_is_refused_by_name(value: str) -> None:
    with pytest.raises(ValueError, match="BORDERWATCH_EARLIEST_DAY must be a date"):
        load_settings({"BORDERWATCH_EARLIEST_DAY": value})


@pytest.mark.parametrize(
    ("today", "last_accepted"),
    [(date(2026, 12, 1), date(2027, 12, 1)), (date(2028, 2, 29), date(2029, 2, 28))],
)
def test_the_latest_report_day_is_a_year_after_today(today: date, last_accepted: date) -> None:
    window = DayWindow.around(date(1900, 1, 1), today=today)
    assert window.problem(last_accepted) is None
    assert window.problem(last_accepted + timedelta(days=1)) is not None
    assert window.problem(date(1899, 12, 31)) is not None


def test_a_header_wider_than_the_limit_is_refused_at_once_in_one_problem(known: Known) -> None:
    header = ",".join(f"c{i}" for i in range(100_000))
    with pytest.raises(ValidationError) as raised:
        read_upload(f"{header}\n{header}\n".encode(), file="f.csv", known=known, limits=UploadLimits(max_columns=200))
    assert [(p.line, p.column) for p in raised.value.problems] == [(1, "")]
    assert "the header has 100,000 columns, more than the 200 accepted" in raised.value.problems[0].message


def test_a_wide_header_within_the_limit_names_each_repeated_column_once(known: Known) -> None:
    header = ",".join([HEADER] + ["extra"] * 3_000 + ["note"])
    with pytest.raises(ValidationError) as raised:
        read_upload(f"{header}\n".encode(), file="f.csv", known=known, limits=UploadLimits(max_columns=5_000))
    repeated = [p.column for p in raised.value.problems if "more than once" in p.message]
    assert repeated == ["extra", "note"]


@pytest.mark.parametrize(
    ("name", "message"),
    [("a" * 497 + ".csv", "too long: 501 characters, at most 500"), ("up\x00load.csv", "U+0000 (NUL)")],
    ids=["501 characters", "NUL"],
)
def test_a_file_name_the_database_cannot_store_is_refused(known: Known, name: str, message: str) -> None:
    data = f"{HEADER}\n{ROW}\n".encode()
    assert len(read_upload(data, file="a" * 496 + ".csv", known=known)) == 1
    with pytest.raises(ValidationError) as raised:
        read_upload(data, file=name, known=known)
    assert [p.line for p in raised.value.problems] == [0]
    assert "the file's name" in raised.value.problems[0].message
    assert message in raised.value.problems[0].message


EVERY_COLUMN = [(kind, column.name) for kind, columns in KIND_COLUMNS.items() for column in columns]


@pytest.mark.parametrize(("kind", "column"), EVERY_COLUMN, ids=[f"{k}.{c}" for k, c in EVERY_COLUMN])
def test_every_column_of_every_kind_has_a_rule_that_checks_something(kind: str, column: str) -> None:
    # A new column without a row in the table fails here, not silently in production.
    rule = RULES[column]
    assert rule.check is not None or rule.text, f"{kind}.{column} has a rule that refuses nothing"
    assert rule.max_length > 0


def test_the_rule_table_holds_no_column_that_no_file_has() -> None:
    assert set(RULES) == {column for _, column in EVERY_COLUMN}


@pytest.mark.parametrize(
    ("column", "written", "delimiter", "stored"),
    [
        ("date", "20/09/2021", ",", "2021-09-20"),
        ("date", "20.09.2021 00:00", ";", "2021-09-20"),
        ("date", "2021-13-01", ",", "2021-13-01"),
        ("lat", "30,95", ";", "30.95"),
        ("lat", "30,95", ",", "30,95"),
        ("side", "afg", ",", "AFG"),
        ("country_a", "pak", ";", "PAK"),
        ("country_a", "pakistan", ";", "pakistan"),
        ("note", "Fermé, 20/09/2021", ";", "Fermé, 20/09/2021"),
        ("date", "2021-09-20\x1c00:00", ",", "2021-09-20\x1c00:00"),
    ],
    ids=[
        "day-first date",
        "date with midnight",
        "unreadable date kept to be refused",
        "decimal comma in a semicolon file",
        "a comma in a comma file is no decimal comma",
        "side in capitals",
        "country in capitals",
        "a name is no code",
        "free text as written",
        "a control character is never normalised away",
    ],
)
def test_cells_are_written_in_their_stored_form_in_new_rows(
    column: str, written: str, delimiter: str, stored: str
) -> None:
    rows = Rows(file="f.csv", columns={column: [written]}, lines=[2])
    normal = normalise(rows, delimiter)
    assert list(normal.columns[column]) == [stored]
    assert list(rows.columns[column]) == [written], "the rows as written are left as they were"


def test_a_read_upload_cannot_be_rewritten(known: Known) -> None:
    upload = read_upload(f"{HEADER}\n{ROW}\n".encode(), file="f.csv", known=known)
    assert isinstance(upload, Upload)
    with pytest.raises(AttributeError):
        upload.table = pd.DataFrame()  # type: ignore[misc]
    frame = upload.frame()
    frame.loc[0, "note"] = "changed by a caller"
    assert upload.frame().loc[0, "note"] == "", "a caller's change to the frame never reaches the upload"
    assert upload.notes == ("read as utf-8, comma-separated",)


@pytest.mark.parametrize(
    "cell",
    ["=1+1", "+A1", "-2+3", "- 1+1", "@SUM(A1)", "-cmd|' /C calc'!A0", "-31.5", "+5", "-1e-05", "a=b", "Reuters"],
)
def test_an_upload_refuses_in_free_text_exactly_what_an_export_would_neutralise(known: Known, cell: str) -> None:
    data = f"{HEADER}\n{ROW}\n".replace(",high,\n", f",high,{cell}\n").encode()
    try:
        read_upload(data, file="f.csv", known=known)
        refused = False
    except ValidationError as error:
        assert [(p.column, p.value) for p in error.problems] == [("note", cell)]
        assert "starts like a spreadsheet formula" in error.problems[0].message
        refused = True
    assert refused == (neutralise(cell) != cell)


def test_without_limits_an_upload_holds_to_the_environments_caps(known: Known, monkeypatch: pytest.MonkeyPatch) -> None:
    data = (HEADER + "\n" + "\n".join([ROW] * 5) + "\n").encode()
    assert len(read_upload(data, file="f.csv", known=known)) == 5
    monkeypatch.setenv("BORDERWATCH_UPLOAD_MAX_ROWS", "3")
    with pytest.raises(ValidationError) as raised:
        read_upload(data, file="f.csv", known=known)
    assert [(p.line, p.message) for p in raised.value.problems] == [(5, "more than 3 rows; split the file")]
