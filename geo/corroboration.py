"""Who vouches for each holder of a crossing, in words: "Taliban: claimed by the Taliban (C3); confirmed by
one independent origin, Pakistan (B2)", and a party as running text names it.

The deciding reports are read once into plain :class:`Said` records grouped by crossing
(:func:`said_by_crossing`), so that a table of thousands of crossings words each one from its own few
reports rather than filtering one frame per crossing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import pandas as pd

from geo.describe import side_states
from geo.grading import OWNER_COLUMNS, grade_order, text_cells, with_grades
from geo.names import listed, side_name

#: Party kinds written with "the" in running text ("claimed by the Taliban").
_KINDS_WITH_ARTICLE: Final = frozenset({"armed-group"})
#: Who an empty claimant is: a report from no party.
INDEPENDENT: Final = "an independent observer"
#: The sort key of a holder no independent origin confirms: after every grade.
_UNCONFIRMED: Final = ("G", "9")


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
class Said:
    """One deciding report as corroboration reads it: who said it, of whom, on which side, its grade, the
    origin it counts as, and the parties whose own word it is (its claimant, its speaker's, its origin's)."""

    claimant: str
    controller: str
    side: str
    grade: str
    origin_key: str
    origin_name: str
    owners: frozenset[str]

    def owned_by(self, holder: str) -> bool:
        """Whether this report is ``holder``'s own word, which never confirms it."""
        return holder in self.owners


def said(reports: pd.DataFrame) -> list[Said]:
    """``reports`` (graded where they are not yet) as :class:`Said` records, in their order."""
    graded = with_grades(reports)
    claimants = text_cells(graded, "claimant")
    owner_columns = [text_cells(graded, c) for c in OWNER_COLUMNS if c in graded.columns]
    return [
        Said(
            claimant=claimant,
            controller=controller,
            side=side,
            grade=str(grade),
            origin_key=key,
            origin_name=name,
            owners=frozenset([claimant, *(column[i] for column in owner_columns)]),
        )
        for i, (claimant, controller, side, grade, key, name) in enumerate(
            zip(
                claimants,
                text_cells(graded, "controller"),
                text_cells(graded, "side"),
                graded["grade"],
                text_cells(graded, "origin_key"),
                text_cells(graded, "origin_name"),
                strict=True,
            )
        )
    ]


def said_by_crossing(deciding: pd.DataFrame) -> dict[str, list[Said]]:
    """The deciding reports of many crossings as :class:`Said` records, by crossing id."""
    grouped: dict[str, list[Said]] = {}
    for crossing_id, record in zip(text_cells(deciding, "crossing_id"), said(deciding), strict=True):
        grouped.setdefault(crossing_id, []).append(record)
    return grouped


@dataclass(frozen=True)
class Voice:
    """One origin's word for a holder: who said it, its best grade, and how many reports carry it."""

    origin: str
    claimants: tuple[str, ...]
    grade: str
    reports: int


def _voices(reports: Sequence[Said]) -> list[Voice]:
    """The reports grouped by origin, strongest first (then by origin name): pages of one story count once."""
    by_origin: dict[str, list[Said]] = {}
    for report in reports:
        by_origin.setdefault(report.origin_key, []).append(report)
    voices = [
        Voice(
            group[0].origin_name or origin,
            tuple(dict.fromkeys(r.claimant for r in group)),
            min((r.grade for r in group), key=grade_order),
            len(group),
        )
        for origin, group in by_origin.items()
    ]
    return sorted(voices, key=lambda v: (grade_order(v.grade), v.origin.casefold()))


def _who(voice: Voice, names: Mapping[str, str], kinds: Mapping[str, str] | None) -> str:
    """Who speaks in one origin's reports: the parties claiming, then the origin itself for the reports
    no party claims (its own reporting: "Pakistan and AFP"), or an independent observer when unnamed."""
    mentions = sorted((party_mention(c, names, kinds) for c in voice.claimants if c), key=str.casefold)
    return listed([*mentions, *([voice.origin or INDEPENDENT] if "" in voice.claimants else [])])


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
    return _holder_text(holder, said(reports), names, kinds, where)


