"""Helpers that look at a written page in the real headless Chromium: what it drew, what it requested,
what it logged, and whether any injected script ran."""
from __future__ import annotations

import json
import time
from pathlib import Path

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from .samples import SCREENSHOTS

# Schemes that never leave the machine (chrome:// is the browser's own start page loading at startup).
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:", "chrome-error:", "chrome:", "chrome-untrusted:", "devtools:")


def open_page(driver, path: Path, timeout: float = 120) -> None:
    """Load a page from disk and wait until its graph has stabilised (graph pages) or it has loaded."""
    driver.get_log("browser")  # drop what earlier pages logged
    driver.get_log("performance")
    driver.get(path.resolve().as_uri())
    graph = driver.execute_script("return !!document.getElementById('kg-network')")
    deadline = time.monotonic() + timeout
    while True:
        state = driver.execute_script(
            "return document.readyState === 'complete' && (!arguments[0] || document.body.dataset.stable === 'true')",
            graph)
        if state:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"{path.name} did not finish drawing in {timeout} s")
        time.sleep(0.1)


def requested_urls(driver) -> list[str]:
    """Every URL the page asked the network stack for (Chrome's performance log)."""
    urls = []
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg.get("method") in ("Network.requestWillBeSent", "Network.webSocketCreated"):
            params = msg["params"]
            urls.append(params.get("request", {}).get("url") or params.get("url", ""))
    urls += driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    return urls


def remote_requests(driver) -> list[str]:
    return [u for u in requested_urls(driver) if not u.startswith(LOCAL_SCHEMES)]


def console_errors(driver) -> list[dict]:
    return [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]


def injected_ran(driver) -> bool:
    return driver.execute_script("return window.__pwned !== undefined")


def drawn(driver) -> dict:
    """What the page's vis DataSets hold and what the network actually drew."""
    return driver.execute_script("""
        const n = window.kg.network;
        const pos = n.getPositions();
        return {dataset: kg.nodes.length, edges: kg.edges.length, visible: kg.nodeView.length,
                drawn: n.body.nodeIndices.length, drawnEdges: n.body.edgeIndices.length,
                positioned: Object.keys(pos).length, physics: n.physics.options.enabled};
    """)


def hover(driver, canvas_xy: tuple[float, float]) -> str | None:
    """Move the real mouse to a point of the graph (canvas coordinates); return the tooltip's text if one shows."""
    container = driver.find_element(By.ID, "kg-network")
    x, y = driver.execute_script("const p = kg.network.canvasToDOM({x: arguments[0], y: arguments[1]});"
                                 "return [p.x, p.y];", *canvas_xy)
    size = container.size
    ActionChains(driver).move_to_element_with_offset(container, 1 - size["width"] // 2, 1 - size["height"] // 2) \
        .perform()
    ActionChains(driver).move_to_element_with_offset(
        container, int(x - size["width"] / 2), int(y - size["height"] / 2)).perform()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        text = driver.execute_script("""
            const t = document.querySelector('div.vis-tooltip');
            return t && t.style.visibility === 'visible' ? t.textContent : null;""")
        if text:
            return text
        time.sleep(0.05)
    return None


def node_xy(driver, nid: str) -> tuple[float, float]:
    p = driver.execute_script("return kg.network.getPositions([arguments[0]])[arguments[0]]", nid)
    return p["x"], p["y"]


def edge_midpoint(driver, eid: str) -> tuple[float, float]:
    ends = driver.execute_script("const e = kg.edges.get(arguments[0]); const p = kg.network.getPositions([e.from, e.to]);"
                                 "return [p[e.from], p[e.to]];", eid)
    return (ends[0]["x"] + ends[1]["x"]) / 2, (ends[0]["y"] + ends[1]["y"]) / 2


def screenshot(driver, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


def label_overlaps(driver) -> tuple[int, int]:
    """(nodes whose drawn box, label included, overlaps another's; nodes drawn), from vis-network's own
    bounding boxes (canvas coordinates, so the zoom does not matter)."""
    return tuple(driver.execute_script("""
        const n = window.kg.network;
        const ids = n.body.nodeIndices;
        const boxes = ids.map(id => n.getBoundingBox(id));
        let overlapping = 0;
        for (let i = 0; i < boxes.length; i++) {
            const a = boxes[i];
            for (let j = 0; j < boxes.length; j++) {
                const b = boxes[j];
                if (i !== j && a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) {
                    overlapping++;
                    break;
                }
            }
        }
        return [overlapping, ids.length];
    """))


def click(driver, canvas_xy: tuple[float, float]) -> None:
    """Click the real mouse at a point of the graph (canvas coordinates)."""
    container = driver.find_element(By.ID, "kg-network")
    x, y = driver.execute_script("const p = kg.network.canvasToDOM({x: arguments[0], y: arguments[1]});"
                                 "return [p.x, p.y];", *canvas_xy)
    size = container.size
    ActionChains(driver).move_to_element_with_offset(
        container, int(x - size["width"] / 2), int(y - size["height"] / 2)).click().perform()
