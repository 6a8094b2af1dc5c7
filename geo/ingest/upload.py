"""Reading an uploaded CSV of reports, crossings or parties: its bytes to rows in our columns, checked.

The steps, each in its own module: the bytes decoded (:mod:`geo.ingest.decode`), the CSV
read row by row with the line each starts on and the header matched to our columns
(:mod:`geo.ingest.columns`, here), every cell written in its stored form and checked by
its column's rule (:mod:`geo.ingest.rules`), the rows checked against each other and what
is stored (:mod:`geo.ingest.checks`) and a crossing's place against its countries
(:mod:`geo.ingest.places`). Every problem is collected, not just the first, each with its
line, column and value, and a suggestion where one is likely.
"""

from __future__ import annotations

import csv
import hashlib
import re
import sys
import unicodedata
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from typing import Final, TextIO

import pandas as pd

from geo.dates import DayWindow
from geo.errors import Problem, ValidationError
from geo.ingest.checks import check_date_order, check_rows, read_party_names, unplaced_notices
from geo.ingest.columns import (
    KIND_COLUMNS,
    PARTY_REFERENCES,
    PLACED_KINDS,
    ColumnMapping,
    UploadKind,
    normalise_header,
    resolve_mapping,
)
from geo.ingest.decode import DELIMITER_NAMES, DecodedText, check_size, decode_upload
from geo.ingest.places import check_places
from geo.ingest.rules import Rows, check_cells, normalise
from geo.model import PLACE_COLUMNS, REGION_COLUMNS, SOURCE_COLUMNS, column_names
from geo.settings import UploadLimits, upload_limits
from geo.store.schema import MAX_FILE_NAME_LENGTH
from geo.text import control_character_problem

#: Larger than any accepted cell, so an oversized cell is reported as too long, not as a parser error.
_CSV_FIELD_LIMIT: Final = 10 * 1024 * 1024
_REPEATING_COLUMNS: Final = frozenset(
    {"crossing_id", "date", "claimant", "controller", "status", "side", "traffic", "direction", "source"}
    | {"attribution", "confidence", "country_a", "country_b", "region", "kind", "color"}
)
#: Each row of a CSV with the line it starts on, or the problem that kept it from being read.
CsvRows = Iterator[tuple[int, list[str] | Problem]]


@dataclass(frozen=True)
class Known:
    """What is stored already, for references, suggestions and conflicts."""

    crossings: pd.DataFrame
    parties: pd.DataFrame
    #: The source records (:mod:`geo.grading`): a report's origin spelled like one of them hears it.
    sources: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=column_names(SOURCE_COLUMNS)))
    #: The gazetteer (:mod:`geo.gazetteer`): a report naming a crossing that is only a place there is
    #: told to add it from there.
    places: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=column_names(PLACE_COLUMNS)))
    regions: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=column_names(REGION_COLUMNS)))

    @property
    def crossing_ids(self) -> frozenset[str]:
        return frozenset(self.crossings["crossing_id"])

    @property
    def party_ids(self) -> frozenset[str]:
        return frozenset(self.parties["party_id"])


@dataclass(frozen=True)
class Upload:
    """A checked upload: its rows in our columns, each cell in its stored form, with the line each came from."""

    kind: UploadKind
    file: str
    encoding: str
    delimiter: str
    checksum: str
    #: The rows as text in our column order (empty = not stated); read it through :meth:`frame`.
    table: pd.DataFrame
    lines: Sequence[int]
    #: How the file was read (encoding, delimiter).
    notes: tuple[str, ...] = ()
    #: What was read other than as written, for the editor to confirm in the preview.
    notices: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.lines)

    def frame(self) -> pd.DataFrame:
        """The rows as a frame of text in our column order (empty = not stated).

        A new frame over the same columns, not a copy of a million rows: pandas copies on
        write, so a change a caller makes to it never reaches the upload.
        """
        return self.table.copy(deep=False)


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
    limits: UploadLimits | None = None,
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
    limits
        The caps and the earliest report day; None for those of the environment (:func:`upload_limits`).

    Raises
    ------
    UnmappedColumnsError
        When the header is not ours and no mapping was given (with a suggested one).
    ValidationError
        Listing every problem with its line, column and value.
    """
    limits = limits or upload_limits()
    check_size(len(data), limit_bytes=limits.max_bytes, file=file)
    _check_file_name(file)
    decoded = decode_upload(data, file=file)
    kind, written, problems = _read_rows(decoded, file, mapping, limits)
    rows = written
    notices: list[str] = []
    if written.lines:
        rows, notices, found = _normalise_and_check(kind, written, known, decoded.delimiter, limits)
        problems += found
    if problems:
        raise ValidationError(sorted(_merge_same_cell(problems), key=_problem_order(kind)))
    return Upload(
        kind=kind,
        file=file,
        encoding=decoded.encoding,
        delimiter=decoded.delimiter,
        checksum=hashlib.sha256(data).hexdigest(),
        table=pd.DataFrame(rows.columns, columns=column_names(KIND_COLUMNS[kind]), dtype=object),
        lines=rows.lines,
        notes=(f"read as {decoded.encoding}, {DELIMITER_NAMES[decoded.delimiter]}-separated",),
        notices=tuple(notices),
    )


def _check_file_name(file: str) -> None:
    """The name is stored with the batch: held to the database's rules here, the same on every database."""
    name_problem = control_character_problem(file) or (
        f"is too long: {len(file):,} characters, at most {MAX_FILE_NAME_LENGTH:,}"
        if len(file) > MAX_FILE_NAME_LENGTH
        else None
    )
    if name_problem:
        shown = file if len(file) <= 60 else file[:60] + "..."
        raise ValidationError([Problem(shown, 0, "", shown, f"the file's name {name_problem}; rename the file")])


