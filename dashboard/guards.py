"""Guards on what a browser may ask of the server, whoever is at the other end of the websocket.

Streamlit clears every cache of the process when any client asks (the "Clear caches" menu
item sends the message; any script can send it). One anonymous message would then reload the
atlas for every viewer and reset whatever a cache holds, so the server refuses it: caches here
are cleared by the code that changes the data (``dashboard.data.forget_data``), never by a client.
"""

from __future__ import annotations

from streamlit.logger import get_logger
from streamlit.runtime.app_session import AppSession

log = get_logger("borderwatch.guards")


def _refuse_cache_clear(session: AppSession) -> None:
    log.warning("refused a client's request to clear the server's caches (session %s)", session.id)


def refuse_client_cache_clears() -> None:
    """Make a client's clear-cache message do nothing but log (idempotent; once per process is enough).

    This replaces a method of Streamlit's session (pinned in requirements.txt); the browser test
    ``tests/browser/test_guards.py`` sends the real message and fails if the replacement stops working.
    """
    if not hasattr(AppSession, "_handle_clear_cache_request"):
        raise RuntimeError("this Streamlit version handles clear-cache requests differently; see dashboard/guards.py")
    AppSession._handle_clear_cache_request = _refuse_cache_clear  # type: ignore[method-assign]
