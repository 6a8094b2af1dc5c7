"""The commands of ``python -m geo`` that set up a database and read it: init, status, history,
authorisations, synth, copy."""

from __future__ import annotations

import argparse
import json

from geo.cli import arguments
from geo.cli.command import Command, Context
from geo.cli.output import add_format_option, write_frame
from geo.errors import UnknownCrossingError
from geo.grading import CREDIBILITY, RELIABILITY, GradeFilter
from geo.ingest.commit import add_frames
from geo.ingest.synth import synthesize
from geo.mandates import MANDATE_COLUMNS
from geo.open_data import HISTORY_FIELDS
from geo.status_records import STATUS_FIELDS, STATUS_FILE_FIELDS, status_frame
from geo.store.transfer import copy_database


def _init(args: argparse.Namespace, context: Context) -> int:
    store = context.store()
    counts = {"crossings": len(store.crossings()), "parties": len(store.parties()), "reports": len(store.reports())}
    batch_id = context.seeded_batch
    done = f"seeded as batch {batch_id}" if batch_id else "already seeded, nothing added"
    context.out.write(f"database ready at schema {store.schema_revision()}; {done}; " + json.dumps(counts) + "\n")
    return 0


def _status_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--date", required=True, type=arguments.day, help="YYYY-MM-DD")
    parser.add_argument(
        "--reliability",
        type=arguments.grade_range(RELIABILITY),
        default="F",
        help="read only reports whose source is graded so, e.g. A-C (default: every report)",
    )
    parser.add_argument(
        "--credibility",
        type=arguments.grade_range([str(n) for n in CREDIBILITY]),
        default="6",
        help="read only reports whose information is graded so, e.g. 1-3 (default: every report)",
    )
    add_format_option(parser)


def _status(args: argparse.Namespace, context: Context) -> int:
    # Each side's state in the files; the terminal's table stays the crossing's own, to stay readable.
    fields = STATUS_FIELDS if args.format == "table" else STATUS_FILE_FIELDS
    atlas = context.atlas().graded(GradeFilter(reliability=args.reliability, credibility=int(args.credibility)))
    states = status_frame(atlas, args.date, corroboration="corroboration" in fields)
    write_frame(states, fields, args.format, context.out)
    return 0


def _history_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("crossing_id")
    add_format_option(parser)


def _history(args: argparse.Namespace, context: Context) -> int:
    atlas = context.atlas()
    if args.crossing_id not in set(atlas.crossings["crossing_id"]):
        raise UnknownCrossingError(args.crossing_id)
    write_frame(atlas.history(args.crossing_id), HISTORY_FIELDS, args.format, context.out)
    return 0


def _authorisations_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--date", required=True, type=arguments.day, help="YYYY-MM-DD")
    parser.add_argument("--crossing", metavar="CROSSING_ID", help="one crossing's only")
    add_format_option(parser)


def _authorisations(args: argparse.Namespace, context: Context) -> int:
    atlas = context.atlas()
    if args.crossing is not None and args.crossing not in set(atlas.crossings["crossing_id"]):
        raise UnknownCrossingError(args.crossing)
    write_frame(atlas.authorisations_at(args.date, args.crossing), MANDATE_COLUMNS, args.format, context.out)
    return 0


def _synth_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--crossings", type=arguments.count(1), required=True)
    parser.add_argument("--reports", type=arguments.count(0), required=True)
    parser.add_argument("--authorisations", type=arguments.count(0), default=0)
    parser.add_argument("--seed", type=int, default=42)


def _synth(args: argparse.Namespace, context: Context) -> int:
    store = context.store()
    data = synthesize(args.crossings, args.reports, seed=args.seed, authorisations=args.authorisations)
    batch_id = add_frames(store, data.frames(), kind="synthetic", created_by=f"synth --seed {args.seed}")
    added = f"{len(data.crossings)} crossings, {len(data.reports)} reports"
    if len(data.authorisations):
        added += f", {len(data.authorisations)} authorisations"
    context.out.write(f"added batch {batch_id}: {added}\n")
    return 0


def _copy_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="source", required=True, metavar="URL", help="SQLAlchemy URL to copy")
    parser.add_argument("--to", dest="target", required=True, metavar="URL", help="an empty database")


def _copy(args: argparse.Namespace, context: Context) -> int:
    # Between the two URLs given, never the store at DATABASE_URL.
    context.out.write(copy_database(args.source, args.target).summary() + "\n")
    return 0


INIT = Command("create the database at DATABASE_URL and load seeds/ (idempotent)", _init)
STATUS = Command("the state of every crossing as of a date", _status, _status_arguments)
HISTORY = Command("every report about one crossing, oldest first", _history, _history_arguments)
AUTHORISATIONS = Command(
    "the authorisations that count at each crossing as of a date (in force, or lapsed)",
    _authorisations,
    _authorisations_arguments,
)
SYNTH = Command("add deterministic synthetic crossings and reports (for load tests)", _synth, _synth_arguments)
COPY = Command(
    "copy a whole database into an empty one (SQLite <-> PostgreSQL), checked row for row", _copy, _copy_arguments
)
