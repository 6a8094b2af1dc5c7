"""An upload's rows against each other and against what is stored.

Each id once per file (a whole row repeated is skipped by the preview, not refused), a
stored row never changed by upload, every reference to a known crossing or party (with
the closest ids as suggestions), a report's side one of its crossing's countries, and one
order of day and month per file. A party written by its display name is read as its id.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import sys
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Final

import numpy as np
import pandas as pd

from geo.dates import ORDER_WORDS, read_day
from geo.errors import Problem
from geo.filters import fold
from geo.gazetteer import Gazetteer
from geo.grading import SourceBook, name_key
from geo.ingest.columns import KIND_COLUMNS, PARTY_REFERENCES, UploadKind
from geo.ingest.rules import Rows, read_decimal, shape_problem, side_problem
from geo.model import listed_ids
from geo.names import pair_name

if TYPE_CHECKING:
    # Only for annotations: the upload reader, which defines what is stored, calls these checks.
    from geo.ingest.upload import Known

_ALPHA3_SHAPE = re.compile(r"[A-Z]{3}")


def check_rows(kind: UploadKind, rows: Rows, known: Known) -> list[Problem]:
    """The checks of ``kind``'s rows against each other and ``known``, coordinates aside."""
    if kind == "reports":
        return [
            *_check_sides(rows, known, "side"),
            *_check_sides(rows, known, "direction"),
            *_check_references(rows, known),
            *_check_not_before(rows, "date", "date_latest"),
            *_check_origins(rows, known),
        ]
    if kind == "authorisations":
        return [
            *_check_authorised_crossings(rows, known),
            *_check_party_column(rows, known, "issuer"),
            *_check_not_before(rows, "start_date", "end_date"),
        ]
    if kind == "sources":
        return [
            *_check_unique(rows, "source_id"),
            *_check_conflicts(kind, rows, known.sources, "source_id"),
            *_check_party_column(rows, known, "party"),
            *_check_source_names(rows, known),
        ]
    if kind == "gazetteer":
        return _check_unique(rows, "place_id") + _check_conflicts(kind, rows, known.places, "place_id")
    if kind == "regions":
        return _check_unique(rows, "region_id") + _check_conflicts(kind, rows, known.regions, "region_id")
    if kind == "crossings":
        return [
            *_check_unique(rows, "crossing_id"),
            *_check_conflicts(kind, rows, known.crossings, "crossing_id"),
            *_check_both_or_neither(rows, "lat", "lon"),
        ]
    return _check_unique(rows, "party_id") + _check_conflicts(kind, rows, known.parties, "party_id")


def check_date_order(rows: Rows) -> list[Problem]:
    """Refuse a file mixing day-first and month-first dates: one of them was misread by someone."""
    raw = rows.columns["date"]
    # The first value of each order, read once per distinct value in the order values first appear.
    firsts: dict[str, str] = {}
    for value in dict.fromkeys(raw):
        try:
            order = read_day(value).order
        except ValueError:
            continue
        if order in ORDER_WORDS:
            firsts.setdefault(order, value)
    if len(firsts) < 2:
        return []
    orders = {order: raw.index(value) for order, value in firsts.items()}
    later = max(orders.values())
    first_order = min(orders, key=lambda o: orders[o])
    message = (
        f"this date is {ORDER_WORDS[max(orders, key=lambda o: orders[o])]} but line "
        f"{rows.lines[orders[first_order]]} is {ORDER_WORDS[first_order]}; write every date as YYYY-MM-DD"
    )
    return [rows.problem(later, "date", message)]


def _indexes(values: Sequence[str], wanted: Collection[str]) -> dict[str, list[int]]:
    """The rows holding each of a few ``wanted`` values (looked for only once some are)."""
    where: dict[str, list[int]] = defaultdict(list)
    if wanted:
        for index, value in enumerate(values):
            if value in wanted:
                where[value].append(index)
    return where


def _spacing_and_case_aside(text: str) -> str:
    return " ".join(text.split()).casefold()


def read_party_names(rows: Rows, known: Known, rows_kind: UploadKind = "reports") -> tuple[Rows, list[str]]:
    """Parties (a report's claimant and controller, an authorisation's issuer) written as a party's
    display name, read as its id; one notice per name.

    Only a name that matches exactly one party's (case and spacing aside) is read so;
    anything else is left for the id check to refuse with a suggestion.
    """
    by_name: dict[str, list[str]] = defaultdict(list)
    for party_id, name in zip(known.parties["party_id"], known.parties["name"], strict=True):
        if isinstance(name, str) and name:
            by_name[_spacing_and_case_aside(name)].append(str(party_id))
    ids = known.party_ids
    columns = dict(rows.columns)
    notices: list[str] = []
    for column in [c for c in PARTY_REFERENCES.get(rows_kind, ()) if c in rows.columns]:
        named = {
            value: matches[0]
            for value in dict.fromkeys(rows.columns[column])
            if value and value not in ids and len(matches := by_name.get(_spacing_and_case_aside(value), [])) == 1
        }
        if not named:
            continue
        values = list(rows.columns[column])
        for value, indexes in _indexes(values, named).items():
            party_id = sys.intern(named[value])
            for i in indexes:
                values[i] = party_id
            lines = f"line {rows.lines[indexes[0]]}" + (f" and {len(indexes) - 1:,} more" if len(indexes) > 1 else "")
            notices.append(f"{column} {value!r} is the name of party {party_id!r}; read as {party_id!r} ({lines})")
        columns[column] = values
    return dataclasses.replace(rows, columns=columns), notices


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


