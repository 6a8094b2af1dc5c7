"""How the pages show geo's tables: the column settings every copy of a table shares."""

from __future__ import annotations

from typing import Any, Final

import streamlit as st

#: :func:`geo.describe.claims_table` on a page: each report's web address as a link to its source page.
CLAIMS_COLUMNS: Final[dict[str, Any]] = {"link": st.column_config.LinkColumn("link", display_text="source page")}
