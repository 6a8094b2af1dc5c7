"""The days a report names, resolved against its publication day, as a table of what wire copy writes."""

from __future__ import annotations

from datetime import date

import pytest

from geo.extract.when import datings, nearest_year, weekday_on_or_before

WEDNESDAY = date(2021, 7, 14)

CASES = [
    ("a weekday is the latest such day before publication", "on Monday", WEDNESDAY, [("2021-07-12", None, "Monday")]),
    ("the publication's own weekday is that day", "said on Wednesday", WEDNESDAY, [("2021-07-14", None, "Wednesday")]),
    ("a weekday after publication's is last week's", "since Friday", WEDNESDAY, [("2021-07-09", None, "Friday")]),
    (
        "today and this morning are the day of publication",
        "closed this morning",
        WEDNESDAY,
        [("2021-07-14", None, "this morning")],
    ),
    ("yesterday is the day before", "shut yesterday", WEDNESDAY, [("2021-07-13", None, "yesterday")]),
    (
        "overnight alone is the night before publication",
        "seized overnight, officials said",
        WEDNESDAY,
        [("2021-07-13", "2021-07-14", "overnight")],
    ),
    ("last night spans the night before", "fell last night", WEDNESDAY, [("2021-07-13", "2021-07-14", "last night")]),
    (
        "an overnight span keeps both days",
        "overnight Monday into Tuesday",
        WEDNESDAY,
        [("2021-07-12", "2021-07-13", "overnight Monday into Tuesday")],
    ),
    (
        "the night of one day to the next",
        "on the night of Tuesday to Wednesday",
        WEDNESDAY,
        [("2021-07-13", "2021-07-14", "on the night of Tuesday to Wednesday")],
    ),
    (
        "an overnight span out of order is not read",
        "overnight Tuesday into Monday",
        WEDNESDAY,
        [("2021-07-13", None, "Tuesday"), ("2021-07-12", None, "Monday")],
    ),
    (
        "a day and month take publication's year",
        "since the morning of 13 June",
        WEDNESDAY,
        [("2021-06-13", None, "13 June")],
    ),
    ("a month and day too", "on July 13, 2021", WEDNESDAY, [("2021-07-13", None, "July 13, 2021")]),
    ("a day of a month", "on the 6th of May", WEDNESDAY, [("2021-05-06", None, "6th of May")]),
    ("a written year wins", "on 6 May 2024", WEDNESDAY, [("2024-05-06", None, "6 May 2024")]),
    (
        "late December in a January report is the December gone",
        "on 30 December",
        date(2024, 1, 2),
        [("2023-12-30", None, "30 December")],
    ),
    (
        "a span of days in one month",
        "overnight 6-7 May 2024",
        WEDNESDAY,
        [("2024-05-06", "2024-05-07", "6-7 May 2024")],
    ),
    ("a span written month first", "between May 6 and 7", WEDNESDAY, [("2021-05-06", "2021-05-07", "May 6 and 7")]),
    ("an ISO date", "dated 2021-07-14", WEDNESDAY, [("2021-07-14", None, "2021-07-14")]),
    ("no such day is not read", "on 31 June", WEDNESDAY, []),
    ("may the verb is not May the month", "traders may 2 weeks wait", WEDNESDAY, []),
    (
        "two days in one sentence in order",
        "shut on Monday and reopened on 14 July",
        WEDNESDAY,
        [("2021-07-12", None, "Monday"), ("2021-07-14", None, "14 July")],
    ),
]


@pytest.mark.parametrize(("text", "published", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_day_a_report_names_is_resolved_against_its_publication(
    text: str, published: date, expected: list[tuple[str, str | None, str]]
) -> None:
    found = [
        (d.day.isoformat(), d.latest.isoformat() if d.latest else None, text[d.start : d.end])
        for d in datings(text, published)
    ]
    assert found == expected


@pytest.mark.parametrize("weekday", ["monday", "Tuesday", "WEDNESDAY", "thursday", "friday", "saturday", "sunday"])
def test_a_weekday_is_never_after_publication_nor_a_week_before(weekday: str) -> None:
    day = weekday_on_or_before(weekday, WEDNESDAY)
    assert 0 <= (WEDNESDAY - day).days < 7
    assert day.strftime("%A").lower() == weekday.lower()


def test_a_day_with_no_year_is_never_more_than_half_a_year_from_publication() -> None:
    for month in range(1, 13):
        found = nearest_year(15, month, WEDNESDAY)
        assert found is not None and abs((found - WEDNESDAY).days) <= 183
    assert nearest_year(29, 2, date(2021, 3, 1)) == date(2020, 2, 29)
