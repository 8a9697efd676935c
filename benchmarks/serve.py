"""Time how soon `explainer serve` shows a data edit in the browser (not a test).

    .venv/bin/python benchmarks/serve.py [PROJECT] [--scale N] [--runs 5] [--out FILE]
    .venv/bin/python benchmarks/serve.py [PROJECT] [--scale N] --mkdocs-alone
    .venv/bin/python benchmarks/serve.py [PROJECT] [--scale N] --browser-alone

Copies the project (the repository's explainer by default, two editions; with `--scale N` a
synthetic project N times the size of a small one, `benchmarks/synthetic.py`, one edition) to
a temporary folder, starts `explainer serve` there and opens its glossary page in headless
Chromium. Then, `--runs`
times, it edits the first glossary definition (each time with a new word in it) and times,
from the moment the file is written, until:

- docs/ holds the regenerated page (docs/glossary.md contains the new word);
- MkDocs has rebuilt the site (the server prints its "Preview: ..." line, read from its
  output as it comes, so that the server is not kept busy answering requests while it
  builds; once the browser shows the edit, the served HTML is fetched over HTTP once to
  check that it has the word);
- the browser shows it (the open page, changed in place by the preview's script or reloaded,
  contains it, and a frame has been drawn since).

It prints the median and the maximum of each as a Markdown table, with the MkDocs part alone
(from docs/ regenerated until the served HTML has the edit), the browser's part alone (from
the moment the page heard of the build until the edit is drawn, by the page's own clock,
when it was changed in place) and how the server said it rebuilt the site (`--out` also
writes it to a file). The target is at most 1 s until the browser shows the edit at 1x,
1.5 s at 100x. With `--mkdocs-alone` it times instead, in one
process, the regeneration, the preview's rebuild of what changed and a full build of the
same pages, after each edit: the MkDocs part alone, on a machine that others share. With
`--browser-alone` it times only the browser's part, the floor under the whole: the built
page reloaded from a plain static server, with nothing else running.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from tests.browser import CHROMIUM_FLAGS, chromium_path  # noqa: E402
from tests.conftest import copy_project  # noqa: E402

PAGE = "glossary/"
SOURCE = "data/glossary.yaml"
GENERATED = "docs/glossary.md"
POLL = 0.005  # seconds between two looks at docs/ or at the served page
TIMEOUT = 30.0
START_TIMEOUT = 900.0  # the first generation and full build of a large project take minutes
STAGES = ("docs/ regenerated", "MkDocs rebuilt (served HTML)", "browser shows the edit")
MKDOCS = "MkDocs part alone (rebuilt - regenerated)"
BROWSER = "browser part alone (the server's notice of the build until drawn)"
RELOADS = "page reloads"
# The open page's own marks (generator/site/update.js): when it heard of the build; and now.
MARKS = ("() => [performance.getEntriesByName('explainer:built').map(m => m.startTime).pop(),"
         " performance.now()]")
# The reloaded page has the word (cheap enough to ask every 5 ms: no layout), ...
IN_PAGE = "word => document.body !== null && document.body.textContent.includes(word)"
# ... and has been drawn: two animation frames later (animation frames run as the browser draws
# a frame, which it does only once the page's style sheets have loaded).
PAINTED = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=TIMEOUT) as response:  # noqa: S310 - loopback only
        return str(response.read().decode("utf-8"))


def with_word(text: str, word: str) -> str:
    """`text` (a glossary file) with `word` put at the start of its first definition."""
    lines = text.splitlines(keepends=True)
    for number, line in enumerate(lines):
        key, found, value = line.partition("definition:")
        if not found or key.strip(" -"):
            continue
        value = value.strip()
        if value[:1] in (">", "|"):  # a block scalar: the text starts on the next line
            following = lines[number + 1]
            indent = following[: len(following) - len(following.lstrip())]
            lines[number + 1] = f"{indent}{word} {following.lstrip()}"
        elif value and value[0] not in "'\"":
            lines[number] = f"{key}definition: {word} {value}\n"
        else:
            raise SystemExit(f"{SOURCE}: the first definition is quoted or empty; this script"
                             " edits plain or block (>- or |) definitions only")
        return "".join(lines)
    raise SystemExit(f"{SOURCE}: no glossary definition to edit")


def time_until(check: Callable[[], bool], start: float, results: dict[str, float], name: str,
               timeout: float | None = None) -> None:
    """Record in `results[name]` the seconds from `start` until `check()` holds."""
    deadline = start + (TIMEOUT if timeout is None else timeout)
    while time.perf_counter() < deadline:
        try:
            if check():
                results[name] = time.perf_counter() - start
                return
        except OSError:
            pass
        time.sleep(POLL)


class Output:
    """What the server prints, copied to `log` as it comes, with the moment each line
    beginning "Preview: " (a build done) arrived."""

    def __init__(self, server: subprocess.Popen[bytes], log: Any) -> None:
        self.built: list[float] = []
        self.reader = threading.Thread(target=self._read, args=(server, log), daemon=True)
        self.reader.start()

    def _read(self, server: subprocess.Popen[bytes], log: Any) -> None:
        assert server.stdout is not None
        for line in server.stdout:
            if line.startswith(b"Preview: "):
                self.built.append(time.perf_counter())
            log.write(line)
            log.flush()


def start_server(root: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "-p", str(root), "-a", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=REPO,
    )


def stop_server(server: subprocess.Popen[bytes]) -> None:
    server.terminate()  # `explainer serve` stops as on Ctrl-C and removes its temporary site
    try:
        server.wait(10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(10)


def one_edit(page: Any, root: Path, url: str, original: str, word: str,
             output: Output) -> dict[str, float]:
    """Write `word` into the first definition; the seconds until each stage shows it."""
    source, generated = root / SOURCE, root / GENERATED
    found: dict[str, float] = {}
    builds = len(output.built)
    page.evaluate("performance.clearMarks()")
    start = time.perf_counter()
    source.write_text(with_word(original, word), encoding="utf-8")
    poller = threading.Thread(target=time_until, args=(
        lambda: word in generated.read_text(encoding="utf-8"), start, found, STAGES[0]))
    poller.start()
    page.wait_for_function(IN_PAGE, arg=word, polling=POLL * 1000, timeout=TIMEOUT * 1000)
    page.evaluate(PAINTED)
    found[STAGES[2]] = time.perf_counter() - start
    heard, now = page.evaluate(MARKS)
    if heard is not None:  # the page was changed in place (a reloaded page has no mark)
        found[BROWSER] = (now - heard) / 1000
    poller.join()
    # The first build done after the edit was written (the page shows the edit, so one was).
    built = [moment for moment in output.built[builds:] if moment > start]
    if built and word in fetch(url):
        found[STAGES[1]] = built[0] - start
    missing = [name for name in STAGES if name not in found]
    if missing:
        raise SystemExit(f"{word}: timed out waiting for {', '.join(missing)}")
    found[MKDOCS] = found[STAGES[1]] - found[STAGES[0]]
    return found


def measure(root: Path, runs: int) -> tuple[list[dict[str, float]], list[str]]:
    """The times of each edit, and what the server said about each rebuild."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        raise SystemExit("Chromium is not installed (apt-get install chromium)")
    port = free_port()
    url = f"http://127.0.0.1:{port}/{PAGE}"
    original = (root / SOURCE).read_text(encoding="utf-8")
    log_path = root.parent / "serve.log"
    results = []
    with log_path.open("wb") as log:
        server = start_server(root, port)
        output = Output(server, log)
        try:
            ready: dict[str, float] = {}
            time_until(lambda: "<html" in fetch(url), time.perf_counter(), ready, "up", START_TIMEOUT)
            if "up" not in ready:
                raise SystemExit(f"the server did not answer at {url}:\n{log_path.read_text()}")
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
                page = browser.new_context(service_workers="block").new_page()
                loads: list[float] = []
                page.on("load", lambda _: loads.append(time.perf_counter()))
                page.goto(url, wait_until="load")
                page.wait_for_timeout(1000)  # let the live-reload script connect, the watchers settle
                for run in range(1, runs + 1):
                    before = len(loads)
                    try:
                        found = one_edit(page, root, url, original, f"Benchmark{run:03d}edit", output)
                    except SystemExit as exc:
                        raise SystemExit(f"{exc}\nThe server said:\n{log_path.read_text()}") from None
                    page.wait_for_timeout(1000)  # a second rebuild would reload the page again
                    found[RELOADS] = len(loads) - before
                    results.append(found)
                    print(f"run {run}: " + ", ".join(f"{name} {found[name]:.3f} s" for name in STAGES)
                          + f"; {found[RELOADS]:.0f} page reload(s)", file=sys.stderr)
                browser.close()
        finally:
            stop_server(server)
            output.reader.join(10)
    said = [line for line in log_path.read_text(encoding="utf-8").splitlines()
            if line.startswith("Preview: ")]
    return results, said


