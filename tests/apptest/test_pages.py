"""Every dashboard page, run headless with Streamlit's AppTest over a fresh database."""

from __future__ import annotations

import re
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.text import plain


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
    assert (
        "Spin Boldak-Chaman: the Afghan side contested between Afghan government and Taliban, "
        "the Pakistani side held by Pakistan (presumed: its own side); sealed from the Pakistani side"
    ) in text


def test_selected_crossing_lists_every_claim_of_the_seed_day_side_by_side(app: AppTest) -> None:
    app.query_params["date"] = "2021-07-14"
    app.run()
    app.selectbox(key="crossing").select("spin-boldak-chaman").run()
    text = page_text(app)
    for claim in (
        "**Taliban**: held by Taliban on the Afghan side",
        "**Afghan government**: held by Afghan government on the Afghan side",
        "**Pakistan**: held by Taliban on the Afghan side",
        "**Pakistan**: sealed on the Pakistani side",
        "**Can one cross today?** No: sealed from the Pakistani side.",
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
    assert before.to_dict("records") != after.to_dict("records")
    spin = after[after["crossing"] == "Spin Boldak-Chaman"].iloc[0]
    assert (spin["held by"], spin["status"]) == (
        "Afghan side: Taliban; Pakistani side: Pakistan (presumed)",
        "sealed from the Pakistani side",
    )


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
    text = page_text(app)
    assert "*contested*" in text and "most restrictive" in text
    # Sides, traffic and permission are each said in prose.
    assert "**Each side.**" in text and "open towards Egypt only" in text and "*lapsed*" in text
    assert "Taliban" in list(app.dataframe[0].value["party"])
    assert app.dataframe[1].value["source"].ne("").all()
    # Grades, the graded sources and their history: who gave each grade and why.
    assert "**How sure, on whose word.**" in text and "**Uncertain dates.**" in text
    graded = app.dataframe[2].value.set_index("name")
    assert graded.at["Pakistani security source", "reliability"] == "B"
    assert graded.at["Zabihullah Mujahid", "the voice of"] == "taliban"
    history = app.dataframe[3].value
    assert {"reason", "created_by", "created_at"} <= set(history.columns)


def state_rows(at: AppTest) -> list[str]:
    """The crossings of the state table under the map."""
    return list(at.dataframe[-1].value["crossing"])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Aqina is sealed on a July closure whose day no outlet gives (a range, marked uncertain).
        (
            {"statuses": "sealed"},
            ["Aqina-Imamnazar", "Islam Qala-Dogharoun", "Spin Boldak-Chaman", "Torghundi-Serhetabat"],
        ),
        ({"statuses": "sealed", "q": "chaman"}, ["Spin Boldak-Chaman"]),
        ({"q": "Friendship Gate"}, ["Spin Boldak-Chaman"]),
        ({"contested": "1"}, ["Spin Boldak-Chaman"]),
        # Contested is not "unconfirmed": that needs a single holder vouched for by no one else.
        ({"unconfirmed": "1"}, []),
        (
            {"date": "2021-08-14", "stale": "1"},
            [
                "Aqina-Imamnazar",
                "Barmal-Angoor Adda",
                "Dand-e-Patan-Kharlachi",
                "Ghulam Khan",
                "Ishkashim",
                "Sher Khan Bandar-Panji Poyon",
                "Torghundi-Serhetabat",
                "Torkham",
            ],
        ),
        # A crossing no source places is in the table like any other.
        ({"countries": "IRN"}, ["Abu Nasr Farahi-Mahirud", "Islam Qala-Dogharoun", "Zaranj-Milak"]),
        (
            {"parties": "taliban"},
            [
                "Abu Nasr Farahi-Mahirud",
                "Dand-e-Patan-Kharlachi",
                "Ishkashim",
                "Islam Qala-Dogharoun",
                "Sher Khan Bandar-Panji Poyon",
                "Spin Boldak-Chaman",
                "Torghundi-Serhetabat",
            ],
        ),
        ({"region": "myanmar-2023-2024", "q": "แม่สอด"}, ["Myawaddy-Mae Sot"]),
        ({"region": "myanmar-2023-2024", "q": "Torkham"}, []),
    ],
)
def test_sidebar_filters_from_the_url_narrow_the_state_table(
    app: AppTest, query: dict[str, str], expected: list[str]
) -> None:
    app.query_params["date"] = "2021-07-14"
    for key, value in query.items():
        app.query_params[key] = value
    app.run()
    assert not app.exception
    assert sorted(state_rows(app)) == expected


def test_next_and_previous_change_buttons_move_the_date(app: AppTest) -> None:
    app.query_params["date"] = "2021-07-10"
    app.run()
    app.button[1].click().run()  # "Next change"
    assert str(app.slider(key="date").value) == "2021-07-14"
    app.button[0].click().run()  # "Previous change"
    assert str(app.slider(key="date").value) == "2021-07-10"
    assert app.query_params["date"] == "2021-07-10"


def test_next_change_skips_days_when_only_hidden_crossings_change(app: AppTest) -> None:
    app.query_params["date"] = "2021-07-14"
    app.query_params["q"] = "Torkham"
    app.run()
    app.button[1].click().run()
    # Torkham's next change comes later than the next change anywhere in the region.
    assert app.slider(key="date").value > date(2021, 7, 15)


def test_compare_page_lists_what_changed_between_the_two_dates_in_the_url(app: AppTest) -> None:
    app.query_params["a"] = "2021-07-13"
    app.query_params["b"] = "2021-07-15"
    app.run()
    app.switch_page("views/compare_view.py").run()
    assert not app.exception
    table = app.dataframe[0].value
    row = table[table["crossing"] == "Spin Boldak-Chaman"].iloc[0]
    assert row["held by, after"] == "Afghan side: Taliban; Pakistani side: Pakistan (presumed)"
    assert row["status, after"] == "sealed from the Pakistani side"
    assert any(f"{plain('Spin Boldak-Chaman')}: the reports that made the difference" in e.label for e in app.expander)


def test_compare_page_words_each_holder_as_the_map_pages_state_table_does(app: AppTest) -> None:
    app.query_params["a"] = "2021-07-14"
    app.query_params["b"] = "2021-07-15"
    app.run()
    app.switch_page("views/compare_view.py").run()
    assert not app.exception
    table = app.dataframe[0].value
    row = table[table["crossing"] == "Spin Boldak-Chaman"].iloc[0]
    assert row["held by, before"] == (
        "Afghan side: contested: Afghan government and Taliban; Pakistani side: Pakistan (presumed)"
    )
    assert row["held by, after"] == "Afghan side: Taliban; Pakistani side: Pakistan (presumed)"
    # The same words as the state table's "held by" column on the map page for the earlier day.
    app.switch_page("views/map_view.py").run()
    app.slider(key="date").set_value(date(2021, 7, 14)).run()
    states = app.dataframe[-1].value.set_index("crossing")
    assert states.loc["Spin Boldak-Chaman", "held by"] == row["held by, before"]
