"""``python -m geo``: the command line, a thin front over the library.

Exit status: 0 on success, 2 for a bad argument (a bad date, an unknown crossing,
a missing file or folder, the database down, read-only or full), 1 for invalid data.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, Final, NoReturn, TextIO

import pandas as pd

from geo.asof import STATE_COLUMNS
from geo.atlas import Atlas
from geo.cli import data as cli_data
from geo.errors import (
    BadDateError,
    BorderwatchError,
    StoreFaultError,
    UnknownBatchError,
    UnknownCrossingError,
    ValidationError,
)
from geo.export import neutralise
from geo.ingest.columns import MappingError
from geo.ingest.seed import parse_day, printable
from geo.ingest.synth import synthesize
from geo.model import REPORT_COLUMNS, column_names
from geo.present.paper import Page, UnknownPageError, page_named
from geo.settings import SEEDS_DIR, Settings, load_settings
from geo.store.audit import AUDIT_COLUMNS
from geo.store.store import Store, open_store
from geo.store.transfer import copy_database

log = logging.getLogger("borderwatch.cli")
FORMATS: Final = ("table", "csv", "json")
STATUS_FIELDS: Final = ("crossing_id", "name", "lat", "lon", *STATE_COLUMNS[1:])
HISTORY_FIELDS: Final = ("report_id", "batch_id", *column_names(REPORT_COLUMNS))
DATA_COMMANDS: Final = ("import", "batches", "revert", "profile")
EXPORT_FORMATS: Final = ("csv", "geojson", "gpkg")
IMAGE_SUFFIXES: Final = (".png", ".pdf", ".svg")


def _plain(value: Any) -> Any:
    """A JSON-ready value: dates as ISO text, tuples as lists, missing as None."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if hasattr(value, "item"):
        return value.item()
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return value


def _cell(value: Any) -> str:
    plain = _plain(value)
    if plain is None:
        return ""
    if isinstance(plain, list):
        return "|".join(str(v) for v in plain)
    return str(plain)


