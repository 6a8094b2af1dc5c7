"""A link's date outside the data is brought to the data's nearer end with a plain notice, on every page."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

FIRST, LAST = "2021-05-01", "2021-09-14"


@pytest.mark.parametrize(
    ("linked", "shown"), [("9999-12-31", LAST), ("3021-07-14", LAST), ("0001-01-01", FIRST), ("1970-01-01", FIRST)]
)
def test_the_map_page_clamps_a_far_off_date_and_says_so(app: AppTest, linked: str, shown: str) -> None:
    app.query_params["date"] = linked
    app.run()
    assert not app.exception
    assert str(app.slider(key="date").value) == shown
    assert app.query_params["date"] == shown
    assert any(linked in toast.value.replace("\\", "") and "outside the data" in toast.value for toast in app.toast)


@pytest.mark.parametrize("page", ["views/present_view.py", "views/reports_view.py"])
def test_other_pages_clamp_a_far_off_date(app: AppTest, page: str) -> None:
    app.query_params["date"] = "9999-12-31"
    app.run()
    app.query_params["date"] = "9999-12-31"
    app.switch_page(page).run()
    assert not app.exception
    assert app.query_params["date"] == LAST


def test_the_compare_page_clamps_both_dates(app: AppTest) -> None:
    app.query_params["a"] = "0001-01-01"
    app.query_params["b"] = "9999-12-31"
    app.run()
    app.query_params["a"] = "0001-01-01"
    app.query_params["b"] = "9999-12-31"
    app.switch_page("views/compare_view.py").run()
    assert not app.exception
    assert (app.query_params["a"], app.query_params["b"]) == (FIRST, LAST)
