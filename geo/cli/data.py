"""The data-staff commands of ``python -m geo``: import, batches, review, grade, sources, revert, profile,
hash-password, unlock.

Import exits 0 when it commits (or would, with ``--dry-run``) and 1 with every
problem listed, one per line, with nothing written.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TextIO

from geo.access.auth import hash_password
from geo.cli import arguments
from geo.cli.command import Command, Context
from geo.cli.output import add_format_option, write_frame
from geo.describe import change_sentence
from geo.errors import BorderwatchError, MappingError, UnknownProfileError, UnmappedColumnsError, ValidationError
from geo.grading import RELIABILITY
from geo.ingest.columns import ColumnMapping
from geo.ingest.commit import commit_upload, saved_profiles
from geo.ingest.commit import save_profile as store_profile
from geo.ingest.decode import read_capped
from geo.ingest.grades import regrade
from geo.ingest.preview import build_preview, known_in
from geo.ingest.upload import read_upload
from geo.review import DECISIONS
from geo.store.audit import AUDIT_COLUMNS
from geo.store.schema import MAX_PROFILE_NAME_LENGTH, MAX_WHO_LENGTH
from geo.text import printable

_who = arguments.label("the name", MAX_WHO_LENGTH)
SOURCE_FIELDS = ("source_id", "name", "aliases", "reliability", "party", "note")
SOURCE_HISTORY_FIELDS = ("source_id", "reliability", "reason", "created_by", "created_at", "batch_id")
_profile_name = arguments.label("the profile's name", MAX_PROFILE_NAME_LENGTH)


def _import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file", type=arguments.input_file, help="a file, or a pipe such as /dev/stdin (the size cap holds)"
    )
    parser.add_argument("--as", dest="who", required=True, type=_who, help="who is importing (recorded with the batch)")
    parser.add_argument("--dry-run", action="store_true", help="check and preview only; write nothing")
    parser.add_argument(
        "--pending", action="store_true", help="commit for review: public only once another editor verifies it"
    )
    parser.add_argument(
        "--profile", type=_profile_name, help="a saved column mapping for a file that is not in our columns"
    )


def _import(args: argparse.Namespace, context: Context) -> int:
    """Check, preview and (unless a dry run) commit one file."""
    mapping = None
    if args.profile:
        profiles = saved_profiles(context.store())
        if args.profile not in profiles:
            raise UnknownProfileError(f"unknown profile {args.profile!r}; saved: {', '.join(profiles) or 'none'}")
        mapping = profiles[args.profile]
    return import_file(args, context, read_input(args, context), mapping=mapping)


def read_input(args: argparse.Namespace, context: Context) -> bytes:
    """The bytes of ``args.file``, counted while read: a pipe or a device (/dev/zero) has no size
    to check beforehand."""
    with args.file.open("rb") as stream:
        return read_capped(stream, limit_bytes=context.settings.upload.max_bytes, file=args.file.name)


def import_file(
    args: argparse.Namespace, context: Context, data: bytes, *, mapping: ColumnMapping | None = None
) -> int:
    """Check, preview and (unless ``args.dry_run``) commit ``data``, read from ``args.file``."""
    store, out, limits = context.store(), context.out, context.settings.upload
    # One snapshot for the whole flow: the checks and the preview see the same stored data.
    atlas = context.atlas()
    try:
        upload = read_upload(data, file=args.file.name, known=known_in(atlas), mapping=mapping, limits=limits)
    except UnmappedColumnsError as error:
        _write_problems(error, sys.stderr)
        sys.stderr.write("suggested mapping (edit, then `python -m geo profile NAME --mapping '...' --as WHO`):\n")
        sys.stderr.write(error.suggestion.to_json() + "\n")
        return 1
    except ValidationError as error:
        _write_problems(error, sys.stderr)
        return 1
    preview = build_preview(atlas, upload)
    out.write(printable(f"{upload.file}: {len(upload):,} rows of {upload.kind} ({'; '.join(upload.notes)})") + "\n")
    out.write(preview.summary() + "\n")
    if preview.repeated_lines:
        out.write(f"  lines repeating an earlier line, skipped: {_some_lines(preview.repeated_lines)}\n")
    for notice in preview.notices:
        out.write(f"  notice: {printable(notice)}\n")
    for change in preview.changes.head(50).to_dict("records"):
        text = change_sentence({str(k): v for k, v in change.items()})
        out.write(f"  {printable(text)}\n")
    if len(preview.changes) > 50:
        out.write(f"  ... and {len(preview.changes) - 50:,} more\n")
    if args.dry_run:
        out.write("dry run: nothing written\n")
        return 0
    if preview.new_rows.empty:
        out.write("nothing to commit: every row repeats a stored row or an earlier line; no batch written\n")
        return 0
    out.write("committing\n")
    out.flush()
    batch_id = commit_upload(store, preview, created_by=args.who, pending=args.pending)
    waiting = "; pending review by another editor (`review`)" if args.pending else ""
    out.write(f"committed as batch {batch_id}{waiting}\n")
    return 0


def _some_lines(lines: tuple[int, ...]) -> str:
    shown = ", ".join(str(n) for n in lines[:20])
    return shown + (f" and {len(lines) - 20:,} more" if len(lines) > 20 else "")


def _write_problems(error: ValidationError, stream: TextIO) -> None:
    stream.write(f"{len(error.problems)} problem(s); nothing was written:\n")
    for problem in error.problems:
        stream.write(f"{problem}\n")


def _batches(args: argparse.Namespace, context: Context) -> int:
    write_frame(context.store().audit_trail(), AUDIT_COLUMNS, args.format, context.out)
    return 0


def _hash_password(args: argparse.Namespace, context: Context) -> int:
    """Hash a password read from the terminal (without echo) or from standard input."""
    out = context.out
    password = getpass.getpass("password: ") if sys.stdin.isatty() else sys.stdin.readline().rstrip("\n")
    if len(password) < 10:
        raise BorderwatchError("use a password of at least 10 characters")
    out.write(hash_password(password) + "\n")
    return 0


def _revert_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("batch_id", type=int)
    parser.add_argument("--as", dest="who", required=True, type=_who)


def _revert(args: argparse.Namespace, context: Context) -> int:
    store, out = context.store(), context.out
    revert_id = store.revert(args.batch_id, created_by=args.who)
    out.write(f"batch {args.batch_id} reverted by batch {revert_id}; `revert {revert_id}` undoes it\n")
    return 0


def _review_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("batch_id", type=int)
    parser.add_argument("decision", choices=DECISIONS)
    parser.add_argument(
        "--report", type=int, help="decide one report of the batch, by its id (default: the whole batch)"
    )
    parser.add_argument("--note", help="why (kept with the decision)")
    parser.add_argument("--as", dest="who", required=True, type=_who, help="who reviews: never the batch's author")


def _review(args: argparse.Namespace, context: Context) -> int:
    row = ("reports", args.report) if args.report is not None else None
    context.store().review(args.batch_id, args.decision, reviewed_by=args.who, note=args.note, row=row)
    what = f"report {args.report} of batch {args.batch_id}" if row else f"batch {args.batch_id}"
    context.out.write(f"{what} {args.decision} by {args.who}\n")
    return 0


def _grade_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source_id")
    parser.add_argument("reliability", help="one of " + ", ".join(RELIABILITY))
    parser.add_argument("--reason", required=True, help="why the grade changes (kept in the source's history)")
    parser.add_argument("--as", dest="who", required=True, type=_who)


def _grade(args: argparse.Namespace, context: Context) -> int:
    store, out = context.store(), context.out
    batch_id = regrade(store, args.source_id, args.reliability, reason=args.reason, created_by=args.who)
    grade = args.reliability.strip().upper()
    out.write(f"{args.source_id} graded {grade} by batch {batch_id}; `revert {batch_id}` undoes it\n")
    return 0


def _sources_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--history", action="store_true", help="every grade each source has had, who gave it and why")
    add_format_option(parser)


def _sources(args: argparse.Namespace, context: Context) -> int:
    store = context.store()
    if args.history:
        write_frame(store.source_grades(), SOURCE_HISTORY_FIELDS, args.format, context.out)
    else:
        write_frame(store.sources(), SOURCE_FIELDS, args.format, context.out)
    return 0


def _profile_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", type=_profile_name)
    parser.add_argument("--mapping", required=True, help="JSON as printed by a refused import")
    parser.add_argument("--as", dest="who", required=True, type=_who)


def _profile(args: argparse.Namespace, context: Context) -> int:
    store, out = context.store(), context.out
    try:
        mapping = ColumnMapping.from_json(args.mapping)
    except MappingError as error:
        raise MappingError(f"bad mapping: {error}") from None
    store_profile(store, args.name, mapping, created_by=args.who)
    out.write(f"saved profile {args.name!r} for {mapping.kind}\n")
    return 0


def _unlock_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", help="the editor's name, as typed at sign-in")
    parser.add_argument("--source", metavar="ADDRESS", help="also forget the failures of this client address")


def _unlock(args: argparse.Namespace, context: Context) -> int:
    from geo.access.throttle import unlock

    forgotten = unlock(context.store(), args.name, args.source)
    counted = f"{forgotten} failed sign-ins forgotten" if forgotten else "no failed sign-ins were counted"
    context.out.write(f"unlocked {printable(args.name)}: {counted}\n")
    return 0


IMPORT = Command(
    "check, preview and commit a CSV of reports, crossings or parties", _import, _import_arguments, writes=True
)
BATCHES = Command("every batch written, with what became of it", _batches, add_format_option)
REVIEW = Command(
    "verify, reject or call unverifiable a batch committed for review, whole or one report",
    _review,
    _review_arguments,
    writes=True,
)
GRADE = Command(
    "change a source's reliability (A-F), with the reason; kept in its history", _grade, _grade_arguments, writes=True
)
SOURCES = Command("every graded source, or with --history every grade each has had", _sources, _sources_arguments)
REVERT = Command(
    "hide a batch's rows (kept, not deleted); reverting a revert undoes it", _revert, _revert_arguments, writes=True
)
PROFILE = Command("save a named column mapping for foreign CSV files", _profile, _profile_arguments)
HASH_PASSWORD = Command("read a password from stdin and print its hash for .streamlit/secrets.toml", _hash_password)
UNLOCK = Command("forget an editor's failed sign-ins, so the name may try again now", _unlock, _unlock_arguments)
