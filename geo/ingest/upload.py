"""Reading and checking an uploaded CSV of reports, crossings or parties against what is stored.

Every problem is collected, not just the first, each with its line, column and value,
and a suggestion where one is likely (the closest known id, swapped coordinates, the
two readings of an ambiguous date). Values are checked once per distinct value, so a
million rows naming a few thousand crossings cost a few thousand checks.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Final, TextIO

import numpy as np
import pandas as pd

from geo.dates import ORDER_WORDS, AmbiguousDateError, DayWindow, read_day
from geo.errors import Problem, ValidationError
from geo.filters import fold
from geo.ingest.columns import (
    KIND_COLUMNS,
    ColumnMapping,
    UploadKind,
    detect_kind,
    guess_kind,
    identity_mapping,
    normalise_header,
    suggest_mapping,
)
from geo.ingest.decode import DELIMITER_NAMES, check_size, decode_upload
from geo.ingest.seed import (
    CELL_CHECKS,
    MAX_FILE_NAME_LENGTH,
    control_character_problem,
    length_problem,
    read_decimal,
    side_problem,
)
from geo.model import Column, column_names
from geo.reference import country_shapes, distance_km
from geo.settings import Settings, earliest_report_day

#: Larger than any accepted cell, so an oversized cell is reported as too long, not as a parser error.
_CSV_FIELD_LIMIT: Final = 10 * 1024 * 1024
#: Cells a spreadsheet would run as a formula when the file is opened.
_FORMULA = re.compile(r"^(?:[=@]|[+\-](?![\d.\s]))")
_DECIMAL_COMMA = re.compile(r"-?[0-9]+,[0-9]+")
_TEXT_COLUMNS: Final = frozenset({"name", "name_a", "name_b", "note", "source", "attribution"})
_REPEATING_COLUMNS: Final = frozenset(
    {"crossing_id", "date", "claimant", "controller", "status", "side", "source", "attribution", "confidence"}
    | {"country_a", "country_b", "region", "kind", "color"}
)
#: How far (km) a crossing may lie from its countries' coarse outlines before its place is questioned.
NEAR_KM: Final = 60.0
FAR_KM: Final = 300.0


class UnmappedColumnsError(ValidationError):
    """A file whose header is not ours: it needs a column mapping before it can be read."""

    def __init__(self, problems: list[Problem], headers: list[str], suggestion: ColumnMapping) -> None:
        super().__init__(problems)
        self.headers = headers
        self.suggestion = suggestion


@dataclass(frozen=True)
class Limits:
    """Upload caps (bytes, data rows, header columns) and the first day a report may be dated."""

    max_bytes: int = 250_000_000
    max_rows: int = 2_000_000
    max_columns: int = 200
    # Read from the environment when not given, so every caller refuses the same far-off dates.
    earliest_day: date = field(default_factory=earliest_report_day)

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(
            max_bytes=settings.upload_max_bytes,
            max_rows=settings.upload_max_rows,
            max_columns=settings.upload_max_columns,
            earliest_day=settings.earliest_report_day,
        )

    @property
    def days(self) -> DayWindow:
        """The days a report may carry: from ``earliest_day`` to a year after today."""
        return DayWindow.around(self.earliest_day)


@dataclass(frozen=True)
class Known:
    """What is stored already, for references, suggestions and conflicts."""

    crossings: pd.DataFrame
    parties: pd.DataFrame

    @property
    def crossing_ids(self) -> frozenset[str]:
        return frozenset(self.crossings["crossing_id"])

    @property
    def party_ids(self) -> frozenset[str]:
        return frozenset(self.parties["party_id"])


@dataclass
class Upload:
    """A checked upload: its rows in our columns, with the line each came from."""

    kind: UploadKind
    file: str
    encoding: str
    delimiter: str
    checksum: str
    columns: dict[str, list[str]]
    lines: list[int]
    #: How the file was read (encoding, delimiter).
    notes: list[str] = field(default_factory=list)
    #: What was read other than as written, for the editor to confirm in the preview.
    notices: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.lines)

    def frame(self) -> pd.DataFrame:
        """The rows as a frame of text in our column order (empty = not stated)."""
        return pd.DataFrame(self.columns, columns=column_names(KIND_COLUMNS[self.kind]), dtype=object)


def slugify(text: str) -> str:
    """A lowercase ASCII slug: ``"Torkham (Khyber)"`` -> ``"torkham-khyber"``."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def read_upload(
    data: bytes,
    *,
    file: str,
    known: Known,
    mapping: ColumnMapping | None = None,
    limits: Limits | None = None,
) -> Upload:
    """Decode, read and check an uploaded CSV; raise with every problem found.

    Parameters
    ----------
    data
        The file's bytes, in any encoding a spreadsheet exports.
    file
        The file name used in problems.
    known
        The stored crossings and parties.
    mapping
        How a foreign file's columns fill ours; None for a file in our own columns.

    Raises
    ------
    UnmappedColumnsError
        When the header is not ours and no mapping was given (with a suggested one).
    ValidationError
        Listing every problem with its line, column and value.
    """
    limits = limits or Limits()
    check_size(len(data), limit_bytes=limits.max_bytes, file=file)
    # The name is stored with the batch: held to the database's rules here, the same on every database.
    name_problem = control_character_problem(file) or (
        f"is too long: {len(file):,} characters, at most {MAX_FILE_NAME_LENGTH:,}"
        if len(file) > MAX_FILE_NAME_LENGTH
        else None
    )
    if name_problem:
        shown = file if len(file) <= 60 else file[:60] + "..."
        raise ValidationError([Problem(shown, 0, "", shown, f"the file's name {name_problem}; rename the file")])
    decoded = decode_upload(data, file=file)
    rows = _csv_rows(decoded.stream, decoded.delimiter, file)
    header_line, header = next(((n, cells) for n, cells in rows if isinstance(cells, Problem) or any(cells)), (1, []))
    if isinstance(header, Problem):
        raise ValidationError([header])
    if not any(cell.strip() for cell in header):
        raise ValidationError([Problem(file, 1, "", "", "the file is empty; expected a header row")])
    if len(header) > limits.max_columns:
        message = f"the header has {len(header):,} columns, more than the {limits.max_columns:,} accepted"
        raise ValidationError([Problem(file, header_line, "", ",".join(header[:5])[:200] + ",...", message)])
    mapping, problems = _resolve_mapping(header, mapping, file)
    kind = mapping.kind
    columns: dict[str, list[str]] = {c.name: [] for c in KIND_COLUMNS[kind]}
    lines: list[int] = []
    plan = _plan(header, mapping)
    for line, cells in rows:
        if isinstance(cells, Problem):
            problems.append(cells)
            continue
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            found = decoded.delimiter.join(cells)
            problems.append(Problem(file, line, "", found[:200], f"expected {len(header)} cells, found {len(cells)}"))
            continue
        if len(lines) >= limits.max_rows:
            problems.append(Problem(file, line, "", "", f"more than {limits.max_rows:,} rows; split the file"))
            break
        for name, take in plan:
            columns[name].append(take(cells))
        lines.append(line)
    if not lines and not problems:
        problems.append(Problem(file, header_line, "", "", "the file has a header but no rows"))
    upload = Upload(
        kind=kind,
        file=file,
        encoding=decoded.encoding,
        delimiter=decoded.delimiter,
        checksum=hashlib.sha256(data).hexdigest(),
        columns=columns,
        lines=lines,
    )
    if lines:
        problems += _check_date_order(upload)
        if kind == "reports":
            upload.notices += _read_party_names(upload, known)
        problems += _check_values(upload, decoded.delimiter, limits.days)
        problems += _check_rows(upload, known)
    if problems:
        raise ValidationError(sorted(_merge_same_cell(problems), key=_problem_order(kind)))
    upload.notes.append(f"read as {decoded.encoding}, {DELIMITER_NAMES[decoded.delimiter]}-separated")
    return upload


