"""What a cell may hold: one rule per column of every file kind, as a table.

Each row of :data:`RULES` says how a column's cells are written before they are checked
(a date as YYYY-MM-DD, a decimal comma as a point, a country code in capitals), what
they must then be (a slug, a code, a number in range, one of a list, a web address),
whether they are free text a spreadsheet could run as a formula, and how long they may
be. Uploads and the seed dataset are read by one reader (:mod:`geo.ingest.upload`),
which first writes every cell in its stored form (:func:`normalise`), then checks it
(:func:`check_cells`); each once per distinct value, so a million rows naming a few
thousand crossings cost a few thousand checks.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final
from urllib.parse import urlsplit

import pandas as pd

from geo.csvsafe import looks_like_formula
from geo.dates import DayWindow, read_day
from geo.errors import AmbiguousDateError, Problem
from geo.grading import CREDIBILITY, RELIABILITY
from geo.model import (
    CONFIDENCE_LEVELS,
    EFFECTS,
    ID_SEPARATOR,
    PARTY_KINDS,
    STATUS_SEVERITY,
    TRAFFIC_KINDS,
    Column,
    listed_ids,
)
from geo.names import is_country_code
from geo.store.schema import MAX_LENGTHS
from geo.text import control_character_problem

#: A cell check returns an error message, or None when the value is fine.
CellCheck = Callable[[str], str | None]
#: How a cell is written before it is checked, given the file's delimiter.
Normaliser = Callable[[str, str], str]

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_ISO3 = re.compile(r"[A-Z]{3}")
_HEX_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
#: Plain decimal notation in ASCII digits: float() also takes "1_0", "1e3", "inf" and other scripts' digits.
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_DECIMAL_COMMA = re.compile(r"-?[0-9]+,[0-9]+")

#: Free-text columns have no schema limit; this keeps one cell from being a whole book.
MAX_TEXT_LENGTH: Final = 5_000
FORMULA_MESSAGE: Final = "starts like a spreadsheet formula (= + - @); remove the leading character"


def read_decimal(value: str) -> float:
    """A number from a file, in plain decimal notation only.

    >>> read_decimal("-30.92"), read_decimal(".5")
    (-30.92, 0.5)

    Raises
    ------
    ValueError
        For anything else, such as ``1_0``, ``1e3``, ``nan`` or digits of another script (``٣٠.٩``).
    """
    if not _DECIMAL.fullmatch(value):
        raise ValueError(f"not a plain decimal number: {value!r}")
    return float(value)


def decimals(cells: pd.Series) -> pd.Series:
    """Cells as numbers by :func:`read_decimal`; a cell it refuses is NaN (and refused on its own)."""

    def number(cell: str) -> float:
        try:
            return read_decimal(cell)
        except ValueError:
            return float("nan")

    return cells.map(number).astype(float)


def _slug(value: str) -> str | None:
    return None if _SLUG.fullmatch(value) else "must be a lowercase slug like 'spin-boldak-chaman'"


def _iso3(value: str) -> str | None:
    if not _ISO3.fullmatch(value):
        return "must be an ISO 3166-1 alpha-3 code like 'AFG'"
    return None if is_country_code(value) else "is not an assigned ISO 3166-1 alpha-3 country code"


def _number_between(low: float, high: float) -> CellCheck:
    def check(value: str) -> str | None:
        try:
            number = read_decimal(value)
        except ValueError:
            return "must be a decimal number written with the digits 0-9 and a point, like 30.92"
        if not math.isfinite(number) or not low <= number <= high:
            return f"must be between {low:g} and {high:g}"
        return None

    return check


def _day(value: str) -> str | None:
    # A cell still not in its stored form could not be read as a day: say why.
    try:
        read_day(value)
    except AmbiguousDateError as error:
        return str(error)
    except ValueError:
        return "must be a date written YYYY-MM-DD"
    return None


def _slugs(value: str) -> str | None:
    for part in listed_ids(value) or [value]:
        if problem := _slug(part):
            return f"{problem}, ids separated by {ID_SEPARATOR} (not {part!r})"
    return None


def _listed_slugs(value: str, delimiter: str) -> str:
    """Several ids as stored: separated by "|" with no spaces."""
    return ID_SEPARATOR.join(listed_ids(value)) or value


def _one_of(allowed: Iterable[str]) -> CellCheck:
    choices = tuple(allowed)

    def check(value: str) -> str | None:
        return None if value in choices else "must be one of: " + ", ".join(choices)

    return check


def _color(value: str) -> str | None:
    return None if _HEX_COLOR.fullmatch(value) else "must be a colour written #rrggbb"


#: A plain web address (a host of letters, digits, dots and hyphens, no port, no space), which the full
#: check below always accepts: matched first, as splitting every address was most of a large file's checking.
_PLAIN_URL = re.compile(r"https?://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*(?:[/?#]\S*)?")
_SPACE = re.compile(r"\s")


def _url(value: str) -> str | None:
    if _PLAIN_URL.fullmatch(value):
        return None
    if not value.startswith(("http://", "https://")):
        return "must start with http:// or https://"
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - reading the port is what checks it
    except ValueError:
        return "is not a well-formed web address"
    if not parts.hostname or _SPACE.search(value):
        return "must be a web address with a host, like https://example.org/page"
    return None


def _iso_day(value: str, delimiter: str) -> str:
    """A date as spreadsheets write it (``20/09/2021``, ``20.09.2021 00:00``) as YYYY-MM-DD."""
    try:
        return read_day(value).day.isoformat()
    except ValueError:
        return value


def _point(value: str, delimiter: str) -> str:
    """A decimal comma as a point, in a file whose cells are not separated by commas."""
    return value.replace(",", ".") if delimiter != "," and _DECIMAL_COMMA.fullmatch(value) else value


def _capitals_any(value: str, delimiter: str) -> str:
    """A one-letter grade in capitals: ``b`` is ``B``."""
    return value.upper() if len(value) == 1 else value


def _aliases(value: str) -> str | None:
    return None if all(listed_ids(value)) and listed_ids(value) else f"must be names separated by {ID_SEPARATOR}"


def _capitals(value: str, delimiter: str) -> str:
    """A three-letter code in capitals: ``afg`` is ``AFG``."""
    return value.upper() if len(value) == 3 else value


def side_problem(side: str, countries: tuple[str, str]) -> str | None:
    """Why a report's ``side`` (or ``direction``, a side too) does not fit its crossing, which joins ``countries``."""
    if side in countries:
        return None
    return f"must be one of the crossing's two countries: {countries[0]} or {countries[1]}"


