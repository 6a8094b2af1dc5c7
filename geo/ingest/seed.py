"""Checking dataset files (crossings, parties, reports) cell by cell.

Every problem is collected with its file, line, column and value, so one run tells
data staff everything that needs fixing.
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Final
from urllib.parse import urlsplit

from geo.dates import DayWindow, report_window
from geo.errors import BadDateError, BadLabelError, Problem, ValidationError
from geo.model import (
    CONFIDENCE_LEVELS,
    DATASET_FILES,
    PARTY_KINDS,
    STATUS_SEVERITY,
    Column,
)
from geo.names import is_country_code
from geo.store.schema import batches as batches_table
from geo.store.schema import crossings as crossings_table
from geo.store.schema import import_profiles as profiles_table
from geo.store.schema import parties as parties_table
from geo.store.schema import reports as reports_table

Row = dict[str, str]
#: A cell check returns an error message, or None when the value is fine.
CellCheck = Callable[[str], str | None]

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_ISO3 = re.compile(r"[A-Z]{3}")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_HEX_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
#: Control characters no text means to hold (tab and line breaks are text); a NUL truncates C strings.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: Plain decimal notation in ASCII digits: float() also takes "1_0", "1e3", "inf" and other scripts' digits.
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")

#: Longest value each text column accepts, taken from the database schema.
MAX_LENGTHS: Final[dict[str, int]] = {
    column.name: int(column.type.length)  # type: ignore[attr-defined]
    for table in (reports_table, crossings_table, parties_table)
    for column in table.columns
    if getattr(column.type, "length", None)
}
#: Free-text columns have no schema limit; this keeps one cell from being a whole book.
MAX_TEXT_LENGTH: Final = 5_000
#: Longest name of whoever writes a batch, and of a saved column mapping, as the database stores them.
MAX_WHO_LENGTH: Final = int(batches_table.c.created_by.type.length)  # type: ignore[attr-defined]
MAX_PROFILE_NAME_LENGTH: Final = int(profiles_table.c.name.type.length)  # type: ignore[attr-defined]
MAX_FILE_NAME_LENGTH: Final = int(batches_table.c.file_name.type.length)  # type: ignore[attr-defined]


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


def parse_day(value: str) -> date:
    """Parse an ISO 8601 day, strictly ``YYYY-MM-DD``.

    >>> parse_day("2021-07-14")
    datetime.date(2021, 7, 14)
    """
    text = value.strip()
    if not _DAY.fullmatch(text):
        raise BadDateError(value)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise BadDateError(value) from None


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
    try:
        parse_day(value)
    except BadDateError:
        return "must be a date written YYYY-MM-DD"
    return None


def _one_of(allowed: Iterable[str]) -> CellCheck:
    choices = tuple(allowed)

    def check(value: str) -> str | None:
        return None if value in choices else "must be one of: " + ", ".join(choices)

    return check


def _color(value: str) -> str | None:
    return None if _HEX_COLOR.fullmatch(value) else "must be a colour written #rrggbb"


def _url(value: str) -> str | None:
    if not value.startswith(("http://", "https://")):
        return "must start with http:// or https://"
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - reading the port is what checks it
    except ValueError:
        return "is not a well-formed web address"
    if not parts.hostname or any(c.isspace() for c in value):
        return "must be a web address with a host, like https://example.org/page"
    return None


def length_problem(column: str, value: str) -> str | None:
    """Why ``value`` is too long for ``column`` as the database stores it, or None."""
    limit = MAX_LENGTHS.get(column, MAX_TEXT_LENGTH)
    return f"too long: {len(value):,} characters, at most {limit:,}" if len(value) > limit else None


def check_label(value: str, *, what: str, limit: int) -> str:
    """``value`` stripped, when it can be stored as ``what`` (at most ``limit`` characters, no control character).

    Raises
    ------
    BadLabelError
        Naming ``what``, the rule and the value, the same on every database.
    """
    text = value.strip()
    problem = (
        "is empty"
        if not text
        else control_character_problem(text)
        or (f"is too long: {len(text):,} characters, at most {limit:,}" if len(text) > limit else None)
    )
    if problem:
        shown = text if len(text) <= 60 else text[:60] + "..."
        raise BadLabelError(f"{what} {problem} (value {shown!r})")
    return text


def control_character_problem(value: str) -> str | None:
    """Why ``value`` cannot be stored as text, when it holds a control character (NUL, ESC...).

    >>> control_character_problem("Tor\\x00kham")
    'holds the control character U+0000 (NUL) at character 4; remove it'
    """
    found = _CONTROL.search(value)
    if found is None:
        return None
    char = found.group()
    name = "NUL" if char == "\x00" else unicodedata.name(char, "control")
    return f"holds the control character U+{ord(char):04X} ({name}) at character {found.start() + 1}; remove it"


#: What a terminal would act on rather than show: C0 and C1 controls (ESC, BEL, CSI...), DEL, and the
#: bidirectional overrides that make text read in another order than it is stored.
_TERMINAL_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with every control character written as an escape, for a terminal or a fixed-width table.

    >>> printable("Tor\\x1b[31mkham\\x07")
    'Tor\\\\x1b[31mkham\\\\x07'
    """
    return _TERMINAL_CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def side_problem(side: str, countries: tuple[str, str]) -> str | None:
    """Why a report's ``side`` does not fit its crossing, which joins ``countries``."""
    if side in countries:
        return None
    return f"must be one of the crossing's two countries: {countries[0]} or {countries[1]}"


