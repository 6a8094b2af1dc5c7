"""The one rule for a CSV cell a spreadsheet would run as a formula, and how a written cell is made safe.

Uploads refuse such a cell in free text, and every CSV written (exports, the audit trail,
the command line's tables) gives it a leading apostrophe, so both sides agree on what a
formula looks like.
"""

from __future__ import annotations

import re
from typing import Final

#: What a spreadsheet may run as a formula when a cell starts with it (OWASP's list).
FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")
#: A number as spreadsheets and Python write it: ``-31.5`` starts with a minus yet runs nothing.
_PLAIN_NUMBER: Final = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def looks_like_formula(cell: str) -> bool:
    """Whether a spreadsheet opening the file could run ``cell``: it starts like a formula and is no plain number.

    >>> looks_like_formula("=HYPERLINK(1)"), looks_like_formula("-31.5"), looks_like_formula("a=b")
    (True, False, False)
    """
    return cell.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(cell)


def neutralise(cell: str) -> str:
    """A CSV cell a spreadsheet shows as text, never runs as a formula.

    A cell that :func:`looks_like_formula` gets a leading apostrophe, the spreadsheet
    convention for "this is text". A plain number such as ``-31.5`` is left alone: it
    cannot run anything, and an apostrophe would turn a latitude into text. A cell that
    already starts with an apostrophe gets a second one, so :func:`restore` can always
    take exactly one off.

    >>> neutralise("=HYPERLINK(\\"http://x\\")"), neutralise("-31.5"), neutralise("'quoted")
    ('\\'=HYPERLINK("http://x")', '-31.5', "''quoted")
    """
    if cell.startswith("'") or looks_like_formula(cell):
        return "'" + cell
    return cell


def restore(cell: str) -> str:
    """The inverse of :func:`neutralise`."""
    return cell[1:] if cell.startswith("'") else cell
