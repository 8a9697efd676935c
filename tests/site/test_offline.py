"""The offline copy: a zip that works opened from file://, search included, with no network.

The search tests type into the search box of a real browser (Chromium driven by Playwright),
with every request outside the site blocked and counted.
"""

from __future__ import annotations

import os
import re
import signal
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from click.testing import Result

from generator.errors import UserError
from generator.pipeline import load_project
from generator.project.models import Event, Figure, Position
from generator.site import build as site
from generator.site import offline
from generator.site.worker import Worker

from ..browser import Browser, browser, serve_folder  # noqa: F401 - fixture
from ..conftest import FIXTURE, REPO, copy_project

MAX_ZIP_BYTES = 1_500_000
# What readers type, and the page it must find among the first N pages found: a person's or a
# figure's page first for their name; a number is on several pages (tables, notes, and the
# glossary's definition of the U.S. Border Patrol, which gives the recorded number).
SEARCHES: list[tuple[str, str, int]] = [
    ("Lopez", "people/lopez-obrador", 1),  # the article's own spelling, without accents
    ("López Obrador", "people/lopez-obrador", 1),
    ("Barcena", "people/barcena", 1),
    ("Sherwood", "people/sherwood-randall", 1),
    ("Sherwood-Randall", "people/sherwood-randall", 1),
    ("181,059", "figures/fig-border-patrol-august", 4),
    ("181059", "figures/fig-border-patrol-august", 4),
    # A glossary term finds its definition among the first three pages; a name, its person.
    ("fentanyl", "glossary#term-fentanyl", 3),
    ("encounter", "glossary#term-encounter", 3),
    ("cartel", "glossary#term-cartel", 3),
    ("Title 42", "glossary#term-title-42", 3),
    ("Blinken", "people/blinken", 1),
    ("Mayorkas", "people/mayorkas", 1),
    ("overdose deaths", "figures/fig-overdose-deaths", 1),  # last: its first result is followed
]




def _build(run: Callable[..., Result], project: Path, *args: str) -> Result:
    result = run("build", *args, "-p", str(project))
    assert result.exit_code == 0, result.output
    return result


def _unzip(archive: Path, target: Path) -> Path:
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(target)
    return target / offline.ZIP_FOLDER


@pytest.fixture(scope="module")
def repo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's explainer, built once: site/ (for the web) and its offline zip."""
    from click.testing import CliRunner

    from generator.cli import cli

    def run(*args: str) -> Result:
        return CliRunner().invoke(cli, list(args), catch_exceptions=False)

    project = copy_project(REPO, tmp_path_factory.mktemp("repo") / "project")
    result = _build(run, project)
    assert "Offline copy:" in result.stdout
    _unzip(project / offline.ZIP_NAME, project / "unzipped")
    return project


def _search(page: Any, query: str) -> list[str]:
    """Type `query` into Material's search box; the addresses of the results, in order (a page
    comes once for each of its sections that is shown)."""
    box = page.locator("input.md-search__input")
    meta = page.locator(".md-search-result__meta")
    box.click()
    box.fill("")
    box.press("End")  # Material searches on key presses, not on input events
    page.wait_for_function(
        "() => document.querySelector('.md-search-result__meta').textContent.trim()"
        " === 'Type to start searching'", timeout=15000)
    box.fill(query)
    box.press("End")
    page.wait_for_function(
        "() => !['Type to start searching', 'Initializing search'].includes("
        "document.querySelector('.md-search-result__meta').textContent.trim())", timeout=15000)
    assert "matching" in meta.inner_text()
    links = page.locator(".md-search-result__item > a.md-search-result__link")
    return [str(links.nth(i).get_attribute("href")) for i in range(links.count())]


def _page_of(href: str, base: str) -> str:
    """`people/x` for a search result's address, whatever the form of the site's URLs."""
    path = urlsplit(href).path
    root = urlsplit(base).path
    assert path.startswith(root), (href, base)
    return re.sub(r"(/index)?\.html$|/$", "", path[len(root):])


def _check_searches(page: Any, base: str) -> None:
    for query, expected, within in SEARCHES:
        hrefs = _search(page, query)
        found = list(dict.fromkeys(_page_of(href, base) for href in hrefs))
        wanted, _, section = expected.partition("#")
        assert wanted in found[:within], (query, found)
        if section:  # the section itself is shown under its page
            sections = {urlsplit(href).fragment for href in hrefs if _page_of(href, base) == wanted}
            assert section in sections, (query, sections)


