"""A build leaves a site others can read, cleans up after killed builds, and never runs
at the same time as another generate or build of the same project."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from generator.errors import UserError
from generator.pipeline import generate
from generator.site import build_site

HOLD = """
import fcntl, os, sys, time
handle = os.open(sys.argv[1], os.O_RDONLY)
fcntl.flock(handle, fcntl.LOCK_EX)
print("locked", flush=True)
time.sleep(60)
"""


def test_the_site_follows_the_umask_and_leftovers_of_killed_builds_go(example: Path) -> None:
    generate(example)
    for n in range(3):  # as builds killed before they could clean up leave them
        leftover = example / f".site-killed{n}"
        (leftover / "assets").mkdir(parents=True)
        (leftover / "assets/big.js").write_text("x" * 1000)
    (example / ".explainer-zip-killed").write_bytes(b"partial")
    outside = example.parent / "kept"
    outside.mkdir()
    (example / ".site-link").symlink_to(outside, target_is_directory=True)
    old = os.umask(0o022)
    try:
        build_site(example)
    finally:
        os.umask(old)
    assert stat.S_IMODE((example / "site").stat().st_mode) == 0o755
    assert stat.S_IMODE((example / "site-offline.zip").stat().st_mode) == 0o644
    left = sorted(p.name for p in example.iterdir() if p.name.startswith((".site-", ".explainer-zip")))
    assert left == [".site-link"]  # a link is not followed, nor removed
    assert outside.is_dir()


def test_a_second_run_on_a_locked_project_stops_with_a_message(run, example: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(example)], stdout=subprocess.PIPE)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"locked\n"
        result = run("generate", "-p", str(example))
        assert result.exit_code == 1
        assert "Traceback" not in result.output
        assert result.stderr == (f"{example}: another explainer command (generate, build or serve)"
                                 " is writing this project's pages; wait for it to finish, then"
                                 " run this one again\n")
        assert not (example / "docs/index.md").exists()
        with pytest.raises(UserError):
            build_site(example)
        assert not (example / "site").exists()
    finally:
        holder.kill()
        holder.wait()
    generate(example)  # the lock goes with the process that held it
    assert (example / "docs/index.md").exists()
