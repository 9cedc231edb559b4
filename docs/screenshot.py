"""Screenshot a built map with a node selected and its side panel open (for the README).

    .venv/bin/python docs/screenshot.py output/index.html docs/map.png --select SupCon

Opens the page in headless Chromium (Debian's chromium + chromium-driver; Chinese
labels need fonts-noto-cjk), searches QUERY through the page's own search box
(any alias of a concept, or a note title), waits for the focus animation, and
saves a PNG. Without --select it shows the whole map.
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def screenshot(page: Path, png: Path, query: str | None = None, width: int = 1400, height: int = 860) -> Path:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                 "--hide-scrollbars", "--force-device-scale-factor=1",
                 f"--user-data-dir={tempfile.mkdtemp(prefix='kgnotes-shot-')}", f"--window-size={width},{height}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        driver.set_window_size(width, height)
        driver.get(Path(page).resolve().as_uri())
        deadline = time.time() + 120
        while not driver.execute_script("return !!(window.kgnotes && window.kgnotes.ready)"):
            if time.time() > deadline:
                raise TimeoutError(f"{page} never drew")
            time.sleep(0.1)
        if query:
            box = driver.find_element(By.CSS_SELECTOR, "input[type=search]")
            box.send_keys(query, Keys.ENTER)
            if not driver.execute_script("return network.getSelectedNodes().length"):
                raise SystemExit(f"nothing in {page} matches {query!r}")
            driver.execute_script("document.activeElement.blur()")  # no focus ring in the picture
        time.sleep(1.2)  # physics / focus animation
        png.parent.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(png))
    finally:
        driver.quit()
    return png


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", type=Path, help="a map written by kgnotes (e.g. output/index.html)")
    parser.add_argument("png", type=Path, help="where to save the screenshot")
    parser.add_argument("--select", metavar="QUERY", help="search this and select the best match")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=860)
    args = parser.parse_args()
    print(screenshot(args.page, args.png, args.select, args.width, args.height))


if __name__ == "__main__":
    main()
