"""The dashboard under AppTest, over a fresh database per test, with Streamlit's caches cleared."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from geo.settings import PROJECT_ROOT

APP = str(PROJECT_ROOT / "dashboard" / "app.py")


@pytest.fixture
def app(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppTest]:
    monkeypatch.setenv("DATABASE_URL", database_url)
    st.cache_resource.clear()
    st.cache_data.clear()
    yield AppTest.from_file(APP, default_timeout=90)
    st.cache_resource.clear()