def _problem_order(kind: UploadKind) -> Callable[[Problem], tuple[int, int]]:
    order = {name: i for i, name in enumerate(column_names(KIND_COLUMNS[kind]))}
    return lambda p: (p.line, order.get(p.column, -1))


def _merge_same_cell(problems: list[Problem]) -> list[Problem]:
    """One problem per cell: a range error and the swap that explains it read as one message."""
    merged: dict[tuple[str, int, str], Problem] = {}
    for problem in problems:
        key = (problem.file, problem.line, problem.column)
        if problem.column and key in merged:
            first = merged[key]
            merged[key] = Problem(
                first.file, first.line, first.column, first.value, f"{first.message}; {problem.message}"
            )
        else:
            merged[key if problem.column else (problem.file, problem.line, str(len(merged)))] = problem
    return list(merged.values())


def _csv_rows(stream: TextIO, delimiter: str, file: str) -> Iterator[tuple[int, list[str] | Problem]]:
    """Each row with the line it starts on; a row the CSV parser rejects becomes a problem."""
    csv.field_size_limit(_CSV_FIELD_LIMIT)
    reader = csv.reader(stream, delimiter=delimiter, strict=False)
    start = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield start, Problem(file, start, "", "", f"the CSV cannot be read here: {error}")
            start = reader.line_num + 1
            continue
        yield start, cells
        start = reader.line_num + 1


