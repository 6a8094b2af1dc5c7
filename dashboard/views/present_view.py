"""Presentation page: the map full width for screenshots, with its own title, date, legend and sources."""

from __future__ import annotations

import streamlit as st

st.info("The presentation view is being built.")
