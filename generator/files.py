"""Paths the tool reads, writes or removes: resolved, then checked, then used.

Every path the tool removes, replaces or writes under a folder goes through `inside`, which
proves that it lies in that folder once every symbolic link is resolved (as pip's
`is_within_directory` and tarfile's `data_filter` do for archive members). Files a user
names are looked at with `os.stat` before they are opened, so that a named pipe, a device
or a folder is reported as what it is and never opened.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import UserError


class Outside(ValueError):
    """A path that does not lie inside the folder it must stay in."""


def plain(name: str) -> bool:
    """Whether `name` is a plain relative path: parts joined by `/`, none empty, `.` or `..`."""
    return not (not name or "\\" in name or "\0" in name or name.startswith("/")
                or any(part in ("", ".", "..") for part in name.split("/")))


def inside(base: Path, name: str) -> Path:
    """`base/name`, once proven to stay inside `base` with every symbolic link resolved.

    `name` is a relative path with `/` between its parts; an absolute path, `..`, an empty
    part or a link (of the path itself or of a folder on its way) that leads out of `base`
    raises `Outside`. The path returned is under the resolved `base`, and its last part is
    not resolved: removing or replacing it acts on the entry inside `base` itself.
    """
    return Within(base).inside(name)


class Within:
    """`inside` for many names under one `base`, which is resolved once: for the many
    files of one generation. Each folder on the way is resolved once too, and each name's
    last part is looked at on its own (a link there is resolved in full); so every path
    given out has been proven inside `base` as the files stood when it was asked for."""

    def __init__(self, base: Path) -> None:
        self.real_base = Path(os.path.realpath(base))
        # each folder on the way, by its parts: where it is (under the resolved base) and
        # where it leads (resolved, proven inside the base)
        self._folders: dict[tuple[str, ...], tuple[Path, str]] = {}

    def inside(self, name: str) -> Path:
        return self.look(name)[0]

    def look(self, name: str) -> tuple[Path, str | None]:
        """`inside(name)`, and what stands there as `kind_of` says it, learnt from the same
        look at the entry (a second look only when it is a symbolic link)."""
        if not plain(name):
            raise Outside(name)
        *folders, last = name.split("/")
        key = tuple(folders)
        known = self._folders.get(key)
        if known is None:
            folder = Path(os.path.realpath(self.real_base.joinpath(*folders)))
            if folder != self.real_base and not folder.is_relative_to(self.real_base):
                raise Outside(name)
            known = self._folders[key] = (self.real_base.joinpath(*folders), str(folder))
        under, folder_text = known
        target = under / last
        entry = os.path.join(folder_text, last)
        try:
            mode: int | None = os.lstat(entry).st_mode
        except FileNotFoundError:
            mode = None
        except OSError:  # not known to be a link: `kind_of` tells what stops a look
            return target, kind_of(target)
        if mode is None or not stat.S_ISLNK(mode):
            # `last` is one plain name under a folder proven inside `base`, and not a link:
            # the entry is inside too.
            return target, "nothing" if mode is None else _kind_of_mode(mode)
        resolved = Path(os.path.realpath(entry))
        if resolved == self.real_base or not resolved.is_relative_to(self.real_base):
            raise Outside(name)
        return target, kind_of(target)


def kind_of(path: Path) -> str | None:
    """None for a regular file (or a link to one); otherwise what stands at `path`, in a
    few words, or "nothing" when there is nothing there."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return "a symbolic link to nothing" if os.path.islink(path) else "nothing"
    except OSError as exc:
        if os.path.islink(path):
            return "a symbolic link that cannot be followed (a loop?)"
        return f"a file that cannot be looked at ({exc.strerror})"
    return _kind_of_mode(info.st_mode)


def _kind_of_mode(mode: int) -> str | None:
    """`kind_of` for what `os.stat` found there."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at `path`, if it holds at most `limit` bytes.

    Raises `NotRegular` for anything else (checked before opening, so a pipe is never
    opened), `TooLarge` when the file is larger than `limit` (checked before reading, and
    again while reading, in case it grows) and `OSError` when it cannot be read.
    """
    what = kind_of(path)
    if what is not None:
        raise NotRegular(what)
    # Opened without waiting and looked at again, in case it was swapped since.
    handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    with open(handle, "rb") as stream:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular("not a regular file")
        if info.st_size > limit:
            raise TooLarge(info.st_size)
        raw = stream.read(limit + 1)
    if len(raw) > limit:
        raise TooLarge(len(raw))
    return raw


class NotRegular(ValueError):
    """What stands where a regular file was expected (see `kind_of`)."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


class TooLarge(ValueError):
    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


_held: dict[str, int] = {}  # projects this process has locked, and how many times over


@contextmanager
def project_lock(root: Path) -> Iterator[None]:
    """Hold the project for one run of generate or build: a second run on the same project,
    from another process, stops with a message instead of mixing its pages with this one's.
    The lock is taken on the project folder itself (no lock file is left behind) and is
    released by the system when the process ends, however it ends."""
    key = os.path.realpath(root)
    if key in _held:
        _held[key] += 1
        try:
            yield
        finally:
            _held[key] -= 1
        return
    try:
        import fcntl
    except ImportError:  # no advisory locks here (Windows): run unguarded
        yield
        return
    handle = os.open(key, os.O_RDONLY)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UserError(f"{root}: another explainer command (generate, build or serve) is"
                            " writing this project's pages; wait for it to finish, then run"
                            " this one again") from None
        _held[key] = 1
        try:
            yield
        finally:
            del _held[key]
    finally:
        os.close(handle)  # also releases the lock
