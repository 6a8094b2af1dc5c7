"""A crossing's story: its state in words, the claims behind it side by side, its history."""

from __future__ import annotations

from datetime import date
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.state import move_map_to
from dashboard.tables import CLAIMS_COLUMNS
from dashboard.text import plain
from geo.atlas import Atlas
from geo.claim_groups import claim_groups
from geo.corroboration import corroboration_parts
from geo.date_versions import date_versions
from geo.describe import claim_text, claims_table, passage_text, records, state_sentence
from geo.grading import GRADE_KEY, first_name, grade_words
from geo.names import pair_name
from geo.permission_text import authorisation_text
from geo.review import PENDING
from geo.runs import BAND_DAY_FIELD, band_day, band_order, history_bands

CARDS_PER_ROW = 3


def _jump_from_table(key: str, days: list[date]) -> None:
    rows = st.session_state[key].selection.rows
    if rows:
        move_map_to(days[rows[0]])


def _jump_from_chart(key: str) -> None:
    points = st.session_state[key].selection.get("change", [])
    if points and BAND_DAY_FIELD in points[0]:
        try:
            day = band_day(points[0][BAND_DAY_FIELD])
        except ValueError:
            st.toast("That part of the chart names no day.")
            return
        move_map_to(day)


def _claim_cards(deciding: pd.DataFrame, names: dict[str, str]) -> None:
    """The deciding reports side by side, grouped by the holder they favour, strongest first."""
    for group in claim_groups(deciding, names):
        st.markdown(f"**{plain(group.title)}** · {plain(group.counts)}")
        rows = records(group.reports)
        for start in range(0, len(rows), CARDS_PER_ROW):
            for column, report in zip(st.columns(CARDS_PER_ROW), rows[start : start + CARDS_PER_ROW], strict=False):
                _claim_card(column.container(border=True), report, names)


def _claim_card(box: Any, report: dict[str, Any], names: dict[str, str]) -> None:
    claimant = names.get(report["claimant"], report["claimant"]) if report["claimant"] else "Independent"
    box.markdown(f"**{plain(claimant)}**: {plain(claim_text(report, names))}")
    box.markdown(f"`{report['grade']}` {plain(grade_words(report))}")
    speaker = report["attribution"] or "speaker not named"
    carried = f" (origin {report['origin_name']})" if report["origin_name"] != first_name(str(report["source"])) else ""
    box.caption(f"{plain(report['source'])}{plain(carried)} · {plain(speaker)} · confidence {report['confidence']}")
    if report["url"]:
        box.link_button("Source page", report["url"])
    if report["note"]:
        box.caption(plain(report["note"]))
    if report.get("review") == PENDING:
        box.caption("Pending review: not yet verified by a second editor")


def _authorisations(mandates: pd.DataFrame, names: dict[str, str]) -> None:
    """Permission apart from control: each authorisation that counts today, with its source."""
    if mandates.empty:
        return
    st.markdown("**Permission** (whoever holds the crossing)")
    for row in records(mandates):
        text, link = st.columns([5, 1], vertical_alignment="center")
        text.markdown(f"- {plain(authorisation_text(row, names))} · {plain(row['source'])}")
        if isinstance(row.get("url"), str) and row["url"]:
            # A button, as the claim cards have: the address never passes through Markdown.
            link.link_button("Source page", row["url"], key=f"authorisation-{row['authorisation_id']}")


#: The height of one band of the history chart, and of the time axis under them.
BAND_PX, AXIS_PX = 28, 34
#: The widest band name drawn in full.
LABEL_PX = 240


def _history_chart(bands: pd.DataFrame, key: str) -> None:
    order = band_order(bands)
    # A click selects the band's first day as text: a time field would come back as epoch
    # milliseconds of local midnight, which differs from reader to reader.
    change = alt.selection_point(name="change", fields=[BAND_DAY_FIELD], on="click")
    chart = (
        alt.Chart(bands)
        .mark_bar(stroke="#333333", strokeWidth=0.5)
        .encode(
            x=alt.X("start:T", title=None),
            x2="end:T",
            # Wide enough for a side's band name: "Pakistani side: held by".
            y=alt.Y("band:N", title=None, sort=order, axis=alt.Axis(labelLimit=LABEL_PX)),
            color=alt.Color("fill:N", scale=None),
            tooltip=[
                alt.Tooltip(f"{BAND_DAY_FIELD}:N", title="from"),
                alt.Tooltip("band:N", title="band"),
                alt.Tooltip("label:N", title="state"),
            ],
        )
        .add_params(change)
        .properties(height=BAND_PX * len(order) + AXIS_PX)
    )
    st.altair_chart(chart, width="stretch", on_select=lambda: _jump_from_chart(key), key=key)
    st.caption(
        "Held by: party colour, grey = contested, white = unknown. Status: light = open, darker = restricted, "
        "darkest = sealed. Click a band to move the map to the date it starts."
    )


def render_story(data: Atlas, state: dict[str, Any], day: date) -> None:
    """The panel for one crossing as of ``day``; clicking a change moves the map to its date."""
    crossing_id = state["crossing_id"]
    names = data.party_names()
    crossing = data.crossings.set_index("crossing_id").loc[crossing_id]
    sides = " / ".join(plain(str(n)) for n in (crossing["name_a"], crossing["name_b"]) if isinstance(n, str) and n)
    st.subheader(plain(crossing["name"]))
    if sides:
        st.caption(f"{sides} · {plain(pair_name(crossing['country_a'], crossing['country_b']))}")
    st.markdown(plain(state_sentence(state, names)))
    st.markdown(f"**Can one cross today?** {plain(passage_text(state))}")
    deciding = data.deciding(crossing_id, day)
    for line in corroboration_parts(state, deciding, names, data.party_kinds()):
        st.markdown(f"- {plain(line)}")
    _authorisations(data.authorisations_at(day, crossing_id), names)
    if deciding.empty:
        st.caption("No report decides this crossing's state yet.")
    else:
        st.caption(f"The claims that decide this state, side by side. {GRADE_KEY}.")
        _claim_cards(deciding, names)

    history = data.history(crossing_id)
    versions = date_versions(history, deciding, names)
    if versions:
        st.markdown("**Dated differently**: outlets give these claims other days, or a range")
        for line in versions:
            st.markdown(f"- {plain(line)}")
    bands = history_bands(data, crossing_id)
    if not bands.empty:
        _history_chart(bands, key=f"chart-{crossing_id}")
    st.caption("Every report, oldest first. Select a row to move the map to its date.")
    table_key = f"history-{crossing_id}"
    days = list(history["date"])
    st.dataframe(
        claims_table(history, names),
        hide_index=True,
        width="stretch",
        on_select=lambda: _jump_from_table(table_key, days),
        selection_mode="single-row",
        key=table_key,
        column_config=CLAIMS_COLUMNS,
    )
