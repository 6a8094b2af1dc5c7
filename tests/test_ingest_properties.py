"""Properties of the upload reader: it never crashes, and what it accepts can always be stored."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.atlas import Atlas
from geo.dates import DayWindow
from geo.errors import NothingToCommitError, ValidationError
from geo.ingest.commit import commit_upload
from geo.ingest.preview import build_preview, known_in
from geo.ingest.rules import cell_problem, normal_form
from geo.ingest.seed import open_store
from geo.ingest.upload import read_upload
from geo.model import REPORT_COLUMNS, column_names
from geo.settings import SEEDS_DIR, upload_limits
from geo.store.store import Store

NAMES = column_names(REPORT_COLUMNS)
PLAUSIBLE = {
    "crossing_id": st.sampled_from(["torkham", "zaranj", "torkam", "", "Zaranj"]),
    "date": st.sampled_from(["2021-09-20", "20/09/2021", "03/04/2021", "2021-02-30", "", "9/20/2021"]),
    "claimant": st.sampled_from(["", "taliban", "pakistan", "nobody"]),
    "controller": st.sampled_from(["", "taliban", "iran"]),
    "status": st.sampled_from(["", "open", "sealed", "closed"]),
    "side": st.sampled_from(["", "AFG", "afg", "PK"]),
    "traffic": st.sampled_from(["", "people", "goods", "trucks", "Aid"]),
    "direction": st.sampled_from(["", "PAK", "irn", "IRN", "XX"]),
    "source": st.sampled_from(["Reuters", "", "=1+1", "Tolo News"]),
    "attribution": st.text(max_size=20),
    "url": st.sampled_from(["", "https://example.org/a", "example.org"]),
    "confidence": st.sampled_from(["high", "low", "", "sure"]),
    "note": st.text(max_size=40),
    "credibility": st.sampled_from(["", "1", "6", "7", "B"]),
    "origin": st.sampled_from(["", "AFP", "Agence France Presse", "Reuters (via Dawn)"]),
    "date_latest": st.sampled_from(["", "2021-09-21", "2021-09-19", "21/09/2021"]),
}


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    store, _ = open_store("sqlite://", seeds=SEEDS_DIR)
    yield store
    store.close()


def as_csv(rows: list[dict[str, str]], delimiter: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(NAMES)
    writer.writerows([row[n] for n in NAMES] for row in rows)
    return out.getvalue()


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(st.fixed_dictionaries(PLAUSIBLE), min_size=1, max_size=6),
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
)
def test_whatever_the_reader_accepts_can_be_previewed_and_stored(
    store: Store, rows: list[dict[str, str]], delimiter: str, encoding: str
) -> None:
    data = as_csv(rows, delimiter).encode(encoding, errors="replace")
    try:
        upload = read_upload(data, file="f.csv", known=known_in(Atlas.load(store)))
    except ValidationError as error:
        assert error.problems, "a refusal must name at least one problem"
        assert all(p.line >= 1 for p in error.problems)
        return
    before = len(store.reports())
    preview = build_preview(Atlas.load(store), upload)
    if preview.new_rows.empty:
        # Every row repeats one stored by an earlier example: nothing is committed, and it says so.
        with pytest.raises(NothingToCommitError):
            commit_upload(store, preview, created_by="hypothesis")
    else:
        commit_upload(store, preview, created_by="hypothesis")
    assert len(store.reports()) == before + len(preview.new_rows)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400))
def test_arbitrary_bytes_are_read_or_refused_with_problems_never_a_crash(store: Store, data: bytes) -> None:
    try:
        read_upload(data, file="f.csv", known=known_in(Atlas.load(store)))
    except ValidationError as error:
        assert error.problems


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_arbitrary_text_is_read_or_refused_with_problems_never_a_crash(store: Store, text: str) -> None:
    data = ("crossing_id,date,source,confidence\n" + text).encode()
    try:
        read_upload(data, file="f.csv", known=known_in(Atlas.load(store)))
    except ValidationError as error:
        assert error.problems


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(
        st.fixed_dictionaries({**PLAUSIBLE, "date": st.sampled_from(["2021-09-20", "20/09/2021", "20.09.2021 00:00"])}),
        min_size=1,
        max_size=6,
    ),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_what_the_reader_accepts_is_in_its_stored_form_and_keeps_every_rule(
    store: Store, rows: list[dict[str, str]], delimiter: str
) -> None:
    # Normalising comes before checking: a cell accepted is one the rule table accepts as it is stored.
    try:
        upload = read_upload(as_csv(rows, delimiter).encode(), file="p.csv", known=known_in(Atlas.load(store)))
    except ValidationError:
        return
    days = DayWindow.around(upload_limits().earliest_day)
    frame = upload.frame()
    for column in REPORT_COLUMNS:
        for value in frame[column.name]:
            assert normal_form(column.name, value, delimiter) == value
            assert cell_problem(column, value, days) is None, (column.name, value)
