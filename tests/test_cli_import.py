"""``python -m geo import / batches / revert`` against a real SQLite file and a real PostgreSQL database,
including two at once and a kill mid-commit."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from geo.settings import PROJECT_ROOT, SEEDS_DIR
from tests.test_cli import geo

pytestmark = pytest.mark.each_database

HEADER = "crossing_id,date,claimant,controller,status,side,source,attribution,url,confidence,note\n"
CROSSINGS = ("torkham", "spin-boldak-chaman", "islam-qala", "zaranj", "hairatan")


def report_rows(count: int, *, source: str) -> str:
    """``count`` valid report rows about the seed crossings, on days from 2010 to 2019, each row its own note."""
    # The days cycle: a row dated after next year is refused, so a long run of distinct days would be too.
    start = date(2010, 1, 1)
    return "".join(
        f"{CROSSINGS[i % len(CROSSINGS)]},{start + timedelta(days=(i // len(CROSSINGS)) % 3650)},pakistan,taliban,"
        f"{('open', 'restricted', 'sealed')[i % 3]},AFG,{source},,,medium,row {i}\n"
        for i in range(count)
    )


def query(url: str, sql: str) -> list[tuple[int, ...]]:
    """Rows of ``sql`` read through a connection of the test's own, not the store's."""
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    try:
        with engine.connect() as conn:
            return [tuple(int(v) for v in row) for row in conn.exec_driver_sql(sql)]
    finally:
        engine.dispose()


def counts(url: str) -> tuple[int, int]:
    ((batches, reports),) = query(url, "select (select count(*) from batches), (select count(*) from reports)")
    return batches, reports


@pytest.fixture
def database(database_url: str) -> str:
    """A database at ``init``: the seed stored."""
    assert geo(database_url, "init").returncode == 0
    return database_url


def test_import_commits_and_prints_what_changed(database: str, tmp_path: Path) -> None:
    url = database
    upload = tmp_path / "update.csv"
    upload.write_text(HEADER + "torkham,2021-09-20,pakistan,taliban,sealed,PAK,Dawn,,,high,\n")
    result = geo(url, "import", str(upload), "--as", "editor")
    assert result.returncode == 0, result.stderr
    assert (
        "  the Pakistani side of Torkham goes from Pakistan (presumed), restricted to Taliban, sealed on 2021-09-20\n"
    ) in result.stdout
    assert "committed as batch 2" in result.stdout
    batches = json.loads(geo(url, "batches", "--format", "json").stdout)
    assert batches[-1]["created_by"] == "editor" and batches[-1]["file_name"] == "update.csv"


def test_import_reads_a_party_named_by_its_display_name_and_says_so(database: str, tmp_path: Path) -> None:
    upload = tmp_path / "update.csv"
    upload.write_text(HEADER + "torkham,2021-09-20,Pakistan,Taliban,sealed,PAK,Dawn,,,high,\n")
    result = geo(database, "import", str(upload), "--as", "editor", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "  notice: claimant 'Pakistan' is the name of party 'pakistan'; read as 'pakistan' (line 2)" in result.stdout
    assert "  notice: controller 'Taliban' is the name of party 'taliban'" in result.stdout
    assert (
        "  the Pakistani side of Torkham goes from Pakistan (presumed), restricted to Taliban, sealed on 2021-09-20\n"
    ) in result.stdout


def test_dry_run_writes_nothing(database: str, tmp_path: Path) -> None:
    url = database
    upload = tmp_path / "update.csv"
    upload.write_text(HEADER + "torkham,2021-09-20,pakistan,taliban,sealed,PAK,Dawn,,,high,\n")
    before = counts(url)
    result = geo(url, "import", str(upload), "--as", "editor", "--dry-run")
    assert result.returncode == 0
    assert "dry run: nothing written" in result.stdout
    assert counts(url) == before


def test_a_bad_file_exits_1_listing_every_problem_with_its_line(database: str, tmp_path: Path) -> None:
    url = database
    upload = tmp_path / "bad.csv"
    upload.write_text(
        HEADER
        + "torkam,2021-09-20,pakistan,taliban,sealed,PAK,Dawn,,,high,\n"
        + "torkham,03/04/2021,pakistan,taliban,shut,PAK,Dawn,,,high,\n"
    )
    before = counts(url)
    result = geo(url, "import", str(upload), "--as", "editor")
    assert result.returncode == 1
    problems = [line for line in result.stderr.splitlines() if line.startswith("bad.csv:")]
    assert [p.split(":")[1] for p in problems] == ["2", "3", "3"]
    assert "did you mean 'torkham'" in problems[0]
    assert counts(url) == before


def test_a_foreign_file_is_refused_with_a_mapping_to_save(database: str, tmp_path: Path) -> None:
    url = database
    upload = tmp_path / "posts.csv"
    upload.write_text("Name,Latitude,Longitude\nGate,54.1,-7.6\n")
    result = geo(url, "import", str(upload), "--as", "editor")
    assert result.returncode == 1
    suggestion = json.loads(result.stderr.strip().splitlines()[-1])
    assert suggestion["sources"]["lat"] == {"how": "column", "value": "Latitude"}


def test_revert_and_undo_from_the_command_line(database: str, tmp_path: Path) -> None:
    url = database
    upload = tmp_path / "update.csv"
    upload.write_text(HEADER + "torkham,2021-09-20,pakistan,taliban,sealed,PAK,Dawn,,,high,\n")
    geo(url, "import", str(upload), "--as", "editor")
    assert "batch 2 reverted by batch 3" in geo(url, "revert", "2", "--as", "chief").stdout
    status = json.loads(geo(url, "status", "--date", "2021-09-20", "--format", "json").stdout)
    assert next(s for s in status if s["crossing_id"] == "torkham")["status"] != "sealed"
    geo(url, "revert", "3", "--as", "chief")
    status = json.loads(geo(url, "status", "--date", "2021-09-20", "--format", "json").stdout)
    assert next(s for s in status if s["crossing_id"] == "torkham")["status"] == "sealed"
    unknown = geo(url, "revert", "42", "--as", "chief")
    assert unknown.returncode == 2 and unknown.stderr.strip() == "error: unknown batch 42"


def _start_import(url: str, upload: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "geo", "import", str(upload), "--as", upload.stem],
        cwd=PROJECT_ROOT,
        env={**os.environ, "DATABASE_URL": url},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_imports_at_once_both_land_in_turn_never_interleaved(database: str, tmp_path: Path) -> None:
    url = database
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_text(HEADER + report_rows(20_000, source="First"))
    second.write_text(HEADER + report_rows(20_000, source="Second").replace(",medium,", ",low,"))
    processes = [_start_import(url, first), _start_import(url, second)]
    results = [p.communicate(timeout=300) for p in processes]
    assert [p.returncode for p in processes] == [0, 0], results
    spans = query(
        url,
        "select batch_id, min(report_id), max(report_id), count(*) from reports"
        " where batch_id > 1 group by batch_id order by batch_id",
    )
    assert [count for _, _, _, count in spans] == [20_000, 20_000]
    (_, low_a, high_a, _), (_, low_b, high_b, _) = spans
    assert high_a < low_b or high_b < low_a
    # Each batch's ids are one unbroken run: nothing of the other batch in between.
    assert high_a - low_a + 1 == high_b - low_b + 1 == 20_000


def test_an_import_killed_mid_commit_leaves_the_database_exactly_as_before(database: str, tmp_path: Path) -> None:
    url = database
    upload = tmp_path / "big.csv"
    upload.write_text(HEADER + report_rows(200_000, source="Big"))
    before = counts(url)
    process = _start_import(url, upload)
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("committing"):
            break
    written = _bytes_written(url)
    start = written()
    deadline = time.monotonic() + 60
    # Kill once rows are being written: a megabyte of them is on disk, not yet committed.
    while written() - start < 1_000_000 and time.monotonic() < deadline:
        assert process.poll() is None, "the import finished before it could be killed; make the file larger"
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert counts(url) == before
    if url.startswith("sqlite"):
        with sqlite3.connect(sa.make_url(url).database or "") as conn:
            assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    # The dead writer's lock goes with it: the next import gets its turn.
    upload.write_text(HEADER + report_rows(10, source="After"))
    after = geo(url, "import", str(upload), "--as", "editor")
    assert after.returncode == 0, after.stderr
    assert counts(url) == (before[0] + 1, before[1] + 10)


def _bytes_written(url: str) -> Callable[[], int]:
    """How far a write has got: the SQLite write-ahead log's size, or the PostgreSQL reports table's
    size on disk (uncommitted rows take room there too)."""
    if url.startswith("sqlite"):
        wal = Path(sa.make_url(url).database or "").with_name("borderwatch.db-wal")
        return lambda: wal.stat().st_size if wal.exists() else 0
    return lambda: query(url, "select pg_relation_size('reports')")[0][0]


def test_two_instances_starting_on_an_empty_database_at_once_seed_it_exactly_once(database_url: str) -> None:
    env = {**os.environ, "DATABASE_URL": database_url}
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "geo", "init"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    results = [p.communicate(timeout=120) for p in processes]
    assert [p.returncode for p in processes] == [0, 0], results
    outputs = sorted(out for out, _ in results)
    assert "already seeded, nothing added" in outputs[0] and "seeded as batch 1" in outputs[1]
    seeded = len(pd.read_csv(SEEDS_DIR / "reports.csv", dtype=str, keep_default_na=False))
    assert counts(database_url) == (1, seeded)
