"""Who may write. Viewing needs no sign-in; uploads and reverts need an editor.

Editors sign in with a name and password checked against scrypt hashes in
``.streamlit/secrets.toml`` (``[editors.passwords]``), or, when ``[auth]`` is set up,
with Streamlit's own OIDC sign-in and an email listed in ``[editors] emails``.

A password sign-in lasts beyond the page: the browser keeps a signed, expiring
session cookie (see :mod:`geo.access.sessions`), so a reload, a new tab or a restarted
instance behind a load balancer keeps the editor signed in until it expires or the
editor signs out. Streamlit reads cookies but cannot set one, so a tiny local
component writes it from the page (no network, no iframe).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass, replace
from typing import Any

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dashboard.data import store
from dashboard.guards import allow_uploads, forbid_uploads
from dashboard.text import plain
from geo.access.auth import sign_in
from geo.access.sessions import (
    SESSION_COOKIE,
    check_session,
    end_session,
    signing_secret,
    start_session,
)
from geo.access.throttle import Throttle, client_address
from geo.errors import SessionSecretError
from geo.settings import load_settings

#: The signed-in editor's session, in this browser tab's Streamlit session.
SESSION_KEY = "editor_session"
#: Why the editor is no longer signed in, shown until the next sign-in.
NOTICE_KEY = "sign_in_notice"
#: What the browser's session cookie must become: a token, or "" to delete it.
COOKIE_KEY = "session_cookie"
#: The cookie this tab arrived with, once judged: it is not judged again.
ARRIVED_KEY = "session_cookie_arrived"
SIGNED_OUT = "Signed out: sign in again."
GRACE_S = 86_400

# The token is ours (base64url and dots), never text from a user; the cookie is SameSite=Strict so
# no other site's page can send it, and Secure whenever the dashboard is served over https.
_COOKIE_JS = """
export default function (component) {
  const { data } = component;
  if (!data || !data.name) return;
  const secure = window.location.protocol === "https:" ? "; Secure" : "";
  const value = data.value ? data.value : "";
  const age = data.value ? Math.max(0, Math.floor(data.max_age)) : 0;
  document.cookie = `${data.name}=${value}; Path=/; Max-Age=${age}; SameSite=Strict${secure}`;
}
"""
_cookie_writer = st.components.v2.component("borderwatch_session_cookie", js=_COOKIE_JS)


@dataclass(frozen=True)
class EditorSession:
    """A signed-in editor in this tab: the cookie's token ("" for a page-only sign-in) and when it ends."""

    editor: str
    token: str
    expires_at: float
    checked_at: float


def _throttle() -> Throttle:
    """The brake on guessing for this browser's address, kept in the database (no cache clear resets it)."""
    headers = st.context.headers
    forwarded = headers.get("X-Forwarded-For") if headers is not None else None
    peer = st.context.ip_address
    source = client_address(
        peer if isinstance(peer, str) else None,
        forwarded if isinstance(forwarded, str) else None,
        trust_forwarded_for=load_settings().trust_forwarded_for,
    )
    return Throttle(store(), source)


def _secrets_section(name: str) -> Mapping[str, Any]:
    try:
        section = st.secrets.get(name, {})
    except StreamlitSecretNotFoundError:
        return {}
    return section if isinstance(section, Mapping) else {}


def _password_hashes() -> dict[str, str]:
    return {str(k): str(v) for k, v in _secrets_section("editors").get("passwords", {}).items()}


def _oidc_editors() -> set[str]:
    return {str(e).casefold() for e in _secrets_section("editors").get("emails", [])}


def _oidc_configured() -> bool:
    return bool(_secrets_section("auth"))


@st.cache_resource(show_spinner=False, max_entries=4)
def _cached_secret(database_url: str, configured: str | None) -> str:
    return signing_secret(store(), configured)


def _secret() -> str:
    """The session signing secret: the setting, else ``[sessions] secret`` in secrets.toml, else the database's."""
    settings = load_settings()
    configured = settings.session_secret or str(_secrets_section("sessions").get("secret", "")) or None
    return _cached_secret(settings.database_url, configured)


def _arrived_cookie() -> str | None:
    """The session cookie the browser sent when this tab connected (a reload, a new tab)."""
    value = st.context.cookies.get(SESSION_COOKIE)
    # Only text counts: without a browser (AppTest, bare mode) the client is a stand-in object.
    return value if isinstance(value, str) and value else None


def _is_editor(name: str) -> bool:
    # An editor removed from secrets.toml loses any session still open.
    return name.casefold() in {k.casefold() for k in _password_hashes()}


def _signed_out(notice: str | None) -> None:
    st.session_state.pop(SESSION_KEY, None)
    st.session_state[COOKIE_KEY] = ""
    if notice:
        st.session_state[NOTICE_KEY] = notice


def _still_valid(session: EditorSession) -> EditorSession | None:
    """The session if it still holds; re-asks the database at most once per refresh interval."""
    now = time.time()
    if now >= session.expires_at:
        return None
    if not session.token or now - session.checked_at < load_settings().refresh_seconds:
        return session
    # Another tab's sign-out, or another instance's, ends this tab's session too.
    try:
        check = check_session(store(), session.token, secret=_secret(), now=now)
    except SessionSecretError:
        return None
    if check.editor is None or not _is_editor(check.editor):
        return None
    return replace(session, checked_at=now)


