"""Live preview: an edit under data/ shows up in the served site."""

import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from generator.serve import watch


def test_watch_calls_back_on_a_data_edit(example: Path) -> None:
    changed = threading.Event()
    stop = threading.Event()
    thread = threading.Thread(target=watch, args=(example, changed.set, stop, 0.05), daemon=True)
    thread.start()
    time.sleep(0.2)
    glossary = example / "data/glossary.yaml"
    glossary.write_text(glossary.read_text() + "- term: New\n  definition: Added.\n")
    try:
        assert changed.wait(5)
    finally:
        stop.set()
        thread.join(5)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
        return response.read().decode()


def wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


def test_serve_regenerates_the_page_after_a_data_edit(example: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/glossary/"
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "-p", str(example), "-a", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        assert wait_for(lambda: "Traffic count" in fetch(url), 60), "the server did not start"
        glossary = example / "data/glossary.yaml"
        glossary.write_text(glossary.read_text() + "- term: Detour\n  definition: Another way round.\n")
        assert wait_for(lambda: "Another way round." in fetch(url), 30)
        assert "Another way round." in (example / "docs/glossary.md").read_text()
        glossary.write_text("- term: [broken\n")
        time.sleep(1.5)
        assert "Another way round." in fetch(url), "a bad edit must keep the last good pages"
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=10)
    assert b"Traceback" not in errors
    assert b"data/glossary.yaml:2:1: (file): YAML syntax error" in errors
