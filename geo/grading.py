"""How sure, on whose word: each report's source graded for reliability (A-F), its information for
credibility (1-6), and the origin it counts as when several pages carry one story.

The scales are the Admiralty (NATO) system's. Reliability belongs to a source record (an outlet, an
agency, a named speaker), with a history of changes; credibility belongs to each report. A report
written before credibility existed takes it from its ``confidence`` (:data:`CONFIDENCE_CREDIBILITY`).

A report's source, speaker and origin are free text; each is matched to a source record by its
name or an alias, case and spacing aside, whole or by its first name (the text before a
parenthesis or a semicolon: "AP (via The Hindu)" is AP, "Interior ministry spokesman Tareq Arian
(to AFP)" is the spokesman). The report's reliability is its speaker's grade when the speaker is
a graded source, else its origin's (the ``origin`` column, else the source itself); one matched to
nothing "cannot be judged" (F).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd

from geo.filters import fold
from geo.model import listed_ids

#: Reliability of a source, best first (the Admiralty scale).
RELIABILITY: Final[dict[str, str]] = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}
#: Credibility of a piece of information, best first.
CREDIBILITY: Final[dict[int, str]] = {
    1: "confirmed by other sources",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "truth cannot be judged",
}
#: What a grade's two characters mean, where grades are shown (the story, a map's footnote).
GRADE_KEY: Final = "Grades (B2): source reliability A-F, information credibility 1-6; A and 1 best"
#: A report with no credibility of its own takes it from its confidence: how sure its editor was.
CONFIDENCE_CREDIBILITY: Final[dict[str, int]] = {"high": 2, "medium": 3, "low": 4}
#: The grade of a source no record grades.
UNGRADED: Final = "F"
#: The credibility of a report that states neither credibility nor a known confidence.
UNJUDGED: Final = 6

#: The columns :func:`graded_reports` adds to a frame of reports.
GRADE_COLUMNS: Final = (
    "reliability",
    "graded_credibility",
    "grade",
    "origin_key",
    "origin_name",
    "speaker_party",
    "origin_party",
)

_FIRST_NAME = re.compile(r"\s*(?:\(|;)")


def first_name(text: str) -> str:
    """The first name a source cell gives: what comes before a parenthesis or a semicolon.

    >>> first_name("AP (via The Hindu; Medicine Hat News)"), first_name("centralasia.news; Sputnik Arabic")
    ('AP', 'centralasia.news')
    """
    return _FIRST_NAME.split(text, maxsplit=1)[0].strip()


def name_key(text: str) -> str:
    """A name as source records are looked up by it: folded, spacing aside."""
    return " ".join(fold(text).split())


def grade_text(reliability: str, credibility: int) -> str:
    """The badge of a graded report: its source's letter and its information's digit.

    >>> grade_text("B", 2)
    'B2'
    """
    return f"{reliability}{credibility}"


def grade_words(report: Mapping[str, object]) -> str:
    """A graded report's badge in words: "usually reliable source; probably true"."""
    credibility = report.get("graded_credibility")
    known = int(credibility) if isinstance(credibility, int | np.integer) else UNJUDGED
    letter = str(report.get("reliability"))
    source = f"{RELIABILITY[letter]} source" if letter in RELIABILITY and letter != UNGRADED else "source not graded"
    return f"{source}; {CREDIBILITY[known]}"


def grade_order(grade: object) -> tuple[str, str]:
    """Sort key putting the strongest grade first: A before B, then 1 before 2 (``sorted(..., key=grade_order)``);
    anything not a grade last."""
    return (grade[:1], grade[1:]) if isinstance(grade, str) and grade else ("Z", "9")


def credibility_of(credibility: object, confidence: object) -> int:
    """A report's credibility: its own, else the one its ``confidence`` stands for, else 6."""
    if isinstance(credibility, str) and credibility.strip().isdigit():
        return int(credibility)
    if isinstance(credibility, int | np.integer) and not isinstance(credibility, bool):
        return int(credibility)
    if isinstance(credibility, float) and credibility == credibility:
        return int(credibility)
    return CONFIDENCE_CREDIBILITY.get(str(confidence), UNJUDGED)


