"""The offline copy's pages rewritten while MkDocs builds the site (`stream.py`) are those
rewritten after the build, byte for byte, and the watching plugin changes nothing."""

from __future__ import annotations

import shutil
import threading
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from generator.pipeline import generate
from generator.site import build as site
from generator.site import derive, jobs, offline, stream

from ..conftest import REPO, copy_project, tree


def _built(project: Path, out: Path, progress: Path | None) -> jobs.Built:
    generate(project)
    editions = site.edition_configs(project / "mkdocs.yml", ())
    built = jobs.build_editions(editions, out, progress=progress)
    assert built.refused is None and built.unsure is None, built
    return built


def test_the_plugin_lists_every_page_as_it_is_finished_and_changes_nothing(
        riverside: Path, tmp_path: Path) -> None:
    progress = tmp_path / "progress"
    watched = _built(riverside, tmp_path / "watched", progress)
    plain = _built(riverside, tmp_path / "plain", None)
    assert tree(tmp_path / "watched") == tree(tmp_path / "plain")
    listed = progress.read_text(encoding="utf-8").splitlines()
    assert listed == [move[0] for move in plain.editions[0].moves]
    assert watched.editions == plain.editions


def test_the_pages_rewritten_during_the_build_are_those_rewritten_after_it(
        riverside: Path, tmp_path: Path) -> None:
    progress = tmp_path / "progress"
    built = _built(riverside, tmp_path / "hosted", progress)
    answers: list[stream.Streamed] = []
    follower = threading.Thread(target=lambda: answers.append(stream.follow(
        riverside / "mkdocs.yml", tmp_path / "hosted", tmp_path / "during", progress)))
    follower.start()
    listed = len(progress.read_text(encoding="utf-8").splitlines())
    for _ in range(500):  # until every listed page is rewritten, then the build ends
        if len(list((tmp_path / "during").rglob("*.html"))) == listed:
            break
        time.sleep(0.02)
    stream.end(progress)
    follower.join()
    followed, = answers
    assert followed.unsure is None
    assert followed.editions == built.editions
    pages = [job for job in derive.jobs(built.editions) if job[1] != "404.html"]
    assert sorted(followed.remote) == sorted(pages)
    after = derive.write_pages(tmp_path / "hosted", tmp_path / "after", built.editions, pages)
    assert followed.remote == after
    assert tree(tmp_path / "during") == tree(tmp_path / "after")


def test_pages_not_yet_listed_are_left_to_the_build(riverside: Path, tmp_path: Path) -> None:
    built = _built(riverside, tmp_path / "hosted", None)
    first = built.editions[0].moves[:2]
    progress = tmp_path / "progress"
    progress.write_text("".join(f"{old}\n" for old, *_ in first) + "not/a/page.html\n",
                        encoding="utf-8")
    stream.end(progress)
    followed = stream.follow(riverside / "mkdocs.yml", tmp_path / "hosted", tmp_path / "during",
                             progress)
    assert [job[1] for job in followed.remote] == [old for old, *_ in first]
    assert sorted(p.relative_to(tmp_path / "during").as_posix()
                  for p in (tmp_path / "during").rglob("*.html")) == sorted(
                      new for _, new, *_ in first)


def test_a_page_it_cannot_be_sure_of_stops_it(riverside: Path, tmp_path: Path) -> None:
    built = _built(riverside, tmp_path / "hosted", None)
    old = built.editions[0].moves[0][0]
    page = tmp_path / "hosted" / old
    page.write_text(page.read_text(encoding="utf-8").replace("__md_scope=new URL(",
                                                             "__md_scope=new URL(\"x\"+"),
                    encoding="utf-8")
    progress = tmp_path / "progress"
    progress.write_text(f"{old}\n", encoding="utf-8")
    stream.end(progress)
    followed = stream.follow(riverside / "mkdocs.yml", tmp_path / "hosted", tmp_path / "during",
                             progress)
    assert followed.unsure is not None and "unexpected __md_scope" in followed.unsure
    assert followed.remote == {}


def test_a_one_language_build_gives_the_copy_built_by_mkdocs(
        run: Callable[..., Result], riverside: Path, tmp_path: Path) -> None:
    """The build that rewrites pages while MkDocs writes them: the zip holds what the
    offline plugin builds, the site what MkDocs builds."""
    result = run("build", "-p", str(riverside))
    assert result.exit_code == 0, result.output
    plugin = site._offline_build(riverside / "mkdocs.yml", tmp_path / "plugin",
                                 offline.find_iframe_worker(riverside) or Path())
    assert plugin.unusable is None and plugin.refused is None
    with zipfile.ZipFile(riverside / offline.ZIP_NAME) as archive:
        archive.extractall(tmp_path / "unzipped")
    unzipped = tree(tmp_path / "unzipped" / offline.ZIP_FOLDER)
    built = tree(tmp_path / "plugin")
    pages = sorted(name for name in built if name.endswith(".html"))
    assert pages and all(unzipped.get(name) == built[name] for name in pages
                         if name != "index.html")
    hosted = jobs.build_editions(site.edition_configs(riverside / "mkdocs.yml", ()),
                                 tmp_path / "hosted")
    assert hosted.refused is None
    mine = {n: v for n, v in tree(riverside / "site").items() if not n.startswith("downloads")}
    theirs = {n: v for n, v in tree(tmp_path / "hosted").items() if not n.startswith("downloads")}
    assert mine == theirs


