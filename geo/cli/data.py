"""The data-staff commands of ``python -m geo``: import, batches, revert, profile.

Import exits 0 when it commits (or would, with ``--dry-run``) and 1 with every
problem listed, one per line, with nothing written.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from geo.access.auth import hash_password
from geo.atlas import Atlas
from geo.errors import BorderwatchError, ValidationError
from geo.ingest.columns import ColumnMapping, MappingError
from geo.ingest.decode import read_capped
from geo.ingest.preview import build_preview
from geo.ingest.seed import MAX_PROFILE_NAME_LENGTH, MAX_WHO_LENGTH, BadLabelError, check_label, printable
from geo.ingest.upload import Limits, UnmappedColumnsError, read_upload
from geo.settings import Settings
from geo.store.store import Store


class UnknownProfileError(BorderwatchError):
    """A profile name that no saved mapping has."""


def _label(what: str, limit: int) -> Callable[[str], str]:
    """An argument type that holds a name to the rule the database stores it by, before the database is asked."""

    def read(text: str) -> str:
        try:
            return check_label(text, what=what, limit=limit)
        except BadLabelError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    return read


def input_file(text: str) -> Path:
    """An argument naming a file to read: a missing file or a folder is a one-line error."""
    path = Path(text)
    if not path.exists():
        raise argparse.ArgumentTypeError(f"no such file: {text!r}")
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{text!r} is a folder, not a file")
    return path


_who = _label("the name", MAX_WHO_LENGTH)
_profile_name = _label("the profile's name", MAX_PROFILE_NAME_LENGTH)


def add_commands(commands: argparse._SubParsersAction[Any]) -> None:
    """Register import, batches, revert and profile on the ``python -m geo`` parser."""
    upload = commands.add_parser("import", help="check, preview and commit a CSV of reports, crossings or parties")
    upload.add_argument("file", type=input_file, help="a file, or a pipe such as /dev/stdin (the size cap holds)")
    upload.add_argument(
        "--as", dest="who", required=True, type=_who, help="who is importing (recorded with the batch)"
    )
    upload.add_argument("--dry-run", action="store_true", help="check and preview only; write nothing")
    upload.add_argument(
        "--profile", type=_profile_name, help="a saved column mapping for a file that is not in our columns"
    )
    batches = commands.add_parser("batches", help="every batch written, with what became of it")
    batches.add_argument("--format", choices=("table", "csv", "json"), default="table")
    revert = commands.add_parser("revert", help="hide a batch's rows (kept, not deleted); reverting a revert undoes it")
    revert.add_argument("batch_id", type=int)
    revert.add_argument("--as", dest="who", required=True, type=_who)
    profile = commands.add_parser("profile", help="save a named column mapping for foreign CSV files")
    profile.add_argument("name", type=_profile_name)
    profile.add_argument("--mapping", required=True, help="JSON as printed by a refused import")
    profile.add_argument("--as", dest="who", required=True, type=_who)
    commands.add_parser(
        "hash-password", help="read a password from stdin and print its hash for .streamlit/secrets.toml"
    )


def import_file(args: argparse.Namespace, store: Store, settings: Settings, out: TextIO) -> int:
    """Check, preview and (unless a dry run) commit one file."""
    limits = Limits.from_settings(settings)
    mapping = None
    if args.profile:
        profiles = store.profiles()
        if args.profile not in profiles:
            raise UnknownProfileError(f"unknown profile {args.profile!r}; saved: {', '.join(profiles) or 'none'}")
        mapping = profiles[args.profile]
    try:
        # Counted while read: a pipe or a device (/dev/zero) has no size to check beforehand.
        with args.file.open("rb") as stream:
            data = read_capped(stream, limit_bytes=limits.max_bytes, file=args.file.name)
        upload = read_upload(data, file=args.file.name, known=store.known(), mapping=mapping, limits=limits)
    except UnmappedColumnsError as error:
        _write_problems(error, sys.stderr)
        sys.stderr.write("suggested mapping (edit, then `python -m geo profile NAME --mapping '...' --as WHO`):\n")
        sys.stderr.write(error.suggestion.to_json() + "\n")
        return 1
    except ValidationError as error:
        _write_problems(error, sys.stderr)
        return 1
    preview = build_preview(Atlas.load(store, stale_after_days=settings.stale_after_days), upload)
    out.write(printable(f"{upload.file}: {len(upload):,} rows of {upload.kind} ({'; '.join(upload.notes)})") + "\n")
    out.write(preview.summary() + "\n")
    if preview.repeated_lines:
        out.write(f"  lines repeating an earlier line, skipped: {_some_lines(preview.repeated_lines)}\n")
    for notice in preview.notices:
        out.write(f"  notice: {printable(notice)}\n")
    for change in preview.changes.head(50).to_dict("records"):
        text = f"{change['date']} {change['name']}: {change['before']} -> {change['after']}"
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
    batch_id = store.commit(preview, created_by=args.who)
    out.write(f"committed as batch {batch_id}\n")
    return 0


def _some_lines(lines: tuple[int, ...]) -> str:
    shown = ", ".join(str(n) for n in lines[:20])
    return shown + (f" and {len(lines) - 20:,} more" if len(lines) > 20 else "")


def _write_problems(error: ValidationError, stream: TextIO) -> None:
    stream.write(f"{len(error.problems)} problem(s); nothing was written:\n")
    for problem in error.problems:
        stream.write(f"{problem}\n")


def print_password_hash(out: TextIO) -> int:
    """Hash a password read from the terminal (without echo) or from standard input."""
    password = getpass.getpass("password: ") if sys.stdin.isatty() else sys.stdin.readline().rstrip("\n")
    if len(password) < 10:
        raise BorderwatchError("use a password of at least 10 characters")
    out.write(hash_password(password) + "\n")
    return 0


def revert_batch(args: argparse.Namespace, store: Store, out: TextIO) -> int:
    revert_id = store.revert(args.batch_id, created_by=args.who)
    out.write(f"batch {args.batch_id} reverted by batch {revert_id}; `revert {revert_id}` undoes it\n")
    return 0


def save_profile(args: argparse.Namespace, store: Store, out: TextIO) -> int:
    try:
        mapping = ColumnMapping.from_json(args.mapping)
    except MappingError as error:
        raise MappingError(f"bad mapping: {error}") from None
    store.save_profile(args.name, mapping, created_by=args.who)
    out.write(f"saved profile {args.name!r} for {mapping.kind}\n")
    return 0
