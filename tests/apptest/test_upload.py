"""The editors' pages in AppTest: sign-in, upload with preview and commit, revert; viewers reach none of it."""

from __future__ import annotations

import time
from datetime import date

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.text import plain
from geo.access.auth import hash_password
from geo.atlas import Atlas
from geo.ingest.commit import add_frames, commit_upload, saved_profiles
from geo.ingest.preview import known_in
from geo.ingest.seed import open_store
from geo.settings import SEEDS_DIR
from tests.test_webhook import receiving

PASSWORD = "correct horse battery staple"
HEADER = "crossing_id,date,claimant,controller,status,side,source,attribution,url,confidence,note\n"
UPDATE = HEADER + "torkham,2021-09-20,pakistan,taliban,sealed,PAK,Dawn,,,high,\n"


@pytest.fixture
def app(app: AppTest) -> AppTest:
    """The dashboard with one editor, alice, whose password hash is in its secrets."""
    app.secrets["editors"] = {"passwords": {"alice": hash_password(PASSWORD, salt=b"fixed salt 16 by")}}
    return app


def sign_in(at: AppTest, name: str = "alice", password: str = PASSWORD) -> AppTest:
    at.run()
    at.text_input(key="sign_in_name").input(name)
    at.text_input(key="sign_in_password").input(password)
    return next(b for b in at.button if b.label == "Sign in").click().run()


def button(at: AppTest, prefix: str) -> object:
    return next(b for b in at.button if b.label.startswith(prefix))


def choose_batch(at: AppTest, batch_id: int) -> None:
    box = at.selectbox(key="revert_batch")
    box.select_index(next(i for i, label in enumerate(box.options) if label.startswith(f"{batch_id}:"))).run()


