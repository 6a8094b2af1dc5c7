"""From an article (editors only): paste a news report, check the claims drafted from it, commit them as one batch.

Nothing is written until the commit: the drafts are report rows that go through the same checks,
preview, batch and review as an uploaded file (:mod:`dashboard.upload_flow`).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Final

import pandas as pd
import streamlit as st

from dashboard.article_text import ARTICLE_CSS, highlighted
from dashboard.auth import require_editor, review_required
from dashboard.data import atlas
from dashboard.text import plain
from dashboard.upload_flow import commit_button, offer_place, published_words, show_preview, show_problems
from geo.atlas import Atlas
from geo.errors import ValidationError
from geo.extract.claims import DRAFT_FIELDS, read_article
from geo.extract.reports import report_rows, reports_csv, unsettled_names
from geo.extract.vocabulary import Vocabulary
from geo.extract.when import own_date
from geo.gazetteer import Gazetteer
from geo.grading import CREDIBILITY
from geo.ingest.preview import known_in
from geo.ingest.upload import read_upload
from geo.model import TRAFFIC_KINDS, Status
from geo.names import listed
from geo.settings import load_settings

#: The article read and its drafts as last edited: {"text", "url", "outlet", "published", "drafts"}.
ARTICLE_KEY = "article_drafts"
#: Bumped whenever the drafts are replaced, so the table starts from them and not from older edits.
EDITOR_KEY = "article_editor_generation"
#: Bumped after a commit, so the form empties and the committed article cannot be committed twice.
FORM_KEY = "article_form_generation"
COMMITTED_KEY = "article_committed"
#: The earliest publication day the form takes.
EARLIEST_ARTICLE: Final = date(1900, 1, 1)
#: What the problems and the preview call the drafts.
WHAT = "the drafts"
#: Places of the gazetteer offered to add at once.
SHOWN_PLACES = 10
#: The column numbering each draft as the text marks its words; a row added by hand has none.
NUMBER = "no."
#: The table's columns: the report's fields, then where the claim was read.
SHOWN_FIELDS = (
    NUMBER, "crossing_id", "crossing_name", "date", "date_latest", "claimant", "controller", "status", "side",
    "traffic", "direction", "source", "origin", "attribution", "credibility", "quote",
)  # fmt: skip

editor = require_editor()
pending = review_required()
snapshot = atlas()

st.title("From an article")
st.caption(
    "Paste a news report: each claim it makes is drafted as a report, with the words it rests on marked in the text."
    " Correct, drop or add drafts in the table, then preview and commit them as one batch"
    + (" for review" if pending else "")
    + ". Nothing is written until you commit."
)
if committed := st.session_state.get(COMMITTED_KEY):
    st.success(committed)
    st.page_link("views/batches_view.py", label="See it on the Batches page, where it can be reverted")

generation = st.session_state.get(FORM_KEY, 0)
with st.form(f"article_form_{generation}"):
    text = st.text_area("Article text", height=260, placeholder="Paste the article as plain text")
    where = st.columns([3, 2, 1])
    url = where[0].text_input("URL", placeholder="https://…")
    outlet = where[1].text_input("Outlet", placeholder="e.g. AFP")
    # Streamlit's own range is the last ten years; an archive report can be older than that.
    published = where[2].date_input(
        "Published",
        value=None,
        min_value=EARLIEST_ARTICLE,
        max_value=date.today(),
        format="YYYY-MM-DD",
        help="Empty: the date in the article's first lines",
    )
    drafting = st.form_submit_button("Draft the claims", type="primary")


#: What an empty choice holds in the table: the grid shows an empty choice as a grey "None"
#: (streamlit/streamlit#13429), which reads as a missing value; a dash reads as left empty.
BLANK: Final = "—"
#: The columns edited by choosing, each with BLANK first among its choices.
CHOSEN: Final = ("crossing_id", "claimant", "controller", "status", "traffic")


def _drafts_frame(drafts: list[dict[str, Any]]) -> pd.DataFrame:
    """The drafts as the table starts from them, each numbered as its words are marked in the text."""
    frame = pd.DataFrame(drafts, columns=list(DRAFT_FIELDS)).astype({"quote_start": "Int64", "quote_end": "Int64"})
    frame.insert(0, NUMBER, pd.Series(range(1, len(frame) + 1), dtype="Int64"))
    for name in CHOSEN:
        frame[name] = frame[name].replace("", BLANK)
    return frame


def _replace_drafts(article: dict[str, Any]) -> None:
    st.session_state[ARTICLE_KEY] = article
    st.session_state[EDITOR_KEY] = st.session_state.get(EDITOR_KEY, 0) + 1


if drafting:
    st.session_state.pop(COMMITTED_KEY, None)
    day = published if isinstance(published, date) else own_date(text)
    if not text.strip():
        st.warning("Paste the article's text first.")
    elif day is None:
        st.warning("No date with its year in the article's first lines: give its date under Published.")
    else:
        vocabulary = Vocabulary.of(snapshot.crossings, snapshot.parties, snapshot.places)
        found = read_article(text, day, vocabulary, outlet=outlet.strip())
        _replace_drafts(
            {
                "text": text,
                "url": url.strip(),
                "outlet": outlet.strip(),
                "published": day,
                "drafts": _drafts_frame([d.fields() for d in found]),
            }
        )

if ARTICLE_KEY not in st.session_state:
    st.stop()
article: dict[str, Any] = st.session_state[ARTICLE_KEY]


def _column_config(data: Atlas) -> dict[str, Any]:
    # Each choice list starts with BLANK: a reader can empty a cell again.
    parties = [BLANK, *sorted(data.parties["party_id"].astype(str))]
    return {
        NUMBER: st.column_config.NumberColumn(NUMBER, disabled=True, help="Its words are marked so in the text"),
        "crossing_id": st.column_config.SelectboxColumn(
            "crossing",
            options=[BLANK, *sorted(data.crossings["crossing_id"].astype(str))],
            help="The crossing's id",
        ),
        "crossing_name": st.column_config.TextColumn("as written", disabled=True),
        "date": st.column_config.TextColumn("date", help="YYYY-MM-DD"),
        "date_latest": st.column_config.TextColumn("latest", help="Last day it may have been, when uncertain"),
        "claimant": st.column_config.SelectboxColumn("claimant", options=parties),
        "controller": st.column_config.SelectboxColumn("holder", options=parties),
        "status": st.column_config.SelectboxColumn("status", options=[BLANK, *(s.value for s in Status)]),
        "side": st.column_config.TextColumn("side", help="Alpha-3 of the side; empty = the whole crossing"),
        "traffic": st.column_config.SelectboxColumn("traffic", options=[BLANK, *TRAFFIC_KINDS], help="— = all"),
        "direction": st.column_config.TextColumn("towards", help="Alpha-3; empty = both ways"),
        "credibility": st.column_config.SelectboxColumn(
            "credibility", options=[str(grade) for grade in CREDIBILITY], help="1 confirmed … 6 cannot be judged"
        ),
        "quote": st.column_config.TextColumn("quote", width="large"),
    }


drafts: pd.DataFrame = article["drafts"]
st.markdown(f"**{len(drafts):,} claim(s) drafted** from the article of {article['published']:%-d %B %Y}.")
reading, table = st.columns([2, 3])
with table:
    st.markdown("**Drafts** (edit a cell; select rows to delete them; add a row at the bottom)")
    edited = st.data_editor(
        drafts[list(SHOWN_FIELDS)],
        key=f"article_drafts_editor_{st.session_state.get(EDITOR_KEY, 0)}",
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_config=_column_config(snapshot),
    )
with reading:
    st.markdown("**The article**, the words of each draft kept marked with its number")
    kept = set(edited[NUMBER].dropna().astype(int))
    spans = [
        (int(number), int(start), int(end))
        for number, start, end in zip(drafts[NUMBER], drafts["quote_start"], drafts["quote_end"], strict=True)
        if int(number) in kept and pd.notna(start) and pd.notna(end)
    ]
    st.html(ARTICLE_CSS + highlighted(article["text"], spans))
rows = [
    {str(column): "" if value == BLANK else value for column, value in row.items()} for row in edited.to_dict("records")
]
if not rows:
    st.info("No drafts left: add one in the table, or paste another article.")
    st.stop()


def _fill_crossing(place_id: str) -> None:
    """The place just added from the gazetteer is the crossing of every draft that names it."""
    gazetteer = Gazetteer(atlas().places)
    filled = _with_offsets(edited)
    for index, row in filled.iterrows():
        empty = row["crossing_id"] in (BLANK, "") or pd.isna(row["crossing_id"])
        place = gazetteer.named(str(row["crossing_name"] or "")) if empty else None
        if place is not None and str(place["place_id"]) == place_id:
            filled.at[index, "crossing_id"] = place_id
    _replace_drafts({**article, "drafts": filled})


def _with_offsets(table: pd.DataFrame) -> pd.DataFrame:
    """The table as edited, each numbered draft given back where its quote stands in the text."""
    offsets = drafts[[NUMBER, "quote_start", "quote_end"]]
    return table.merge(offsets, on=NUMBER, how="left").reindex(columns=[NUMBER, *DRAFT_FIELDS])


unplaced = Gazetteer(snapshot.places)
named = [str(row["crossing_name"]) for row in rows if not row["crossing_id"] and row["crossing_name"]]
placed = {name: place for name in named if (place := unplaced.named(name)) is not None}
places = {str(place["place_id"]): place for place in placed.values()}
for place in list(places.values())[:SHOWN_PLACES]:
    offer_place(place, snapshot.regions(), editor=editor, on_added=_fill_crossing)

# Each kept draft's names as the reader wrote them, under the ids as the table now has them; a place
# the gazetteer knows is offered above instead.
written: dict[int, dict[str, Any]] = {
    int(d[NUMBER]): {str(k): v for k, v in d.items()} for d in drafts.to_dict("records")
}
unknown = unsettled_names(
    ({**written.get(int(row[NUMBER]), {}), **row} if pd.notna(row[NUMBER]) else row for row in rows),
    offered=placed.keys(),
)
if unknown:
    st.caption(
        f"Named in the article but not held in the database: {listed(unknown)}."
        " Choose the crossing or party in the table, add it to the database, or drop the draft."
    )

upload_rows = report_rows(rows, url=article["url"], published=article["published"])
try:
    drafted = reports_csv(upload_rows).encode("utf-8")
    upload = read_upload(drafted, file="drafts.csv", known=known_in(snapshot), limits=load_settings().upload)
except ValidationError as error:
    show_problems(error, WHAT, line_label="row", first_line=2)
    st.stop()
preview = show_preview(snapshot, upload, WHAT)
batch_id = commit_button(preview, upload.kind, editor=editor, pending=pending)
if batch_id is not None:
    st.session_state[COMMITTED_KEY] = (
        f"Committed {len(preview.new_rows):,} reports drafted from the article as batch {batch_id}"
        f" by {plain(editor)}. {published_words(pending)}"
    )
    st.session_state.pop(ARTICLE_KEY, None)
    st.session_state[FORM_KEY] = generation + 1
    st.rerun()
