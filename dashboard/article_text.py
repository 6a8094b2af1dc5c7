"""An article shown as text with the words each draft rests on marked, for ``st.html``.

Everything from the article is escaped; the only markup is the marks themselves, each labelled
with the numbers of the drafts that quote it (two drafts may rest on one sentence).
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Iterable

#: How the article panel looks: its paragraphs kept, each mark's draft numbers as a small label.
ARTICLE_CSS = (
    "<style>"
    ".bw-article{white-space:pre-wrap;line-height:1.6;max-height:38rem;overflow-y:auto;"
    "padding:.75rem;border:1px solid #d0d0d0;border-radius:.4rem;font-size:.95rem}"
    ".bw-article mark{background:#ffe08a;color:inherit;padding:0 .1rem}"
    ".bw-article mark sup{font-size:.7rem;font-weight:600;margin-left:.15rem}"
    "</style>"
)


def highlighted(text: str, quotes: Iterable[tuple[int, int, int]]) -> str:
    """``text`` as HTML with each ``(draft number, start, end)`` span marked and labelled.

    >>> highlighted("A <b> said. Then B.", [(1, 0, 11)])
    '<div class="bw-article"><mark data-drafts="1">A &lt;b&gt; said.<sup>1</sup></mark> Then B.</div>'
    """
    spans = [(number, max(0, start), min(len(text), end)) for number, start, end in quotes if start < end]
    cuts = sorted({0, len(text), *(s for _, s, _ in spans), *(e for _, _, e in spans)})
    parts = []
    for start, end in itertools.pairwise(cuts):
        piece = html.escape(text[start:end])
        numbers = sorted({n for n, s, e in spans if s <= start and end <= e})
        if not numbers:
            parts.append(piece)
            continue
        label = ",".join(str(n) for n in numbers)
        # The label goes once, at the end of the last piece a mark covers.
        ends_here = any(e == end for n, _, e in spans if n in numbers)
        parts.append(f'<mark data-drafts="{label}">{piece}' + (f"<sup>{label}</sup>" if ends_here else "") + "</mark>")
    return '<div class="bw-article">' + "".join(parts) + "</div>"
