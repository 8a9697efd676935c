"""Live preview: an edit under data/ shows up in the served site."""

import contextlib
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from generator.site.watch import Watcher, watch

from ..browser import Browser, browser  # noqa: F401 - fixture

ADDED = "- term: Detour\n  definition: Another way round.\n"


def add_term(root: Path) -> None:
    glossary = root / "data/glossary.yaml"
    glossary.write_text(glossary.read_text() + ADDED)


def test_watch_calls_back_on_a_data_edit(example: Path) -> None:
    regenerated = threading.Event()
    stop = threading.Event()
    watcher = Watcher(example, regenerated.set, lambda: None)
    thread = threading.Thread(target=watch, args=(watcher, stop, 0.05), daemon=True)
    thread.start()
    time.sleep(0.2)
    add_term(example)
    try:
        assert regenerated.wait(5)
    finally:
        stop.set()
        thread.join(5)


def test_link_loops_under_seeds_do_not_stop_the_watch(example: Path) -> None:
    seeds = example / "seeds"
    (seeds / "loop").symlink_to(".", target_is_directory=True)
    (seeds / "up").symlink_to("..", target_is_directory=True)
    (seeds / "a").symlink_to("b")
    (seeds / "b").symlink_to("a")
    watcher = Watcher(example, lambda: None, lambda: None)  # looked once here
    assert str(seeds / "millbrook-gazette.txt") in watcher.sources
    test_watch_calls_back_on_a_data_edit(example)


def test_the_watch_goes_on_after_an_unexpected_error(example: Path, capsys) -> None:
    calls: list[int] = []
    again = threading.Event()

    def regenerate() -> None:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("disk gone")
        again.set()

    stop = threading.Event()
    thread = threading.Thread(target=watch, args=(Watcher(example, regenerate, lambda: None), stop, 0.05),
                              daemon=True)
    thread.start()
    try:
        time.sleep(0.2)
        add_term(example)
        deadline = time.monotonic() + 5
        while not calls and time.monotonic() < deadline:
            time.sleep(0.05)
        glossary = example / "data/glossary.yaml"
        glossary.write_text(glossary.read_text().replace("Another way round.", "A longer way."))
        assert again.wait(5), "the watch stopped after the first error"
    finally:
        stop.set()
        thread.join(5)
    assert "RuntimeError: disk gone" in capsys.readouterr().err


def test_one_data_edit_makes_one_regeneration_and_one_rebuild(example: Path) -> None:
    calls: list[str] = []

    def regenerate() -> None:
        calls.append("regenerate")
        (example / "docs/glossary.md").write_text("# Glossary\n\nAnother way round.\n")

    watcher = Watcher(example, regenerate, lambda: calls.append("rebuild"))
    watcher.check()
    assert calls == []
    add_term(example)
    watcher.check()
    watcher.check()
    assert calls == ["regenerate", "rebuild"]


def test_a_hand_edit_under_docs_rebuilds_without_regenerating(example: Path) -> None:
    calls: list[str] = []
    watcher = Watcher(example, lambda: calls.append("regenerate"), lambda: calls.append("rebuild"))
    (example / "docs/.notes.md.swp").write_text("an editor's swap file")  # ignored, as MkDocs does
    watcher.check()
    assert calls == []
    (example / "docs/notes.md").write_text("# Notes\n")
    watcher.check()
    assert calls == ["rebuild"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
        return response.read().decode()


def wait_for(predicate: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


@contextlib.contextmanager
def serving(project: Path, temp: Path, errors: list[bytes]) -> Iterator[str]:
    """`explainer serve` on `project` (its temporary files in `temp`); yield its address, and
    put what it wrote on stderr in `errors` once it has stopped."""
    port = free_port()
    temp.mkdir()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "-p", str(project), "-a", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, "TMPDIR": str(temp)},
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        assert wait_for(lambda: "<html" in fetch(base), 60), "the server did not start"
        yield base
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=10)
        errors.append(stderr)


def test_serve_regenerates_the_page_after_a_data_edit(example: Path, tmp_path: Path) -> None:
    errors: list[bytes] = []
    with serving(example, tmp_path / "temp", errors) as base:
        url = base + "glossary/"
        assert "Traffic count" in fetch(url)
        add_term(example)
        assert wait_for(lambda: "Another way round." in fetch(url), 30)
        assert "Another way round." in (example / "docs/glossary.md").read_text()
        (example / "data/glossary.yaml").write_text("- term: [broken\n")
        time.sleep(1.5)
        assert "Another way round." in fetch(url), "a bad edit must keep the last good pages"
    assert b"Traceback" not in errors[0]
    assert f"Serving on {base}".encode() in errors[0]
    assert b"data/glossary.yaml:2:1: (file): YAML syntax error" in errors[0]
    assert list((tmp_path / "temp").iterdir()) == [], "stopping the server removes its temporary site"


def test_the_record_of_a_regeneration_is_written_soon_after_and_when_the_server_stops(
        example: Path, tmp_path: Path) -> None:
    from generator.unchanged import recall

    errors: list[bytes] = []
    with serving(example, tmp_path / "temp", errors) as base:
        url = base + "glossary/"
        add_term(example)
        assert wait_for(lambda: "Another way round." in fetch(url), 30)
        # Written a little after the browsers have the edit: `explainer generate` then has
        # nothing to do.
        assert wait_for(lambda: recall(example) is not None, 15)
        glossary = example / "data/glossary.yaml"
        glossary.write_text(glossary.read_text().replace("Another way round.", "A way round."))
        assert wait_for(lambda: "A way round." in fetch(url), 30)
    assert b"Traceback" not in errors[0]
    assert "A way round." in (example / "docs/glossary.md").read_text()
    assert recall(example) is not None  # written when the server stopped, if not before


