"""How ``python -m geo`` prints a table: aligned for a terminal, CSV or JSON, chosen by one ``--format`` option."""

from __future__ import annotations

import argparse
import csv
import json
from collections.abc import Sequence
from typing import Any, Final, TextIO

import pandas as pd

from geo.csvsafe import neutralise
from geo.json_values import json_records, json_value
from geo.text import printable

#: The ways :func:`write_frame` prints a table.
FRAME_FORMATS: Final = ("table", "csv", "json")


def add_format_option(
    parser: argparse.ArgumentParser, choices: Sequence[str] = FRAME_FORMATS, *, default: str | None = "table"
) -> None:
    """``--format``, one of ``choices``: ``default`` when not given, required when there is no default."""
    if default is None:
        parser.add_argument("--format", required=True, choices=choices)
    else:
        parser.add_argument("--format", choices=choices, default=default)


def _cell(value: Any) -> str:
    plain = json_value(value)
    if plain is None:
        return ""
    if isinstance(plain, list):
        return "|".join(str(v) for v in plain)
    return str(plain)


def write_frame(frame: pd.DataFrame, fields: Sequence[str], fmt: str, out: TextIO) -> None:
    """Write ``frame``'s ``fields`` to ``out`` as an aligned table, CSV or JSON."""
    records = [{f: row[f] for f in fields} for row in frame.to_dict("records")]
    if fmt == "json":
        json.dump(json_records(records, fields), out, ensure_ascii=False, indent=2)
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
