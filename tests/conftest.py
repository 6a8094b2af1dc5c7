"""Shared fixtures: a fresh temporary database for every test that needs one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from geo.atlas import Atlas
from geo.settings import SEEDS_DIR
from geo.store import Store, open_store

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """A SQLite file that exists only for this test."""
    return f"sqlite:///{tmp_path / 'borderwatch.db'}"


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    """A migrated, empty store."""
    store, _ = open_store(database_url)
    yield store
    store.close()


@pytest.fixture
def seeded_store(database_url: str) -> Iterator[Store]:
    """A store holding the curated seed dataset."""
    store, _ = open_store(database_url, seeds=SEEDS_DIR)
    yield store
    store.close()


@pytest.fixture
def seed_atlas(seeded_store: Store) -> Atlas:
    return Atlas.load(seeded_store)
