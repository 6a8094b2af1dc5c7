"""The data-staff commands of ``python -m geo``: import, batches, revert, profile.

Import exits 0 when it commits (or would, with ``--dry-run``) and 1 with every
problem listed, one per line, with nothing written.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import Any, TextIO

from geo.atlas import Atlas
from geo.auth import hash_password
from geo.decode import check_size
from geo.errors import BorderwatchError, ValidationError
from geo.ingest import Limits, UnmappedColumnsError, read_upload
from geo.mapping import ColumnMapping, MappingError
from geo.preview import build_preview
from geo.settings import Settings
from geo.store import Store


class UnknownProfileError(BorderwatchError):
    """A profile name that no saved mapping has."""


def add_commands(commands: argparse._SubParsersAction[Any]) -> None:
    """Register import, batches, revert and profile on the ``python -m geo`` parser."""
    upload = commands.add_parser("import", help="check, preview and commit a CSV of reports, crossings or parties")
    upload.add_argument("file", type=Path)
    upload.add_argument("--as", dest="who", required=True, help="who is importing (recorded with the batch)")
    upload.add_argument("--dry-run", action="store_true", help="check and preview only; write nothing")
    upload.add_argument("--profile", help="a saved column mapping for a file that is not in our columns")
    batches = commands.add_parser("batches", help="every batch written, with what became of it")
    batches.add_argument("--format", choices=("table", "csv", "json"), default="table")
    revert = commands.add_parser("revert", help="hide a batch's rows (kept, not deleted); reverting a revert undoes it")
    revert.add_argument("batch_id", type=int)
    revert.add_argument("--as", dest="who", required=True)
    profile = commands.add_parser("profile", help="save a named column mapping for foreign CSV files")
    profile.add_argument("name")
    profile.add_argument("--mapping", required=True, help="JSON as printed by a refused import")
    profile.add_argument("--as", dest="who", required=True)
    commands.add_parser(
        "hash-password", help="read a password from stdin and print its hash for .streamlit/secrets.toml"
    )


def import_file(args: argparse.Namespace, store: Store, settings: Settings, out: TextIO) -> int:
    """Check, preview and (unless a dry run) commit one file."""
    limits = Limits(max_bytes=settings.upload_max_bytes, max_rows=settings.upload_max_rows)
    check_size(args.file.stat().st_size, limit_bytes=limits.max_bytes, file=args.file.name)
    mapping = None
    if args.profile:
        profiles = store.profiles()
        if args.profile not in profiles:
            raise UnknownProfileError(f"unknown profile {args.profile!r}; saved: {', '.join(profiles) or 'none'}")
        mapping = profiles[args.profile]
    try:
        upload = read_upload(
            args.file.read_bytes(), file=args.file.name, known=store.known(), mapping=mapping, limits=limits
        )
    except UnmappedColumnsError as error:
        _write_problems(error, sys.stderr)
        sys.stderr.write("suggested mapping (edit, then `python -m geo profile NAME --mapping '...' --as WHO`):\n")
        sys.stderr.write(error.suggestion.to_json() + "\n")
        return 1
    except ValidationError as error:
        _write_problems(error, sys.stderr)
        return 1
    preview = build_preview(Atlas.load(store, stale_after_days=settings.stale_after_days), upload)
    out.write(f"{upload.file}: {len(upload):,} rows of {upload.kind} ({'; '.join(upload.notes)})\n")
    out.write(preview.summary() + "\n")
    for notice in preview.notices:
        out.write(f"  notice: {notice}\n")
    for change in preview.changes.head(50).to_dict("records"):
        out.write(f"  {change['date']} {change['name']}: {change['before']} -> {change['after']}\n")
    if len(preview.changes) > 50:
        out.write(f"  ... and {len(preview.changes) - 50:,} more\n")
    if args.dry_run:
        out.write("dry run: nothing written\n")
        return 0
    out.write("committing\n")
    out.flush()
    batch_id = store.commit(preview, created_by=args.who)
    out.write(f"committed as batch {batch_id}\n")
    return 0


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
