"""Every error the library raises on purpose, each naming what was wrong, and the exit status it ends a command with.

``python -m geo`` turns any of them into one line on stderr and ``exit_code``: 2 for a bad
argument or a database the operator must fix (an unknown crossing, batch, profile, region
or page, a bad mapping, box or export, the database down, read-only or full), 1 for
anything else (data that cannot be stored, a refused write, a failed copy). Kept in this
one module, which imports nothing of the library, so that every layer may raise them and
the command line maps them to a status in one place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import ClassVar, Generic, TypeVar

#: What kind of column mapping an :class:`UnmappedColumnsError` suggests (``geo.ingest.columns.ColumnMapping``):
#: a parameter, so that this bottom layer does not import the ingest layer above it.
MappingT = TypeVar("MappingT")


class BorderwatchError(Exception):
    """Base of every error the library raises on purpose."""

    #: The status ``python -m geo`` exits with when a command ends with this error.
    exit_code: ClassVar[int] = 1


@dataclass(frozen=True)
class Problem:
    """One problem in an input file: where it is, what the value was, and why it is wrong."""

    file: str
    line: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        column = f" column {self.column!r}:" if self.column else ""
        return f"{where}:{column} {self.message} (value {self.value!r})"


class ValidationError(BorderwatchError):
    """Input that cannot be stored; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(str(p) for p in problems)
        super().__init__(f"{len(problems)} problem(s):\n{lines}")


class UnmappedColumnsError(ValidationError, Generic[MappingT]):
    """A file whose header is not ours: it needs a column mapping before it can be read."""

    def __init__(self, problems: list[Problem], headers: list[str], suggestion: MappingT) -> None:
        super().__init__(problems)
        self.headers = headers
        self.suggestion = suggestion


class AmbiguousDateError(BorderwatchError, ValueError):
    """A date that reads as two different days (a ValueError too: it is one reading of a date that failed)."""

    def __init__(self, value: str, day_first: date, month_first: date) -> None:
        self.value, self.day_first, self.month_first = value, day_first, month_first
        super().__init__(
            f"ambiguous date: {day_first.isoformat()} if day first, {month_first.isoformat()} if month first;"
            " write it as YYYY-MM-DD"
        )


class BadLabelError(BorderwatchError):
    """A name given on the command line or page (who writes, a profile's name) that cannot be stored."""


class MappingError(BorderwatchError, ValueError):
    """A saved or typed column mapping that is not in the shape ``ColumnMapping.to_json`` writes."""

    exit_code = 2


class UnknownProfileError(BorderwatchError):
    """A profile name that no saved mapping has."""

    exit_code = 2


class UnknownCrossingError(BorderwatchError):
    """A crossing id that the store does not hold."""

    exit_code = 2

    def __init__(self, crossing_id: str) -> None:
        self.crossing_id = crossing_id
        super().__init__(f"unknown crossing {crossing_id!r}")


class UnknownSourceError(BorderwatchError):
    """A source id that no source record has; names the closest ones."""

    exit_code = 2

    def __init__(self, source_id: str, similar: Sequence[str] = ()) -> None:
        self.source_id = source_id
        hint = "; did you mean " + " or ".join(repr(s) for s in similar) + "?" if similar else ""
        super().__init__(f"unknown source {source_id!r}{hint}")


class BadDateError(BorderwatchError):
    """A date that is not an ISO 8601 day (YYYY-MM-DD)."""

    def __init__(self, value: str) -> None:
        self.value = value
        super().__init__(f"bad date {value!r}: expected YYYY-MM-DD")


class BadParameterError(BorderwatchError):
    """A query parameter of the API that cannot be read: which one, its value, and what it should be."""

    exit_code = 2

    def __init__(self, parameter: str, value: str, expected: str) -> None:
        self.parameter, self.value, self.expected = parameter, value, expected
        super().__init__(f"bad {parameter} {value!r}: {expected}")


class ArticleDateError(BorderwatchError):
    """An article given without its publication date, whose first lines name none either."""

    exit_code = 2

    def __init__(self, searched: int) -> None:
        super().__init__(
            f"no date with its year in the first {searched} characters of the article: give --published YYYY-MM-DD"
        )


class ConflictError(BorderwatchError):
    """A write refused because of the data as it stands: nothing was written."""


