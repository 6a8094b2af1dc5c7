"""Review page (editors only): verify, reject or call unverifiable another editor's batch, whole or report by report."""

from __future__ import annotations

import streamlit as st

from dashboard.auth import require_editor
from dashboard.data import atlas, run_write, store
from dashboard.text import plain
from geo.describe import claims_table, records
from geo.review import DECISIONS, PENDING
from geo.store.audit import batch_label
from geo.store.review_reads import reports_of_batch

MESSAGE_KEY = "review_message"

editor = require_editor()
st.title("Review")
st.caption(
    "A batch committed for review is public only once another editor verifies it; you never review your own."
    " A decision is kept with your name, the time and your note, and cannot be changed."
)
if message := st.session_state.pop(MESSAGE_KEY, None):
    st.success(message)
trail = store().audit_trail()
waiting = trail[trail["in_force"] & trail["review"].fillna("").str.startswith(PENDING)]
mine = waiting["created_by"].str.casefold() == editor.casefold()
if mine.any():
    st.caption("Yours, waiting for another editor: " + ", ".join(f"batch {int(b)}" for b in waiting[mine]["batch_id"]))
theirs = waiting[~mine]
if theirs.empty:
    st.info("No batch waits for your review.")
    st.stop()

labels = {int(row["batch_id"]): batch_label(row) for row in records(theirs)}
batch_id = st.selectbox("Batch to review", list(labels), format_func=labels.__getitem__, key="review_batch")
reports = reports_of_batch(store(), batch_id)
table = claims_table(reports, atlas().party_names()).assign(report=reports["report_id"], review=reports["review"])
st.dataframe(table[["report", "review", "date", "claimant", "claim", "side", "source", "grade"]], hide_index=True)
open_rows = [int(r) for r, state in zip(reports["report_id"], reports["review"], strict=True) if state == PENDING]
decision = st.radio("Decision", DECISIONS, horizontal=True, key="review_decision")
chosen = st.multiselect(
    "Reports to decide (none: the whole batch)",
    open_rows,
    format_func=lambda r: f"report {r}",
    key="review_rows",
)
note = st.text_input("Note", placeholder="what you checked, and against which source", key="review_note")
if st.button("Record the decision", type="primary"):
    rows = list(chosen)

    def decide() -> int:
        if not rows:
            return store().review(batch_id, decision, reviewed_by=editor, note=note)
        for row in rows:
            store().review(batch_id, decision, reviewed_by=editor, note=note, row=("reports", row))
        return len(rows)

    if run_write(decide) is not None:
        what = f"{len(rows)} report(s) of batch {batch_id}" if rows else f"Batch {batch_id}"
        st.session_state[MESSAGE_KEY] = plain(f"{what} {decision} by {editor}.")
        st.rerun()
