"""Seeing edits for the live preview: a watcher that looks at the project's files, told by
the system when one changes so that it looks at once.

The watcher looks at the project every 0.05 s (less often in a project so large that
looking takes long), and as soon as the system says a file changed under the sources
(`nudger`; where the system gives no such notice, it only looks at its pace). What
changed is always decided by looking: the modification time and size of every file. After
an edit under data/, seeds/, templates/ or locales/ it regenerates the pages; then, when
anything under docs/ changed (pages it just wrote, or pages written by hand), it asks for
one rebuild.
"""

from __future__ import annotations

import os
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path

from watchdog.events import (
    EVENT_TYPE_CLOSED,
    EVENT_TYPE_CREATED,
    EVENT_TYPE_DELETED,
    EVENT_TYPE_MODIFIED,
    EVENT_TYPE_MOVED,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

SOURCES = ("data", "seeds", "templates", "locales")
DOCS = "docs"
INTERVAL = 0.05  # seconds between two looks at the project
SETTLE = 0.02  # after a change, look again this much later until the files stop changing
SETTLE_LOOKS = 25  # but not more often than this
MAX_LOAD = 0.1  # in a large project, pause long enough that looking takes at most this share of time
MAX_PAUSE = 0.5  # but never longer than this between two looks

State = dict[str, tuple[int, int]]


def _files(folder: Path, hidden: bool, seen: set[tuple[int, int]] | None = None,
           ) -> Iterator[os.DirEntry[str]]:
    """The files under `folder`, linked folders followed (as MkDocs reads them) but each
    folder looked at once, so that a link loop (`seeds/loop -> ..`) ends the walk."""
    seen = set() if seen is None else seen
    try:
        info = os.stat(folder)
        entries = list(os.scandir(folder))
    except OSError:  # no such folder (yet), not a folder, or a link that cannot be followed
        return
    if (info.st_dev, info.st_ino) in seen:
        return
    seen.add((info.st_dev, info.st_ino))
    for entry in entries:
        if not hidden and entry.name.startswith("."):
            continue
        try:
            is_dir, is_file = entry.is_dir(), entry.is_file()
        except OSError:  # a link loop, or removed while we looked
            continue
        if is_dir:
            yield from _files(Path(entry.path), hidden, seen)
        elif is_file:
            yield entry


def snapshot(root: Path, folders: tuple[str, ...] = SOURCES, *, hidden: bool = True) -> State:
    """The modification time and size of every file under `folders` of `root`; without
    `hidden`, files and folders whose name starts with a dot are left out (MkDocs ignores
    them in docs/)."""
    state: State = {}
    for folder in folders:
        for entry in _files(root / folder, hidden):
            try:
                stat = entry.stat()
            except FileNotFoundError:  # removed while we looked
                continue
            state[entry.path] = (stat.st_mtime_ns, stat.st_size)
    return state


class Watcher:
    """Regenerates the pages after a change under the sources, and asks for a rebuild after a
    change under docs/, one look at a time (`check`)."""

    def __init__(self, root: Path, regenerate: Callable[[], None], rebuild: Callable[[], None]) -> None:
        self.root = root
        self.regenerate = regenerate
        self.rebuild = rebuild
        self.sources = self._sources()
        self.docs = self._docs()

    def _sources(self) -> State:
        return snapshot(self.root, SOURCES)

    def _docs(self) -> State:
        editions = tuple(p.name for p in sorted(self.root.glob("docs-*")) if p.is_dir())
        return snapshot(self.root, (DOCS, *editions), hidden=False)

    @staticmethod
    def _settled(look: Callable[[], State], state: State) -> State:
        """`state` once the files stop changing (an editor may save a file in several writes),
        or after SETTLE_LOOKS looks if they keep changing."""
        for _ in range(SETTLE_LOOKS):
            time.sleep(SETTLE)
            again = look()
            if again == state:
                break
            state = again
        return state

    def check(self) -> float:
        """Look once: regenerate and rebuild as needed; return the seconds spent looking."""
        # Looking is timed in this thread's own processor time: a look that waited while a
        # build ran in another thread did not cost the machine more, and must not make the
        # next look come later.
        start = time.thread_time()
        sources = self._sources()
        looked = time.thread_time() - start
        regenerated = sources != self.sources
        if regenerated:
            self.sources = self._settled(self._sources, sources)
            self.regenerate()
        start = time.thread_time()
        docs = self._docs()
        looked += time.thread_time() - start
        if docs != self.docs:
            # Pages just regenerated are written in full already: no need to wait for them.
            self.docs = docs if regenerated else self._settled(self._docs, docs)
            self.rebuild()
        return looked


def watch(watcher: Watcher, stop: threading.Event, interval: float = INTERVAL,
          wake: threading.Event | None = None) -> None:
    """Look with `watcher` every `interval` seconds (longer in a large project, at most
    MAX_PAUSE), and at once whenever `wake` is set, until `stop` is set (which must set
    `wake` too). An unexpected error is printed and the watch goes on, so that the preview
    keeps following edits."""
    pause = interval
    while True:
        if wake is None:
            stop.wait(pause)
        else:
            wake.wait(pause)
            wake.clear()
        if stop.is_set():
            break
        try:
            pause = min(MAX_PAUSE, max(interval, watcher.check() / MAX_LOAD))
        except Exception:  # noqa: BLE001 - a bug must not end the preview silently
            traceback.print_exc()
            pause = interval


WRITES = frozenset({EVENT_TYPE_CREATED, EVENT_TYPE_MODIFIED, EVENT_TYPE_DELETED, EVENT_TYPE_MOVED,
                    EVENT_TYPE_CLOSED})  # what the system says of a file that changed


class Nudge(FileSystemEventHandler):
    """Sets `wake` when the system says a file changed, so that the watcher looks at once
    instead of at its next look (a file read, opened or closed unchanged is no news)."""

    def __init__(self, wake: threading.Event) -> None:
        self.wake = wake

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in WRITES:
            self.wake.set()


def nudger(root: Path, wake: threading.Event) -> BaseObserver | None:
    """An observer of the sources (data/, seeds/, templates/, locales/), which sets `wake` on
    a change (the watcher still decides what changed, by looking); None where the system
    gives no such notice (the watcher then only looks at its pace). Not of docs/: the
    regeneration writes there, and a look while the site builds would only slow the build;
    a page edited by hand under docs/ is seen at the next look."""
    try:
        observer = Observer()
        handler = Nudge(wake)
        for folder in (root / name for name in SOURCES):
            if folder.is_dir():
                observer.schedule(handler, str(folder), recursive=True)
        observer.daemon = True
        observer.start()
    except OSError:  # no inotify here, or too many watched folders: looking alone still works
        return None
    return observer