def test_a_viewer_has_no_upload_or_batches_page(app: AppTest) -> None:
    app.run()
    for page in ("views/upload_view.py", "views/batches_view.py", "views/review_view.py"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            app.switch_page(page)
    assert not [b for b in app.button if b.label.startswith(("Commit", "Revert"))]


def test_a_wrong_password_does_not_sign_in(app: AppTest) -> None:
    sign_in(app, password="wrong")
    assert plain("Wrong name or password.") in [c.value for c in app.sidebar.caption]
    with pytest.raises(ValueError):
        app.switch_page("views/upload_view.py")


def test_repeated_failures_are_slowed_down_even_for_the_right_password(app: AppTest) -> None:
    for _ in range(3):
        sign_in(app, password="wrong")
    sign_in(app)
    assert any(plain("Too many failed sign-ins") in c.value for c in app.sidebar.caption)
    assert "Signed in as alice (editor)" not in [c.value for c in app.sidebar.caption]


def test_an_editor_uploads_previews_and_commits_and_the_map_changes(app: AppTest, database_url: str) -> None:
    sign_in(app)
    app.switch_page("views/upload_view.py").run()
    app.file_uploader[0].upload("update.csv", UPDATE.encode(), "text/csv").run()
    assert not app.exception
    assert {m.label: m.value for m in app.metric}["Crossings changing state"] == "1"
    changes = app.dataframe[1].value
    assert list(changes["change"]) == [
        "the Pakistani side of Torkham goes from Pakistan (presumed), restricted to Taliban, sealed on 2021-09-20"
    ]
    button(app, "Commit 1 reports").click().run()  # type: ignore[attr-defined]
    assert any("as batch 2 by alice" in s.value for s in app.success)
    store, _ = open_store(database_url)
    assert Atlas.load(store).state("torkham", date(2021, 9, 20))["status"] == "sealed"
    assert store.audit_trail().iloc[-1]["created_by"] == "alice"
    store.close()


def test_a_bad_upload_lists_every_problem_and_writes_nothing(app: AppTest, database_url: str) -> None:
    sign_in(app)
    app.switch_page("views/upload_view.py").run()
    bad = (
        HEADER
        + "torkam,2021-09-20,pakistan,taliban,sealed,PAK,Dawn,,,high,\ntorkham,03/04/2021,,,shut,PAK,Dawn,,,high,\n"
    )
    app.file_uploader[0].upload("bad.csv", bad.encode(), "text/csv").run()
    assert "3 problem(s) in bad.csv; nothing was written" in app.error[0].value.replace("\\", "")
    problems = app.dataframe[-1].value
    assert list(zip(problems["line"], problems["column"], strict=True)) == [
        (2, "crossing_id"),
        (3, "date"),
        (3, "status"),
    ]
    assert not [b for b in app.button if b.label.startswith("Commit")]
    store, _ = open_store(database_url)
    assert len(store.batches()) == 1
    store.close()


def test_a_foreign_file_is_mapped_saved_as_a_profile_and_read(app: AppTest, database_url: str) -> None:
    sign_in(app)
    app.switch_page("views/upload_view.py").run()
    foreign = b"Border Crossing Name,Code,Lat,Lon\nGood Neighbor Bridge,ELP-GOOD,31.748,-106.482\n"
    app.file_uploader[0].upload("txdot.csv", foreign, "text/csv").run()
    assert "not in Borderwatch's columns" in app.warning[0].value
    for column, value in (("country_a", "USA"), ("country_b", "MEX"), ("region", "texas-mexico")):
        prefix = next(k for k in (s.key for s in app.selectbox) if k and k.endswith(f"-{column}"))
        app.selectbox(key=prefix).set_value("(the same value on every row)")
        app.text_input(key=f"{prefix}-value").input(value)
    button(app, "Read the file with this mapping").click().run()  # type: ignore[attr-defined]
    assert not app.exception
    assert {m.label: m.value for m in app.metric}["New crossings"] == "1"
    app.text_input(key=next(t.key for t in app.text_input if t.label.startswith("Save this mapping"))).input("txdot")
    button(app, "Save profile").click().run()  # type: ignore[attr-defined]
    store, _ = open_store(database_url)
    assert saved_profiles(store)["txdot"].sources["country_b"].value == "MEX"
    store.close()


def test_an_editor_reverts_a_batch_and_undoes_the_revert(app: AppTest, database_url: str) -> None:
    store, _ = open_store(database_url, seeds=SEEDS_DIR)
    from geo.ingest.preview import build_preview
    from geo.ingest.upload import read_upload

    upload = read_upload(UPDATE.encode(), file="update.csv", known=known_in(Atlas.load(store)))
    batch_id = commit_upload(store, build_preview(Atlas.load(store), upload), created_by="bob")
    sign_in(app)
    app.switch_page("views/batches_view.py").run()
    choose_batch(app, batch_id)
    app.main.checkbox[-1].check().run()
    button(app, f"Revert batch {batch_id}").click().run()  # type: ignore[attr-defined]
    assert any(f"Batch {batch_id} reverted by batch 3" in s.value for s in app.success)
    assert Atlas.load(store).state("torkham", date(2021, 9, 20))["status"] != "sealed"
    choose_batch(app, 3)
    app.main.checkbox[-1].check().run()
    button(app, "Revert batch 3").click().run()  # type: ignore[attr-defined]
    assert Atlas.load(store).state("torkham", date(2021, 9, 20))["status"] == "sealed"
    assert list(store.audit_trail()["created_by"]) == ["seed", "bob", "alice", "alice"]
    store.close()


def test_an_editor_verifies_another_editors_pending_batch_and_the_map_shows_it(app: AppTest, database_url: str) -> None:
    store, _ = open_store(database_url, seeds=SEEDS_DIR)
    from geo.ingest.preview import build_preview
    from geo.ingest.upload import read_upload

    upload = read_upload(UPDATE.encode(), file="update.csv", known=known_in(Atlas.load(store)))
    batch_id = commit_upload(store, build_preview(Atlas.load(store), upload), created_by="bob", pending=True)
    assert Atlas.load(store).state("torkham", date(2021, 9, 20))["status"] != "sealed"
    sign_in(app)
    app.switch_page("views/review_view.py").run()
    assert not app.exception
    assert app.selectbox(key="review_batch").value == batch_id
    app.text_input(key="review_note").input("Checked against Dawn").run()
    button(app, "Record the decision").click().run()  # type: ignore[attr-defined]
    assert [s.value for s in app.success] == [f"Batch {batch_id} verified by alice\\."]
    assert Atlas.load(store).state("torkham", date(2021, 9, 20))["status"] == "sealed"
    assert store.reviews()["note"].tolist() == ["Checked against Dawn"]
    assert [i.value for i in app.info] == ["No batch waits for your review."]
    store.close()


def test_an_editor_changes_a_sources_grade_with_a_reason_and_can_revert_it(app: AppTest, database_url: str) -> None:
    sign_in(app)
    app.switch_page("views/batches_view.py").run()
    app.selectbox(key="grade_source").select("afp").run()
    app.selectbox(key="grade_letter").select("A").run()
    assert button(app, "Grade AFP A").disabled, "no grade changes without a reason"  # type: ignore[attr-defined]
    app.text_input(key="grade_reason").input("Its own correspondents at the gate").run()
    button(app, "Grade AFP A").click().run()  # type: ignore[attr-defined]
    assert not app.exception
    assert [s.value for s in app.success] == ["AFP graded A by batch 2\\. Revert batch 2 to undo it\\."]
    store, _ = open_store(database_url, seeds=SEEDS_DIR)
    history = store.source_grades().query("source_id == 'afp'")
    assert list(zip(history["reliability"], history["created_by"], strict=True)) == [("B", "seed"), ("A", "alice")]
    store.close()


def test_after_a_commit_the_page_shows_the_batch_and_no_commit_button_until_a_new_file(app: AppTest) -> None:
    sign_in(app)
    app.switch_page("views/upload_view.py").run()
    app.file_uploader[0].upload("update.csv", UPDATE.encode(), "text/csv").run()
    button(app, "Commit 1 reports").click().run()  # type: ignore[attr-defined]
    assert not app.exception
    assert [s.value for s in app.success] == [
        "Committed update\\.csv as batch 2 by alice: 1 reports."
        " The map shows it now. Choose another file to upload more."
    ]
    assert not [b for b in app.button if b.label.startswith("Commit")]
    assert not app.metric and not app.subheader, "the committed file's preview is gone"
    assert [link.proto.page for link in app.get("page_link")] == ["batches"]
    # The same page run again (a widget touched, a rerun) still offers nothing to commit.
    app.run()
    assert not [b for b in app.button if b.label.startswith("Commit")]
    other = UPDATE.replace("2021-09-20", "2021-09-21")
    app.file_uploader[0].upload("other.csv", other.encode(), "text/csv").run()
    assert not app.success
    assert [b.label for b in app.button if b.label.startswith("Commit")] == ["Commit 1 reports as one batch"]


def test_a_party_written_by_its_name_is_read_as_its_id_and_the_preview_says_so(app: AppTest) -> None:
    sign_in(app)
    app.switch_page("views/upload_view.py").run()
    named = UPDATE.replace("pakistan,taliban", "Pakistan,Taliban")
    app.file_uploader[0].upload("named.csv", named.encode(), "text/csv").run()
    assert not app.exception and not app.error
    (notice,) = app.warning
    assert "controller 'Taliban' is the name of party 'taliban'" in notice.value.replace("\\", "")
    assert [b.label for b in app.button if b.label.startswith("Commit")] == ["Commit 1 reports as one batch"]


def test_an_upload_is_checked_against_the_data_its_preview_shows(app: AppTest, database_url: str) -> None:
    """One snapshot per upload flow: a crossing another instance stored since the page's data was loaded
    is unknown to the check as to the preview, until the page's data refreshes."""
    sign_in(app)
    app.switch_page("views/upload_view.py").run()
    store, _ = open_store(database_url)
    gate = {
        "crossing_id": "new-gate",
        "name": "New Gate",
        "country_a": "AFG",
        "country_b": "PAK",
        "name_a": "",
        "name_b": "",
        "lat": "31.0",
        "lon": "66.4",
        "region": "afghanistan-2021",
        "note": "",
    }
    add_frames(store, {"crossings": pd.DataFrame([gate])}, kind="upload", created_by="another instance")
    store.close()
    report = HEADER + "new-gate,2021-09-20,,taliban,open,AFG,Dawn,,,high,\n"
    app.file_uploader[0].upload("gate.csv", report.encode(), "text/csv").run()
    problems = app.dataframe[-1].value
    assert list(zip(problems["line"], problems["column"], problems["value"], strict=True)) == [
        (2, "crossing_id", "new-gate")
    ]
    assert not [b for b in app.button if b.label.startswith("Commit")]


def _write_page(outcome: str) -> None:
    import streamlit as st

    from dashboard.data import run_write
    from geo.errors import ConflictError, NothingToCommitError

    def action() -> int:
        if outcome == "conflict":
            raise ConflictError("batch 7 is already reverted")
        if outcome == "nothing":
            raise NothingToCommitError("f.csv: nothing to commit")
        return 7

    st.session_state["result"] = run_write(action)


@pytest.mark.parametrize(
    ("outcome", "result", "shown"),
    [("done", 7, None), ("conflict", None, "error"), ("nothing", None, "info")],
)
def test_a_write_page_shows_a_refused_write_and_forgets_the_data_after_one_that_is_done(
    outcome: str, result: int | None, shown: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dashboard.data

    forgotten: list[bool] = []
    monkeypatch.setattr(dashboard.data, "forget_data", lambda: forgotten.append(True))
    at = AppTest.from_function(_write_page, args=(outcome,)).run()
    assert not at.exception
    assert at.session_state["result"] == result
    assert forgotten == ([True] if outcome == "done" else [])
    assert [kind for kind in ("error", "info") if getattr(at, kind)] == ([shown] if shown else [])


def test_a_commit_from_the_upload_page_posts_its_alerts_to_the_webhook(
    app: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    with receiving() as receiver:
        monkeypatch.setenv("BORDERWATCH_WEBHOOK_URL", receiver.url)
        sign_in(app)
        app.switch_page("views/upload_view.py").run()
        app.file_uploader[0].upload("update.csv", UPDATE.encode(), "text/csv").run()
        button(app, "Commit 1 reports").click().run()  # type: ignore[attr-defined]
        assert not app.exception
        deadline = time.monotonic() + 60
        while not receiver.received and time.monotonic() < deadline:
            time.sleep(0.1)
    assert len(receiver.received) == 1
    changed = [a for a in receiver.received[0]["body"]["alerts"] if a["kind"] == "changed"]
    assert [a["crossing_id"] for a in changed] == ["torkham"]
