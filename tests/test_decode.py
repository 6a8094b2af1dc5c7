"""Decoding uploads: a UTF-8 file with stray bytes is refused byte by byte, never re-read as Windows-1252."""

from __future__ import annotations

import codecs

import pytest

from geo.errors import ValidationError
from geo.ingest.decode import MAX_NAMED_BAD_BYTES, detect_encoding


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("a,b\ncafé,Fermé à midi – “officially”\n".encode(), "utf-8"),
        ("a,b\ncafé,Fermé à midi – “officially”\n".encode("cp1252"), "cp1252"),
        ("a,b\nÀ la frontière; ÉTÉ\n".encode("cp1252"), "cp1252"),
        (b"a,b\nplain ascii\n", "utf-8"),
    ],
    ids=["utf-8", "windows-1252 with quotes and dashes", "windows-1252 capitals", "ascii"],
)
def test_a_file_in_one_encoding_reads_in_it(data: bytes, encoding: str) -> None:
    assert detect_encoding(data, file="f.csv") == encoding


@pytest.mark.parametrize(
    ("data", "where"),
    [
        ("a,b\ncafé,x\n".encode() + b"caf\xe9,y\n", [(3, "e9", 4)]),
        (b"caf\xe9,x\n" + "a,b\nna\u00efve\n".encode(), [(1, "e9", 4)]),
        ("a,b\n“é”\n".encode() + b"x,\x93y\x94\n", [(3, "93", 3), (3, "94", 5)]),
        ("日本,x\n".encode() + b"\xff\n", [(2, "ff", 1)]),
        (codecs.BOM_UTF8 + b"caf\xe9,x\n" + "a,\u00e9\n".encode() + b"\x92\n", [(1, "e9", 4), (3, "92", 1)]),
    ],
    ids=["one stray e9", "stray byte before any utf-8", "two stray quotes", "utf-8 cjk and one ff", "with a BOM"],
)
def test_a_utf8_file_with_stray_bytes_is_refused_naming_each(data: bytes, where: list[tuple[int, str, int]]) -> None:
    with pytest.raises(ValidationError) as raised:
        detect_encoding(data, file="f.csv")
    problems = raised.value.problems
    assert [(p.line, p.value) for p in problems] == [(line, byte) for line, byte, _ in where]
    for problem, (_, _, character) in zip(problems, where, strict=True):
        assert f"at character {character} of the line" in problem.message
        assert "not UTF-8" in problem.message


def test_many_stray_bytes_are_named_up_to_a_limit_then_summed_up() -> None:
    data = "é\n".encode() + b"\xe9\n" * 50
    with pytest.raises(ValidationError) as raised:
        detect_encoding(data, file="f.csv")
    problems = raised.value.problems
    assert len(problems) == MAX_NAMED_BAD_BYTES + 1
    assert [p.line for p in problems[:3]] == [2, 3, 4]
    assert "more bytes that are not UTF-8" in problems[-1].message
