"""A generation with nothing to do, recognised without doing it.

After each `explainer generate` that wrote its pages, `.explainer-cache.json` in the project
records what that run read and what it left: a digest of every input (data/, seeds/,
templates/, locales/, mkdocs.yml, the variables mkdocs.yml can name, the tool's own files
and the installed packages' versions) taken before the run read them, and the size, times
and inode of every file under docs/ and docs-LANG/ and of each mkdocs.LANG.yml, taken after
it wrote them, with the digest of each file it wrote. The next run that finds the same
inputs and every one of those files as it was gives the same report without loading or
rendering anything; any difference, or any doubt, means the whole work is done again:

- the cache missing, unreadable, of another format or made by another version of the tool;
- an input changed, added or removed, or a symbolic link or special file among the inputs
  or the pages (whose meaning a digest of names and bytes cannot pin down);
- a page, the manifest, the staging folder or a hand-written file added, removed or touched.

A file's times are only as fine as its file system's clock, so a file written shortly before
the record was taken could be changed again without its times showing it; such a file is
compared by content. The cache is only ever read as data, and never names a path to write.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import __version__
from .files import plain, project_lock

CACHE = ".explainer-cache.json"
FORMAT = 1
INPUT_FOLDERS = ("data", "seeds", "templates", "locales")
PACKAGE = Path(__file__).resolve().parent
MAX_CACHE_BYTES = 64 * 1024 * 1024
# How long after a file's last change its times may fail to show a further change (a few
# milliseconds on most file systems, two seconds on FAT).
RACY_NS = 3_000_000_000

State = dict[str, list[int]]


class _Unsure(Exception):
    """Something the record cannot vouch for: do the whole work."""


def _digest_tree(folder: Path, rel: str, into: Any) -> None:
    """Feed the names and bytes of every file under `folder` to `into`, in a fixed order."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except FileNotFoundError:
        into.update(f"absent {rel}\n".encode())
        return
    except NotADirectoryError:
        entries = None
    if entries is None:
        _digest_file(folder, rel, into)
        return
    into.update(f"folder {rel}\n".encode())
    for entry in entries:
        if entry.name == "__pycache__" or entry.name.startswith(".explainer-cache"):
            continue
        path = Path(entry.path)
        if entry.is_symlink():
            raise _Unsure(entry.path)
        if entry.is_dir(follow_symlinks=False):
            _digest_tree(path, f"{rel}/{entry.name}", into)
        else:
            _digest_file(path, f"{rel}/{entry.name}", into)


def _digest_file(path: Path, rel: str, into: Any) -> None:
    info = os.lstat(path)
    if not stat.S_ISREG(info.st_mode):
        raise _Unsure(str(path))
    with open(path, "rb") as stream:
        content = stream.read()
    into.update(f"file {rel} {len(content)}\n".encode())
    into.update(content)


def _installed() -> list[str]:
    """The installed distributions with their versions, as their metadata folders name them."""
    names = []
    for folder in sys.path:
        try:
            names += [n for n in os.listdir(folder or ".") if n.endswith((".dist-info", ".egg-info"))]
        except OSError:
            continue
    return sorted(names)


def inputs_digest(root: Path) -> str | None:
    """A digest of everything a generation of `root` reads, or None when that cannot be
    pinned down (so the record is not used)."""
    into = hashlib.sha256()
    try:
        config = root / "mkdocs.yml"
        config_text = config.read_text(encoding="utf-8", errors="replace") if config.is_file() else ""
        if "INHERIT" in config_text:  # a configuration made of other files: not pinned down here
            return None
        words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", config_text))
        variables = {k: v for k, v in os.environ.items() if k in words}  # what `!ENV` may read
        into.update(json.dumps([FORMAT, __version__, sys.version, _installed(),
                                sorted(variables.items())]).encode())
        _digest_tree(PACKAGE, "(tool)", into)
        for name in INPUT_FOLDERS:
            _digest_tree(root / name, name, into)
        _digest_tree(config, "mkdocs.yml", into)
    except (OSError, _Unsure, UnicodeError):
        return None
    return into.hexdigest()


def _entry_stat(entry: os.DirEntry[str]) -> list[int]:
    info = entry.stat(follow_symlinks=False)
    return [stat.S_IFMT(info.st_mode), info.st_size, info.st_mtime_ns, info.st_ctime_ns,
            info.st_ino]


