"""Control characters in text: which ones no stored text may hold, and how to show text on a terminal.

A NUL truncates C strings and PostgreSQL refuses it; an escape sequence in a name would
act on the terminal that prints it. Both rules live here, below the store and the readers.
"""

from __future__ import annotations

import re
import unicodedata

#: Control characters no text means to hold (tab and line breaks are text); a NUL truncates C strings.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: What a terminal would act on rather than show: C0 and C1 controls (ESC, BEL, CSI...), DEL, and the
#: bidirectional overrides that make text read in another order than it is stored.
_TERMINAL_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def control_character_problem(value: str) -> str | None:
    """Why ``value`` cannot be stored as text, when it holds a control character (NUL, ESC...).

    >>> control_character_problem("Tor\\x00kham")
    'holds the control character U+0000 (NUL) at character 4; remove it'
    """
    found = _CONTROL.search(value)
    if found is None:
        return None
    char = found.group()
    name = "NUL" if char == "\x00" else unicodedata.name(char, "control")
    return f"holds the control character U+{ord(char):04X} ({name}) at character {found.start() + 1}; remove it"


def printable(text: str) -> str:
    """``text`` with every control character written as an escape, for a terminal or a fixed-width table.

    >>> printable("Tor\\x1b[31mkham\\x07")
    'Tor\\\\x1b[31mkham\\\\x07'
    """
    return _TERMINAL_CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
