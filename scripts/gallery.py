"""The README's gallery: the live map of each seed region on a day that shows what is argued about,
photographed in Chromium from a running dashboard (`make run`, then `make gallery`).

Each picture is the map alone, as a reader sees it: its date caption, its legend and its marks.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'

#: Each region, the day of its picture, and what that day shows (the README's caption).
GALLERY = (
    ("all", "2024-05-07", "Every region at once on 7 May 2024; crowded crossings gathered in numbered discs"),
    ("afghanistan-2021", "2021-07-14", "Afghanistan on 14 July 2021: Spin Boldak-Chaman contested and sealed"),
    ("syria-2014-2024", "2023-07-11", "Syria on 11 July 2023: the day after the UN mandate lapsed"),
    (
        "myanmar-2023-2024",
        "2024-04-11",
        "Myanmar on 11 April 2024: Myawaddy contested, KNU against military",
    ),
    ("gaza-2023-2025", "2024-05-07", "Gaza on 7 May 2024: Israel takes the Rafah crossing, Kerem Shalom sealed"),
    ("sudan-chad-2024", "2024-08-15", "Adré on 15 August 2024: reopened to aid for three months"),
    ("libya-tunisia-2024", "2024-03-19", "Ras Ajdir on 19 March 2024: sealed after the clashes at the gate"),
    ("drc-2022-2025", "2025-01-28", "DR Congo on 28 January 2025: M23 in Goma, both crossings sealed"),
)


def photograph(app: str, out: Path) -> list[Path]:
    """Every picture of :data:`GALLERY` into ``out``, one PNG per region."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        for region, day, _ in GALLERY:
            page.goto(f"{app}/?region={region}&date={day}")
            page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000)
            frame = page.frame_locator(MAP_FRAME)
            # Drawn: the outlines are in, and the names have found their places.
            frame.locator(".leaflet-container[data-outlines][data-labels]").wait_for(timeout=60_000)
            page.locator(MAP_FRAME).scroll_into_view_if_needed()
            page.wait_for_timeout(800)
            path = out / f"{region}.png"
            page.locator(MAP_FRAME).screenshot(path=path)
            written.append(path)
        browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", default="http://localhost:8501", help="the running dashboard")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "gallery")
    args = parser.parse_args(argv)
    for path in photograph(args.app.rstrip("/"), args.out):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
