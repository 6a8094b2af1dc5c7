"""Shared fixtures: a fresh temporary database for every test that needs one.

A test module marked ``each_database`` runs each test that uses ``database_url`` (or
a store built on it) once on SQLite and once on PostgreSQL; ``each_database("sqlite")``
on one test narrows it to one database.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import settings

from geo.atlas import Atlas
from geo.ingest.seed import open_store
from geo.settings import SEEDS_DIR
from geo.store.store import Store
from tests import postgres

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DATABASES = ("sqlite", "postgresql")

# How hard the property tests look, one number for all of them: ``dev`` (the default, and
# ``make quick``) tries a few examples per test, for a quick answer while editing; ``ci``
# (``make test``) tries at least as many as any test once fixed for itself. HYPOTHESIS_PROFILE
# picks one. No deadline in either: an example's time depends on the database and on the load.
settings.register_profile("dev", max_examples=15, deadline=None)
settings.register_profile("ci", max_examples=300, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def examples(share: float, **options: Any) -> settings:
    """Settings for a property whose every example is costly (a database filled, files written and
    read back, the rule worked out day by day): ``share`` of the profile's examples, at least five.

    The profile still decides how hard every test looks; a costly property takes its share of
    it rather than a count of its own, so ``ci`` does not spend most of the suite on a few tests.
    """
    return settings(max_examples=max(5, round(settings.default.max_examples * share)), **options)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    marker = metafunc.definition.get_closest_marker("each_database")
    if marker is None or "database_url" not in metafunc.fixturenames:
        return
    kinds = marker.args or DATABASES
    params = [pytest.param(k, id=k, marks=[pytest.mark.postgres] if k == "postgresql" else []) for k in kinds]
    metafunc.parametrize("database_url", params, indirect=True)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark ``postgres`` every test that asks for a PostgreSQL database directly."""
    for item in items:
        if "postgres_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.postgres)


def _postgres_database(label: str) -> Iterator[str]:
    reason = postgres.unreachable_reason()
    if reason is not None:
        if postgres.required():
            pytest.fail(f"{postgres.REQUIRE_VARIABLE} is set but {reason}")
        pytest.skip(reason)
    with postgres.fresh_database(label) as url:
        yield url


@pytest.fixture
def postgres_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """An empty PostgreSQL database that exists only for this test."""
    yield from _postgres_database(request.node.name)


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database that exists only for this test: SQLite unless parametrized (see ``each_database``)."""
    if getattr(request, "param", "sqlite") == "postgresql":
        yield from _postgres_database(request.node.name)
    else:
        yield f"sqlite:///{tmp_path / 'borderwatch.db'}"


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    """A migrated, empty store."""
    store, _ = open_store(database_url)
    yield store
    store.close()


@pytest.fixture(scope="session")
def seeded_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file the seed dataset was loaded into once, through the same path as every seeding,
    for each test to take a copy of: loading the seeds costs about 0.3 s, copying the file 5 ms."""
    path = tmp_path_factory.mktemp("seeded") / "borderwatch.db"
    store, _ = open_store(f"sqlite:///{path}", seeds=SEEDS_DIR)
    store.close()
    return path


@pytest.fixture
def seeded_store(database_url: str, seeded_sqlite: Path) -> Iterator[Store]:
    """A store holding the curated seed dataset, in a database of this test's own: on SQLite a copy
    of one seeded once (opening it checks it holds the seeds, as any start does), elsewhere seeded anew."""
    url = sa.make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database:
        with sqlite3.connect(seeded_sqlite) as source, sqlite3.connect(url.database) as target:
            source.backup(target)
    store, _ = open_store(database_url, seeds=SEEDS_DIR)
    yield store
    store.close()


@pytest.fixture
def seed_atlas(seeded_store: Store) -> Atlas:
    return Atlas.load(seeded_store)
