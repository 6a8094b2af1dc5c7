"""What the read-only API answers, read from the seed atlas: the status fields, GeoJSON, and each
parameter it cannot read named (the HTTP routes are asked in tests/browser/test_api_routes.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from geo import open_data
from geo.atlas import Atlas
from geo.errors import BadParameterError, UnknownCrossingError
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
