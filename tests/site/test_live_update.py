"""Live preview in the browser: after an edit, the open page puts its changed blocks in place
(no reload) when it can be sure of it, and reloads when it cannot; search finds the new
words either way. And the watcher is told at once of a changed file."""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path

from generator.site.serve import UPDATE_SCRIPT, WORKERS_SCRIPT, Server
from generator.site.watch import nudger, watch

from ..browser import Browser, browser  # noqa: F401 - fixture
from .test_serve import Looks, _search, add_term, fetch, serving

ARTICLE = "article.md-content__inner"
OLD = "A survey of how many vehicles use a road, usually over a week."
NEW = "A survey of how many Quillvane vehicles use a road, usually over a week."
# Set in the open page before an edit: still there afterwards only if the page was not reloaded.
MARK = "window.__notReloaded = true"
KEPT = "window.__notReloaded === true"


def _edit_definition(root: Path) -> None:
    glossary = root / "data/glossary.yaml"
    text = glossary.read_text(encoding="utf-8")
    assert OLD in text
    glossary.write_text(text.replace(OLD, NEW), encoding="utf-8")


def test_a_definition_edit_is_put_in_place_and_search_finds_it(example: Path, tmp_path: Path,
                                                               browser: Browser) -> None:  # noqa: F811
    from playwright.sync_api import expect

    errors: list[bytes] = []
    with serving(example, tmp_path / "temp", errors) as base:
        page, _ = browser.page(base)
        loads: list[str] = []
        page.on("load", lambda _: loads.append(page.url))
        page.goto(base + "glossary/")
        expect(page.get_by_text(OLD)).to_be_visible()
        page.wait_for_selector("html[data-explainer-shown]", state="attached")  # fetched as served
        assert _search(page, "Quillvane") == []
        page.keyboard.press("Escape")
        page.evaluate(MARK)
        _edit_definition(example)
        expect(page.locator(ARTICLE).get_by_text(NEW)).to_be_visible(timeout=30_000)
        assert page.evaluate(KEPT), "the page was reloaded instead of changed in place"
        assert len(loads) == 1
        # The search worker was given the new index, and the search typed before the edit
        # was asked again: its results now show the page.
        page.wait_for_selector("html[data-explainer-searched]", state="attached", timeout=30_000)
        page.locator("input.md-search__input").click()
        expect(page.locator(".md-search-result__item > a.md-search-result__link").first).to_have_attribute(
            "href", re.compile(r"glossary/"))
        page.keyboard.press("Escape")
        assert _search(page, "quillvane") == ["/glossary/"]
        page.keyboard.press("Escape")
        # What the page shows is what a fresh load of it shows, block for block.
        shown = page.locator(ARTICLE).inner_text()
        fresh, _ = browser.page(base)
        fresh.goto(base + "glossary/")
        assert fresh.locator(ARTICLE).inner_text() == shown
        assert OLD not in shown
        fresh.close()
        # A second edit, from the page as changed in place, is put in place too.
        again = NEW.replace("Quillvane", "Quillvane Tarnhollow")
        glossary = example / "data/glossary.yaml"
        glossary.write_text(glossary.read_text(encoding="utf-8").replace(NEW, again), encoding="utf-8")
        expect(page.locator(ARTICLE).get_by_text(again)).to_be_visible(timeout=30_000)
        assert page.evaluate(KEPT)
        page.close()
    assert b"Traceback" not in errors[0]


def test_a_new_heading_reloads_the_page(example: Path, tmp_path: Path,
                                        browser: Browser) -> None:  # noqa: F811
    """A new term is a new heading, which the table of contents lists and the theme's script
    follows: the page is reloaded, and shows it."""
    from playwright.sync_api import expect

    errors: list[bytes] = []
    with serving(example, tmp_path / "temp", errors) as base:
        page, _ = browser.page(base)
        page.goto(base + "glossary/")
        expect(page.get_by_text(OLD)).to_be_visible()
        page.wait_for_selector("html[data-explainer-shown]", state="attached")
        page.evaluate(MARK)
        add_term(example)
        expect(page.get_by_text("Another way round.")).to_be_visible(timeout=30_000)
        page.wait_for_load_state("load")
        assert not page.evaluate(KEPT), "a new heading must reload the page"
        assert page.locator(".md-nav--secondary").get_by_text("Detour").count() > 0  # in the contents
        page.close()
    assert b"Traceback" not in errors[0]


