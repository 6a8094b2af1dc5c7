"""The read-only API under /api/v1/ and the Atom feed, asked by a real HTTP client of the running
dashboard's own server: the seed day's state as the command line gives it, GeoJSON, crossings and
histories, reports and changes followed page by page through their Link headers, the feed read by a
feed parser and its entry's link opened in Chromium, a bad parameter named, an unknown crossing a
404, polling with an ETag, no CORS unless a setting allows it, and no write route at all."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import feedparser
import pytest
from playwright.sync_api import Page, expect

from tests.browser.harness import map_frame, wait_for_app
from tests.test_cli import geo

SEED_DAY = "2021-07-14"


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes = field(repr=False)

    def json(self) -> Any:
        return json.loads(self.body)


def ask(url: str, *, method: str = "GET", headers: dict[str, str] | None = None) -> Answer:
    request = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return Answer(response.status, {k.lower(): v for k, v in response.headers.items()}, response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, {k.lower(): v for k, v in error.headers.items()}, error.read())


def test_the_seed_day_s_state_is_what_the_command_line_gives(app_url: str, tmp_path: Path) -> None:
    answer = ask(f"{app_url}/api/v1/state?date={SEED_DAY}&region=afghanistan-2021")
    assert answer.status == 200 and answer.headers["content-type"].startswith("application/json")
    body = answer.json()
    assert (body["date"], body["region"]) == (SEED_DAY, "afghanistan-2021")
    by_id = {row["crossing_id"]: row for row in body["crossings"]}
    spin = by_id["spin-boldak-chaman"]
    assert (spin["controller"], spin["contested"], spin["status"]) == (None, True, "sealed")
    assert spin["controllers"] == ["afghan-government", "taliban"]

    printed = geo(f"sqlite:///{tmp_path / 'cli.db'}", "status", "--date", SEED_DAY, "--format", "json")
    assert printed.returncode == 0, printed.stderr
    expected = {row["crossing_id"]: row for row in json.loads(printed.stdout) if row["crossing_id"] in by_id}
    assert by_id == expected


def test_the_state_as_geojson_places_each_crossing_and_lists_those_no_source_places(app_url: str) -> None:
    answer = ask(f"{app_url}/api/v1/state?date={SEED_DAY}&region=afghanistan-2021&format=geojson")
    assert answer.status == 200 and answer.headers["content-type"].startswith("application/geo+json")
    body = answer.json()
    assert body["type"] == "FeatureCollection"
    spin = next(f for f in body["features"] if f["id"] == "spin-boldak-chaman")
    assert spin["geometry"] == {"type": "Point", "coordinates": [pytest.approx(66.44472), pytest.approx(30.92222)]}
    assert spin["properties"]["status"] == "sealed"
    assert "ghulam-khan" in body["unplaced"]
    assert all(f["geometry"]["coordinates"][0] is not None for f in body["features"])


def test_crossings_one_crossing_and_its_history(app_url: str) -> None:
    listed = ask(f"{app_url}/api/v1/crossings").json()["crossings"]
    assert {"spin-boldak-chaman", "torkham", "rafah"} <= {c["crossing_id"] for c in listed}
    torkham = ask(f"{app_url}/api/v1/crossings/torkham")
    assert torkham.status == 200
    assert torkham.json()["name"] == "Torkham" and torkham.json()["country_a"] == "AFG"
    history = ask(f"{app_url}/api/v1/crossings/spin-boldak-chaman/history").json()
    dates = [report["date"] for report in history["reports"]]
    assert dates == sorted(dates) and SEED_DAY in dates


BAD_QUERIES = [
    ("date=14/07/2021", "date", "14/07/2021"),
    ("date=2021-02-29", "date", "2021-02-29"),
    ("region=mars", "region", "mars"),
    ("format=xml", "format", "xml"),
    ("colour=red", "colour", "red"),
]


@pytest.mark.parametrize(("query", "parameter", "value"), BAD_QUERIES)
def test_a_bad_parameter_is_a_400_naming_it(app_url: str, query: str, parameter: str, value: str) -> None:
    answer = ask(f"{app_url}/api/v1/state?{query}")
    assert answer.status == 400
    error = answer.json()["error"]
    assert (error["parameter"], error["value"]) == (parameter, value)
    assert parameter in error["message"]


@pytest.mark.parametrize("path", ["/api/v1/crossings/nowhere", "/api/v1/crossings/nowhere/history"])
def test_an_unknown_crossing_is_a_404_naming_it(app_url: str, path: str) -> None:
    answer = ask(app_url + path)
    assert answer.status == 404
    assert answer.json()["error"]["crossing_id"] == "nowhere"


def test_a_client_polling_with_its_etag_gets_304_until_it_asks_for_something_else(app_url: str) -> None:
    url = f"{app_url}/api/v1/state?date={SEED_DAY}"
    first = ask(url)
    tag = first.headers["etag"]
    again = ask(url, headers={"If-None-Match": tag})
    assert (again.status, again.body) == (304, b"")
    other = ask(f"{app_url}/api/v1/state?date=2021-08-15", headers={"If-None-Match": tag})
    assert other.status == 200 and other.headers["etag"] != tag


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize(
    "path",
    ["/api/v1/state", "/api/v1/crossings", "/api/v1/crossings/torkham", "/api/v1/reports", "/feeds/changes.atom"],
)
def test_a_viewer_finds_no_write_route(app_url: str, method: str, path: str) -> None:
    before = ask(f"{app_url}/api/v1/crossings/torkham").json()
    assert ask(app_url + path, method=method).status == 405
    assert ask(f"{app_url}/api/v1/crossings/torkham").json() == before


def test_the_description_is_served_and_lists_every_route(app_url: str) -> None:
    answer = ask(f"{app_url}/api/v1/openapi.json")
    assert answer.status == 200
    paths = answer.json()["paths"]
    for path in paths:
        concrete = path.replace("{crossing_id}", "torkham")
        assert ask(app_url + concrete).status == 200, path


def _next_link(answer: Answer) -> str | None:
    found = re.fullmatch(r'<([^>]+)>; rel="next"', answer.headers.get("link", ""))
    return found.group(1) if found else None


def _follow(url: str, key: str) -> list[Any]:
    """Every record of a long list, page after page through the Link headers, as a client does."""
    records: list[Any] = []
    next_url: str | None = url
    while next_url is not None:
        answer = ask(next_url)
        assert answer.status == 200, answer.body
        body = answer.json()
        records.extend(body[key])
        next_url = _next_link(answer)
        assert (next_url is None) == (body["next_offset"] is None)
    return records


def test_the_reports_of_a_day_come_page_by_page_through_the_link_header(app_url: str) -> None:
    whole = ask(f"{app_url}/api/v1/reports?since={SEED_DAY}&until={SEED_DAY}&limit=1000").json()
    assert whole["total"] == len(whole["reports"]) >= 4 and whole["next_offset"] is None
    paged = _follow(f"{app_url}/api/v1/reports?since={SEED_DAY}&until={SEED_DAY}&limit=3", "reports")
    assert paged == whole["reports"] and {r["date"] for r in paged} == {SEED_DAY}


def test_the_changes_of_a_region_come_newest_first_page_by_page(app_url: str) -> None:
    query = "region=afghanistan-2021&from=2021-07-01&to=2021-07-31"
    whole = ask(f"{app_url}/api/v1/changes?{query}&limit=1000").json()["changes"]
    paged = _follow(f"{app_url}/api/v1/changes?{query}&limit=4", "changes")
    assert paged == whole and len(whole) > 4
    assert [c["date"] for c in paged] == sorted((c["date"] for c in paged), reverse=True)


@pytest.mark.parametrize(
    ("path", "parameter"),
    [("/api/v1/reports?limit=0", "limit"), ("/api/v1/changes?offset=x", "offset"),
     ("/api/v1/changes?crossing=nowhere", "crossing"), ("/feeds/changes.atom?from=2021-02-30", "from")],
)  # fmt: skip
def test_a_list_s_bad_parameter_is_a_400_naming_it(app_url: str, path: str, parameter: str) -> None:
    answer = ask(app_url + path)
    assert answer.status == 400 and answer.json()["error"]["parameter"] == parameter


def test_the_feed_is_atom_a_feed_reader_reads_and_polls_with_its_etag(app_url: str) -> None:
    url = f"{app_url}/feeds/changes.atom?crossing=spin-boldak-chaman"
    answer = ask(url)
    assert answer.status == 200 and answer.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(answer.body)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10" and feed.feed.title == "Borderwatch: changes, Spin Boldak-Chaman"
    api = ask(f"{app_url}/api/v1/changes?crossing=spin-boldak-chaman").json()["changes"]
    assert [e.title.lower() for e in feed.entries] == [c["sentence"].lower() for c in api]
    again = feedparser.parse(url, etag=answer.headers["etag"])
    assert again.status == 304 and again.entries == []


def test_a_feed_entry_s_link_opens_the_map_at_its_date_with_its_crossing(app_url: str, page: Page) -> None:
    feed = feedparser.parse(ask(f"{app_url}/feeds/changes.atom?crossing=spin-boldak-chaman").body)
    entry = next(e for e in feed.entries if e.updated.startswith("2021-08-14"))
    assert entry.link.startswith(app_url + "/?")
    page.goto(entry.link)
    wait_for_app(page)
    expect(map_frame(page).locator(".bw-asof")).to_have_text("As of 2021-08-14")
    expect(page.get_by_role("heading", name="Spin Boldak-Chaman")).to_be_visible()


def test_no_other_site_s_page_may_read_the_answers_unless_a_setting_lists_it(app_url: str) -> None:
    asked = {"Origin": "https://elsewhere.example"}
    for path in ("/api/v1/state", "/feeds/changes.atom"):
        answer = ask(app_url + path, headers=asked)
        assert answer.status == 200 and "access-control-allow-origin" not in answer.headers


def test_the_alerts_feed_of_the_seed_day_lists_its_contest_and_its_stale_crossings(app_url: str) -> None:
    answer = ask(f"{app_url}/feeds/alerts.atom?date={SEED_DAY}&region=afghanistan-2021")
    assert answer.status == 200 and answer.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(answer.body)
    assert not feed.bozo, feed.get("bozo_exception")
    kinds = {(tag.term, entry.link.split("crossing=")[1].split("&")[0]) for entry in feed.entries for tag in entry.tags}
    assert ("contested", "spin-boldak-chaman") in kinds and ("stale", "hairatan") in kinds
    assert ask(f"{app_url}/feeds/alerts.atom?within=-3").json()["error"]["parameter"] == "within"


def test_a_client_polling_with_the_last_modified_time_gets_304_until_something_is_written(app_url: str) -> None:
    url = f"{app_url}/api/v1/crossings"
    first = ask(url)
    modified = first.headers["last-modified"]
    assert modified.endswith(" GMT")
    assert ask(url, headers={"If-Modified-Since": modified}).status == 304
    assert ask(url, headers={"If-Modified-Since": "Sat, 01 Jan 2000 00:00:00 GMT"}).status == 200
    # The ETag comes first: a tag that does not match is answered in full, whatever the time says.
    stale_tag = {"If-None-Match": '"not-this-one"', "If-Modified-Since": modified}
    assert ask(url, headers=stale_tag).status == 200


def test_the_state_takes_the_map_s_filters_and_grades(app_url: str) -> None:
    base = f"{app_url}/api/v1/state?date={SEED_DAY}"
    sealed = ask(f"{base}&statuses=sealed").json()["crossings"]
    assert sealed and {row["status"] for row in sealed} == {"sealed"}
    whole = ask(base).json()["crossings"]
    graded = ask(f"{base}&reliability=B&credibility=3").json()["crossings"]
    assert [row["crossing_id"] for row in graded] == [row["crossing_id"] for row in whole] and graded != whole
    assert ask(f"{base}&reliability=Q").json()["error"]["parameter"] == "reliability"