def write_frame(frame: pd.DataFrame, fields: Sequence[str], fmt: str, out: TextIO) -> None:
    """Write ``frame``'s ``fields`` to ``out`` as an aligned table, CSV or JSON."""
    records = [{f: row[f] for f in fields} for row in frame.to_dict("records")]
    if fmt == "json":
        json.dump([{k: _plain(v) for k, v in r.items()} for r in records], out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "csv":
        # As safe as `geo export`: a cell a spreadsheet would run as a formula is written as text.
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(fields)
        writer.writerows([neutralise(_cell(r[f])) for f in fields] for r in records)
    else:
        # Uploaded text reaches the terminal: ESC or BEL would be acted on, a line break would break the table.
        cells = [list(fields)] + [[printable(_cell(r[f])) for f in fields] for r in records]
        widths = [max(len(row[i]) for row in cells) for i in range(len(fields))]
        for row in cells:
            out.write("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() + "\n")


def _day(text: str) -> date:
    try:
        return parse_day(text)
    except BadDateError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _count(minimum: int) -> Callable[[str], int]:
    """An argument type for a whole number of at least ``minimum``, written in the digits 0-9."""

    def read(text: str) -> int:
        if not text.strip().isascii() or not text.strip().isdigit() or int(text) < minimum:
            raise argparse.ArgumentTypeError(f"expected a whole number of at least {minimum}, got {text!r}")
        return int(text)

    return read


def _output_path(text: str) -> Path:
    """An argument naming a file to write: its folder must exist, and it must not be a folder itself."""
    path = Path(text)
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"cannot write {text!r}: it is a folder; name a file in it")
    folder = path.parent
    if not folder.is_dir():
        raise argparse.ArgumentTypeError(f"cannot write {text!r}: the folder {str(folder)!r} does not exist")
    return path


class _Parser(argparse.ArgumentParser):
    """Argument errors as one line naming the bad value, with exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m geo", description="Borderwatch: border crossings as of a date.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("init", help="create the database at DATABASE_URL and load seeds/ (idempotent)")
    status = commands.add_parser("status", help="the state of every crossing as of a date")
    status.add_argument("--date", required=True, type=_day, help="YYYY-MM-DD")
    status.add_argument("--format", choices=FORMATS, default="table")
    history = commands.add_parser("history", help="every report about one crossing, oldest first")
    history.add_argument("crossing_id")
    history.add_argument("--format", choices=FORMATS, default="table")
    synth = commands.add_parser("synth", help="add deterministic synthetic crossings and reports (for load tests)")
    synth.add_argument("--crossings", type=_count(1), required=True)
    synth.add_argument("--reports", type=_count(0), required=True)
    synth.add_argument("--seed", type=int, default=42)
    render = commands.add_parser("render", help="a static map as of a date, for briefings (PNG, PDF or SVG)")
    render.add_argument("--date", required=True, type=_day, help="YYYY-MM-DD")
    where = render.add_mutually_exclusive_group()
    where.add_argument("--region")
    where.add_argument("--bbox", type=_bbox, help="W,S,E,N in degrees")
    render.add_argument("--title")
    render.add_argument("--subtitle")
    render.add_argument("--print", action="store_true", help="300 dpi for print instead of 1600x1000 pixels")
    render.add_argument("--page", type=_page, help="lay out on a paper: a4-landscape, a4-portrait, letter-landscape, "
                        "letter-portrait (or wide, the default page, 25.4 cm wide)")
    render.add_argument("--out", required=True, type=_image_path, help="FILE.png, FILE.pdf or FILE.svg")
    export = commands.add_parser("export", help="the state as of a date, or every report, as data with provenance")
    export.add_argument("--date", type=_day, help="YYYY-MM-DD (with --history: only reports up to that day)")
    export.add_argument("--format", required=True, choices=EXPORT_FORMATS)
    export.add_argument("--history", action="store_true", help="every report with its source, not the state")
    export.add_argument("--out", required=True, type=_output_path)
    html = commands.add_parser("html", help="a standalone map with a timeline that opens from disk, offline")
    html.add_argument("--region")
    html.add_argument("--out", required=True, type=_output_path)
    copy = commands.add_parser(
        "copy", help="copy a whole database into an empty one (SQLite <-> PostgreSQL), checked row for row"
    )
    copy.add_argument("--from", dest="source", required=True, metavar="URL", help="SQLAlchemy URL to copy")
    copy.add_argument("--to", dest="target", required=True, metavar="URL", help="an empty database")
    cli_data.add_commands(commands)
    unlock = commands.add_parser("unlock", help="forget an editor's failed sign-ins, so the name may try again now")
    unlock.add_argument("name", help="the editor's name, as typed at sign-in")
    unlock.add_argument("--source", metavar="ADDRESS", help="also forget the failures of this client address")
    return parser


def run(argv: Sequence[str], out: TextIO) -> int:
    """Run one command; return the exit status."""
    args = _parser().parse_args(argv)
    settings = load_settings()
    if args.command == "hash-password":
        return cli_data.print_password_hash(out)
    if args.command == "copy":
        out.write(copy_database(args.source, args.target).summary() + "\n")
        return 0
    store, batch_id = open_store(settings.database_url, seeds=SEEDS_DIR)
    try:
        return _run_on(store, batch_id, args, settings, out)
    finally:
        # Closed here, not left to the process's exit: called in-process (a test, a script), every
        # command would otherwise leave its pooled connections open to the database.
        store.close()


def _run_on(store: Store, batch_id: int | None, args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """The commands that work on the store at DATABASE_URL (``batch_id``: the seed batch it just stored, if any)."""
    if args.command == "init":
        counts = {"crossings": len(store.crossings()), "parties": len(store.parties()), "reports": len(store.reports())}
        done = f"seeded as batch {batch_id}" if batch_id else "already seeded, nothing added"
        out.write(f"database ready at schema {store.schema_revision()}; {done}; " + json.dumps(counts) + "\n")
        return 0
    if args.command == "synth":
        data = synthesize(args.crossings, args.reports, seed=args.seed)
        batch_id = store.add_frames(
            data.crossings, data.parties, data.reports, kind="synthetic", created_by=f"synth --seed {args.seed}"
        )
        out.write(f"added batch {batch_id}: {len(data.crossings)} crossings, {len(data.reports)} reports\n")
        return 0
    if args.command == "unlock":
        from geo.access.throttle import unlock

        forgotten = unlock(store, args.name, args.source)
        counted = f"{forgotten} failed sign-ins forgotten" if forgotten else "no failed sign-ins were counted"
        out.write(f"unlocked {printable(args.name)}: {counted}\n")
        return 0
    if args.command in DATA_COMMANDS:
        return _data_command(args, store, settings, out)
    atlas = Atlas.load(store, stale_after_days=settings.stale_after_days)
    if args.command in ("render", "export", "html"):
        return _publish(args, atlas, out)
    if args.command == "status":
        write_frame(atlas.states(args.date), STATUS_FIELDS, args.format, out)
    elif args.command == "history":
        if args.crossing_id not in set(atlas.crossings["crossing_id"]):
            raise UnknownCrossingError(args.crossing_id)
        write_frame(atlas.history(args.crossing_id), HISTORY_FIELDS, args.format, out)
    return 0


def _bbox(text: str) -> tuple[float, float, float, float]:
    from geo.present.extent import BadBBoxError, parse_bbox

    try:
        return parse_bbox(text)
    except BadBBoxError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _page(text: str) -> Page:
    try:
        return page_named(text)
    except UnknownPageError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _image_path(text: str) -> Path:
    path = Path(text)
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        raise argparse.ArgumentTypeError(f"cannot write {text!r}: expected a name ending {', '.join(IMAGE_SUFFIXES)}")
    return _output_path(text)


def _publish(args: argparse.Namespace, atlas: Atlas, out: TextIO) -> int:
    """render, export and html; a bad region or a missing date is a bad argument (exit 2)."""
    # Imported here: matplotlib and GDAL take a while to load and only these commands need them.
    from geo.export import ExportError, export
    from geo.present.standalone import save_standalone
    from geo.present.static_map import ViewError, save_map

    try:
        if args.command == "render":
            path = save_map(atlas, args.date, args.out, print_dpi=args.print, page=args.page, region=args.region,
                            bbox=args.bbox, title=args.title, subtitle=args.subtitle)
        elif args.command == "export":
            if args.date is None and not args.history:
                raise ExportError("export needs --date (or --history for every report)")
            path = export(atlas, args.out, args.format, day=args.date, history=args.history)
        else:
            path = save_standalone(atlas, args.out, region=args.region)
    except (ViewError, ExportError) as error:
        sys.stderr.write(f"error: {error}\n")
        return 2
    out.write(f"wrote {path}\n")
    return 0


def _data_command(args: argparse.Namespace, store: Store, settings: Settings, out: TextIO) -> int:
    if args.command == "import":
        return cli_data.import_file(args, store, settings, out)
    if args.command == "revert":
        return cli_data.revert_batch(args, store, out)
    if args.command == "profile":
        return cli_data.save_profile(args, store, out)
    write_frame(store.audit_trail(), AUDIT_COLUMNS, args.format, out)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: errors become one line on stderr and an exit status."""
    try:
        return run(sys.argv[1:] if argv is None else argv, sys.stdout)
    except SystemExit as exit_:
        # argparse ends a bad argument this way; as a status, the command works the same called in-process.
        return exit_.code if isinstance(exit_.code, int) else 2
    except OSError as error:
        # A file that vanished, a folder without permission: the user's to fix, said in one line.
        where = f": {error.filename!r}" if error.filename else ""
        sys.stderr.write(f"error: {error.strerror or error}{where}\n")
        return 2
    except (UnknownCrossingError, UnknownBatchError, cli_data.UnknownProfileError, MappingError) as error:
        sys.stderr.write(f"error: {error}\n")
        return 2
    except ValidationError as error:
        sys.stderr.write(f"error: {error}\n")
        return 1
    except StoreFaultError as error:
        # The database down, lost, read-only or full: the operator's to fix, said in one line
        # (the driver's reason in it, never a password); the traceback goes to the log.
        log.debug("database fault", exc_info=error)
        sys.stderr.write(f"error: {error}\n")
        return 2
    except BorderwatchError as error:
        sys.stderr.write(f"error: {error}\n")
        return 1