def test_search_in_the_unzipped_copy_from_file_finds_what_readers_type(
        repo_site: Path, browser: Browser) -> None:  # noqa: F811
    site = repo_site / "unzipped" / offline.ZIP_FOLDER
    page, traffic = browser.page("file://")
    page.goto((site / "index.html").as_uri())
    base = site.as_uri() + "/"
    _check_searches(page, base)
    page.locator("a.md-search-result__link").first.click()  # follow the last result offline
    page.wait_for_url("**/figures/fig-overdose-deaths.html*")
    assert page.locator("h1").first.inner_text().startswith("U.S. overdose deaths")
    page.close()
    assert traffic.blocked == []
    assert all(url.startswith("file://") for url in traffic.allowed)
    assert any(url.endswith(offline.SHIM) for url in traffic.allowed)


def test_search_in_the_offline_copy_over_http_makes_no_outside_request(
        repo_site: Path, browser: Browser) -> None:  # noqa: F811
    with serve_folder(repo_site / "unzipped" / offline.ZIP_FOLDER) as base:
        page, traffic = browser.page(base)
        page.goto(base)
        _check_searches(page, base)
        page.close()
    assert traffic.blocked == []
    assert any(url.endswith("search/search_index.json") for url in traffic.allowed)


def test_search_in_the_hosted_site_finds_the_same(repo_site: Path, browser: Browser) -> None:  # noqa: F811
    with serve_folder(repo_site / "site") as base:
        page, traffic = browser.page(base)
        page.goto(base)
        _check_searches(page, base)
        page.close()
    assert traffic.blocked == []


def test_the_zip_is_small_complete_and_offered_by_the_site(repo_site: Path) -> None:
    archive = repo_site / offline.ZIP_NAME
    size = archive.stat().st_size
    assert size <= MAX_ZIP_BYTES, f"{size:,} bytes"
    with zipfile.ZipFile(archive) as opened:
        names = opened.namelist()
        home = opened.read(f"{offline.ZIP_FOLDER}/index.html").decode()
        assert opened.testzip() is None
    assert names == sorted(names)
    assert all(name.startswith(f"{offline.ZIP_FOLDER}/") for name in names)
    inside = {name.split("/", 1)[1] for name in names}
    for needed in ("index.html", "people/lopez-obrador.html", "tags.html", offline.SHIM,
                   "search/search_index.js", "search/search_index.json"):
        assert needed in inside, needed
    assert not [n for n in inside if n.endswith(".map")]
    assert not [n for n in inside if n.startswith("assets/javascripts/lunr/")]  # English only
    assert "sitemap.xml" not in inside and offline.DOWNLOAD not in inside
    assert "This is the offline copy of the site" in home and offline.DOWNLOAD not in home
    # The hosted site offers the same zip from its home page.
    assert (repo_site / "site" / offline.DOWNLOAD).read_bytes() == archive.read_bytes()
    hosted_home = (repo_site / "site/index.html").read_text(encoding="utf-8")
    assert f'<a href="{offline.DOWNLOAD}" download>Download for offline use</a>' in hosted_home
    # Nothing in the offline copy loads a file from elsewhere.
    assert offline.remote_resources(repo_site / "unzipped" / offline.ZIP_FOLDER) == []


def _tag_section(html: str, tag_id: str) -> list[str]:
    """The links listed under one tag of the tags page."""
    match = re.search(rf'<h2 id="{re.escape(tag_id)}"[^>]*>(.*?)(?=<h2 |<p class="ex-report">|</article>)',
                      html, re.DOTALL)
    assert match, tag_id
    return re.findall(r'<a href="([^"#]+)"', match.group(1))


