"""Editor sign-in: password hashes that are never plain text, and a brake on guessing.

Hashes are scrypt (in the standard library, memory-hard, so a stolen secrets file is
slow to attack), written ``scrypt$n$r$p$salt$hash`` with base64 parts. Failed sign-ins
double the wait before the next attempt is even checked; the counts live in the
database (:mod:`geo.access.throttle`), where no client and no cache clear can reset them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Protocol

_SCRYPT_N: Final = 2**14
_SCRYPT_R: Final = 8
_SCRYPT_P: Final = 1


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """A storable hash of ``password``, e.g. for ``.streamlit/secrets.toml``."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P, dklen=32)
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches ``stored``; a malformed or plain-text entry never matches."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest, validate=True)
        actual = hashlib.scrypt(
            password.encode(),
            salt=base64.b64decode(salt, validate=True),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


class Brake(Protocol):
    """Counts failed sign-ins and says how long the next attempt must wait (see :mod:`geo.access.throttle`)."""

    def wait_seconds(self, name: str) -> float: ...

    def failed(self, name: str) -> None: ...

    def succeeded(self, name: str) -> None: ...


@dataclass(frozen=True)
class SignInResult:
    """The outcome of one attempt: the editor's name, or why not."""

    editor: str | None
    message: str


def sign_in(name: str, password: str, editors: Mapping[str, str], throttle: Brake) -> SignInResult:
    """Check one attempt against the editors' hashes, respecting the throttle."""
    key = name.strip().casefold()
    wait = throttle.wait_seconds(key)
    if wait > 0:
        return SignInResult(None, f"Too many failed sign-ins; try again in {wait:.0f} s.")
    stored = {k.casefold(): (k, v) for k, v in editors.items()}.get(key)
    # Check a dummy hash for unknown names too, so timing does not tell which names exist.
    ok = verify_password(password, stored[1] if stored else _DUMMY_HASH)
    if ok and stored:
        throttle.succeeded(key)
        return SignInResult(stored[0], f"Signed in as {stored[0]}.")
    throttle.failed(key)
    return SignInResult(None, "Wrong name or password.")


_DUMMY_HASH: Final = hash_password("not a password", salt=b"\0" * 16)
