"""One truth on either database: the same data gives every crossing the same state on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from geo.atlas import Atlas
from geo.store.store import Store
from tests.test_cli import geo

SYNTH = ("synth", "--crossings", "200", "--reports", "20000", "--seed", "11")


def loaded(url: str) -> Atlas:
    store = Store.connect(url)
    try:
        return Atlas.load(store)
    finally:
        store.close()


def every_day(first: date, last: date, step: int = 1) -> list[date]:
    return [first + timedelta(days=n) for n in range(-1, (last - first).days + 2, step)]


@pytest.fixture
def both(tmp_path: Path, postgres_url: str) -> tuple[str, str]:
    """A SQLite and a PostgreSQL database, each set up with `geo init`."""
    sqlite_url = f"sqlite:///{tmp_path / 'borderwatch.db'}"
    for url in (sqlite_url, postgres_url):
        assert geo(url, "init").returncode == 0
    return sqlite_url, postgres_url


def test_on_the_seed_data_every_crossing_has_the_same_state_every_day(both: tuple[str, str]) -> None:
    on_sqlite, on_postgres = (loaded(url) for url in both)
    span = on_sqlite.report_span()
    assert span is not None and span == on_postgres.report_span()
    for day in every_day(*span):
        pd.testing.assert_frame_equal(on_sqlite.states(day), on_postgres.states(day), obj=str(day))


def test_on_synthetic_data_every_crossing_has_the_same_state(both: tuple[str, str]) -> None:
    for url in both:
        result = geo(url, *SYNTH)
        assert result.returncode == 0, result.stderr
    on_sqlite, on_postgres = (loaded(url) for url in both)
    pd.testing.assert_frame_equal(on_sqlite.reports, on_postgres.reports)
    # Every 7th day over ten years, and every day of the busiest month.
    days = every_day(date(2015, 1, 1), date(2024, 12, 31), step=7) + every_day(date(2020, 3, 1), date(2020, 3, 31))
    for day in days:
        pd.testing.assert_frame_equal(on_sqlite.states(day), on_postgres.states(day), obj=str(day))


def test_the_command_line_prints_the_same_status_and_history_from_either_database(both: tuple[str, str]) -> None:
    outputs = [geo(url, "status", "--date", "2021-08-15", "--format", "json").stdout for url in both]
    assert outputs[0] == outputs[1] and outputs[0].startswith("[")
    histories = [geo(url, "history", "spin-boldak-chaman", "--format", "json").stdout for url in both]
    assert histories[0] == histories[1] and '"report_id"' in histories[0]
