"""The errors the library raises, each naming what was wrong."""

from __future__ import annotations

from dataclasses import dataclass


class BorderwatchError(Exception):
    """Base of every error the library raises on purpose."""


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


class UnknownCrossingError(BorderwatchError):
    """A crossing id that the store does not hold."""

    def __init__(self, crossing_id: str) -> None:
        self.crossing_id = crossing_id
        super().__init__(f"unknown crossing {crossing_id!r}")


class BadDateError(BorderwatchError):
    """A date that is not an ISO 8601 day (YYYY-MM-DD)."""

    def __init__(self, value: str) -> None:
        self.value = value
        super().__init__(f"bad date {value!r}: expected YYYY-MM-DD")


class ConflictError(BorderwatchError):
    """A write refused because of the data as it stands: nothing was written."""


class NothingToCommitError(ConflictError):
    """A commit refused because the upload adds no row (each repeats a stored row or an earlier line)."""


class UnknownBatchError(BorderwatchError):
    """A batch id that the store does not hold."""

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
