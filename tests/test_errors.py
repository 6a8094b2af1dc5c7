"""Every error lives in geo/errors.py with its exit status, and ``python -m geo`` ends with that status."""

from __future__ import annotations

import ast
import inspect
from contextlib import redirect_stderr
from io import StringIO

import pytest

import geo.errors
from geo import cli
from geo.cli.command import Command
from geo.dates import read_day
from geo.errors import (
    AmbiguousDateError,
    BorderwatchError,
    ConflictError,
    CopyError,
    ExportError,
    MappingError,
    StoreFaultError,
    UnknownBatchError,
    UnknownCrossingError,
    UnknownProfileError,
    ValidationError,
    ViewError,
)
from geo.settings import PROJECT_ROOT

ERRORS = sorted(
    (c for _, c in inspect.getmembers(geo.errors, inspect.isclass) if issubclass(c, BaseException)),
    key=lambda c: c.__name__,
)


def _exception_classes_defined_in(path: str, tree: ast.Module) -> list[str]:
    """Classes in ``tree`` whose bases are named like an exception (``...Error``, ``Exception``)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            bases = [ast.unparse(b).rsplit(".", 1)[-1] for b in node.bases]
            if any(b.endswith(("Error", "Exception")) for b in bases):
                found.append(f"{path}:{node.lineno} {node.name}")
    return found


def test_every_error_the_library_defines_is_defined_in_geo_errors() -> None:
    elsewhere = []
    for path in sorted((PROJECT_ROOT / "geo").rglob("*.py")):
        if path.name == "errors.py" and path.parent.name == "geo":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        elsewhere += _exception_classes_defined_in(str(path.relative_to(PROJECT_ROOT)), tree)
    assert elsewhere == []


def test_every_module_imports_the_errors_from_geo_errors_itself() -> None:
    """No module passes an error on: a caller that imports one from elsewhere leans on a re-export."""
    names = {c.__name__ for c in ERRORS}
    elsewhere = []
    for top in ("geo", "dashboard", "tests", "benchmarks"):
        for path in sorted((PROJECT_ROOT / top).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and node.module != "geo.errors":
                    where = f"{path.relative_to(PROJECT_ROOT)}:{node.lineno} from {node.module}"
                    elsewhere += [f"{where} {a.name}" for a in node.names if a.name in names]
    assert elsewhere == []


@pytest.mark.parametrize("error", ERRORS, ids=lambda c: c.__name__)
def test_every_error_is_a_borderwatch_error_with_an_exit_status(error: type[BaseException]) -> None:
    assert issubclass(error, BorderwatchError)
    assert error.exit_code in (1, 2)


def test_an_ambiguous_date_is_a_borderwatch_error_and_still_a_value_error() -> None:
    with pytest.raises(ValueError, match="2021-07-03 if day first, 2021-03-07 if month first"):
        read_day("03/07/2021")
    assert issubclass(AmbiguousDateError, BorderwatchError)


@pytest.mark.parametrize(
    ("error", "status"),
    [
        # The user's argument or the operator's database to fix: 2.
        (UnknownCrossingError, 2),
        (UnknownBatchError, 2),
        (UnknownProfileError, 2),
        (MappingError, 2),
        (ViewError, 2),
        (ExportError, 2),
        (StoreFaultError, 2),
        # The data, or a write refused because of it: 1.
        (ValidationError, 1),
        (ConflictError, 1),
        (CopyError, 1),
        (BorderwatchError, 1),
    ],
    ids=lambda value: value.__name__ if isinstance(value, type) else str(value),
)
def test_each_kind_of_error_has_the_documented_exit_status(error: type[BorderwatchError], status: int) -> None:
    assert error.exit_code == status


def _instance(error: type[BorderwatchError], message: str) -> BorderwatchError:
    """``error`` with ``message``, whatever its constructor asks for."""
    made = error.__new__(error)
    Exception.__init__(made, message)
    return made


def _main_raising(monkeypatch: pytest.MonkeyPatch, raised: BaseException) -> tuple[int, str]:
    """The status and stderr of ``python -m geo status`` when the command raises ``raised``."""

    def fail(*_: object) -> int:
        raise raised

    monkeypatch.setitem(cli.COMMANDS, "status", Command("fails", fail, cli.COMMANDS["status"].arguments))
    stderr = StringIO()
    with redirect_stderr(stderr):
        status = cli.main(["status", "--date", "2021-07-14"])
    return status, stderr.getvalue()


@pytest.mark.parametrize("error", [e for e in ERRORS if issubclass(e, BorderwatchError)], ids=lambda c: c.__name__)
def test_main_ends_every_library_error_with_one_line_and_its_exit_status(
    monkeypatch: pytest.MonkeyPatch, error: type[BorderwatchError]
) -> None:
    status, stderr = _main_raising(monkeypatch, _instance(error, "what was wrong"))
    assert (status, stderr) == (error.exit_code, "error: what was wrong\n")


def test_main_takes_the_exit_status_from_the_error_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    class RareError(ConflictError):
        exit_code = 7

    status, stderr = _main_raising(monkeypatch, RareError("a rare refusal"))
    assert (status, stderr) == (7, "error: a rare refusal\n")
