"""Bad places to write and odd inputs to the command line: each a clean message, exit 1, no
traceback, and nothing outside the project (or the named file) touched."""

import io
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from .conftest import REPO


def clean_failure(result, text: str) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert text in result.stderr, result.stderr


def test_handout_refuses_a_device(run, example: Path, tmp_path: Path) -> None:
    # A device node of its own (the same device as /dev/null), so that a regression replaces
    # this one and never the system's.
    device = tmp_path / "null"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root")
    before = os.lstat(device)
    result = run("handout", "-p", str(example), "--format", "md", "-o", str(device))
    clean_failure(result, f"{device}: is a device, not a file; give -o a file name, or -o - to"
                          " write the handout to standard output")
    after = os.lstat(device)
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


def test_handout_refuses_a_named_pipe_without_opening_it(run, example: Path, tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    result = run("handout", "-p", str(example), "--format", "md", "-o", str(pipe))
    clean_failure(result, f"{pipe}: is a named pipe (FIFO), not a file")
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)


def test_handout_to_standard_output(example: Path) -> None:
    for fmt in ("md", "docx"):
        done = subprocess.run([sys.executable, "-m", "generator", "handout", "-p", str(example),
                               "--format", fmt, "-o", "-"], capture_output=True, cwd=REPO,
                              check=True)
        assert b"Handout written to standard output" in done.stderr
        if fmt == "md":
            assert done.stdout.startswith(b"# ")
        else:
            assert zipfile.ZipFile(io.BytesIO(done.stdout)).testzip() is None
    assert not list(example.glob("handout-*"))


def test_handout_file_follows_the_umask(run, example: Path, tmp_path: Path) -> None:
    target = tmp_path / "handout.md"
    old = os.umask(0o027)
    try:
        result = run("handout", "-p", str(example), "--format", "md", "-o", str(target))
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_300_character_title_makes_a_word_handout(run, example: Path, tmp_path: Path) -> None:
    path = example / "data/handout.yaml"
    handout = yaml.safe_load(path.read_text())
    title = "A very long title " * 17  # 306 characters
    handout["title"] = title.strip()
    path.write_text(yaml.safe_dump(handout))
    target = tmp_path / "h.docx"
    result = run("handout", "-p", str(example), "--format", "docx", "-o", str(target))
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(target) as archive:
        core = archive.read("docProps/core.xml").decode()
        body = archive.read("word/document.xml").decode()
    assert title.strip()[:255] in core and title.strip() not in core
    assert "A very long title" in body


def test_a_site_url_too_long_for_a_qr_code_is_a_clean_error(run, example: Path) -> None:
    config = example / "mkdocs.yml"
    text = config.read_text()
    url = "https://example.org/" + "a" * 3000
    config.write_text(f"site_url: {url}\n" + "\n".join(
        line for line in text.splitlines() if not line.startswith("site_url:")) + "\n")
    result = run("handout", "-p", str(example), "--format", "md", "-o", "-")
    clean_failure(result, "mkdocs.yml: site_url is 3,020 characters, too long for the handout's"
                          " QR code; use a shorter address")


def test_new_under_a_file_or_in_proc_is_a_clean_error(run, tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("")
    clean_failure(run("new", str(tmp_path / "a-file" / "project")),
                  "a-file/project: cannot create the project there: Not a directory")
    clean_failure(run("new", "/proc/explainer-project"),
                  "/proc/explainer-project: cannot create the project there:")
    assert not os.path.exists("/proc/explainer-project")


def test_schema_output_under_a_file_or_in_proc_is_a_clean_error(run, tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("")
    clean_failure(run("schema", "-o", str(tmp_path / "a-file" / "schema")),
                  "cannot write the schema files: Not a directory; choose another folder")
    clean_failure(run("schema", "-o", "/proc/explainer-schema"), "cannot write the schema files:")


def test_schema_never_writes_through_a_link_out_of_the_project(
        run, example: Path, tmp_path: Path) -> None:
    canary = tmp_path / "canary.txt"
    canary.write_text("someone else's file\n")
    assert run("schema", "-p", str(example)).exit_code == 0
    link = example / "schema/figures.schema.json"
    link.unlink()
    link.symlink_to(canary)
    result = run("schema", "-p", str(example))
    clean_failure(result, "figures.schema.json: is a symbolic link that leads out of")
    assert canary.read_text() == "someone else's file\n"
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    link.unlink()
    (example / "schema").rename(tmp_path / "old-schema")
    (example / "schema").symlink_to(outside, target_is_directory=True)
    clean_failure(run("schema", "-p", str(example)),
                  "schema: is a symbolic link to a folder outside the project")
    assert list(outside.iterdir()) == []
