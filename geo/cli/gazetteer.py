"""``python -m geo gazetteer``: find any border crossing of the world by name, read other lists of
crossings into the gazetteer, and add a place of it as a crossing.

``import`` reads the gazetteer's own CSV, a UN/LOCODE file (geoapify's columns) or a GeoJSON export
of OpenStreetMap ``barrier=border_control`` points; whatever the file, its places go through the
same checks, preview and batch as ``python -m geo import``.
"""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path
from typing import TextIO

import pandas as pd

from geo.cli import arguments
from geo.cli.command import Command, Context
from geo.cli.data import import_file, read_input
from geo.cli.output import add_format_option, write_frame
from geo.errors import BorderwatchError
from geo.gazetteer import SEARCH_LIMIT, Gazetteer, crossing_csv, matches_frame
from geo.ingest.decode import decode_upload
from geo.ingest.gazetteer_files import (
    Converted,
    Dropped,
    crossing_places,
    from_osm_geojson,
    from_unlocode,
    is_unlocode,
    without_known_places,
)
from geo.model import PLACE_COLUMNS, column_names
from geo.store.schema import MAX_WHO_LENGTH
from geo.text import printable

_who = arguments.label("the name", MAX_WHO_LENGTH)
SEARCH_FIELDS = ("place_id", "name", "matched_name", "match", "country_a", "country_b", "lat", "lon", "source")
DROPPED_FILE = "gazetteer_dropped.csv"
#: The dropped entries a run prints before it says how many more there are.
DROPPED_SHOWN = 20


def _arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True, metavar="{search,import,add,build}")
    search = actions.add_parser("search", help="the places with a name like NAME, in any spelling or script")
    search.add_argument("name", type=arguments.label("the name searched for", 300))
    search.add_argument("--limit", type=arguments.count(1), default=SEARCH_LIMIT, help="most places listed")
    add_format_option(search)
    imported = actions.add_parser("import", help="check, preview and commit a list of crossings into the gazetteer")
    imported.add_argument("file", type=arguments.input_file, help="gazetteer CSV, UN/LOCODE CSV or OSM GeoJSON")
    imported.add_argument("--as", dest="who", required=True, type=_who, help="who is importing")
    imported.add_argument("--dry-run", action="store_true", help="check and preview only; write nothing")
    imported.add_argument("--pending", action="store_true", help="commit for review by another editor")
    added = actions.add_parser("add", help="add a place of the gazetteer as a crossing, to report on")
    added.add_argument("place", type=arguments.label("the place", 100), help="the place's id or one of its names")
    added.add_argument("--region", required=True, type=arguments.label("the region", 100), help="its region (slug)")
    added.add_argument("--as", dest="who", required=True, type=_who, help="who is adding it")
    added.add_argument("--dry-run", action="store_true", help="check and preview only; write nothing")
    added.add_argument("--pending", action="store_true", help="commit for review by another editor")
    build = actions.add_parser("build", help="write a dataset's gazetteer.csv: its crossings and the lists given")
    build.add_argument("lists", nargs="+", type=arguments.input_file, help="UN/LOCODE CSV or OSM GeoJSON files")
    build.add_argument("--seeds", type=Path, default=Path("seeds"), help="the dataset folder (default seeds/)")


def _run(args: argparse.Namespace, context: Context) -> int:
    action = {"search": _search, "import": _import, "add": _add, "build": _build}[args.action]
    return action(args, context)


def _search(args: argparse.Namespace, context: Context) -> int:
    found = Gazetteer(context.store().gazetteer()).search(args.name, limit=args.limit)
    if not found:
        context.out.write(f"no place in the gazetteer has a name like {args.name!r}\n")
        return 1
    write_frame(matches_frame(found), SEARCH_FIELDS, args.format, context.out)
    return 0


def read_list(data: bytes, file: str) -> Converted | None:
    """A UN/LOCODE or OpenStreetMap file as gazetteer rows; None for a file in the gazetteer's own columns."""
    text = decode_upload(data, file=file).stream.read()
    if text.lstrip().startswith("{"):
        return from_osm_geojson(text)
    header = next(csv.reader(io.StringIO(text)), [])
    return from_unlocode(text) if is_unlocode(header) else None


def _write_dropped(dropped: tuple[Dropped, ...], out: TextIO) -> None:
    out.write(f"{len(dropped):,} entries left out:\n")
    for entry in dropped[:DROPPED_SHOWN]:
        named = f" {entry.name}" if entry.name else ""
        out.write(printable(f"  {entry.entry}{named}: {entry.reason}") + "\n")
    if len(dropped) > DROPPED_SHOWN:
        out.write(f"  ... and {len(dropped) - DROPPED_SHOWN:,} more\n")


def _import(args: argparse.Namespace, context: Context) -> int:
    data = read_input(args, context)
    converted = read_list(data, args.file.name)
    if converted is not None:
        _write_dropped(converted.dropped, context.out)
        data = converted.csv_bytes()
    return import_file(args, context, data)


def _add(args: argparse.Namespace, context: Context) -> int:
    gazetteer = Gazetteer(context.store().gazetteer())
    place = gazetteer.named(args.place)
    if place is None:
        like = ", ".join(f"{m.place['place_id']} ({m.name})" for m in gazetteer.search(args.place, limit=5))
        raise BorderwatchError(f"no one place of the gazetteer is called {args.place!r}; like it: {like or 'none'}")
    args.file = Path(f"gazetteer-{place['place_id']}.csv")
    return import_file(args, context, crossing_csv(place, args.region))


def _build(args: argparse.Namespace, context: Context) -> int:
    crossings = pd.read_csv(args.seeds / "crossings.csv", dtype=str, keep_default_na=False)
    target = args.seeds / "gazetteer.csv"
    columns = column_names(PLACE_COLUMNS)
    kept = pd.read_csv(target, dtype=str, keep_default_na=False) if target.exists() else pd.DataFrame(columns=columns)
    own = crossing_places(crossings, kept[~kept["place_id"].str.startswith(("unlocode-", "osm-"))])
    listed: list[pd.DataFrame] = []
    dropped: list[Dropped] = []
    for path in args.lists:
        converted = read_list(path.read_bytes(), path.name)
        if converted is None:
            raise BorderwatchError(f"{path.name}: not a UN/LOCODE or OpenStreetMap file")
        listed.append(converted.places)
        dropped += converted.dropped
    every = pd.concat(listed, ignore_index=True).drop_duplicates("place_id")
    own, rest = without_known_places(Converted(every, tuple(dropped)), own)
    places = pd.concat([own, rest.places], ignore_index=True)
    places.to_csv(target, index=False, lineterminator="\n")
    left_out = pd.DataFrame([vars(d) for d in rest.dropped], columns=["entry", "name", "reason"]).drop_duplicates()
    left_out.to_csv(args.seeds / DROPPED_FILE, index=False, lineterminator="\n")
    context.out.write(f"{target}: {len(places):,} places ({len(own):,} crossings of the dataset)\n")
    context.out.write(f"{args.seeds / DROPPED_FILE}: {len(left_out):,} entries left out, each with the reason\n")
    return 0


GAZETTEER = Command(
    "find any border crossing by name; import lists of crossings; add one as a crossing", _run, _arguments
)
