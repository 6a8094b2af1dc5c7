"""Which columns an upload has: our own, recognised by name, or a foreign file's mapped onto ours.

Header names are compared after normalising case, spaces and punctuation, so
``Crossing ID``, `` crossing_id`` and ``CROSSING-ID`` are the same column. A foreign
file (its own column names) is read through a :class:`ColumnMapping`, which can be
saved under a name as a profile and used again for the next file of that shape.
"""

from __future__ import annotations

import difflib
import json
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

from geo.errors import MappingError, Problem, UnmappedColumnsError, ValidationError
from geo.model import (
    AUTHORISATION_COLUMNS,
    CROSSING_COLUMNS,
    PARTY_COLUMNS,
    PLACE_COLUMNS,
    REGION_COLUMNS,
    REPORT_COLUMNS,
    SOURCE_COLUMNS,
    Column,
    column_names,
)
from geo.text import control_character_problem

UploadKind = Literal["reports", "crossings", "parties", "authorisations", "sources", "gazetteer", "regions"]
KIND_COLUMNS: Final[dict[UploadKind, tuple[Column, ...]]] = {
    "reports": REPORT_COLUMNS,
    "crossings": CROSSING_COLUMNS,
    "parties": PARTY_COLUMNS,
    "authorisations": AUTHORISATION_COLUMNS,
    "sources": SOURCE_COLUMNS,
    "gazetteer": PLACE_COLUMNS,
    "regions": REGION_COLUMNS,
}
#: The kinds whose rows are places, with a latitude and a longitude.
PLACED_KINDS: Final[frozenset[UploadKind]] = frozenset({"crossings", "gazetteer"})
#: The columns of each kind that name a party.
PARTY_REFERENCES: Final[dict[UploadKind, tuple[str, ...]]] = {
    "reports": ("claimant", "controller"),
    "authorisations": ("issuer",),
    "sources": ("party",),
}
#: The columns that identify each kind of file when present together.
_KIND_MARKS: Final[dict[UploadKind, frozenset[str]]] = {
    "reports": frozenset({"crossing_id", "date"}),
    "crossings": frozenset({"crossing_id", "lat", "lon"}),
    "parties": frozenset({"party_id"}),
    "authorisations": frozenset({"issuer", "effect"}),
    "sources": frozenset({"source_id", "reliability"}),
    "gazetteer": frozenset({"place_id", "located_by"}),
    "regions": frozenset({"region_id"}),
}
#: Names other datasets use for our columns (normalised), tried before fuzzy matching.
SYNONYMS: Final[dict[str, tuple[str, ...]]] = {
    "crossing_id": ("id", "code", "crossing_code", "port_code", "locode", "location"),
    "name": ("border_crossing_name", "crossing_name", "crossing", "port_name", "location_name", "title"),
    "lat": ("latitude", "y", "lat_dd"),
    "lon": ("longitude", "lng", "long", "x", "lon_dd"),
    "country_a": ("country", "iso3", "country_code", "iso_a3"),
    "date": ("day", "event_date", "start_date", "reported_on"),
    "source": ("outlet", "publisher", "source_name"),
    "url": ("link", "source_url", "href"),
    "note": ("notes", "comment", "comments", "remarks", "details"),
    "controller": ("held_by", "control", "controlled_by"),
    "claimant": ("claimed_by", "actor"),
    "attribution": ("speaker", "quoted", "said_by"),
    "region": ("area", "zone"),
}
#: Longest column name or constant a mapping may hold: well over any header a spreadsheet writes.
MAX_MAPPING_VALUE_LENGTH: Final = 1_000
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def normalise_header(name: str) -> str:
    """A header name compared without case, spaces or punctuation: ``"Crossing ID"`` -> ``"crossing_id"``."""
    return _NOT_WORD.sub("_", name.removeprefix("\ufeff").strip().casefold()).strip("_")


def detect_kind(headers: Sequence[str]) -> UploadKind | None:
    """Which of our file kinds ``headers`` are, or None for a foreign file."""
    names = {normalise_header(h) for h in headers if h.strip()}
    for kind, columns in KIND_COLUMNS.items():
        # Mostly our columns: a file missing one or with a stray extra is ours with a problem to name.
        ours = names & set(column_names(columns))
        if _KIND_MARKS[kind] <= names and len(ours) * 2 > len(names):
            return kind
    return None


def guess_kind(headers: Sequence[str]) -> UploadKind:
    """The kind a foreign file most likely maps to: the one sharing most column names with it."""
    names = {normalise_header(h) for h in headers}
    scores = {
        kind: len(names & set(column_names(cols))) + _synonym_hits(names, cols) for kind, cols in KIND_COLUMNS.items()
    }
    return max(KIND_COLUMNS, key=lambda kind: scores[kind])


def _synonym_hits(names: set[str], columns: tuple[Column, ...]) -> int:
    return sum(1 for c in columns if names & set(SYNONYMS.get(c.name, ())))


