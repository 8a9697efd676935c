import hashlib
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.errors import ProjectError
from generator.pages.write import MANIFEST, STAGING, pending
from generator.pipeline import generate

from ..conftest import REPO, write


def snapshot(docs: Path) -> dict[str, tuple[int, bytes]]:
    return {p.relative_to(docs).as_posix(): (p.stat().st_mtime_ns, p.read_bytes())
            for p in sorted(docs.rglob("*")) if p.is_file()}


def test_generate_writes_pages_and_a_manifest(example: Path) -> None:
    report = generate(example)
    docs = example / "docs"
    manifest = json.loads((docs / MANIFEST).read_text())
    assert sorted(manifest["files"]) == sorted(report.written[:-1] if report.written[-1] == MANIFEST
                                               else report.written)
    assert "about.md" not in manifest["files"]
    assert "\n# The Millbrook bridge closure, claim by claim\n" in (docs / "index.md").read_text()


def test_regenerating_unchanged_data_touches_no_file(example: Path) -> None:
    generate(example)
    before = snapshot(example / "docs")
    report = generate(example)
    assert report.written == [] and report.removed == []
    assert snapshot(example / "docs") == before


def test_an_edit_rewrites_only_the_pages_that_show_it(example: Path) -> None:
    generate(example)
    glossary = example / "data/glossary.yaml"
    glossary.write_text(glossary.read_text().replace("usually over a week", "usually for a week"))
    report = generate(example)
    assert report.written == ["glossary.md", MANIFEST]


def test_renaming_a_person_rewrites_exactly_the_pages_that_name_them(example: Path) -> None:
    generate(example)
    docs = example / "docs"
    officials = example / "data/officials.yaml"
    text = officials.read_text()
    old = text.split("name: ", 1)[1].split("\n", 1)[0].strip().strip("\"'")
    showing = {p.relative_to(docs).as_posix() for p in docs.rglob("*")
               if p.is_file() and old in p.read_text(encoding="utf-8", errors="replace")}
    assert len(showing) >= 3  # the person's page and the pages that list them
    officials.write_text(text.replace(old, "Zeynep Quillfeather", 1))
    report = generate(example)
    now = {p.relative_to(docs).as_posix() for p in docs.rglob("*")
           if p.is_file() and "Zeynep Quillfeather" in p.read_text(encoding="utf-8", errors="replace")}
    assert set(report.written) - {MANIFEST} == now == showing - {MANIFEST}


def test_stale_generated_pages_are_removed_and_hand_written_kept(example: Path) -> None:
    generate(example)
    docs = example / "docs"
    manifest = json.loads((docs / MANIFEST).read_text())
    manifest["files"]["old-page.md"] = hashlib.sha256(b"stale\n").hexdigest()
    (docs / MANIFEST).write_text(json.dumps(manifest))
    write(docs, "old-page.md", "stale\n")
    report = generate(example)
    assert report.removed == ["old-page.md"]
    assert not (docs / "old-page.md").exists()
    assert (docs / "about.md").exists()


def test_a_hand_written_page_in_the_way_is_never_overwritten(example: Path) -> None:
    write(example / "docs", "glossary.md", "# My own glossary\n")
    with pytest.raises(ProjectError) as caught:
        generate(example)
    assert [p.format() for p in caught.value.problems] == [
        "docs/glossary.md:1:1: (file): this hand-written page has the name of a generated page;"
        " rename or move it so that explainer can write its page"
    ]
    assert (example / "docs/glossary.md").read_text() == "# My own glossary\n"
    assert not (example / "docs/index.md").exists()


def test_invalid_data_writes_nothing(example: Path) -> None:
    generate(example)
    before = snapshot(example / "docs")
    write(example, "data/glossary.yaml", "- term: [broken\n")
    with pytest.raises(ProjectError):
        generate(example)
    assert snapshot(example / "docs") == before


def test_check_mode_reports_without_writing(example: Path) -> None:
    report = generate(example, check=True)
    assert "index.md" in report.written
    assert not (example / "docs/index.md").exists()


KILLABLE = """
import os, sys, time
from pathlib import Path
real = os.replace
def slow(src, dst):
    time.sleep(0.02)
    real(src, dst)
os.replace = slow
from generator.pipeline import generate
print("started", flush=True)
generate(Path(sys.argv[1]))
"""


def generated_state(docs: Path) -> dict[str, bytes]:
    manifest = json.loads((docs / MANIFEST).read_text())
    return {name: (docs / name).read_bytes() for name in sorted(manifest["files"])
            if (docs / name).is_file()} | {MANIFEST: (docs / MANIFEST).read_bytes()}


def test_a_killed_generation_leaves_old_or_new_pages(example: Path, tmp_path: Path) -> None:
    generate(example)
    docs = example / "docs"
    backup = tmp_path / "old-docs"
    shutil.copytree(docs, backup)
    old = generated_state(docs)
    figures = example / "data/figures.yaml"
    figures.write_text(figures.read_text().replace("Vehicles crossing each day",
                                                   "Vehicles crossing daily"))
    twin = tmp_path / "twin"
    shutil.copytree(example, twin)
    generate(twin)
    new = generated_state(twin / "docs")
    assert new != old
    seen = set()
    for delay in (0.0, 0.2, 0.4, 0.6, 0.8, 1.0, 1.3, 1.6, 2.0):
        child = subprocess.Popen([sys.executable, "-c", KILLABLE, str(example)],
                                 stdout=subprocess.PIPE, cwd=REPO)
        assert child.stdout is not None
        child.stdout.readline()
        time.sleep(delay)
        child.kill()
        child.wait()
        if pending(docs):
            seen.add("journal")  # stopped while moving: the next run finishes the new pages
        else:
            state = generated_state(docs)
            assert state in (old, new), f"a mixed docs/ after a kill at {delay} s"
            seen.add("old" if state == old else "new")
        generate(example)
        assert generated_state(docs) == new
        assert not (docs / STAGING).exists()
        shutil.rmtree(docs)
        shutil.copytree(backup, docs)
    assert "old" in seen and len(seen) > 1, seen


def test_a_journal_cut_short_counts_as_never_written(example: Path) -> None:
    generate(example)
    docs = example / "docs"
    glossary = example / "data/glossary.yaml"
    glossary.write_text(glossary.read_text().replace("usually over a week", "usually for a week"))
    (docs / STAGING).mkdir()
    (docs / STAGING / "glossary.md").write_text("")  # as a power cut may leave them
    (docs / STAGING / "journal.json").write_text("")
    assert pending(docs)
    report = generate(example)
    assert report.written == ["glossary.md", MANIFEST]
    assert not (docs / STAGING).exists()
    assert "usually for a week" in (docs / "glossary.md").read_text()
