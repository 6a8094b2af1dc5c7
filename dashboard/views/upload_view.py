"""Upload page (editors only): check a CSV, preview what it changes, commit it whole as one batch."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.auth import require_editor, review_required
from dashboard.data import atlas, run_write, store
from dashboard.mapping_form import MAPPING_KEY, mapping_form
from dashboard.text import plain
from geo.describe import change_sentence, records
from geo.errors import UnmappedColumnsError, ValidationError
from geo.gazetteer import crossing_csv, places_to_add
from geo.ingest.checks import GAZETTEER_HINT
from geo.ingest.columns import KIND_COLUMNS
from geo.ingest.commit import commit_upload, save_profile, saved_profiles
from geo.ingest.preview import build_preview, known_in
from geo.ingest.templates import column_reference, template_csv
from geo.ingest.upload import read_upload
from geo.names import pair_name
from geo.settings import load_settings

#: The last commit from this page, shown until another file is chosen.
COMMITTED_KEY = "upload_committed"
#: Bumped after a commit: a new uploader key empties it, so the committed file cannot be committed again.
UPLOADER_KEY = "upload_generation"
#: Changes listed in words; a file of a million rows changes nearly every step it adds.
SHOWN_CHANGES = 5_000
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


def _offer_place(place: pd.Series, regions: list[str]) -> None:
    """A place of the gazetteer the file names as a crossing: add it as one, then the file reads again."""
    countries = pair_name(str(place["country_a"]), str(place["country_b"]))
    with st.form(f"add_place_{place['place_id']}"):
        st.markdown(
            plain(f"{place['name']} ({countries}) is in the gazetteer but is no crossing yet.")
            + f" {plain(str(place['located_by']))}."
        )
        region = st.selectbox(
            "Region of the new crossing",
            regions,
            key=f"add_place_region_{place['place_id']}",
            format_func=atlas().region_title,
        )
        if st.form_submit_button(f"Add {plain(str(place['name']))} from the gazetteer"):
            name = f"gazetteer-{place['place_id']}.csv"
            added = read_upload(crossing_csv(place, region), file=name, known=known_in(atlas()), limits=limits)
            # Not held for review: a place of the reference list claims nothing, and the file's reports,
            # which do, could not name it until another editor had verified it.
            batch_id = run_write(lambda: commit_upload(store(), build_preview(atlas(), added), created_by=editor))
            if batch_id is not None:
                st.toast(f"Added {plain(str(place['name']))} as a crossing (batch {batch_id}).")
                st.rerun()


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
    st.error(
        f"{len(error.problems):,} problem(s) in {plain(file.name)}; nothing was written. Fix them and upload again."
    )
    problems = pd.DataFrame(
        [(p.line, p.column, p.value, p.message) for p in error.problems], columns=["line", "column", "value", "problem"]
    )
    st.dataframe(problems, hide_index=True, width="stretch")
    st.download_button("Download the problems (CSV)", problems.to_csv(index=False), file_name="problems.csv")
    unknown = [p.value for p in error.problems if p.column == "crossing_id" and GAZETTEER_HINT in p.message]
    for place in places_to_add(unknown, snapshot.places)[:SHOWN_PLACES]:
        _offer_place(place, snapshot.regions())
    st.stop()

if mapping is not None and profile not in profiles:
    with st.form("save_profile"):
        name = st.text_input("Save this mapping as a profile named", placeholder="e.g. txdot-crossings")
        if st.form_submit_button("Save profile") and name.strip():
            save_profile(store(), name.strip(), mapping, created_by=editor)
            st.toast(f"Saved profile {plain(repr(name.strip()))}.")

preview = build_preview(snapshot, upload)
st.subheader(f"Preview of {plain(file.name)}")
st.caption(plain(f"{len(upload):,} rows of {upload.kind}; " + "; ".join(upload.notes)))
if preview.notices:
    notices = "\n".join(f"- {plain(notice)}" for notice in preview.notices)
    st.warning(f"Read other than as written; check these before you commit:\n\n{notices}")
counts = st.columns(3)
counts[0].metric(f"New {upload.kind}", f"{len(preview.new_rows):,}")
counts[1].metric("Exact duplicates, skipped", f"{len(preview.duplicate_lines):,}")
counts[2].metric("Crossings changing state", f"{preview.changes['crossing_id'].nunique():,}")
if len(preview.changes):
    st.markdown("**Crossings whose state changes** (from the date shown, until a later report says otherwise)")
    shown = preview.changes.head(SHOWN_CHANGES)
    # Each change as one sentence, the side named when only one side changes.
    sentences = [change_sentence(change) for change in records(shown)]
    st.dataframe(pd.DataFrame({"date": shown["date"], "change": sentences}), hide_index=True, width="stretch")
    if len(preview.changes) > SHOWN_CHANGES:
        st.caption(f"The first {SHOWN_CHANGES:,} of {len(preview.changes):,} changes.")
if preview.duplicate_lines:
    st.caption("Duplicate lines: " + ", ".join(str(n) for n in preview.duplicate_lines[:50]))
if preview.repeated_lines:
    st.caption(
        "Of these, repeating an earlier line of this file: " + ", ".join(str(n) for n in preview.repeated_lines[:50])
    )
st.markdown(f"**New {upload.kind}**" + (" (first 1,000)" if len(preview.new_rows) > 1000 else ""))
st.dataframe(preview.new_rows.head(1000), hide_index=True, width="stretch")

if preview.new_rows.empty:
    st.info("Nothing new to commit.")
elif st.button(
    f"Commit {len(preview.new_rows):,} {upload.kind} as one batch" + (" for review" if pending else ""),
    type="primary",
):
    batch_id = run_write(lambda: commit_upload(store(), preview, created_by=editor, pending=pending))
    if batch_id is not None:
        st.session_state.pop(MAPPING_KEY, None)
        published = (
            "It is public once another editor verifies it on the Review page." if pending else "The map shows it now."
        )
        st.session_state[COMMITTED_KEY] = (
            f"Committed {plain(file.name)} as batch {batch_id} by {plain(editor)}:"
            f" {len(preview.new_rows):,} {upload.kind}. {published} Choose another file to upload more."
        )
        st.session_state[UPLOADER_KEY] = st.session_state.get(UPLOADER_KEY, 0) + 1
        st.rerun()
