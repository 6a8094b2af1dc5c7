"""Drafts as a reports upload: the one conversion the CLI's ``--format csv`` and the article page share.

A draft becomes a report row in the upload's own columns, so it goes through the same checks,
preview, batch and review as any file. Its provenance travels with it: the article's URL in
``url``, its outlet in ``source``, and its date and the quote the claim rests on in ``note``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Iterable, Mapping
from datetime import date
from typing import Final

from geo.csvsafe import neutralise
from geo.model import REPORT_COLUMNS, column_names

#: A draft's confidence: one party's word, read by rule, until data staff say otherwise.
DRAFT_CONFIDENCE: Final = "medium"


def draft_note(quote: str, published: date | None) -> str:
    """The note a drafted report carries: where in which article it was read.

    >>> draft_note("Spin Boldak has been captured", date(2021, 7, 14))
    'Drafted from the article of 2021-07-14: Spin Boldak has been captured'
    """
    of = f" of {published.isoformat()}" if published else ""
    return f"Drafted from the article{of}: {' '.join(quote.split())}"


def report_rows(
    drafts: Iterable[Mapping[str, object]], *, url: str = "", published: date | None = None
) -> list[dict[str, str]]:
    """Each draft (its fields, as :meth:`Draft.fields` gives them or a table edits them) as a report row."""
    columns = column_names(REPORT_COLUMNS)
    rows = []
    for draft in drafts:
        row = {column: _text(draft.get(column)) for column in columns}
        row["url"] = row["url"] or url
        row["confidence"] = row["confidence"] or DRAFT_CONFIDENCE
        row["note"] = row["note"] or draft_note(_text(draft.get("quote")), published)
        rows.append(row)
    return rows


def unsettled_names(drafts: Iterable[Mapping[str, object]], *, offered: Collection[str] = ()) -> list[str]:
    """The names drafts give with no id beside them, each once: a crossing or a party the database
    does not hold, as the article wrote it, for data staff to settle before a commit. A crossing
    name in ``offered`` (a gazetteer place the page offers to add) is left out.

    >>> unsettled_names([
    ...     {"crossing_id": "", "crossing_name": "Al-Qaim", "controller": "", "controller_name": "Ukraine"},
    ...     {"crossing_id": "torkham", "crossing_name": "Torkham", "claimant": "", "claimant_name": ""},
    ... ])
    ['Al-Qaim (crossing)', 'Ukraine (party)']
    """
    names: list[str] = []
    for draft in drafts:
        for id_field, name_field, kind in _NAMED:
            name = _text(draft.get(name_field))
            if kind == "crossing" and name in offered:
                continue
            if name and not _text(draft.get(id_field)) and f"{name} ({kind})" not in names:
                names.append(f"{name} ({kind})")
    return names


#: The fields of a draft that hold an id, the name it was written as, and what it names.
_NAMED: Final = (
    ("crossing_id", "crossing_name", "crossing"),
    ("claimant", "claimant_name", "party"),
    ("controller", "controller_name", "party"),
)


def reports_csv(rows: Iterable[Mapping[str, str]]) -> str:
    """Report rows as an upload's CSV, each cell safe to open in a spreadsheet."""
    columns = column_names(REPORT_COLUMNS)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([neutralise(row.get(c, "")) for c in columns])
    return out.getvalue()


def _text(value: object) -> str:
    """A cell as text: a table's empty cell (None, NaN) as ""."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()
