"""The brake on guessing editors' passwords, kept in the database.

Failed sign-ins are rows of ``sign_in_failures`` (migration 0004), so no cache clear,
restart or client message resets them, and every app instance on one PostgreSQL
database brakes the same guesses. Two counts apply to each attempt:

* per **source** (the client's address): after :data:`FREE_FAILURES` failures each one
  doubles that source's wait, up to :data:`MAX_WAIT_S`, whichever name it tries;
* per **name**, over all sources: the same doubling, but capped at :data:`NAME_MAX_WAIT_S`,
  so one failing source (itself slowed to a try every five minutes) keeps an editor
  signing in from elsewhere waiting at most that long after each of its tries.

An administrator forgets a name's failures with ``python -m geo unlock NAME``; failures
a day old are forgotten by themselves.
Times are Unix seconds (wall clock), the same on every instance.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from geo.access.sessions import metadata
from geo.store.store import Store

#: The first failures cost little (a typo); after that each one doubles the wait.
FREE_FAILURES: Final = 2
#: Longest wait one source can earn: about one guess every five minutes.
MAX_WAIT_S: Final = 300.0
#: Longest wait failures from elsewhere can put on a name, so a stranger cannot lock an editor out.
NAME_MAX_WAIT_S: Final = 30.0
#: Failures this long past are forgotten (and their rows dropped), so names tried once do not pile up.
FORGET_AFTER_S: Final = 86_400.0
#: The source of an attempt without an address: from this machine (Streamlit hides loopback
#: addresses; a proxy here must send X-Forwarded-For, see the README) or with no browser at all.
UNKNOWN_SOURCE: Final = "local"
_KEY_LENGTH: Final = 300

#: One row per name or source that has failed since its last success; times are Unix seconds.
sign_in_failures = sa.Table(
    "sign_in_failures",
    metadata,
    sa.Column("key", sa.String(_KEY_LENGTH), primary_key=True),
    sa.Column("failures", sa.Integer, nullable=False),
    sa.Column("last_failed_at", sa.Float, nullable=False),
)


def name_key(name: str) -> str:
    """The row for an editor's name, as typed in the form (trimmed, case folded)."""
    return "name:" + name.strip().casefold()[: _KEY_LENGTH - 5]


def source_key(source: str) -> str:
    """The row for a client address."""
    return "source:" + source[: _KEY_LENGTH - 7]


def wait_for(failures: int, last_failed_at: float, now: float, cap: float) -> float:
    """Seconds still to wait after ``failures`` failures, the last at ``last_failed_at`` (0: may try now)."""
    if failures < FREE_FAILURES:
        return 0.0
    wait = min(2.0 ** (failures - FREE_FAILURES + 1), cap)
    return max(0.0, last_failed_at + wait - now)


def client_address(peer: str | None, forwarded_for: str | None, *, trust_forwarded_for: bool) -> str:
    """The address an attempt comes from.

    ``forwarded_for`` (the X-Forwarded-For header) counts only when the deployment says
    a proxy of its own sets it (``BORDERWATCH_TRUST_FORWARDED_FOR``): then its last entry,
    the one that proxy appended, is the client. Anything else a client could forge.
    """
    if trust_forwarded_for and forwarded_for:
        last = forwarded_for.split(",")[-1].strip()
        if _is_address(last):
            return last
    return peer if peer and _is_address(peer) else UNKNOWN_SOURCE


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _failures(store: Store, keys: list[str]) -> dict[str, tuple[int, float]]:
    query = sa.select(sign_in_failures).where(sign_in_failures.c.key.in_(keys))
    with store.engine.connect() as conn:
        return {str(r.key): (int(r.failures), float(r.last_failed_at)) for r in conn.execute(query)}


def _upsert(engine: sa.Engine) -> Callable[..., sa.Insert]:
    return postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert


@dataclass(frozen=True)
class Throttle:
    """Failed sign-ins from one ``source``, over the database every instance shares."""

    store: Store
    source: str = UNKNOWN_SOURCE
    clock: Callable[[], float] = time.time

    def wait_seconds(self, name: str) -> float:
        """How long an attempt at ``name`` from this source must wait before it is checked (0: now)."""
        now = self.clock()
        rows = _failures(self.store, [name_key(name), source_key(self.source)])
        by_name = rows.get(name_key(name), (0, 0.0))
        by_source = rows.get(source_key(self.source), (0, 0.0))
        return max(wait_for(*by_name, now, NAME_MAX_WAIT_S), wait_for(*by_source, now, MAX_WAIT_S))

    def failed(self, name: str) -> None:
        """Count one failure against ``name`` and against this source (atomically, whichever instance)."""
        now = self.clock()
        insert = _upsert(self.store.engine)
        with self.store.engine.begin() as conn:
            conn.execute(sign_in_failures.delete().where(sign_in_failures.c.last_failed_at < now - FORGET_AFTER_S))
            for key in (name_key(name), source_key(self.source)):
                statement = insert(sign_in_failures).values(key=key, failures=1, last_failed_at=now)
                conn.execute(
                    statement.on_conflict_do_update(  # type: ignore[attr-defined]
                        index_elements=[sign_in_failures.c.key],
                        set_={"failures": sign_in_failures.c.failures + 1, "last_failed_at": now},
                    )
                )

    def succeeded(self, name: str) -> None:
        """Forget the failures of ``name`` and of this source: the right password was given."""
        forget(self.store, [name_key(name), source_key(self.source)])


def forget(store: Store, keys: list[str]) -> int:
    """Delete the failures counted under ``keys``; how many failures were forgotten."""
    with store.engine.begin() as conn:
        counted = conn.execute(
            sa.select(sa.func.coalesce(sa.func.sum(sign_in_failures.c.failures), 0)).where(
                sign_in_failures.c.key.in_(keys)
            )
        ).scalar_one()
        conn.execute(sign_in_failures.delete().where(sign_in_failures.c.key.in_(keys)))
    return int(counted)


def unlock(store: Store, name: str, source: str | None = None) -> int:
    """An administrator's unlock: forget the failed sign-ins of ``name`` (and of ``source`` when given)."""
    return forget(store, [name_key(name)] + ([source_key(source)] if source else []))
