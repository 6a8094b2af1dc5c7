"""Editor sessions: signed, expiring tokens that every instance on one database accepts until sign-out."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from geo.access.sessions import (
    check_session,
    end_session,
    metadata,
    read_token,
    sign_token,
    signing_secret,
    start_session,
)
from geo.errors import SessionSecretError
from geo.ingest.seed import open_store
from geo.settings import load_settings
from geo.store.store import Store

pytestmark = pytest.mark.each_database

SECRET = "s" * 40
NOW = 1_700_000_000.0


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    store, _ = open_store(database_url)
    yield store
    store.close()


def test_a_token_reads_back_until_it_expires() -> None:
    token = sign_token("abc", int(NOW) + 60, SECRET)
    assert read_token(token, SECRET, now=NOW) == ("valid", "abc", int(NOW) + 60)
    assert read_token(token, SECRET, now=NOW + 60)[0] == "expired"


@pytest.mark.parametrize(
    "alter",
    [
        lambda t: t.replace("v1.abc.", "v1.abd."),  # another session's id
        lambda t: t.replace(f".{int(NOW) + 60}.", f".{int(NOW) + 6000}."),  # a later expiry
        lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),  # the signature
        lambda t: t.rsplit(".", 1)[0],  # no signature
        lambda t: "v2" + t[2:],
        lambda t: "",
        lambda t: "....",
        lambda t: t + ".x",
    ],
)
def test_an_altered_token_is_invalid(alter: object) -> None:
    token = sign_token("abc", int(NOW) + 60, SECRET)
    assert read_token(alter(token), SECRET, now=NOW)[0] == "invalid"  # type: ignore[operator]


def test_a_token_signed_with_another_secret_is_invalid() -> None:
    assert read_token(sign_token("abc", int(NOW) + 60, "t" * 40), SECRET, now=NOW)[0] == "invalid"


def test_a_session_grants_its_editor_until_it_ends(store: Store) -> None:
    token = start_session(store, "alice", secret=SECRET, lifetime_s=3600, now=NOW)
    assert check_session(store, token, secret=SECRET, now=NOW + 10).editor == "alice"
    end_session(store, token, secret=SECRET, now=NOW + 20)
    check = check_session(store, token, secret=SECRET, now=NOW + 30)
    assert (check.outcome, check.editor) == ("ended", None)


def test_a_session_expires(store: Store) -> None:
    token = start_session(store, "alice", secret=SECRET, lifetime_s=60, now=NOW)
    check = check_session(store, token, secret=SECRET, now=NOW + 60)
    assert (check.outcome, check.editor) == ("expired", None)


def test_a_well_signed_token_for_a_session_never_started_is_invalid(store: Store) -> None:
    forged = sign_token("never-started", int(NOW) + 60, SECRET)
    assert check_session(store, forged, secret=SECRET, now=NOW).outcome == "invalid"


def test_the_database_holds_only_a_hash_of_each_session_id(store: Store) -> None:
    token = start_session(store, "alice", secret=SECRET, lifetime_s=60, now=NOW)
    session_id = token.split(".")[1]
    with store.engine.connect() as conn:
        stored = [tuple(row) for row in conn.execute(sa.select(metadata.tables["editor_sessions"]))]
    assert len(stored) == 1 and session_id not in repr(stored)


def test_every_instance_on_one_database_shares_its_generated_secret(database_url: str, store: Store) -> None:
    other = Store.connect(database_url)
    try:
        secret = signing_secret(store)
        assert len(secret) >= 32 and signing_secret(other) == secret
        token = start_session(store, "alice", secret=secret, lifetime_s=60)
        assert check_session(other, token, secret=signing_secret(other)).editor == "alice"
    finally:
        other.close()


@pytest.mark.each_database("sqlite")
def test_each_database_generates_its_own_secret() -> None:
    first, _ = open_store("sqlite://")
    second, _ = open_store("sqlite://")
    assert signing_secret(first) != signing_secret(second)


def test_a_configured_secret_wins_and_a_short_one_is_refused(store: Store) -> None:
    assert signing_secret(store, "c" * 32) == "c" * 32
    with pytest.raises(SessionSecretError, match="at least 32 characters"):
        signing_secret(store, "too short")


def test_without_any_secret_sessions_are_refused(store: Store) -> None:
    with store.engine.begin() as conn:
        conn.execute(metadata.tables["app_secrets"].delete())
    with pytest.raises(SessionSecretError, match="BORDERWATCH_SESSION_SECRET"):
        signing_secret(store)


def test_the_migration_creates_the_session_tables_as_declared(store: Store) -> None:
    inspector = sa.inspect(store.engine)
    for table in metadata.sorted_tables:
        migrated = {c["name"]: c["nullable"] for c in inspector.get_columns(table.name)}
        assert migrated == {c.name: c.nullable for c in table.columns}, table.name


def test_session_settings_default_and_refuse_bad_values() -> None:
    assert load_settings({}).session_hours == 12 and load_settings({}).session_secret is None
    assert load_settings({"BORDERWATCH_SESSION_HOURS": "0.5"}).session_hours == 0.5
    with pytest.raises(ValueError, match="BORDERWATCH_SESSION_HOURS must be positive"):
        load_settings({"BORDERWATCH_SESSION_HOURS": "0"})
    with pytest.raises(ValueError, match="BORDERWATCH_SESSION_SECRET must be at least 32"):
        load_settings({"BORDERWATCH_SESSION_SECRET": "short"})
    assert "x" * 32 not in repr(load_settings({"BORDERWATCH_SESSION_SECRET": "x" * 32})), "kept out of logs"
