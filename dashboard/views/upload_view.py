"""Upload page (editors only): check a CSV, preview what it changes, commit it whole as one batch."""

from __future__ import annotations

import streamlit as st

from dashboard.auth import require_editor, review_required
from dashboard.data import atlas, store
from dashboard.mapping_form import MAPPING_KEY, mapping_form
from dashboard.text import plain
from dashboard.upload_flow import commit_button, offer_place, published_words, show_preview, show_problems
from geo.errors import UnmappedColumnsError, ValidationError
from geo.gazetteer import places_to_add
from geo.ingest.checks import GAZETTEER_HINT
from geo.ingest.columns import KIND_COLUMNS
from geo.ingest.commit import save_profile, saved_profiles
from geo.ingest.preview import known_in
from geo.ingest.templates import column_reference, template_csv
from geo.ingest.upload import read_upload
from geo.settings import load_settings

#: The last commit from this page, shown until another file is chosen.
COMMITTED_KEY = "upload_committed"
#: Bumped after a commit: a new uploader key empties it, so the committed file cannot be committed again.
UPLOADER_KEY = "upload_generation"
#: Places of the gazetteer offered to add at once, for a file naming many.
SHOWN_PLACES = 10

editor = require_editor()
pending = review_required()
settings = load_settings()
limits = settings.upload

st.title("Upload")
st.caption(
    "Reports, crossings or parties as CSV (the kind is read from the header). Nothing is written until you commit;"
    " a commit is one batch, all of it or none of it, and can be reverted on the Batches page."
)
with st.expander("Templates and the column reference"):
    for column, kind in zip(st.columns(len(KIND_COLUMNS)), KIND_COLUMNS, strict=True):
        column.download_button(
            f"Template: {kind}", template_csv(kind), file_name=f"{kind}-template.csv", mime="text/csv"
        )
    st.dataframe(column_reference(), hide_index=True, width="stretch")

profiles = saved_profiles(store())
profile = st.selectbox("Column mapping", ["(our own columns)", *profiles], help="Saved mappings for foreign files")
file = st.file_uploader(
    "CSV file",
    type=["csv", "tsv", "txt"],
    max_upload_size=max(1, limits.max_bytes // 1_000_000),
    key=f"upload_file_{st.session_state.get(UPLOADER_KEY, 0)}",
)
if file is None:
    st.session_state.pop(MAPPING_KEY, None)
    if committed := st.session_state.get(COMMITTED_KEY):
        st.success(committed)
        st.page_link("views/batches_view.py", label="See it on the Batches page, where it can be reverted")
    st.stop()
st.session_state.pop(COMMITTED_KEY, None)


mapping = profiles.get(profile) or st.session_state.get(MAPPING_KEY)
# One snapshot for the whole flow: the checks and the preview see the same stored data.
snapshot = atlas()
try:
    upload = read_upload(file.getvalue(), file=file.name, known=known_in(snapshot), mapping=mapping, limits=limits)
except UnmappedColumnsError as error:
    st.warning(f"{plain(file.name)} is not in Borderwatch's columns. Map its columns to ours to read it.")
    if mapping_form(error.headers, error.suggestion, form_key=file.file_id) is not None:
        st.rerun()
    st.stop()
except ValidationError as error:
    show_problems(error, file.name)
    unknown = [p.value for p in error.problems if p.column == "crossing_id" and GAZETTEER_HINT in p.message]
    for place in places_to_add(unknown, snapshot.places)[:SHOWN_PLACES]:
        offer_place(place, snapshot.regions(), editor=editor, on_added=lambda _: None)
    st.stop()

if mapping is not None and profile not in profiles:
    with st.form("save_profile"):
        name = st.text_input("Save this mapping as a profile named", placeholder="e.g. txdot-crossings")
        if st.form_submit_button("Save profile") and name.strip():
            save_profile(store(), name.strip(), mapping, created_by=editor)
            st.toast(f"Saved profile {plain(repr(name.strip()))}.")

preview = show_preview(snapshot, upload, file.name)
batch_id = commit_button(preview, upload.kind, editor=editor, pending=pending)
if batch_id is not None:
    st.session_state.pop(MAPPING_KEY, None)
    st.session_state[COMMITTED_KEY] = (
        f"Committed {plain(file.name)} as batch {batch_id} by {plain(editor)}:"
        f" {len(preview.new_rows):,} {upload.kind}. {published_words(pending)} Choose another file to upload more."
    )
    st.session_state[UPLOADER_KEY] = st.session_state.get(UPLOADER_KEY, 0) + 1
    st.rerun()
