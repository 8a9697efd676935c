"""The offline copy's pages rewritten while MkDocs is still building the site.

MkDocs writes a site's pages one after the other. With one edition, the second process
makes the handouts and then would wait for the build to end; instead it rewrites, for the
offline copy (`derive.write_pages`), each page that MkDocs has finished writing. The
building process says which ones are finished by adding their paths, one a line, to a file
(`Progress`, a MkDocs plugin that only watches and changes nothing): a page is finished when
MkDocs goes on to the next one, or to the end of the build. When the build is over, the
building process adds an `END` line; the other process then stops after the pages in hand
and reports what it rewrote, and the build rewrites the rest.

The other process learns the pages' addresses from the configuration, before the build.
What it rewrote is used only when those addresses are the ones the finished build reports
(`derive.edition`); otherwise, or when it found a page it could not be sure of, the build
rewrites every page itself, from scratch.

With several editions, the other process builds the editions after the first; once this
process has built the first one and made its handouts, it rewrites the first edition's
pages while the other is still at work (`while_others_build`), used on the same condition.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import derive

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

END = "\0end"  # no page's path holds a NUL
_CHUNK = 16  # pages rewritten before the list is read again
_PAUSE = 0.02  # seconds to wait for MkDocs to finish another page


@dataclass
class Streamed:
    """The pages rewritten during the build, for the editions the other process expected,
    or why it stopped (then nothing of it is used)."""

    editions: list[derive.Edition] = field(default_factory=list)
    remote: dict[derive.Job, list[str]] = field(default_factory=dict)
    unsure: str | None = None


def _append(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as stream:
        stream.write(line + "\n")


def plugin(path: Path) -> Any:
    """A MkDocs plugin that adds to `path` each page of the build as it is finished."""
    from mkdocs.plugins import BasePlugin

    class Progress(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
        def __init__(self) -> None:
            super().__init__()
            self.last: str | None = None

        def _finished(self) -> None:
            if self.last is not None:
                _append(path, self.last)
                self.last = None

        def on_post_page(self, output: str, /, *, page: Any, config: MkDocsConfig) -> str:
            self._finished()  # MkDocs wrote the page before this one
            self.last = page.file.dest_uri
            return output

        def on_post_build(self, *, config: MkDocsConfig) -> None:
            self._finished()

    found = Progress()
    found.load_config({})
    return found


def end(path: Path) -> None:
    """Tell the other process that the build is over."""
    _append(path, END)


def _expected(config_file: Path, hosted: Path, prefix: str = "") -> list[derive.Edition]:
    """The edition's pages as the build will make them, from its configuration."""
    from mkdocs.config import load_config

    from .jobs import Collect

    logger = logging.getLogger("mkdocs")
    handler = Collect()  # the build itself reports the configuration's warnings
    logger.addHandler(handler)
    logger.propagate, propagate = False, logger.propagate
    try:
        config = load_config(config_file=str(config_file), site_dir=str(hosted))
        return [derive.edition(config, prefix)]
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def follow(config_file: Path, hosted: Path, target: Path, progress: Path) -> Streamed:
    """Rewrite into `target` each page of `hosted` that the build lists in `progress` as
    finished, until it lists END."""
    try:
        editions = _expected(config_file, hosted)
    except Exception as exc:  # noqa: BLE001 - the build itself says what is wrong
        return Streamed(unsure=f"{type(exc).__name__}: {exc}")
    ed = editions[0]
    if len(ed.moves) != len(ed.pages):
        return Streamed(unsure="two pages have the same address")
    by_dest = {job[1]: job for job in derive.jobs(editions) if job[1] != "404.html"}
    done = Streamed(editions)
    offset, ended, waiting = 0, False, []
    parent = os.getppid()
    while True:
        if not ended:
            try:
                with progress.open("rb") as stream:
                    stream.seek(offset)
                    data = stream.read()
            except FileNotFoundError:
                data = b""
            if os.getppid() != parent or (offset and not data and not progress.exists()):
                return Streamed(unsure="the build stopped")  # its process is gone
            complete = data[:data.rfind(b"\n") + 1]
            offset += len(complete)
            for line in complete.decode("utf-8").splitlines():
                if line == END:
                    ended = True
                elif line in by_dest and (hosted / line).is_file():
                    waiting.append(by_dest[line])
        if waiting:
            chosen, waiting = waiting[:_CHUNK], waiting[_CHUNK:]
            try:
                done.remote.update(derive.write_pages(hosted, target, editions, chosen))
            except derive.Unsure as exc:
                return Streamed(unsure=str(exc))
        if ended:
            return done  # what is still waiting is left to the build
        if not waiting:
            time.sleep(_PAUSE)


def while_others_build(hosted: Path, target: Path, first: list[derive.Edition],
                       others: list[tuple[Path, str]], building: Callable[[], bool]) -> Streamed:
    """With several editions, the first one built here and the others in the other process:
    rewrite the first edition's pages (in `hosted`) into `target` while `building()` says
    the others are not done yet, rather than wait for them. The other editions' addresses
    come from their configurations; what is rewritten is used only if the finished builds
    give the same (`Streamed.editions`), as for the pages rewritten during a build."""
    try:
        editions = first + [_expected(path, hosted / lang, f"{lang}/")[0] for path, lang in others]
    except Exception as exc:  # noqa: BLE001 - the build itself says what is wrong
        return Streamed(unsure=f"{type(exc).__name__}: {exc}")
    done = Streamed(editions)
    todo = [job for job in derive.jobs(editions) if job[0] == 0]
    while todo and building():
        chosen, todo = todo[:_CHUNK], todo[_CHUNK:]
        try:
            done.remote.update(derive.write_pages(hosted, target, editions, chosen))
        except derive.Unsure as exc:
            return Streamed(unsure=str(exc))
    return done
