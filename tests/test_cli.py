"""``python -m geo``: init, status and history, on SQLite and on PostgreSQL, with errors as one line and exit 2.

The commands run in-process through :func:`geo.cli.main`, as ``python -m geo`` calls it: a new
interpreter costs seconds of imports per call. A few smoke tests start the real ``python -m geo``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

from geo.cli import main
from geo.settings import PROJECT_ROOT
from tests import postgres

pytestmark = pytest.mark.each_database


@dataclass(frozen=True)
class Result:
    """What a shell sees of one command: its exit status and what it printed."""

    returncode: int
    stdout: str
    stderr: str


@contextmanager
def _database_url(url: str) -> Iterator[None]:
    """``DATABASE_URL`` set to ``url`` for the block, as the shell sets it for one command."""
    before = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = url
    try:
        yield
    finally:
        if before is None:
            del os.environ["DATABASE_URL"]
        else:
            os.environ["DATABASE_URL"] = before


def geo(database_url: str, *args: str) -> Result:
    """``DATABASE_URL=database_url python -m geo ARGS``, run in this process."""
    out, err = io.StringIO(), io.StringIO()
    with _database_url(database_url), redirect_stdout(out), redirect_stderr(err):
        status = main(list(args))
    return Result(status, out.getvalue(), err.getvalue())


def geo_process(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m geo ARGS`` in a new interpreter, for what only a real process shows."""
    env = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.run(
        [sys.executable, "-m", "geo", *args], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_init_seeds_once_and_is_idempotent(database_url: str) -> None:
    first = geo(database_url, "init")
    second = geo(database_url, "init")
    assert first.returncode == second.returncode == 0
    assert "seeded as batch 1" in first.stdout
    assert "already seeded, nothing added" in second.stdout
    assert json.loads(first.stdout.split("; ")[-1]) == json.loads(second.stdout.split("; ")[-1])


def test_status_json_on_the_seed_day(database_url: str) -> None:
    result = geo(database_url, "status", "--date", "2021-07-14", "--format", "json")
    assert result.returncode == 0, result.stderr
    states = {s["crossing_id"]: s for s in json.loads(result.stdout)}
    spin = states["spin-boldak-chaman"]
    assert spin["controller"] is None
    assert spin["controllers"] == ["afghan-government", "taliban"]
    assert spin["contested"] is True
    assert spin["status"] == "sealed"
    assert spin["last_report"] == "2021-07-14"
    for field in ("name", "lat", "lon", "confirmed", "status_disputed", "stale"):
        assert field in spin
    # Each side: the Afghan side disputed, the Pakistani side Pakistan's own and sealed, and deciding.
    assert (spin["country_a"], spin["a_controllers"], spin["a_contested"]) == (
        "AFG",
        ["afghan-government", "taliban"],
        True,
    )
    assert (spin["country_b"], spin["b_controllers"], spin["b_presumed"]) == ("PAK", [], "pakistan")
    assert (spin["a_status"], spin["b_status"], spin["status_side"]) == ("unknown", "sealed", "PAK")


def test_status_as_a_table_keeps_the_crossings_own_columns(database_url: str) -> None:
    header = geo(database_url, "status", "--date", "2021-07-14").stdout.splitlines()[0].split()
    assert "status_side" in header and not any(name.startswith(("a_", "b_")) for name in header)


def test_status_the_day_after_is_taliban_confirmed(database_url: str) -> None:
    result = geo(database_url, "status", "--date", "2021-07-15", "--format", "json")
    spin = next(s for s in json.loads(result.stdout) if s["crossing_id"] == "spin-boldak-chaman")
    assert (spin["controller"], spin["contested"], spin["confirmed"]) == ("taliban", False, True)


def test_status_csv_has_a_header_and_one_row_per_crossing(database_url: str) -> None:
    lines = geo(database_url, "status", "--date", "2021-07-14", "--format", "csv").stdout.splitlines()
    assert lines[0].startswith("crossing_id,name,lat,lon,controller,controllers")
    assert any(line.startswith("spin-boldak-chaman,") and "afghan-government|taliban" in line for line in lines)


def test_status_table_is_aligned_text(database_url: str) -> None:
    out = geo(database_url, "status", "--date", "2021-07-14").stdout
    assert out.splitlines()[0].split()[:3] == ["crossing_id", "name", "lat"]
    assert "spin-boldak-chaman" in out


def test_history_lists_reports_oldest_first(database_url: str) -> None:
    result = geo(database_url, "history", "spin-boldak-chaman", "--format", "json")
    reports = json.loads(result.stdout)
    dates = [r["date"] for r in reports]
    assert dates == sorted(dates)
    assert sum(1 for r in reports if r["date"] == "2021-07-14") >= 5


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["status", "--date", "2021-13-01"], "2021-13-01"),
        (["status", "--date", "14/07/2021"], "14/07/2021"),
        (["history", "nowhere"], "nowhere"),
    ],
    ids=["impossible date", "day-first date", "unknown crossing"],
)
def test_bad_arguments_give_one_line_naming_them_and_exit_2(database_url: str, args: list[str], named: str) -> None:
    result = geo(database_url, *args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert named in result.stderr


@pytest.mark.each_database("sqlite")
def test_python_m_geo_starts_and_prints_to_the_shell(database_url: str) -> None:
    ready = geo_process(database_url, "init")
    assert ready.returncode == 0, ready.stderr
    assert "seeded as batch 1" in ready.stdout
    status = geo_process(database_url, "status", "--date", "2021-07-14", "--format", "csv")
    assert status.returncode == 0, status.stderr
    assert status.stdout.startswith("crossing_id,name,lat,lon,")


@pytest.mark.each_database("sqlite")
def test_python_m_geo_exit_status_of_a_bad_argument_reaches_the_shell(database_url: str) -> None:
    result = geo_process(database_url, "status", "--date", "2021-13-01")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [result.stderr.strip()] and "2021-13-01" in result.stderr


@pytest.mark.each_database("sqlite")
def test_the_installed_borderwatch_command_runs_outside_the_checkout(database_url: str, tmp_path: Path) -> None:
    command = Path(sys.executable).parent / "borderwatch"
    assert command.exists(), "make install puts the project's command in .venv/bin; run it again"
    assert geo(database_url, "init").returncode == 0
    # From another folder: the command finds the library and its data without the checkout as cwd.
    status = subprocess.run(
        [command, "status", "--date", "2021-07-14", "--format", "json"],
        cwd=tmp_path,
        env={**os.environ, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert status.returncode == 0, status.stderr
    in_process = geo(database_url, "status", "--date", "2021-07-14", "--format", "json")
    assert json.loads(status.stdout) == json.loads(in_process.stdout)
    helped = subprocess.run([command, "--help"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert helped.returncode == 0
    assert helped.stdout.startswith("usage: borderwatch ")


def _connections_to(database_url: str) -> int:
    """How many connections are open to the database: PostgreSQL's sessions, or this process's handles on the file."""
    url = sa.make_url(database_url)
    if url.get_backend_name() == "sqlite":
        path = Path(url.database or "").resolve()
        return sum(1 for fd in Path("/proc/self/fd").iterdir() if Path(os.path.realpath(fd)) == path)
    engine = sa.create_engine(postgres.server_url(), poolclass=sa.NullPool)
    try:
        with engine.connect() as conn:
            query = sa.text("select count(*) from pg_stat_activity where datname = :name")
            return int(conn.execute(query, {"name": url.database}).scalar_one())
    finally:
        engine.dispose()


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts open files through /proc")
@pytest.mark.parametrize(
    "args", [["init"], ["status", "--date", "2021-07-14"], ["history", "torkham"], ["batches"], ["unlock", "someone"]]
)
def test_a_command_called_in_process_leaves_no_connection_open(database_url: str, args: list[str]) -> None:
    assert geo(database_url, "init").returncode == 0
    result = geo(database_url, *args)
    assert result.returncode == 0, result.stderr
    assert _connections_to(database_url) == 0


AUTHORISATION_FILE = (
    "issuer,crossings,traffic,effect,start_date,end_date,title,source,attribution,url,confidence,note\n"
    "pakistan,spin-boldak-chaman|torkham,people,permits,2021-07-10,2021-07-31,Passage for stranded travellers,"
    "Dawn,Interior ministry,https://example.org/dawn,medium,\n"
)


def test_an_authorisation_file_imports_and_reads_back_in_force_with_its_days_left(
    database_url: str, tmp_path: Path
) -> None:
    upload = tmp_path / "authorisations.csv"
    upload.write_text(AUTHORISATION_FILE, encoding="utf-8")
    imported = geo(database_url, "import", str(upload), "--as", "editor")
    assert imported.returncode == 0, imported.stderr
    result = geo(database_url, "authorisations", "--date", "2021-07-14", "--format", "json")
    assert result.returncode == 0, result.stderr
    # The seed's own authorisations count too; these are the upload's.
    rows = {row["crossing_id"]: row for row in json.loads(result.stdout) if row["issuer"] == "pakistan"}
    assert set(rows) == {"spin-boldak-chaman", "torkham"}
    spin = rows["spin-boldak-chaman"]
    assert (spin["issuer"], spin["effect"], spin["traffic"], spin["in_force"], spin["days_left"]) == (
        "pakistan",
        "permits",
        "people",
        True,
        17,
    )
    status = {
        s["crossing_id"]: s
        for s in json.loads(geo(database_url, "status", "--date", "2021-08-02", "--format", "json").stdout)
    }
    assert (status["torkham"]["authorised"], status["torkham"]["authorisation_lapsed"]) == (False, "2021-07-31")
    assert status["spin-boldak-chaman"]["status_people"] == status["spin-boldak-chaman"]["status"]
    lapsed = json.loads(
        geo(database_url, "authorisations", "--date", "2021-08-02", "--crossing", "torkham", "--format", "json").stdout
    )
    assert [(row["in_force"], row["end_date"]) for row in lapsed if row["issuer"] == "pakistan"] == [
        (False, "2021-07-31")
    ]


def test_authorisations_of_an_unknown_crossing_is_an_error_naming_it(database_url: str) -> None:
    result = geo(database_url, "authorisations", "--date", "2021-07-14", "--crossing", "nowhere")
    assert result.returncode != 0
    assert "nowhere" in result.stderr


def test_status_reads_only_the_reports_graded_at_least_so(database_url: str) -> None:
    result = geo(database_url, "status", "--date", "2021-07-14", "--reliability", "A-B", "--format", "json")
    assert result.returncode == 0, result.stderr
    spin = next(s for s in json.loads(result.stdout) if s["crossing_id"] == "spin-boldak-chaman")
    # The Taliban's own claim (C3) and Kabul's (C4) unread, Pakistan's (B2) holds.
    assert (spin["a_controllers"], spin["a_confirmed"]) == (["taliban"], True)


@pytest.mark.parametrize("grade", ["B-C", "G", "1-3"])
def test_status_refuses_a_grade_range_that_is_not_one(database_url: str, grade: str) -> None:
    result = geo(database_url, "status", "--date", "2021-07-14", "--reliability", grade)
    assert result.returncode == 2
    assert "is not a grade range" in result.stderr


def test_the_state_export_says_who_claims_each_holder_and_which_origins_confirm_it(
    database_url: str, tmp_path: Path
) -> None:
    out = tmp_path / "state.csv"
    assert geo(database_url, "export", "--date", "2021-07-14", "--format", "csv", "--out", str(out)).returncode == 0
    rows = {row["crossing_id"]: row for row in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))}
    assert rows["spin-boldak-chaman"]["corroboration"].startswith(
        "Taliban on the Afghan side: claimed by the Taliban (C3); confirmed by one independent origin, Pakistan (B2)"
    )


def test_status_files_say_who_claims_each_holder_as_the_export_does(database_url: str) -> None:
    states = json.loads(geo(database_url, "status", "--date", "2021-07-14", "--format", "json").stdout)
    spin = next(s for s in states if s["crossing_id"] == "spin-boldak-chaman")
    assert spin["corroboration"] == (
        "Taliban on the Afghan side: claimed by the Taliban (C3); confirmed by one independent origin, Pakistan (B2); "
        "Afghan government on the Afghan side: its own claim only (C4)"
    )
    graded = json.loads(
        geo(database_url, "status", "--date", "2021-07-14", "--credibility", "1-3", "--format", "json").stdout
    )
    # Read as the reports of credibility 1-3 alone tell it, the Afghan government's C4 claim is not among them.
    spin = next(s for s in graded if s["crossing_id"] == "spin-boldak-chaman")
    assert "Afghan government" not in spin["corroboration"]


def test_grade_changes_a_sources_reliability_and_sources_history_shows_who_and_why(database_url: str) -> None:
    result = geo(database_url, "grade", "afp", "a", "--reason", "Its own correspondents at the gate", "--as", "ed")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("afp graded A by batch ")
    history = json.loads(geo(database_url, "sources", "--history", "--format", "json").stdout)
    afp = [row for row in history if row["source_id"] == "afp"]
    assert [(r["reliability"], r["created_by"]) for r in afp] == [("B", "seed"), ("A", "ed")]
    assert afp[-1]["reason"] == "Its own correspondents at the gate"
    sources = {row["source_id"]: row for row in json.loads(geo(database_url, "sources", "--format", "json").stdout)}
    assert sources["afp"]["reliability"] == "A"


def test_grade_of_an_unknown_source_names_the_closest_and_exits_2(database_url: str) -> None:
    result = geo(database_url, "grade", "afx", "A", "--reason", "why", "--as", "ed")
    assert result.returncode == 2
    assert "unknown source 'afx'; did you mean 'afp'?" in result.stderr
