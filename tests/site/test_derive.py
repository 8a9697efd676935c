"""The offline copy made from the built site has the bytes of one built by MkDocs with
Material's offline plugin, file for file; and a project whose copy cannot be derived with
certainty gets one built by MkDocs."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from generator.pipeline import generate, load_project
from generator.site import build as site
from generator.site import derive, jobs, offline

from ..conftest import FIXTURE, REPO, copy_project, tree


def _package(project: Path) -> Path:
    package = offline.find_iframe_worker(project)
    assert package is not None, "`make install` installs iframe-worker"
    return package


def _both_ways(project: Path, out: Path) -> tuple[Path, Path]:
    """The offline copy of `project` derived from its built site, and built by MkDocs."""
    languages = tuple(load_project(project).data.explainer.editions)
    editions = site.edition_configs(project / "mkdocs.yml", languages)
    assert jobs.unsure(editions, project) is None
    built = jobs.build_editions(editions, out / "hosted")
    assert built.refused is None and built.unsure is None, built
    derived = out / "derived"
    found = derive.derive(out / "hosted", derived, built.editions)
    scanned = [p.relative_to(derived).as_posix() for p in derived.rglob("*.html")]
    offline.finish_editions(derived, _package(project), [e.prefix for e in built.editions],
                            scanned, found)
    plugin = site._offline_build(project / "mkdocs.yml", out / "plugin", _package(project),
                                 languages)
    assert plugin.refused is None and plugin.unusable is None, plugin
    return derived, out / "plugin"


def _same_files(derived: Path, plugin: Path) -> int:
    mine, theirs = tree(derived), tree(plugin)
    assert sorted(mine) == sorted(theirs)
    differ = [name for name in sorted(mine) if mine[name] != theirs[name]]
    assert differ == []
    return len([v for v in mine.values() if v != "folder"])


@pytest.mark.parametrize("site_url", ["", "https://example.org/explainer/"])
def test_the_repository_explainer_in_two_editions(tmp_path: Path, site_url: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITE_URL", site_url)
    project = copy_project(REPO, tmp_path / "repo")
    derived, plugin = _both_ways(project, tmp_path / "out")
    assert (derived / "es/people/lopez-obrador.html").is_file()
    assert _same_files(derived, plugin) > 100
    page = (derived / "es/people/lopez-obrador.html").read_text(encoding="utf-8")
    assert 'href="../../people/lopez-obrador.html" hreflang="en"' in page
    if site_url:
        assert f'<link rel="canonical" href="{site_url}people/lopez-obrador.html">' in page


def test_the_fixture_with_hostile_text(tmp_path: Path) -> None:
    project = copy_project(FIXTURE, tmp_path / "riverside")
    generate(project)
    derived, plugin = _both_ways(project, tmp_path / "out")
    assert _same_files(derived, plugin) > 20
    page = (derived / "people/hostile-name.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;" in page and "<script>alert" not in page


def test_a_new_project(run: Callable[..., Result], tmp_path: Path) -> None:
    assert run("new", str(tmp_path / "new")).exit_code == 0
    derived, plugin = _both_ways(tmp_path / "new", tmp_path / "out")
    assert _same_files(derived, plugin) > 20
    assert (derived / "search/search_index.js").read_text(encoding="utf-8").startswith(
        'var __index = {"config":')


def test_a_site_of_files_gets_the_shim_and_the_index_script(riverside: Path,
                                                           tmp_path: Path) -> None:
    config = riverside / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "use_directory_urls: false\n",
                      encoding="utf-8")
    generate(riverside)
    derived, plugin = _both_ways(riverside, tmp_path / "out")
    assert _same_files(derived, plugin) > 20
    hosted = (tmp_path / "out/hosted/people/ilse-varga.html").read_text(encoding="utf-8")
    assert offline.SHIM not in hosted  # the site for the web is left as it was


def _zip_names(project: Path) -> list[str]:
    with zipfile.ZipFile(project / offline.ZIP_NAME) as archive:
        return archive.namelist()


def test_explainer_build_derives_the_copy_built_by_mkdocs(
        run: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole build, both ways: the same zip, and the same site for the web."""
    first = copy_project(REPO, tmp_path / "derived")
    assert run("build", "-p", str(first)).exit_code == 0
    written: list[int] = []
    monkeypatch.setattr(derive, "write_pages", lambda *a: written.append(1) or [])
    monkeypatch.setattr(site, "unsure", lambda editions, root: "a test says so")
    second = copy_project(REPO, tmp_path / "built")
    result = run("build", "-p", str(second))
    assert result.exit_code == 0, result.output
    assert written == []  # the second copy was built by MkDocs
    assert (first / offline.ZIP_NAME).read_bytes() == (second / offline.ZIP_NAME).read_bytes()
    assert tree(first / "site") == tree(second / "site")
    assert "es/people/lopez-obrador.html" in {n.split("/", 1)[1] for n in _zip_names(first)}


