"""A report cut into sentences, each with its exact start and end in the text as pasted.

Wire copy breaks sentences at a full stop, a question or exclamation mark (with any closing quote or
bracket after it) followed by a space and a capital, a digit or an opening quote, and always at a line
break that ends a paragraph. It does not break after the abbreviations reports use before a name or a
number ("Gen.", "Lt. Col.", "No.", "U.N."), after an initial ("Zabihullah M. Mujahid") or inside a
number ("2.5"). The offsets are what the quotes are checked against, so a sentence is never trimmed
or rewritten: ``text[s.start:s.end] == s.text`` always. A quotation is never cut: the sentences of
one quoted statement stay one sentence, so the quote a claim rests on is whole. A stretch with no
stop at all (a pasted table) is read in pieces of at most :data:`MAX_SENTENCE_CHARS`.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
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
    for start, end in _bounded(text, itertools.pairwise(cuts)):
        piece = text[start:end]
        stripped = piece.strip()
        if not stripped:
            continue
        begin = start + (len(piece) - len(piece.lstrip()))
        found.append(Sentence(stripped, begin, begin + len(stripped)))
    return found


#: The longest stretch read as one sentence. Wire copy's sentences are a few hundred characters; a
#: pasted table or a text with no stops is read in pieces of this size, cut after a clause where one
#: ends, so that no paste makes the reader's work grow with the square of its length.
MAX_SENTENCE_CHARS: Final = 2_000
_CLAUSE_END: Final = re.compile(r"[,;:]\s|\s")


def _bounded(text: str, spans: Iterable[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """The spans, each longer than :data:`MAX_SENTENCE_CHARS` cut into pieces no longer than that."""
    for start, end in spans:
        while end - start > MAX_SENTENCE_CHARS:
            limit = start + MAX_SENTENCE_CHARS
            breaks = [m.end() for m in _CLAUSE_END.finditer(text, start + MAX_SENTENCE_CHARS // 2, limit)]
            clauses = [at for at in breaks if text[at - 2] in ",;:"]
            cut = (clauses or breaks or [limit])[-1]
            yield start, cut
            start = cut
        yield start, end


def _ends(text: str) -> list[int]:
    paragraphs = [0, *(m.end() for m in _PARAGRAPH.finditer(text))]
    quotes = _QuoteCounts(text)
    ends = []
    for match in _END.finditer(text):
        if not _OPENS.match(text, match.end()):
            continue
        # A quotation is one statement however many sentences it holds: the quote a claim rests on
        # is cut whole. A quote left open at a paragraph's end (wire copy's way of running a quote
        # on) closes with the paragraph.
        opened = paragraphs[bisect_right(paragraphs, match.start()) - 1]
        if quotes.open_between(opened, match.end()):
            continue
        if match.group().startswith(".") and _abbreviated(text[max(0, match.start() - 40) : match.start()]):
            continue
        ends.append(match.end())
    return ends


class _QuoteCounts:
    """How many quotation marks of each kind the text holds before each position, counted once."""

    def __init__(self, text: str) -> None:
        self._counts = {
            mark: list(itertools.accumulate((c == mark for c in text), initial=0)) for mark in ('"', "“", "”")
        }

    def _between(self, mark: str, start: int, end: int) -> int:
        return self._counts[mark][end] - self._counts[mark][start]

    def open_between(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` ends inside a quotation it opened."""
        return self._between('"', start, end) % 2 == 1 or self._between("“", start, end) > self._between(
            "”", start, end
        )


def _abbreviated(before: str) -> bool:
    """Whether the word just before a full stop is an abbreviation or an initial, not a sentence's end."""
    word = _WORD_BEFORE.search(before)
    if word is None:
        return False
    token = word.group(1).lower().lstrip(".")
    return token in ABBREVIATIONS or (len(token) == 1 and token.isalpha() and word.group(1).isupper())