def _resolve_mapping(
    header: list[str], mapping: ColumnMapping | None, file: str
) -> tuple[ColumnMapping, list[Problem]]:
    names = [normalise_header(h) for h in header]
    # Counted once: a count per name made a wide header take minutes.
    counts = Counter(names)
    problems = [
        Problem(file, 1, name, name, "the column appears more than once")
        for name in sorted(n for n, count in counts.items() if n and count > 1)
    ]
    if mapping is None:
        kind = detect_kind(header)
        if kind is None:
            guess = guess_kind(header)
            suggestion = suggest_mapping(header, guess)
            ours = [c.name for c in KIND_COLUMNS[guess] if c.required and c.name not in names]
            message = (
                "these are not Borderwatch columns; map them to ours (missing: " + ", ".join(ours) + ")"
                if ours
                else "these are not Borderwatch columns"
            )
            problems.append(Problem(file, 1, "", ",".join(header)[:300], message))
            raise UnmappedColumnsError(problems, header, suggestion)
        mapping = identity_mapping(header, kind)
        expected = column_names(KIND_COLUMNS[kind])
        known_names = set(expected)
        for name in names:
            if name not in known_names:
                problems.append(Problem(file, 1, name, name, "unknown column; expected " + ", ".join(expected)))
    for name, source in mapping.sources.items():
        if source.how != "constant" and normalise_header(source.value) not in counts:
            problems.append(
                Problem(file, 1, name, source.value, "the mapping takes this column, but the file has none")
            )
    for name in mapping.missing_required():
        problems.append(Problem(file, 1, name, "", "required column is missing"))
    if problems:
        raise ValidationError(problems)
    return mapping, []


Take = Callable[[list[str]], str]


def _constant(value: str) -> Take:
    return lambda cells: value


def _cell(index: int) -> Take:
    return lambda cells: cells[index].strip()


def _shared_cell(index: int) -> Take:
    # Ids, dates, outlets and codes repeat across a large file; one shared string per
    # distinct value keeps a million-row upload to a fraction of the memory.
    return lambda cells: sys.intern(cells[index].strip())


def _slug_of(index: int) -> Take:
    def take(cells: list[str]) -> str:
        cell = cells[index]
        # Making an id would quietly drop a NUL or another control character: keep the cell so it is refused.
        return cell.strip() if control_character_problem(cell) else slugify(cell)

    return take


def _plan(header: list[str], mapping: ColumnMapping) -> list[tuple[str, Take]]:
    """For each of our columns, how to take its value from a row's cells."""
    position = {normalise_header(h): i for i, h in enumerate(header)}
    plan: list[tuple[str, Take]] = []
    for column in KIND_COLUMNS[mapping.kind]:
        source = mapping.sources.get(column.name)
        if source is None:
            plan.append((column.name, _constant("")))
        elif source.how == "constant":
            plan.append((column.name, _constant(source.value.strip())))
        elif source.how == "slug":
            plan.append((column.name, _slug_of(position[normalise_header(source.value)])))
        elif column.name in _REPEATING_COLUMNS:
            plan.append((column.name, _shared_cell(position[normalise_header(source.value)])))
        else:
            plan.append((column.name, _cell(position[normalise_header(source.value)])))
    return plan


