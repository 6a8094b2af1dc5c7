"""The command line's shape: one table of commands, the writers' own formats, and no heavy import until one is run."""

from __future__ import annotations

import argparse
import subprocess
import sys

from geo import cli
from geo.formats import EXPORT_FORMATS, IMAGE_FORMATS
from geo.settings import PROJECT_ROOT

#: Libraries only render, export and html need: loading them costs seconds, and every other command waits for it.
HEAVY = ("matplotlib", "pyogrio", "folium", "fiona", "streamlit")


def _command(name: str) -> argparse.ArgumentParser:
    (commands,) = [a for a in cli.parser()._actions if isinstance(a, argparse._SubParsersAction)]
    parser: argparse.ArgumentParser = commands.choices[name]
    return parser


def test_the_parser_offers_exactly_the_commands_of_the_table_in_its_order() -> None:
    (commands,) = [a for a in cli.parser()._actions if isinstance(a, argparse._SubParsersAction)]
    assert list(commands.choices) == list(cli.COMMANDS)


def test_export_offers_the_formats_the_exporter_writes() -> None:
    (option,) = [a for a in _command("export")._actions if "--format" in a.option_strings]
    assert tuple(option.choices or ()) == EXPORT_FORMATS


def test_render_writes_to_a_name_of_each_image_format_and_refuses_any_other() -> None:
    (option,) = [a for a in _command("render")._actions if "--out" in a.option_strings]
    read = option.type
    assert callable(read)
    for kind in IMAGE_FORMATS:
        assert read(str(PROJECT_ROOT / f"map.{kind}")) == PROJECT_ROOT / f"map.{kind}"
    try:
        read(str(PROJECT_ROOT / "map.jpg"))
    except argparse.ArgumentTypeError as error:
        assert all(f".{kind}" in str(error) for kind in IMAGE_FORMATS)
    else:
        raise AssertionError("map.jpg was accepted")


def test_loading_the_command_line_and_its_help_imports_no_drawing_or_gdal_library() -> None:
    code = (
        "import sys, contextlib, io\n"
        "from geo.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['status', '--help'])\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120, check=True
    )
    assert result.stdout.strip() == "[]"
