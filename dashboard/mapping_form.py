"""The form that maps a foreign CSV's columns onto ours, starting from the library's suggestion."""

from __future__ import annotations

from typing import Literal

import streamlit as st

from geo.ingest.columns import KIND_COLUMNS, ColumnMapping, Source, suggest_mapping

EMPTY = "(leave empty)"
CONSTANT = "(the same value on every row)"
MAPPING_KEY = "upload_mapping"


def mapping_form(headers: list[str], suggestion: ColumnMapping, *, form_key: str) -> ColumnMapping | None:
    """Draw the mapping form; return the mapping once the editor applies it."""
    kinds = list(KIND_COLUMNS)
    kind = st.radio(
        "These rows are", kinds, index=kinds.index(suggestion.kind), horizontal=True, key=f"{form_key}-kind"
    )
    start = suggestion if kind == suggestion.kind else suggest_mapping(headers, kind)
    options = [EMPTY, CONSTANT, *headers]
    sources: dict[str, Source] = {}
    with st.form(f"{form_key}-{kind}"):
        st.caption("For each Borderwatch column, pick the file's column that fills it, or a fixed value.")
        for column in KIND_COLUMNS[kind]:
            proposed = start.sources.get(column.name)
            index = options.index(proposed.value) if proposed and proposed.value in options else 0
            left, middle, right = st.columns([2, 3, 2])
            label = f"{column.name}{' (required)' if column.required else ''}"
            choice = left.selectbox(
                label, options, index=index, help=column.description, key=f"{form_key}-{column.name}"
            )
            constant = middle.text_input(
                "fixed value", key=f"{form_key}-{column.name}-value", placeholder=column.example
            )
            slug = right.checkbox(
                "make an id (slug)",
                value=bool(proposed and proposed.how == "slug"),
                key=f"{form_key}-{column.name}-slug",
                disabled=not column.name.endswith("_id"),
            )
            if choice == CONSTANT and constant.strip():
                sources[column.name] = Source("constant", constant.strip())
            elif choice not in (EMPTY, CONSTANT):
                how: Literal["column", "slug"] = "slug" if slug else "column"
                sources[column.name] = Source(how, choice)
        applied = st.form_submit_button("Read the file with this mapping", type="primary")
    if applied:
        mapping = ColumnMapping(kind=kind, sources=sources)
        st.session_state[MAPPING_KEY] = mapping
        return mapping
    return None