def _check_sides(rows: Rows, known: Known, column: str) -> list[Problem]:
    """A report's side, and the direction its traffic goes in, must each be one of its crossing's two
    countries; judged once per (crossing, code)."""
    crossings = known.crossings
    pairs = zip(crossings["country_a"], crossings["country_b"], strict=True)
    countries = dict(zip(crossings["crossing_id"], pairs, strict=True))
    verdicts: dict[tuple[str, str], str | None] = {}
    problems: list[Problem] = []
    if column not in rows.columns or not any(rows.columns[column]):
        return problems
    for index, key in enumerate(zip(rows.columns["crossing_id"], rows.columns[column], strict=True)):
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
            problems.append(rows.problem(index, column, message))
    return problems


def _check_references(rows: Rows, known: Known) -> list[Problem]:
    """Every crossing, claimant and controller named must be stored; an unknown one hears the closest ids."""
    party_choices = _lookup(known.parties, "party_id", ("name",))
    targets = (
        (
            "crossing_id",
            known.crossing_ids,
            _lookup(known.crossings, "crossing_id", ("name", "name_a", "name_b")),
            "crossing",
        ),
        ("claimant", known.party_ids, party_choices, "party"),
        ("controller", known.party_ids, party_choices, "party"),
    )
    problems: list[Problem] = []
    gazetteer: Gazetteer | None = None
    for column, ids, choices, noun in targets:
        values = rows.columns[column]
        # A value not even shaped like an id is refused by its cell rule, not looked up.
        unknown = [v for v in dict.fromkeys(values) if v and v not in ids and not shape_problem(column, v)]
        if unknown and column == "crossing_id":
            # Indexed only for a file that names an unknown crossing, not for every upload.
            gazetteer = Gazetteer(known.places)
        for value, indexes in _indexes(values, set(unknown)).items():
            place = gazetteer.named(value) if gazetteer is not None and column == "crossing_id" else None
            if place is not None and place["place_id"] in ids:
                # A name of a crossing the gazetteer knows ("chaman", "wesh"): that crossing, surely.
                hint = _suggestion([str(place["place_id"])])
            elif place is not None:
                hint = from_the_gazetteer(place)
            else:
                hint = _suggestion(closest(value, choices))
            problems += [rows.problem(i, column, f"no {noun} has this id" + hint) for i in indexes]
    return problems


#: What a report naming a place of the gazetteer that is no crossing yet is told.
GAZETTEER_HINT: Final = "add it from the gazetteer"


def from_the_gazetteer(place: pd.Series) -> str:
    """The end of the refusal of a report whose crossing is only a place of the gazetteer."""
    countries = pair_name(str(place["country_a"]), str(place["country_b"]))
    return f"; the gazetteer has {place['name']} ({countries}, place {place['place_id']!r}): {GAZETTEER_HINT} first"


def _check_party_column(rows: Rows, known: Known, column: str) -> list[Problem]:
    """A party named in ``column`` (an authorisation's issuer, a source's party) must be stored; an
    unknown one hears the closest ids."""
    choices = _lookup(known.parties, "party_id", ("name",))
    values = rows.columns[column]
    unknown = [v for v in dict.fromkeys(values) if v and v not in known.party_ids and not shape_problem(column, v)]
    problems: list[Problem] = []
    for value, indexes in _indexes(values, set(unknown)).items():
        message = "no party has this id" + _suggestion(closest(value, choices))
        problems += [rows.problem(i, column, message) for i in indexes]
    return problems


def _check_origins(rows: Rows, known: Known) -> list[Problem]:
    """A report's origin that names no source record but is spelled like one is refused with the
    source it most likely means; an origin like no record at all is an outlet not graded yet."""
    if "origin" not in rows.columns or not any(rows.columns["origin"]):
        return []
    book = SourceBook.of(known.sources)
    refused = {
        value: "names no source" + _suggestion(similar) + " Write it as the source is named, or add the source"
        for value in dict.fromkeys(rows.columns["origin"])
        if value and book.resolve(value) is None and (similar := book.similar(value))
    }
    problems: list[Problem] = []
    for value, indexes in _indexes(rows.columns["origin"], set(refused)).items():
        problems += [rows.problem(i, "origin", refused[value]) for i in indexes]
    return problems


