"""The dashboard under AppTest, over a fresh database per test, with Streamlit's caches cleared."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard import faults
from geo.settings import PROJECT_ROOT

APP = str(PROJECT_ROOT / "dashboard" / "app.py")


@pytest.fixture
def app(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppTest]:
    monkeypatch.setenv("DATABASE_URL", database_url)
    st.cache_resource.clear()
    st.cache_data.clear()
    yield AppTest.from_file(APP, default_timeout=90)
    st.cache_resource.clear()


@pytest.fixture(autouse=True)
def page_faults(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Fail any test whose page hit an error: the dashboard shows those as a plain message, not an exception."""
    seen: list[str] = []
    log_fault = faults.log.exception

    def record(message: str, *args: object, **kwargs: Any) -> None:
        seen.append(message % args)
        log_fault(message, *args, **kwargs)

    monkeypatch.setattr(faults.log, "exception", record)
    yield seen
    assert seen == [], f"a page failed: {seen}"
