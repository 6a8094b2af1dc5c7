"""Telling another system what a write raised: the alerts POSTed as JSON to ``BORDERWATCH_WEBHOOK_URL``.

Sent after the write, on a thread of its own, so a slow or failing receiver never holds up, or undoes,
what was written. A failure that may pass (no answer, a timeout, a 5xx, a 429) is tried again a
bounded number of times, waiting longer each time; a refusal (any other 4xx) is not. Every outcome is
logged; nothing is raised.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from geo.alerts import Alert, new_alerts
from geo.atlas import Atlas

log = logging.getLogger("borderwatch.webhook")

#: How many times one delivery is tried in all, how long each try may take, and the first wait
#: between two tries (doubled after each).
ATTEMPTS: Final = 4
TIMEOUT_SECONDS: Final = 5.0
FIRST_WAIT_SECONDS: Final = 0.5


@dataclass(frozen=True)
class Delivery:
    """How one delivery went: whether the receiver took it, after how many tries, its last answer."""

    delivered: bool
    attempts: int
    status: int | None
    error: str = ""


def _retry(status: int | None) -> bool:
    return status is None or status >= 500 or status == 429


def post_json(
    url: str,
    payload: dict[str, Any],
    *,
    attempts: int = ATTEMPTS,
    timeout: float = TIMEOUT_SECONDS,
    first_wait: float = FIRST_WAIT_SECONDS,
    sleep: Callable[[float], None] = time.sleep,
) -> Delivery:
    """POST ``payload`` to ``url``, tried up to ``attempts`` times while the failure may pass."""
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    status: int | None = None
    error = ""
    for attempt in range(1, attempts + 1):
        request = urllib.request.Request(
            url, data=body, method="POST", headers={"Content-Type": "application/json", "User-Agent": "Borderwatch"}
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:
                status, error = int(answer.status), ""
        except urllib.error.HTTPError as refused:
            status, error = refused.code, str(refused.reason)
        except (urllib.error.URLError, OSError) as failed:
            status, error = None, str(getattr(failed, "reason", failed))
        if status is not None and 200 <= status < 300:
            log.info("webhook delivered to %s after %d attempt(s)", url, attempt)
            return Delivery(True, attempt, status)
        if not _retry(status) or attempt == attempts:
            log.warning("webhook not delivered to %s after %d attempt(s): %s %s", url, attempt, status, error)
            return Delivery(False, attempt, status, error)
        sleep(first_wait * 2 ** (attempt - 1))
    return Delivery(False, attempts, status, error)


def alert_payload(alerts: Sequence[Alert], day: date) -> dict[str, Any]:
    """The JSON a receiver gets: the day the alerts hold on, and each alert."""
    return {"event": "alerts", "day": day.isoformat(), "alerts": [alert.as_json() for alert in alerts]}


def send_alerts(
    url: str | None, before: Atlas, after: Atlas, *, expiring_within: int, post: Callable[..., Delivery] = post_json
) -> threading.Thread | None:
    """On a thread of its own (returned, so a caller about to exit can wait for it): work out what the
    write from ``before`` to ``after`` raised, as of the data's last day, and post it to ``url``, if
    anything. None when there is no webhook."""
    if not url:
        return None

    def deliver() -> None:
        try:
            span = after.report_span()
            alerts = new_alerts(before, after, span[1], expiring_within=expiring_within) if span else []
        except Exception:  # the write is done: a fault here must not reach it, only the log
            log.exception("alerts after a write could not be worked out")
            return
        if alerts and span:
            post(url, alert_payload(alerts, span[1]))

    thread = threading.Thread(target=deliver, name="borderwatch-webhook", daemon=True)
    thread.start()
    return thread


#: The longest a delivery can take, every try and wait included: how long a command waits for it.
LONGEST_DELIVERY_SECONDS: Final = ATTEMPTS * TIMEOUT_SECONDS + FIRST_WAIT_SECONDS * (2 ** (ATTEMPTS - 1) - 1)