def _check_source_names(rows: Rows, known: Known) -> list[Problem]:
    """Each name and alias of a source names one source only, in the file and among those stored."""
    owners = dict(SourceBook.of(known.sources).by_name)
    problems: list[Problem] = []
    for index, (source_id, name, aliases) in enumerate(
        zip(rows.columns["source_id"], rows.columns["name"], rows.columns["aliases"], strict=True)
    ):
        for column, value in [("name", name), *(("aliases", alias) for alias in listed_ids(aliases))]:
            key = name_key(value)
            if not key:
                continue
            owner = owners.setdefault(key, source_id)
            if owner != source_id:
                problems.append(rows.problem(index, column, f"{value!r} already names the source {owner!r}"))
    return problems


def _check_authorised_crossings(rows: Rows, known: Known) -> list[Problem]:
    """Every crossing an authorisation names must be stored, and named once."""
    choices = _lookup(known.crossings, "crossing_id", ("name", "name_a", "name_b"))
    problems: list[Problem] = []
    for index, value in enumerate(rows.columns["crossings"]):
        if not value or shape_problem("crossings", value):
            continue
        named = listed_ids(value)
        missing = [c for c in dict.fromkeys(named) if c not in known.crossing_ids]
        for crossing in missing:
            message = f"no crossing has the id {crossing!r}" + _suggestion(closest(crossing, choices))
            problems.append(rows.problem(index, "crossings", message))
        if len(set(named)) < len(named):
            problems.append(rows.problem(index, "crossings", "names a crossing twice"))
    return problems


def _check_not_before(rows: Rows, first: str, last: str) -> list[Problem]:
    """A period's last day (an authorisation's end, a report's latest date) is not before its first."""
    problems: list[Problem] = []
    if last not in rows.columns:
        return problems
    for index, (start, end) in enumerate(zip(rows.columns[first], rows.columns[last], strict=True)):
        # Only two well-formed days compare (both YYYY-MM-DD here); a malformed one has its own problem.
        if len(start) == len(end) == 10 and end < start and not shape_problem(last, end):
            problems.append(rows.problem(index, last, f"is before the {first} {start}"))
    return problems


def _check_both_or_neither(rows: Rows, first: str, second: str) -> list[Problem]:
    """A coordinate is two numbers or none: one alone places nothing, and is a slip."""
    problems: list[Problem] = []
    for index, (a, b) in enumerate(zip(rows.columns[first], rows.columns[second], strict=True)):
        if bool(a) != bool(b):
            missing, given = (first, second) if not a else (second, first)
            message = f"{given} is given without {missing}: give both, or neither where no source places it"
            problems.append(rows.problem(index, missing, message))
    return problems


def unplaced_notices(rows: Rows) -> list[str]:
    """The crossings given no coordinate, in one notice: they are taken and listed, but no map draws them."""
    pairs = zip(rows.columns["lat"], rows.columns["lon"], strict=True)
    unplaced = [rows.lines[i] for i, (lat, lon) in enumerate(pairs) if not (lat or lon)]
    if not unplaced:
        return []
    more = f" and {len(unplaced) - 5:,} more" if len(unplaced) > 5 else ""
    where = ", ".join(str(line) for line in unplaced[:5]) + more
    crossings = "1 crossing has" if len(unplaced) == 1 else f"{len(unplaced):,} crossings have"
    return [f"{crossings} no coordinate (line {where}): kept and listed with their reports, but drawn on no map"]


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


def _check_unique(rows: Rows, key: str) -> list[Problem]:
    """An id given twice is refused, unless the whole row repeats its first line (the preview skips it)."""
    problems: list[Problem] = []
    first: dict[str, int] = {}
    for index, value in enumerate(rows.columns[key]):
        if value in first:
            earlier = first[value]
            if all(_same_cell(name, cells[index], cells[earlier]) for name, cells in rows.columns.items()):
                continue
            problems.append(rows.problem(index, key, f"duplicate id, first on line {rows.lines[earlier]}"))
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


def _check_conflicts(kind: UploadKind, rows: Rows, stored: pd.DataFrame, key: str) -> list[Problem]:
    """An id already stored must come with the same values: stored rows are never changed in place."""
    problems: list[Problem] = []
    by_id = stored.set_index(key).to_dict("index")
    names = [c.name for c in KIND_COLUMNS[kind] if c.name != key]
    for index, value in enumerate(rows.columns[key]):
        if value not in by_id:
            continue
        for name in names:
            new, old = rows.columns[name][index], by_id[value].get(name)
            if not _same(old, new) and not (name == "color" and not new):
                message = f"{value!r} is stored with {name} {old!r}; a stored {key[:-3]} cannot be changed by upload"
                problems.append(rows.problem(index, name, message))
    return problems
