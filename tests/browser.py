"""A real browser for tests: Playwright driving the system's Chromium.

Every request that is not for the page's own origin (a `file:` URL, or the local test
server) is blocked and recorded, so a test can assert that nothing left the machine.
Without Chromium the tests skip with the reason, unless EXPLAINER_REQUIRE_BROWSER=1
(as in CI), where they fail instead.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--allow-file-access-from-files",
]


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def require_browser() -> str:
    """The Chromium executable, or skip (fail when the browser is required)."""
    path = chromium_path()
    reason = None
    if path is None:
        reason = "Chromium is not installed (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "the playwright package is not installed"
    if reason is not None:
        if os.environ.get("EXPLAINER_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser tests are required but {reason}")
        pytest.skip(reason)
    assert path is not None
    return path


@dataclass
class Traffic:
    """Requests the page made that were allowed, and those that were blocked."""

    allowed: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)


@dataclass
class Browser:
    browser: Any

    def page(self, allowed_prefix: str, **options: Any) -> tuple[Any, Traffic]:
        """A new page that may only load URLs starting with `allowed_prefix`."""
        context = self.browser.new_context(service_workers="block", **options)
        traffic = Traffic()

        def route(route: Any) -> None:
            url = route.request.url
            if url.startswith(allowed_prefix) or url.startswith("data:") or url.startswith("blob:"):
                traffic.allowed.append(url)
                route.continue_()
            else:
                traffic.blocked.append(url)
                route.abort()

        context.route("**/*", route)
        return context.new_page(), traffic


# Each test module that imports the fixture gets its own session-scoped copy of it, but
# Playwright's sync API runs once per thread: the first copy starts the browser, the others
# share it.
_RUNNING: list[Browser] = []


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if _RUNNING:
        yield _RUNNING[0]
        return
    executable = require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        _RUNNING.append(Browser(launched))
        try:
            yield _RUNNING[0]
        finally:
            _RUNNING.clear()
            launched.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib name
        pass


@contextlib.contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve `folder` over HTTP on 127.0.0.1; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
