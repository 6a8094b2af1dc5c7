"""A crossing's history told per side, for the history chart's band of each side (geo/runs.py)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from geo.asof import Timeline
from geo.atlas import CROSSING_FIELDS, Atlas
from geo.runs import BAND_COLUMNS, BANDS, RUN_COLUMNS, band_order, chart_bands, history_bands, named_sides, state_runs

SPIN = "spin-boldak-chaman"

# (crossing, side, day, controllers, presumed holder's words, status, contested, run start)
SIDE_CASES = [
    # The seed day: the Afghan side contested from 2021-07-14 while the Pakistani side is sealed.
    (
        SPIN,
        "a",
        date(2021, 7, 14),
        ("afghan-government", "taliban"),
        "contested between",
        "unknown",
        True,
        date(2021, 7, 14),
    ),
    (SPIN, "b", date(2021, 7, 14), (), "Pakistan (presumed", "sealed", False, date(2021, 7, 14)),
    # Before any report names a holder on the Pakistani side, its own country is presumed to hold it.
    (SPIN, "b", date(2021, 5, 20), (), "Pakistan (presumed", "unknown", False, date(2021, 5, 1)),
    (SPIN, "a", date(2021, 6, 1), ("afghan-government",), "Afghan government", "unknown", False, date(2021, 5, 1)),
    # The Taliban take the Afghan side; the Pakistani side restricts, then opens.
    (SPIN, "a", date(2021, 7, 15), ("taliban",), "Taliban", "unknown", False, date(2021, 7, 15)),
    (SPIN, "b", date(2021, 7, 30), (), "Pakistan (presumed", "restricted", False, date(2021, 7, 26)),
    (SPIN, "a", date(2021, 8, 10), ("taliban",), "Taliban", "sealed", False, date(2021, 8, 6)),
    (SPIN, "b", date(2021, 8, 20), (), "Pakistan (presumed", "open", False, date(2021, 8, 14)),
]


def run_on(runs: pd.DataFrame, day: date) -> dict[str, object]:
    """The run that ``day`` falls in."""
    inside = runs[(runs["start"] <= day) & (runs["end"] > day)]
    assert len(inside) == 1, f"{len(inside)} runs hold {day}"
    return dict(inside.iloc[0])


@pytest.mark.parametrize(
    ("crossing", "side", "day", "controllers", "holder", "status", "contested", "start"),
    SIDE_CASES,
    ids=[f"{c[1]}-{c[2]}" for c in SIDE_CASES],
)
def test_a_sides_runs_hold_that_sides_own_state(
    seed_atlas: Atlas,
    crossing: str,
    side: str,
    day: date,
    controllers: tuple[str, ...],
    holder: str,
    status: str,
    contested: bool,
    start: date,
) -> None:
    run = run_on(state_runs(seed_atlas, crossing, side=side), day)
    assert run["controllers"] == controllers
    assert holder in str(run["holder"])
    assert (run["status"], run["contested"], run["start"]) == (status, contested, start)


@pytest.mark.parametrize("side", ["a", "b"])
def test_a_sides_runs_tile_its_history_and_change_on_every_run(seed_atlas: Atlas, side: str) -> None:
    runs = state_runs(seed_atlas, SPIN, side=side)
    assert list(runs.columns) == list(RUN_COLUMNS)
    assert list(runs["end"][:-1]) == list(runs["start"][1:])
    # A day on which only the other side changes starts no run of this side's.
    state = runs[["holder", "status"]].astype(str).agg("|".join, axis=1)
    assert (state != state.shift()).all()


def test_a_side_is_a_or_b(seed_atlas: Atlas) -> None:
    with pytest.raises(ValueError, match="not a side: 'c'"):
        state_runs(seed_atlas, SPIN, side="c")


# (crossing, its named sides, its bands top to bottom)
BAND_CASES = [
    (
        SPIN,
        [("a", "Afghan side"), ("b", "Pakistani side")],
        ["Afghan side: held by", "Afghan side: status", "Pakistani side: held by", "Pakistani side: status"],
    ),
    (
        "torkham",
        [("a", "Afghan side"), ("b", "Pakistani side")],
        ["Afghan side: held by", "Afghan side: status", "Pakistani side: held by", "Pakistani side: status"],
    ),
    # Reports about one side only still give both sides their bands: the other's state is its own.
    ("myawaddy-mae-sot", [("a", "Myanmar side"), ("b", "Thai side")], None),
    # No report names a side: one pair of bands for the whole crossing, as before.
    ("muse-ruili", [], list(BANDS)),
    ("al-rai", [("a", "Syrian side"), ("b", "Turkish side")], None),
]


@pytest.mark.parametrize(("crossing", "sides", "order"), BAND_CASES, ids=[c[0] for c in BAND_CASES])
def test_the_chart_has_a_pair_of_bands_per_named_side_else_one_for_the_crossing(
    seed_atlas: Atlas, crossing: str, sides: list[tuple[str, str]], order: list[str] | None
) -> None:
    assert named_sides(seed_atlas, crossing) == sides
    bands = history_bands(seed_atlas, crossing)
    assert list(bands.columns) == list(BAND_COLUMNS)
    expected = order or [f"{label}: {band}" for _, label in sides for band in BANDS]
    assert band_order(bands) == expected
    # Every band reaches the same last day, and each bar names its own first day for a click.
    assert bands.groupby("band")["end"].max().nunique() == 1
    assert list(bands["first_day"]) == [d.date().isoformat() for d in bands["start"]]


def test_a_sides_bands_are_its_runs_once_per_band(seed_atlas: Atlas) -> None:
    runs = state_runs(seed_atlas, SPIN, side="b")
    bands = chart_bands(runs, side="Pakistani side")
    assert list(bands["band"]) == ["Pakistani side: held by"] * len(runs) + ["Pakistani side: status"] * len(runs)
    assert list(bands["label"].iloc[len(runs) :]) == list(runs["status"])
    # The presumed holder is drawn in its party's colour, not as unknown.
    assert set(bands["fill"].iloc[: len(runs)]) == {seed_atlas.party_colors()["pakistan"]}


def test_the_whole_crossings_bands_are_unchanged_for_a_crossing_without_sides(seed_atlas: Atlas) -> None:
    assert history_bands(seed_atlas, "muse-ruili").equals(chart_bands(state_runs(seed_atlas, "muse-ruili")))


def test_a_crossing_with_no_reports_has_no_bands(seed_atlas: Atlas) -> None:
    quiet = "al-ramtha"
    reports = seed_atlas.reports[seed_atlas.reports["crossing_id"] != quiet]
    crossings = seed_atlas.crossings
    atlas = Atlas(crossings, seed_atlas.parties, reports, Timeline(reports, list(crossings["crossing_id"])))
    assert history_bands(atlas, quiet).empty
    assert named_sides(atlas, "nowhere") == []
    assert set(CROSSING_FIELDS) <= set(crossings.columns)
