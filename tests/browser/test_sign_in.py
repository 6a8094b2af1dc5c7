"""Editors' sessions in real Chromium: a reload, a new tab and a server restart keep the editor signed in;
an expired, altered or signed-out cookie grants nothing and says so."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import BrowserContext, Page, expect

from geo.access.auth import hash_password
from geo.access.sessions import SESSION_COOKIE
from geo.access.throttle import sign_in_failures
from geo.store.store import Store
from tests.browser.harness import free_port, start_streamlit, wait_for_app, wait_healthy
from tests.browser.test_guards import send_clear_cache

PASSWORD = "correct horse battery staple"
SIGNED_OUT = "Signed out: sign in again."
#: Short enough to wait out in a test: 0.002 h is 7.2 s.
SHORT_SESSION_HOURS = "0.002"


@dataclass
class Server:
    """One dashboard process over a database of its own, which can be restarted on the same port."""

    database_url: str
    env: dict[str, str]
    port: int

    def __post_init__(self) -> None:
        self.url = f"http://localhost:{self.port}"
        self.process = start_streamlit(self.database_url, self.port, extra_env=self.env)
        wait_healthy(self.url, self.process)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)

    def restart(self) -> None:
        self.stop()
        self.process = start_streamlit(self.database_url, self.port, extra_env=self.env)
        wait_healthy(self.url, self.process)


def _server(folder: Path, **env: str) -> Iterator[Server]:
    secrets = folder / "secrets.toml"
    secrets.write_text(f'[editors.passwords]\nalice = "{hash_password(PASSWORD)}"\n')
    server = Server(
        f"sqlite:///{folder / 'borderwatch.db'}", {"STREAMLIT_SECRETS_FILES": str(secrets), **env}, free_port()
    )
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from _server(tmp_path_factory.mktemp("sessions"))


@pytest.fixture(scope="module")
def short_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from _server(tmp_path_factory.mktemp("short-sessions"), BORDERWATCH_SESSION_HOURS=SHORT_SESSION_HOURS)


def sign_in(page: Page, url: str) -> None:
    # From the About page: no map component there to rerun the script under the form.
    page.goto(f"{url}/about")
    # The sign-in corner is drawn last, after the sidebar filters: once it shows, the first run is done.
    expect(page.get_by_text("Editor sign-in")).to_be_visible(timeout=30_000)
    wait_for_app(page)
    page.get_by_text("Editor sign-in").click()
    page.get_by_role("textbox", name="Name").fill("alice")
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    wait_for_app(page)
    expect(page.get_by_text("Signed in as alice (editor)")).to_be_visible(timeout=30_000)


def session_cookie(context: BrowserContext) -> str | None:
    return next((c["value"] for c in context.cookies() if c["name"] == SESSION_COOKIE), None)


def wait_for_cookie(page: Page, *, present: bool) -> None:
    """The cookie is written by the page itself once the sign-in (or sign-out) has rendered."""
    test = "c => document.cookie.split('; ').some(p => p.startsWith(c + '='))"
    page.wait_for_function(f"c => ({test})(c) === {str(present).lower()}", arg=SESSION_COOKIE)


def expect_upload_page(page: Page) -> None:
    expect(page.get_by_role("heading", name="Upload")).to_be_visible()
    expect(page.get_by_text("CSV file")).to_be_visible()
    expect(page.get_by_text("Page not found")).to_have_count(0)


def expect_signed_out(page: Page) -> None:
    expect(page.get_by_text(SIGNED_OUT).first).to_be_visible()
    expect(page.get_by_text("CSV file")).to_have_count(0)
    expect(page.get_by_role("link", name="Upload")).to_have_count(0)
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)


def test_a_reload_and_a_new_tab_keep_the_editor_signed_in(server: Server, page: Page) -> None:
    sign_in(page, server.url)
    wait_for_cookie(page, present=True)
    page.get_by_role("link", name="Upload").click()
    wait_for_app(page)
    expect_upload_page(page)
    page.reload()
    wait_for_app(page)
    assert page.url.startswith(f"{server.url}/upload")
    expect_upload_page(page)
    tab = page.context.new_page()
    tab.goto(f"{server.url}/batches")
    wait_for_app(tab)
    expect(tab.get_by_role("heading", name="Batches")).to_be_visible()
    expect(tab.get_by_text("Signed in as alice (editor)")).to_be_visible()


def test_a_restarted_server_keeps_the_editor_signed_in(server: Server, page: Page) -> None:
    sign_in(page, server.url)
    wait_for_cookie(page, present=True)
    page.goto(f"{server.url}/upload")
    wait_for_app(page)
    expect_upload_page(page)
    server.restart()
    page.reload()
    wait_for_app(page)
    expect_upload_page(page)


def test_another_instance_over_the_same_database_accepts_the_session(server: Server, page: Page) -> None:
    sign_in(page, server.url)
    wait_for_cookie(page, present=True)
    # Behind a load balancer the next request may reach another instance; a browser sends a
    # localhost cookie to every port, so a second instance on another port stands in for one.
    other = Server(server.database_url, server.env, free_port())
    try:
        page.goto(f"{other.url}/upload")
        wait_for_app(page)
        expect_upload_page(page)
    finally:
        other.stop()


def test_sign_out_clears_the_cookie_and_the_old_cookie_grants_nothing(server: Server, page: Page) -> None:
    sign_in(page, server.url)
    wait_for_cookie(page, present=True)
    token = session_cookie(page.context)
    assert token
    page.get_by_role("button", name="Sign out").click()
    wait_for_app(page)
    wait_for_cookie(page, present=False)
    page.goto(f"{server.url}/")
    wait_for_app(page)
    expect(page.get_by_role("link", name="Upload")).to_have_count(0)
    # A copy of the cookie kept from before the sign-out is refused by the server, not just forgotten.
    page.context.add_cookies([{"name": SESSION_COOKIE, "value": token, "url": server.url}])
    page.goto(f"{server.url}/upload")
    wait_for_app(page)
    expect_signed_out(page)


@pytest.mark.parametrize(
    "alter",
    [
        pytest.param(lambda t: t[:-3] + ("AAA" if t[-3:] != "AAA" else "BBB"), id="signature"),
        pytest.param(
            lambda t: ".".join([*t.split(".")[:2], str(int(t.split(".")[2]) + 86_400), t.split(".")[3]]),
            id="later-expiry",
        ),
        pytest.param(lambda t: t.replace(t.split(".")[1], "x" * len(t.split(".")[1])), id="session-id"),
        pytest.param(lambda t: "v1.made-up.9999999999.bm90IGEgc2lnbmF0dXJl", id="made-up"),
    ],
)
def test_an_altered_or_forged_cookie_grants_nothing(server: Server, page: Page, alter: object) -> None:
    sign_in(page, server.url)
    wait_for_cookie(page, present=True)
    token = session_cookie(page.context)
    assert token
    forged = alter(token)  # type: ignore[operator]
    page.context.clear_cookies()
    page.context.add_cookies([{"name": SESSION_COOKIE, "value": forged, "url": server.url}])
    page.goto(f"{server.url}/upload")
    wait_for_app(page)
    expect_signed_out(page)
    # The page deletes the bad cookie, so the next visit is an ordinary viewer's.
    wait_for_cookie(page, present=False)


def test_an_expired_session_says_signed_out(short_server: Server, page: Page) -> None:
    sign_in(page, short_server.url)
    wait_for_cookie(page, present=True)
    token = session_cookie(page.context)
    assert token
    page.goto(f"{short_server.url}/upload")
    wait_for_app(page)
    expect_upload_page(page)
    expires_at = int(token.split(".")[2])
    page.wait_for_timeout(max(0.0, expires_at - time.time() + 0.5) * 1000)
    page.reload()
    wait_for_app(page)
    expect_signed_out(page)
    expect(page.get_by_role("heading", name="Signed out")).to_be_visible()
    # Signing in again right there turns the page back into the Upload page it was.
    page.get_by_role("textbox", name="Name").fill("alice")
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    wait_for_app(page)
    expect_upload_page(page)


OUTCOME = re.compile(r"Wrong name or password\.|Too many failed sign-ins; try again in (\d+) s\.|Signed in as alice\.")


def attempt(page: Page, password: str) -> str:
    """One sign-in from the open sidebar form; the message it ends with."""
    page.get_by_role("textbox", name="Name").fill("alice")
    box = page.get_by_role("textbox", name="Password")
    box.fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(box).to_have_value("", timeout=30_000)  # the attempt was handled: the form clears the password
    wait_for_app(page)
    return str(page.get_by_text(OUTCOME).inner_text())


def open_sign_in(page: Page, url: str) -> None:
    page.goto(f"{url}/about")
    expect(page.get_by_text("Editor sign-in")).to_be_visible(timeout=30_000)
    wait_for_app(page)
    page.get_by_text("Editor sign-in").click()


def test_wrong_passwords_stay_counted_through_a_clear_cache_message_and_a_restart(tmp_path: Path, page: Page) -> None:
    # As a proxy on this machine would say where the browser is (Streamlit's server trusts loopback for it).
    page.set_extra_http_headers({"X-Forwarded-For": "203.0.113.77"})
    with contextmanager(_server)(tmp_path) as server:
        open_sign_in(page, server.url)
        # Guess until the wait outlasts a restart: each failure after the first two doubles it.
        wait = 0
        while wait < 30:
            outcome = OUTCOME.fullmatch(attempt(page, "wrong guess"))
            assert outcome is not None and "Signed in" not in outcome.group(0)
            if outcome.group(1):
                wait = int(outcome.group(1))
                if wait < 30:
                    time.sleep(wait + 0.5)  # the throttle's own wait, waited out to guess again
        # Any client may send this; it once reset every cache, and with it a throttle kept in one.
        send_clear_cache(server.url, times=3)
        assert attempt(page, PASSWORD).startswith("Too many failed sign-ins")
        server.restart()
        open_sign_in(page, server.url)
        assert attempt(page, PASSWORD).startswith("Too many failed sign-ins")
        expect(page.get_by_text("Signed in as alice (editor)")).to_have_count(0)
        store = Store.connect(server.database_url)
        with store.engine.connect() as conn:
            keys = set(conn.execute(sa.select(sign_in_failures.c.key)).scalars())
        store.close()
        # Counted against the browser's own address, as the server was told it, and against the name.
        assert keys == {"name:alice", "source:203.0.113.77"}