def _distinct(values: list[str]) -> dict[str, list[int]]:
    """Row indexes by value."""
    where: dict[str, list[int]] = defaultdict(list)
    for index, value in enumerate(values):
        where[value].append(index)
    return where


def _check_values(upload: Upload, delimiter: str, days: DayWindow) -> list[Problem]:
    """Each column's values against its rule, once per distinct value; normalises dates and decimal commas."""
    problems: list[Problem] = []
    for column in KIND_COLUMNS[upload.kind]:
        values = upload.columns[column.name]
        for value, indexes in _distinct(values).items():
            fixed, message = _check_value(column, value, delimiter, days)
            if message:
                problems += [Problem(upload.file, upload.lines[i], column.name, value, message) for i in indexes]
            elif fixed != value:
                for i in indexes:
                    values[i] = fixed
    return problems


def _check_value(column: Column, value: str, delimiter: str, days: DayWindow) -> tuple[str, str | None]:
    """The value as stored and an error message (None when fine)."""
    if not value:
        return value, "a value is required" if column.required else None
    if control := control_character_problem(value):
        return value, control
    if column.name in _TEXT_COLUMNS and _FORMULA.match(value):
        return value, "starts like a spreadsheet formula (= + - @); remove the leading character"
    if column.name == "date":
        try:
            day = read_day(value).day
        except AmbiguousDateError as error:
            return value, str(error)
        except ValueError:
            return value, "must be a date written YYYY-MM-DD"
        return day.isoformat(), days.problem(day)
    if column.name in ("lat", "lon") and delimiter != "," and _DECIMAL_COMMA.fullmatch(value):
        value = value.replace(",", ".")
    if column.name in ("country_a", "country_b", "side"):
        value = value.upper() if len(value) == 3 else value
    check = CELL_CHECKS.get(column.name)
    message = (check(value) if check else None) or length_problem(column.name, value)
    return value, message


def _check_date_order(upload: Upload) -> list[Problem]:
    """Refuse a file mixing day-first and month-first dates: one of them was misread by someone."""
    if upload.kind != "reports":
        return []
    raw = upload.columns["date"]
    orders: dict[str, int] = {}
    for index, value in enumerate(raw):
        try:
            order = read_day(value).order
        except ValueError:
            continue
        if order in ORDER_WORDS:
            orders.setdefault(order, index)
    if len(orders) < 2:
        return []
    later = max(orders.values())
    first_order = min(orders, key=lambda o: orders[o])
    message = (
        f"this date is {ORDER_WORDS[max(orders, key=lambda o: orders[o])]} but line "
        f"{upload.lines[orders[first_order]]} is {ORDER_WORDS[first_order]}; write every date as YYYY-MM-DD"
    )
    return [Problem(upload.file, upload.lines[later], "date", raw[later], message)]


def closest(value: str, choices: Mapping[str, str], *, n: int = 3) -> list[str]:
    """The ids most like ``value``, matching either the id or a name; ``choices`` maps folded text to id."""
    folded = fold(value)
    # A part of a name ("chaman") points at the crossing as surely as a near spelling does.
    within = [c for c in choices if len(folded) >= 4 and folded in c]
    hits = within + difflib.get_close_matches(folded, list(choices), n=n * 2, cutoff=0.6)
    found: list[str] = []
    for hit in hits:
        if choices[hit] not in found:
            found.append(choices[hit])
    return found[:n]


def _suggestion(candidates: list[str]) -> str:
    return "; did you mean " + " or ".join(repr(c) for c in candidates) + "?" if candidates else ""


def _lookup(frame: pd.DataFrame, key: str, names: tuple[str, ...]) -> dict[str, str]:
    choices: dict[str, str] = {}
    for row in frame.to_dict("records"):
        for name in names:
            if isinstance(row.get(name), str) and row[name]:
                choices.setdefault(fold(row[name]), row[key])
        choices[fold(row[key])] = row[key]
    return choices