def mkdocs_alone(root: Path, runs: int) -> str:
    """In this process, without server or browser: after each edit (regenerated), the preview's
    rebuild of what changed, against a full build of every edition of the same pages."""
    from mkdocs.config import load_config

    from generator.pipeline import generate
    from generator.site.preview import Site
    from generator.site.serve import TemplateCache, keep_templates

    cache = TemplateCache()

    def load(path: Path, site_dir: str) -> Any:
        config = load_config(config_file=str(path), site_dir=site_dir)
        keep_templates(config, cache)
        return config

    generate(root)
    served, fresh = Site(root, str(root.parent / "served"), "http://127.0.0.1:8000/"), None
    served.build(load)
    served.tidy()
    original = (root / SOURCE).read_text(encoding="utf-8")
    times: dict[str, list[float]] = {"regenerate": [], "rebuild what changed": [], "full build": []}
    said = []
    for run in range(1, runs + 1):
        (root / SOURCE).write_text(with_word(original, f"Benchmark{run:03d}edit"), encoding="utf-8")
        for name, step in (("regenerate", lambda: generate(root)),
                           ("rebuild what changed", lambda: said.append(served.build(load)))):
            start = time.perf_counter()
            step()
            times[name].append(time.perf_counter() - start)
        served.tidy()  # as `explainer serve` does once the browsers have the site
        fresh = Site(root, str(root.parent / f"fresh{run}"), "http://127.0.0.1:8000/")
        start = time.perf_counter()
        fresh.build(load)
        times["full build"].append(time.perf_counter() - start)
        print(f"run {run}: " + ", ".join(f"{n} {t[-1]:.3f} s" for n, t in times.items()), file=sys.stderr)
    rows = ["| step, in one process | median s | max s |", "|---|---:|---:|"]
    rows += [f"| {name} | {statistics.median(t):.2f} | {max(t):.2f} |" for name, t in times.items()]
    return "\n".join(rows) + "\n\nThe rebuilds: " + "; ".join(f"({s})" for s in said) + "\n"


