"""What a command of ``python -m geo`` is (its help, its arguments, its function) and what it runs with.

A command's function gets the parsed arguments and a :class:`Context`: the settings, where its
output goes, and the store at ``DATABASE_URL``, opened when the command first asks for it and
closed when the command ends. Nothing is kept between two calls of :func:`geo.cli.main`:
called in-process (a test, a script), each command opens, and closes, its own database.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import TextIO

from geo.atlas import Atlas
from geo.ingest.seed import open_store
from geo.settings import SEEDS_DIR, Settings
from geo.store.store import Store


class Context:
    """The settings, the output and (once asked for) the store one command runs with."""

    def __init__(self, settings: Settings, out: TextIO) -> None:
        self.settings = settings
        self.out = out
        self._store: Store | None = None
        #: The id of the seed batch that opening the store wrote just now, None when it wrote none.
        self.seeded_batch: int | None = None

    def store(self) -> Store:
        """The store at ``DATABASE_URL``, migrated and seeded on first use."""
        if self._store is None:
            self._store, self.seeded_batch = open_store(self.settings.database_url, seeds=SEEDS_DIR)
        return self._store

    def atlas(self) -> Atlas:
        """Everything stored, loaded now."""
        return Atlas.load(self.store(), stale_after_days=self.settings.stale_after_days)

    def close(self) -> None:
        # Closed when the command ends, not left to the process's exit: called in-process, every
        # command would otherwise leave its pooled connections open to the database.
        if self._store is not None:
            self._store.close()
            self._store = None

    def __enter__(self) -> Context:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()


def no_arguments(parser: argparse.ArgumentParser) -> None:
    """For a command that takes no argument."""


@dataclass(frozen=True)
class Command:
    """One command: the line ``--help`` lists it with, how its arguments are declared, and what runs it."""

    help: str
    run: Callable[[argparse.Namespace, Context], int]
    arguments: Callable[[argparse.ArgumentParser], None] = field(default=no_arguments)
    #: Whether it may change the public records: then, with a webhook set, the alerts it raised are sent.
    writes: bool = False
