"""A second process that runs parts of a build while this one runs others.

A build has independent parts: each edition is its own MkDocs build, the handouts do not
need the site, and the offline copy's pages can be rewritten in any order. On a machine with
more than one core, `Worker` starts one process (at once, so that it has imported what it
needs by the time it gets work) and runs the functions given to it there, one after the
other; on one core, or when no process can be started, it runs them here, when their result
is asked for. Both processes read the same files and write to different folders.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable
from typing import Any

from ..errors import UserError


def cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _serve(connection: Any) -> None:
    """The other process: run each function received, and send back what it returned, or
    what it raised, until told to stop."""
    while True:
        try:
            job = connection.recv()
        except EOFError:
            break
        if job is None:
            break
        function, args = job
        try:
            connection.send(("ok", function(*args)))
        except BaseException as exc:  # anything is reported, not lost with the process
            try:
                connection.send(("raised", exc))
            except Exception:  # an exception that cannot be sent: its text goes instead
                connection.send(("failed", f"{type(exc).__name__}: {exc}"))
    connection.close()
    # Every answer is sent and every file a job wrote is closed: the process ends here, at
    # once. Left to return, it would tear down everything it loaded and made (a project and
    # a site's pages at a large scale) object by object, and the build waits for it to end:
    # 1.8 s at 100x.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


class Worker:
    """Runs functions in another process, one at a time: `submit`, then `result`."""

    def __init__(self, processes: int | None = None) -> None:
        self.process: Any = None
        self.connection: Any = None
        self._pending: tuple[Callable[..., Any], tuple[Any, ...]] | None = None
        self._sent = False
        if (processes if processes is not None else cores()) > 1:
            context = multiprocessing.get_context("spawn")
            here, there = context.Pipe(duplex=True)
            try:
                self.process = context.Process(target=_serve, args=(there,), daemon=True)
                self.process.start()
                self.connection = here
            except OSError:  # no process to spare: everything runs here
                self.process = None
                here.close()
            finally:
                there.close()

    def submit(self, function: Callable[..., Any], *args: Any) -> None:
        """Start `function(*args)` there (or keep it for `result` to run here)."""
        if self._pending is not None or self._sent:
            raise RuntimeError("the worker is busy")
        if self.process is None:
            self._pending = (function, args)
            return
        self.connection.send((function, args))
        self._sent = True

    def busy(self) -> bool:
        """Whether a function was submitted whose result was not asked for yet."""
        return self._pending is not None or self._sent

    def ready(self) -> bool:
        """Whether `result` would return without waiting (here: it runs the function)."""
        if self._pending is not None:
            return True
        return bool(self._sent and (self.connection.poll() or not self.process.is_alive()))

    def result(self) -> Any:
        """What the submitted function returned; what it raised is raised here."""
        if self._pending is not None:
            function, args = self._pending
            self._pending = None
            return function(*args)
        if not self._sent:
            raise RuntimeError("nothing was submitted")
        self._sent = False
        from multiprocessing.connection import wait

        wait([self.connection, self.process.sentinel])
        try:
            kind, value = self.connection.recv()
        except (EOFError, OSError):  # the process ended without a word: killed, out of memory
            self.process.join()
            raise UserError(f"a build process stopped unexpectedly (exit code"
                            f" {self.process.exitcode}); run `explainer build` again") from None
        if kind == "raised":
            raise value
        if kind == "failed":
            raise UserError(f"the build failed: {value}")
        return value

    def close(self) -> None:
        """Stop the other process, busy or not."""
        if self.process is None:
            return
        if self.process.is_alive():
            if self._sent:
                self.process.terminate()
            else:
                try:
                    self.connection.send(None)
                except OSError:
                    self.process.terminate()
        self.process.join(timeout=10)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.connection.close()
        self.process = None
