"""What an anonymous client may not do to the server: clear its caches for every viewer."""

from __future__ import annotations

import time
from pathlib import Path

from playwright.sync_api import Page, expect
from streamlit.proto.BackMsg_pb2 import BackMsg
from websockets.sync.client import connect
from websockets.typing import Subprotocol

from geo.ingest.seed import open_store
from geo.settings import SEEDS_DIR
from tests.browser.harness import map_frame, streamlit_server, wait_for_app

LOADED = "loading the atlas at data version"


def send_clear_cache(url: str, times: int) -> None:
    """Open a websocket as a browser would, and ask the server to clear its caches ``times`` times."""
    message = BackMsg()
    message.clear_cache = True
    stream = url.replace("http://", "ws://") + "/_stcore/stream"
    with connect(stream, subprotocols=[Subprotocol("streamlit")]) as socket:
        for _ in range(times):
            socket.send(message.SerializeToString())
        time.sleep(0.5)  # the server handles each message on its own loop; leave it time before closing


def test_a_clients_clear_cache_message_leaves_the_servers_caches_alone(tmp_path: Path, page: Page) -> None:
    database = f"sqlite:///{tmp_path / 'borderwatch.db'}"
    open_store(database, seeds=SEEDS_DIR)[0].close()
    log = tmp_path / "server.log"
    with streamlit_server(database, log=log) as url:
        page.goto(f"{url}/?region=afghanistan-2021&date=2021-07-14")
        wait_for_app(page)
        map_frame(page)
        assert log.read_text().count(LOADED) == 1
        send_clear_cache(url, times=5)
        page.reload()
        wait_for_app(page)
        expect(map_frame(page).locator(".bw-asof")).to_have_text("As of 2021-07-14")
        server_log = log.read_text()
    assert server_log.count(LOADED) == 1, "the atlas was loaded again: a client cleared the server's caches"
    assert server_log.count("refused a client's request to clear the server's caches") == 5
