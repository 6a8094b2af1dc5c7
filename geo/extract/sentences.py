"""A report cut into sentences, each with its exact start and end in the text as pasted.

Wire copy breaks sentences at a full stop, a question or exclamation mark (with any closing quote or
bracket after it) followed by a space and a capital, a digit or an opening quote, and always at a line
break that ends a paragraph. It does not break after the abbreviations reports use before a name or a
number ("Gen.", "Lt. Col.", "No.", "U.N."), after an initial ("Zabihullah M. Mujahid") or inside a
number ("2.5"). The offsets are what the quotes are checked against, so a sentence is never trimmed
or rewritten: ``text[s.start:s.end] == s.text`` always. A quotation is never cut: the sentences of
one quoted statement stay one sentence, so the quote a claim rests on is whole.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Final

#: Words that end in a full stop without ending the sentence, lower-cased and without the stop.
ABBREVIATIONS: Final = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cpt", "sgt", "cmdr", "adm",
        "brig", "gov", "sen", "rep", "pres", "st", "mt", "no", "nos", "vol", "approx", "est",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
        "inc", "ltd", "co", "corp", "dept", "govt", "vs", "etc", "e.g", "i.e",
        "u.s", "u.n", "u.k", "u.a.e",
    }
)  # fmt: skip

# A candidate end: the stop, any closing quotes or brackets, then the space before the next sentence.
_END: Final = re.compile(r"[.!?]+[\"'”’»)\]]*(?=\s)")
# What may open a sentence: a capital, a digit or an opening quote or bracket.
_OPENS: Final = re.compile(r"\s+[\"'“‘«(\[]?[A-Z0-9\u00C0-\u024F\u0370-\uFFFF]")
# A paragraph ends at a blank line, or at a line break after a line that ends as a sentence does.
_PARAGRAPH: Final = re.compile(r"\n\s*\n|(?<=[.!?\"'”’:])[ \t]*\n")
_WORD_BEFORE: Final = re.compile(r"([\w.]+)$")


@dataclass(frozen=True)
class Sentence:
    """One sentence of a report, and where it stands in the text."""

    text: str
    start: int
    end: int


def sentences(text: str) -> list[Sentence]:
    """The sentences of ``text`` in order, blank stretches between them left out.

    >>> [s.text for s in sentences("Gen. Ali said the gate fell. It reopened at 2.5 km.")]
    ['Gen. Ali said the gate fell.', 'It reopened at 2.5 km.']
    """
    cuts = sorted({0, len(text), *_ends(text), *(m.end() for m in _PARAGRAPH.finditer(text))})
    found = []
    for start, end in itertools.pairwise(cuts):
        piece = text[start:end]
        stripped = piece.strip()
        if not stripped:
            continue
        begin = start + (len(piece) - len(piece.lstrip()))
        found.append(Sentence(stripped, begin, begin + len(stripped)))
    return found


def _ends(text: str) -> list[int]:
    paragraphs = [0, *(m.end() for m in _PARAGRAPH.finditer(text))]
    ends = []
    for match in _END.finditer(text):
        if not _OPENS.match(text, match.end()):
            continue
        # A quotation is one statement however many sentences it holds: the quote a claim rests on
        # is cut whole. A quote left open at a paragraph's end (wire copy's way of running a quote
        # on) closes with the paragraph.
        opened = paragraphs[bisect_right(paragraphs, match.start()) - 1]
        if _quoting(text[opened : match.end()]):
            continue
        if match.group().startswith(".") and _abbreviated(text[: match.start()]):
            continue
        ends.append(match.end())
    return ends


def _quoting(stretch: str) -> bool:
    """Whether ``stretch`` ends inside a quotation it opened."""
    return stretch.count('"') % 2 == 1 or stretch.count("“") > stretch.count("”")


def _abbreviated(before: str) -> bool:
    """Whether the word just before a full stop is an abbreviation or an initial, not a sentence's end."""
    word = _WORD_BEFORE.search(before)
    if word is None:
        return False
    token = word.group(1).lower().lstrip(".")
    return token in ABBREVIATIONS or (len(token) == 1 and token.isalpha() and word.group(1).isupper())