def _check_rows(upload: Upload, known: Known) -> list[Problem]:
    if upload.kind == "reports":
        return _check_report_references(upload, known)
    key = "crossing_id" if upload.kind == "crossings" else "party_id"
    problems = _check_unique(upload, key)
    stored = known.crossings if upload.kind == "crossings" else known.parties
    problems += _check_conflicts(upload, stored, key)
    if upload.kind == "crossings":
        problems += _check_places(upload)
    return problems


def _spacing_and_case_aside(text: str) -> str:
    return " ".join(text.split()).casefold()


def _read_party_names(upload: Upload, known: Known) -> list[str]:
    """Claimants and controllers written as a party's display name read as its id; one notice per name.

    Only a name that matches exactly one party's (case and spacing aside) is read so;
    anything else is left for the id check to refuse with a suggestion.
    """
    by_name: dict[str, list[str]] = defaultdict(list)
    for party_id, name in zip(known.parties["party_id"], known.parties["name"], strict=True):
        if isinstance(name, str) and name:
            by_name[_spacing_and_case_aside(name)].append(str(party_id))
    ids = known.party_ids
    notices: list[str] = []
    for column in ("claimant", "controller"):
        values = upload.columns[column]
        for value, indexes in _distinct(values).items():
            matches = by_name.get(_spacing_and_case_aside(value), []) if value and value not in ids else []
            if len(matches) != 1:
                continue
            party_id = sys.intern(matches[0])
            for i in indexes:
                values[i] = party_id
            lines = f"line {upload.lines[indexes[0]]}" + (f" and {len(indexes) - 1:,} more" if len(indexes) > 1 else "")
            notices.append(f"{column} {value!r} is the name of party {party_id!r}; read as {party_id!r} ({lines})")
    return notices


_ALPHA3_SHAPE = re.compile(r"[A-Z]{3}")


def _check_sides(upload: Upload, known: Known) -> list[Problem]:
    """A report's side must be one of its crossing's two countries; judged once per (crossing, side)."""
    crossings = known.crossings
    pairs = zip(crossings["country_a"], crossings["country_b"], strict=True)
    countries = dict(zip(crossings["crossing_id"], pairs, strict=True))
    verdicts: dict[tuple[str, str], str | None] = {}
    problems: list[Problem] = []
    for index, key in enumerate(zip(upload.columns["crossing_id"], upload.columns["side"], strict=True)):
        if not key[1]:
            continue
        if key not in verdicts:
            pair = countries.get(key[0])
            # Unknown crossings, and sides not even shaped like a code, are reported by their own checks; a
            # well-shaped code that names no country (XXX) still hears which two it could be.
            usable = pair is not None and _ALPHA3_SHAPE.fullmatch(key[1]) is not None
            verdicts[key] = side_problem(key[1], (str(pair[0]), str(pair[1]))) if usable and pair else None
        message = verdicts[key]
        if message:
            problems.append(Problem(upload.file, upload.lines[index], "side", key[1], message))
    return problems


def _check_report_references(upload: Upload, known: Known) -> list[Problem]:
    problems: list[Problem] = _check_sides(upload, known)
    targets = (
        (
            "crossing_id",
            known.crossing_ids,
            _lookup(known.crossings, "crossing_id", ("name", "name_a", "name_b")),
            "crossing",
        ),
        ("claimant", known.party_ids, _lookup(known.parties, "party_id", ("name",)), "party"),
        ("controller", known.party_ids, _lookup(known.parties, "party_id", ("name",)), "party"),
    )
    for column, ids, choices, noun in targets:
        for value, indexes in _distinct(upload.columns[column]).items():
            if not value or value in ids or CELL_CHECKS[column](value):
                continue
            message = f"no {noun} has this id" + _suggestion(closest(value, choices))
            problems += [Problem(upload.file, upload.lines[i], column, value, message) for i in indexes]
    return problems


def _same_cell(column: str, a: str, b: str) -> bool:
    """Two cells say the same: the same text, or for coordinates the same number (``30.95`` and ``30.950``)."""
    if a == b:
        return True
    if column not in ("lat", "lon"):
        return False
    try:
        return read_decimal(a) == read_decimal(b)
    except ValueError:
        return False