def test_the_topics_page_lists_every_migration_claim_and_the_claims_page_every_status(
        repo_site: Path) -> None:
    project = load_project(repo_site)
    tags = (repo_site / "site/tags/index.html").read_text(encoding="utf-8")

    def page_of(entry: object) -> str:
        if isinstance(entry, Figure):
            return f"../figures/{entry.id}/"
        if isinstance(entry, Position):
            return f"../people/{entry.actor}/"
        assert isinstance(entry, Event)
        return "../timeline/"

    migration = {page_of(c.entry) for c in project.claims if getattr(c.entry, "topic", None) == "Migration"}
    migration |= {f"../people/{p.actor}/" for p in project.data.positions if p.topic == "Migration"}
    assert migration and set(_tag_section(tags, "tag:topic-migration")) == migration
    assert 'id="tag:misleading"' not in tags  # statuses are not tags: the claims page has them
    claims = (repo_site / "site/claims/index.html").read_text(encoding="utf-8")
    assert 'id="misleading"' in claims and 'href="../claims/"' in tags
    figure = (repo_site / "site/figures/fig-migrants-per-day/index.html").read_text(encoding="utf-8")
    chips = re.search(r'<nav class="md-tags"\s*>(.*?)</nav>', figure, re.DOTALL)
    assert chips and re.findall(r'class="md-tag">([^<]*)</a>', chips.group(1)) == ["Topic: Migration"]


