"""Batches page (editors only): every write, who made it, reverting or restoring one, and changing a source's grade."""

from __future__ import annotations

import streamlit as st

from dashboard.auth import require_editor
from dashboard.data import run_write, store
from dashboard.text import plain
from geo.describe import records
from geo.grading import RELIABILITY
from geo.ingest.grades import regrade
from geo.store.audit import AUDIT_COLUMNS, audit_csv, batch_label

editor = require_editor()
st.title("Batches")
st.caption(
    "Every write is a batch: the seed, each upload, each revert. Reverting hides a batch's rows without deleting"
    " them, and is itself a batch that can be reverted to bring them back."
)
trail = store().audit_trail()
st.download_button("Download the audit trail (CSV)", audit_csv(trail), file_name="borderwatch-audit.csv")
if message := st.session_state.pop("batches_message", None):
    st.success(message)
shown = [c for c in AUDIT_COLUMNS if c != "checksum"]
st.dataframe(trail[shown], hide_index=True, width="stretch")

in_force = trail[trail["in_force"]]
labels = {int(row["batch_id"]): batch_label(row) for row in records(in_force)}
choice = st.selectbox("Batch to revert", list(labels), format_func=labels.__getitem__, index=None, key="revert_batch")
if choice is not None:
    sure = st.checkbox(f"Yes, revert batch {choice}. Its rows stay stored and the revert can be undone.")
    if st.button(f"Revert batch {choice}", type="primary", disabled=not sure):
        batch_id: int = choice
        revert_id = run_write(lambda: store().revert(batch_id, created_by=editor))
        if revert_id is not None:
            message = f"Batch {choice} reverted by batch {revert_id}. Revert batch {revert_id} to undo it."
            st.session_state["batches_message"] = message
            st.rerun()

st.subheader("Change a source's grade")
st.caption(
    "A new grade is a batch of its own, kept with your name and your reason; reverting it brings the grade before it"
    " back. The graded sources and their history are on the About page."
)
graded = store().sources()
source_names = dict(zip(graded["source_id"], graded["name"], strict=True))
grades_now = dict(zip(graded["source_id"], graded["reliability"], strict=True))
source_id = st.selectbox(
    "Source",
    list(source_names),
    format_func=lambda s: f"{source_names[s]} (now {grades_now[s]})",
    index=None,
    key="grade_source",
)
if source_id is not None:
    letter = st.selectbox(
        "New grade", list(RELIABILITY), format_func=lambda g: f"{g}: {RELIABILITY[g]}", key="grade_letter"
    )
    reason = st.text_input("Why", key="grade_reason", placeholder="what the new grade rests on")
    if st.button(plain(f"Grade {source_names[source_id]} {letter}"), type="primary", disabled=not reason.strip()):
        chosen: str = source_id
        grade_batch = run_write(lambda: regrade(store(), chosen, letter, reason=reason, created_by=editor))
        if grade_batch is not None:
            st.session_state["batches_message"] = plain(
                f"{source_names[chosen]} graded {letter} by batch {grade_batch}. Revert batch {grade_batch} to undo it."
            )
            st.rerun()
