"""``python -m geo extract``: an article's claims as drafts, printed for data staff to check.

Nothing is written: the CSV it prints is a reports upload once each draft's crossing is known, to be
checked, previewed and committed (pending review where review is on) with ``python -m geo import``.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from datetime import date
from typing import TextIO

from geo.cli import arguments
from geo.cli.command import Command, Context
from geo.cli.data import read_input
from geo.cli.output import add_format_option
from geo.csvsafe import neutralise
from geo.errors import ArticleDateError
from geo.extract.claims import Draft, Vocabulary, read_article
from geo.extract.when import datings
from geo.ingest.decode import detect_encoding
from geo.model import REPORT_COLUMNS, column_names

#: How far into an article its own date is looked for when ``--published`` is not given.
DATELINE_CHARACTERS = 300
#: The columns of the table format: enough to check a draft against its quote.
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
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
    published = args.published or _own_date(text)
    store = context.store()
    vocabulary = Vocabulary.of(store.crossings(), store.parties(), store.gazetteer())
    drafts = read_article(text, published, vocabulary, outlet=args.outlet or "")
    if args.format == "json":
        json.dump({"claims": [d.fields() for d in drafts]}, context.out, ensure_ascii=False, indent=2)
        context.out.write("\n")
    elif args.format == "csv":
        _write_reports(drafts, url=args.url or "", out=context.out)
    else:
        _write_table(drafts, context)
    return 0


def _own_date(text: str) -> date:
    """The first full date in the article's opening lines (its dateline or header)."""
    head = text[:DATELINE_CHARACTERS]
    # Only a date with its year written is the article's own; "July 14" alone would be a guess.
    full = [d.day for d in datings(head, date(2000, 1, 1)) if _YEAR.search(head[d.start : d.end])]
    if not full:
        raise ArticleDateError(DATELINE_CHARACTERS)
    return full[0]


def _write_reports(drafts: list[Draft], *, url: str, out: TextIO) -> None:
    """The drafts as a reports upload: its columns, the quote kept in the note."""
    writer = csv.writer(out, lineterminator="\n")
    columns = column_names(REPORT_COLUMNS)
    writer.writerow(columns)
    for draft in drafts:
        fields = draft.fields()
        row = {
            **{c: str(fields.get(c, "")) for c in columns},
            "url": url,
            "confidence": "medium",
            "note": f"Drafted from the article: {draft.quote}",
        }
        writer.writerow([neutralise(row[c]) for c in columns])


def _write_table(drafts: list[Draft], context: Context) -> None:
    if not drafts:
        context.out.write("no claim found in the article\n")
        return
    for number, draft in enumerate(drafts, start=1):
        fields = draft.fields()
        context.out.write(f"{number}. " + "; ".join(f"{f}: {fields[f]}" for f in TABLE_FIELDS if f != "quote") + "\n")
        context.out.write(f"   quote ({draft.quote_start}-{draft.quote_end}): {draft.quote}\n")


EXTRACT = Command("draft the claims of an article (plain text) for review; writes nothing", _run, _arguments)
