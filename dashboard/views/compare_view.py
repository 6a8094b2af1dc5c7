"""Compare page: every crossing whose holder or status differs between two dates, and why."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard import url_state
from dashboard.state import COMPARE_FROM, COMPARE_TO, page_context
from dashboard.tables import CLAIMS_COLUMNS
from dashboard.text import plain
from geo.changes import changes_between
from geo.describe import claims_table, held_by_text, status_text

context = page_context()
data = context.atlas
names = data.party_names()

st.header("What changed between two dates", divider="gray")
in_data = url_state.day_between(context.first_day, context.last_day)
url_state.restore(
    {COMPARE_FROM: context.first_day, COMPARE_TO: context.last_day}, {COMPARE_FROM: in_data, COMPARE_TO: in_data}
)
left, right = st.columns(2)
day_a: date = left.date_input("From", key=COMPARE_FROM, format="YYYY-MM-DD")
day_b: date = right.date_input("To", key=COMPARE_TO, format="YYYY-MM-DD")
url_state.publish({COMPARE_FROM: day_a, COMPARE_TO: day_b})


def _held_by(changes: pd.DataFrame, when: str) -> list[str]:
    return [held_by_text(state, names) for state in changes[f"state_{when}"]]


def _status(changes: pd.DataFrame, when: str) -> list[str]:
    return [status_text(state) for state in changes[f"state_{when}"]]


changes = changes_between(data, day_a, day_b, context.crossing_filter)
st.write(f"{len(changes)} crossing(s) changed between {min(day_a, day_b)} and {max(day_a, day_b)}.")
if not changes.empty:
    st.dataframe(
        pd.DataFrame(
            {
                "crossing": list(changes["name"]),
                "held by, before": _held_by(changes, "before"),
                "held by, after": _held_by(changes, "after"),
                "status, before": _status(changes, "before"),
                "status, after": _status(changes, "after"),
            }
        ),
        hide_index=True,
        width="stretch",
    )
    for change in changes.to_dict("records"):
        made_it = data.reports[data.reports["report_id"].isin(change["report_ids"])]
        with st.expander(f"{plain(change['name'])}: the reports that made the difference ({len(made_it)})"):
            st.dataframe(claims_table(made_it, names), hide_index=True, width="stretch", column_config=CLAIMS_COLUMNS)
