"""Only editors may park files in the server's memory: Streamlit's upload route, posted to by a real HTTP
client as an anonymous session, refuses the file and keeps nothing; an editor's session may upload."""

from __future__ import annotations

import http.cookiejar
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page, expect
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import ClientConnection, connect
from websockets.typing import Subprotocol

from geo.access.auth import hash_password
from geo.ingest.seed import open_store
from geo.settings import SEEDS_DIR
from tests.browser.harness import free_port, is_healthy, start_streamlit, wait_for_app, wait_healthy

PASSWORD = "correct horse battery staple"
MB = 1_000_000
REFUSED_UNREAD = "refused an upload before reading it"
REFUSED_STORED = "refused an upload from a session not signed in as an editor"
CLOSED = -1


@dataclass
class Client:
    """A script, not a browser: the XSRF cookie a page would get, and its own websocket session."""

    url: str
    xsrf: str
    socket: ClientConnection
    session_id: str
    cookie_header: str

    def put(self, size: int, name: str = "big.csv") -> int:
        """Post ``size`` bytes to the upload route as this session; the HTTP status."""
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                "Content-Type: text/csv\r\n\r\n"
            ).encode()
            + b"a" * size
            + f"\r\n--{boundary}--\r\n".encode()
        )
        request = urllib.request.Request(
            f"{self.url}/_stcore/upload_file/{self.session_id}/{uuid.uuid4()}",
            data=body,
            method="PUT",
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "X-Xsrftoken": self.xsrf,
                "Cookie": self.cookie_header,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return int(response.status)
        except urllib.error.HTTPError as error:
            return int(error.code)
        except (urllib.error.URLError, ConnectionError):
            return CLOSED  # the server answered and hung up before taking the whole body


@contextmanager
def anonymous_client(url: str) -> Iterator[Client]:
    """Fetch the page for its XSRF cookie, open the websocket a page would, and learn the session's id."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(f"{url}/_stcore/health", timeout=30).read()  # where a page gets its XSRF cookie
    cookies = {c.name: c.value for c in jar}
    xsrf = cookies["_streamlit_xsrf"]
    cookie_header = "; ".join(f"{k}={v}" for k, v in cookies.items())
    stream = url.replace("http://", "ws://") + "/_stcore/stream"
    with connect(
        stream,
        subprotocols=[Subprotocol("streamlit"), Subprotocol(xsrf)],
        additional_headers={"Cookie": cookie_header, "Origin": url},
        max_size=None,
    ) as socket:
        rerun = BackMsg()
        rerun.rerun_script.query_string = ""
        rerun.rerun_script.page_script_hash = ""
        socket.send(rerun.SerializeToString())
        session_id, finished = "", False
        while not finished:  # the page's first run done: what a viewer's open page is
            message = ForwardMsg()
            message.ParseFromString(socket.recv(timeout=120))
            kind = message.WhichOneof("type")
            if kind == "new_session":
                session_id = message.new_session.initialize.session_id
            finished = kind == "script_finished"
        yield Client(url, xsrf, socket, session_id, cookie_header)


def rss_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


def test_an_anonymous_session_cannot_park_uploads_in_server_memory(tmp_path: Path, page: Page) -> None:
    database = f"sqlite:///{tmp_path / 'borderwatch.db'}"
    open_store(database, seeds=SEEDS_DIR)[0].close()
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(f'[editors.passwords]\nalice = "{hash_password(PASSWORD)}"\n')
    log = tmp_path / "server.log"
    port = free_port()
    url = f"http://localhost:{port}"
    process = start_streamlit(database, port, extra_env={"STREAMLIT_SECRETS_FILES": str(secrets)}, log=log)
    try:
        wait_healthy(url, process)
        with anonymous_client(url) as client:
            before = rss_bytes(process.pid)
            statuses = [client.put(40 * MB) for _ in range(4)]
            grown = rss_bytes(process.pid) - before
            small = client.put(1000)  # small enough to be sent whole before the answer comes
        assert set(statuses) <= {400, CLOSED}, statuses
        assert small == 400
        assert log.read_text().count(REFUSED_UNREAD) == 5
        assert is_healthy(url)
        # 160 MB were sent; none of it may stay.
        assert grown < 80 * MB, f"the server grew by {grown / MB:.0f} MB"
        # An editor's session, through the Upload page, still uploads.
        page.goto(f"{url}/about")
        expect(page.get_by_text("Editor sign-in")).to_be_visible(timeout=30_000)
        wait_for_app(page)
        page.get_by_text("Editor sign-in").click()
        page.get_by_role("textbox", name="Name").fill("alice")
        page.get_by_role("textbox", name="Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_text("Signed in as alice (editor)")).to_be_visible(timeout=30_000)
        page.get_by_role("link", name="Upload").click()
        wait_for_app(page)
        upload = tmp_path / "zaranj.csv"
        upload.write_text(
            "crossing_id,date,claimant,controller,status,side,source,attribution,url,confidence,note\n"
            "zaranj,2021-09-20,iran,iran,sealed,IRN,IRNA,,,high,\n"
        )
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(upload))
        expect(page.get_by_role("button", name="Commit 1 reports as one batch")).to_be_visible(timeout=30_000)
        assert log.read_text().count(REFUSED_UNREAD) == 5
        assert REFUSED_STORED not in log.read_text()
    finally:
        process.terminate()
        process.wait(timeout=20)
