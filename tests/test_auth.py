"""Editor passwords: scrypt hashes only, constant answers for unknown names, and a brake on guessing."""

from __future__ import annotations

import pytest

from geo.access.auth import hash_password, sign_in, verify_password
from geo.access.throttle import MAX_WAIT_S, Throttle
from geo.store.store import Store

EDITORS = {"Alice": hash_password("correct horse battery staple", salt=b"0123456789abcdef")}


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_hash_verifies_its_password_and_nothing_else() -> None:
    stored = hash_password("a long passphrase")
    assert stored.startswith("scrypt$") and "a long passphrase" not in stored
    assert verify_password("a long passphrase", stored)
    assert not verify_password("a long passphrase ", stored)


def test_the_same_password_hashes_differently_each_time() -> None:
    assert hash_password("a long passphrase") != hash_password("a long passphrase")


@pytest.mark.parametrize(
    "stored",
    ["correct horse battery staple", "", "scrypt$1$2", "md5$x$y$z$a$b", "scrypt$16384$8$1$!!!$???"],
)
def test_plain_text_or_malformed_entries_never_match(stored: str) -> None:
    assert not verify_password("correct horse battery staple", stored)


@pytest.mark.parametrize(
    ("name", "password", "editor", "message"),
    [
        ("alice", "correct horse battery staple", "Alice", "Signed in as Alice."),
        ("  ALICE ", "correct horse battery staple", "Alice", "Signed in as Alice."),
        ("alice", "wrong", None, "Wrong name or password."),
        ("mallory", "correct horse battery staple", None, "Wrong name or password."),
    ],
)
def test_sign_in_outcomes(store: Store, name: str, password: str, editor: str | None, message: str) -> None:
    result = sign_in(name, password, EDITORS, Throttle(store))
    assert (result.editor, result.message) == (editor, message)


def test_each_failure_after_the_first_two_doubles_the_wait_and_success_clears_it(store: Store) -> None:
    clock = Clock()
    throttle = Throttle(store, "192.0.2.7", clock=clock)
    waits = []
    for _ in range(5):
        throttle.failed("alice")
        waits.append(throttle.wait_seconds("alice"))
    assert waits == [0.0, 2.0, 4.0, 8.0, 16.0]
    refused = sign_in("alice", "correct horse battery staple", EDITORS, throttle)
    assert refused.editor is None and "try again in 16 s" in refused.message
    clock.now += 16
    assert sign_in("alice", "correct horse battery staple", EDITORS, throttle).editor == "Alice"
    assert throttle.wait_seconds("alice") == 0.0


def test_an_attempt_while_waiting_is_not_checked_and_not_counted(store: Store) -> None:
    clock = Clock()
    throttle = Throttle(store, "192.0.2.7", clock=clock)
    for _ in range(3):
        sign_in("alice", "wrong", EDITORS, throttle)
    assert throttle.wait_seconds("alice") == 2.0
    for _ in range(10):
        assert "Too many failed sign-ins" in sign_in("alice", "wrong", EDITORS, throttle).message
    clock.now += 2
    assert throttle.wait_seconds("alice") == 0.0


def test_the_wait_is_capped(store: Store) -> None:
    clock = Clock()
    throttle = Throttle(store, "192.0.2.7", clock=clock)
    for _ in range(40):
        throttle.failed("bob")
    assert throttle.wait_seconds("bob") == MAX_WAIT_S
