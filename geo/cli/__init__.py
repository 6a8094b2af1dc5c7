"""``python -m geo``: the command line, a thin front over the library.

Exit status: 0 on success; 2 for an argument argparse refuses and for a file or folder that
cannot be read or written; for an error of the library, the ``exit_code`` it carries (see
:mod:`geo.errors`: 2 for a bad argument or a database to fix, 1 for invalid data). :func:`main`
turns each into one line on stderr and that status. The commands themselves live in
:mod:`geo.cli.read`, :mod:`geo.cli.publish` and :mod:`geo.cli.data`; :data:`COMMANDS` lists them.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from typing import Final, NoReturn, TextIO

from geo.cli import data, extract, gazetteer, publish, read
from geo.cli.command import Command, Context
from geo.errors import BorderwatchError
from geo.settings import load_settings
from geo.webhook import LONGEST_DELIVERY_SECONDS, send_alerts

log = logging.getLogger("borderwatch.cli")

#: Every command by name, in the order ``python -m geo --help`` lists them.
COMMANDS: Final[dict[str, Command]] = {
    "init": read.INIT,
    "status": read.STATUS,
    "history": read.HISTORY,
    "authorisations": read.AUTHORISATIONS,
    "synth": read.SYNTH,
    "render": publish.RENDER,
    "export": publish.EXPORT,
    "html": publish.HTML,
    "copy": read.COPY,
    "import": data.IMPORT,
    "batches": data.BATCHES,
    "review": data.REVIEW,
    "grade": data.GRADE,
    "sources": data.SOURCES,
    "gazetteer": gazetteer.GAZETTEER,
    "extract": extract.EXTRACT,
    "revert": data.REVERT,
    "profile": data.PROFILE,
    "hash-password": data.HASH_PASSWORD,
    "unlock": data.UNLOCK,
}


class _Parser(argparse.ArgumentParser):
    """Argument errors as one line naming the bad value, with exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"error: {message}\n")


#: How the command is called in its own help when run as ``python -m geo``.
MODULE_PROG: Final = "python -m geo"
#: The installed command's name (pyproject.toml's console script).
SCRIPT_PROG: Final = "borderwatch"


def parser(prog: str = MODULE_PROG) -> argparse.ArgumentParser:
    """The parser of every command, built afresh for each call: nothing is kept between two calls."""
    top = _Parser(prog=prog, description="Borderwatch: border crossings as of a date.")
    commands = top.add_subparsers(dest="command", required=True)
    for name, command in COMMANDS.items():
        command.arguments(commands.add_parser(name, help=command.help))
    return top


def run(argv: Sequence[str], out: TextIO, prog: str = MODULE_PROG) -> int:
    """Run one command; return the exit status."""
    args = parser(prog).parse_args(argv)
    command = COMMANDS[args.command]
    with Context(load_settings(), out) as context:
        url = context.settings.webhook_url
        if not (command.writes and url):
            return command.run(args, context)
        before = context.atlas()
        status = command.run(args, context)
        sending = send_alerts(url, before, context.atlas(), expiring_within=context.settings.expiring_within_days)
        if sending is not None:
            # The write is done; the process waits for the delivery only so that exiting does not cut it off.
            sending.join(LONGEST_DELIVERY_SECONDS + 30)
        return status


def main(argv: Sequence[str] | None = None, prog: str = MODULE_PROG) -> int:
    """Entry point: errors become one line on stderr and an exit status."""
    try:
        return run(sys.argv[1:] if argv is None else argv, sys.stdout, prog)
    except SystemExit as exit_:
        # argparse ends a bad argument this way; as a status, the command works the same called in-process.
        return exit_.code if isinstance(exit_.code, int) else 2
    except OSError as error:
        # A file that vanished, a folder without permission: the user's to fix, said in one line.
        where = f": {error.filename!r}" if error.filename else ""
        sys.stderr.write(f"error: {error.strerror or error}{where}\n")
        return 2
    except BorderwatchError as error:
        # One line for whoever runs the command (a database fault's says the driver's reason, never a
        # password); the traceback goes to the log.
        log.debug("%s", type(error).__name__, exc_info=error)
        sys.stderr.write(f"error: {error}\n")
        return error.exit_code


def script() -> int:
    """The installed ``borderwatch`` command: :func:`main`, with its own name in help and errors."""
    return main(prog=SCRIPT_PROG)