@dataclass(frozen=True)
class Rule:
    """What one column's cells must be, once written in their stored form."""

    #: The shape, range or choices a non-empty cell must fit.
    check: CellCheck | None = None
    #: How a cell is written before it is checked and stored.
    normal: Normaliser | None = None
    #: Free text: refused when a spreadsheet would run it as a formula.
    text: bool = False
    #: A report's day: it must lie in the accepted window too.
    dated: bool = False
    #: Longest cell accepted: the database column's length, else :data:`MAX_TEXT_LENGTH`.
    max_length: int = MAX_TEXT_LENGTH


_SLUG_RULE = Rule(check=_slug)
_CODE_RULE = Rule(check=_iso3, normal=_capitals)
_TEXT_RULE = Rule(text=True)

#: Every column of every file kind, by name (a name means the same in every kind); rules as a table.
RULES: Final[dict[str, Rule]] = {
    name: dataclasses.replace(rule, max_length=MAX_LENGTHS.get(name, MAX_TEXT_LENGTH))
    for name, rule in {
        "crossing_id": _SLUG_RULE,
        "party_id": _SLUG_RULE,
        "region": _SLUG_RULE,
        "claimant": _SLUG_RULE,
        "controller": _SLUG_RULE,
        "country_a": _CODE_RULE,
        "country_b": _CODE_RULE,
        "side": _CODE_RULE,
        "direction": _CODE_RULE,
        "traffic": Rule(check=_one_of(TRAFFIC_KINDS)),
        "issuer": _SLUG_RULE,
        "crossings": Rule(check=_slugs, normal=_listed_slugs),
        "effect": Rule(check=_one_of(EFFECTS)),
        "start_date": Rule(check=_day, normal=_iso_day, dated=True),
        "end_date": Rule(check=_day, normal=_iso_day, dated=True),
        "title": _TEXT_RULE,
        "lat": Rule(check=_number_between(-90, 90), normal=_point),
        "lon": Rule(check=_number_between(-180, 180), normal=_point),
        "date": Rule(check=_day, normal=_iso_day, dated=True),
        "status": Rule(check=_one_of(STATUS_SEVERITY)),
        "confidence": Rule(check=_one_of(CONFIDENCE_LEVELS)),
        "kind": Rule(check=_one_of(PARTY_KINDS)),
        "color": Rule(check=_color),
        "country": _CODE_RULE,
        "url": Rule(check=_url),
        "name": _TEXT_RULE,
        "name_a": _TEXT_RULE,
        "name_b": _TEXT_RULE,
        "source": _TEXT_RULE,
        "attribution": _TEXT_RULE,
        "note": _TEXT_RULE,
        "credibility": Rule(check=_one_of(str(n) for n in CREDIBILITY)),
        "origin": _TEXT_RULE,
        "date_latest": Rule(check=_day, normal=_iso_day, dated=True),
        "source_id": _SLUG_RULE,
        "aliases": Rule(text=True, check=_aliases),
        "reliability": Rule(check=_one_of(RELIABILITY), normal=_capitals_any),
        "party": _SLUG_RULE,
        "reason": _TEXT_RULE,
        "place_id": _SLUG_RULE,
        "region_id": _SLUG_RULE,
        "located_by": _TEXT_RULE,
    }.items()
}


