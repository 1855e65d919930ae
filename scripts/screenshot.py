"""Take a PNG screenshot of a kg graph page with headless Chromium.

Usage: python scripts/screenshot.py output/graph.html docs/graph.png [--search Meta] [--size 1600x1000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.remote.webdriver import WebDriver

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


def chromium(
    *, profile: str | Path, width: int = 1600, height: int = 1000, logs: bool = False
) -> WebDriver:
    """A headless system Chromium with a fresh profile; ``logs`` records console and network."""
    options = Options()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--window-size={width},{height}", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    if logs:
        options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))


def wait_ready(driver: WebDriver, *, timeout: float = 60) -> None:
    """Wait until the page has laid the graph out (and stopped the physics)."""
    deadline = time.monotonic() + timeout
    while driver.execute_script("return document.body.dataset.ready") != "true":
        if time.monotonic() > deadline:
            raise TimeoutError(f"the graph did not finish its layout in {timeout} s")
        time.sleep(0.05)


def capture(
    driver: WebDriver, page: Path, png: Path, *, search: str = "", timeout: float = 60
) -> Path:
    """Open ``page`` from file://, wait for the layout, maybe select an entity, save a PNG."""
    driver.get(page.resolve().as_uri())
    wait_ready(driver, timeout=timeout)
    if search:
        if driver.execute_script("return window.kg.focus(arguments[0])", search) is None:
            raise LookupError(f"no entity matches {search!r}")
        time.sleep(0.6)  # the focus animation
        driver.execute_script("window.kg.network.fit()")  # keep the selection, show the whole graph
    time.sleep(0.3)
    png.parent.mkdir(parents=True, exist_ok=True)
    if not driver.save_screenshot(str(png)):
        raise RuntimeError(f"could not write {png}")
    return png


def screenshot(
    page: Path,
    png: Path,
    *,
    width: int = 1600,
    height: int = 1000,
    search: str = "",
    timeout: float = 60,
) -> Path:
    """Screenshot ``page`` into ``png`` with a browser started (and quit) for the purpose."""
    with tempfile.TemporaryDirectory(prefix="kg-shot-") as profile:
        driver = chromium(profile=profile, width=width, height=height)
        try:
            return capture(driver, page, png, search=search, timeout=timeout)
        finally:
            driver.quit()


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", type=Path, help="the graph.html page")
    parser.add_argument("png", type=Path, help="where to write the PNG")
    parser.add_argument("--size", default="1600x1000", help="window size, WIDTHxHEIGHT")
    parser.add_argument("--search", default="", help="select this entity (shows its details)")
    args = parser.parse_args(argv)
    width, height = (int(x) for x in args.size.lower().split("x"))
    if not args.page.is_file():
        parser.error(f"{args.page} does not exist")
    out = screenshot(args.page, args.png, width=width, height=height, search=args.search)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
