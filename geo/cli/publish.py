"""The commands of ``python -m geo`` that publish: render (a static map), export (data files), html (a standalone map).

Their writers are imported inside the commands: matplotlib and GDAL take a while to load,
and no other command needs them (``python -m geo status`` stays quick).
"""

from __future__ import annotations

import argparse

from geo.cli import arguments
from geo.cli.command import Command, Context
from geo.cli.output import add_format_option
from geo.errors import ExportError
from geo.formats import EXPORT_FORMATS
from geo.present.paper import PAGES, WIDE


def _render_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--date", required=True, type=arguments.day, help="YYYY-MM-DD")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--region")
    where.add_argument("--bbox", type=arguments.bbox, help="W,S,E,N in degrees")
    parser.add_argument("--title")
    parser.add_argument("--subtitle")
    parser.add_argument("--print", action="store_true", help="300 dpi for print instead of 1600x1000 pixels")
    papers = ", ".join(name for name in PAGES if name != WIDE.name)
    parser.add_argument(
        "--page",
        type=arguments.page,
        help=f"lay out on a paper: {papers} (or {WIDE.name}, the default page, {WIDE.width * 2.54:g} cm wide)",
    )
    parser.add_argument("--out", required=True, type=arguments.image_path, help="FILE.png, FILE.pdf or FILE.svg")


def _render(args: argparse.Namespace, context: Context) -> int:
    from geo.present.static_map import save_map

    atlas = context.atlas()
    path = save_map(
        atlas,
        args.date,
        args.out,
        print_dpi=args.print,
        page=args.page,
        region=args.region,
        bbox=args.bbox,
        title=args.title,
        subtitle=args.subtitle,
    )
    context.out.write(f"wrote {path}\n")
    return 0


def _export_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--date", type=arguments.day, help="YYYY-MM-DD (with --history: only reports up to that day)")
    add_format_option(parser, EXPORT_FORMATS, default=None)
    layer = parser.add_mutually_exclusive_group()
    layer.add_argument("--history", action="store_true", help="every report with its source, not the state")
    layer.add_argument(
        "--authorisations", action="store_true", help="every authorisation with its source, one row per crossing"
    )
    parser.add_argument("--out", required=True, type=arguments.output_path)


def _export(args: argparse.Namespace, context: Context) -> int:
    from geo.export import export

    atlas = context.atlas()
    if args.date is None and not (args.history or args.authorisations):
        raise ExportError(
            "export needs --date (or --history for every report, --authorisations for every authorisation)"
        )
    path = export(atlas, args.out, args.format, day=args.date, history=args.history, authorisations=args.authorisations)
    context.out.write(f"wrote {path}\n")
    return 0


def _html_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--region")
    parser.add_argument("--out", required=True, type=arguments.output_path)


def _html(args: argparse.Namespace, context: Context) -> int:
    from geo.present.standalone import save_standalone

    path = save_standalone(context.atlas(), args.out, region=args.region)
    context.out.write(f"wrote {path}\n")
    return 0


RENDER = Command("a static map as of a date, for briefings (PNG, PDF or SVG)", _render, _render_arguments)
EXPORT = Command("the state as of a date, or every report, as data with provenance", _export, _export_arguments)
HTML = Command("a standalone map with a timeline that opens from disk, offline", _html, _html_arguments)
