"""``python -m geo`` called in-process with hostile input: names, files, pipes, output folders and cells.

Every refusal is one line on stderr and an exit status, the same on SQLite and PostgreSQL, and the
database is left as it was.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from geo.cli import main
from geo.ingest.commit import add_frames
from geo.ingest.seed import open_store
from geo.settings import SEEDS_DIR

pytestmark = pytest.mark.each_database

HEADER = "crossing_id,date,claimant,controller,status,side,source,attribution,url,confidence,note\n"
ROW = "torkham,2021-09-20,pakistan,taliban,open,AFG,Dawn,,,high,\n"
MAPPING = '{"kind": "crossings", "sources": {"name": {"how": "column", "value": "Name"}}}'


@pytest.fixture
def database(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """A seeded database that the in-process CLI uses."""
    store, _ = open_store(database_url, seeds=SEEDS_DIR)
    store.close()
    monkeypatch.setenv("DATABASE_URL", database_url)
    return database_url


def table_counts(url: str) -> tuple[int, int, int]:
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    try:
        with engine.connect() as conn:
            return tuple(  # type: ignore[return-value]
                int(conn.execute(sa.text(f"select count(*) from {t}")).scalar_one())
                for t in ("batches", "reports", "import_profiles")
            )
    finally:
        engine.dispose()


def one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert "Traceback" not in captured.err
    return lines[0]


@pytest.fixture
def upload(tmp_path: Path) -> Path:
    path = tmp_path / "update.csv"
    path.write_text(HEADER + ROW, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as", "a" * 201], "the name is too long: 201 characters, at most 200"),
        (["--as", "al\x00ice"], "the name holds the control character U+0000 (NUL) at character 3"),
        (["--as", "bob\x1b[2J"], "the name holds the control character U+001B"),
        (["--as", "   "], "the name is empty"),
        (["--as", "a", "--profile", "p" * 101], "the profile's name is too long: 101 characters, at most 100"),
    ],
    ids=["--as over 200", "--as with NUL", "--as with ESC", "--as blank", "--profile over 100"],
)
def test_a_name_the_database_cannot_store_is_refused_before_it_is_asked(
    database: str, upload: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    before = table_counts(database)
    assert main(["import", str(upload), *args]) == 2
    assert message in one_line_error(capsys)
    assert table_counts(database) == before


@pytest.mark.parametrize(
    ("name", "who", "message"),
    [
        ("p" * 101, "alice", "the profile's name is too long: 101 characters, at most 100"),
        ("txdot", "a" * 201, "the name is too long: 201 characters, at most 200"),
        ("tx\x00dot", "alice", "the profile's name holds the control character U+0000 (NUL)"),
    ],
    ids=["name over 100", "--as over 200", "name with NUL"],
)
def test_a_profile_the_database_cannot_store_is_refused_in_one_line(
    database: str, capsys: pytest.CaptureFixture[str], name: str, who: str, message: str
) -> None:
    before = table_counts(database)
    assert main(["profile", name, "--mapping", MAPPING, "--as", who]) == 2
    assert message in one_line_error(capsys)
    assert table_counts(database) == before


def test_a_mapping_holding_a_nul_is_refused_before_the_database_sees_it(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = table_counts(database)
    mapping = MAPPING.replace('"Name"', '"Na\\u0000me"')
    assert main(["profile", "txdot", "--mapping", mapping, "--as", "alice"]) == 2
    assert "control character U+0000 (NUL)" in one_line_error(capsys)
    assert table_counts(database) == before


def test_the_store_itself_refuses_a_name_too_long_for_the_database(database: str) -> None:
    from geo.errors import BadLabelError

    store, _ = open_store(database)
    try:
        with pytest.raises(BadLabelError, match="at most 200"):
            store.revert(1, created_by="a" * 201)
    finally:
        store.close()
    assert table_counts(database)[0] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["import", "{tmp}/missing.csv", "--as", "a"], "no such file: '{tmp}/missing.csv'"),
        (["import", "{tmp}", "--as", "a"], "'{tmp}' is a folder, not a file"),
        (
            ["export", "--date", "2021-07-14", "--format", "csv", "--out", "{tmp}/nowhere/x.csv"],
            "the folder '{tmp}/nowhere' does not exist",
        ),
        (
            ["render", "--date", "2021-07-14", "--out", "{tmp}/nowhere/x.png"],
            "the folder '{tmp}/nowhere' does not exist",
        ),
        (["html", "--out", "{tmp}"], "it is a folder"),
        (["synth", "--crossings", "-1", "--reports", "5"], "expected a whole number of at least 1, got '-1'"),
        (["synth", "--crossings", "1_0", "--reports", "5"], "got '1_0'"),
        (["synth", "--crossings", "2", "--reports", "-3"], "at least 0, got '-3'"),
    ],
    ids=[
        "missing file",
        "folder as input",
        "export into a missing folder",
        "render into a missing folder",
        "html onto a folder",
        "negative crossings",
        "1_0 crossings",
        "negative reports",
    ],
)
def test_a_bad_path_or_count_is_one_line_and_exit_2(
    database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    before = table_counts(database)
    assert main([a.format(tmp=tmp_path) for a in args]) == 2
    assert message.format(tmp=tmp_path) in one_line_error(capsys)
    assert table_counts(database) == before


@pytest.mark.each_database("sqlite")
def test_a_device_is_held_to_the_size_cap_while_it_is_read(
    database: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BORDERWATCH_UPLOAD_MAX_MB", "1")
    assert main(["import", "/dev/zero", "--as", "a"]) == 1
    err = capsys.readouterr().err
    assert "larger than the 1.0 MB upload limit; reading stopped there" in err
    assert table_counts(database)[0] == 1


@pytest.mark.each_database("sqlite")
def test_a_pipe_within_the_cap_imports(database: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import os
    import threading

    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_text(HEADER + ROW, encoding="utf-8"))
    writer.start()
    assert main(["import", str(fifo), "--as", "a"]) == 0, capsys.readouterr().err
    writer.join()
    assert "committed as batch 2" in capsys.readouterr().out


def test_a_file_that_only_repeats_stored_rows_commits_nothing_and_says_so(
    database: str, upload: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(upload), "--as", "a"]) == 0
    capsys.readouterr()
    before = table_counts(database)
    assert main(["import", str(upload), "--as", "a"]) == 0
    out = capsys.readouterr().out
    assert "nothing to commit" in out and "committed as batch" not in out
    assert table_counts(database) == before


def test_lines_repeating_an_earlier_line_are_shown_in_the_preview(
    database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "twice.csv"
    path.write_text(HEADER + ROW + ROW, encoding="utf-8")
    assert main(["import", str(path), "--as", "a", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "1 new reports" in out and "1 repeating an earlier line of the file" in out
    assert "lines repeating an earlier line, skipped: 3" in out


HOSTILE = '=HYPERLINK("http://evil.example/","click")'


def store_directly(url: str, *, crossing: dict[str, object], report: dict[str, object]) -> None:
    """Rows written past the upload checks (as a copy or an older version could have), to test the output alone."""
    store, _ = open_store(url)
    try:
        rows = {
            "crossings": store.crossings().iloc[0:1].assign(**crossing),
            "reports": store.reports().iloc[0:1].drop(columns=["report_id", "batch_id"]).assign(**report),
        }
        add_frames(store, rows, kind="synthetic", created_by="test")
    finally:
        store.close()


@pytest.mark.parametrize("command", [["history", "evil-gate"], ["batches"], ["status", "--date", "2021-09-20"]])
def test_csv_output_is_as_safe_as_export(
    database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    store_directly(
        database,
        crossing={"crossing_id": "evil-gate", "name": HOSTILE},
        report={"crossing_id": "evil-gate", "source": HOSTILE, "attribution": "+1+1", "note": "-2+3"},
    )
    path = tmp_path / "=1+1.csv"
    path.write_text(HEADER + ROW, encoding="utf-8")
    assert main(["import", str(path), "--as", "+cmd|' /C calc'!A0"]) == 0, capsys.readouterr().err
    capsys.readouterr()
    assert main([*command, "--format", "csv"]) == 0
    cells = [cell for row in csv.reader(io.StringIO(capsys.readouterr().out)) for cell in row]
    assert cells
    for cell in cells:
        # Anything starting like a formula is text, except a plain number (a latitude stays a number).
        if cell[:1] in ("=", "+", "-", "@"):
            float(cell)
    expected = {"history": ["'" + HOSTILE, "'+1+1", "'-2+3"], "batches": ["'=1+1.csv", "'+cmd|' /C calc'!A0"]}
    assert set(expected.get(command[0], ["'" + HOSTILE])) <= set(cells)


def test_table_output_escapes_control_characters(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    hostile = "bell\x07 escape\x1b[31mred\u202e\x9b"
    store_directly(
        database,
        crossing={"crossing_id": "evil-gate", "name": hostile},
        report={"crossing_id": "evil-gate", "note": hostile},
    )
    assert main(["history", "evil-gate"]) == 0
    out = capsys.readouterr().out
    assert not any(c in out for c in "\x07\x1b\u202e\x9b")
    assert "bell\\x07 escape\\x1b[31mred\\u202e\\x9b" in out
    assert main(["status", "--date", "2021-09-20"]) == 0
    assert "bell\\x07 escape" in capsys.readouterr().out
    assert main(["history", "evil-gate", "--format", "json"]) == 0
    assert [r["note"] for r in json.loads(capsys.readouterr().out)] == [hostile]


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "3021-07-14"])
def test_geo_import_refuses_a_far_off_date_with_its_line_and_writes_nothing(
    database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], day: str
) -> None:
    path = tmp_path / "typo.csv"
    path.write_text(HEADER + ROW + ROW.replace("2021-09-20", day), encoding="utf-8")
    before = table_counts(database)
    assert main(["import", str(path), "--as", "a"]) == 1
    err = capsys.readouterr().err
    assert "typo.csv:3: column 'date': the date is outside the accepted range 1900-01-01 to" in err
    assert f"(value '{day}')" in err
    assert table_counts(database) == before