def _normalise_and_check(
    kind: UploadKind, written: Rows, known: Known, delimiter: str, limits: UploadLimits
) -> tuple[Rows, list[str], list[Problem]]:
    """The rows in their stored form, what was read other than as written, and every problem.

    Normalising comes first and makes new rows (party names read as ids, dates as YYYY-MM-DD,
    decimal commas as points, codes in capitals); the checks then only read them.
    """
    problems = check_date_order(written) if kind == "reports" else []
    named, notices = read_party_names(written, known, kind) if kind in PARTY_REFERENCES else (written, [])
    rows = normalise(named, delimiter)
    problems += check_cells(KIND_COLUMNS[kind], rows, written=written, days=DayWindow.around(limits.earliest_day))
    problems += check_rows(kind, rows, known)
    if kind in PLACED_KINDS:
        problems += check_places(rows)
    if kind == "crossings":
        notices = [*notices, *unplaced_notices(rows)]
    return rows, notices, problems


def _read_rows(
    decoded: DecodedText, file: str, mapping: ColumnMapping | None, limits: UploadLimits
) -> tuple[UploadKind, Rows, list[Problem]]:
    """The file's rows in our columns, as written, with the problems of rows that cannot be read."""
    rows = _csv_rows(decoded.stream, decoded.delimiter, file)
    header_line, header = _read_header(rows, file, limits)
    mapping = resolve_mapping(header, mapping, file)
    columns: dict[str, list[str]] = {c.name: [] for c in KIND_COLUMNS[mapping.kind]}
    # Line numbers as machine integers: a list of a million Python ints would take 36 MB.
    lines = array("q")
    problems: list[Problem] = []
    plan = _plan(header, mapping)
    chunk: list[list[str]] = []
    for line, cells in rows:
        if isinstance(cells, Problem):
            problems.append(cells)
        elif not (joined := "".join(cells)) or joined.isspace():
            continue
        elif len(cells) != len(header):
            found = decoded.delimiter.join(cells)
            problems.append(Problem(file, line, "", found[:200], f"expected {len(header)} cells, found {len(cells)}"))
        elif len(lines) >= limits.max_rows:
            problems.append(Problem(file, line, "", "", f"more than {limits.max_rows:,} rows; split the file"))
            break
        else:
            chunk.append(cells)
            lines.append(line)
            if len(chunk) == _CHUNK_ROWS:
                _take_columns(chunk, plan, columns)
                chunk = []
    _take_columns(chunk, plan, columns)
    if not lines and not problems:
        problems.append(Problem(file, header_line, "", "", "the file has a header but no rows"))
    return mapping.kind, Rows(file=file, columns=columns, lines=lines), problems


def _read_header(rows: CsvRows, file: str, limits: UploadLimits) -> tuple[int, list[str]]:
    """The first row that is not blank, with its line; a missing or too wide header is refused at once."""
    header_line, header = next(((n, cells) for n, cells in rows if isinstance(cells, Problem) or any(cells)), (1, []))
    if isinstance(header, Problem):
        raise ValidationError([header])
    if not any(cell.strip() for cell in header):
        raise ValidationError([Problem(file, 1, "", "", "the file is empty; expected a header row")])
    if len(header) > limits.max_columns:
        message = f"the header has {len(header):,} columns, more than the {limits.max_columns:,} accepted"
        raise ValidationError([Problem(file, header_line, "", ",".join(header[:5])[:200] + ",...", message)])
    return header_line, header


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


def _csv_rows(stream: TextIO, delimiter: str, file: str) -> CsvRows:
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


#: How one of our columns is taken from a chunk of rows, given the chunk's cells column by column.
Take = Callable[[Sequence[tuple[str, ...]], int], Iterable[str]]
#: Rows turned into columns at a time, so each step runs over a column, not cell by cell; few enough that a
#: chunk's rows die young (16,384 kept them alive long enough for the garbage collector to walk them again).
_CHUNK_ROWS: Final = 256


def _take_columns(chunk: list[list[str]], plan: list[tuple[str, Take]], columns: dict[str, list[str]]) -> None:
    if chunk:
        by_column = list(zip(*chunk, strict=True))
        for name, take in plan:
            columns[name].extend(take(by_column, len(chunk)))


def _constant(value: str) -> Take:
    return lambda by_column, count: repeat(value, count)


def _cell(index: int) -> Take:
    return lambda by_column, count: map(str.strip, by_column[index])


def _shared_cell(index: int) -> Take:
    # Ids, dates, outlets and codes repeat across a large file; one shared string per
    # distinct value keeps a million-row upload to a fraction of the memory.
    return lambda by_column, count: map(sys.intern, map(str.strip, by_column[index]))


def _slug_cell(cell: str) -> str:
    # Making an id would quietly drop a NUL or another control character: keep the cell so it is refused.
    return cell.strip() if control_character_problem(cell) else slugify(cell)


def _slug_of(index: int) -> Take:
    return lambda by_column, count: map(_slug_cell, by_column[index])


def _plan(header: list[str], mapping: ColumnMapping) -> list[tuple[str, Take]]:
    """For each of our columns, how to take its values from the cells of a chunk of rows."""
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