def test_it_stops_when_the_build_is_gone(riverside: Path, tmp_path: Path) -> None:
    """A build that was killed never lists END, and its folders are removed later: the
    other process then stops instead of waiting for ever."""
    built = _built(riverside, tmp_path / "hosted", None)
    old, new, *_ = built.editions[0].moves[0]
    progress = tmp_path / "build" / "progress"
    progress.parent.mkdir()
    progress.write_text(f"{old}\n", encoding="utf-8")
    answers: list[stream.Streamed] = []
    follower = threading.Thread(target=lambda: answers.append(stream.follow(
        riverside / "mkdocs.yml", tmp_path / "hosted", tmp_path / "during", progress)))
    follower.start()
    for _ in range(500):
        if (tmp_path / "during" / new).is_file():
            break
        time.sleep(0.02)
    shutil.rmtree(progress.parent)
    follower.join(timeout=30)
    assert not follower.is_alive()
    assert [a.unsure for a in answers] == ["the build stopped"]


def _two_edition_build(run: Callable[..., Result], project: Path, monkeypatch: Any,
                       other_ready: bool) -> list[tuple[int, int]]:
    """`explainer build` of this repository's explainer (two editions), the other process
    seen as still busy (or as done) whenever this one looks; for each derivation, how many
    of the first edition's pages had been rewritten early and how many the first edition has."""
    from generator.site.worker import Worker

    monkeypatch.setattr(Worker, "ready", lambda self: other_ready if self.process else True)
    seen: list[tuple[int, int]] = []
    derived = site._Build.derived

    def spy(self: Any, temp: Path, editions: list[derive.Edition]) -> Any:
        early = self.early[0] if self.early is not None else None
        used = len(early.remote) if early is not None and early.editions == editions else 0
        seen.append((used, len(editions[0].moves)))
        return derived(self, temp, editions)

    monkeypatch.setattr(site._Build, "derived", spy)
    result = run("build", "-p", str(project))
    assert result.exit_code == 0, result.output
    monkeypatch.undo()
    return seen


def test_with_two_editions_the_first_one_is_rewritten_while_the_other_builds(
        run: Callable[..., Result], tmp_path: Path, monkeypatch: Any) -> None:
    """The pages of the first edition rewritten while the other process builds the second
    give the same zip and site as those rewritten after both builds."""
    if site._cores() < 2:
        pytest.skip("one core: no other process")
    early = copy_project(REPO, tmp_path / "early")
    late = copy_project(REPO, tmp_path / "late")
    [(used, pages)] = _two_edition_build(run, early, monkeypatch, other_ready=False)
    assert used == pages + 1 > 30  # every page of the first edition, and its 404 page
    [(used, _)] = _two_edition_build(run, late, monkeypatch, other_ready=True)
    assert used == 0
    assert (early / offline.ZIP_NAME).read_bytes() == (late / offline.ZIP_NAME).read_bytes()
    assert tree(early / "site") == tree(late / "site")


def test_pages_rewritten_early_for_other_addresses_are_not_used(
        run: Callable[..., Result], tmp_path: Path, monkeypatch: Any) -> None:
    """When an edition built in the other process does not have the addresses its
    configuration gave (here: made to look so), the early pages are set aside and every page
    is rewritten after the builds, with the same result."""
    expected = stream._expected

    def wrong(config_file: Path, hosted: Path, prefix: str = "") -> list[derive.Edition]:
        found = expected(config_file, hosted, prefix)
        if prefix:
            found[0].moves.append(("x/index.html", "x.html", "x/", "x.html"))
        return found

    project = copy_project(REPO, tmp_path / "wrong")
    reference = copy_project(REPO, tmp_path / "reference")
    monkeypatch.setattr(stream, "_expected", wrong)
    [(used, _)] = _two_edition_build(run, project, monkeypatch, other_ready=False)
    assert used == 0
    _two_edition_build(run, reference, monkeypatch, other_ready=True)
    assert (project / offline.ZIP_NAME).read_bytes() == (reference / offline.ZIP_NAME).read_bytes()
    assert tree(project / "site") == tree(reference / "site")
