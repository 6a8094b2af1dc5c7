"""Browser fixtures: the real dashboard served by Streamlit, driven by Debian's Chromium.

Every request that is not to localhost is aborted and recorded; a test fails if any
was attempted, so the dashboard is proven to work with no internet.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Route, expect, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from geo.access.auth import hash_password
from tests.browser.harness import CHROMIUM, launch_chromium, streamlit_server

LOCAL_PREFIXES = ("http://localhost:", "http://127.0.0.1:", "ws://localhost:", "ws://127.0.0.1:", "data:", "blob:")

#: Generous: a step waits on a real server and browser, which a loaded CI machine slows down.
expect.set_options(timeout=15_000)


#: A browser test that timed out waiting for the page runs once more (pytest-rerunfailures), and the
#: run's summary lists it as rerun. Only a wait that ran out: on a loaded 2-core machine a page can
#: take longer than any fixed wait, while a wrong page fails the same way twice. Any other failure
#: is not rerun.
RERUN_ON = [PlaywrightTimeoutError]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder ``browser``, so ``-m "not browser"`` leaves them out."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.flaky(reruns=1, only_rerun=RERUN_ON))


#: The password of the one editor, alice, of :func:`editor_app`.
EDITOR_PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def editor_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard over a database of the test module's own, with one editor (alice) whose
    password hash is in a secrets file."""
    folder = tmp_path_factory.mktemp("editor")
    secrets = folder / "secrets.toml"
    secrets.write_text(f'[editors.passwords]\nalice = "{hash_password(EDITOR_PASSWORD)}"\n')
    env = {"STREAMLIT_SECRETS_FILES": str(secrets)}
    with streamlit_server(f"sqlite:///{folder / 'borderwatch.db'}", extra_env=env) as url:
        yield url


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard on a free port, over a fresh seeded SQLite database."""
    database = tmp_path_factory.mktemp("browser") / "borderwatch.db"
    with streamlit_server(f"sqlite:///{database}") as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make chromium` (apt-get install chromium)")
    with sync_playwright() as playwright:
        yield launch_chromium(playwright)


@dataclass
class Offline:
    """Requests to anywhere but localhost, each aborted."""

    attempted: list[str] = field(default_factory=list)

    def route(self, route: Route) -> None:
        url = route.request.url
        if url.startswith(LOCAL_PREFIXES):
            route.continue_()
        else:
            self.attempted.append(url)
            route.abort()


@pytest.fixture
def offline() -> Offline:
    return Offline()


@pytest.fixture
def page(browser: Browser, offline: Offline) -> Iterator[Page]:
    """A fresh browser context with the outside world blocked; fails the test on any outside request."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.route("**/*", offline.route)
    page = context.new_page()
    yield page
    context.close()
    assert offline.attempted == [], f"requests left localhost: {offline.attempted}"
