"""Every change one by one, newest first (what /api/v1/changes lists), and the same changes as an
Atom feed, read back by a real feed parser: hostile text stays text, each entry links to the map."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import feedparser
import pytest

from geo.atlas import Atlas
from geo.atom import changes_feed, xml_text
from geo.change_records import CHANGE_RECORD_FIELDS, change_record
from geo.changes import changes_between, recent_changes
from geo.filters import CrossingFilter
from geo.ingest.seed import open_store
from geo.settings import SEEDS_DIR

REGION = "afghanistan-2021"


@pytest.fixture(scope="module")
def seed_atlas() -> Iterator[Atlas]:
    store, _ = open_store("sqlite://", seeds=SEEDS_DIR)
    yield Atlas.load(store)
    store.close()


def _region_ids(atlas: Atlas, region: str) -> list[str]:
    return [str(c) for c in atlas.crossings.loc[atlas.crossings["region"] == region, "crossing_id"]]


def test_each_change_is_what_changed_between_the_day_before_and_its_day_and_none_is_missed(
    seed_atlas: Atlas,
) -> None:
    ids = _region_ids(seed_atlas, REGION)
    found, more = recent_changes(seed_atlas, crossing_ids=ids, limit=1000)
    assert found and not more
    listed = {(c["date"], c["crossing_id"]): c for c in found}
    whole_region = CrossingFilter(regions=frozenset({REGION}))
    for day in sorted({c["date"] for c in found}):
        between = changes_between(seed_atlas, day - timedelta(days=1), day, whole_region)
        assert {(day, cid) for cid in between["crossing_id"]} == {key for key in listed if key[0] == day}
        for row in between.to_dict("records"):
            change = listed[(day, row["crossing_id"])]
            for field in ("status_before", "status_after", "controllers_before", "controllers_after", "report_ids"):
                assert change[field] == row[field], (day, row["crossing_id"], field)


def test_changes_are_newest_first_and_a_range_keeps_only_its_days(seed_atlas: Atlas) -> None:
    found, _ = recent_changes(seed_atlas, first=date(2021, 7, 1), last=date(2021, 7, 31), limit=1000)
    days = [c["date"] for c in found]
    assert days == sorted(days, reverse=True)
    assert days and all(date(2021, 7, 1) <= d <= date(2021, 7, 31) for d in days)


def test_an_authorisation_that_lapses_is_a_change_whose_source_is_the_authorisation(seed_atlas: Atlas) -> None:
    # The Adré opening's second extension ends on 2025-05-15: the next day it has lapsed.
    found, _ = recent_changes(seed_atlas, crossing_ids=["adre"], first=date(2025, 5, 16), last=date(2025, 5, 16))
    assert len(found) == 1
    record = change_record(seed_atlas, found[0], seed_atlas.party_names())
    assert record["before"].startswith("authorised until 2025-05-15") and record["after"] == "lapsed 2025-05-15"
    assert [source["kind"] for source in record["sources"]] == ["authorisation"]


def test_a_change_record_names_its_side_and_its_deciding_reports(seed_atlas: Atlas) -> None:
    found, _ = recent_changes(seed_atlas, crossing_ids=["spin-boldak-chaman"], limit=1000)
    records = [change_record(seed_atlas, c, seed_atlas.party_names()) for c in found]
    assert all(list(r) == list(CHANGE_RECORD_FIELDS) for r in records)
    # On the seed day both sides change: the capture is contested on the Afghan side, Pakistan seals its own.
    seed_day = next(r for r in records if r["date"] == "2021-07-14")
    assert seed_day["side"] == "" and "contested: Afghan government and Taliban" in seed_day["after"]
    assert "sealed" in seed_day["after"] and "sealed" not in seed_day["before"]
    reports = seed_atlas.reports.set_index("report_id")
    assert len(seed_day["sources"]) >= 3
    for source in seed_day["sources"]:
        assert source["kind"] == "report" and source["date"] == "2021-07-14"
        assert reports.at[source["id"], "crossing_id"] == "spin-boldak-chaman"
    # Later the Pakistani side alone reopens: the change names that side.
    reopened = next(r for r in records if r["date"] == "2021-08-14")
    assert (reopened["side"], reopened["before"], reopened["after"]) == ("PAK", "restricted", "open")
    assert reopened["sentence"] == "the Pakistani side of Spin Boldak-Chaman goes from restricted to open on 2021-08-14"


def _feed(records: list[dict[str, Any]], **overrides: Any) -> feedparser.FeedParserDict:
    options: dict[str, Any] = {
        "title": "Borderwatch: changes",
        "self_url": "http://example.test/feeds/changes.atom",
        "map_url": "http://example.test/",
        "next_url": None,
        "last_day": date(2021, 9, 30),
        "permalink": lambda day, cid, region: f"http://example.test/?date={day}&crossing={cid}&region={region}",
    } | overrides
    return feedparser.parse(changes_feed(records, **options))


def test_the_feed_is_valid_atom_with_one_entry_per_change_linked_to_the_map_at_its_date(seed_atlas: Atlas) -> None:
    found, _ = recent_changes(seed_atlas, crossing_ids=_region_ids(seed_atlas, REGION), limit=20)
    records = [change_record(seed_atlas, c, seed_atlas.party_names()) for c in found]
    feed = _feed(records, next_url="http://example.test/feeds/changes.atom?offset=20")
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10" and len(feed.entries) == len(records)
    assert [link.href for link in feed.feed.links if link.rel == "next"] == [
        "http://example.test/feeds/changes.atom?offset=20"
    ]
    assert len({entry.id for entry in feed.entries}) == len(records)
    for entry, record in zip(feed.entries, records, strict=True):
        assert entry.title.lower() == record["sentence"].lower()
        assert (
            entry.link == f"http://example.test/?date={record['date']}&crossing={record['crossing_id']}&region={REGION}"
        )
        assert entry.updated.startswith(record["date"])
        for source in record["sources"]:
            assert str(source["source"]) in entry.content[0].value


HOSTILE = '<script>alert("x")</script> & \x0b\x1b[31m "quoted" ]]> \ufffe end'


def test_hostile_names_and_sources_are_text_in_the_feed(seed_atlas: Atlas) -> None:
    found, _ = recent_changes(seed_atlas, crossing_ids=["torkham"], limit=1)
    record = change_record(seed_atlas, found[0], seed_atlas.party_names())
    record |= {"sentence": HOSTILE, "before": HOSTILE, "region": HOSTILE}
    record["sources"] = [
        {"kind": "report", "id": 1, "date": "2021-07-14", "source": HOSTILE, "attribution": HOSTILE,
         "url": "https://example.org/a?b=1&c=<2>", "title": None}
    ]  # fmt: skip
    feed = _feed([record], title=HOSTILE)
    assert not feed.bozo, feed.get("bozo_exception")
    shown = xml_text(HOSTILE)
    assert feed.feed.title == shown and feed.entries[0].title == shown
    assert "<script>" not in feed.entries[0].content[0].value
    assert "&lt;script&gt;" in feed.entries[0].content[0].value
    related = [link.href for link in feed.entries[0].links if link.rel == "related"]
    assert related == ["https://example.org/a?b=1&c=<2>"]


def test_a_feed_with_no_change_is_still_valid_and_dated_by_the_data() -> None:
    feed = _feed([])
    assert not feed.bozo and feed.entries == []
    assert feed.feed.updated.startswith("2021-09-30")