def shape_problem(column: str, value: str) -> str | None:
    """Why a non-empty ``value`` does not have the shape ``column`` asks for (a slug, a code...), or None."""
    check = RULES[column].check
    return check(value) if check else None


def normal_form(column: str, value: str, delimiter: str) -> str:
    """``value`` as ``column`` stores it; a cell with a control character stays as written, to be refused."""
    normal = RULES[column].normal
    if normal is None or not value or control_character_problem(value):
        return value
    return normal(value, delimiter)


def cell_problem(column: Column, value: str, days: DayWindow) -> str | None:
    """Why a cell, in its stored form, breaks its column's rule, or None when it is fine."""
    if not value:
        return "a value is required" if column.required else None
    if control := control_character_problem(value):
        return control
    rule = RULES[column.name]
    if rule.text and looks_like_formula(value):
        return FORMULA_MESSAGE
    message = rule.check(value) if rule.check else None
    if message is None and rule.dated:
        return days.problem(date.fromisoformat(value))
    if message is None and len(value) > rule.max_length:
        return f"too long: {len(value):,} characters, at most {rule.max_length:,}"
    return message


@dataclass(frozen=True)
class Rows:
    """Rows of a file being read: our columns of text, and the line of the file each row came from."""

    file: str
    columns: Mapping[str, Sequence[str]]
    lines: Sequence[int]

    def problem(self, index: int, column: str, message: str) -> Problem:
        """A problem with the cell of row ``index`` in ``column``, naming its line and value."""
        return Problem(self.file, self.lines[index], column, self.columns[column][index], message)


def normalise(rows: Rows, delimiter: str) -> Rows:
    """Every cell in its stored form, as new rows; a column already in that form is passed on as it is."""
    columns: dict[str, Sequence[str]] = {}
    for name, values in rows.columns.items():
        if RULES[name].normal is None:
            columns[name] = values
            continue
        forms = {value: normal_form(name, value, delimiter) for value in dict.fromkeys(values)}
        changed = any(form != value for value, form in forms.items())
        columns[name] = [forms[value] for value in values] if changed else values
    return dataclasses.replace(rows, columns=columns)


def check_cells(columns: tuple[Column, ...], rows: Rows, *, written: Rows, days: DayWindow) -> list[Problem]:
    """Every cell of ``rows`` against its column's rule, once per distinct value; a problem names the cell as
    ``written`` in the file."""
    problems: list[Problem] = []
    for column in columns:
        values = rows.columns[column.name]
        # Only the refused values are looked for again: most columns refuse nothing.
        refused = {v: m for v in dict.fromkeys(values) if (m := cell_problem(column, v, days))}
        if refused:
            problems += [written.problem(i, column.name, refused[v]) for i, v in enumerate(values) if v in refused]
    return problems
