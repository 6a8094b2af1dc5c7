"""Backups with pg_dump and the tested way back: scripts/backup.sh, then scripts/restore.sh into an empty database."""

from __future__ import annotations

import os
import subprocess
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from geo.atlas import Atlas
from geo.settings import PROJECT_ROOT
from geo.store import schema
from geo.store.store import Store
from tests import postgres
from tests.test_cli import geo
from tests.test_cli_import import HEADER

SCRIPTS = PROJECT_ROOT / "scripts"
DAYS = [date(2021, 7, 14), date(2021, 8, 15), date(2021, 9, 20), date(2024, 4, 12)]


def script(name: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPTS / name), *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "DATABASE_URL": ""},
    )


def counts(url: str) -> str:
    """The rows of the tables the restore script counts, worded as it words them."""
    tables = ("batches", "crossings", "parties", "reports", "authorisations")
    store = Store.connect(url)
    try:
        with store.engine.connect() as conn:
            held = {
                t: conn.execute(sa.select(sa.func.count()).select_from(schema.metadata.tables[t])).scalar_one()
                for t in tables
            }
    finally:
        store.close()
    return ", ".join(f"{n} {t}" for t, n in held.items())


def snapshot(url: str) -> tuple[list[pd.DataFrame], pd.DataFrame]:
    """Every crossing's state on a few days, and the audit trail."""
    store = Store.connect(url)
    try:
        atlas = Atlas.load(store)
        return [atlas.states(day) for day in DAYS], store.audit_trail()
    finally:
        store.close()


@pytest.fixture
def used_database(postgres_url: str, tmp_path: Path) -> str:
    """The seed, an import and a revert of another import."""
    assert geo(postgres_url, "init").returncode == 0
    for n, status in enumerate(("sealed", "open")):
        upload = tmp_path / f"update{n}.csv"
        upload.write_text(HEADER + f"torkham,2021-09-20,pakistan,taliban,{status},PAK,Dawn,,,high,\n")
        assert geo(postgres_url, "import", str(upload), "--as", "editor").returncode == 0
    assert geo(postgres_url, "revert", "3", "--as", "chief").returncode == 0
    return postgres_url


def test_a_dump_restored_into_a_recreated_database_gives_every_crossing_the_same_state(
    used_database: str, tmp_path: Path
) -> None:
    before = snapshot(used_database)
    held = counts(used_database)
    assert held.startswith("4 batches, ")
    dump = tmp_path / "borderwatch.dump"
    backed_up = script("backup.sh", str(dump), used_database)
    assert backed_up.returncode == 0, backed_up.stderr
    assert backed_up.stdout.startswith(f"backed up to {dump}")
    postgres.recreate_database(used_database)
    restored = script("restore.sh", str(dump), used_database)
    assert restored.returncode == 0, restored.stderr
    expected = f"restored: schema {Store.head_revision()}; {held}"
    assert restored.stdout.strip() == expected
    states, trail = snapshot(used_database)
    for was, now in zip(before[0], states, strict=True):
        pd.testing.assert_frame_equal(was, now)
    pd.testing.assert_frame_equal(before[1], trail)
    # The id sequences came back too: the next write follows on.
    upload = tmp_path / "after.csv"
    upload.write_text(HEADER + "zaranj,2021-09-21,,,open,AFG,Tolo,,,low,\n")
    assert "committed as batch 5" in geo(used_database, "import", str(upload), "--as", "editor").stdout


def test_restoring_over_a_database_that_holds_tables_is_refused(used_database: str, tmp_path: Path) -> None:
    dump = tmp_path / "borderwatch.dump"
    assert script("backup.sh", str(dump), used_database).returncode == 0
    before = snapshot(used_database)[1]
    refused = script("restore.sh", str(dump), used_database)
    assert refused.returncode == 1
    assert "restore only into an empty database" in refused.stderr
    pd.testing.assert_frame_equal(snapshot(used_database)[1], before)


def test_the_scripts_name_what_they_need(tmp_path: Path) -> None:
    assert script("backup.sh", str(tmp_path / "x.dump")).returncode == 2
    sqlite = script("backup.sh", str(tmp_path / "x.dump"), f"sqlite:///{tmp_path / 'b.db'}")
    assert sqlite.returncode == 2 and "is SQLite" in sqlite.stderr
    missing = script("restore.sh", str(tmp_path / "missing.dump"), postgres.server_url())
    assert missing.returncode == 2 and "cannot read" in missing.stderr
