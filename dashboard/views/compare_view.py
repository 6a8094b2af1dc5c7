"""Compare page: every crossing whose holder or status differs between two dates, and why."""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard import url_state
from dashboard.controls import current_filter, report_days
from dashboard.data import atlas
from dashboard.text import plain
from geo.changes import changes_between
from geo.describe import claims_table

data = atlas()
names = data.party_names()
crossing_filter = current_filter()
(region,) = crossing_filter.regions
first_day, last_day = report_days(data, region)

st.header("What changed between two dates", divider="gray")
in_data = url_state.day_between(first_day, last_day)
url_state.restore({"a": first_day, "b": last_day}, {"a": in_data, "b": in_data})
left, right = st.columns(2)
day_a: date = left.date_input("From", key="a", format="YYYY-MM-DD")
day_b: date = right.date_input("To", key="b", format="YYYY-MM-DD")
url_state.publish({"a": day_a, "b": day_b})


def _holders(controllers: tuple[str, ...]) -> str:
    if not controllers:
        return "unknown"
    return " / ".join(names.get(c, c) for c in controllers) + (" (contested)" if len(controllers) > 1 else "")


changes = changes_between(data, day_a, day_b, crossing_filter)
st.write(f"{len(changes)} crossing(s) changed between {min(day_a, day_b)} and {max(day_a, day_b)}.")
if not changes.empty:
    st.dataframe(
        {
            "crossing": list(changes["name"]),
            "held by, before": [_holders(c) for c in changes["controllers_before"]],
            "held by, after": [_holders(c) for c in changes["controllers_after"]],
            "status, before": list(changes["status_before"]),
            "status, after": list(changes["status_after"]),
        },
        hide_index=True,
        width="stretch",
    )
    for change in changes.to_dict("records"):
        made_it = data.reports[data.reports["report_id"].isin(change["report_ids"])]
        with st.expander(f"{plain(change['name'])}: the reports that made the difference ({len(made_it)})"):
            st.dataframe(
                claims_table(made_it, names),
                hide_index=True,
                width="stretch",
                column_config={"link": st.column_config.LinkColumn("link", display_text="source page")},
            )
