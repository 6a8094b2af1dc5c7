"""Settings: documented defaults, environment overrides, and bad values refused by name."""

from __future__ import annotations

import re
from datetime import date

import pytest

from geo.settings import PROJECT_ROOT, UploadLimits, load_settings, upload_limits


def test_the_refresh_time_defaults_to_30_seconds_and_follows_the_environment() -> None:
    assert load_settings({}).refresh_seconds == 30
    assert load_settings({"BORDERWATCH_REFRESH_SECONDS": "2.5"}).refresh_seconds == 2.5


@pytest.mark.parametrize("value", ["0", "-1"])
def test_a_refresh_time_that_is_not_positive_is_refused_by_name(value: str) -> None:
    with pytest.raises(ValueError, match="BORDERWATCH_REFRESH_SECONDS must be positive"):
        load_settings({"BORDERWATCH_REFRESH_SECONDS": value})


def test_the_upload_limits_have_their_defaults_in_one_place_and_follow_the_environment() -> None:
    assert load_settings({}).upload == UploadLimits() == upload_limits({})
    env = {
        "BORDERWATCH_UPLOAD_MAX_MB": "1.5",
        "BORDERWATCH_UPLOAD_MAX_ROWS": "10",
        "BORDERWATCH_UPLOAD_MAX_COLUMNS": "12",
        "BORDERWATCH_EARLIEST_DAY": "2000-01-01",
    }
    expected = UploadLimits(max_bytes=1_500_000, max_rows=10, max_columns=12, earliest_day=date(2000, 1, 1))
    assert load_settings(env).upload == upload_limits(env) == expected


@pytest.mark.parametrize(
    "name", ["BORDERWATCH_UPLOAD_MAX_MB", "BORDERWATCH_UPLOAD_MAX_ROWS", "BORDERWATCH_UPLOAD_MAX_COLUMNS"]
)
def test_an_upload_limit_that_is_not_positive_is_refused_by_name(name: str) -> None:
    with pytest.raises(ValueError, match=name):
        load_settings({name: "0"})


def test_no_module_repeats_an_upload_default() -> None:
    # One home per default: another copy of 250 MB or 2,000,000 rows would drift from the setting.
    defaults = re.compile(r"250_000_000|2_000_000\b|\"250\"|\"2000000\"")
    found = [
        str(path.relative_to(PROJECT_ROOT))
        for folder in ("geo", "dashboard")
        for path in sorted((PROJECT_ROOT / folder).rglob("*.py"))
        if path.name != "settings.py" and defaults.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []
