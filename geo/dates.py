"""Reading the dates spreadsheets write, and refusing the ones that could mean two days.

``2021-07-14`` is the format; ``14/07/2021`` and ``7/14/2021`` are read because only
one reading is a real day; ``03/04/2021`` could be 3 April or 4 March and is refused
with both readings named, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Final, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from geo.errors import AmbiguousDateError, BadDateError
from geo.settings import earliest_report_day

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_YEAR_FIRST = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})")
_YEAR_LAST = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
#: A midnight time that spreadsheets append to dates: ``14/07/2021 00:00:00``.
_MIDNIGHT = re.compile(r"\s+0?0:00(:00)?(\s*AM)?$", re.IGNORECASE)

_EPOCH: Final = date(1970, 1, 1)
#: The day number of no day (a crossing with no report yet): the smallest int64, as NaT is.
NO_DAY: Final = int(np.iinfo(np.int64).min)

Order = Literal["iso", "year-first", "day-first", "month-first", "either"]


@dataclass(frozen=True)
class DayReading:
    """What a date cell says: the day, and which order of day and month told it."""

    day: date
    order: Order


def calendar_day(year: int, month: int, day: int) -> date | None:
    """The day of ``year``, ``month`` and ``day``; None when the calendar has no such day (31 June)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def read_day(value: str) -> DayReading:
    """The day a date cell means.

    >>> read_day("14/07/2021")
    DayReading(day=datetime.date(2021, 7, 14), order='day-first')

    Raises
    ------
    AmbiguousDateError
        When both day-first and month-first readings are real, different days.
    ValueError
        When the text is no date in a known format.
    """
    text = _MIDNIGHT.sub("", value.strip())
    if match := _ISO.fullmatch(text):
        found = calendar_day(*(int(g) for g in match.groups()))
        if found:
            return DayReading(found, "iso")
        raise ValueError("not a real day")
    if match := _YEAR_FIRST.fullmatch(text):
        found = calendar_day(*(int(g) for g in match.groups()))
        if found:
            return DayReading(found, "year-first")
        raise ValueError("not a real day")
    if match := _YEAR_LAST.fullmatch(text):
        first, second, year = (int(g) for g in match.groups())
        day_first, month_first = calendar_day(year, second, first), calendar_day(year, first, second)
        if day_first and month_first and day_first != month_first:
            raise AmbiguousDateError(value, day_first, month_first)
        if day_first and month_first:
            return DayReading(day_first, "either")
        if day_first:
            return DayReading(day_first, "day-first")
        if month_first:
            return DayReading(month_first, "month-first")
        raise ValueError("not a real day")
    raise ValueError("not a date")


ORDER_WORDS: Final[dict[str, str]] = {"day-first": "day first (DD/MM/YYYY)", "month-first": "month first (MM/DD/YYYY)"}


def parse_day(value: str) -> date:
    """Parse an ISO 8601 day, strictly ``YYYY-MM-DD`` (a link's or a command's date, not a file's).

    >>> parse_day("2021-07-14")
    datetime.date(2021, 7, 14)

    Raises
    ------
    BadDateError
        For anything else, such as ``14/07/2021`` or ``2021-02-29``.
    """
    text = value.strip()
    if not _ISO.fullmatch(text):
        raise BadDateError(value)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise BadDateError(value) from None


@dataclass(frozen=True)
class DayWindow:
    """The days a report may be dated: far-off dates are typos, and they break every map drawn over them."""

    earliest: date
    latest: date

    @classmethod
    def around(cls, earliest: date, *, today: date | None = None) -> DayWindow:
        """From ``earliest`` to a year after ``today`` (a report may announce a planned closure)."""
        today = today or date.today()
        try:
            latest = today.replace(year=today.year + 1)
        except ValueError:  # 29 February
            latest = today.replace(year=today.year + 1, day=28)
        return cls(earliest, latest)

    def problem(self, day: date) -> str | None:
        """Why ``day`` is refused, or None when it lies inside the window."""
        if self.earliest <= day <= self.latest:
            return None
        return (
            f"the date is outside the accepted range {self.earliest.isoformat()} to {self.latest.isoformat()}"
            " (a year after today); check the year"
        )


def report_window(*, today: date | None = None) -> DayWindow:
    """The window set by ``BORDERWATCH_EARLIEST_DAY`` (default 1900-01-01) up to a year after today."""
    return DayWindow.around(earliest_report_day(), today=today)


def day_number(day: date) -> int:
    """Days since 1970-01-01: the form every comparison of days over many reports takes."""
    return (day - _EPOCH).days


def day_from_number(number: int) -> date:
    """Inverse of :func:`day_number`."""
    return _EPOCH + timedelta(days=int(number))


def iso_days(days: pd.Series) -> pd.Series:
    """``YYYY-MM-DD`` text of a column of days (``datetime.date``, a timestamp's day, or text already
    written so), without parsing them: each distinct day is written once; a missing one is ``""``.

    >>> list(iso_days(pd.Series([date(2021, 7, 14), "2021-07-15", date(2021, 7, 14), None])))
    ['2021-07-14', '2021-07-15', '2021-07-14', '']
    """
    codes, distinct = pd.factorize(days, use_na_sentinel=True)
    texts = [
        (d.date() if isinstance(d, datetime) else d).isoformat() if isinstance(d, date) else str(d) for d in distinct
    ]
    written = np.array([*texts, ""], dtype=object)
    return pd.Series(written[codes], index=days.index, dtype=object)


def day_numbers(dates: pd.Series) -> npt.NDArray[np.int64]:
    """Days since 1970-01-01 of a column of dates (``datetime.date`` or datetime64), converted in C;
    :data:`NO_DAY` where there is none (None, NaT)."""
    if len(dates) == 0:
        return np.empty(0, dtype=np.int64)
    return pd.to_datetime(dates).to_numpy(dtype="datetime64[D]").astype(np.int64)


def with_report_dates(reports: pd.DataFrame) -> pd.DataFrame:
    """``reports`` with ``date`` as ``datetime.date`` objects, what readers and files show (a copy
    only when they are not that already: text or timestamps from a frame built elsewhere).

    A column is one kind throughout (the store and every reader write whole columns), so its
    first value tells: looking at every one would cost each load tens of milliseconds.
    """
    if "date" not in reports or reports.empty:
        return reports
    first = reports["date"].iloc[0]
    if reports["date"].dtype == object and isinstance(first, date) and not isinstance(first, datetime):
        return reports
    return reports.assign(date=pd.to_datetime(reports["date"]).dt.date.astype(object))