def test_a_served_page_carries_the_preview_scripts(example: Path, tmp_path: Path) -> None:
    errors: list[bytes] = []
    with serving(example, tmp_path / "temp", errors) as base:
        served = fetch(base + "glossary/")
    head = served.index("<head>")
    charset = served.index('<meta charset="utf-8">')
    workers = served.index(WORKERS_SCRIPT.decode())
    assert head < charset < workers < served.index("<title>")
    assert served.index(UPDATE_SCRIPT.decode()) > served.index('<script data-explainer-epoch="')
    assert served.rstrip().endswith("</script></body>\n</html>") or served.rstrip().endswith("</html>")
    assert served.count("data-explainer-epoch=") == 1
    assert "location.reload();\n            } else" not in served, "MkDocs' own script is replaced"


def test_the_scripts_are_put_where_they_belong_and_cannot_end_early() -> None:
    for script in (UPDATE_SCRIPT, WORKERS_SCRIPT):
        assert b"</script" not in script.lower()
    head = b'<!doctype html><html><head>\n<meta charset="utf-8">'
    page = head + b"<title>T</title></head><body><p>x</p></body></html>"
    injected = Server._inject_js_into_html(None, page, 17)  # type: ignore[arg-type]
    assert injected.startswith(head + b"<script>" + WORKERS_SCRIPT + b"</script><title>")
    end = b'<script data-explainer-epoch="17">' + UPDATE_SCRIPT + b"</script></body></html>"
    assert injected.endswith(end)
    bare = Server._inject_js_into_html(None, b"<p>no head or body</p>", 3)  # type: ignore[arg-type]
    assert bare == b'<p>no head or body</p><script data-explainer-epoch="3">' + UPDATE_SCRIPT + b"</script>"


def test_a_nudge_makes_the_watcher_look_at_once() -> None:
    watcher, stop, wake = Looks(), threading.Event(), threading.Event()
    thread = threading.Thread(target=watch, args=(watcher, stop, 30.0, wake), daemon=True)
    thread.start()
    try:
        time.sleep(0.2)
        assert watcher.looks == []  # the next look is 30 s away
        nudged = time.monotonic()
        wake.set()
        deadline = nudged + 5
        while not watcher.looks and time.monotonic() < deadline:
            time.sleep(0.01)
        assert watcher.looks and watcher.looks[0] - nudged < 1.0
    finally:
        stop.set()
        wake.set()
        thread.join(5)
    assert not thread.is_alive()


def test_the_system_tells_of_a_write_and_not_of_a_read(example: Path) -> None:
    wake = threading.Event()
    (example / "docs").mkdir(exist_ok=True)
    (example / "templates").mkdir(exist_ok=True)
    observer = nudger(example, wake)
    assert observer is not None
    try:
        time.sleep(0.3)
        wake.clear()
        (example / "data/glossary.yaml").read_bytes()  # read only: no news
        time.sleep(0.5)
        assert not wake.is_set()
        add_term(example)
        assert wake.wait(5)
        time.sleep(0.3)  # the write's later notices (modified, closed) come in too
        wake.clear()
        (example / "templates/note.md.j2").write_text("A note.\n", encoding="utf-8")
        assert wake.wait(5)
        time.sleep(0.3)
        wake.clear()
        # Not docs/, where the regeneration writes: a hand edit there waits for the next look.
        (example / "docs/notes.md").write_text("# Notes\n", encoding="utf-8")
        time.sleep(0.5)
        assert not wake.is_set()
    finally:
        observer.stop()
        observer.join(5)
