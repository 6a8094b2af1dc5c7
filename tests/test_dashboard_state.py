"""The reading pages keep their session state under the keys dashboard/state.py declares, nowhere else."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import dashboard.state

DASHBOARD = Path(dashboard.state.__file__).resolve().parent
#: The pages and modules a reader goes through: they share the day, the region and the filters.
READING = [
    "app.py",
    "controls.py",
    "story.py",
    "views/map_view.py",
    "views/present_view.py",
    "views/compare_view.py",
    "views/reports_view.py",
    "views/about_view.py",
]


def _is_session_state(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "session_state"


def bare_keys(source: str) -> list[str]:
    """Every session key written as a string literal: ``st.session_state["x"]``, ``.get("x")``,
    ``.pop("x")``, ``"x" in st.session_state`` and a widget's ``key="x"``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Subscript) and _is_session_state(node.value):
            found.append(node.slice)
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and _is_session_state(func.value) and node.args:
                found.append(node.args[0])
            found += [k.value for k in node.keywords if k.arg == "key"]
        elif isinstance(node, ast.Compare) and any(_is_session_state(c) for c in node.comparators):
            found.append(node.left)
    return [n.value for n in found if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def test_the_finder_sees_every_way_of_naming_a_key() -> None:
    source = """
st.session_state["a"] = 1
st.session_state.get("b")
st.session_state.pop("c", None)
if "d" in st.session_state: pass
st.slider("x", key="e")
st.session_state[KEY] = 2
"""
    assert sorted(bare_keys(source)) == list("abcde")


@pytest.mark.parametrize("module", READING)
def test_a_reading_page_names_no_session_key_of_its_own(module: str) -> None:
    assert bare_keys((DASHBOARD / module).read_text(encoding="utf-8")) == []


def test_the_declared_keys_are_distinct() -> None:
    keys = {name: value for name, value in vars(dashboard.state).items() if name.isupper() and isinstance(value, str)}
    assert len(set(keys.values())) == len(keys), keys
