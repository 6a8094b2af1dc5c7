"""Who vouches for each holder of a crossing, in words: "Taliban: claimed by the Taliban (C3); confirmed by
one independent origin, Pakistan (B2)", and a party as running text names it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import pandas as pd

from geo.describe import side_states
from geo.grading import grade_order, own_voice, with_grades
from geo.names import listed, side_name

#: Party kinds written with "the" in running text ("claimed by the Taliban").
_KINDS_WITH_ARTICLE: Final = frozenset({"armed-group"})
#: Who an empty claimant is: a report from no party.
INDEPENDENT: Final = "an independent observer"


def party_mention(party_id: str, names: Mapping[str, str], kinds: Mapping[str, str] | None = None) -> str:
    """A party as running text names it: "the Taliban", "the Afghan government", "Pakistan".

    "The" goes before an armed group and before a name with a common noun in it (a
    lowercase word: "Afghan government", "Myanmar military"); a state's proper name
    stands alone. Without ``kinds`` only the second rule applies.

    >>> party_mention("taliban", {"taliban": "Taliban"}, {"taliban": "armed-group"})
    'the Taliban'
    """
    name = names.get(party_id, party_id)
    words = name.split()
    if words and words[0].casefold() == "the":
        return name
    common_noun = any(w[0].isalpha() and w[0].islower() for w in words[1:])
    armed = (kinds or {}).get(party_id) in _KINDS_WITH_ARTICLE
    return f"the {name}" if common_noun or armed else name


@dataclass(frozen=True)
class Voice:
    """One origin's word for a holder: who said it, its best grade, and how many reports carry it."""

    origin: str
    claimants: tuple[str, ...]
    grade: str
    reports: int


def _voices(reports: pd.DataFrame) -> list[Voice]:
    """The reports grouped by origin, strongest first (then by origin name): pages of one story count once."""
    voices = []
    for origin, group in reports.groupby("origin_key", sort=False):
        grades = sorted(group["grade"], key=grade_order)
        name = str(group["origin_name"].iloc[0])
        claimants = tuple(dict.fromkeys(_text(c) for c in group["claimant"]))
        voices.append(Voice(name or str(origin), claimants, grades[0], len(group)))
    return sorted(voices, key=lambda v: (grade_order(v.grade), v.origin.casefold()))


def _who(claimants: Sequence[str], names: Mapping[str, str], kinds: Mapping[str, str] | None) -> str:
    mentions = sorted((party_mention(c, names, kinds) for c in claimants if c), key=str.casefold)
    return listed([*mentions, *([INDEPENDENT] if "" in claimants else [])])


def _origins(count: int) -> str:
    return f"{'one' if count == 1 else count} independent origin{'s' if count != 1 else ''}"


def holder_corroboration(
    holder: str,
    reports: pd.DataFrame,
    names: Mapping[str, str],
    kinds: Mapping[str, str] | None = None,
    where: str = "",
) -> str:
    """Who names ``holder`` as holding a crossing: its own claim, and the independent origins that confirm
    it, each with its grade (:mod:`geo.grading`).

    ``reports`` are the deciding reports that name ``holder``, graded. A report is ``holder``'s own when it
    claims for itself or comes from its own speaker or media; the others count by origin, so ten pages
    of one wire story are one origin.

    >>> reports = pd.DataFrame({"claimant": ["taliban", "pakistan"], "grade": ["C3", "B2"],
    ...     "origin_key": ["afp", "afp"], "origin_name": ["AFP", "AFP"]})
    >>> names, kinds = {"taliban": "Taliban", "pakistan": "Pakistan"}, {"taliban": "armed-group"}
    >>> holder_corroboration("taliban", reports, names, kinds)
    'Taliban: claimed by the Taliban (C3); confirmed by one independent origin, Pakistan (B2)'
    """
    reports = with_grades(reports)
    own = own_voice(reports, holder)
    own_grades = ", ".join(sorted(dict.fromkeys(reports["grade"][own]), key=grade_order))
    voices = _voices(reports[~own])
    place = f" on {side_name(where)}" if where else ""
    head = f"{names.get(holder, holder)}{place}"
    if not voices:
        return f"{head}: its own claim only ({own_grades})" if own.any() else f"{head}: named by no report"
    items = []
    for voice in voices:
        carried = f"; {voice.reports} reports from {voice.origin}" if voice.reports > 1 else ""
        items.append(f"{_who(voice.claimants, names, kinds)} ({voice.grade}{carried})")
    pages = int((~own).sum())
    counted = _origins(len(voices)) + (f" in {pages} reports" if pages > len(voices) else "")
    confirmed = f"confirmed by {counted}, {listed(items)}"
    if own.any():
        return f"{head}: claimed by {party_mention(holder, names, kinds)} ({own_grades}); {confirmed}"
    return f"{head}: {confirmed}"


def corroboration_parts(
    state: Mapping[str, Any],
    deciding: pd.DataFrame,
    names: Mapping[str, str],
    kinds: Mapping[str, str] | None = None,
) -> list[str]:
    """:func:`holder_corroboration` for each holder of ``state`` (a row of a state frame), from the reports
    that decide it (``deciding``: :meth:`geo.atlas.Atlas.deciding`, or any frame holding them); the ones an
    independent origin confirms first; none when no holder is named. When the sides' holders differ,
    each side's holders in turn, each said with its side ("Pakistan on the Pakistani side: ...")."""
    mine = with_grades(deciding)
    if "crossing_id" in mine.columns and "crossing_id" in state:
        mine = mine[mine["crossing_id"] == state["crossing_id"]]
    sides = side_states(state)
    if sides is not None:
        return [
            part
            for country, side in sides
            for part in _corroborations(side, mine[_on_side(mine, country)], names, kinds, country)
        ]
    return _corroborations(state, mine, names, kinds, "")


def _on_side(reports: pd.DataFrame, country: str) -> np.ndarray:
    """Which reports speak for ``country``'s side: those about it, and those about the whole crossing."""
    if "side" not in reports.columns:
        return np.ones(len(reports), dtype=bool)
    sides = reports["side"].fillna("").to_numpy(dtype=object)
    result: np.ndarray = (sides == country) | (sides == "")
    return result


def _corroborations(
    state: Mapping[str, Any],
    reports: pd.DataFrame,
    names: Mapping[str, str],
    kinds: Mapping[str, str] | None,
    where: str,
) -> list[str]:
    holders = list(state["controllers"] or ())
    controllers = reports["controller"].fillna("").to_numpy(dtype=object)
    naming = {holder: reports[controllers == holder] for holder in holders}

    def order(holder: str) -> tuple[bool, tuple[str, str], str]:
        theirs = naming[holder]
        others = theirs[~own_voice(theirs, holder)]
        best = min(others["grade"], key=grade_order) if len(others) else "G9"
        return others.empty, grade_order(best), names.get(holder, holder).casefold()

    return [holder_corroboration(h, naming[h], names, kinds, where) for h in sorted(holders, key=order)]


def corroboration_text(
    state: Mapping[str, Any],
    deciding: pd.DataFrame,
    names: Mapping[str, str],
    kinds: Mapping[str, str] | None = None,
) -> str:
    """Per named holder, who claims it and who confirms it, in one line ("" when no holder is named)."""
    return "; ".join(corroboration_parts(state, deciding, names, kinds))


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""