#: The check each column's non-empty values must pass; rules as a table.
CELL_CHECKS: Final[dict[str, CellCheck]] = {
    "crossing_id": _slug,
    "party_id": _slug,
    "region": _slug,
    "claimant": _slug,
    "controller": _slug,
    "country_a": _iso3,
    "country_b": _iso3,
    "side": _iso3,
    "lat": _number_between(-90, 90),
    "lon": _number_between(-180, 180),
    "date": _day,
    "status": _one_of(STATUS_SEVERITY),
    "confidence": _one_of(CONFIDENCE_LEVELS),
    "kind": _one_of(PARTY_KINDS),
    "color": _color,
    "url": _url,
}


@dataclass
class Table:
    """The rows of one dataset file, with the line each row starts on."""

    file: str
    rows: list[Row] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)


@dataclass
class Dataset:
    """A checked set of crossings, parties and reports, ready to store."""

    crossings: list[Row]
    parties: list[Row]
    reports: list[Row]


def read_table(text: str, *, file: str, columns: tuple[Column, ...]) -> tuple[Table, list[Problem]]:
    """Read CSV ``text`` whose header must be exactly the names in ``columns`` (any order)."""
    table = Table(file=file)
    problems: list[Problem] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        return table, [Problem(file, 1, "", "", "the file is empty; expected a header row")]
    names = [h.strip().lower() for h in header]
    expected = [c.name for c in columns]
    for name in sorted(n for n, count in Counter(names).items() if count > 1):
        problems.append(Problem(file, 1, name, name, "the column appears more than once"))
    known, present = set(expected), set(names)
    for name in names:
        if name not in known:
            problems.append(Problem(file, 1, name, name, "unknown column; expected " + ", ".join(expected)))
    for name in expected:
        if name not in present:
            problems.append(Problem(file, 1, name, "", "required column is missing"))
    if problems:
        return table, problems
    start = reader.line_num + 1
    for cells in reader:
        line, start = start, reader.line_num + 1
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(names):
            problems.append(
                Problem(file, line, "", ",".join(cells), f"expected {len(names)} cells, found {len(cells)}")
            )
            continue
        table.rows.append({name: cell.strip() for name, cell in zip(names, cells, strict=True)})
        table.lines.append(line)
    return table, problems


def date_problem(value: str, window: DayWindow) -> str | None:
    """Why a report's ``date`` cell, already written ``YYYY-MM-DD``, lies outside ``window``, or None."""
    return window.problem(date.fromisoformat(value))