def browser_alone(root: Path, runs: int) -> str:
    """The browser's part alone: the page, with the edit in it, built by `mkdocs build`,
    served by a plain static server in this process, and reloaded `runs` times in headless
    Chromium, with the search index and with its download refused. The time from asking for
    the reload until the page shows the edit and has been drawn, as in `one_edit`; nothing
    else runs meanwhile."""
    import functools
    import http.server

    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from playwright.sync_api import sync_playwright

    from generator.pipeline import generate

    executable = chromium_path()
    if executable is None:
        raise SystemExit("Chromium is not installed (apt-get install chromium)")
    word = "Benchmark000floor"
    source = root / SOURCE
    source.write_text(with_word(source.read_text(encoding="utf-8"), word), encoding="utf-8")
    generate(root)
    site = root.parent / "built"
    build(load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site)))

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/{PAGE}"
    times: dict[str, list[float]] = {"with the search index": [], "search index refused": []}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
            for name, found in times.items():
                page = browser.new_context(service_workers="block").new_page()
                if name == "search index refused":
                    page.route("**/search_index.json", lambda route: route.abort())
                page.goto(url, wait_until="load")
                page.wait_for_timeout(1000)
                for _ in range(runs):
                    start = time.perf_counter()
                    page.reload(wait_until="commit")
                    page.wait_for_function(IN_PAGE, arg=word, polling=POLL * 1000, timeout=TIMEOUT * 1000)
                    page.evaluate(PAINTED)
                    found.append(time.perf_counter() - start)
                    page.wait_for_timeout(1000)
                page.close()
            browser.close()
    finally:
        server.shutdown()
    rows = ["| the page reloaded from a static server until it shows the edit | median s | max s |",
            "|---|---:|---:|"]
    rows += [f"| {name} | {statistics.median(t):.2f} | {max(t):.2f} |" for name, t in times.items()]
    return "\n".join(rows) + "\n"