def _check_unique(upload: Upload, key: str) -> list[Problem]:
    """An id given twice is refused, unless the whole row repeats its first line (the preview skips it)."""
    problems: list[Problem] = []
    first: dict[str, int] = {}
    for index, value in enumerate(upload.columns[key]):
        if value in first:
            earlier = first[value]
            if all(_same_cell(name, cells[index], cells[earlier]) for name, cells in upload.columns.items()):
                continue
            line = upload.lines[first[value]]
            problems.append(
                Problem(upload.file, upload.lines[index], key, value, f"duplicate id, first on line {line}")
            )
        else:
            first[value] = index
    return problems


def _same(stored: object, uploaded: str) -> bool:
    if stored is None or (isinstance(stored, float) and np.isnan(stored)):
        return uploaded == ""
    if isinstance(stored, float):
        try:
            return abs(stored - read_decimal(uploaded)) < 1e-9
        except ValueError:
            return False
    return str(stored) == uploaded or (str(stored).lower() == uploaded.lower() and uploaded.startswith("#"))


def _check_conflicts(upload: Upload, stored: pd.DataFrame, key: str) -> list[Problem]:
    """An id already stored must come with the same values: stored rows are never changed in place."""
    problems: list[Problem] = []
    by_id = stored.set_index(key).to_dict("index")
    names = [c.name for c in KIND_COLUMNS[upload.kind] if c.name != key]
    for index, value in enumerate(upload.columns[key]):
        if value not in by_id:
            continue
        for name in names:
            new, old = upload.columns[name][index], by_id[value].get(name)
            if not _same(old, new) and not (name == "color" and not new):
                message = f"{value!r} is stored with {name} {old!r}; a stored {key[:-3]} cannot be changed by upload"
                problems.append(Problem(upload.file, upload.lines[index], name, new, message))
    return problems


def decimals(cells: pd.Series) -> pd.Series:
    """Cells as numbers by the one rule for numbers in files; a cell it refuses is NaN (and refused on its own)."""

    def number(cell: str) -> float:
        try:
            return read_decimal(cell)
        except ValueError:
            return float("nan")

    return cells.map(number).astype(float)


def _check_places(upload: Upload) -> list[Problem]:
    """Coordinates far from both countries' outlines, with the fix when swapping or a sign puts them on it."""
    problems: list[Problem] = []
    frame = pd.DataFrame(upload.columns)
    lat, lon = decimals(frame["lat"]), decimals(frame["lon"])
    usable = lat.notna() & lon.notna() & lat.abs().le(90) & lon.abs().le(180)
    swapped_range = lat.abs().gt(90) & lat.abs().le(180) & lon.abs().le(90)
    for index in np.flatnonzero(swapped_range.to_numpy()):
        message = "latitude and longitude look swapped: this value fits longitude"
        problems.append(Problem(upload.file, upload.lines[index], "lat", frame["lat"][index], message))
    for (a, b), group in frame[usable].groupby(["country_a", "country_b"]):
        countries = (str(a), str(b))
        if not all(c in country_shapes() for c in countries):
            # A bad or unmapped code is reported on its own; distances to half a border mislead.
            continue
        la, lo = lat[group.index].to_numpy(), lon[group.index].to_numpy()
        here = distance_km(la, lo, countries)
        # Each fix with the column it is about: a wrong longitude is named under lon, with its value.
        fixes = {
            ("latitude and longitude look swapped", "lat"): distance_km(lo, la, countries),
            ("the longitude's sign looks wrong (east/west)", "lon"): distance_km(la, -lo, countries),
            ("the latitude's sign looks wrong (north/south)", "lat"): distance_km(-la, lo, countries),
        }
        for position, index in enumerate(group.index):
            if not here[position] > FAR_KM:
                continue
            fix = next((key for key, km in fixes.items() if km[position] <= NEAR_KM), None)
            where = f"{here[position]:,.0f} km from {' and '.join(countries)}"
            message = f"{fix[0]}: as written the point is {where}" if fix else f"the point is {where}; check it"
            column = fix[1] if fix else "lat"
            problems.append(Problem(upload.file, upload.lines[index], column, frame[column][index], message))
    return problems
