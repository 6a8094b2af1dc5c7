"""Turning uploaded bytes into CSV text: encodings and delimiters as spreadsheets export them.

Excel and LibreOffice write UTF-8 with or without a byte-order mark, UTF-16 with
one, or the Windows-1252 code page; European locales use ``;`` between cells. The
encoding is decided from the bytes, never guessed from the language of the text.
"""

from __future__ import annotations

import codecs
import io
import re
from dataclasses import dataclass
from typing import BinaryIO, Final, TextIO

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
    """An upload opened as text: a stream of its characters, and how it was read."""

    stream: TextIO
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


def detect_encoding(data: bytes, *, file: str) -> str:
    """The encoding ``data`` is in.

    Order: a byte-order mark decides; else UTF-16 recognised by its zero bytes; else
    UTF-8 if the bytes are valid UTF-8; else Windows-1252, the code page Excel uses
    for "CSV" on Western Windows systems, but only for a file with no valid multi-byte
    UTF-8 sequence at all. The bytes are checked in chunks, so a large file is never
    held twice in memory as text.

    Raises
    ------
    ValidationError
        When the bytes are not valid in the encoding they announce (the first bad byte is named),
        or when a UTF-8 file holds a few bytes that are not UTF-8 (each is named with its line and
        character): read as Windows-1252, its every accented letter would be stored garbled.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                _check_decodes(data, encoding, file)
            except ValidationError:
                if encoding != "utf-8-sig":
                    raise
                raise ValidationError(_utf8_faults(data, file)) from None
            return encoding
    utf16 = _looks_utf16_without_bom(data)
    if utf16:
        _check_decodes(data, utf16, file)
        return utf16
    try:
        _check_decodes(data, "utf-8", file)
        return "utf-8"
    except ValidationError:
        pass
    if _UTF8_MULTIBYTE.search(data):
        raise ValidationError(_utf8_faults(data, file))
    _check_decodes(data, "cp1252", file)
    return "cp1252"


#: One valid multi-byte UTF-8 sequence (RFC 3629): text written as UTF-8 holds them, Windows-1252 text
#: almost never does.
_UTF8_MULTIBYTE: Final = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
#: Bad bytes named one by one; a file with more is not "UTF-8 with a few stray bytes".
MAX_NAMED_BAD_BYTES: Final = 20


def _utf8_faults(data: bytes, file: str) -> list[Problem]:
    """Each byte of a mostly-UTF-8 file that is not UTF-8, with its line and character on that line."""
    problems: list[Problem] = []
    view = memoryview(data)
    position, line, line_start = 0, 1, 0
    while position < len(data):
        try:
            codecs.utf_8_decode(view[position:], "strict", True)
            break
        except UnicodeDecodeError as error:
            start, end = position + error.start, position + error.end
        line += data.count(b"\n", line_start, start)
        if len(problems) == MAX_NAMED_BAD_BYTES:
            more = "more bytes that are not UTF-8 from here on; save the file as CSV UTF-8"
            problems.append(Problem(file, line, "", data[start:end].hex(" "), more))
            break
        line_start = data.rfind(b"\n", 0, start) + 1
        before = data[line_start:start].decode("utf-8", errors="replace").removeprefix("\ufeff")
        character = len(before) + 1
        bad = data[start:end]
        message = (
            f"byte {bad.hex(' ')} at character {character} of the line (after {before[-20:]!r}) is not UTF-8,"
            " though the rest of the file is; the file was probably edited in two programs: fix that character"
            " and save it as CSV UTF-8"
        )
        problems.append(Problem(file, line, "", bad.hex(" "), message))
        position = end
    return problems


_CHUNK: Final = 1 << 20


def _check_decodes(data: bytes, encoding: str, file: str) -> None:
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    view = memoryview(data)
    for start in range(0, len(data), _CHUNK):
        try:
            decoder.decode(view[start : start + _CHUNK], final=start + _CHUNK >= len(data))
        except UnicodeDecodeError as error:
            offset = start + error.start
            line = data[:offset].count(b"\n") + 1
            bad = data[offset : start + error.end]
            message = f"the file is not valid {encoding} text; save it as CSV UTF-8"
            raise ValidationError([Problem(file, line, "", bad.hex(" "), message)]) from None
    if not data:
        decoder.decode(b"", final=True)


def sniff_delimiter(header_line: str) -> str:
    """The delimiter of a header line: the accepted one that splits it into the most cells."""
    counts = {d: header_line.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def decode_upload(data: bytes, *, file: str) -> DecodedText:
    """Open ``data`` as a stream of text and find its delimiter from the first non-blank line."""
    encoding = detect_encoding(data, file=file)
    head = data[: 64 * 1024].decode(encoding, errors="ignore").removeprefix("\ufeff")
    first = next((line for line in head.splitlines() if line.strip()), "")
    # A stream, not one string: a copy of a large file as text would double its memory.
    stream = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")
    return DecodedText(stream=stream, encoding=encoding, delimiter=sniff_delimiter(first))


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


def read_capped(stream: BinaryIO, *, limit_bytes: int, file: str) -> bytes:
    """All of ``stream``, counted while it is read: a pipe or a device has no size to check first.

    Raises
    ------
    ValidationError
        As soon as more than ``limit_bytes`` have been read, naming the cap.
    """
    chunks: list[bytes] = []
    total = 0
    while chunk := stream.read(min(_CHUNK, limit_bytes + 1 - total)):
        chunks.append(chunk)
        total += len(chunk)
        if total > limit_bytes:
            message = f"the input is larger than the {limit_bytes / 1e6:.1f} MB upload limit; reading stopped there"
            raise ValidationError([Problem(file, 0, "", f"more than {limit_bytes:,} bytes", message)])
    return b"".join(chunks)