@dataclass(frozen=True)
class SourceBook:
    """The source records, looked up by name or alias: what a report's free-text source refers to."""

    #: Each name and alias (folded) to its source id.
    by_name: Mapping[str, str]
    names: Mapping[str, str]
    reliability: Mapping[str, str]
    #: The party whose own voice each source is (its official media, its spokesman), "" for none.
    party: Mapping[str, str]

    @classmethod
    def of(cls, sources: pd.DataFrame | None) -> SourceBook:
        """The book of a frame of source records (columns of :data:`geo.model.SOURCE_COLUMNS`)."""
        if sources is None or sources.empty:
            return cls({}, {}, {}, {})
        by_name: dict[str, str] = {}
        rows = sources.to_dict("records")
        for row in rows:
            for name in [row["name"], *listed_ids(_text(row.get("aliases")))]:
                by_name.setdefault(name_key(name), row["source_id"])
            by_name.setdefault(name_key(row["source_id"]), row["source_id"])
        return cls(
            by_name,
            {row["source_id"]: row["name"] for row in rows},
            {row["source_id"]: _text(row.get("reliability")) or UNGRADED for row in rows},
            {row["source_id"]: _text(row.get("party")) for row in rows},
        )

    def resolve(self, text: str) -> str | None:
        """The id of the source ``text`` names, whole or by its first name; None when it names none."""
        if not text:
            return None
        return self.by_name.get(name_key(text)) or self.by_name.get(name_key(first_name(text)))

    def similar(self, text: str, *, n: int = 3) -> list[str]:
        """The names of the sources spelled most like ``text`` (one it names exactly is not similar, it is it)."""
        hits = difflib.get_close_matches(name_key(first_name(text)), list(self.by_name), n=n * 2, cutoff=0.8)
        found: list[str] = []
        for hit in hits:
            name = self.names[self.by_name[hit]]
            if name not in found:
                found.append(name)
        return found[:n]


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def graded_reports(reports: pd.DataFrame, book: SourceBook) -> pd.DataFrame:
    """``reports`` with :data:`GRADE_COLUMNS` added: each report's reliability, credibility (its own, or
    its confidence's) and grade,
    the origin it counts as (``origin_key``, the same for every page carrying one story, and its
    ``origin_name``), and the parties whose own voice its speaker and its origin are.

    Worked out once per distinct source, speaker and origin text, so a million reports naming a few
    hundred outlets cost a few hundred look-ups.
    """
    if reports.empty:
        return reports.assign(**{name: pd.Series(dtype=object) for name in GRADE_COLUMNS})
    origins = text_cells(reports, "origin")
    origin_text = np.where(origins != "", origins, text_cells(reports, "source"))
    origin_codes, origin_values = pd.factorize(origin_text)
    origin_ids = [book.resolve(text) for text in origin_values]
    origin_key = np.array(
        [i if i else name_key(first_name(t)) for i, t in zip(origin_ids, origin_values, strict=True)], dtype=object
    )
    origin_name = np.array(
        [book.names[i] if i else first_name(t) for i, t in zip(origin_ids, origin_values, strict=True)], dtype=object
    )
    origin_grade = _grade_positions(book, origin_ids)
    origin_party = np.array([book.party[i] if i else "" for i in origin_ids], dtype=object)

    speaker_codes, speaker_values = pd.factorize(text_cells(reports, "attribution"))
    speaker_ids = [book.resolve(text) for text in speaker_values]
    speaker_grade = _grade_positions(book, speaker_ids)
    speaker_party = np.array([book.party[i] if i else "" for i in speaker_ids], dtype=object)

    # Grades as positions on their scales, so the million-row work is integer takes.
    by_speaker, by_origin = speaker_grade[speaker_codes], origin_grade[origin_codes]
    reliability = np.where(by_speaker >= 0, by_speaker, np.where(by_origin >= 0, by_origin, _LETTERS.index(UNGRADED)))
    credibility = _credibilities(reports)
    return reports.assign(
        reliability=_LETTER_VALUES[reliability],
        graded_credibility=credibility,
        grade=_GRADE_VALUES[reliability * len(CREDIBILITY) + credibility - 1],
        origin_key=origin_key[origin_codes],
        origin_name=origin_name[origin_codes],
        speaker_party=speaker_party[speaker_codes],
        origin_party=origin_party[origin_codes],
    )


def with_grades(reports: pd.DataFrame, book: SourceBook | None = None) -> pd.DataFrame:
    """``reports`` as they are when every one is graded already, else all graded against ``book`` (none:
    every source ungraded): for frames made elsewhere, or graded ones with new rows added."""
    if "grade" in reports.columns and not reports["grade"].isna().any():
        return reports
    return graded_reports(reports, book or SourceBook.of(None))


_LETTERS: Final = list(RELIABILITY)
_LETTER_VALUES: Final = np.array(_LETTERS, dtype=object)
#: Every badge, by reliability position then credibility: A1 ... F6.
_GRADE_VALUES: Final = np.array([grade_text(r, c) for r in RELIABILITY for c in CREDIBILITY], dtype=object)


