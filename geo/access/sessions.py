"""Editor sessions that outlive a page: a signed, expiring token for a browser cookie.

A token is ``v1.<session id>.<expires>.<signature>``: the signature is an HMAC-SHA256
of the rest under the signing secret, so a token cannot be made or altered without
it, and ``expires`` (Unix seconds) cannot be pushed back. Each session is also a row
in the database, keyed by a hash of its id, so that every instance on one database
accepts it, a sign-out ends it everywhere, and a copy of the database (or a backup)
holds nothing that can be replayed as a cookie.

The secret is ``BORDERWATCH_SESSION_SECRET`` when set, else the one the schema
migration generated for this database (every instance on it shares it).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from typing import Final, Literal

import sqlalchemy as sa

from geo.errors import SessionSecretError
from geo.settings import MIN_SESSION_SECRET_LENGTH
from geo.store.store import Store

#: The cookie's name in the browser.
SESSION_COOKIE: Final = "borderwatch_session"
#: The name of the generated signing secret in :data:`app_secrets`.
SIGNING_SECRET_NAME: Final = "session-signing"
_VERSION: Final = "v1"

# Kept out of geo.store.schema's metadata on purpose: `geo copy` moves data tables, and sessions and
# secrets belong to one deployment (a copy starts with its own secret, and editors sign in again).
metadata = sa.MetaData()

#: Secrets the application generates for itself, created by migration 0003.
app_secrets = sa.Table(
    "app_secrets",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("value", sa.String(200), nullable=False),
    sa.Column("created_at", sa.BigInteger, nullable=False),
)

#: One row per editor session; times are Unix seconds.
editor_sessions = sa.Table(
    "editor_sessions",
    metadata,
    sa.Column("id_hash", sa.String(64), primary_key=True),
    sa.Column("editor", sa.String(200), nullable=False),
    sa.Column("created_at", sa.BigInteger, nullable=False),
    sa.Column("expires_at", sa.BigInteger, nullable=False),
    sa.Column("ended_at", sa.BigInteger),
)

Outcome = Literal["valid", "expired", "invalid", "ended"]


@dataclass(frozen=True)
class SessionCheck:
    """What a token from a browser is worth: an editor, or why not."""

    outcome: Outcome
    editor: str | None = None
    expires_at: int = 0


def new_secret() -> str:
    """A fresh random signing secret (64 characters)."""
    return secrets.token_urlsafe(48)


def signing_secret(store: Store, configured: str | None = None) -> str:
    """The secret to sign with: ``configured`` when given, else the database's generated one.

    Raises
    ------
    SessionSecretError
        When ``configured`` is too short, or none is configured and the database holds none.
    """
    if configured:
        if len(configured) < MIN_SESSION_SECRET_LENGTH:
            raise SessionSecretError(f"the session secret must be at least {MIN_SESSION_SECRET_LENGTH} characters")
        return configured
    query = sa.select(app_secrets.c.value).where(app_secrets.c.name == SIGNING_SECRET_NAME)
    with store.engine.connect() as conn:
        value = conn.execute(query).scalar_one_or_none()
    if not value or len(value) < MIN_SESSION_SECRET_LENGTH:
        raise SessionSecretError(
            "no session secret: set BORDERWATCH_SESSION_SECRET, or run `python -m geo init` to generate one"
        )
    return str(value)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _signature(secret: str, payload: str) -> str:
    return _b64(hmac.new(secret.encode(), payload.encode(), hashlib.sha256).digest())


def _id_hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def sign_token(session_id: str, expires_at: int, secret: str) -> str:
    """The cookie value for a session: its id and expiry, signed."""
    payload = f"{_VERSION}.{session_id}.{expires_at}"
    return f"{payload}.{_signature(secret, payload)}"


def read_token(token: str, secret: str, *, now: float) -> tuple[Outcome, str, int]:
    """Check a token's signature and expiry without the database: (outcome, session id, expiry)."""
    parts = token.split(".")
    if len(parts) != 4 or parts[0] != _VERSION or not parts[2].isdigit():
        return "invalid", "", 0
    payload = ".".join(parts[:3])
    if not hmac.compare_digest(parts[3], _signature(secret, payload)):
        return "invalid", "", 0
    expires_at = int(parts[2])
    return ("expired" if now >= expires_at else "valid"), parts[1], expires_at


def start_session(store: Store, editor: str, *, secret: str, lifetime_s: float, now: float | None = None) -> str:
    """Record a new session for ``editor`` and return its signed token; sessions long expired are dropped."""
    now = time.time() if now is None else now
    session_id = secrets.token_urlsafe(32)
    expires_at = int(now + lifetime_s)
    with store.engine.begin() as conn:
        # A day's grace, so a late cookie still reads as "expired" rather than "invalid".
        conn.execute(editor_sessions.delete().where(editor_sessions.c.expires_at < int(now) - 86_400))
        conn.execute(
            editor_sessions.insert().values(
                id_hash=_id_hash(session_id), editor=editor, created_at=int(now), expires_at=expires_at
            )
        )
    return sign_token(session_id, expires_at, secret)


def check_session(store: Store, token: str, *, secret: str, now: float | None = None) -> SessionCheck:
    """What ``token`` grants now: its editor while its session is signed, unexpired and not ended."""
    now = time.time() if now is None else now
    outcome, session_id, expires_at = read_token(token, secret, now=now)
    if outcome != "valid":
        return SessionCheck(outcome)
    query = sa.select(editor_sessions).where(editor_sessions.c.id_hash == _id_hash(session_id))
    with store.engine.connect() as conn:
        row = conn.execute(query).mappings().one_or_none()
    if row is None or int(row["expires_at"]) != expires_at:
        return SessionCheck("invalid")
    if row["ended_at"] is not None:
        return SessionCheck("ended")
    return SessionCheck("valid", str(row["editor"]), expires_at)


def end_session(store: Store, token: str, *, secret: str, now: float | None = None) -> None:
    """End the session behind ``token`` (a sign-out): no instance accepts it again."""
    now = time.time() if now is None else now
    outcome, session_id, _ = read_token(token, secret, now=now)
    if outcome == "invalid":
        return
    with store.engine.begin() as conn:
        conn.execute(
            editor_sessions.update()
            .where(editor_sessions.c.id_hash == _id_hash(session_id), editor_sessions.c.ended_at.is_(None))
            .values(ended_at=int(now))
        )
