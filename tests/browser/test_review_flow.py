"""Two editors on two dashboard instances over one PostgreSQL database: one uploads, the other reviews,
and only then does the public map show the upload."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from geo.access.auth import hash_password
from tests.browser.harness import map_frame, sign_in, streamlit_server, wait_for_app
from tests.test_cli import geo

pytestmark = pytest.mark.postgres

PASSWORDS = {"ana": "ana's long passphrase", "ben": "ben's long passphrase"}
UPDATE = (
    "crossing_id,date,claimant,controller,status,side,source,attribution,url,confidence,note\n"
    "zaranj,2021-09-20,iran,iran,sealed,IRN,IRNA,,,high,\n"
)
MAP_LINK = "/?region=afghanistan-2021&date=2021-09-20"
#: Short, so the other instance sees each write quickly.
REFRESH_S = "1"
#: Room for reloads and reruns on a loaded machine, on top of the refresh time.
SLACK_S = 30


def open_signed_in(page: Page, base_url: str, name: str) -> None:
    page.goto(base_url + MAP_LINK)
    wait_for_app(page)
    sign_in(page, name, PASSWORDS[name])
    expect(page.get_by_role("link", name="Review")).to_be_visible()


def zaranj_status(browser: Browser, base_url: str) -> str | None:
    """What a reader who is not signed in sees of Zaranj on 20 September 2021, freshly loaded."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.goto(base_url + MAP_LINK)
        wait_for_app(page)
        mark = map_frame(page).locator('.bw-mark[data-crossing-id="zaranj"]')
        expect(mark).to_have_count(1)
        return mark.get_attribute("data-status")
    finally:
        context.close()


def test_an_upload_is_public_only_after_a_second_editor_on_another_instance_verifies_it(
    browser: Browser, page: Page, postgres_url: str, tmp_path: Path
) -> None:
    assert geo(postgres_url, "init").returncode == 0
    secrets = tmp_path / "secrets.toml"
    hashes = "\n".join(f'{name} = "{hash_password(password)}"' for name, password in PASSWORDS.items())
    secrets.write_text(f"[editors.passwords]\n{hashes}\n")
    env = {"STREAMLIT_SECRETS_FILES": str(secrets), "BORDERWATCH_REFRESH_SECONDS": REFRESH_S}
    with (
        streamlit_server(postgres_url, extra_env=env) as first,
        streamlit_server(postgres_url, extra_env=env) as second,
    ):
        before = zaranj_status(browser, first)
        assert before != "sealed"

        # Ana uploads on the first instance: with two editors, the batch waits for review.
        open_signed_in(page, first, "ana")
        page.get_by_role("link", name="Upload").click()
        wait_for_app(page)
        upload = tmp_path / "zaranj.csv"
        upload.write_text(UPDATE)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(upload))
        commit = page.get_by_role("button", name="Commit 1 reports as one batch for review")
        expect(commit).to_be_visible(timeout=30_000)
        commit.click()
        committed = re.compile(r"Committed zaranj\.csv as batch 2 by ana: 1 reports\. It is public once")
        expect(page.get_by_text(committed)).to_be_visible(timeout=30_000)
        # Not on the public map, on either instance; and not Ana's to review.
        assert zaranj_status(browser, second) == before
        assert zaranj_status(browser, first) == before
        page.get_by_role("link", name="Review").click()
        wait_for_app(page)
        expect(page.get_by_text("Yours, waiting for another editor: batch 2")).to_be_visible()
        expect(page.get_by_text("No batch waits for your review.")).to_be_visible()

        # Ben, on the second instance, verifies it.
        reviewer = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        try:
            open_signed_in(reviewer, second, "ben")
            reviewer.get_by_role("link", name="Review").click()
            wait_for_app(reviewer)
            expect(reviewer.get_by_text("Batch to review")).to_be_visible()
            reviewer.get_by_role("radio", name="verified").check(force=True)
            reviewer.get_by_role("textbox", name="Note").fill("Matches IRNA's own page")
            reviewer.get_by_role("button", name="Record the decision").click()
            expect(reviewer.get_by_text("Batch 2 verified by ben.")).to_be_visible(timeout=30_000)
        finally:
            reviewer.context.close()

        # Now public on both instances, once each has seen the write (within its refresh time).
        verified = time.monotonic()
        for instance in (second, first):
            while (status := zaranj_status(browser, instance)) != "sealed":
                assert status == before
                assert time.monotonic() - verified < SLACK_S, f"{instance} still shows Zaranj {status}"
    trail = geo(postgres_url, "batches", "--format", "json")
    assert '"review": "verified by ben"' in trail.stdout
