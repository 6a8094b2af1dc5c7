"""The README documents every column and setting the code knows, and no others."""

from __future__ import annotations

import re

import pytest

from geo.model import DATASET_FILES
from geo.settings import PROJECT_ROOT

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def readme_table(heading: str) -> list[tuple[str, str]]:
    """(column, required) rows of the table under ``### heading``."""
    section = README.split(f"### {heading}\n", 1)[1]
    rows = []
    for line in section.splitlines()[1:]:
        if not line.strip():
            if rows:
                break
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        match = re.fullmatch(r"`([a-z_]+)`", cells[0])
        if match:
            rows.append((match.group(1), cells[1]))
    return rows


@pytest.mark.parametrize("file", list(DATASET_FILES))
def test_readme_column_table_matches_the_code(file: str) -> None:
    expected = [(c.name, "yes" if c.required else "no") for c in DATASET_FILES[file]]
    assert readme_table(file) == expected


SETTINGS = (
    "DATABASE_URL",
    "BORDERWATCH_STALE_AFTER_DAYS",
    "BORDERWATCH_UPLOAD_MAX_MB",
    "BORDERWATCH_UPLOAD_MAX_ROWS",
    "BORDERWATCH_UPLOAD_MAX_COLUMNS",
    "BORDERWATCH_EARLIEST_DAY",
    "BORDERWATCH_REFRESH_SECONDS",
    "BORDERWATCH_SESSION_HOURS",
    "BORDERWATCH_SESSION_SECRET",
    "BORDERWATCH_TRUST_FORWARDED_FOR",
    "STREAMLIT_SERVER_PORT",
)


def test_every_environment_setting_the_code_reads_is_in_the_list() -> None:
    code = (PROJECT_ROOT / "geo" / "settings.py").read_text(encoding="utf-8")
    read = set(re.findall(r'env\.get\("([A-Z_]+)"', code))
    assert read <= set(SETTINGS)


@pytest.mark.parametrize("setting", SETTINGS)
def test_readme_documents_each_setting(setting: str) -> None:
    assert f"`{setting}`" in README


def test_readme_quick_start_is_two_commands() -> None:
    assert "make run" in README and "make test" in README


def _deployment_section() -> str:
    return README.split("## Deployment\n", 1)[1].split("\n## ", 1)[0]


def test_the_deployment_section_says_which_streamlit_routes_the_proxy_must_block() -> None:
    from streamlit.web.server.starlette.starlette_routes import (
        BASE_ROUTE_UPLOAD_FILE,
        ROUTE_METRICS,
        ROUTE_SCRIPT_HEALTH,
    )

    section = _deployment_section()
    for route in (ROUTE_METRICS, ROUTE_SCRIPT_HEALTH, BASE_ROUTE_UPLOAD_FILE):
        assert f"`/{route}" in section, route


def test_the_readme_says_how_an_administrator_unlocks_an_account() -> None:
    assert "python -m geo unlock NAME" in README
