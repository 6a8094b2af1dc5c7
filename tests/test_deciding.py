"""The deciding-reports rule, written once: the reports naming a controller on the control day and
those stating a status on the status day."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from geo.atlas import Atlas
from geo.dates import NO_DAY
from geo.deciding import deciding_for, deciding_mask
from geo.present.sources import source_entries, sources_behind
from geo.sides import WHOLE
from tests.test_history import synthetic_atlas

D = date(2021, 7, 14)


def test_the_rule_over_arrays_takes_the_named_on_the_control_day_and_the_stated_on_the_status_day() -> None:
    #            crossing 0: control day 10, status day 12; crossing 1: neither
    slots = np.array([0, 0, 0, 0, 1, -1], dtype=np.int64)
    days = np.array([10, 10, 12, 11, 10, 10], dtype=np.int64)
    naming = np.array([True, False, True, True, True, True])
    stating = np.array([False, True, True, True, True, True])
    whole = np.full(len(slots), WHOLE, dtype=np.int64)
    control, status = np.array([10, NO_DAY]), np.array([12, NO_DAY])
    mask = deciding_mask(slots, whole, days, naming, stating, (control, control), (status, status))
    assert mask.tolist() == [True, False, True, False, False, False]


def test_a_report_about_one_side_decides_only_that_sides_state() -> None:
    #            crossing 0: side a's control day 10, side b's 11; status days 12 and 13
    slots = np.zeros(6, dtype=np.int64)
    sides = np.array([0, 1, WHOLE, 1, 0, WHOLE], dtype=np.int64)
    days = np.array([10, 10, 11, 11, 13, 13], dtype=np.int64)
    naming = np.array([True, True, True, True, False, False])
    stating = np.array([False, False, False, False, True, True])
    control = (np.array([10]), np.array([11]))
    status = (np.array([12]), np.array([13]))
    mask = deciding_mask(slots, sides, days, naming, stating, control, status)
    assert mask.tolist() == [True, False, True, True, False, True]


def test_a_state_with_no_decided_day_rests_on_no_report() -> None:
    reports = pd.DataFrame({"crossing_id": ["x"], "date": [D], "controller": [""], "status": [None]})
    states = pd.DataFrame({"crossing_id": ["x"], "control_date": [None], "status_date": [None]})
    assert deciding_for(reports, states).empty


def test_the_footnote_the_table_and_the_story_rest_on_the_same_reports(seed_atlas: Atlas) -> None:
    for atlas in (seed_atlas, synthetic_atlas(5)):
        for day in (date(2015, 6, 1), D, date(2019, 1, 1)):
            states = atlas.states(day)
            together = atlas.deciding_for(states)
            assert together.equals(deciding_for(atlas.reports, states))
            one_by_one = [atlas.deciding(cid, day) for cid in states["crossing_id"]]
            assert sorted(together.index) == sorted(i for frame in one_by_one for i in frame.index)
            assert sources_behind(atlas.reports, states) == source_entries(together)


def test_states_listed_twice_decide_as_once(seed_atlas: Atlas) -> None:
    states = seed_atlas.states(D)
    assert deciding_for(seed_atlas.reports, pd.concat([states, states])).equals(
        deciding_for(seed_atlas.reports, states)
    )
