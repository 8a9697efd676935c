"""A generate with nothing to do answers from the record of the last run
(`generator.unchanged`), and never once the record or what it vouches for is in doubt: the
pages are then exactly what a full run makes."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

import generator.pipeline
from generator.unchanged import CACHE, recall

from ..conftest import REPO, copy_project, generated_files


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The projects loaded in full (a run that did the work) since the test began."""
    seen: list[Path] = []
    real = generator.pipeline.load_project

    def spy(root: Path):  # type: ignore[no-untyped-def]
        seen.append(root)
        return real(root)

    monkeypatch.setattr(generator.pipeline, "load_project", spy)
    return seen


def _settled(run: Callable[..., Result], root: Path) -> Result:
    """Generate until a run finds nothing to change (it is then remembered)."""
    run("generate", "-p", str(root))
    return run("generate", "-p", str(root))


def test_a_second_run_with_nothing_changed_reports_the_same_without_the_work(
        run: Callable[..., Result], example: Path, loads: list[Path]) -> None:
    full = _settled(run, example)
    assert (example / CACHE).is_file()
    before = generated_files(example)
    loads.clear()
    again = run("generate", "-p", str(example))
    assert loads == []  # answered from the record
    assert again.output == full.output
    assert again.output.startswith("0 files written, 0 removed, ")
    assert generated_files(example) == before
    check = run("generate", "--check", "-p", str(example))
    assert check.exit_code == 0 and check.output == "Generated pages are up to date.\n"
    assert loads == []


def _fresh(tmp_path: Path, project: Path, run: Callable[..., Result]) -> dict[str, bytes]:
    """The pages a first run makes of a copy of `project`'s data (no record, no old pages)."""
    copy = tmp_path / "fresh"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns(CACHE, "docs"))
    (copy / "docs").mkdir()
    for hand_written in ("about.md",):
        if (project / "docs" / hand_written).is_file():
            shutil.copy(project / "docs" / hand_written, copy / "docs" / hand_written)
    result = run("generate", "-p", str(copy))
    assert result.exit_code == 0, result.output
    return generated_files(copy)


def test_an_edit_of_the_data_after_a_remembered_run_is_generated_in_full(
        run: Callable[..., Result], example: Path, loads: list[Path], tmp_path: Path) -> None:
    _settled(run, example)
    glossary = example / "data" / "glossary.yaml"
    text = glossary.read_text(encoding="utf-8")
    glossary.write_text(text.replace(' record of ', ' account of ', 1), encoding="utf-8")
    loads.clear()
    result = run("generate", "-p", str(example))
    assert loads, "the edit was not seen"
    assert result.exit_code == 0 and result.output.startswith("2 files written")  # the page, the manifest
    assert generated_files(example) == _fresh(tmp_path, example, run)
    stale = run("generate", "--check", "-p", str(example))
    assert stale.exit_code == 0  # now up to date, checked in full or from the new record


def test_check_after_an_edit_reports_the_stalegenerated_files(run: Callable[..., Result],
                                                     example: Path) -> None:
    _settled(run, example)
    sources = example / "data" / "sources.yaml"
    sources.write_text(sources.read_text(encoding="utf-8").replace("title: ", "title: New ", 1),
                       encoding="utf-8")
    result = run("generate", "--check", "-p", str(example))
    assert result.exit_code == 1 and "out of date" in result.output


@pytest.mark.parametrize("how", ["edited, same size and times", "deleted", "touched",
                                 "hand-written page added"])
def test_a_page_changed_after_a_remembered_run_is_made_again(
        run: Callable[..., Result], example: Path, loads: list[Path], tmp_path: Path,
        how: str) -> None:
    _settled(run, example)
    page = example / "docs" / "glossary.md"
    expected = page.read_bytes()
    if how == "edited, same size and times":
        info = os.stat(page)
        page.write_bytes(expected.replace(b"a", b"b", 1))
        os.utime(page, ns=(info.st_atime_ns, info.st_mtime_ns))
    elif how == "deleted":
        page.unlink()
    elif how == "touched":
        os.utime(page, ns=(1, 1))
    else:
        (example / "docs" / "notes.md").write_text("# Notes\n", encoding="utf-8")
    loads.clear()
    run("generate", "-p", str(example))
    assert loads, "the change was not seen"
    assert page.read_bytes() == expected


@pytest.mark.parametrize("damage", ["garbage", "a list", "wrong types", "another version",
                                    "a folder", "a link out of the project"])
