"""Compiled templates kept in memory for the rest of the process.

Each edition gets an environment of its own from `render.make_environment`, and the live
preview makes new ones on every regenerate; without this each of them compiles every
template again. Jinja2's bytecode cache keys a compiled template by its file and checks the
checksum of its source, so a changed template is compiled again.
"""

from __future__ import annotations

import jinja2
import jinja2.bccache
import jinja2.sandbox


class _Compiled(jinja2.BytecodeCache):
    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


# Environments made by `make_environment` all have the same options, so the same code;
# sandboxed ones (with a project's own templates) are kept apart all the same.
_KEPT = {False: _Compiled(), True: _Compiled()}


def keep_compiled(env: jinja2.Environment) -> jinja2.Environment:
    """`env` (from `make_environment`, before any template is loaded) with the shared cache."""
    env.bytecode_cache = _KEPT[isinstance(env, jinja2.sandbox.SandboxedEnvironment)]
    return env
