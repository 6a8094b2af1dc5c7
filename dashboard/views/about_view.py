"""About page: what the map shows, how a crossing's state is decided, and where the data comes from."""

from __future__ import annotations

import streamlit as st

from dashboard.data import atlas, store
from geo.grading import grade_order
from geo.settings import load_settings

data = atlas()
stale_days = load_settings().stale_after_days

st.title("About the data")
st.markdown(
    """
Borderwatch keeps every claim about a border crossing as its own record: who made it, about which
day, in which outlet, on whose word, and how sure the outlet was. Nothing is overwritten. The map
shows what those records add up to on the day you choose, and every state it draws can be traced
back to the reports behind it.
"""
)
st.subheader("How a crossing's state is decided")
st.markdown(
    f"""
To draw a crossing as of a day, Borderwatch reads only the reports about that crossing dated on or
before that day.

**Who holds it.** The most recent day on which any report names a holder decides. If the reports of
that day name one party, that party holds the crossing. If they name more than one, the crossing is
*contested*, and every party named is shown. A holder is *confirmed* when someone other than the
holder itself says so that day, another party or an independent observer; a party's word about
itself alone leaves it *unconfirmed*, drawn with a dashed outline.

**Whether it is open.** The most recent day on which any report states open, restricted or sealed
decides. When the reports of that day disagree, the most restrictive statement is shown and the
status is marked *disputed*. A report that says the status is unknown never outweighs one that
states it.

**What a report leaves out.** A report that names a holder but says nothing of the status leaves
the earlier status standing, and the other way round.

**Each side.** A report may be about one side of a crossing (one of its two countries). It then
counts for that side only; a report about the whole crossing counts for both. Each side has its own
holder and status, and a crossing whose sides differ is drawn in two halves. What a traveller meets
is the most restrictive side's status, and the story says which side that is. A state is presumed to
hold its own side until a report names a holder there; a presumption is never counted as a claim.

**Each kind of traffic, each way.** A status may be for people, goods or aid only, or for traffic
going towards one of the two countries. Each kind and way keeps what was last said of it. A side
open for some and not for others, or open one way only, is *restricted*, and the story says exactly
which ("open towards Egypt only, for people; sealed otherwise").

**Permission is not control.** An authorisation (a UN mandate, a government's consent) lets or
stops some traffic through the crossings it names, from its first day to its last. A newer one from
the same issuer replaces the older (a renewal, or a revocation); one past its last day has *lapsed*.
The story lists the authorisations that count on the day, beside who holds the crossing and whether
it is open, with their sources.

**How sure, on whose word.** Every claim carries a grade such as B2: the letter is its source's
reliability, A (completely reliable) to F (cannot be judged), the digit its information's
credibility, 1 (confirmed by other sources) to 6 (cannot be judged). Pages of one story count once,
by the agency that first reported it, and a holder is *confirmed* only by an origin independent of
it: neither the holder itself nor its own spokesman or media. The sidebar can limit every page to the
reports graded at least so.

**Uncertain dates.** A report whose event has only a range of days ("overnight 6-7 May") counts from
its first day, and the crossing's name is marked "(?)" until its last.

**Old news.** When the latest report is more than {stale_days} days older than the day shown, the
crossing is drawn faded as *stale*. Before a crossing's first report, its holder and status are
unknown.
"""
)
st.subheader("Parties")
st.caption("The governments, armed groups, organisations and outlets that claims name, and their map colours.")
st.dataframe(
    data.parties[["name", "kind", "color"]].rename(columns={"name": "party", "color": "map colour"}),
    hide_index=True,
    width="stretch",
)
st.subheader("Sources")
st.caption("Every outlet or agency the reports cite, with how many reports rest on it and the grade they carry.")
sources = (
    data.reports.groupby("source")
    .agg(reports=("source", "size"), grades=("grade", lambda grades: ", ".join(sorted(set(grades), key=grade_order))))
    .reset_index()
    .sort_values("reports", ascending=False)
)
st.dataframe(sources, hide_index=True, width="stretch")
st.caption(
    "Graded sources: each outlet, agency or speaker with a grade, and every grade it has had, who gave it and why."
)
st.dataframe(
    data.sources[["name", "reliability", "aliases", "party"]].rename(columns={"party": "the voice of"}),
    hide_index=True,
    width="stretch",
)
with st.expander("Grade history"):
    st.dataframe(store().source_grades(), hide_index=True, width="stretch")
st.markdown(
    "Country outlines are from Natural Earth (public domain). The map is drawn with Leaflet, served by this "
    "server: nothing on these pages is fetched from the internet."
)
