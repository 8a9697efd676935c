"""A data file or seed that is not a regular file is reported as what it is, and never opened;
a file too large is refused before it is read."""

import os
import tracemalloc
from pathlib import Path

import pytest

from generator.project.loader import MAX_FILE_BYTES

from ..conftest import problems_of


def make(kind: str, path: Path) -> None:
    path.unlink()
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "dangling":
        path.symlink_to(path.parent / "nowhere.yaml")
    elif kind == "device":
        path.symlink_to("/dev/zero")
    elif kind == "loop":
        path.symlink_to(path)


WHAT = {
    "fifo": "a named pipe (FIFO)",
    "folder": "a folder",
    "dangling": "a symbolic link to nothing",
    "device": "a device",
    "loop": "a symbolic link that cannot be followed (a loop?)",
}


@pytest.mark.parametrize("kind", sorted(WHAT))
def test_a_data_file_that_is_not_a_file_is_reported_as_what_it_is(example: Path, kind: str) -> None:
    make(kind, example / "data/glossary.yaml")
    assert problems_of(example) == [
        f"data/glossary.yaml:1:1: (file): this is {WHAT[kind]}, not a file; put a plain UTF-8"
        " file here"]


@pytest.mark.parametrize("kind", sorted(WHAT))
def test_a_required_data_file_that_is_not_a_file_is_not_called_missing(
        example: Path, kind: str) -> None:
    make(kind, example / "data/sources.yaml")
    assert problems_of(example) == [
        f"data/sources.yaml:1:1: (file): this is {WHAT[kind]}, not a file; put a plain UTF-8"
        " file here"]


@pytest.mark.parametrize("kind", sorted(WHAT))
def test_a_seed_that_is_not_a_file_is_reported_as_what_it_is(example: Path, kind: str) -> None:
    make(kind, example / "seeds/millbrook-gazette.txt")
    problems = problems_of(example)
    assert problems == [
        f"data/sources.yaml:7:9: sources[0].file: 'seeds/millbrook-gazette.txt' is {WHAT[kind]},"
        " not a file; put a plain-text copy of the source there or fix the path"]


def test_a_huge_data_file_is_refused_without_being_read(example: Path) -> None:
    path = example / "data/glossary.yaml"
    with path.open("r+b") as stream:
        stream.truncate(1024**3)  # 1 GB, sparse: it takes no room on disk
    tracemalloc.start()
    try:
        problems = problems_of(example)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert problems == [
        f"data/glossary.yaml:1:1: (file): the file is {1024**3:,} bytes, more than the"
        f" {MAX_FILE_BYTES:,} allowed; split it or shorten it"]
    assert peak < 50 * 1024 * 1024
