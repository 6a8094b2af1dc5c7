"""Browser figures: "Next change" click to the new date drawn in the map, and memory over 50 steps.

Times come from the browser's own clock: the click is stamped just before it is
dispatched and the map's ``As of`` caption is stamped by a MutationObserver when it
shows the new date, so no polling delay is counted. Each step's bytes over the
websocket are counted too: most of a step at scale is the map's crossing layer.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from playwright.sync_api import Frame, Page, sync_playwright

from tests.browser.harness import launch_chromium, map_frame, streamlit_server, wait_for_app

_WATCH_CAPTION = """
() => {
  window.__bwDrawn = {};
  new MutationObserver(() => {
    const box = document.querySelector(".bw-asof");
    if (box && !(box.textContent in window.__bwDrawn)) {
      window.__bwDrawn[box.textContent] = performance.timeOrigin + performance.now();
    }
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
}
"""
_CLICK_NEXT = """
() => {
  const button = [...document.querySelectorAll("button")].find(b => b.innerText.trim() === "Next change");
  const at = performance.timeOrigin + performance.now();
  button.click();
  return at;
}
"""


def _caption(frame: Frame) -> str:
    return str(frame.locator(".bw-asof").inner_text())


def _step_once(page: Page, frame: Frame, timeout_s: float) -> float | None:
    """Milliseconds from one "Next change" click to the new caption, or None at the last change."""
    before = _caption(frame)
    clicked = float(page.evaluate(_CLICK_NEXT))
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        drawn: dict[str, float] = frame.evaluate("window.__bwDrawn")
        fresh = {text: at for text, at in drawn.items() if text != before and at >= clicked}
        if fresh:
            wait_for_app(page, timeout_ms=timeout_s * 1000)
            return min(fresh.values()) - clicked
        time.sleep(0.01)
    return None


def step_latencies(
    url: str, query: str, *, steps: int, timeout_s: float = 30, received_kb: list[float] | None = None
) -> list[float]:
    """Click "Next change" up to ``steps`` times from the page at ``query``; each latency in ms.

    With ``received_kb``, each step's kilobytes received over the websocket are appended to it.
    """
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        frames: list[int] = []
        page.on("websocket", lambda socket: socket.on("framereceived", lambda data: frames.append(len(data))))
        page.goto(f"{url}/?{query}")
        wait_for_app(page, timeout_ms=timeout_s * 1000)
        frame = map_frame(page, timeout_ms=timeout_s * 1000)
        frame.evaluate(_WATCH_CAPTION)
        latencies = []
        for _ in range(steps):
            frames.clear()
            latency = _step_once(page, frame, timeout_s)
            if latency is None:
                break
            latencies.append(latency)
            if received_kb is not None:
                received_kb.append(sum(frames) / 1000)
        browser.close()
        return latencies


def heap_growth(url: str, query: str, *, steps: int = 50) -> dict[str, float]:
    """The page's JS heap (after GC) before and after ``steps`` change steps back and forth."""
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{url}/?{query}")
        wait_for_app(page)
        frame = map_frame(page)
        session = page.context.new_cdp_session(page)

        def used() -> float:
            session.send("HeapProfiler.collectGarbage")
            return float(session.send("Runtime.getHeapUsage")["usedSize"])

        for _ in range(3):
            _click_and_settle(page, frame, "Next change")
        before = used()
        for step in range(steps):
            _click_and_settle(page, frame, "Next change" if (step // 10) % 2 == 0 else "Previous change")
        after = used()
        browser.close()
        return {"before_mb": before / 1e6, "after_mb": after / 1e6, "growth_pct": 100 * (after - before) / before}


def _click_and_settle(page: Page, frame: Frame, name: str) -> None:
    before = _caption(frame)
    page.get_by_role("button", name=name).click()
    frame.locator(".bw-asof").filter(has_not_text=before).wait_for()
    wait_for_app(page)


def summary(latencies: list[float], received_kb: list[float] | None = None) -> dict[str, Any]:
    figures: dict[str, Any] = {
        "median_ms": round(statistics.median(latencies), 1),
        "max_ms": round(max(latencies), 1),
        "n": len(latencies),
    }
    if received_kb:
        figures["received_kb_median"] = round(statistics.median(received_kb), 1)
    return figures


def seed_figures(database_url: str) -> dict[str, Any]:
    with streamlit_server(database_url) as url:
        query = "region=afghanistan-2021&date=2021-05-01"
        return {
            "next_change_seed": summary(step_latencies(url, query, steps=20)),
            "memory_50_steps": heap_growth(url, query),
        }


def scale_figures(database_url: str, region: str, start: str) -> dict[str, Any]:
    with streamlit_server(database_url) as url:
        received: list[float] = []
        latencies = step_latencies(url, f"region={region}&date={start}", steps=20, timeout_s=120, received_kb=received)
        return {"next_change_5k_1M": summary(latencies, received)}