def _take(entry: os.DirEntry[str], name: str, into: State, times: bool) -> None:
    """Record `entry` as `name`, and everything under it if it is a folder."""
    if entry.is_symlink():
        raise _Unsure(entry.path)
    if entry.is_dir(follow_symlinks=False):
        into[name + "/"] = [stat.S_IFDIR]
        for inner in sorted(os.scandir(entry.path), key=lambda e: e.name):
            _take(inner, f"{name}/{inner.name}", into, times)
    elif entry.is_file(follow_symlinks=False):
        into[name] = _entry_stat(entry) if times else []
    else:
        raise _Unsure(entry.path)


def output_state(root: Path, *, times: bool = True) -> State:
    """What stands in every folder and file a generation writes or looks at (docs/,
    docs-LANG/, mkdocs.LANG.yml), with sizes, times and inodes (without `times`, only
    what stands where)."""
    state: State = {}
    for entry in sorted(os.scandir(root), key=lambda e: e.name):
        name = entry.name
        if (name == "docs" or name.startswith(("docs-", "mkdocs."))) and name != "mkdocs.yml":
            _take(entry, name, state, times)
    return state


def page_files(root: Path) -> frozenset[str] | None:
    """The names of the files and folders `output_state` looks at, or None when there is
    one it cannot vouch for."""
    try:
        return frozenset(output_state(root, times=False))
    except (OSError, _Unsure):
        return None


def _sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def remember(root: Path, inputs: str | None, report: list[str],
             written: dict[str, bytes], known: dict[str, str] | None = None,
             facts: dict[str, Any] | None = None, *,
             files: frozenset[str] | None = None, kept: Kept | None = None) -> None:
    """Record a finished generation of `root`: `inputs` as `inputs_digest` gave it before
    the run read anything, `report` the list of unchanged pages a run with nothing to do
    reports, and `written` the bytes of every file the tool wrote, by path from the root
    (`known`: the digests, as `_sha` gives them, of some of those bytes; `files`: what
    `page_files` gave before the run, which must still be what stands, when it is given);
    `facts`, what a build must know of the project (`generator.facts`), when the run found
    them. With `kept`, the record is also kept there, and the one kept there is taken
    for the last instead of being read back.
    If anything is not as the run left it, the record is removed instead."""
    target = root / CACHE
    last = kept.take(root) if kept is not None else None
    try:
        if inputs is None:
            raise _Unsure("inputs")
        taken = time.time_ns()
        state = output_state(root)
        if files is not None and frozenset(state) != files:
            raise _Unsure("a file added or removed")
        if kept is None:
            last = _last_record(root)
        digests = {}
        for name, content in written.items():
            if name not in state or state[name][1] != len(content):
                raise _Unsure(name)
            digest = known[name] if known is not None and name in known else _sha(content)
            if not _as_recorded(last, name, state[name], digest):
                with open(root / name, "rb") as stream:
                    if _sha(stream.read()) != digest:
                        raise _Unsure(name)
            digests[name] = digest
        record = {"format": FORMAT, "version": __version__, "inputs": inputs, "taken": taken,
                  "state": state, "digests": digests, "report": report}
        if facts is not None:
            record["facts"] = facts
        handle, temp = tempfile.mkstemp(prefix=".explainer-cache-", dir=root)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                # In one piece: `json.dump` encodes in Python, `dumps` in C (the same text).
                stream.write(json.dumps(record, separators=(",", ":")))
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        if kept is not None:
            kept.keep(root, record)
    except (OSError, _Unsure, ValueError):
        forget(root)


