#!/usr/bin/env python3
"""Lighthouse scores of the built site: the home page and a figure page, mobile.

    .venv/bin/explainer build          # makes site/
    python3 scripts/lighthouse.py      # or: --site DIR, --page PATH (repeatable), --json DIR

Lighthouse itself comes through npx from the npm registry the first time.

The site is served on 127.0.0.1 as a static host such as GitHub Pages serves it (text
compressed with gzip); Lighthouse drives Chromium (CHROME_PATH, default
/usr/bin/chromium) with its default mobile emulation and throttling. The script prints the
four category scores of each page (the median of three runs, as Lighthouse advises, since
performance varies from run to run) and exits 1 if any is below the target: accessibility,
best practices and SEO 100, performance 95.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from screenshots import figure_page  # the same page the README screenshot shows

ROOT = Path(__file__).resolve().parent.parent
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}


COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")


class _Host(http.server.SimpleHTTPRequestHandler):
    """A static host like GitHub Pages: text files gzip-compressed, cached for 10 minutes."""

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in COMPRESSED):
            super().do_GET()
            return
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


LIGHTHOUSE_VERSION = "12.8.2"


def lighthouse_command() -> list[str]:
    local = ROOT / "node_modules" / ".bin" / "lighthouse"
    if local.exists():
        return [str(local)]
    npx = shutil.which("npx")
    if npx is None:
        raise SystemExit("lighthouse needs Node.js and npx")
    # Fetched by npx from the npm registry when first used; not a project dependency, so that
    # `npm ci` stays small. 13.x needs Node.js 22.
    return [npx, "--yes", f"lighthouse@{LIGHTHOUSE_VERSION}"]


def run(url: str, report: Path, chrome: str) -> dict[str, int]:
    command = [*lighthouse_command(), url, "--quiet", "--output=json", f"--output-path={report}",
               "--form-factor=mobile", f"--only-categories={','.join(CATEGORIES)}",
               "--chrome-flags=--headless=new --no-sandbox --disable-gpu"]
    env = {**os.environ, "CHROME_PATH": chrome}
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)
    result = json.loads(report.read_text(encoding="utf-8"))
    if result.get("runtimeError"):
        raise SystemExit(f"{url}: Lighthouse failed: {result['runtimeError']}")
    return {name: round((result["categories"][name]["score"] or 0) * 100) for name in CATEGORIES}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site")
    parser.add_argument("--page", action="append", help="a page path, e.g. figures/x/ (repeatable)")
    parser.add_argument("--json", type=Path, help="keep the full Lighthouse reports here")
    parser.add_argument("--runs", type=int, default=3,
                        help="runs per page; the median score is shown (default 3)")
    args = parser.parse_args()
    site: Path = args.site
    if not (site / "index.html").is_file():
        raise SystemExit(f"{site}: no built site; run `.venv/bin/explainer build` first")
    pages = args.page or ["", figure_page(site)]
    chrome = os.environ.get("CHROME_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    handler = functools.partial(_Host, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    failed = False
    print(f"{'page':48} " + " ".join(f"{name:>14}" for name in CATEGORIES))
    try:
        with tempfile.TemporaryDirectory() as temp:
            reports = args.json or Path(temp)
            reports.mkdir(parents=True, exist_ok=True)
            for number, path in enumerate(pages):
                runs = [run(base + path, reports / f"lighthouse-{number}-{attempt}.json", chrome)
                        for attempt in range(max(1, args.runs))]
                scores = {name: round(statistics.median(r[name] for r in runs))
                          for name in CATEGORIES}
                low = [name for name in CATEGORIES if scores[name] < TARGETS[name]]
                failed = failed or bool(low)
                print(f"{'/' + path:48} " + " ".join(f"{scores[name]:>14}" for name in CATEGORIES)
                      + (f"   below target: {', '.join(low)}" if low else ""))
    finally:
        server.shutdown()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
