"""Who may write. Viewing needs no sign-in; uploads and reverts need an editor.

Editors sign in with a name and password checked against scrypt hashes in
``.streamlit/secrets.toml`` (``[editors.passwords]``), or, when ``[auth]`` is set up,
with Streamlit's own OIDC sign-in and an email listed in ``[editors] emails``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from geo.auth import Throttle, sign_in

EDITOR_KEY = "editor"


@st.cache_resource
def _throttle() -> Throttle:
    """One throttle per process, so failures count across every browser session."""
    return Throttle()


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


def current_editor() -> str | None:
    """The signed-in editor's name, or None for a viewer."""
    name = st.session_state.get(EDITOR_KEY)
    if isinstance(name, str) and name:
        return name
    if _oidc_configured() and st.user.is_logged_in:
        email = str(st.user.get("email", "")).casefold()
        if email and email in _oidc_editors():
            return email
    return None


def require_editor() -> str:
    """Stop the page here unless an editor is signed in; return the editor's name."""
    editor = current_editor()
    if editor is None:
        st.error("Only signed-in editors can do this.")
        st.stop()
    return editor  # type: ignore[return-value]


def _attempt() -> None:
    result = sign_in(
        st.session_state.get("sign_in_name", ""),
        st.session_state.get("sign_in_password", ""),
        _password_hashes(),
        _throttle(),
    )
    st.session_state["sign_in_password"] = ""
    if result.editor:
        st.session_state[EDITOR_KEY] = result.editor
    st.session_state["sign_in_message"] = result.message


def _sign_out() -> None:
    st.session_state.pop(EDITOR_KEY, None)
    st.session_state.pop("sign_in_message", None)
    if _oidc_configured() and st.user.is_logged_in:
        st.logout()


def sign_in_panel() -> None:
    """The sidebar corner where editors sign in and out."""
    editor = current_editor()
    if editor:
        st.sidebar.caption(f"Signed in as {editor} (editor)")
        st.sidebar.button("Sign out", on_click=_sign_out)
        return
    if not _password_hashes() and not _oidc_configured():
        return
    with st.sidebar.expander("Editor sign-in"):
        if _password_hashes():
            with st.form("sign_in", clear_on_submit=False, border=False):
                st.text_input("Name", key="sign_in_name")
                st.text_input("Password", type="password", key="sign_in_password")
                st.form_submit_button("Sign in", on_click=_attempt)
        if _oidc_configured():
            st.button("Sign in with your organisation", on_click=st.login)
        message = st.session_state.get("sign_in_message")
        if message:
            st.caption(message)
