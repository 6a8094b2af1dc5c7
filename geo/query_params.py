"""Reading a web query's parameters, as text, into values: each one that cannot be read is named
(:class:`geo.errors.BadParameterError`), with what it should be."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from geo.dates import parse_day
from geo.errors import BadDateError, BadParameterError


def only_parameters(query: Mapping[str, str], parameters: Mapping[str, str], path: str) -> None:
    """Refuse the first parameter of ``query`` that ``path`` does not read."""
    unknown = sorted(set(query) - set(parameters))
    if unknown:
        raise BadParameterError(unknown[0], query[unknown[0]], f"not a parameter of {path}")


def whole_number(query: Mapping[str, str], name: str, default: int, low: int, high: int | None) -> int:
    """The whole number ``name`` from ``low`` to ``high`` (no end when None); ``default`` when absent."""
    text = query.get(name)
    if text is None:
        return default
    expected = f"a whole number from {low} to {high}" if high is not None else f"a whole number, {low} or more"
    if not (text.isascii() and text.isdigit()) or len(text) > 9:
        raise BadParameterError(name, text, expected)
    number = int(text)
    if number < low or (high is not None and number > high):
        raise BadParameterError(name, text, expected)
    return number


def optional_day(query: Mapping[str, str], name: str) -> date | None:
    """The day ``name``, written YYYY-MM-DD; None when absent."""
    text = query.get(name)
    if text is None:
        return None
    try:
        return parse_day(text)
    except BadDateError:
        raise BadParameterError(name, text, "a day written YYYY-MM-DD") from None
