"""Every dashboard page, run headless with Streamlit's AppTest over a fresh database."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

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
    yield AppTest.from_file(APP, default_timeout=60)
    st.cache_resource.clear()


def page_text(at: AppTest) -> str:
    """All markdown on the page as a reader sees it (escapes removed)."""
    return re.sub(r"\\(.)", r"\1", " ".join(m.value for m in at.markdown))


def test_map_page_defaults_to_the_latest_report_date(app: AppTest) -> None:
    app.run()
    assert not app.exception
    assert str(app.slider(key="date").value) == "2021-09-14"
    assert app.selectbox(key="region").value == "afghanistan-2021"


def test_map_page_reads_date_region_and_crossing_from_the_url(app: AppTest) -> None:
    app.query_params["date"] = "2021-07-14"
    app.query_params["crossing"] = "spin-boldak-chaman"
    app.run()
    assert not app.exception
    assert str(app.slider(key="date").value) == "2021-07-14"
    text = page_text(app)
    assert "Spin Boldak-Chaman: contested between Afghan government and Taliban; sealed" in text


def test_selected_crossing_lists_every_claim_of_the_seed_day_side_by_side(app: AppTest) -> None:
    app.query_params["date"] = "2021-07-14"
    app.run()
    app.selectbox(key="crossing").select("spin-boldak-chaman").run()
    text = page_text(app)
    for claim in (
        "**Taliban**: held by Taliban",
        "**Afghan government**: held by Afghan government",
        "**Pakistan**: held by Taliban",
        "**Pakistan**: sealed",
    ):
        assert claim in text
    speakers = " ".join(c.value for c in app.caption)
    assert "Taliban spokesman Zabihullah Mujahid" in speakers
    assert "Deputy Commissioner of Chaman" in speakers
    assert app.query_params["crossing"] == "spin-boldak-chaman"


def test_a_bad_date_in_the_url_falls_back_to_the_default(app: AppTest) -> None:
    app.query_params["date"] = "14/07/2021"
    app.run()
    assert not app.exception
    assert str(app.slider(key="date").value) == "2021-09-14"


def test_changing_the_date_changes_the_state_table(app: AppTest) -> None:
    app.query_params["date"] = "2021-07-14"
    app.run()
    before = app.dataframe[-1].value
    app.slider(key="date").set_value(date(2021, 7, 15)).run()
    after = app.dataframe[-1].value
    assert list(before["state"]) != list(after["state"])
    assert any("Spin Boldak-Chaman: held by Taliban; sealed" in s for s in after["state"])


def test_reports_page_lists_every_report(app: AppTest) -> None:
    app.run()
    app.switch_page("views/reports_view.py").run()
    assert not app.exception
    table = app.dataframe[0].value
    assert len(table) >= 40
    assert table["source"].ne("").all()


def test_about_page_states_the_rule_and_the_sources(app: AppTest) -> None:
    app.run()
    app.switch_page("views/about_view.py").run()
    assert not app.exception
    assert "contested" in app.text[0].value
    assert len(app.dataframe) == 2
