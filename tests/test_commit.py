"""Previewing, committing and reverting uploads, on SQLite and on PostgreSQL: all or nothing, never losing a row."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
import sqlalchemy as sa

from geo.atlas import Atlas
from geo.describe import change_sentence
from geo.errors import ConflictError, NothingToCommitError, UnknownBatchError
from geo.ingest.commit import commit_upload, save_profile, saved_profiles
from geo.ingest.preview import Preview
from geo.store import schema
from geo.store.profiles import profiles
from geo.store.store import Store
from tests.uploads import preview

REPORTS = "crossing_id,date,claimant,controller,status,side,source,attribution,url,confidence,note\n"
CROSSINGS = "crossing_id,name,country_a,country_b,name_a,name_b,lat,lon,region,note\n"

pytestmark = pytest.mark.each_database


def preview_of(store: Store, text: str, file: str = "update.csv") -> Preview:
    return preview(store, text, file=file)


def row_counts(store: Store) -> dict[str, int]:
    with store.engine.connect() as conn:
        return {
            t.name: int(conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one())
            for t in (schema.batches, schema.reports, schema.crossings, schema.parties)
        }


def test_preview_names_each_crossing_whose_state_changes_and_on_which_day(seeded_store: Store) -> None:
    preview = preview_of(
        seeded_store,
        REPORTS
        + "torkham,2021-09-20,pakistan,taliban,sealed,PAK,Dawn,,,high,\n"
        + "zaranj,2021-09-20,,,sealed,AFG,Tolo,,,medium,\n",
    )
    changes = preview.changes.set_index("crossing_id")
    assert set(changes.index) == {"torkham", "zaranj"}
    assert changes.loc["torkham", "date"] == date(2021, 9, 20)
    # Only the Pakistani side changes: the change is said of that side, in its own words.
    torkham = changes.loc["torkham"]
    assert (torkham["side"], torkham["before"], torkham["after"]) == (
        "PAK",
        "Pakistan (presumed), restricted",
        "Taliban, sealed",
    )
    assert change_sentence({"name": "Torkham", **torkham}) == (
        "the Pakistani side of Torkham goes from Pakistan (presumed), restricted to Taliban, sealed on 2021-09-20"
    )
    assert len(preview.new_rows) == 2 and preview.duplicate_lines == ()


def test_a_backdated_status_changes_the_state_only_until_the_next_status_report(seeded_store: Store) -> None:
    preview = preview_of(seeded_store, REPORTS + "spin-boldak-chaman,2021-07-15,,,open,PAK,Test,,,low,\n")
    changes = preview.changes
    # Open from the 15th; the holder changes on the 16th either way; Pakistan's report of the 26th ends it.
    assert list(changes["date"]) == [date(2021, 7, 15), date(2021, 7, 16)]
    assert (
        list(zip(changes["side"], changes["before"], changes["after"], strict=True)) == [("PAK", "sealed", "open")] * 2
    )
    assert change_sentence(changes.iloc[0].to_dict()) == (
        "the Pakistani side of Spin Boldak-Chaman goes from sealed to open on 2021-07-15"
    )


def test_a_status_for_one_kind_of_traffic_previews_as_that_sides_traffic_in_words(seeded_store: Store) -> None:
    header = (
        "crossing_id,date,claimant,controller,status,side,traffic,direction,source,attribution,url,confidence,note\n"
    )
    preview = preview_of(seeded_store, header + "torkham,2021-09-20,pakistan,,sealed,PAK,goods,,Dawn,,,high,\n")
    change = preview.changes.iloc[0]
    assert (change["side"], change["before"]) == ("PAK", "restricted")
    assert change["after"] == "restricted (sealed for goods; restricted otherwise)"


AUTHORISATIONS = "issuer,crossings,traffic,effect,start_date,end_date,title,source,attribution,url,confidence,note\n"


def test_an_authorisation_previews_where_and_when_permission_changes_and_commits_and_reverts_whole(
    seeded_store: Store,
) -> None:
    text = AUTHORISATIONS + "pakistan,torkham|spin-boldak-chaman,people,permits,2021-09-01,2021-09-30,,Dawn,,,high,\n"
    preview = preview_of(seeded_store, text, file="authorisations.csv")
    assert preview.kind == "authorisations"
    changes = preview.changes
    assert sorted(set(changes["crossing_id"])) == ["spin-boldak-chaman", "torkham"]
    assert sorted(set(changes["date"])) == [date(2021, 9, 1), date(2021, 10, 1)]
    starts = changes[(changes["crossing_id"] == "torkham") & (changes["date"] == date(2021, 9, 1))].iloc[0]
    assert (starts["before"], starts["after"]) == (
        "none",
        "Pakistan: permits people, in force until 2021-09-30, expires in 29 days",
    )
    before = row_counts(seeded_store)
    batch = commit_upload(seeded_store, preview, created_by="editor")
    atlas = Atlas.load(seeded_store)
    assert atlas.state("torkham", date(2021, 9, 15))["authorised"] is True
    assert atlas.state("torkham", date(2021, 10, 1))["authorisation_lapsed"] == date(2021, 9, 30)
    seeded_store.revert(batch, created_by="editor")
    assert Atlas.load(seeded_store).state("torkham", date(2021, 9, 15))["authorised"] is False
    assert row_counts(seeded_store)["reports"] == before["reports"]


def test_reverting_a_crossing_that_an_authorisation_names_is_refused(seeded_store: Store) -> None:
    added = commit_upload(
        seeded_store,
        preview_of(seeded_store, CROSSINGS + "new-gate,New Gate,AFG,PAK,,,31.0,66.0,afghanistan-2021,\n"),
        created_by="editor",
    )
    text = AUTHORISATIONS + "pakistan,new-gate,,permits,2021-09-01,,,Dawn,,,high,\n"
    commit_upload(seeded_store, preview_of(seeded_store, text, file="authorisations.csv"), created_by="editor")
    with pytest.raises(ConflictError, match="authorisation"):
        seeded_store.revert(added, created_by="editor")


def test_exact_duplicates_of_stored_reports_are_skipped_and_counted(seeded_store: Store) -> None:
    stored = seeded_store.reports().iloc[0]
    cells = io.StringIO()
    csv.writer(cells, lineterminator="").writerow(
        ["" if v is None else str(v) for v in stored[REPORTS.strip().split(",")]]
    )
    line = cells.getvalue()
    preview = preview_of(seeded_store, REPORTS + line + "\n" + "torkham,2021-09-20,,,open,AFG,Dawn,,,high,\n")
    assert preview.duplicate_lines == (2,)
    assert len(preview.new_rows) == 1
    assert "1 exact duplicate(s)" in preview.summary()


def test_a_file_that_only_repeats_stored_rows_commits_nothing_and_says_so(seeded_store: Store) -> None:
    stored = seeded_store.reports().iloc[0]
    cells = io.StringIO()
    csv.writer(cells, lineterminator="").writerow(
        ["" if v is None else str(v) for v in stored[REPORTS.strip().split(",")]]
    )
    line = cells.getvalue()
    preview = preview_of(seeded_store, REPORTS + line + "\n")
    before = row_counts(seeded_store)
    with pytest.raises(NothingToCommitError, match="nothing to commit"):
        commit_upload(seeded_store, preview, created_by="a")
    assert row_counts(seeded_store) == before


@pytest.mark.parametrize(
    ("text", "new", "repeated"),
    [
        (REPORTS + "torkham,2021-09-20,,,open,AFG,Dawn,,,high,\n" * 2, 1, (3,)),
        (REPORTS + "torkham,2021-09-20,,,open,AFG,Dawn,,,high,\ntorkham,2021-09-20,,,open,AFG,Dawn,,,low,\n", 2, ()),
        (
            CROSSINGS
            + "new-gate,New Gate,AFG,PAK,,,30.95,66.4,afghanistan-2021,\n"
            + "new-gate,New Gate,AFG,PAK,,,30.950,66.40,afghanistan-2021,\n",
            1,
            (3,),
        ),
    ],
    ids=["identical reports", "reports differing in one cell", "identical crossings"],
)
def test_a_line_repeating_an_earlier_line_is_counted_and_skipped_once(
    seeded_store: Store, text: str, new: int, repeated: tuple[int, ...]
) -> None:
    preview = preview_of(seeded_store, text)
    assert len(preview.new_rows) == new
    assert preview.repeated_lines == repeated == preview.duplicate_lines
    if repeated:
        assert f"{len(repeated)} repeating an earlier line of the file" in preview.summary()
    batch_id = commit_upload(seeded_store, preview, created_by="a")
    batch = seeded_store.audit_trail().set_index("batch_id").loc[batch_id]
    assert batch["row_count"] == new


def test_commit_records_who_when_file_checksum_and_rows(seeded_store: Store) -> None:
    preview = preview_of(seeded_store, REPORTS + "torkham,2021-09-20,,,open,AFG,Dawn,,,high,\n")
    batch_id = commit_upload(seeded_store, preview, created_by="editor@example.org")
    batch = seeded_store.audit_trail().set_index("batch_id").loc[batch_id]
    assert (batch["kind"], batch["created_by"], batch["file_name"], batch["row_count"]) == (
        "upload",
        "editor@example.org",
        "update.csv",
        1,
    )
    assert batch["checksum"] == preview.upload.checksum and len(batch["checksum"]) == 64
    after = Atlas.load(seeded_store).state("torkham", date(2021, 9, 20))
    # The Afghan side opens; Pakistan's side stays restricted since 14 September, and decides.
    assert (after["a_status"], after["b_status"], after["status"]) == ("open", "restricted", "restricted")


def test_a_commit_that_fails_part_way_writes_nothing(seeded_store: Store) -> None:
    first = preview_of(seeded_store, CROSSINGS + "new-gate,New Gate,AFG,PAK,,,31.0,66.4,afghanistan-2021,\n")
    second = preview_of(
        seeded_store,
        CROSSINGS
        + "other-gate,Other Gate,AFG,PAK,,,31.2,66.5,afghanistan-2021,\n"
        + "new-gate,New Gate,AFG,PAK,,,31.0,66.4,afghanistan-2021,\n",
    )
    commit_upload(seeded_store, first, created_by="a")
    before = row_counts(seeded_store)
    with pytest.raises(ConflictError, match="preview it again"):
        commit_upload(seeded_store, second, created_by="b")
    assert row_counts(seeded_store) == before
    assert "other-gate" not in set(seeded_store.crossings()["crossing_id"])


def test_revert_hides_a_batch_without_deleting_and_reverting_the_revert_restores_it(seeded_store: Store) -> None:
    preview = preview_of(seeded_store, REPORTS + "torkham,2021-09-20,,,open,AFG,Dawn,,,high,\n")
    upload_id = commit_upload(seeded_store, preview, created_by="a")
    shown = len(seeded_store.reports())
    revert_id = seeded_store.revert(upload_id, created_by="b")
    assert len(seeded_store.reports()) == shown - 1
    with seeded_store.engine.connect() as conn:
        kept = conn.execute(sa.select(sa.func.count()).where(schema.reports.c.batch_id == upload_id)).scalar_one()
    assert kept == 1
    trail = seeded_store.audit_trail().set_index("batch_id")
    assert not trail.loc[upload_id, "in_force"] and trail.loc[upload_id, "reverted_by"] == revert_id
    seeded_store.revert(revert_id, created_by="c")
    assert len(seeded_store.reports()) == shown
    assert seeded_store.audit_trail().set_index("batch_id").loc[upload_id, "in_force"]


def test_a_reverted_batch_cannot_be_reverted_again(seeded_store: Store) -> None:
    upload_id = commit_upload(
        seeded_store, preview_of(seeded_store, REPORTS + "torkham,2021-09-20,,,open,AFG,Dawn,,,high,\n"), created_by="a"
    )
    seeded_store.revert(upload_id, created_by="b")
    with pytest.raises(ConflictError, match="already reverted"):
        seeded_store.revert(upload_id, created_by="b")


def test_reverting_a_crossing_that_later_reports_name_is_refused(seeded_store: Store) -> None:
    crossing_batch = commit_upload(
        seeded_store,
        preview_of(seeded_store, CROSSINGS + "new-gate,New Gate,AFG,PAK,,,31.0,66.4,afghanistan-2021,\n"),
        created_by="a",
    )
    commit_upload(
        seeded_store,
        preview_of(seeded_store, REPORTS + "new-gate,2021-09-20,,,open,AFG,Dawn,,,high,\n"),
        created_by="a",
    )
    before = row_counts(seeded_store)
    with pytest.raises(ConflictError, match="1 shown report"):
        seeded_store.revert(crossing_batch, created_by="b")
    assert row_counts(seeded_store) == before


def test_reverting_an_unknown_batch_names_it(seeded_store: Store) -> None:
    with pytest.raises(UnknownBatchError, match="unknown batch 99"):
        seeded_store.revert(99, created_by="b")


def test_profiles_are_saved_replaced_and_read_back(store: Store) -> None:
    from geo.ingest.columns import ColumnMapping, Source

    mapping = ColumnMapping("crossings", {"lat": Source("column", "Latitude")})
    save_profile(store, "txdot", mapping, created_by="a")
    save_profile(store, "txdot", ColumnMapping("crossings", {"lat": Source("column", "Lat")}), created_by="a")
    assert saved_profiles(store) == {"txdot": ColumnMapping("crossings", {"lat": Source("column", "Lat")})}
    # The store keeps the mapping as its JSON text: it knows nothing of column mappings.
    assert profiles(store) == {"txdot": ColumnMapping("crossings", {"lat": Source("column", "Lat")}).to_json()}
