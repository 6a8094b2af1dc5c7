"""The argument types of ``python -m geo``: each reads one value from the command line, or says in one line why not.

argparse prints that line after the argument's name and exits with status 2, before any
database is opened.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from geo.dates import parse_day
from geo.errors import BadBBoxError, BadDateError, BadLabelError, UnknownPageError
from geo.formats import IMAGE_FORMATS
from geo.grading import parse_scale
from geo.present.paper import Page, page_named
from geo.store.stored_names import check_label

#: The suffixes a static map may be written to, one per image format.
IMAGE_SUFFIXES = tuple(f".{kind}" for kind in IMAGE_FORMATS)


def day(text: str) -> date:
    """A day written YYYY-MM-DD."""
    try:
        return parse_day(text)
    except BadDateError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def grade_range(scale: Iterable[str]) -> Callable[[str], str]:
    """A grade range such as ``A-C`` read as the worst grade it admits (:func:`geo.grading.parse_scale`)."""
    grades = list(scale)

    def read(text: str) -> str:
        try:
            return parse_scale(text, grades)
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    return read


def count(minimum: int) -> Callable[[str], int]:
    """An argument type for a whole number of at least ``minimum``, written in the digits 0-9."""

    def read(text: str) -> int:
        if not text.strip().isascii() or not text.strip().isdigit() or int(text) < minimum:
            raise argparse.ArgumentTypeError(f"expected a whole number of at least {minimum}, got {text!r}")
        return int(text)

    return read


def output_path(text: str) -> Path:
    """A file to write: its folder must exist, and it must not be a folder itself."""
    path = Path(text)
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"cannot write {text!r}: it is a folder; name a file in it")
    folder = path.parent
    if not folder.is_dir():
        raise argparse.ArgumentTypeError(f"cannot write {text!r}: the folder {str(folder)!r} does not exist")
    return path


def image_path(text: str) -> Path:
    """A file to write a static map to, named for its image format."""
    if Path(text).suffix.lower() not in IMAGE_SUFFIXES:
        raise argparse.ArgumentTypeError(f"cannot write {text!r}: expected a name ending {', '.join(IMAGE_SUFFIXES)}")
    return output_path(text)


def input_file(text: str) -> Path:
    """A file to read: a missing file or a folder is a one-line error."""
    path = Path(text)
    if not path.exists():
        raise argparse.ArgumentTypeError(f"no such file: {text!r}")
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{text!r} is a folder, not a file")
    return path


def bbox(text: str) -> tuple[float, float, float, float]:
    """A bounding box W,S,E,N in degrees."""
    from geo.present.extent import parse_bbox

    try:
        return parse_bbox(text)
    except BadBBoxError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def page(text: str) -> Page:
    """A paper (or the wide screen page) to lay a static map out on."""
    try:
        return page_named(text)
    except UnknownPageError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def label(what: str, limit: int) -> Callable[[str], str]:
    """An argument type that holds a name to the rule the database stores it by, before the database is asked."""

    def read(text: str) -> str:
        try:
            return check_label(text, what=what, limit=limit)
        except BadLabelError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    return read