def _password_session() -> EditorSession | None:
    state = st.session_state
    session = state.get(SESSION_KEY)
    if isinstance(session, EditorSession):
        still = _still_valid(session)
        if still is None:
            _signed_out(SIGNED_OUT)
        elif still is not session:
            state[SESSION_KEY] = still
        return still
    cookie = _arrived_cookie()
    if not cookie or cookie == state.get(ARRIVED_KEY):
        return None
    state[ARRIVED_KEY] = cookie
    try:
        check = check_session(store(), cookie, secret=_secret())
    except SessionSecretError:
        check = None
    if check is None or check.editor is None or not _is_editor(check.editor):
        # Expired, altered, ended or from another database: it grants nothing, and the browser forgets it.
        _signed_out(SIGNED_OUT)
        return None
    session = EditorSession(check.editor, cookie, check.expires_at, time.time())
    state[SESSION_KEY] = session
    return session


def _editor_until() -> tuple[str | None, float]:
    """The signed-in editor's name (None for a viewer) and until when the sign-in holds."""
    session = _password_session()
    if session is not None:
        return session.editor, session.expires_at
    if _oidc_configured() and st.user.is_logged_in:
        email = str(st.user.get("email", "")).casefold()
        if email and email in _oidc_editors():
            # Checked again on every run; between runs it holds as long as a password sign-in would.
            return email, time.time() + load_settings().session_hours * 3600
    return None, 0.0


def current_editor() -> str | None:
    """The signed-in editor's name, or None for a viewer; only an editor's session may upload files."""
    editor, until = _editor_until()
    ctx = get_script_run_ctx()
    if ctx is not None:
        if editor is None:
            forbid_uploads(ctx.session_id)
        else:
            allow_uploads(ctx.session_id, until)
    return editor


def review_required() -> bool:
    """Whether an upload waits for a second editor (``BORDERWATCH_REVIEW``; unset, when there is more than one)."""
    setting = load_settings().review
    if setting is not None:
        return setting
    return len(_password_hashes()) + len(_oidc_editors()) > 1


def require_editor() -> str:
    """Stop the page here unless an editor is signed in; return the editor's name."""
    editor = current_editor()
    if editor is None:
        st.error(st.session_state.get(NOTICE_KEY) or "Only signed-in editors can do this.")
        st.stop()
    return editor


def _attempt() -> None:
    result = sign_in(
        st.session_state.get("sign_in_name", ""),
        st.session_state.get("sign_in_password", ""),
        _password_hashes(),
        _throttle(),
    )
    st.session_state["sign_in_password"] = ""
    message = result.message
    if result.editor:
        lifetime_s = load_settings().session_hours * 3600
        now = time.time()
        try:
            token = start_session(store(), result.editor, secret=_secret(), lifetime_s=lifetime_s, now=now)
        except SessionSecretError as error:
            # Refuse to sign a cookie without a proper secret: the sign-in then lasts only as long as this page.
            token, message = "", f"{message} For this page only: {error}."
        st.session_state[SESSION_KEY] = EditorSession(result.editor, token, now + lifetime_s, now)
        st.session_state[COOKIE_KEY] = token
        st.session_state.pop(NOTICE_KEY, None)
    st.session_state["sign_in_message"] = message


def _sign_out() -> None:
    session = st.session_state.get(SESSION_KEY)
    if isinstance(session, EditorSession) and session.token:
        with suppress(SessionSecretError):
            end_session(store(), session.token, secret=_secret())
    # The cookie this tab arrived with is spent too: a sign-out is not an expired session.
    st.session_state[ARRIVED_KEY] = _arrived_cookie()
    _signed_out(None)
    st.session_state["sign_in_message"] = "Signed out."
    if _oidc_configured() and st.user.is_logged_in:
        st.logout()


def _write_cookie() -> None:
    """Keep the browser's session cookie as this tab's session says (set after sign-in, deleted after sign-out)."""
    if COOKIE_KEY not in st.session_state:
        return
    token = str(st.session_state[COOKIE_KEY])
    session = st.session_state.get(SESSION_KEY)
    # The browser keeps the cookie a day past the session's end (the token carries its own signed
    # expiry), so an editor who comes back late is told "signed out" rather than silently made a viewer.
    max_age = session.expires_at - time.time() + GRACE_S if token and isinstance(session, EditorSession) else 0
    with st.sidebar:
        _cookie_writer(data={"name": SESSION_COOKIE, "value": token, "max_age": max_age}, key="session_cookie_writer")


def signed_out_page() -> None:
    """What an editor's old address (/upload, /batches) shows once the session has ended: no write control."""
    st.title("Signed out")
    st.warning(st.session_state.get(NOTICE_KEY) or SIGNED_OUT)
    st.caption("Sign in again under Editor sign-in in the sidebar to upload or revert.")


def signed_out_pages(url_paths: tuple[str, ...] = ("upload", "article", "batches", "review")) -> list[st.Page]:
    """Hidden stand-ins for the editors' pages after a session ended, so a reload says why, not "Page not found"."""
    if NOTICE_KEY not in st.session_state:
        return []
    return [st.Page(signed_out_page, title="Signed out", url_path=path, visibility="hidden") for path in url_paths]


def sign_in_panel() -> None:
    """The sidebar corner where editors sign in and out."""
    _write_cookie()
    editor = current_editor()
    if editor:
        st.sidebar.caption(f"Signed in as {editor} (editor)")
        st.sidebar.button("Sign out", on_click=_sign_out)
        return
    if not _password_hashes() and not _oidc_configured():
        return
    notice = st.session_state.get(NOTICE_KEY)
    if notice:
        st.sidebar.warning(notice)
    with st.sidebar.expander("Editor sign-in", expanded=bool(notice)):
        if _password_hashes():
            with st.form("sign_in", clear_on_submit=False, border=False):
                st.text_input("Name", key="sign_in_name")
                st.text_input("Password", type="password", key="sign_in_password")
                st.form_submit_button("Sign in", on_click=_attempt)
        if _oidc_configured():
            st.button("Sign in with your organisation", on_click=st.login)
        message = st.session_state.get("sign_in_message")
        if message:
            st.caption(plain(message))
