"""Fixtures of the viz tests: the sample graphs (see samples.py) and a headless system Chromium."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import networkx as nx
import pytest

from .samples import hostile_graph, sample_graph

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


@pytest.fixture
def sample() -> nx.MultiDiGraph:
    return sample_graph()


@pytest.fixture
def hostile() -> nx.MultiDiGraph:
    return hostile_graph()


@pytest.fixture(scope="session")
def browser():
    """A headless system Chromium (never a downloaded one), with a fresh profile, logging console and network."""
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.skip(f"headless browser tests need chromium and chromedriver ({CHROMIUM}, {CHROMEDRIVER} not found)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="kg-viz-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,900", f"--user-data-dir={profile}"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    driver.set_page_load_timeout(120)
    driver.set_script_timeout(120)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