def table(results: list[dict[str, float]]) -> str:
    rows = ["| from the data edit until | median s | max s |", "|---|---:|---:|"]
    for name in (*STAGES, MKDOCS, BROWSER):
        times = [r[name] for r in results if name in r]
        if times:
            rows.append(f"| {name} | {statistics.median(times):.2f} | {max(times):.2f} |")
    reloads = ", ".join(f"{r[RELOADS]:.0f}" for r in results)
    return "\n".join(rows) + f"\n\nPage reloads after each edit: {reloads}.\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", nargs="?", default=str(REPO))
    parser.add_argument("--scale", type=int, metavar="N",
                        help="Serve a synthetic project N times the size of a small one instead.")
    parser.add_argument("--mkdocs-alone", action="store_true",
                        help="Time, in this process, the rebuild of what changed against a full"
                        " build, without server or browser.")
    parser.add_argument("--browser-alone", action="store_true",
                        help="Time only the browser: the built page reloaded from a static"
                        " server, with and without the search index.")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", metavar="FILE", help="Also write the table to FILE.")
    args = parser.parse_args()
    if args.scale:  # a large project regenerates for seconds; its glossary page is long
        global TIMEOUT
        TIMEOUT = 30.0 * max(1, args.scale // 10)
    with tempfile.TemporaryDirectory(prefix="explainer-serve-benchmark-") as folder:
        if args.scale:
            sys.path.insert(0, str(REPO / "benchmarks"))
            from synthetic import write_project

            root = Path(folder) / "project"
            write_project(root, args.scale)
            what = f"a synthetic project at {args.scale}x"
        else:
            root = copy_project(Path(args.project).resolve(), Path(folder) / "project")
            what = ("this repository's explainer" if Path(args.project).resolve() == REPO
                    else Path(args.project).resolve().name)
        if args.mkdocs_alone or args.browser_alone:
            text = (f"`explainer serve`'s rebuild on {what}: {args.runs} edits of one glossary"
                    f" definition ({os.cpu_count()} CPU cores)\n\n{mkdocs_alone(root, args.runs)}"
                    if args.mkdocs_alone else
                    f"The browser alone on {what}: /{PAGE} reloaded {args.runs} times"
                    f" ({os.cpu_count()} CPU cores)\n\n{browser_alone(root, args.runs)}")
            print(text, end="")
            if args.out:
                Path(args.out).write_text(text, encoding="utf-8")
            return
        results, said = measure(root, args.runs)
    rebuilds = "".join(f"- {line}\n" for line in said)
    text = (f"`explainer serve` on {what}: {args.runs} edits of one glossary definition, shown on"
            f" /{PAGE} ({os.cpu_count()} CPU cores)\n\n{table(results)}\n"
            f"What the server said about each build (the first is the one it starts with):\n\n"
            f"{rebuilds}")
    print(text, end="")
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
