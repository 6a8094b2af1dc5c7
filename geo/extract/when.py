"""The days a sentence of a report names, resolved against the day the report was published.

Wire copy dates events by the weekday ("on Wednesday"), by words relative to the dateline ("today",
"yesterday", "last night"), by a day and month without a year ("since the morning of 13 June"), by
a month alone ("in February", every day of it) and by spans ("overnight Monday into Tuesday", "6-7
May 2024"). Each is read as a :class:`Dating`: its first
day, its last day when the text gives a span (the ``date_latest`` of a report), and the characters it
was read from.

The rules, in the order a reader would apply them:

- a weekday is the latest such day on or before publication (a report published on a Wednesday that
  says "on Wednesday" means that day);
- a day and month with no year take the year that puts them nearest to publication, so "30 December"
  in a report of 2 January is the December just gone;
- a span keeps both ends; one that is not in order is not a span and is not read;
- "last month" and "last week" are the calendar month and week (Monday to Sunday) before the
  publication's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from geo.dates import calendar_day

WEEKDAYS: Final = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS: Final = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip

_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"

#: Each way of writing a day, most specific first; an earlier pattern's match hides a later one's.
_PATTERNS: Final = [
    (
        "overnight",
        re.compile(
            rf"\b(?:overnight|(?:on )?the night of|(?:on |during )?the night between)\s+(?:from\s+)?"
            rf"(?P<first>{_WEEKDAY})\s+(?:into|to|and)\s+(?P<last>{_WEEKDAY})\b",
            re.IGNORECASE,
        ),
    ),
    (
        "day span",
        re.compile(
            rf"\b(?P<d1>{_DAY})\s*(?:-|–|to|and)\s*(?P<d2>{_DAY})\s+(?P<month>{_MONTH})(?:,?\s+(?P<year>{_YEAR}))?\b",
            re.IGNORECASE,
        ),
    ),
    (
        "month span",
        re.compile(
            rf"\b(?P<month>{_MONTH})\s+(?P<d1>{_DAY})\s*(?:-|–|to|and)\s*(?P<d2>{_DAY})(?:,?\s+(?P<year>{_YEAR}))?\b",
            re.IGNORECASE,
        ),
    ),
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])\b")),
    (
        "day month",
        re.compile(rf"\b(?P<d>{_DAY})\s+(?:of\s+)?(?P<month>{_MONTH})(?:,?\s+(?P<year>{_YEAR}))?\b", re.IGNORECASE),
    ),
    (
        "month day",
        re.compile(rf"\b(?P<month>{_MONTH})\s+(?P<d>{_DAY})\b(?:,?\s+(?P<year>{_YEAR}))?", re.IGNORECASE),
    ),
    # A month alone ("closed in February", "since March"): every day of it, the latest such month
    # that began by publication. Only after a preposition: "May" opens sentences as a verb.
    (
        "month",
        re.compile(
            rf"\b(?:in|since|during|until|through|from|of|by)\s+(?:(?:early|late|mid)[- ])?"
            rf"(?P<month>{_MONTH})(?:\s+(?P<year>{_YEAR}))?\b(?!\s*\d)",
            re.IGNORECASE,
        ),
    ),
    # "Last month" is every day of the month before publication's; "last week" the seven days of the
    # week (Monday to Sunday) before its own; "earlier this month" this month's days before publication.
    ("last month", re.compile(r"\blast month\b", re.IGNORECASE)),
    ("last week", re.compile(r"\blast week\b", re.IGNORECASE)),
    ("earlier this month", re.compile(r"\bearlier this month\b", re.IGNORECASE)),
    # Bare "overnight" is the night before publication; followed by a day, it starts a span above.
    ("last night", re.compile(rf"\b(?:last night|overnight(?!\s+(?:from\s+)?(?:{_WEEKDAY}|\d)))\b", re.IGNORECASE)),
    ("yesterday", re.compile(r"\byesterday\b", re.IGNORECASE)),
    ("today", re.compile(r"\b(?:today|tonight|this (?:morning|afternoon|evening))\b", re.IGNORECASE)),
    ("weekday", re.compile(rf"\b(?P<weekday>{_WEEKDAY})\b", re.IGNORECASE)),
]


@dataclass(frozen=True)
class Dating:
    """A day (or span of days) a text names: ``day`` to ``latest``, read from ``text[start:end]``."""

    day: date
    latest: date | None
    start: int
    end: int

    @property
    def uncertain(self) -> bool:
        """Whether the text gives a span rather than one day."""
        return self.latest is not None and self.latest != self.day


def datings(text: str, published: date) -> list[Dating]:
    """Every day ``text`` names, in the order written, resolved against ``published``.

    >>> published = date(2021, 7, 14)  # a Wednesday
    >>> text = "Clashes since Monday; sealed on 14 July."
    >>> [(d.day.isoformat(), text[d.start:d.end]) for d in datings(text, published)]
    [('2021-07-12', 'Monday'), ('2021-07-14', '14 July')]
    >>> d = datings("Fighting overnight Monday into Tuesday closed the gate.", published)[0]
    >>> d.day.isoformat(), d.latest.isoformat(), d.uncertain
    ('2021-07-12', '2021-07-13', True)
    >>> months = datings("closed in February, open since December", published)
    >>> [(d.day.isoformat(), d.latest.isoformat()) for d in months]
    [('2021-02-01', '2021-02-28'), ('2020-12-01', '2020-12-31')]
    >>> [(d.day.isoformat(), d.latest.isoformat()) for d in datings("taken last month, shut last week", published)]
    [('2021-06-01', '2021-06-30'), ('2021-07-05', '2021-07-11')]
    """
    taken: list[tuple[int, int]] = []
    found = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            read = _read(kind, match, published)
            if read is None:
                continue
            taken.append((match.start(), match.end()))
            found.append(Dating(read[0], read[1], match.start(), match.end()))
    return sorted(found, key=lambda d: d.start)


def _read(kind: str, match: re.Match[str], published: date) -> tuple[date, date | None] | None:
    groups = match.groupdict()
    if groups.get("month") and not groups["month"][0].isupper():
        return None  # "may" and "mar" are verbs before they are months; reports capitalise months
    if kind == "overnight":
        last = weekday_on_or_before(groups["last"], published)
        first = last - timedelta(days=(last.weekday() - WEEKDAYS.index(groups["first"].lower())) % 7 or 7)
        return (first, last) if (last - first).days == 1 else None
    if kind in ("day span", "month span"):
        month = _month(groups["month"])
        first_day, last_day = _number(groups["d1"]), _number(groups["d2"])
        if last_day <= first_day:
            return None
        opening = _dated(first_day, month, groups["year"], published)
        # Both ends in the year the first one took: a span never straddles a year it does not name.
        closing = calendar_day(opening.year, month, last_day) if opening else None
        return (opening, closing) if opening and closing else None
    if kind == "iso":
        day = calendar_day(int(groups["year"]), int(groups["m"]), int(groups["d"]))
        return (day, None) if day else None
    if kind in ("day month", "month day"):
        day = _dated(_number(groups["d"]), _month(groups["month"]), groups["year"], published)
        return (day, None) if day else None
    if kind == "month":
        month = _month(groups["month"])
        year = int(groups["year"]) if groups["year"] else published.year - (month > published.month)
        month_start = calendar_day(year, month, 1)
        next_month = calendar_day(year + month // 12, month % 12 + 1, 1)
        if month_start is None or next_month is None:
            return None
        # A month not yet over when the report was written ends, for it, on the day of publication.
        return month_start, min(next_month - timedelta(days=1), published)
    if kind == "last month":
        this_month = published.replace(day=1)
        return (this_month - timedelta(days=1)).replace(day=1), this_month - timedelta(days=1)
    if kind == "last week":
        monday = published - timedelta(days=published.weekday() + 7)
        return monday, monday + timedelta(days=6)
    if kind == "earlier this month":
        return (published.replace(day=1), published - timedelta(days=1)) if published.day > 1 else None
    if kind == "last night":
        return published - timedelta(days=1), published
    if kind == "yesterday":
        return published - timedelta(days=1), None
    if kind == "today":
        return published, None
    return weekday_on_or_before(groups["weekday"], published), None


def weekday_on_or_before(weekday: str, published: date) -> date:
    """The latest day named ``weekday`` (any case) on or before ``published``."""
    return published - timedelta(days=(published.weekday() - WEEKDAYS.index(weekday.lower())) % 7)


def nearest_year(day: int, month: int, published: date) -> date | None:
    """The day ``day``/``month`` in the year that puts it nearest to ``published`` (None if no such day)."""
    candidates = [
        found
        for year in (published.year - 1, published.year, published.year + 1)
        if (found := calendar_day(year, month, day))
    ]
    return min(candidates, key=lambda found: abs((found - published).days), default=None)


def _dated(day: int, month: int, year: str | None, published: date) -> date | None:
    return calendar_day(int(year), month, day) if year else nearest_year(day, month, published)


def _month(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def _number(word: str) -> int:
    return int(re.match(r"\d+", word).group())  # type: ignore[union-attr]


#: How far into an article its own date is looked for (its dateline or header).
DATELINE_CHARACTERS: Final = 300
_WRITTEN_YEAR: Final = re.compile(rf"\b{_YEAR}\b")


def own_date(text: str) -> date | None:
    """The article's own date: the first date written with its year in its opening lines, if any.

    >>> own_date("KABUL, 14 July 2021 (AFP) - Fighting at the border ...")
    datetime.date(2021, 7, 14)
    >>> own_date("Fighting on Wednesday at the border ...") is None
    True
    """
    head = text[:DATELINE_CHARACTERS]
    # Only a date with its year written is the article's own; "July 14" alone would be a guess.
    full = [d.day for d in datings(head, date(2000, 1, 1)) if _WRITTEN_YEAR.search(head[d.start : d.end])]
    return full[0] if full else None
