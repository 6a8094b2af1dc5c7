"""Rows stored together for a day's lookup (geo.arrays.PackedRows) and the frame built from them
(geo.state_frame): what comes out is what went in, in the order it went in."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from geo.arrays import Coded, PackedRows, object_array, object_block
from geo.asof import Timeline
from geo.ingest.synth import synthesize
from geo.sides import crossing_countries
from geo.state_frame import state_frame

VALUES = object_array([("a",), None, "", ("a", "b"), date(2021, 7, 14), ("a",), None, "x"])


def test_a_take_gives_back_each_rows_values_objects_flags_and_integers() -> None:
    flags = np.array([True, False] * 4)
    numbers = np.arange(8, dtype=np.int64) * 1000 - 3
    packed = PackedRows({"things": VALUES, "flag": flags, "number": numbers})
    rows = np.array([7, 0, 1, 1, 4], dtype=np.int64)
    taken = packed.take(rows)
    assert list(taken) == ["things", "flag", "number"]
    things = taken["things"]
    assert isinstance(things, Coded)
    assert list(object_block([things])[0]) == [VALUES[r] for r in rows]
    assert taken["flag"].tolist() == flags[rows].tolist()
    assert taken["number"].tolist() == numbers[rows].tolist()


def test_none_stays_none_and_is_never_read_as_a_missing_number() -> None:
    taken = PackedRows({"things": VALUES}).take(np.array([1, 6], dtype=np.int64))
    assert [value is None for value in object_block([taken["things"]])[0]] == [True, True]


@pytest.mark.parametrize(
    ("column", "message"),
    [
        (np.array([1.5, 2.0]), "neither objects, flags nor integers"),
        (np.array([0, 1 << 40], dtype=np.int64), "beyond 32 bits"),
    ],
)
def test_a_column_that_cannot_be_held_is_refused_by_name(column: np.ndarray, message: str) -> None:
    with pytest.raises((TypeError, ValueError), match=f"'lat'.*{message}"):
        PackedRows({"lat": column})


def test_a_state_frame_keeps_the_columns_order_and_each_kind() -> None:
    frame = state_frame(
        {
            "crossing_id": ["x", "y"],
            "stale": np.array([True, False]),
            "controllers": object_array([("a",), ()]),
            "lat": np.array([31.0, 30.5]),
            "status": Coded(object_array(["open", None]), np.array([1, 0])),
            "parts": np.array([-1, 5]),
        }
    )
    assert list(frame.columns) == ["crossing_id", "stale", "controllers", "lat", "status", "parts"]
    assert frame["stale"].dtype == bool and frame["lat"].dtype == float
    assert all(frame[c].dtype == object for c in ("crossing_id", "controllers", "status", "parts"))
    assert frame["controllers"].tolist() == [("a",), ()]
    assert frame["status"].tolist() == [None, "open"]
    assert frame["parts"].tolist() == [-1, 5]


def test_a_state_frame_can_be_changed_like_any_other() -> None:
    frame = state_frame({"crossing_id": ["x", "y"], "stale": np.array([True, False])})
    frame.loc[0, "crossing_id"] = "z"
    frame["added"] = [1, 2]
    assert frame.to_dict("list") == {"crossing_id": ["z", "y"], "stale": [True, False], "added": [1, 2]}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_days_frame_says_what_each_crossings_own_lookup_says(seed: int) -> None:
    # Synthetic reports name sides, kinds of traffic and directions: every column of a state is exercised.
    data = synthesize(40, 3_000, seed=seed)
    ids = list(data.crossings["crossing_id"])
    timeline = Timeline(data.reports, ids, crossing_countries(data.crossings))
    first, last = min(data.reports["date"]), max(data.reports["date"])
    for day in [first - timedelta(days=1), first, first + (last - first) / 3, last]:
        states = timeline.at(day)
        for position, crossing_id in enumerate(ids):
            row = states.iloc[position].to_dict()
            alone = timeline.state_of(crossing_id, day)
            assert list(row) == list(alone)
            assert {k: (v.item() if isinstance(v, np.generic) else v) for k, v in row.items()} == alone, crossing_id


def test_an_empty_timeline_answers_every_crossing() -> None:
    reports = pd.DataFrame(columns=["crossing_id", "date", "claimant", "controller", "status"])
    states = Timeline(reports, ["x", "y"]).at(date(2021, 7, 14))
    assert states["crossing_id"].tolist() == ["x", "y"]
    assert states["status"].tolist() == ["unknown", "unknown"]
    assert states["stale"].tolist() == [False, False]
