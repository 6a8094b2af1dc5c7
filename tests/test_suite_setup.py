"""How the suite itself runs: how hard property tests look, and which tiers a make target runs."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib

import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.settings import PROJECT_ROOT
from tests import postgres

TESTS = PROJECT_ROOT / "tests"


def test_no_test_fixes_its_own_example_count() -> None:
    # One home for how many examples: the profiles in conftest.py, so HYPOTHESIS_PROFILE reaches every test.
    fixed = [
        f"{path.relative_to(PROJECT_ROOT)}:{number}"
        for path in sorted(TESTS.rglob("*.py"))
        if path.name != "conftest.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"\bmax_examples\s*=", line)
    ]
    assert fixed == []


def _examples_in_profile(profile: str | None) -> int:
    """``max_examples`` as the suite's conftest sets it, in a fresh interpreter with HYPOTHESIS_PROFILE=profile."""
    env = {k: v for k, v in os.environ.items() if k != "HYPOTHESIS_PROFILE"}
    if profile is not None:
        env["HYPOTHESIS_PROFILE"] = profile
    code = "import tests.conftest; from hypothesis import settings; print(settings.default.max_examples)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return int(result.stdout)


def test_hypothesis_profile_chooses_a_few_examples_by_default_and_many_for_ci() -> None:
    default, dev, ci = _examples_in_profile(None), _examples_in_profile("dev"), _examples_in_profile("ci")
    assert default == dev
    assert dev < ci
    assert ci >= 300, "ci tries at least as many examples as the most any property test asked for"


_seen: list[bytes] = []


@given(st.binary(min_size=16, max_size=16))
def _record(data: bytes) -> None:
    _seen.append(data)


def test_a_property_test_tries_as_many_examples_as_the_loaded_profile_says() -> None:
    _seen.clear()
    _record()
    assert len(set(_seen)) == settings.default.max_examples


def _collected(*args: str) -> list[str]:
    """The node ids a plain ``pytest`` run collects (with ``args``), read from ``--collect-only``."""
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    return [line for line in result.stdout.splitlines() if "::" in line]


def test_a_plain_run_collects_geos_doctests_and_leaves_its_migrations_alone() -> None:
    collected = _collected()
    doctests = [node for node in collected if node.startswith("geo/")]
    assert doctests, "the examples in geo/'s docstrings are run"
    assert not [node for node in doctests if "migrations" in node]
    assert any(node.startswith("tests/") for node in collected)


def _pytest_line(target: str, *assignments: str) -> str:
    """The pytest command ``make TARGET`` would run (``make -n``: nothing is run)."""
    result = subprocess.run(
        ["make", "--no-print-directory", "-n", target, *assignments],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    (line,) = [line for line in result.stdout.splitlines() if " -m pytest" in line]
    return line


needs_make = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


@needs_make
def test_make_quick_runs_the_fast_tier_on_every_core_with_few_examples() -> None:
    line = _pytest_line("quick", "PYTEST_ARGS=-k probe -x")
    assert "HYPOTHESIS_PROFILE=dev " in line
    assert '-m "not browser and not postgres"' in line
    assert "-n auto" in line
    assert line.endswith("-k probe -x")


@needs_make
def test_make_test_runs_every_tier_with_the_ci_profile() -> None:
    line = _pytest_line("test", "PYTEST_ARGS=-k probe")
    assert "HYPOTHESIS_PROFILE=ci " in line
    assert " -m " not in line.split("-m pytest", 1)[1], "no tier is left out"
    assert line.endswith("-k probe")


@needs_make
def test_the_readme_lists_the_make_targets_that_exist() -> None:
    listed = set(re.findall(r"^make ([a-z-]+)", (PROJECT_ROOT / "README.md").read_text(encoding="utf-8"), re.M))
    result = subprocess.run(["make", "--no-print-directory", "help"], cwd=PROJECT_ROOT, capture_output=True, text=True)
    targets = {line.split()[0] for line in result.stdout.splitlines() if line.strip()}
    assert {"quick", "test", "unit"} <= listed
    assert listed <= targets


def test_every_marker_the_suite_declares_is_put_on_some_test() -> None:
    # A marker no test carries selects nothing: `-m "not slow"` would quietly run everything.
    config = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    declared = {line.split(":")[0] for line in config["tool"]["pytest"]["ini_options"]["markers"]}
    code = "\n".join(path.read_text(encoding="utf-8") for path in TESTS.rglob("*.py"))
    unused = {name for name in declared if not re.search(rf"\bmark\.{name}\b", code)}
    assert unused == set()


@pytest.mark.usefixtures("postgres_url")  # the server is there (else a skip), and the test is marked postgres
def test_test_databases_made_at_once_by_two_worker_processes_are_two() -> None:
    # pytest-xdist workers each count their databases from 0: the name must tell the processes apart.
    code = "from tests import postgres; print(postgres.create_database('same label'))"
    child = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60)
    assert child.returncode == 0, child.stderr
    theirs, mine = child.stdout.strip(), postgres.create_database("same label")
    try:
        assert sa.make_url(theirs).database != sa.make_url(mine).database
        for url in (theirs, mine):
            engine = sa.create_engine(url, poolclass=sa.NullPool)
            with engine.connect() as conn:
                assert conn.exec_driver_sql("select 1").scalar() == 1
            engine.dispose()
    finally:
        postgres.drop_database(theirs)
        postgres.drop_database(mine)
