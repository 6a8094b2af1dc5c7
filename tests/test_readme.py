"""The README documents every column and setting the code knows, and no others."""

from __future__ import annotations

import argparse
import io
import re
from contextlib import redirect_stdout

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
    "BORDERWATCH_REVIEW",
    "BORDERWATCH_API_ORIGINS",
    "BORDERWATCH_EMBED_ORIGINS",
    "BORDERWATCH_WEBHOOK_URL",
    "BORDERWATCH_ALERT_EXPIRY_DAYS",
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


def _layout_section() -> str:
    return README.split("### Layout\n", 1)[1].split("\n## ", 1)[0]


#: A path in backticks under one of the project's top folders, as the Layout section writes them.
_LAYOUT_PATH = re.compile(r"`((?:geo|dashboard|data|seeds|tests|benchmarks|scripts|docs)/[^`\s]*)`")


def _modules_to_map() -> set[str]:
    """Every module of geo/ and dashboard/ a newcomer may look for (package markers and migrations left out)."""
    found = set()
    for top in ("geo", "dashboard"):
        for path in (PROJECT_ROOT / top).rglob("*.py"):
            relative = path.relative_to(PROJECT_ROOT)
            if path.name not in ("__init__.py", "__main__.py") and "migrations" not in relative.parts:
                found.add(relative.as_posix())
    return found


def test_every_path_the_layout_section_names_exists() -> None:
    named = _LAYOUT_PATH.findall(_layout_section())
    assert named, "the Layout section names no paths"
    assert [p for p in named if not (PROJECT_ROOT / p).exists()] == []


def test_the_layout_section_places_every_module() -> None:
    named = set(_LAYOUT_PATH.findall(_layout_section()))
    assert sorted(_modules_to_map() - named) == []


def _command_line_section() -> str:
    return README.split("## Command line\n", 1)[1].split("\n## ", 1)[0]


def _documented_commands() -> dict[str, str]:
    """Each command the Command line section's examples run, with every example line (comments included) for it."""
    lines: dict[str, str] = {}
    for line in _command_line_section().splitlines():
        match = re.search(r"python -m geo ([a-z][a-z-]*)", line)
        if match:
            lines[match.group(1)] = lines.get(match.group(1), "") + line + "\n"
    return lines


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    from geo.cli import parser

    (commands,) = [a for a in parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(commands.choices)


def _options(command: argparse.ArgumentParser) -> list[argparse.Action]:
    return [a for a in command._actions if a.option_strings and not isinstance(a, argparse._HelpAction)]


def test_readme_lists_every_command_and_no_other() -> None:
    assert sorted(_documented_commands()) == sorted(_subcommands())


def test_readme_shows_every_option_of_each_command_and_its_choices() -> None:
    documented = _documented_commands()
    missing = []
    for name, command in _subcommands().items():
        for option in _options(command):
            shown = [option.option_strings[-1], *(option.choices or ())]
            missing += [f"{name} {word}" for word in shown if word not in documented.get(name, "")]
    assert missing == []


def test_every_command_has_help_and_its_help_runs() -> None:
    from geo.cli import COMMANDS, main

    for name, command in COMMANDS.items():
        assert command.help.strip(), name
        out = io.StringIO()
        with redirect_stdout(out):
            assert main([name, "--help"]) == 0
        assert out.getvalue().startswith(f"usage: python -m geo {name}"), name


def _api_section() -> str:
    return README.split("## Open data API", 1)[1].split("\n## ", 1)[0]


def test_the_api_section_shows_every_route_the_description_lists_and_no_other() -> None:
    from dashboard import api_routes, feed_routes
    from geo.open_data_spec import openapi

    described = set(openapi()["paths"])
    assert {route.path for route in [*api_routes.ROUTES, *feed_routes.ROUTES]} == described
    shown = set(re.findall(r"localhost:8501(/(?:api/v1|feeds)/[^?' ]*)", _api_section()))
    as_routes = {re.sub(r"/crossings/[^/]+", "/crossings/{crossing_id}", path) for path in shown}
    assert as_routes == described