def _short(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


@dataclass(frozen=True)
class Source:
    """Where one of our columns comes from in a foreign file.

    ``column``: that column's value; ``constant``: the same value on every row;
    ``slug``: that column's value made into a lowercase slug (for ids).
    """

    how: Literal["column", "constant", "slug"]
    value: str

    def describe(self) -> str:
        if self.how == "constant":
            return f"always {self.value!r}"
        return f"{'slug of ' if self.how == 'slug' else ''}column {self.value!r}"


@dataclass(frozen=True)
class ColumnMapping:
    """How a foreign file's columns fill ours; our columns left out stay empty."""

    kind: UploadKind
    sources: Mapping[str, Source] = field(default_factory=dict)

    def to_json(self) -> str:
        sources = {name: {"how": s.how, "value": s.value} for name, s in self.sources.items()}
        return json.dumps({"kind": self.kind, "sources": sources}, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> ColumnMapping:
        """A mapping from ``to_json``'s form; any other shape is a :class:`MappingError` saying what is wrong.

        >>> ColumnMapping.from_json('{"kind": "reports", "sources": []}')
        Traceback (most recent call last):
        geo.errors.MappingError: "sources" must be an object of our columns, not []
        """
        try:
            raw = json.loads(text)
        except json.JSONDecodeError as error:
            raise MappingError(f"not JSON: {error.msg} at line {error.lineno}, column {error.colno}") from None
        if not isinstance(raw, dict) or set(raw) != {"kind", "sources"}:
            raise MappingError(f'expected an object with "kind" and "sources", not {_short(raw)}')
        kind, entries = raw["kind"], raw["sources"]
        if not isinstance(kind, str) or kind not in KIND_COLUMNS:
            raise MappingError(f'"kind" must be one of {", ".join(KIND_COLUMNS)}, not {_short(kind)}')
        if not isinstance(entries, dict):
            raise MappingError(f'"sources" must be an object of our columns, not {_short(entries)}')
        allowed = column_names(KIND_COLUMNS[kind])
        sources = {}
        for name, spec in entries.items():
            if name not in allowed:
                raise MappingError(f"{name!r} is not a {kind} column; they are {', '.join(allowed)}")
            if (
                not isinstance(spec, dict)
                or set(spec) != {"how", "value"}
                or spec["how"] not in ("column", "constant", "slug")
                or not isinstance(spec["value"], str | int | float)
            ):
                raise MappingError(
                    f'{name!r} must be {{"how": "column", "constant" or "slug", "value": text}}, not {_short(spec)}'
                )
            value = str(spec["value"])
            # Checked here, not by the database: PostgreSQL refuses a NUL in the saved JSON with a raw error.
            if problem := control_character_problem(value):
                raise MappingError(f"the value for {name!r} {problem}")
            if len(value) > MAX_MAPPING_VALUE_LENGTH:
                limit = MAX_MAPPING_VALUE_LENGTH
                raise MappingError(f"the value for {name!r} is too long: {len(value):,} characters, at most {limit:,}")
            sources[name] = Source(spec["how"], value)
        return cls(kind=kind, sources=sources)

    def missing_required(self) -> list[str]:
        """Our required columns that nothing fills."""
        return [c.name for c in KIND_COLUMNS[self.kind] if c.required and c.name not in self.sources]


def suggest_mapping(headers: Sequence[str], kind: UploadKind) -> ColumnMapping:
    """A first guess at filling our ``kind`` columns from ``headers``: same name, a known synonym, or close spelling."""
    normalised = {normalise_header(h): h for h in headers if h.strip()}
    sources: dict[str, Source] = {}
    taken: set[str] = set()
    for column in KIND_COLUMNS[kind]:
        candidates = [column.name, *SYNONYMS.get(column.name, ())]
        match = next((normalised[c] for c in candidates if c in normalised and normalised[c] not in taken), None)
        if match is None:
            close = difflib.get_close_matches(
                column.name, [n for n in normalised if normalised[n] not in taken], 1, 0.8
            )
            match = normalised[close[0]] if close else None
        if match is not None:
            taken.add(match)
            sources[column.name] = Source("slug" if column.name.endswith("_id") else "column", match)
    return ColumnMapping(kind=kind, sources=sources)


def identity_mapping(headers: Sequence[str], kind: UploadKind) -> ColumnMapping:
    """The mapping of a file in our own format: each of our columns from the header of the same name."""
    normalised = {normalise_header(h): h for h in headers}
    ours = column_names(KIND_COLUMNS[kind])
    return ColumnMapping(kind=kind, sources={n: Source("column", normalised[n]) for n in ours if n in normalised})


def resolve_mapping(header: list[str], mapping: ColumnMapping | None, file: str) -> ColumnMapping:
    """The mapping that reads ``header``: the one given, or ours when the header is ours.

    Raises
    ------
    UnmappedColumnsError
        When the header is not ours and no mapping was given, with a suggested mapping.
    ValidationError
        With every problem of the header (a repeated or unknown column, a required one missing).
    """
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
    return mapping