def _holder_text(
    holder: str, reports: Sequence[Said], names: Mapping[str, str], kinds: Mapping[str, str] | None, where: str
) -> str:
    own = [r for r in reports if r.owned_by(holder)]
    others = [r for r in reports if not r.owned_by(holder)]
    own_grades = ", ".join(sorted({r.grade for r in own}, key=grade_order))
    voices = _voices(others)
    place = f" on {side_name(where)}" if where else ""
    head = f"{names.get(holder, holder)}{place}"
    if not voices:
        return f"{head}: its own claim only ({own_grades})" if own else f"{head}: named by no report"
    items = []
    for voice in voices:
        carried = f"; {voice.reports} reports from {voice.origin}" if voice.reports > 1 else ""
        items.append(f"{_who(voice, names, kinds)} ({voice.grade}{carried})")
    counted = _origins(len(voices)) + (f" in {len(others)} reports" if len(others) > len(voices) else "")
    confirmed = f"confirmed by {counted}, {listed(items)}"
    if own:
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
    mine = deciding
    if "crossing_id" in deciding.columns and "crossing_id" in state:
        mine = deciding[deciding["crossing_id"] == state["crossing_id"]]
    return _parts(state, said(mine), names, kinds)


def _parts(
    state: Mapping[str, Any], reports: Sequence[Said], names: Mapping[str, str], kinds: Mapping[str, str] | None
) -> list[str]:
    sides = side_states(state)
    if sides is None:
        return _corroborations(state, reports, names, kinds, "")
    return [
        part
        for country, side in sides
        # A side's word is what is said of it, and what is said of the whole crossing.
        for part in _corroborations(side, [r for r in reports if r.side in (country, "")], names, kinds, country)
    ]


def _corroborations(
    state: Mapping[str, Any],
    reports: Sequence[Said],
    names: Mapping[str, str],
    kinds: Mapping[str, str] | None,
    where: str,
) -> list[str]:
    holders = list(state["controllers"] or ())
    naming = {holder: [r for r in reports if r.controller == holder] for holder in holders}

    def order(holder: str) -> tuple[bool, tuple[str, str], str]:
        others = [r.grade for r in naming[holder] if not r.owned_by(holder)]
        best = grade_order(min(others, key=grade_order)) if others else _UNCONFIRMED
        return not others, best, names.get(holder, holder).casefold()

    return [_holder_text(h, naming[h], names, kinds, where) for h in sorted(holders, key=order)]


def corroboration_text(
    state: Mapping[str, Any],
    deciding: pd.DataFrame,
    names: Mapping[str, str],
    kinds: Mapping[str, str] | None = None,
) -> str:
    """Per named holder, who claims it and who confirms it, in one line ("" when no holder is named)."""
    return "; ".join(corroboration_parts(state, deciding, names, kinds))


def corroboration_texts(
    states: Iterable[Mapping[str, Any]],
    deciding: pd.DataFrame,
    names: Mapping[str, str],
    kinds: Mapping[str, str] | None = None,
) -> list[str]:
    """:func:`corroboration_text` of each of many ``states`` (rows of a state frame), reading ``deciding``
    (the reports that decide them all) once. As there, a state or a frame without crossing ids reads every
    report."""
    if "crossing_id" not in deciding.columns:
        every = said(deciding)
        return ["; ".join(_parts(s, every, names, kinds)) for s in states]
    by_crossing = said_by_crossing(deciding)
    every = [r for group in by_crossing.values() for r in group]

    def mine(state: Mapping[str, Any]) -> list[Said]:
        return by_crossing.get(str(state["crossing_id"]), []) if "crossing_id" in state else every

    return ["; ".join(_parts(s, mine(s), names, kinds)) for s in states]
