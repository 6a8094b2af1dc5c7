"""Two real dashboard instances over one PostgreSQL database: a write through one path shows on both in
time, on the pages and in the API, whose polling clients then get the new answer, not a 304."""

from __future__ import annotations

import re
import time
from pathlib import Path

from playwright.sync_api import Page

from tests.browser.harness import streamlit_server, wait_for_app
from tests.browser.test_api_routes import ask
from tests.test_cli import geo
from tests.test_cli_import import HEADER

#: Short, so the test is quick; the default (30 s) is the same mechanism.
REFRESH_S = 2
#: Room for a reload and a rerun on a loaded machine, on top of the refresh time.
SLACK_S = 15
COUNT_LINE = re.compile(r"^\d+ reports$")


def reports_shown(page: Page, base_url: str) -> str:
    """The Reports page's count line for the Afghan region ("60 reports"), freshly loaded."""
    page.goto(f"{base_url}/reports?region=afghanistan-2021")
    wait_for_app(page)
    return page.get_by_text(COUNT_LINE).inner_text().strip()


def torkham_pakistani_side(base_url: str) -> tuple[str, str]:
    """What the API says of Torkham's Pakistani side on 2021-09-20, and the answer's ETag."""
    answer = ask(f"{base_url}/api/v1/state?date=2021-09-20&region=afghanistan-2021")
    assert answer.status == 200
    torkham = next(row for row in answer.json()["crossings"] if row["crossing_id"] == "torkham")
    return str(torkham["b_status"]), answer.headers["etag"]


def test_an_import_shows_on_both_instances_pages_and_apis_within_the_refresh_time(
    page: Page, postgres_url: str, tmp_path: Path
) -> None:
    assert geo(postgres_url, "init").returncode == 0
    settings = {"BORDERWATCH_REFRESH_SECONDS": str(REFRESH_S)}
    with (
        streamlit_server(postgres_url, extra_env=settings) as first,
        streamlit_server(postgres_url, extra_env=settings) as second,
    ):
        before = reports_shown(page, first)
        assert reports_shown(page, second) == before
        polled = {base: torkham_pakistani_side(base) for base in (first, second)}
        assert {status for status, _ in polled.values()} == {"restricted"}
        after = f"{int(before.split()[0]) + 1} reports"
        upload = tmp_path / "update.csv"
        upload.write_text(HEADER + "torkham,2021-09-20,pakistan,taliban,sealed,PAK,Dawn,,,high,\n")
        result = geo(postgres_url, "import", str(upload), "--as", "editor")
        assert result.returncode == 0, result.stderr
        committed = time.monotonic()
        for instance in (second, first):
            while (shown := reports_shown(page, instance)) != after:
                assert shown == before
                assert time.monotonic() - committed < REFRESH_S + SLACK_S, f"{instance} still shows {shown}"
        assert time.monotonic() - committed < REFRESH_S + SLACK_S
        for instance, (_, tag) in polled.items():
            while (said := torkham_pakistani_side(instance))[0] != "sealed":
                assert time.monotonic() - committed < REFRESH_S + SLACK_S, f"{instance}'s API still says {said}"
            assert said[1] != tag
            assert (
                ask(
                    f"{instance}/api/v1/state?date=2021-09-20&region=afghanistan-2021", headers={"If-None-Match": tag}
                ).status
                == 200
            )