def _add_plugin(project: Path) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("plugins:\n", "plugins:\n  - meta\n", 1), encoding="utf-8")


def _other_theme(project: Path) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("  name: material\n", "  name: mkdocs\n")
    config.write_text(text.split("  # Tags:")[0], encoding="utf-8")  # tags come with Material


@pytest.mark.parametrize(("change", "reason"), [
    (_add_plugin, "the plugin material/meta may change a page with its address"),
    (lambda p: (p / "overrides/main.html").write_text(
        (p / "overrides/main.html").read_text() + "{# mine #}\n"),
     "the theme override main.html is not explainer's own"),
    (lambda p: (p / "mkdocs.yml").write_text(
        (p / "mkdocs.yml").read_text().replace("  font: false\n", "")),
     "the theme loads web fonts"),
    (lambda p: (p / "mkdocs.yml").write_text(
        (p / "mkdocs.yml").read_text().replace("    - navigation.top\n",
                                               "    - navigation.top\n    - navigation.instant\n")),
     "the theme feature navigation.instant may change a page with its address"),
    (lambda p: (p / "docs/about.md").write_text('# About\n\n<a href="../people/">People</a>\n'),
     "docs/about.md links in raw HTML"),
    (_other_theme, "the theme is mkdocs, not material"),
])
def test_what_may_change_a_page_with_its_address_is_built_instead(
        riverside: Path, change: Callable[[Path], object], reason: str) -> None:
    generate(riverside)
    change(riverside)
    editions = site.edition_configs(riverside / "mkdocs.yml", ())
    assert jobs.unsure(editions, riverside) == f"mkdocs.yml: {reason}"


def test_a_project_with_another_plugin_gets_a_working_copy_built_by_mkdocs(
        run: Callable[..., Result], riverside: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    _add_plugin(riverside)
    called: list[int] = []
    real = derive.write_pages
    monkeypatch.setattr(derive, "write_pages", lambda *a: called.append(1) or real(*a))
    result = run("build", "-p", str(riverside))
    assert result.exit_code == 0, result.output
    assert called == []
    with zipfile.ZipFile(riverside / offline.ZIP_NAME) as archive:
        archive.extractall(tmp_path / "unzipped")
    unzipped = tmp_path / "unzipped" / offline.ZIP_FOLDER
    page = (unzipped / "people/ilse-varga.html").read_text(encoding="utf-8")
    assert f'<script src="../{offline.SHIM}"></script>' in page
    assert (unzipped / "search/search_index.js").is_file()
    plugin = site._offline_build(riverside / "mkdocs.yml", tmp_path / "plugin",
                                 _package(riverside))
    assert plugin.unusable is None
    assert (tmp_path / "plugin/people/ilse-varga.html").read_text(encoding="utf-8") == page


def test_a_page_not_as_expected_is_not_derived(riverside: Path, tmp_path: Path) -> None:
    generate(riverside)
    editions = site.edition_configs(riverside / "mkdocs.yml", ())
    built = jobs.build_editions(editions, tmp_path / "hosted")
    page = tmp_path / "hosted/people/ilse-varga/index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("__md_scope=new URL(\"../..\"",
                                                             "__md_scope=new URL(\"x\""),
                    encoding="utf-8")
    with pytest.raises(derive.Unsure, match="people/ilse-varga/: unexpected __md_scope"):
        derive.derive(tmp_path / "hosted", tmp_path / "derived", built.editions)


def test_a_derivation_that_fails_on_a_page_falls_back_to_the_mkdocs_build(
        run: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    normal = copy_project(FIXTURE, tmp_path / "normal")
    assert run("build", "-p", str(normal)).exit_code == 0

    def refuse(*args: object) -> list[tuple[str, str]]:
        raise derive.Unsure("people/x/: unexpected __md_scope")

    monkeypatch.setattr(derive, "write_pages", refuse)
    failed = copy_project(FIXTURE, tmp_path / "failed")
    result = run("build", "-p", str(failed))
    assert result.exit_code == 0, result.output
    assert (failed / offline.ZIP_NAME).read_bytes() == (normal / offline.ZIP_NAME).read_bytes()
    assert not list(failed.glob(".site-*"))
