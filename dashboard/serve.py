"""What ``make run`` serves: the dashboard (``app.py``) and, on the same port, the routes of
:mod:`dashboard.routes` (the read-only API and the feeds).
``streamlit run dashboard/serve.py`` finds ``app`` and serves it."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

# Run as a script, this file's folder is on the path but not the project's, which the routes import from.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard.routes import ROUTES

app = st.App("app.py", routes=ROUTES)