def _grade_positions(book: SourceBook, ids: list[str | None]) -> np.ndarray:
    """Each id's reliability as its position on the scale, -1 for none."""
    return np.array([_LETTERS.index(book.reliability[i]) if i else -1 for i in ids], dtype=np.int64)


def text_cells(frame: pd.DataFrame, name: str) -> np.ndarray:
    """A text column's cells with missing as "" (all "" when ``frame`` has no such column)."""
    if name not in frame.columns:
        return np.full(len(frame), "", dtype=object)
    cells: np.ndarray = frame[name].fillna("").astype(str).to_numpy(dtype=object)
    return cells


#: Per report, the parties whose own voice its speaker and its origin are (see :func:`graded_reports`).
OWNER_COLUMNS: Final = ("speaker_party", "origin_party")


def own_voice(reports: pd.DataFrame, holders: object) -> np.ndarray:
    """Which reports are their holder's own word: claimed by it, or from its own speaker or media.

    ``holders`` is one party for every report, or an array of each report's holder. Such a report
    never confirms its holder; every other one is an independent voice.
    """
    own: np.ndarray = text_cells(reports, "claimant") == holders
    for column in OWNER_COLUMNS:
        if column in reports.columns:
            own |= text_cells(reports, column) == holders
    return own


def _credibilities(reports: pd.DataFrame) -> np.ndarray:
    """Each report's credibility (:func:`credibility_of`), worked out once per distinct pair of its own
    credibility and its confidence."""
    own_codes, own = _codes(reports, "credibility")
    confidence_codes, confidence = _codes(reports, "confidence")
    table = np.array([[credibility_of(o, c) for c in confidence] for o in own], dtype=np.int64)
    values: np.ndarray = table[own_codes, confidence_codes]
    return values


def _codes(reports: pd.DataFrame, name: str) -> tuple[np.ndarray, list[object]]:
    """A column's distinct values and each row's position among them (missing: the last, None)."""
    if name not in reports.columns:
        return np.zeros(len(reports), dtype=np.int64), [None]
    codes, distinct = pd.factorize(reports[name].to_numpy(dtype=object))
    values = [*distinct, None]
    return np.where(codes >= 0, codes, len(values) - 1), values


@dataclass(frozen=True)
class GradeFilter:
    """Which reports a view reads: those whose source is at least ``reliability`` (A best) and whose
    information is at least ``credibility`` (1 best). The default reads every report."""

    reliability: str = "F"
    credibility: int = 6

    def __post_init__(self) -> None:
        if self.reliability not in RELIABILITY:
            raise ValueError(f"a reliability grade is one of {', '.join(RELIABILITY)}, not {self.reliability!r}")
        if self.credibility not in CREDIBILITY:
            raise ValueError(f"a credibility grade is one of 1-6, not {self.credibility!r}")

    @property
    def reads_everything(self) -> bool:
        return self.reliability == "F" and self.credibility == 6

    def mask(self, reports: pd.DataFrame) -> np.ndarray:
        """Which rows of graded ``reports`` (see :func:`graded_reports`) the filter lets through."""
        reliable = reports["reliability"].to_numpy(dtype=object) <= self.reliability
        credible = reports["graded_credibility"].to_numpy(dtype=np.int64) <= self.credibility
        result: np.ndarray = reliable & credible
        return result

    def label(self) -> str:
        """The filter in words: "sources graded A-C, information graded 1-3"."""
        parts = []
        if self.reliability != "F":
            parts.append(f"sources graded A-{self.reliability}" if self.reliability != "A" else "sources graded A")
        if self.credibility != 6:
            parts.append(
                f"information graded 1-{self.credibility}" if self.credibility != 1 else "information graded 1"
            )
        return ", ".join(parts) or "every report"


def parse_scale(text: str, scale: Iterable[str]) -> str:
    """The worst grade a range written "A-C" (or "C") admits, from ``scale`` (best first).

    >>> parse_scale("A-C", "ABCDEF"), parse_scale("3", "123456")
    ('C', '3')

    Raises
    ------
    ValueError
        When ``text`` is not a grade of ``scale`` or a range starting at its best.
    """
    grades = list(scale)
    written = text.strip().upper().replace(" ", "")
    first, _, last = written.partition("-")
    if not last:
        first, last = grades[0], first
    if first != grades[0] or last not in grades:
        raise ValueError(
            f"{text!r} is not a grade range like {grades[0]}-{grades[2]} (grades {grades[0]}-{grades[-1]})"
        )
    return last
