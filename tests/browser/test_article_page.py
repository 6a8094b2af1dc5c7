"""An editor in real Chromium pastes a news report on the From an article page: its claims are drafted
in a table beside the text with each one's words marked, a dropped draft loses its mark, and a commit
writes the drafts kept, which the map then draws. A viewer has no such page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import EDITOR_PASSWORD
from tests.browser.harness import map_frame, sign_in, wait_for_app

SEED_REPORT = (
    Path(__file__).resolve().parents[3] / "shared" / "seed-document" / "2021-07-14-spin-boldak-chaman-news.txt"
)
#: Two claims on Torkham and a sentence that claims nothing.
ARTICLE = (
    "KABUL, July 20, 2021 (Reuters) - Taliban fighters captured the Torkham crossing on Tuesday,"
    " Taliban spokesman Zabihullah Mujahid said.\n\n"
    "Pakistan closed its side of Torkham, a Pakistani official told Reuters.\n\n"
    "Afghan officials said they were checking the reports.\n"
)
#: Where the data editor draws its rows (glide-data-grid's defaults, as Streamlit sets them).
HEADER_PX, ROW_PX, ROW_MARKER_PX = 35, 35, 14


def open_article_page(page: Page, url: str) -> None:
    # Wide enough for the table to draw its columns up to the holder (the grid draws only those in view).
    page.set_viewport_size({"width": 1600, "height": 1000})
    page.goto(f"{url}/")
    wait_for_app(page)
    sign_in(page, "alice", EDITOR_PASSWORD)
    page.get_by_role("link", name="From an article").click()
    wait_for_app(page)


def draft(page: Page, text: str, *, published: str = "", outlet: str = "") -> None:
    page.get_by_role("textbox", name="Article text").fill(text)
    page.get_by_role("textbox", name="Outlet").fill(outlet)
    if published:
        page.get_by_role("spinbutton", name="year, Published").click()
        page.keyboard.type(published.replace("-", ""))
    page.get_by_role("button", name="Draft the claims").click()
    wait_for_app(page)


def marks(page: Page, count: int) -> list[tuple[str, str]]:
    """Each marked stretch of the article, once there are ``count``: the drafts it is for, and its
    words without their number."""
    expect(page.locator(".bw-article mark")).to_have_count(count)
    found: list[list[str]] = page.locator(".bw-article mark").evaluate_all(
        "els => els.map(e => [e.dataset.drafts, e.firstChild.textContent])"
    )
    return [(numbers, words) for numbers, words in found]


def drafts_table(page: Page) -> Locator:
    return page.get_by_test_id("stDataFrame").first


def column(page: Page, number: int) -> list[str]:
    """The table's cells in one column (0 is the row marker), top to bottom."""
    cells = drafts_table(page).locator(f"[role=gridcell][id^='glide-cell-{number}-']")
    # The grid draws its accessible cells after its canvas.
    expect(cells.first).to_be_attached()
    return [text.strip() for text in cells.all_text_contents()]


def delete_row(page: Page, row: int) -> None:
    """Select the row by its marker at the table's left edge and press Delete, as an editor does."""
    grid = drafts_table(page)
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + ROW_MARKER_PX, box["y"] + HEADER_PX + ROW_PX * row + ROW_PX / 2)
    # The header is row 1 of the grid's accessible table, so the first draft is row 2.
    expect(grid.locator(f'[role=row][aria-rowindex="{row + 2}"]')).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Delete")
    wait_for_app(page)


def edit_cell(page: Page, row: int, number: int, value: str) -> None:
    """Select the row's first cell, move to column ``number`` with the arrow keys, open the cell's
    editor with Enter, replace what it holds and confirm with Enter."""
    grid = drafts_table(page)
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None
    first_column_px = 55
    page.mouse.click(box["x"] + first_column_px, box["y"] + HEADER_PX + ROW_PX * row + ROW_PX / 2)
    for _ in range(number - 1):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    page.locator("#portal textarea, #portal input").first.wait_for()
    page.keyboard.press("Control+A")
    # At a person's pace: the cell's editor takes its value from React's state, which lags behind
    # keys sent all at once, and an Enter sent before it catches up keeps the old value.
    page.keyboard.type(value, delay=40)
    page.wait_for_timeout(400)
    page.keyboard.press("Enter")
    wait_for_app(page)


def test_a_viewer_has_no_article_page(editor_app: str, page: Page) -> None:
    page.goto(f"{editor_app}/article")
    wait_for_app(page)
    expect(page.get_by_role("link", name="From an article")).to_have_count(0)
    expect(page.get_by_role("textbox", name="Article text")).to_have_count(0)
    expect(page.get_by_role("button", name="Draft the claims")).to_have_count(0)


