"""The quoted stretches of a sentence, and what lies outside them (who said it, to whom, when)."""

from __future__ import annotations

from typing import Final

_OPEN: Final = "“«"
_CLOSE: Final = "”»"


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` of each quotation in ``text``, its marks included; one left open runs to the end.

    Straight quotes pair in order; curly and angled ones pair open with close.

    >>> quoted_spans('He said "we hold it" and left.')
    [(8, 20)]
    >>> quoted_spans('"The gate is ours," he said.')
    [(0, 19)]
    """
    spans: list[tuple[int, int]] = []
    start: int | None = None
    closer = ""
    for at, mark in enumerate(text):
        if start is None and (mark == '"' or mark in _OPEN):
            start, closer = at, '"' if mark == '"' else _CLOSE[_OPEN.index(mark)]
        elif start is not None and mark == closer:
            spans.append((start, at + 1))
            start = None
    if start is not None:
        spans.append((start, len(text)))
    return spans


def inside(at: int, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The span of ``spans`` that holds position ``at``, if any."""
    return next(((s, e) for s, e in spans if s <= at < e), None)
