"""Alerts, and the webhook that tells another system about them: the standing alerts of a day, what a
write raises, and its delivery to a local receiver (a real HTTP server) retried within a bound,
never failing the write. The command line sends them after each write that changes public records."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from geo.alerts import standing_alerts
from geo.atlas import Atlas
from geo.ingest.seed import open_store
from geo.settings import SEEDS_DIR
from geo.webhook import ATTEMPTS, post_json
from tests.browser.harness import free_port
from tests.test_cli import geo


@dataclass
class Receiver:
    """A local HTTP server that answers each POST with the next status of ``answers`` (then 200)."""

    answers: list[int]
    received: list[dict[str, Any]] = field(default_factory=list)
    url: str = ""

    def handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append({"type": self.headers["Content-Type"], "body": json.loads(body)})
                status = receiver.answers.pop(0) if receiver.answers else 200
                self.send_response(status)
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler


@contextmanager
def receiving(*answers: int) -> Iterator[Receiver]:
    receiver = Receiver(list(answers))
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), receiver.handler())
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()


PAYLOAD = {"event": "alerts", "day": "2021-09-30", "alerts": []}


def test_a_delivery_that_fails_twice_is_tried_again_and_delivered_waiting_longer_each_time() -> None:
    waits: list[float] = []
    with receiving(500, 503) as receiver:
        delivery = post_json(receiver.url, PAYLOAD, sleep=waits.append)
    assert (delivery.delivered, delivery.attempts, delivery.status) == (True, 3, 200)
    assert [r["body"] for r in receiver.received] == [PAYLOAD] * 3
    assert receiver.received[0]["type"] == "application/json"
    assert waits == [0.5, 1.0]


def test_a_receiver_that_always_fails_is_tried_a_bounded_number_of_times() -> None:
    waits: list[float] = []
    with receiving(*[500] * 10) as receiver:
        delivery = post_json(receiver.url, PAYLOAD, sleep=waits.append)
    assert (delivery.delivered, delivery.attempts, delivery.status) == (False, ATTEMPTS, 500)
    assert len(receiver.received) == ATTEMPTS and len(waits) == ATTEMPTS - 1


def test_a_refusal_is_not_tried_again() -> None:
    with receiving(400) as receiver:
        delivery = post_json(receiver.url, PAYLOAD, sleep=lambda _: None)
    assert (delivery.delivered, delivery.attempts, delivery.status) == (False, 1, 400)


def test_a_receiver_that_is_not_there_is_an_outcome_not_an_exception() -> None:
    delivery = post_json(f"http://127.0.0.1:{free_port()}/hook", PAYLOAD, attempts=2, timeout=2, sleep=lambda _: None)
    assert (delivery.delivered, delivery.attempts, delivery.status) == (False, 2, None) and delivery.error


@pytest.fixture(scope="module")
def seed_atlas() -> Iterator[Atlas]:
    store, _ = open_store("sqlite://", seeds=SEEDS_DIR)
    yield Atlas.load(store)
    store.close()


def test_the_standing_alerts_of_a_day_are_its_contests_its_lapsing_authorisations_and_its_stale_crossings(
    seed_atlas: Atlas,
) -> None:
    seed_day = {(a.kind, a.crossing_id) for a in standing_alerts(seed_atlas, date(2021, 7, 14))}
    assert ("contested", "spin-boldak-chaman") in seed_day
    # Hairatan's last report before the seed day is the baseline of 1 May: stale by 14 July.
    assert ("stale", "hairatan") in seed_day and ("stale", "spin-boldak-chaman") not in seed_day
    # The Adré opening's extension ends on 2025-05-15.
    within_ten = standing_alerts(seed_atlas, date(2025, 5, 10), expiring_within=10)
    assert [a.crossing_id for a in within_ten if a.kind == "expiring"] == ["adre"]
    within_three = standing_alerts(seed_atlas, date(2025, 5, 10), expiring_within=3)
    assert [a for a in within_three if a.kind == "expiring"] == []


HEADER = "crossing_id,date,claimant,controller,status,side,source,attribution,url,confidence,note\n"


@contextmanager
def webhook_setting(url: str) -> Iterator[None]:
    os.environ["BORDERWATCH_WEBHOOK_URL"] = url
    try:
        yield
    finally:
        del os.environ["BORDERWATCH_WEBHOOK_URL"]


def test_an_import_that_seals_a_crossing_posts_the_change_to_the_webhook(database_url: str, tmp_path: Path) -> None:
    assert geo(database_url, "init").returncode == 0
    upload = tmp_path / "sealed.csv"
    upload.write_text(HEADER + "torkham,2025-07-10,pakistan,,sealed,PAK,Dawn,Khyber official,,high,\n")
    with receiving() as receiver, webhook_setting(receiver.url):
        result = geo(database_url, "import", str(upload), "--as", "editor")
    assert result.returncode == 0, result.stderr
    assert len(receiver.received) == 1
    body = receiver.received[0]["body"]
    assert body["event"] == "alerts" and body["day"] >= "2025-07-10"  # the data's last day
    changed = [a for a in body["alerts"] if a["kind"] == "changed"]
    assert [a["crossing_id"] for a in changed] == ["torkham"]
    assert "Pakistani side" in changed[0]["text"] and changed[0]["text"].endswith("to sealed")


def test_a_webhook_that_refuses_neither_fails_nor_undoes_the_import(database_url: str, tmp_path: Path) -> None:
    assert geo(database_url, "init").returncode == 0
    upload = tmp_path / "sealed.csv"
    upload.write_text(HEADER + "torkham,2025-07-10,pakistan,,sealed,PAK,Dawn,Khyber official,,high,\n")
    with receiving(403) as receiver, webhook_setting(receiver.url):
        result = geo(database_url, "import", str(upload), "--as", "editor")
    assert result.returncode == 0, result.stderr
    assert len(receiver.received) == 1
    history = geo(database_url, "history", "torkham", "--format", "json")
    assert "2025-07-10" in history.stdout


def test_a_write_that_changes_nothing_public_sends_nothing(database_url: str, tmp_path: Path) -> None:
    assert geo(database_url, "init").returncode == 0
    upload = tmp_path / "pending.csv"
    upload.write_text(HEADER + "torkham,2025-07-10,pakistan,,sealed,PAK,Dawn,Khyber official,,high,\n")
    with receiving() as receiver, webhook_setting(receiver.url):
        result = geo(database_url, "import", str(upload), "--as", "editor", "--pending")
    assert result.returncode == 0, result.stderr
    assert receiver.received == []