def test_a_dropped_draft_loses_its_mark_and_the_commit_writes_only_the_drafts_kept(editor_app: str, page: Page) -> None:
    open_article_page(page, editor_app)
    draft(page, ARTICLE)
    expect(page.get_by_text("2 claim(s) drafted from the article of 20 July 2021.")).to_be_visible()
    marked = marks(page, 2)
    assert [numbers for numbers, _ in marked] == ["1", "2"]
    assert marked[1][1] == "Pakistan closed its side of Torkham, a Pakistani official told Reuters."
    assert not any("checking the reports" in words for _, words in marked)
    # Columns: no., crossing, as written, date, latest, claimant, holder.
    assert column(page, 1) == ["1", "2"]
    assert column(page, 2) == ["torkham", "torkham"]
    assert column(page, 6) == ["taliban", "pakistan"]
    # A closure names no holder: its cell reads as left empty (a dash), not as a missing "None".
    assert column(page, 7) == ["taliban", "—"]
    assert column(page, 8) == ["—", "sealed"]

    delete_row(page, 0)
    assert [numbers for numbers, _ in marks(page, 1)] == ["2"]
    assert column(page, 1) == ["2"]
    # The seal was a day later than the article's date, the editor finds: they correct it in the table.
    edit_cell(page, 0, 4, "2021-07-21")
    change = "the Pakistani side of Torkham goes from restricted to sealed on 2021-07-21"
    expect(page.get_by_text(change)).to_be_attached()
    assert column(page, 4) == ["2021-07-21"]
    commit = page.get_by_role("button", name="Commit 1 reports as one batch")
    expect(commit).to_be_visible()
    commit.click()
    wait_for_app(page)
    committed = re.compile(r"Committed 1 reports drafted from the article as batch \d+ by alice\.")
    expect(page.get_by_text(committed)).to_be_visible()
    expect(page.get_by_role("button", name="Commit 1 reports as one batch")).to_have_count(0)
    expect(page.get_by_role("textbox", name="Article text")).to_have_value("")

    # The seal kept is drawn from the day it was corrected to; the capture dropped is not drawn at all.
    page.goto(f"{editor_app}/?region=afghanistan-2021&date=2021-07-21")
    wait_for_app(page)
    torkham = map_frame(page).locator('.bw-mark[data-crossing-id="torkham"]')
    expect(torkham).to_have_attribute("title", re.compile("sealed from the Pakistani side"))
    assert "Taliban" not in (torkham.get_attribute("title") or "")
    page.goto(f"{editor_app}/?region=afghanistan-2021&date=2021-07-20")
    wait_for_app(page)
    torkham = map_frame(page).locator('.bw-mark[data-crossing-id="torkham"]')
    expect(torkham).to_have_attribute("title", re.compile("restricted from the Pakistani side"))


def test_the_seed_report_gives_its_four_claims_marked_and_leaves_the_ministry_checking_out(
    editor_app: str, page: Page
) -> None:
    if not SEED_REPORT.exists():
        pytest.skip("the shared seed report is not beside the project")
    open_article_page(page, editor_app)
    draft(page, SEED_REPORT.read_text(encoding="utf-8"), published="2021-07-14")
    expect(page.get_by_text("4 claim(s) drafted from the article of 14 July 2021.")).to_be_visible()
    marked = marks(page, 4)
    assert [numbers for numbers, _ in marked] == ["1", "2", "3", "4"]
    assert not any("checking developments" in words for _, words in marked)
    assert "completely sealed" in marked[3][1]
    assert column(page, 2) == ["spin-boldak-chaman"] * 4
    assert column(page, 4) == ["2021-07-14"] * 4
    assert column(page, 6) == ["afghan-government", "taliban", "pakistan", "pakistan"]
    assert column(page, 7) == ["afghan-government", "taliban", "taliban", "—"]
    expect(page.get_by_role("button", name="Commit 4 reports as one batch")).to_be_visible()


def test_a_crossing_known_only_to_the_gazetteer_is_added_and_fills_its_drafts(editor_app: str, page: Page) -> None:
    open_article_page(page, editor_app)
    draft(
        page,
        "Israel closed the Nizana crossing with Egypt on Wednesday, Israeli officials said.\n",
        published="2024-05-08",
        outlet="Test desk",
    )
    assert column(page, 2) == ["—"]
    page.get_by_role("combobox", name="Region of the new crossing").click()
    page.get_by_role("option", name="Gaza: Rafah, Kerem Shalom and Erez, 2023-2025").click()
    page.get_by_role("button", name="Add Nizana from the gazetteer").click()
    wait_for_app(page)
    commit = page.get_by_role("button", name="Commit 1 reports as one batch")
    expect(commit).to_be_visible(timeout=30_000)
    assert column(page, 2) == ["unlocode-il-nzn"]
    assert column(page, 4) == ["2024-05-08"]
    commit.click()
    wait_for_app(page)
    expect(page.get_by_text(re.compile(r"Committed 1 reports drafted from the article as batch \d+"))).to_be_visible()
    page.goto(f"{editor_app}/?region=gaza-2023-2025&date=2024-05-08")
    wait_for_app(page)
    nizana = map_frame(page).locator('.bw-mark[data-crossing-id="unlocode-il-nzn"]')
    expect(nizana).to_have_attribute("data-status", "sealed")


def test_a_crossing_and_a_state_the_database_does_not_hold_are_named_and_nothing_commits_until_settled(
    editor_app: str, page: Page
) -> None:
    open_article_page(page, editor_app)
    draft(
        page,
        "Ukrainian government forces reclaimed the Dovzhansky border crossing on Tuesday, a border guard said.\n",
        published="2014-07-02",
    )
    assert column(page, 2) == ["—"]
    assert column(page, 3) == ["Dovzhansky"]
    expect(
        page.get_by_text(
            "Named in the article but not held in the database: Dovzhansky (crossing) and Ukraine (party)."
        )
    ).to_be_visible()
    # The draft as read names no crossing or holder the database holds: the checks say so, no commit.
    expect(page.get_by_role("button", name=re.compile(r"Commit \d+ reports"))).to_have_count(0)
    delete_row(page, 0)
    expect(page.get_by_text("No drafts left")).to_be_visible()
