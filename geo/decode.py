"""Turning uploaded bytes into CSV text: encodings and delimiters as spreadsheets export them.

Excel and LibreOffice write UTF-8 with or without a byte-order mark, UTF-16 with
one, or the Windows-1252 code page; European locales use ``;`` between cells. The
encoding is decided from the bytes, never guessed from the language of the text.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from typing import Final

from geo.errors import Problem, ValidationError

#: Delimiters accepted between cells, in order of preference when the header allows several.
DELIMITERS: Final[tuple[str, ...]] = (",", ";", "\t")
DELIMITER_NAMES: Final[dict[str, str]] = {",": "comma", ";": "semicolon", "\t": "tab"}

_BOMS: Final[tuple[tuple[bytes, str], ...]] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class DecodedText:
    """An upload's text with how it was read."""

    text: str
    encoding: str
    delimiter: str


def _looks_utf16_without_bom(data: bytes) -> str | None:
    # ASCII text in UTF-16 has a zero in every other byte; which half tells the order.
    sample = data[:2000]
    if len(sample) < 4:
        return None
    even_zeros = sample[0::2].count(0) / len(sample[0::2])
    odd_zeros = sample[1::2].count(0) / len(sample[1::2])
    if odd_zeros > 0.4 and even_zeros < 0.05:
        return "utf-16-le"
    if even_zeros > 0.4 and odd_zeros < 0.05:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes, *, file: str) -> tuple[str, str]:
    """The text of ``data`` and the encoding it was in.

    Order: a byte-order mark decides; else UTF-16 recognised by its zero bytes; else
    UTF-8 if the bytes are valid UTF-8; else Windows-1252, the code page Excel uses
    for "CSV" on Western Windows systems.

    Raises
    ------
    ValidationError
        When the bytes are none of these (the first bad byte is named).
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data, encoding, file), encoding
    utf16 = _looks_utf16_without_bom(data)
    if utf16:
        return _strict(data, utf16, file), utf16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _strict(data, "cp1252", file), "cp1252"


def _strict(data: bytes, encoding: str, file: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        bad = data[error.start : error.end]
        message = f"the file is not valid {encoding} text; save it as CSV UTF-8"
        raise ValidationError([Problem(file, line, "", bad.hex(" "), message)]) from None


def sniff_delimiter(header_line: str) -> str:
    """The delimiter of a header line: the accepted one that splits it into the most cells."""
    counts = {d: header_line.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def decode_upload(data: bytes, *, file: str) -> DecodedText:
    """Decode ``data`` and find its delimiter from the first non-blank line."""
    text, encoding = decode_bytes(data, file=file)
    text = text.removeprefix("\ufeff")
    first = next((line for line in text.splitlines() if line.strip()), "")
    return DecodedText(text=text, encoding=encoding, delimiter=sniff_delimiter(first))


def check_size(size_bytes: int, *, limit_bytes: int, file: str) -> None:
    """Refuse a file over the size cap before any of it is read.

    Raises
    ------
    ValidationError
        Naming the size and the cap.
    """
    if size_bytes > limit_bytes:
        message = f"the file is {size_bytes / 1e6:.1f} MB, over the {limit_bytes / 1e6:.1f} MB upload limit"
        raise ValidationError([Problem(file, 0, "", str(size_bytes), message)])
