"""The offline copy's pages rewritten while MkDocs builds the site (`stream.py`) are those
rewritten after the build, byte for byte, and the watching plugin changes nothing."""

from __future__ import annotations

import shutil
import threading
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from generator.pipeline import generate
from generator.site import build as site
from generator.site import derive, jobs, offline, stream

from ..conftest import tree


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