class NothingToCommitError(ConflictError):
    """A commit refused because the upload adds no row (each repeats a stored row or an earlier line)."""


class ReviewError(ConflictError):
    """A review decision refused (its author reviewing it, a batch decided already...): nothing was written."""


class UnknownBatchError(BorderwatchError):
    """A batch id that the store does not hold."""

    exit_code = 2

    def __init__(self, batch_id: int) -> None:
        self.batch_id = batch_id
        super().__init__(f"unknown batch {batch_id}")


class StoreBusyError(ConflictError):
    """A write refused because another write held the database for too long: nothing was written."""

    def __init__(self, waited_seconds: float) -> None:
        self.waited_seconds = waited_seconds
        super().__init__(
            f"another upload or revert held the database for more than {waited_seconds:g} s;"
            " nothing was written; try again"
        )


class StoreFaultError(BorderwatchError):
    """The database failed for a reason outside the data (down, read-only, out of space).

    A write it interrupted is rolled back whole: nothing of it is stored. ``str(error)`` is for
    whoever runs the server and names the database (never its password) and the driver's
    reason; ``plain`` is for a page's reader and names no host, port or file.
    """

    exit_code = 2
    plain = "The database is not available at the moment, so this page cannot be shown; try again later."

    def __init__(self, database: str, reason: str) -> None:
        self.database = database
        self.reason = reason
        super().__init__(self.describe(database, reason))

    @staticmethod
    def describe(database: str, reason: str) -> str:
        return f"the database at {database} failed ({reason}); nothing was written"


class StoreUnavailableError(StoreFaultError):
    """The database cannot be opened: its server is down or refuses the connection, its file cannot be read."""

    @staticmethod
    def describe(database: str, reason: str) -> str:
        return f"cannot open the database at {database} ({reason}); nothing was read or written"


class StoreConnectionLostError(StoreUnavailableError):
    """The database server went away while in use (a restart, a crash, a terminated session)."""

    @staticmethod
    def describe(database: str, reason: str) -> str:
        return (
            f"lost the connection to the database at {database} ({reason}); a write under way is stored"
            " whole or not at all (geo batches lists what is stored)"
        )


class StoreReadOnlyError(StoreFaultError):
    """The database may be read but not written (a read-only file, a standby server)."""

    plain = "The database is read-only at the moment, so nothing can be saved; what is stored is unchanged."

    @staticmethod
    def describe(database: str, reason: str) -> str:
        return f"the database at {database} is read-only ({reason}); nothing was written"


class StoreFullError(StoreFaultError):
    """The database has no room left (a full disk, a size limit)."""

    plain = "The database is out of space, so nothing can be saved; what is stored is unchanged."

    @staticmethod
    def describe(database: str, reason: str) -> str:
        return f"the database at {database} is out of space ({reason}); nothing was written: free some space"


class CopyError(BorderwatchError):
    """A copy refused or undone: the target holds nothing of it."""


class SessionSecretError(BorderwatchError):
    """No usable secret to sign sessions with: sign-in that outlives the page is refused."""


class ViewError(BorderwatchError):
    """A map that cannot be drawn as asked: an unknown region, a bad box, size or format."""

    exit_code = 2


class UnknownRegionError(ViewError):
    """A region that no crossing belongs to."""

    def __init__(self, region: str, known: Sequence[str]) -> None:
        self.region = region
        super().__init__(f"unknown region {region!r}; known regions: {', '.join(known) or 'none'}")


class BadBBoxError(ViewError):
    """A bounding box that is not W,S,E,N in degrees with W < E and S < N."""

    def __init__(self, value: object, reason: str) -> None:
        self.value = value
        super().__init__(f"bad bounding box {value!r}: {reason}")


class UnknownPageError(ViewError):
    """A page size that is not one of ``geo.present.paper.PAGES`` (``known``)."""

    def __init__(self, name: str, known: Sequence[str]) -> None:
        self.name = name
        super().__init__(f"unknown page size {name!r}: expected one of {', '.join(known)}")


class ExportError(BorderwatchError):
    """An export that cannot be written or read as asked."""

    exit_code = 2


class StandaloneError(BorderwatchError):
    """A standalone map that cannot be built."""
