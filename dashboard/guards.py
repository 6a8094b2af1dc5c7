"""Guards on what a browser may ask of the server, whoever is at the other end of the websocket or HTTP.

Streamlit clears every cache of the process when any client asks (the "Clear caches" menu
item sends the message; any script can send it). One anonymous message would then reload the
atlas for every viewer and reset whatever a cache holds, so the server refuses it: caches here
are cleared by the code that changes the data (``dashboard.data.forget_data``), never by a client.
"""

from __future__ import annotations

import threading
import time

from starlette.exceptions import HTTPException
from streamlit import config
from streamlit.logger import get_logger
from streamlit.runtime import Runtime
from streamlit.runtime.app_session import AppSession
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.uploaded_file_manager import UploadedFileRec

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
    AppSession._handle_clear_cache_request = _refuse_cache_clear  # type: ignore[method-assign, assignment]


# --- Uploads: only a signed-in editor's session may park a file in server memory. ---
#
# Streamlit's upload route (``/_stcore/upload_file/<session>/<file>``) accepts a file for any
# live session, and keeps it in memory until the session ends. No viewer page has an uploader,
# so the route refuses files for every session that is not an editor's: before it reads the body
# (400), and again where it would store the file (403). (A proxy rule in front, see the README's
# deployment section, keeps the bytes from reaching the server at all.)

#: Session id -> until when (Unix seconds) it may upload; written by dashboard.auth on each run.
_uploaders: dict[str, float] = {}
_uploaders_lock = threading.Lock()


def allow_uploads(session_id: str, until: float) -> None:
    """Let this Streamlit session upload until ``until`` (its editor's sign-in ends then)."""
    with _uploaders_lock:
        _uploaders[session_id] = until


def forbid_uploads(session_id: str) -> None:
    """This session is a viewer's (again): its uploads are refused, and what it holds is dropped."""
    with _uploaders_lock:
        was_editor = _uploaders.pop(session_id, None) is not None
    manager = _upload_manager()
    if was_editor and manager is not None:
        manager.remove_session_files(session_id)


def may_upload(session_id: str, now: float | None = None) -> bool:
    """Whether this session is a signed-in editor's now."""
    with _uploaders_lock:
        until = _uploaders.get(session_id)
    return until is not None and (time.time() if now is None else now) < until


def _upload_manager() -> MemoryUploadedFileManager | None:
    if not Runtime.exists():
        return None
    manager = Runtime.instance().uploaded_file_mgr
    return manager if isinstance(manager, MemoryUploadedFileManager) else None


def _held_bytes(manager: MemoryUploadedFileManager, session_id: str, replacing: str) -> int:
    files = manager.file_storage.get(session_id, {})
    return sum(len(f.data) for file_id, f in files.items() if file_id != replacing)


_streamlit_add_file = MemoryUploadedFileManager.add_file


def _guarded_add_file(manager: MemoryUploadedFileManager, session_id: str, file: UploadedFileRec) -> None:
    if not may_upload(session_id):
        log.warning("refused an upload from a session not signed in as an editor (session %s)", session_id)
        raise HTTPException(status_code=403, detail="Only signed-in editors can upload files.")
    # One session holds at most one file's worth beyond the one it is sending (a replaced file is freed).
    limit = config.get_option("server.maxUploadSize") * 1024 * 1024
    if _held_bytes(manager, session_id, file.file_id) + len(file.data) > UPLOADS_HELD_PER_SESSION * limit:
        log.warning("refused an upload beyond what one session may hold (session %s)", session_id)
        raise HTTPException(status_code=413, detail="This session already holds as much uploaded data as it may.")
    _streamlit_add_file(manager, session_id, file)


#: How many full-size files one editor's session may hold in memory at once.
UPLOADS_HELD_PER_SESSION = 2

_streamlit_is_active_session = Runtime.is_active_session


def _active_uploader(runtime: Runtime, session_id: str) -> bool:
    # Streamlit asks this (its only caller, pinned in requirements.txt) before it reads an upload's
    # body: answering no for a viewer's session refuses the request (400) before a byte is read.
    if not may_upload(session_id):
        log.warning("refused an upload before reading it: the session is not an editor's (session %s)", session_id)
        return False
    return _streamlit_is_active_session(runtime, session_id)


def refuse_uploads_from_viewers() -> None:
    """Make the upload route refuse files for sessions that are not signed in as editors (idempotent).

    Like the cache-clear guard, this replaces a method of Streamlit's (pinned); the test
    ``tests/browser/test_upload_guard.py`` posts to the real route and fails if it stops working.
    """
    if not all(hasattr(MemoryUploadedFileManager, m) for m in ("add_file", "remove_session_files")):
        raise RuntimeError("this Streamlit version stores uploads differently; see dashboard/guards.py")
    if MemoryUploadedFileManager.add_file is _guarded_add_file:
        return
    # Two locks on one door: the route's session check refuses before the body is read, and the
    # store refuses whatever reaches it anyway (403), should Streamlit stop asking the first.
    Runtime.is_active_session = _active_uploader  # type: ignore[method-assign,assignment]
    MemoryUploadedFileManager.add_file = _guarded_add_file  # type: ignore[method-assign,assignment]
    # The guard is installed by the first script run; a file posted before it (a new server's first
    # seconds) is dropped now, since no session was an editor's yet.
    manager = _upload_manager()
    if manager is not None:
        for session_id in list(manager.file_storage):
            if not may_upload(session_id):
                manager.remove_session_files(session_id)
                log.warning("dropped files uploaded before the upload guard was installed (session %s)", session_id)