def check_cells(table: Table, columns: tuple[Column, ...], *, window: DayWindow | None = None) -> list[Problem]:
    """Check every cell against its column's rule, length and required flag; report dates against ``window``."""
    window = window or report_window()
    problems: list[Problem] = []
    for row, line in zip(table.rows, table.lines, strict=True):
        for column in columns:
            value = row[column.name]
            if not value:
                if column.required:
                    problems.append(Problem(table.file, line, column.name, value, "a value is required"))
                continue
            check = CELL_CHECKS.get(column.name)
            message = (
                control_character_problem(value)
                or (check(value) if check else None)
                or length_problem(column.name, value)
                or (date_problem(value, window) if column.name == "date" else None)
            )
            if message:
                problems.append(Problem(table.file, line, column.name, value, message))
    return problems


def _check_unique(table: Table, key: str) -> list[Problem]:
    seen: dict[str, int] = {}
    problems: list[Problem] = []
    for row, line in zip(table.rows, table.lines, strict=True):
        value = row[key]
        if value in seen:
            problems.append(Problem(table.file, line, key, value, f"duplicate id, first on line {seen[value]}"))
        else:
            seen[value] = line
    return problems


def _check_references(
    reports: Table, crossing_ids: set[str], countries: dict[str, tuple[str, str]], party_ids: set[str]
) -> list[Problem]:
    problems: list[Problem] = []
    for row, line in zip(reports.rows, reports.lines, strict=True):
        crossing = row["crossing_id"]
        if crossing and crossing not in crossing_ids:
            problems.append(Problem(reports.file, line, "crossing_id", crossing, "no crossing has this id"))
        side = row["side"]
        # A side that is not a country code at all is reported by its cell check.
        message = (
            side_problem(side, countries[crossing]) if crossing in countries and side and not _iso3(side) else None
        )
        if message:
            problems.append(Problem(reports.file, line, "side", side, message))
        for column in ("claimant", "controller"):
            party = row[column]
            if party and party not in party_ids:
                problems.append(Problem(reports.file, line, column, party, "no party has this id"))
    return problems


def check_dataset_texts(texts: dict[str, str], *, window: DayWindow | None = None) -> Dataset:
    """Check the three dataset files given as text by file name; raise with every problem.

    Raises
    ------
    ValidationError
        Listing each problem with its file, line, column and value.
    """
    tables: dict[str, Table] = {}
    problems: list[Problem] = []
    for file, columns in DATASET_FILES.items():
        if file not in texts:
            problems.append(Problem(file, 0, "", "", "the file is missing"))
            continue
        table, read_problems = read_table(texts[file], file=file, columns=columns)
        problems += read_problems or check_cells(table, columns, window=window)
        if not read_problems:
            tables[file] = table
    if len(tables) == len(DATASET_FILES):
        crossings, parties, reports = (tables[f] for f in DATASET_FILES)
        problems += _check_unique(crossings, "crossing_id") + _check_unique(parties, "party_id")
        countries = {r["crossing_id"]: (r["country_a"], r["country_b"]) for r in crossings.rows}
        # A side can only be compared with two real codes; a bad code is reported on its crossing.
        sided = {c: pair for c, pair in countries.items() if not any(_iso3(code) for code in pair)}
        party_ids = {r["party_id"] for r in parties.rows}
        problems += _check_references(reports, set(countries), sided, party_ids)
    if problems:
        raise ValidationError(problems)
    crossings, parties, reports = (tables[f] for f in DATASET_FILES)
    return Dataset(crossings=crossings.rows, parties=parties.rows, reports=reports.rows)


def load_dataset_dir(folder: Path) -> Dataset:
    """Read and check ``crossings.csv``, ``parties.csv`` and ``reports.csv`` from ``folder``."""
    texts = {
        name: (folder / name).read_text(encoding="utf-8-sig") for name in DATASET_FILES if (folder / name).exists()
    }
    return check_dataset_texts(texts)
