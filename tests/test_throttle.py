"""The sign-in throttle lives in the database: it survives a new store or process, every store on one
database sees it, a failing source cannot lock an editor out for others, and an administrator unlocks."""

from __future__ import annotations

import subprocess
import sys

import pytest
import sqlalchemy as sa

from geo.access.auth import hash_password, sign_in
from geo.access.throttle import (
    FORGET_AFTER_S,
    MAX_WAIT_S,
    NAME_MAX_WAIT_S,
    UNKNOWN_SOURCE,
    Throttle,
    client_address,
    sign_in_failures,
)
from geo.cli import main
from geo.ingest.seed import open_store
from geo.settings import PROJECT_ROOT

pytestmark = pytest.mark.each_database

PASSWORD = "correct horse battery staple"
EDITORS = {"alice": hash_password(PASSWORD, salt=b"0123456789abcdef")}
ATTACKER = "203.0.113.9"
EDITOR_DESK = "198.51.100.4"


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


def test_failures_outlive_the_store_that_counted_them(database_url: str) -> None:
    clock = Clock()
    first, _ = open_store(database_url)
    for _ in range(4):
        Throttle(first, ATTACKER, clock=clock).failed("alice")
    first.close()
    again, _ = open_store(database_url)
    refused = sign_in("alice", PASSWORD, EDITORS, Throttle(again, ATTACKER, clock=clock))
    assert refused.editor is None and "try again in 8 s" in refused.message
    again.close()


def test_another_process_on_the_database_sees_the_failures(database_url: str) -> None:
    store, _ = open_store(database_url)
    # A real second process (a second app instance), with the real clock.
    code = (
        "import sys; from geo.ingest.seed import open_store; from geo.access.throttle import Throttle\n"
        "store, _ = open_store(sys.argv[1]); t = Throttle(store, sys.argv[2])\n"
        "for _ in range(5): t.failed('alice')\n"
    )
    subprocess.run([sys.executable, "-c", code, database_url, ATTACKER], check=True, cwd=PROJECT_ROOT)
    assert Throttle(store, ATTACKER).wait_seconds("alice") > 0
    assert "Too many failed sign-ins" in sign_in("alice", PASSWORD, EDITORS, Throttle(store, ATTACKER)).message
    store.close()


def test_two_stores_on_one_database_share_one_throttle(database_url: str) -> None:
    clock = Clock()
    one, _ = open_store(database_url)
    two, _ = open_store(database_url)
    for store in (one, two, one, two):
        Throttle(store, ATTACKER, clock=clock).failed("alice")
    assert Throttle(one, ATTACKER, clock=clock).wait_seconds("alice") == 8.0
    assert Throttle(two, ATTACKER, clock=clock).wait_seconds("alice") == 8.0
    Throttle(two, ATTACKER, clock=clock).succeeded("alice")
    assert Throttle(one, ATTACKER, clock=clock).wait_seconds("alice") == 0.0
    one.close()
    two.close()


def test_a_failing_source_slows_itself_but_locks_the_name_out_for_others_only_briefly(database_url: str) -> None:
    clock = Clock()
    store, _ = open_store(database_url)
    attacker = Throttle(store, ATTACKER, clock=clock)
    editor = Throttle(store, EDITOR_DESK, clock=clock)
    for _ in range(60):
        attacker.failed("alice")
    assert attacker.wait_seconds("alice") == MAX_WAIT_S
    # Other names are braked for the attacker too: the wait is per source.
    assert attacker.wait_seconds("bob") == MAX_WAIT_S
    assert editor.wait_seconds("alice") == NAME_MAX_WAIT_S
    clock.now += NAME_MAX_WAIT_S
    assert sign_in("alice", PASSWORD, EDITORS, editor).editor == "alice"
    store.close()


def test_failures_from_many_sources_still_brake_one_name(database_url: str) -> None:
    clock = Clock()
    store, _ = open_store(database_url)
    for n in range(20):
        Throttle(store, f"203.0.113.{n}", clock=clock).failed("alice")
    assert Throttle(store, "203.0.113.200", clock=clock).wait_seconds("alice") == NAME_MAX_WAIT_S
    store.close()


def test_failures_a_day_old_are_forgotten(database_url: str) -> None:
    clock = Clock()
    store, _ = open_store(database_url)
    for n in range(30):
        Throttle(store, f"203.0.113.{n}", clock=clock).failed(f"name-{n}")
    clock.now += FORGET_AFTER_S + 1
    Throttle(store, EDITOR_DESK, clock=clock).failed("alice")
    with store.engine.connect() as conn:
        keys = set(conn.execute(sa.select(sign_in_failures.c.key)).scalars())
    assert keys == {"name:alice", f"source:{EDITOR_DESK}"}
    store.close()


def test_an_administrator_unlocks_a_name_from_the_command_line(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    store, _ = open_store(database_url)
    for _ in range(6):
        Throttle(store, ATTACKER).failed("Alice")
    assert Throttle(store, EDITOR_DESK).wait_seconds("alice") > 0
    assert main(["unlock", "ALICE"]) == 0
    assert "6 failed sign-ins" in capsys.readouterr().out
    assert Throttle(store, EDITOR_DESK).wait_seconds("alice") == 0.0
    assert main(["unlock", "alice"]) == 0
    assert "no failed sign-ins" in capsys.readouterr().out
    store.close()


@pytest.mark.parametrize(
    ("peer", "forwarded", "trust", "expected"),
    [
        ("192.0.2.1", None, False, "192.0.2.1"),
        ("192.0.2.1", "203.0.113.5", False, "192.0.2.1"),  # not trusted: a client could forge it
        ("10.0.0.2", "1.2.3.4, 203.0.113.5", True, "203.0.113.5"),  # the entry our proxy appended
        ("10.0.0.2", "not an address", True, "10.0.0.2"),
        (None, None, False, UNKNOWN_SOURCE),
        ("<script>", None, False, UNKNOWN_SOURCE),
        ("2001:db8::1", None, False, "2001:db8::1"),
    ],
)
def test_the_client_address(peer: str | None, forwarded: str | None, trust: bool, expected: str) -> None:
    assert client_address(peer, forwarded, trust_forwarded_for=trust) == expected
