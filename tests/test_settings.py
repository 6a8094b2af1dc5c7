"""Settings: documented defaults, environment overrides, and bad values refused by name."""

from __future__ import annotations

import pytest

from geo.settings import load_settings


def test_the_refresh_time_defaults_to_30_seconds_and_follows_the_environment() -> None:
    assert load_settings({}).refresh_seconds == 30
    assert load_settings({"BORDERWATCH_REFRESH_SECONDS": "2.5"}).refresh_seconds == 2.5


@pytest.mark.parametrize("value", ["0", "-1"])
def test_a_refresh_time_that_is_not_positive_is_refused_by_name(value: str) -> None:
    with pytest.raises(ValueError, match="BORDERWATCH_REFRESH_SECONDS must be positive"):
        load_settings({"BORDERWATCH_REFRESH_SECONDS": value})
