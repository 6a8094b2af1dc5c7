"""A fault on a page: the reader sees a plain message with a reference, the server log gets the details.

Tracebacks name server paths and Streamlit's own error box links to outside sites, so no
viewer is shown either (``client.showErrorDetails = "none"`` covers what escapes this).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from streamlit.logger import get_logger

from geo.errors import StoreFaultError

log = get_logger("borderwatch.dashboard")


def fault_message(reference: str, what: str = "Something went wrong on this page and it could not be shown.") -> str:
    return f"{what} Reference {reference}: quote it to whoever runs this server, whose log has the details."


@contextmanager
def reported() -> Iterator[None]:
    """Run a page's body; an error becomes a plain message (Streamlit's own stop and rerun pass through)."""
    try:
        yield
    except StoreFaultError as error:
        # The database down, read-only or full: said plainly (its own wording names no host, port
        # or file); the log gets the driver's details.
        reference = secrets.token_hex(4)
        log.exception("page could not use the database; reference %s", reference)
        st.error(fault_message(reference, error.plain))
    except Exception:
        reference = secrets.token_hex(4)
        log.exception("page failed; reference %s", reference)
        st.error(fault_message(reference))
