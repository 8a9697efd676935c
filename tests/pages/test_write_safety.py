"""Nothing outside docs/ is ever written, replaced or removed, whatever the project's own
manifest, journal and links say. Each test puts a canary file outside the project and
checks it is still there, byte for byte, after the run."""

import errno
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from generator.errors import ProjectError, UserError
from generator.files import Outside, Within, inside, kind_of
from generator.pages import write as write_module
from generator.pages.write import JOURNAL, MANIFEST, STAGING
from generator.pipeline import generate

from ..conftest import tree

CANARY = b"a file that belongs to someone else\n"


@pytest.fixture
def canary(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    path = outside / "canary.txt"
    path.write_bytes(CANARY)
    return path


def add_to_manifest(docs: Path, name: str, content: bytes = CANARY) -> None:
    manifest = json.loads((docs / MANIFEST).read_text())
    manifest["files"][name] = hashlib.sha256(content).hexdigest()
    (docs / MANIFEST).write_text(json.dumps(manifest, indent=2))


def relative_to_docs(docs: Path, target: Path) -> str:
    return os.path.relpath(target, docs)


@pytest.mark.parametrize("how", ["relative", "absolute"])
def test_a_manifest_naming_a_file_outside_docs_removes_nothing(
        example: Path, canary: Path, how: str) -> None:
    generate(example)
    docs = example / "docs"
    name = relative_to_docs(docs, canary) if how == "relative" else str(canary)
    add_to_manifest(docs, name)
    before = tree(example)
    with pytest.raises(ProjectError) as caught:
        generate(example)
    [problem] = caught.value.problems
    assert problem.file == f"docs/{MANIFEST}"
    assert problem.line > 1  # the line where the path is written
    assert json.dumps(name) in problem.message and "not a file inside docs/" in problem.message
    assert canary.read_bytes() == CANARY
    assert tree(example) == before


@pytest.mark.parametrize("part", ["replace", "remove"])
def test_a_journal_naming_a_file_outside_docs_touches_nothing(
        example: Path, canary: Path, part: str) -> None:
    generate(example)
    docs = example / "docs"
    staging = docs / STAGING
    staging.mkdir()
    name = relative_to_docs(docs, canary)
    (staging / "index.md").write_bytes(b"# planted\n")
    if part == "replace":
        # The staged copy of the name resolves inside staging; its target leaves docs/.
        (staging / name).parent.mkdir(parents=True, exist_ok=True)
        (staging / name).write_bytes(b"# planted\n")
    journal = {"replace": [name] if part == "replace" else [],
               "remove": [name] if part == "remove" else []}
    (staging / JOURNAL).write_text(json.dumps(journal, indent=2))
    before = tree(example)
    with pytest.raises(ProjectError) as caught:
        generate(example)
    [problem] = caught.value.problems
    assert problem.file == f"docs/{STAGING}/{JOURNAL}"
    assert f"delete the folder docs/{STAGING}" in problem.message
    assert canary.read_bytes() == CANARY
    assert tree(example) == before


def test_a_journal_moving_a_file_from_outside_staging_is_refused(example: Path, canary: Path) -> None:
    generate(example)
    docs = example / "docs"
    staging = docs / STAGING
    staging.mkdir()
    name = relative_to_docs(staging, canary)  # staging/../../outside/canary.txt
    (staging / JOURNAL).write_text(json.dumps({"replace": [name], "remove": []}))
    with pytest.raises(ProjectError):
        generate(example)
    assert canary.read_bytes() == CANARY


def test_pages_are_never_written_through_a_linked_folder_that_leaves_docs(
        example: Path, canary: Path) -> None:
    generate(example)
    docs = example / "docs"
    for page in (docs / "people").iterdir():
        page.unlink()
    (docs / "people").rmdir()
    (docs / "people").symlink_to(canary.parent, target_is_directory=True)
    before = sorted(p.name for p in canary.parent.iterdir())
    with pytest.raises(ProjectError) as caught:
        generate(example)
    assert {p.message for p in caught.value.problems} == {
        "a symbolic link on this path leads out of docs/; explainer writes only inside docs/:"
        " replace the link with a folder or file of its own"}
    assert all(p.file.startswith("docs/people/") for p in caught.value.problems)
    assert sorted(p.name for p in canary.parent.iterdir()) == before
    assert canary.read_bytes() == CANARY


def test_a_generated_page_that_is_a_link_out_of_docs_is_neither_read_nor_replaced(
        example: Path, canary: Path) -> None:
    generate(example)
    docs = example / "docs"
    (docs / "glossary.md").unlink()
    (docs / "glossary.md").symlink_to(canary)
    with pytest.raises(ProjectError) as caught:
        generate(example)
    assert [p.file for p in caught.value.problems] == ["docs/glossary.md"]
    assert canary.read_bytes() == CANARY


@pytest.mark.parametrize("kind", ["symlink", "file"])
def test_a_staging_folder_that_is_not_a_folder_is_refused(
        example: Path, canary: Path, kind: str) -> None:
    generate(example)
    docs = example / "docs"
    (example / "data/glossary.yaml").write_text("[]\n")
    if kind == "symlink":
        (docs / STAGING).symlink_to(canary.parent, target_is_directory=True)
    else:
        (docs / STAGING).write_text("")
    before = tree(example)
    with pytest.raises(ProjectError) as caught:
        generate(example)
    [problem] = caught.value.problems
    assert problem.format().startswith(f"docs/{STAGING}:1:1: (file): ")
    assert problem.message.endswith("has the name of the folder where explainer prepares pages;"
                                    " remove it")
    assert tree(example) == before
    assert sorted(p.name for p in canary.parent.iterdir()) == ["canary.txt"]


@pytest.mark.parametrize("kind", ["symlink-out", "file"])
def test_a_docs_that_is_not_a_folder_of_the_project_is_refused(
        example: Path, canary: Path, kind: str) -> None:
    docs = example / "docs"
    for path in sorted(docs.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    docs.rmdir()
    if kind == "file":
        docs.write_text("")
    else:
        docs.symlink_to(canary.parent, target_is_directory=True)
    with pytest.raises(ProjectError) as caught:
        generate(example)
    [problem] = caught.value.problems
    assert problem.file == "docs"
    assert sorted(p.name for p in canary.parent.iterdir()) == ["canary.txt"]


def test_a_hand_edited_generated_page_is_not_removed_silently(example: Path) -> None:
    generate(example)
    docs = example / "docs"
    glossary = docs / "glossary.md"
    figures = example / "data/figures.yaml"  # the second figure leaves; nothing else names it
    text = figures.read_text()
    figures.write_text(text[: text.index("- id: daily-crossings")])
    page = docs / "figures/daily-crossings.md"
    page.write_text(page.read_text() + "\nMy own notes, added by hand.\n")
    before = tree(example)
    with pytest.raises(ProjectError) as caught:
        generate(example)
    assert [p.format() for p in caught.value.problems] == [
        f"docs/figures/{page.name}:1:1: (file): this generated page was edited by hand and its"
        " entry is no longer in data/; keep your edits elsewhere, then delete this file"]
    assert tree(example) == before
    assert glossary.exists()


def test_a_file_where_a_generated_folder_goes_is_reported_and_writes_nothing(example: Path) -> None:
    docs = example / "docs"
    docs.mkdir(exist_ok=True)
    (docs / "figures").write_text("not a folder\n")
    before = tree(example)
    for _ in range(2):  # and the next run says the same: nothing was half done
        with pytest.raises(ProjectError) as caught:
            generate(example)
        assert [p.format() for p in caught.value.problems] == [
            "docs/figures:1:1: (file): a file stands where a folder of generated pages goes;"
            " rename or move it"]
        assert tree(example) == before


def test_a_named_pipe_where_a_page_goes_is_reported_not_opened(example: Path) -> None:
    docs = example / "docs"
    docs.mkdir(exist_ok=True)
    os.mkfifo(docs / "glossary.md")
    with pytest.raises(ProjectError) as caught:
        generate(example)  # would hang if the pipe were opened
    assert [p.format() for p in caught.value.problems] == [
        "docs/glossary.md:1:1: (file): a named pipe (FIFO) stands where a generated page goes;"
        " rename or move it"]


@pytest.mark.parametrize("error", [errno.ENOSPC, errno.EROFS, errno.EACCES])
def test_a_full_or_read_only_disk_is_a_clean_error_and_changes_nothing(
        example: Path, monkeypatch: pytest.MonkeyPatch, run: Callable[..., Result],
        error: int) -> None:
    generate(example)
    (example / "data/glossary.yaml").write_text("[]\n")
    before = tree(example)
    calls = []

    def fail(target: Path, content: bytes) -> None:
        calls.append(target)
        raise OSError(error, os.strerror(error), str(target))

    monkeypatch.setattr(write_module, "_write_staged", fail)
    result = run("generate", "-p", str(example))
    assert calls
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.stderr == (f"docs/{STAGING}/glossary.md: cannot write the generated pages:"
                             f" {os.strerror(error)}; no page was changed\n")
    assert tree(example) == before


def test_a_move_that_fails_leaves_the_journal_to_finish(
        example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    generate(example)
    (example / "data/glossary.yaml").write_text("[]\n")

    real = os.replace

    def fail(src: object, dst: object) -> None:
        if Path(str(dst)).name == JOURNAL:
            return real(src, dst)  # type: ignore[arg-type]
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))

    monkeypatch.setattr(write_module.os, "replace", fail)
    with pytest.raises(UserError) as caught:
        generate(example)
    assert "cannot finish writing the generated pages" in caught.value.format_message()
    monkeypatch.undo()
    generate(example)
    assert not (example / "docs" / STAGING).exists()
    assert generate(example, check=True).changed is False


def test_each_folder_on_the_way_is_looked_at_from_the_top(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "a").mkdir(parents=True)
    (docs / "a" / "b").write_text("not a folder\n")
    (docs / "c").write_text("not a folder\n")
    outputs = {"a/b/c/d.md": b"1", "a/b/e.md": b"2", "a/f.md": b"3", "c/d/e.md": b"4",
               "c/g.md": b"5", "h.md": b"6"}
    report, problems = write_module.plan_writes(docs, outputs)
    assert sorted({p.file for p in problems}) == ["docs/a/b", "docs/c"]
    assert len(problems) == 4  # one for each page that cannot be written
    assert sorted(report.written) == [MANIFEST, "a/f.md", "h.md"]


def test_what_stands_on_a_path_is_told_from_one_look_as_kind_of_tells_it(
        tmp_path: Path, canary: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "folder").mkdir(parents=True)
    (docs / "page.md").write_text("a page\n")
    os.mkfifo(docs / "pipe")
    (docs / "inner-link.md").symlink_to(docs / "page.md")
    (docs / "broken-link.md").symlink_to(docs / "gone.md")
    (docs / "loop").symlink_to(docs / "loop")
    (docs / "out.md").symlink_to(canary)
    (docs / "linked").symlink_to(docs / "folder", target_is_directory=True)
    (docs / "folder" / "inner.md").write_text("a page\n")
    within = Within(docs)
    for name in ("page.md", "folder", "pipe", "inner-link.md", "broken-link.md", "loop",
                 "missing.md", "folder/inner.md", "linked/inner.md", "linked/missing.md",
                 "page.md/under.md"):
        target, what = within.look(name)
        assert target == inside(docs, name), name
        assert what == kind_of(target), name
    for name in ("out.md", "../outside/canary.txt", "folder/../page.md", "/etc/passwd"):
        with pytest.raises(Outside):
            within.look(name)
    assert canary.read_bytes() == CANARY