def test_serve_shows_a_data_edit_in_the_open_page(example: Path, tmp_path: Path,
                                                  browser: Browser) -> None:  # noqa: F811
    from playwright.sync_api import expect

    errors: list[bytes] = []
    with serving(example, tmp_path / "temp", errors) as base:
        page, _ = browser.page(base)
        page.goto(base + "glossary/")
        expect(page.get_by_text("A survey of how many vehicles use a road")).to_be_visible()
        add_term(example)
        # No reload here: MkDocs' live reload must bring the new definition in.
        expect(page.get_by_text("Another way round.")).to_be_visible(timeout=30_000)
        expect(page.get_by_text("A survey of how many vehicles use a road")).to_be_visible()
        page.close()
    assert b"Traceback" not in errors[0]


def test_serve_on_a_taken_address_says_so(example: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "generator", "serve", "-p", str(example), "-a", f"127.0.0.1:{port}"],
            capture_output=True, text=True, timeout=120, check=False,
        )
    assert result.returncode == 1
    assert f"http://127.0.0.1:{port}/: cannot serve there" in result.stderr
    assert "Traceback" not in result.stderr


def _search(page: Any, query: str) -> list[str]:
    """Type `query` into the search box; the paths of the result pages, once each."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")
    page.wait_for_function(
        "() => !['Type to start searching', 'Initializing search'].includes("
        "document.querySelector('.md-search-result__meta').textContent.trim())", timeout=15000)
    links = page.locator(".md-search-result__item > a.md-search-result__link")
    paths = [urlsplit(str(links.nth(i).get_attribute("href"))).path for i in range(links.count())]
    return list(dict.fromkeys(paths))


def test_after_a_data_edit_search_finds_the_new_word_and_no_page_is_stale(
        example: Path, tmp_path: Path, browser: Browser) -> None:  # noqa: F811
    from playwright.sync_api import expect

    errors: list[bytes] = []
    positions = example / "data/positions.yaml"
    old = "The mayor argues the repairs cannot be put off."
    new = "The mayor argues the Quarrendon repairs cannot be put off."
    with serving(example, tmp_path / "temp", errors) as base:
        page, _ = browser.page(base)
        page.goto(base + "people/dana-okafor/")
        expect(page.get_by_text(old)).to_be_visible()
        assert _search(page, "Quarrendon") == []
        page.keyboard.press("Escape")
        page.evaluate("window.__notReloaded = true")
        positions.write_text(positions.read_text().replace(old, new))
        # The live preview brings the new summary into the open page, ...
        expect(page.locator("article.md-content__inner").get_by_text(new)).to_be_visible(timeout=30_000)
        # ... (put in place, once the search worker has the new index, or reloaded) ...
        page.wait_for_function("() => document.documentElement.hasAttribute('data-explainer-searched')"
                               " || window.__notReloaded !== true", timeout=30_000)
        # ... search finds it on every page that shows it, ...
        found = _search(page, "quarrendon")
        assert "/people/dana-okafor/" in found and "/positions/" in found, found
        # ... and those pages show it too, not the summary as it was.
        for path in found:
            page.goto(base.rstrip("/") + path)
            expect(page.get_by_text(new).first).to_be_visible()
            assert old not in page.locator("article").inner_text()
        page.close()
    said = errors[0].decode()
    assert "Traceback" not in said
    assert "Preview: site: rebuilt in full (first build)" in said
    assert re.search(r"Preview: site: \d+ files? rebuilt", said), said


class Looks:
    """A watcher that notes when it is asked to look, each look reporting that it took
    `took` seconds."""

    def __init__(self, took: float = 0.0) -> None:
        self.looks: list[float] = []
        self.took = took

    def check(self) -> float:
        self.looks.append(time.monotonic())
        return self.took


def test_a_slow_look_delays_the_next_one_by_at_most_the_longest_pause() -> None:
    from generator.site.watch import MAX_PAUSE

    watcher = Looks(took=10.0)
    stop = threading.Event()
    thread = threading.Thread(target=watch, args=(watcher, stop, 0.05), daemon=True)  # type: ignore[arg-type]
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while len(watcher.looks) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join(5)
    assert len(watcher.looks) >= 3
    gaps = [b - a for a, b in zip(watcher.looks[:-1], watcher.looks[1:], strict=True)]
    assert all(gap < MAX_PAUSE + 0.4 for gap in gaps), gaps  # not 10 s / MAX_LOAD


def test_looking_is_timed_in_the_watching_thread_own_time(example: Path) -> None:
    """A look that waits (for the disk, or while a build holds the processor in another
    thread) reports only the processor time it took itself, so the next look is not put off."""
    watcher = Watcher(example, lambda: None, lambda: None)
    look = watcher._sources

    def waiting_look() -> dict[str, tuple[int, int]]:
        time.sleep(0.3)
        return look()

    watcher._sources = waiting_look  # type: ignore[method-assign]
    start = time.perf_counter()
    looked = watcher.check()
    assert time.perf_counter() - start >= 0.3
    assert looked < 0.15
