"""``python -m geo extract``: an article's claims as drafts, printed for data staff to check.

Nothing is written: the CSV it prints is a reports upload once each draft's crossing is known, to be
checked, previewed and committed (pending review where review is on) with ``python -m geo import``.
"""

from __future__ import annotations

import argparse
import json

from geo.cli import arguments
from geo.cli.command import Command, Context
from geo.cli.data import read_input
from geo.cli.output import add_format_option
from geo.errors import ArticleDateError
from geo.extract.claims import Draft, read_article
from geo.extract.reports import report_rows, reports_csv
from geo.extract.vocabulary import Vocabulary
from geo.extract.when import DATELINE_CHARACTERS, own_date
from geo.ingest.decode import detect_encoding

#: The columns of the table format: enough to check a draft against its quote.
TABLE_FIELDS = ("crossing_name", "date", "claimant", "controller", "status", "side", "traffic", "credibility", "quote")


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="article", type=arguments.input_file, help="the article as plain text")
    parser.add_argument("--published", type=arguments.day, help="its date (default: the date in its first lines)")
    parser.add_argument("--url", type=arguments.label("the URL", 2000), help="where it was published")
    parser.add_argument("--outlet", type=arguments.label("the outlet", 300), help="who published it")
    add_format_option(parser, ("json", "csv", "table"), default="table")


def _run(args: argparse.Namespace, context: Context) -> int:
    data = read_input(args, context)
    text = data.decode(detect_encoding(data, file=args.file.name)).removeprefix("\ufeff")
    published = args.published or own_date(text)
    if published is None:
        raise ArticleDateError(DATELINE_CHARACTERS)
    store = context.store()
    vocabulary = Vocabulary.of(store.crossings(), store.parties(), store.gazetteer())
    drafts = read_article(text, published, vocabulary, outlet=args.outlet or "")
    if args.format == "json":
        json.dump({"claims": [d.fields() for d in drafts]}, context.out, ensure_ascii=False, indent=2)
        context.out.write("\n")
    elif args.format == "csv":
        context.out.write(
            reports_csv(report_rows((d.fields() for d in drafts), url=args.url or "", published=published))
        )
    else:
        _write_table(drafts, context)
    return 0


def _write_table(drafts: list[Draft], context: Context) -> None:
    if not drafts:
        context.out.write("no claim found in the article\n")
        return
    for number, draft in enumerate(drafts, start=1):
        fields = draft.fields()
        context.out.write(f"{number}. " + "; ".join(f"{f}: {fields[f]}" for f in TABLE_FIELDS if f != "quote") + "\n")
        context.out.write(f"   quote ({draft.quote_start}-{draft.quote_end}): {draft.quote}\n")


EXTRACT = Command("draft the claims of an article (plain text) for review; writes nothing", _run, _arguments)
