"""The parts of an upload every write page shares: its problems, its preview and commit, and the offer of
a gazetteer place as a new crossing. The Upload page uses them for a file; the article page for drafts.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from dashboard.data import atlas, run_write, store
from dashboard.text import plain
from geo.atlas import Atlas
from geo.describe import change_sentence, records
from geo.errors import ValidationError
from geo.gazetteer import crossing_csv
from geo.ingest.commit import commit_upload
from geo.ingest.preview import Preview, build_preview, known_in
from geo.ingest.upload import Upload, read_upload
from geo.names import pair_name
from geo.settings import load_settings

#: Changes listed in words; a file of a million rows changes nearly every step it adds.
SHOWN_CHANGES = 5_000
#: New rows shown in the preview's table.
SHOWN_ROWS = 1_000


def show_problems(error: ValidationError, what: str, *, line_label: str = "line", first_line: int = 1) -> None:
    """Every problem of a refused upload, with its line (or, for drafts, ``line_label`` counted from
    ``first_line``), column and value, and the problems as a CSV to download."""
    st.error(f"{len(error.problems):,} problem(s) in {plain(what)}; nothing was written. Fix them and try again.")
    problems = pd.DataFrame(
        [(p.line - first_line + 1, p.column, p.value, p.message) for p in error.problems],
        columns=[line_label, "column", "value", "problem"],
    )
    st.dataframe(problems, hide_index=True, width="stretch")
    st.download_button("Download the problems (CSV)", problems.to_csv(index=False), file_name="problems.csv")


def offer_place(place: pd.Series, regions: list[str], *, editor: str, on_added: Callable[[str], None]) -> None:
    """A place of the gazetteer named where a crossing is wanted: a form to add it as a crossing.
    ``on_added`` hears the new crossing's id before the page runs again."""
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
            limits = load_settings().upload
            added = read_upload(crossing_csv(place, region), file=name, known=known_in(atlas()), limits=limits)
            # Not held for review: a place of the reference list claims nothing, and the reports that
            # name it, which do, could not until another editor had verified it.
            batch_id = run_write(lambda: commit_upload(store(), build_preview(atlas(), added), created_by=editor))
            if batch_id is not None:
                on_added(str(place["place_id"]))
                st.toast(f"Added {plain(str(place['name']))} as a crossing (batch {batch_id}).")
                st.rerun()


def show_preview(snapshot: Atlas, upload: Upload, what: str) -> Preview:
    """What committing ``upload`` would change, against the same ``snapshot`` its checks read."""
    preview = build_preview(snapshot, upload)
    st.subheader(f"Preview of {plain(what)}")
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
            "Of these, repeating an earlier line of this file: "
            + ", ".join(str(n) for n in preview.repeated_lines[:50])
        )
    more = f" (first {SHOWN_ROWS:,})" if len(preview.new_rows) > SHOWN_ROWS else ""
    st.markdown(f"**New {upload.kind}**{more}")
    st.dataframe(preview.new_rows.head(SHOWN_ROWS), hide_index=True, width="stretch")
    return preview


def commit_button(preview: Preview, kind: str, *, editor: str, pending: bool) -> int | None:
    """The button that commits ``preview`` as one batch (for review when ``pending``): the batch's id
    once committed, None until then or when the store refuses it (the page says why)."""
    if preview.new_rows.empty:
        st.info("Nothing new to commit.")
        return None
    label = f"Commit {len(preview.new_rows):,} {kind} as one batch" + (" for review" if pending else "")
    if not st.button(label, type="primary"):
        return None
    return run_write(lambda: commit_upload(store(), preview, created_by=editor, pending=pending))


def published_words(pending: bool) -> str:
    """Where a committed batch can now be seen."""
    return "It is public once another editor verifies it on the Review page." if pending else "The map shows it now."
