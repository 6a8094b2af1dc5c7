"""Editors' sessions in AppTest: the cookie a sign-in issues signs in a later browser session (a reload, a new
tab, another instance) until it expires or the editor signs out; a bad cookie grants nothing and says so."""

from __future__ import annotations

import json
import time

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import auth
from geo.access.auth import hash_password
from geo.access.sessions import SESSION_COOKIE, metadata, sign_token, signing_secret
from geo.ingest.seed import open_store

PASSWORD = "correct horse battery staple"
SIGNED_OUT = "Signed out: sign in again."


@pytest.fixture
def app(app: AppTest) -> AppTest:
    app.secrets["editors"] = {"passwords": {"alice": hash_password(PASSWORD, salt=b"fixed salt 16 by")}}
    return app


def arriving_with(monkeypatch: pytest.MonkeyPatch, cookie: str | None) -> None:
    """The next browser session connects with ``cookie`` (AppTest cannot send cookies itself)."""
    monkeypatch.setattr(auth, "_arrived_cookie", lambda: cookie)


def fresh(app: AppTest) -> AppTest:
    """Another browser session of the same app: a reload, a new tab, or another instance."""
    other = AppTest.from_file(app._script_path, default_timeout=90)
    other.secrets["editors"] = app.secrets["editors"]
    return other


def sign_in(at: AppTest) -> str:
    """Sign alice in; return the cookie value the page writes to the browser."""
    at.run()
    at.text_input(key="sign_in_name").input("alice")
    at.text_input(key="sign_in_password").input(PASSWORD)
    next(b for b in at.button if b.label == "Sign in").click().run()
    (writer,) = at.get("bidi_component")
    data = json.loads(writer.proto.json)
    assert data["name"] == SESSION_COOKIE and data["max_age"] > 0
    return str(data["value"])


def is_editor(at: AppTest) -> bool:
    return "Signed in as alice (editor)" in [c.value for c in at.sidebar.caption]


def notices(at: AppTest) -> list[str]:
    return [w.value for w in at.sidebar.warning]


def test_the_cookie_from_a_sign_in_signs_in_the_next_session_on_its_upload_page(
    app: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = sign_in(app)
    arriving_with(monkeypatch, token)
    reloaded = fresh(app)
    reloaded.run()
    assert is_editor(reloaded)
    reloaded.switch_page("views/upload_view.py").run()
    assert not reloaded.exception
    assert reloaded.title[0].value == "Upload" and reloaded.file_uploader


def test_sign_out_ends_the_session_for_every_session_holding_the_cookie(
    app: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = sign_in(app)
    next(b for b in app.button if b.label == "Sign out").click().run()
    assert not is_editor(app)
    (writer,) = app.get("bidi_component")
    assert json.loads(writer.proto.json)["value"] == "", "the page deletes the cookie"
    assert notices(app) == [], "signing out is not being signed out by surprise"
    arriving_with(monkeypatch, token)
    later = fresh(app)
    later.run()
    assert not is_editor(later) and notices(later) == [SIGNED_OUT]


@pytest.mark.parametrize(
    "alter",
    [
        pytest.param(lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"), id="signature"),
        pytest.param(lambda t: t.replace(t.split(".")[2], str(int(t.split(".")[2]) + 3600)), id="expiry"),
        pytest.param(lambda t: "not a token", id="garbage"),
    ],
)
def test_an_altered_cookie_grants_nothing_and_says_signed_out(
    app: AppTest, monkeypatch: pytest.MonkeyPatch, alter: object
) -> None:
    token = sign_in(app)
    arriving_with(monkeypatch, alter(token))  # type: ignore[operator]
    other = fresh(app)
    other.run()
    assert not is_editor(other) and notices(other) == [SIGNED_OUT]
    (writer,) = other.get("bidi_component")
    assert json.loads(writer.proto.json)["value"] == "", "the page deletes the bad cookie"
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        other.switch_page("views/upload_view.py")


def test_an_expired_session_says_signed_out_where_the_upload_page_was(
    app: AppTest, monkeypatch: pytest.MonkeyPatch, database_url: str
) -> None:
    app.run()  # creates the database and its secret
    store, _ = open_store(database_url)
    expired = sign_token("some-session", int(time.time()) - 1, signing_secret(store))
    store.close()
    arriving_with(monkeypatch, expired)
    app.run()
    assert not is_editor(app)
    assert notices(app) == [SIGNED_OUT]
    assert not app.file_uploader


def test_a_session_that_runs_out_while_the_page_is_open_signs_out_on_the_next_action(
    app: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The clock is moved past the end below: the session need not be short, and a short one could
    # run out on a loaded machine (or beside other test workers) before the upload page is shown.
    monkeypatch.setenv("BORDERWATCH_SESSION_HOURS", "1")
    sign_in(app)
    app.switch_page("views/upload_view.py").run()
    assert app.file_uploader
    deadline = app.session_state[auth.SESSION_KEY].expires_at
    monkeypatch.setattr(auth.time, "time", lambda: deadline + 1)
    app.run()
    assert not is_editor(app) and notices(app) == [SIGNED_OUT]
    assert not app.file_uploader and not [b for b in app.button if b.label.startswith("Commit")]


def test_with_no_session_secret_the_sign_in_lasts_only_for_the_page_and_no_cookie_is_signed(
    app: AppTest, database_url: str
) -> None:
    app.run()
    store, _ = open_store(database_url)
    with store.engine.begin() as conn:
        conn.execute(metadata.tables["app_secrets"].delete())
    store.close()
    app.text_input(key="sign_in_name").input("alice")
    app.text_input(key="sign_in_password").input(PASSWORD)
    next(b for b in app.button if b.label == "Sign in").click().run()
    assert is_editor(app)
    (writer,) = app.get("bidi_component")
    assert json.loads(writer.proto.json)["value"] == ""
    app.switch_page("views/upload_view.py").run()
    assert app.file_uploader


def test_a_viewer_without_a_cookie_is_told_nothing_about_signing_out(app: AppTest) -> None:
    app.run()
    assert not is_editor(app) and notices(app) == []
    assert auth.NOTICE_KEY not in app.session_state