class Kept:
    """The record of the last generation a long-lived process made (the live preview), kept
    in memory: the files it vouches for need not be read again to be known unchanged."""

    def __init__(self) -> None:
        self._root: str | None = None
        self._record: dict[str, Any] | None = None

    def keep(self, root: Path, record: dict[str, Any]) -> None:
        self._root, self._record = os.path.realpath(root), record

    def take(self, root: Path) -> dict[str, Any] | None:
        """The record kept for `root`, if any, which is no longer kept: a run that does not
        make a new one has not left the files as it says."""
        record, self._record = self._record, None
        return record if record is not None and self._root == os.path.realpath(root) else None

    def holding(self, root: Path, docs: Path, digests: dict[str, str]) -> Callable[[str], bool]:
        """Whether the file `docs/NAME` is known to hold the bytes whose digest is
        `digests[NAME]` without reading it: the record has that digest for it, and it
        stands as it stood when the record was taken (a regular file of the same size,
        times and inode, its times far enough from the record's to show any change since),
        under folders that are folders of their own (not symbolic links) inside docs/."""
        record = self._record if self._root == os.path.realpath(root) else None
        if record is None:
            return lambda name: False
        folder, base = docs.name, os.fspath(docs)
        recorded, state, racy = record["digests"], record["state"], record["taken"] - RACY_NS
        folders: dict[str, bool] = {"": True}

        def is_folder(path: str) -> bool:
            if path not in folders:
                up = path.rpartition("/")[0]
                try:
                    folders[path] = is_folder(up) and stat.S_ISDIR(
                        os.lstat(os.path.join(base, path)).st_mode)
                except OSError:
                    folders[path] = False
            return folders[path]

        def holds(name: str) -> bool:
            key = f"{folder}/{name}"
            then, digest = state.get(key), digests.get(name)
            if (digest is None or recorded.get(key) != digest or then is None or not plain(name)
                    or len(then) != 5 or max(then[2], then[3]) >= racy
                    or not is_folder(name.rpartition("/")[0])):
                return False
            try:
                info = os.lstat(os.path.join(base, name))
            except OSError:
                return False
            return bool(then == [stat.S_IFMT(info.st_mode), info.st_size, info.st_mtime_ns,
                                 info.st_ctime_ns, info.st_ino])

        return holds


def _last_record(root: Path) -> dict[str, Any] | None:
    """The record as the last run left it, if it can be read."""
    try:
        record = _read(root / CACHE)
    except (OSError, ValueError):
        return None
    if record is None or record.get("format") != FORMAT or record.get("version") != __version__:
        return None
    if not (isinstance(record.get("state"), dict) and isinstance(record.get("digests"), dict)
            and isinstance(record.get("taken"), int)):
        return None
    return record


def _as_recorded(record: dict[str, Any] | None, name: str, now: list[int], digest: str) -> bool:
    """Whether the file `name` is known to hold the content of `digest` without reading it:
    the last record had that digest for it, and it stands as it stood then (the same size,
    times and inode), its times far enough from that record's to show any change since."""
    if record is None or record["digests"].get(name) != digest or record["state"].get(name) != now:
        return False
    return len(now) == 5 and max(now[2], now[3]) < record["taken"] - RACY_NS


def forget(root: Path) -> None:
    """Remove the record (before a run that changes pages, and when it cannot be trusted)."""
    target = root / CACHE
    try:
        if os.path.islink(target) or os.path.isfile(target):
            target.unlink()
    except OSError:
        pass


def recall(root: Path) -> list[str] | None:
    """The report of the last generation, if it is sure that running it again would change
    nothing and report the same; None when the work must be done."""
    record = recall_record(root)
    return record["report"] if record is not None else None


def recall_record(root: Path) -> dict[str, Any] | None:
    """The record of the last generation, if it is sure that running it again would change
    nothing (`recall`); None otherwise."""
    try:
        record = _read(root / CACHE)
        if record is None or record.get("format") != FORMAT or record.get("version") != __version__:
            return None
        state, digests, report, taken = (record["state"], record["digests"], record["report"],
                                         record["taken"])
        if not (isinstance(state, dict) and isinstance(digests, dict) and isinstance(taken, int)
                and isinstance(report, list) and all(isinstance(n, str) for n in report)):
            return None
        if inputs_digest(root) != record["inputs"] or output_state(root) != state:
            return None
        for name, digest in digests.items():
            entry = state.get(name)
            if not isinstance(entry, list) or len(entry) != 5:
                return None
            if max(entry[2], entry[3]) >= taken - RACY_NS:  # times too close to tell: look inside
                with open(root / name, "rb") as stream:
                    if _sha(stream.read()) != digest:
                        return None
        return record
    except (OSError, _Unsure, ValueError, KeyError, TypeError, AttributeError):
        return None


def answer(root: Path, check: bool) -> str | None:
    """What `explainer generate` (with `check`, `generate --check`) says when the record
    shows it has nothing to do; None when it must do the work."""
    with project_lock(root):
        unchanged = recall(root)
    if unchanged is None:
        return None
    return ("Generated pages are up to date." if check else
            f"0 files written, 0 removed, {len(unchanged)} unchanged.")


def _read(path: Path) -> dict[str, Any] | None:
    info = os.lstat(path)
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_CACHE_BYTES:
        return None
    with open(path, "rb") as stream:
        record = json.loads(stream.read().decode("utf-8"))
    return record if isinstance(record, dict) else None
