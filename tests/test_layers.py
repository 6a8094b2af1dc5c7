"""The import contract in ``pyproject.toml`` places every module of ``geo/`` and catches a breach.

``make lint`` runs the contract on the tree (import-linter). These tests keep the contract itself
honest: a module import-linter cannot see unless it is named (a forbidden contract only checks the
modules it lists) must be named, and a planted import of each kind the contract forbids is caught.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from geo.settings import PROJECT_ROOT

GEO = PROJECT_ROOT / "geo"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
#: The one present module that may reach both libraries: the briefing's files are a static map
#: (matplotlib) and the standalone page, and the frame's headings (folium) are cut to size there.
DRAWS_BOTH = {"geo.present.downloads"}


def contracts() -> dict[str, dict[str, Any]]:
    config = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return {c["id"]: c for c in config["tool"]["importlinter"]["contracts"]}


def modules_in(package: Path, dotted: str) -> set[str]:
    """Dotted names of the modules directly in ``package`` (subpackages and ``__main__`` left out)."""
    return {f"{dotted}.{path.stem}" for path in package.glob("*.py") if path.stem not in ("__init__", "__main__")}


def test_every_core_module_is_barred_from_drawing() -> None:
    core = modules_in(GEO, "geo") - {"geo.export"}
    barred = set(contracts()["no-drawing-below-present"]["source_modules"])
    assert core - barred == set(), "add these core modules to source_modules in no-drawing-below-present"


def test_every_layer_below_present_is_barred_from_drawing() -> None:
    barred = set(contracts()["no-drawing-below-present"]["source_modules"])
    assert {"geo.store", "geo.ingest", "geo.access", "geo.export"} <= barred


def test_every_module_of_present_is_barred_from_folium_or_from_matplotlib() -> None:
    """A present module named in neither list could import both libraries, and only the downloads may."""
    both = contracts()
    no_folium = set(both["folium-in-leaflet-modules"]["source_modules"])
    no_matplotlib = set(both["matplotlib-in-static-map-modules"]["source_modules"])
    present = modules_in(GEO / "present", "geo.present")
    unbarred = present - (no_folium | no_matplotlib) - DRAWS_BOTH
    assert unbarred == set(), "name these in one of the two present contracts"


@pytest.fixture(scope="module")
def geo_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of geo/ and the contract, to plant imports in without touching the tree."""
    root = tmp_path_factory.mktemp("contract")
    shutil.copytree(GEO, root / "geo", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(PROJECT_ROOT / "pyproject.toml", root / "pyproject.toml")
    return root


def lint_imports(root: Path, contract: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", "--contract", contract],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("module", "line", "contract", "reported"),
    [
        ("model.py", "import matplotlib", "no-drawing-below-present", "geo.model is not allowed to import matplotlib"),
        ("dates.py", "import folium", "no-drawing-below-present", "geo.dates is not allowed to import folium"),
        ("store/bulk.py", "import streamlit", "no-drawing-below-present", "is not allowed to import streamlit"),
        ("dates.py", "import geo.store.schema", "layers", "geo.dates is not allowed to import geo.store"),
        ("filters.py", "import geo.present.labels", "layers", "geo.filters is not allowed to import geo.present"),
        ("store/schema.py", "import geo.ingest.decode", "layers", "geo.store is not allowed to import geo.ingest"),
        ("ingest/decode.py", "import geo.present.labels", "layers", "geo.ingest is not allowed to import geo.present"),
        ("export.py", "import geo.cli", "layers", "geo.export is not allowed to import geo.cli"),
        (
            "present/labels.py",
            "import folium",
            "folium-in-leaflet-modules",
            "geo.present.labels is not allowed to import folium",
        ),
        (
            "present/leaflet.py",
            "import matplotlib.pyplot",
            "matplotlib-in-static-map-modules",
            "geo.present.leaflet is not allowed to import matplotlib",
        ),
        ("unplaced.py", "", "layers", "geo.unplaced"),
    ],
)
def test_the_contract_catches_a_planted_import(
    geo_copy: Path, module: str, line: str, contract: str, reported: str
) -> None:
    target = geo_copy / "geo" / module
    before = target.read_text(encoding="utf-8") if target.exists() else None
    target.write_text((before or '"""A module no layer names."""\n') + f"\n{line}\n", encoding="utf-8")
    try:
        result = lint_imports(geo_copy, contract)
    finally:
        if before is None:
            target.unlink()
        else:
            target.write_text(before, encoding="utf-8")
    assert result.returncode == 1, result.stdout + result.stderr
    assert reported in result.stdout, result.stdout
