"""The upload store behind Streamlit's upload route: a viewer's session holds nothing, an editor's holds a
bounded amount, and a session that stops being an editor's loses what it held."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from starlette.exceptions import HTTPException
from streamlit import config
from streamlit.runtime import Runtime
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.uploaded_file_manager import UploadedFileRec

from dashboard.guards import UPLOADS_HELD_PER_SESSION, allow_uploads, forbid_uploads, refuse_uploads_from_viewers

MB = 1024 * 1024


@pytest.fixture
def manager() -> Iterator[MemoryUploadedFileManager]:
    """Streamlit's own upload store, guarded, with a 1 MB file size limit so the bound is cheap to reach."""
    original_add = MemoryUploadedFileManager.add_file
    original_active = Runtime.is_active_session
    original_size = config.get_option("server.maxUploadSize")
    config.set_option("server.maxUploadSize", 1)
    refuse_uploads_from_viewers()
    try:
        yield MemoryUploadedFileManager("/_stcore/upload_file")
    finally:
        MemoryUploadedFileManager.add_file = original_add  # type: ignore[method-assign]
        Runtime.is_active_session = original_active  # type: ignore[method-assign]
        config.set_option("server.maxUploadSize", original_size)


def rec(file_id: str, size: int) -> UploadedFileRec:
    return UploadedFileRec(file_id=file_id, name=f"{file_id}.csv", type="text/csv", data=b"a" * size)


def test_a_viewers_session_is_refused_and_holds_nothing(manager: MemoryUploadedFileManager) -> None:
    with pytest.raises(HTTPException) as refused:
        manager.add_file("viewer-session", rec("f1", 1000))
    assert refused.value.status_code == 403
    assert manager.get_files("viewer-session", ["f1"]) == []


def test_an_expired_editors_session_is_refused(manager: MemoryUploadedFileManager) -> None:
    allow_uploads("late-session", time.time() - 1)
    with pytest.raises(HTTPException) as refused:
        manager.add_file("late-session", rec("f1", 1000))
    assert refused.value.status_code == 403


def test_an_editors_session_holds_a_bounded_amount(manager: MemoryUploadedFileManager) -> None:
    allow_uploads("editor-session", time.time() + 3600)
    size = int(0.8 * MB)
    for n in range(UPLOADS_HELD_PER_SESSION):
        manager.add_file("editor-session", rec(f"f{n}", size))
    manager.add_file("editor-session", rec("f0", size))  # replacing a file frees the old one
    with pytest.raises(HTTPException) as refused:
        manager.add_file("editor-session", rec("one-more", size))
    assert refused.value.status_code == 413
    assert len(manager.get_files("editor-session", ["f0", "f1", "one-more"])) == UPLOADS_HELD_PER_SESSION


def test_a_session_that_signs_out_stops_uploading(manager: MemoryUploadedFileManager) -> None:
    allow_uploads("leaving-session", time.time() + 3600)
    manager.add_file("leaving-session", rec("f1", 1000))
    forbid_uploads("leaving-session")
    with pytest.raises(HTTPException):
        manager.add_file("leaving-session", rec("f2", 1000))


class _Sessions:
    def is_active_session(self, session_id: str) -> bool:
        return True


class _Runtime:
    _session_mgr = _Sessions()


def test_the_upload_route_sees_a_viewers_live_session_as_no_session(manager: MemoryUploadedFileManager) -> None:
    """The route asks this before it reads a body: a viewer's session is refused before a byte is read."""
    runtime: Runtime = _Runtime()  # type: ignore[assignment]
    assert not Runtime.is_active_session(runtime, "viewer-session")
    allow_uploads("editor-session-2", time.time() + 3600)
    assert Runtime.is_active_session(runtime, "editor-session-2")
