"""Live preview: MkDocs' own server, plus a watcher that regenerates pages when data changes.

MkDocs reloads the browser whenever a file under docs/ changes, so regenerating the pages
is all an edit under data/ (or templates/, or seeds/) needs.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

WATCHED = ("data", "seeds", "templates")


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    state: dict[str, tuple[int, int]] = {}
    for folder in WATCHED:
        base = root / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if path.is_file():
                stat = path.stat()
                state[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return state


def watch(root: Path, on_change: Callable[[], None], stop: threading.Event,
          interval: float = 0.2) -> None:
    """Call `on_change` after each change under the watched folders, until `stop` is set."""
    before = snapshot(root)
    while not stop.wait(interval):
        now = snapshot(root)
        if now != before:
            before = now
            on_change()


def serve(root: Path, dev_addr: str | None, regenerate: Callable[[], None]) -> None:
    from mkdocs.commands.serve import serve as mkdocs_serve

    stop = threading.Event()
    thread = threading.Thread(target=watch, args=(root, regenerate, stop), daemon=True)
    thread.start()
    try:
        if dev_addr:
            mkdocs_serve(config_file=str(root / "mkdocs.yml"), livereload=True, dev_addr=dev_addr)
        else:
            mkdocs_serve(config_file=str(root / "mkdocs.yml"), livereload=True)
    finally:
        stop.set()
