#!/usr/bin/env python3
"""Screenshots of the built site for the README: the home page and a figure page on a desktop
screen, and the home, figures and a figure page on a phone.

    .venv/bin/explainer build
    .venv/bin/python scripts/screenshots.py      # or: --site DIR --out DIR

Chromium (the system's, through Playwright) opens the site served on 127.0.0.1, with
every request elsewhere blocked, and writes media/home.png and media/figure.png (1200 × 900)
and media/home-phone.png, media/figures-phone.png and media/figure-phone.png (390 × 844, at
twice the pixels, as a phone shows them). Run it again after a change to the look of the
pages, and commit the images.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import sys
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VIEWPORT = {"width": 1200, "height": 900}
PHONE = {"width": 390, "height": 844}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def figure_page(site: Path) -> str:
    """The first figure page with a chart, else the first figure page."""
    pages = sorted((site / "figures").glob("*/index.html"))
    if not pages:
        raise SystemExit(f"{site}/figures: no figure page; build the site first")
    charted = [p for p in pages if 'class="ex-chart"' in p.read_text(encoding="utf-8")]
    return (charted or pages)[0].parent.relative_to(site).as_posix() + "/"


def shoot(page: Any, url: str, target: Path, scroll_to: str | None = None) -> None:
    page.goto(url, wait_until="networkidle")
    if scroll_to:  # one move down, so that Material's "Back to top" button stays hidden
        top = page.locator(scroll_to).first.evaluate("e => e.getBoundingClientRect().top")
        page.evaluate(f"window.scrollTo(0, {top} - 64)")  # below Material's sticky header
        page.wait_for_timeout(300)
    page.screenshot(path=str(target))
    print(f"{target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}:"
          f" {target.stat().st_size:,} bytes")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site")
    parser.add_argument("--out", type=Path, default=ROOT / "media", help="where the PNGs go")
    args = parser.parse_args()
    site: Path = args.site
    if not (site / "index.html").is_file():
        raise SystemExit(f"{site}: no built site; run `.venv/bin/explainer build` first")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
            figure = base + figure_page(site)
            for viewport, scale, shots in (
                    (VIEWPORT, 1, [(base, "home.png", None), (figure, "figure.png", "#check")]),
                    (PHONE, 2, [(base, "home-phone.png", None),
                                (base + "figures/", "figures-phone.png", None),
                                (figure, "figure-phone.png", ".ex-chart")])):
                context = browser.new_context(viewport=viewport, device_scale_factor=scale,
                                              color_scheme="light")
                context.route("**/*", lambda route: route.continue_()
                              if route.request.url.startswith(base) else route.abort())
                page = context.new_page()
                for url, name, scroll_to in shots:
                    shoot(page, url, args.out / name, scroll_to=scroll_to)
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