def test_a_damaged_record_means_a_full_run_and_no_traceback(
        run: Callable[..., Result], example: Path, loads: list[Path], tmp_path: Path,
        damage: str) -> None:
    _settled(run, example)
    record = example / CACHE
    outside = tmp_path / "outside.json"
    good = json.loads(record.read_text(encoding="utf-8"))
    if damage == "garbage":
        record.write_bytes(b"\xff{not json")
    elif damage == "a list":
        record.write_text("[1, 2]", encoding="utf-8")
    elif damage == "wrong types":
        record.write_text(json.dumps({**good, "state": [], "report": "x"}), encoding="utf-8")
    elif damage == "another version":
        record.write_text(json.dumps({**good, "version": "0.0.0"}), encoding="utf-8")
    elif damage == "a folder":
        record.unlink()
        record.mkdir()
    else:
        outside.write_text(json.dumps(good), encoding="utf-8")
        record.unlink()
        record.symlink_to(outside)
    page = example / "docs" / "glossary.md"
    expected = page.read_bytes()
    page.write_bytes(b"stale")
    loads.clear()
    result = run("generate", "-p", str(example))
    assert result.exit_code == 0 and loads
    assert page.read_bytes() == expected
    if damage == "a link out of the project":
        assert outside.read_text(encoding="utf-8") == json.dumps(good)  # never written through
        assert not record.is_symlink()
    if damage != "a folder":
        assert recall(example) is None or generated_files(example)["docs/glossary.md"] == expected


def test_two_editions_are_remembered_and_stay_equal_to_a_full_run(
        run: Callable[..., Result], tmp_path: Path, loads: list[Path]) -> None:
    root = copy_project(REPO, tmp_path / "project")
    _settled(run, root)
    pages = generated_files(root)
    assert any(name.startswith("docs-es/") for name in pages) and "mkdocs.es.yml" in pages
    loads.clear()
    assert run("generate", "-p", str(root)).output.startswith("0 files written")
    assert loads == []
    (root / "docs-es" / "glossary.md").unlink()
    run("generate", "-p", str(root))
    assert loads and generated_files(root) == pages


def test_a_long_lived_process_regenerates_an_edit_as_a_fresh_process_does(
        tmp_path: Path) -> None:
    """The live preview regenerates in one process, which keeps what it read (each data
    file's checked values by its bytes, Markdown link checks, dates in words): after edits,
    its pages are those a new process makes of the same data."""
    import subprocess
    import sys

    from generator.pipeline import generate

    root = copy_project(REPO, tmp_path / "live")
    generate(root)
    figures = root / "data" / "figures.yaml"
    original = figures.read_text(encoding="utf-8")
    edits = [original.replace("U.S. overdose deaths", "Overdose deaths in the U.S.", 1),
             original.replace("value: 70601", "value: 70602", 1),
             original]  # and back: the first bytes are met again
    assert len(set(edits)) == 3
    for number, text in enumerate(edits):
        figures.write_text(text, encoding="utf-8")
        generate(root)
        fresh = copy_project(root, tmp_path / f"fresh-{number}")
        for leftover in fresh.glob(CACHE):
            leftover.unlink()
        done = subprocess.run([sys.executable, "-m", "generator", "generate", "-p", str(fresh)],
                              capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        assert generated_files(root) == generated_files(fresh)


@pytest.mark.parametrize("change", ["a seed", "a template added", "a variable mkdocs.yml names",
                                    "the tool's version", "mkdocs.yml inherits"])
def test_any_input_changed_after_a_remembered_run_means_a_full_run(
        run: Callable[..., Result], example: Path, loads: list[Path],
        monkeypatch: pytest.MonkeyPatch, change: str) -> None:
    config = example / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "# EXPLAINER_TEST_FLAVOUR\n",
                      encoding="utf-8")
    _settled(run, example)
    loads.clear()
    assert run("generate", "-p", str(example)).output.startswith("0 files written")
    assert loads == []
    if change == "a seed":
        seed = sorted((example / "seeds").iterdir())[0]
        seed.write_text(seed.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    elif change == "a template added":
        (example / "templates").mkdir(exist_ok=True)
        (example / "templates" / "unused.md.j2").write_text("unused\n", encoding="utf-8")
    elif change == "a variable mkdocs.yml names":
        monkeypatch.setenv("EXPLAINER_TEST_FLAVOUR", "other")
    elif change == "the tool's version":
        monkeypatch.setattr("generator.unchanged.__version__", "99.0")
    else:
        config.write_text(config.read_text(encoding="utf-8") + "# INHERIT: base.yml\n",
                          encoding="utf-8")
    run("generate", "-p", str(example))
    assert loads, "the change was not seen"


def test_a_run_that_added_a_file_under_docs_is_not_remembered(
        example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its pages were rendered knowing the files that stood before: the next run does the
    work, finding the files as they stand."""
    generate = generator.pipeline.generate
    generate(example)
    real = generator.pipeline.page_files

    def with_a_new_page(root: Path) -> frozenset[str] | None:
        files = real(root)
        (root / "docs" / "notes.md").write_text("# Notes\n")  # added during the run
        return files

    monkeypatch.setattr(generator.pipeline, "page_files", with_a_new_page)
    generator.pipeline.regenerate(example)
    assert not (example / CACHE).exists()
    monkeypatch.setattr(generator.pipeline, "page_files", real)
    generate(example)
    assert (example / CACHE).is_file()
