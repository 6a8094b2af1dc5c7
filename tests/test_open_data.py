"""What the read-only API answers, read from the seed atlas: the status fields, GeoJSON, reports and
changes page by page, and each parameter it cannot read named (the HTTP routes are asked in
tests/browser/test_api_routes.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest

from geo import open_data
from geo.atlas import Atlas
from geo.errors import BadParameterError, UnknownCrossingError
from geo.grading import GradeFilter
from geo.ingest.seed import open_store
from geo.open_data_spec import openapi
from geo.settings import SEEDS_DIR
from geo.status_records import STATUS_FILE_FIELDS


@pytest.fixture(scope="module")
def seed_atlas() -> Iterator[Atlas]:
    store, _ = open_store("sqlite://", seeds=SEEDS_DIR)
    yield Atlas.load(store)
    store.close()


def test_the_state_gives_the_status_fields_of_the_region_s_crossings(seed_atlas: Atlas) -> None:
    body = open_data.state(seed_atlas, {"date": "2021-07-14", "region": "afghanistan-2021"})
    assert body["crossings"] and all(list(row) == list(STATUS_FILE_FIELDS) for row in body["crossings"])
    regions = seed_atlas.crossings.set_index("crossing_id")["region"]
    assert {regions[row["crossing_id"]] for row in body["crossings"]} == {"afghanistan-2021"}


def test_without_a_date_the_state_is_of_the_last_report_day(seed_atlas: Atlas) -> None:
    span = seed_atlas.report_span()
    assert span is not None
    assert open_data.state(seed_atlas, {})["date"] == span[1].isoformat()


def test_geojson_places_every_crossing_with_a_place_and_lists_the_rest(seed_atlas: Atlas) -> None:
    body = open_data.state(seed_atlas, {"date": "2021-07-14", "format": "geojson"})
    drawn = {feature["id"] for feature in body["features"]}
    assert drawn.isdisjoint(body["unplaced"])
    assert len(drawn) + len(body["unplaced"]) == len(seed_atlas.crossings)


@pytest.mark.parametrize(
    ("query", "parameter"),
    [({"date": "2021-7-14"}, "date"), ({"region": "atlantis"}, "region"), ({"format": "csv"}, "format"),
     ({"limit": "10"}, "limit")],
)  # fmt: skip
def test_a_parameter_that_cannot_be_read_is_named(seed_atlas: Atlas, query: dict[str, str], parameter: str) -> None:
    with pytest.raises(BadParameterError) as raised:
        open_data.state(seed_atlas, query)
    assert (raised.value.parameter, raised.value.value) == (parameter, query[parameter])


def test_an_unknown_crossing_has_no_record_and_no_history(seed_atlas: Atlas) -> None:
    with pytest.raises(UnknownCrossingError):
        open_data.crossing(seed_atlas, "atlantis")
    with pytest.raises(UnknownCrossingError):
        open_data.history(seed_atlas, "atlantis")


def test_the_description_lists_the_state_s_parameters_as_the_state_reads_them() -> None:
    parameters = openapi()["paths"]["/api/v1/state"]["get"]["parameters"]
    assert [p["name"] for p in parameters] == list(open_data.STATE_PARAMETERS)


def _all_pages(list_of: str, read: Callable[[dict[str, str]], dict[str, Any]], query: dict[str, str]) -> list[Any]:
    """Every record of a long list, page after page as a client follows next_offset."""
    records, offset = [], 0
    while True:
        page = read({**query, "offset": str(offset)})
        assert page["offset"] == offset
        records.extend(page[list_of])
        if page["next_offset"] is None:
            return records
        assert page["next_offset"] == offset + len(page[list_of])
        offset = page["next_offset"]


def test_the_reports_of_a_range_are_those_dated_in_it_oldest_first_page_by_page(seed_atlas: Atlas) -> None:
    query = {"since": "2021-07-01", "until": "2021-07-31", "limit": "7"}
    listed = _all_pages("reports", lambda q: open_data.reports(seed_atlas, q), query)
    days = [r["date"] for r in listed]
    assert days == sorted(days) and all("2021-07-01" <= d <= "2021-07-31" for d in days)
    reports = seed_atlas.reports
    in_july = reports[(reports["date"] >= date(2021, 7, 1)) & (reports["date"] <= date(2021, 7, 31))]
    assert sorted(r["report_id"] for r in listed) == sorted(int(r) for r in in_july["report_id"])
    assert open_data.reports(seed_atlas, query)["total"] == len(in_july)


def test_the_reports_of_a_region_or_a_crossing_are_only_theirs(seed_atlas: Atlas) -> None:
    regions = seed_atlas.crossings.set_index("crossing_id")["region"]
    of_gaza = open_data.reports(seed_atlas, {"region": "gaza-2023-2025", "limit": "1000"})["reports"]
    assert of_gaza and {regions[r["crossing_id"]] for r in of_gaza} == {"gaza-2023-2025"}
    of_rafah = open_data.reports(seed_atlas, {"crossing": "rafah", "limit": "1000"})["reports"]
    history = open_data.history(seed_atlas, "rafah")["reports"]
    assert sorted(r["report_id"] for r in of_rafah) == sorted(r["report_id"] for r in history)


def test_the_changes_are_newest_first_and_every_page_continues_the_last(seed_atlas: Atlas) -> None:
    region = {"region": "afghanistan-2021", "from": "2021-07-01", "to": "2021-07-31"}
    whole = open_data.changes(seed_atlas, {**region, "limit": "1000"})
    assert whole["next_offset"] is None and len(whole["changes"]) > 8
    paged = _all_pages("changes", lambda q: open_data.changes(seed_atlas, q), {**region, "limit": "4"})
    assert paged == whole["changes"]
    days = [c["date"] for c in paged]
    assert days == sorted(days, reverse=True)


def test_the_changes_of_a_range_and_a_region_are_only_theirs(seed_atlas: Atlas) -> None:
    query = {"from": "2021-07-01", "to": "2021-08-31", "region": "afghanistan-2021", "limit": "1000"}
    listed = open_data.changes(seed_atlas, query)["changes"]
    assert listed and all("2021-07-01" <= c["date"] <= "2021-08-31" for c in listed)
    assert {c["region"] for c in listed} == {"afghanistan-2021"}


LIST_BAD_QUERIES = [
    ({"limit": "0"}, "limit"),
    ({"limit": "1001"}, "limit"),
    ({"limit": "ten"}, "limit"),
    ({"limit": "١٠"}, "limit"),  # digits, but not ASCII ones
    ({"offset": "-1"}, "offset"),
    ({"offset": "99999999999999999999"}, "offset"),
    ({"region": "atlantis"}, "region"),
    ({"crossing": "nowhere"}, "crossing"),
    ({"sort": "name"}, "sort"),
]


@pytest.mark.parametrize(("query", "parameter"), LIST_BAD_QUERIES)
def test_a_list_s_parameter_that_cannot_be_read_is_named(
    seed_atlas: Atlas, query: dict[str, str], parameter: str
) -> None:
    for read in (open_data.reports, open_data.changes):
        with pytest.raises(BadParameterError) as raised:
            read(seed_atlas, query)
        assert (raised.value.parameter, raised.value.value) == (parameter, query[parameter])


@pytest.mark.parametrize(("read", "parameter"), [(open_data.reports, "since"), (open_data.changes, "from")])
def test_a_list_s_day_that_cannot_be_read_is_named(
    seed_atlas: Atlas, read: Callable[[Atlas, dict[str, str]], Any], parameter: str
) -> None:
    with pytest.raises(BadParameterError) as raised:
        read(seed_atlas, {parameter: "2021-02-30"})
    assert raised.value.parameter == parameter


FILTERED = [
    ({"statuses": "sealed"}, lambda row: row["status"] == "sealed"),
    ({"contested": "1"}, lambda row: row["contested"]),
    ({"countries": "IRN"}, lambda row: "IRN" in (row["country_a"], row["country_b"])),
    ({"parties": "taliban"}, lambda row: "taliban" in row["controllers"]),
    ({"statuses": "open", "traffic": "aid"}, lambda row: row["status_aid"] == "open"),
]


@pytest.mark.parametrize(("query", "kept"), FILTERED)
def test_the_state_takes_the_map_s_filters_by_the_map_link_s_names(
    seed_atlas: Atlas, query: dict[str, str], kept: Callable[[dict[str, Any]], bool]
) -> None:
    whole = open_data.state(seed_atlas, {"date": "2021-07-14"})["crossings"]
    filtered = open_data.state(seed_atlas, {"date": "2021-07-14", **query})["crossings"]
    assert filtered == [row for row in whole if kept(row)]
    assert 0 < len(filtered) < len(whole)


def test_a_search_finds_a_crossing_by_another_name(seed_atlas: Atlas) -> None:
    found = open_data.state(seed_atlas, {"date": "2021-07-14", "q": "Friendship Gate"})["crossings"]
    assert [row["crossing_id"] for row in found] == ["spin-boldak-chaman"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [({"statuses": "closed"}, "statuses"), ({"countries": "XYZ"}, "countries"), ({"parties": "nobody"}, "parties"),
     ({"traffic": "cars"}, "traffic"), ({"contested": "yes"}, "contested"), ({"expiring": "-1"}, "expiring")],
)  # fmt: skip
def test_a_filter_the_data_does_not_know_is_named(seed_atlas: Atlas, query: dict[str, str], parameter: str) -> None:
    with pytest.raises(BadParameterError) as raised:
        open_data.state(seed_atlas, query)
    assert raised.value.parameter == parameter


def test_the_state_read_at_a_grade_is_the_state_of_the_reports_so_graded(seed_atlas: Atlas) -> None:
    asked = {"date": "2021-07-14", "reliability": "B", "credibility": "3"}
    graded = open_data.state(seed_atlas, asked)["crossings"]
    expected = open_data.state(seed_atlas.graded(GradeFilter(reliability="B", credibility=3)), {"date": "2021-07-14"})
    assert graded == expected["crossings"]
    assert graded != open_data.state(seed_atlas, {"date": "2021-07-14"})["crossings"]
    used: list[GradeFilter] = []

    def cached(grades: GradeFilter) -> Atlas:
        used.append(grades)
        return seed_atlas.graded(grades)

    assert open_data.state(seed_atlas, asked, graded=cached)["crossings"] == graded
    assert used == [GradeFilter(reliability="B", credibility=3)]


@pytest.mark.parametrize(
    ("query", "parameter"), [({"reliability": "G"}, "reliability"), ({"credibility": "7"}, "credibility")]
)
def test_a_grade_that_is_none_is_named(seed_atlas: Atlas, query: dict[str, str], parameter: str) -> None:
    with pytest.raises(BadParameterError) as raised:
        open_data.state(seed_atlas, query)
    assert raised.value.parameter == parameter
