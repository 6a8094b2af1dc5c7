"""Reading aids: pages obey the region and filters they show, an empty search says so, names not codes."""

from __future__ import annotations

import re
from datetime import date

from streamlit.testing.v1 import AppTest

from dashboard.text import WORD_JOINER
from geo.atlas import Atlas
from geo.ingest.seed import open_store
from geo.settings import SEEDS_DIR
from tests.uploads import CROSSINGS, REPORTS, upload


def as_read(markdown: str) -> str:
    """Markdown as a reader sees it: escapes and invisible joiners gone."""
    return re.sub(r"\\(.)", r"\1", markdown).replace(WORD_JOINER, "")


def crossings_in(atlas: Atlas, **columns: str) -> set[str]:
    rows = atlas.crossings
    for column, value in columns.items():
        rows = rows[rows[column] == value]
    return set(rows["name"])


def test_reports_page_lists_only_the_reports_of_the_region_shown(app: AppTest, seed_atlas: Atlas) -> None:
    app.query_params["region"] = "myanmar-2023-2024"
    app.run()
    app.switch_page("views/reports_view.py").run()
    table = app.dataframe[0].value
    assert set(table["crossing"]) == crossings_in(seed_atlas, region="myanmar-2023-2024")
    ids = seed_atlas.crossings.loc[seed_atlas.crossings["region"] == "myanmar-2023-2024", "crossing_id"]
    assert len(table) == seed_atlas.reports["crossing_id"].isin(ids).sum()


def test_reports_page_obeys_the_country_filter(app: AppTest, seed_atlas: Atlas) -> None:
    app.query_params["countries"] = "IRN"
    app.run()
    app.switch_page("views/reports_view.py").run()
    shown = set(app.dataframe[0].value["crossing"])
    assert shown == crossings_in(seed_atlas, region="afghanistan-2021", country_b="IRN")
    assert shown  # the seed holds Iran's crossings


def test_reports_page_obeys_a_status_filter_on_the_readers_date(app: AppTest, seed_atlas: Atlas) -> None:
    app.query_params["date"] = "2021-07-14"
    app.query_params["statuses"] = "restricted"
    app.run()
    app.switch_page("views/reports_view.py").run()
    states = seed_atlas.states(date(2021, 7, 14))
    restricted = set(states.loc[states["status"] == "restricted", "name"])
    assert set(app.dataframe[0].value["crossing"]) == restricted == {"Sher Khan Bandar-Panji Poyon", "Torkham"}
    assert "as of 2021-07-14" in as_read(app.caption[0].value)


def test_a_search_with_no_match_says_so(app: AppTest) -> None:
    app.query_params["q"] = "Nowhere Pass"
    app.run()
    assert any('has a name matching "Nowhere Pass"' in as_read(info.value) for info in app.info)


def test_regions_and_countries_show_as_names(app: AppTest) -> None:
    app.run()
    region = app.selectbox(key="region")
    assert region.format_func(region.value) == "Afghanistan: the Taliban take the border, May-September 2021"
    countries = app.multiselect(key="countries")
    assert countries.format_func("PAK") == "Pakistan"


def test_a_region_reported_on_one_day_only_opens_at_that_day(app: AppTest, database_url: str) -> None:
    store, _ = open_store(database_url, seeds=SEEDS_DIR)
    upload(store, CROSSINGS + "one-day-gate,One Day Gate,AFG,PAK,,,31.5,66.0,one-day-2021,\n")
    upload(store, REPORTS + "one-day-gate,2021-07-14,taliban,taliban,open,,AFP,,,high,\n")
    store.close()
    app.query_params["region"] = "one-day-2021"
    app.run()
    assert not app.exception
    assert str(app.slider(key="date").value) == "2021-07-14"
    assert app.dataframe[-1].value["crossing"].tolist() == ["One Day Gate"]
