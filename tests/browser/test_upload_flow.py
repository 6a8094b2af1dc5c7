"""Data staff in real Chromium: sign in, upload, preview, commit, and see the map change; viewers get no write page."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import EDITOR_PASSWORD
from tests.browser.harness import map_frame, sign_in, wait_for_app

UPDATE = (
    "crossing_id,date,claimant,controller,status,side,source,attribution,url,confidence,note\n"
    "zaranj,2021-09-20,iran,iran,sealed,IRN,IRNA,,,high,\n"
)


def test_a_viewer_opening_the_upload_address_gets_no_upload_page(editor_app: str, page: Page) -> None:
    page.goto(f"{editor_app}/upload")
    wait_for_app(page)
    expect(page.get_by_role("link", name="Upload")).to_have_count(0)
    expect(page.get_by_text("CSV file")).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("^Commit"))).to_have_count(0)


def test_an_editor_uploads_a_file_and_the_map_changes(editor_app: str, page: Page, tmp_path: Path) -> None:
    page.goto(f"{editor_app}/?region=afghanistan-2021&date=2021-09-20")
    wait_for_app(page)
    before = map_frame(page).locator('.bw-mark[data-crossing-id="zaranj"]')
    expect(before).not_to_have_attribute("data-status", "sealed")
    sign_in(page, "alice", EDITOR_PASSWORD)
    page.get_by_role("link", name="Upload").click()
    wait_for_app(page)
    upload = tmp_path / "zaranj.csv"
    upload.write_text(UPDATE)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(upload))
    commit = page.get_by_role("button", name="Commit 1 reports as one batch")
    expect(commit).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Crossings changing state")).to_be_visible()
    commit.click()
    expect(page.get_by_text("Committed zaranj.csv as batch 2 by alice: 1 reports.")).to_be_visible(timeout=30_000)
    wait_for_app(page)
    # The committed file's preview is gone, and with it any way to commit it twice.
    expect(page.get_by_role("button", name=re.compile("^Commit"))).to_have_count(0)
    expect(page.get_by_text("Crossings changing state")).to_have_count(0)
    expect(page.get_by_text("zaranj.csv", exact=True)).to_have_count(0)
    page.get_by_role("link", name="See it on the Batches page").click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Batches")).to_be_visible()
    expect(page.get_by_text("Batch to revert")).to_be_visible()
    page.goto(f"{editor_app}/?region=afghanistan-2021&date=2021-09-20")
    wait_for_app(page)
    after = map_frame(page).locator('.bw-mark[data-crossing-id="zaranj"]')
    expect(after).to_have_attribute("data-status", "sealed")