@pytest.fixture(scope="module")
def riverside_offline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture explainer (an invented story) built with `build --offline`."""
    from click.testing import CliRunner

    from generator.cli import cli

    project = copy_project(FIXTURE, tmp_path_factory.mktemp("riverside") / "riverside")
    result = CliRunner().invoke(cli, ["build", "--offline", "-p", str(project)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "for offline use" in result.stdout
    return project


def test_any_explainer_built_offline_searches_from_file_without_network(
        riverside_offline: Path, browser: Browser) -> None:  # noqa: F811
    site = riverside_offline / "site"
    assert (site / offline.DOWNLOAD).is_file() and (site / "people/ilse-varga.html").is_file()
    page, traffic = browser.page("file://")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto((site / "index.html").as_uri())
    base = site.as_uri() + "/"
    assert _page_of(_search(page, "Varga")[0], base) == "people/ilse-varga"
    assert _page_of(_search(page, "Farms")[0], base) == "figures/farms"
    assert "people/hostile-name" in [_page_of(h, base) for h in _search(page, "alert")]
    results = page.locator(".md-search-result").inner_text()
    assert '<script>alert("x")</script>' in results  # the hostile name shows as text
    page.close()
    assert dialogs == []
    assert traffic.blocked == []


def test_tags_show_topics_literally(riverside_offline: Path) -> None:
    tags = (riverside_offline / "site/tags.html").read_text(encoding="utf-8")
    assert "&lt;i&gt;Farms&lt;/i&gt; &amp; &quot;land&quot;" in tags
    assert "<i>" not in tags
    assert _tag_section(tags, "tag:topic-water-sharing") == [
        "figures/flow-cut.html", "people/ilse-varga.html", "people/tomas-brenner.html"]
    assert _tag_section(tags, "tag:topic-talks") == ["timeline.html"]
    figure = (riverside_offline / "site/figures/farms.html").read_text(encoding="utf-8")
    assert "<i>" not in figure and "&lt;i&gt;Farms&lt;/i&gt;" in figure


def test_the_zip_has_the_same_bytes_from_every_build(run, riverside_offline: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    twin = copy_project(FIXTURE, tmp_path / "twin")
    _build(run, twin)  # a normal build makes the same offline copy as `build --offline`
    first = (riverside_offline / offline.ZIP_NAME).read_bytes()
    assert (twin / offline.ZIP_NAME).read_bytes() == first
    assert (twin / "site" / offline.DOWNLOAD).read_bytes() == first
    assert (twin / "site/people/ilse-varga/index.html").is_file()  # the web site is unchanged
    assert len(first) <= MAX_ZIP_BYTES
    # On one core the offline copy is built after the site, in this process: the same bytes.
    monkeypatch.setattr(site, "_cores", lambda: 1)
    single = copy_project(FIXTURE, tmp_path / "single")
    _build(run, single)
    assert (single / offline.ZIP_NAME).read_bytes() == first


def test_without_iframe_worker_only_the_offline_build_fails(
        run, riverside: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(offline, "_TOOL_ROOT", riverside / "nowhere")
    result = run("build", "--offline", "-p", str(riverside))
    assert result.exit_code == 1
    assert "iframe-worker is not installed: run `npm install iframe-worker`" in result.stderr
    assert "Traceback" not in result.output
    assert not (riverside / "site").exists()
    result = run("build", "-p", str(riverside))
    assert result.exit_code == 0
    assert "site-offline.zip was not made" in result.stderr
    assert not (riverside / offline.ZIP_NAME).exists()
    home = (riverside / "site/index.html").read_text(encoding="utf-8")
    assert offline.DOWNLOAD not in home and "No offline copy of this site is available" in home


def test_an_offline_site_may_not_load_files_from_elsewhere(run, riverside: Path) -> None:
    config = riverside / "mkdocs.yml"
    config.write_text(config.read_text() + "extra_javascript:\n  - https://cdn.example.org/x.js\n")
    result = run("build", "--offline", "-p", str(riverside))
    assert result.exit_code == 1
    assert "https://cdn.example.org/x.js (loaded by 404.html and " in result.stderr
    assert "its pages would load these files from the internet" in result.stderr
    assert "Traceback" not in result.output
    assert not (riverside / "site").exists() and not list(riverside.glob(".site-*"))
    result = run("build", "-p", str(riverside))  # the site for the web is still built
    assert result.exit_code == 0
    assert "site-offline.zip was not made: https://cdn.example.org/x.js" in result.stderr
    assert (riverside / "site/index.html").is_file() and not (riverside / offline.ZIP_NAME).exists()
    assert not list(riverside.glob(".site-*"))


def test_an_offline_build_refused_by_mkdocs_fails_the_whole_build(run, riverside: Path,
                                                                  tmp_path: Path) -> None:
    """The offline copy is built in another process when it cannot be derived from the
    site; MkDocs' refusal there comes back with its warnings, and a failed build stops that
    process and leaves no site and no scratch folder."""
    assert run("generate", "-p", str(riverside)).exit_code == 0
    package = offline.find_iframe_worker(riverside)
    assert package is not None
    (riverside / "docs/about.md").write_text("# About\n\nSee [the missing page](missing.md).\n")
    beside = Worker()
    try:
        beside.submit(site._offline_build, riverside / "mkdocs.yml", tmp_path / "scratch", package)
        outcome = beside.result()
    finally:
        beside.close()
    assert outcome.refused is not None and outcome.unusable is None
    assert any("missing.md" in warning for warning in outcome.warnings), outcome.warnings
    result = run("build", "-p", str(riverside))
    assert result.exit_code == 1
    assert "missing.md" in result.stderr and "the site was not built" in result.stderr
    assert "Traceback" not in result.output
    assert not (riverside / "site").exists() and not list(riverside.glob(".site-*"))


def test_a_build_whose_other_process_dies_is_an_error_not_a_hang(run, riverside: Path,
                                                                 tmp_path: Path) -> None:
    assert run("generate", "-p", str(riverside)).exit_code == 0
    package = offline.find_iframe_worker(riverside)
    assert package is not None
    beside = Worker()
    try:
        assert beside.process is not None, "a machine with one core builds in turn"
        beside.submit(site._offline_build, riverside / "mkdocs.yml", tmp_path / "scratch", package)
        os.kill(beside.process.pid, signal.SIGKILL)
        with pytest.raises(UserError, match="a build process stopped unexpectedly"):
            beside.result()
    finally:
        process = beside.process
        beside.close()
    assert process is not None and not process.is_alive()


_HELD: list[object] = []


def _hold_and_say(count: int) -> int:
    """Keep many objects alive in the other process, and leave a line in its buffered stdout."""
    _HELD.extend({"n": n} for n in range(count))
    print("held", count, end="")
    return len(_HELD)


def test_the_other_process_ends_at_once_when_told_to_stop(
        capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PYTHONUNBUFFERED", raising=False)  # its output kept in a buffer
    beside = Worker(2)
    assert beside.process is not None
    beside.submit(_hold_and_say, 200_000)
    assert beside.result() == 200_000
    process = beside.process
    beside.close()  # it ends without tearing down what it holds, its output flushed first
    assert process.exitcode == 0
    assert "held 200000" in capfd.readouterr().out


def test_remote_resources_are_found_in_pages_and_stylesheets(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a/index.html").write_text(
        '<link rel="stylesheet" href="https://fonts.example/css"><link rel="canonical"'
        ' href="https://example.org/a/"><img src="//img.example/x.png"><a href="https://x.org">'
        'a link is fine</a><script src="../local.js"></script><div style="background:'
        ' url(https://bg.example/y.png)"></div>')
    (tmp_path / "s.css").write_text('@import "https://fonts.example/more.css"; a { b: url(x.png) }')
    assert offline.remote_resources(tmp_path) == [
        ("a/index.html", "https://fonts.example/css"), ("a/index.html", "//img.example/x.png"),
        ("a/index.html", "https://bg.example/y.png"), ("s.css", "https://fonts.example/more.css")]
