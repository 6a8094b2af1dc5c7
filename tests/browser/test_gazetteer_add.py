"""An editor in real Chromium uploads reports on a crossing that is only a place of the gazetteer: the
refusal offers to add it, a click adds it, and the same file then previews, commits and draws."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import EDITOR_PASSWORD
from tests.browser.harness import map_frame, sign_in, wait_for_app

#: Nizana (Israel-Egypt) is a UN/LOCODE border crossing in the seeds' gazetteer and no crossing of theirs.
REPORTS = (
    "crossing_id,date,claimant,controller,status,side,source,attribution,url,confidence,note\n"
    "unlocode-il-nzn,2024-05-08,,,open,ISR,Test desk,,,medium,\n"
)


def test_a_report_on_a_gazetteer_place_adds_it_as_a_crossing_with_one_click(
    editor_app: str, page: Page, tmp_path: Path
) -> None:
    page.goto(f"{editor_app}/")
    wait_for_app(page)
    sign_in(page, "alice", EDITOR_PASSWORD)
    page.get_by_role("link", name="Upload").click()
    wait_for_app(page)
    upload = tmp_path / "nizana.csv"
    upload.write_text(REPORTS)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(upload))
    expect(page.get_by_text("1 problem(s) in nizana.csv; nothing was written.")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Nizana (Israel–Egypt) is in the gazetteer but is no crossing yet.")).to_be_visible()
    page.get_by_role("combobox", name="Region of the new crossing").click()
    page.get_by_role("option", name="Gaza: Rafah, Kerem Shalom and Erez, 2023-2025").click()
    page.get_by_role("button", name="Add Nizana from the gazetteer").click()
    # The same file reads again, now naming a crossing, and previews.
    commit = page.get_by_role("button", name="Commit 1 reports as one batch")
    expect(commit).to_be_visible(timeout=30_000)
    commit.click()
    expect(page.get_by_text("Committed nizana.csv as batch 3 by alice: 1 reports.")).to_be_visible(timeout=30_000)
    page.goto(f"{editor_app}/?region=gaza-2023-2025&date=2024-05-08")
    wait_for_app(page)
    mark = map_frame(page).locator('.bw-mark[data-crossing-id="unlocode-il-nzn"]')
    expect(mark).to_have_attribute("data-status", "open")
