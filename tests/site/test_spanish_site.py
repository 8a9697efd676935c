"""The Spanish edition in a real browser (Chromium): search in Spanish with or without
accents, finding each word's own page first and only Spanish pages; the language switcher
online under a site_url sub-path and in the offline copy opened from file://; built from
the repository's explainer once for the module."""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from generator.cli import cli

from ..browser import Browser, browser, serve_folder  # noqa: F401 - fixture
from ..conftest import REPO, copy_project

SUB = "explainer"  # the site is served under /explainer/, as with a site_url sub-path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(REPO, tmp_path_factory.mktemp("spanish") / "project")
    result = CliRunner().invoke(cli, ["build", "-p", str(project)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return project


@pytest.fixture(scope="module")
def served(built: Path) -> Iterator[str]:
    root = built.parent / "served"
    shutil.copytree(built / "site", root / SUB)
    with serve_folder(root) as base:
        yield base + SUB + "/"


def _search(page: Any, query: str) -> list[str]:
    """Type `query` into the Spanish search box; the paths of the result pages, in order."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press("End")
    page.wait_for_function(
        "() => document.querySelector('.md-search-result__meta').textContent.trim()"
        " === 'Teclee para comenzar búsqueda'", timeout=15000)
    box.fill(query)
    box.press("End")
    page.wait_for_function(
        "() => !['Teclee para comenzar búsqueda', 'Inicializando búsqueda'].includes("
        "document.querySelector('.md-search-result__meta').textContent.trim())", timeout=15000)
    meta = page.locator(".md-search-result__meta").inner_text()
    assert "encontrado" in meta, (query, meta)
    links = page.locator(".md-search-result__item > a.md-search-result__link")
    paths = [urlsplit(str(links.nth(i).get_attribute("href"))).path for i in range(links.count())]
    return list(dict.fromkeys(paths))


# query -> the page that should come first, as a path under the Spanish site; None: any page
# that has the word in its title or in a heading (a section on it).
EXPECTED: dict[str, str | None] = {
    "fentanilo": None,
    "frontera": None,  # the border figures and timeline all carry it in a heading
    "migración": None,
    "migracion": None,
    "López": "people/lopez-obrador/",
    "Lopez": "people/lopez-obrador/",
    "Bárcena": "people/barcena/",
    "Barcena": "people/barcena/",
}


def _headed(site: Path, word: str) -> set[str]:
    """The pages of the Spanish site with `word` (accents aside) in a heading."""
    from generator.site.searchindex import fold

    found = set()
    for page in (site / "es").rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        headings = re.findall(r"<h[1-4][^>]*>(.*?)</h[1-4]>", html, re.S)
        if any(fold(word).lower() in fold(re.sub(r"<[^>]+>", "", h)).lower() for h in headings):
            rel = page.parent.relative_to(site / "es").as_posix()
            found.add("" if rel == "." else rel + "/")
    return found


def test_spanish_search_finds_the_right_page_first_with_or_without_accents(
        built: Path, served: str, browser: Browser) -> None:  # noqa: F811
    page, traffic = browser.page(served.split(SUB)[0])
    page.goto(served + "es/")
    assert page.locator("html").get_attribute("lang") == "es"
    for query, first in EXPECTED.items():
        found = _search(page, query)
        assert found, query
        assert all(f"/{SUB}/es/" in path for path in found), (query, found)  # its own pages
        page_path = found[0].removeprefix(f"/{SUB}/es/")
        if first is None:
            assert page_path in _headed(built / "site", query), (query, found[:5])
        else:
            assert page_path.startswith(first), (query, found[:5])
    english = browser.page(served.split(SUB)[0])[0]
    english.goto(served)
    box = english.locator("input.md-search__input")
    box.click()
    box.fill("Bárcena")
    box.press("End")
    english.wait_for_function(
        "() => !['Type to start searching', 'Initializing search'].includes("
        "document.querySelector('.md-search-result__meta').textContent.trim())", timeout=15000)
    links = english.locator(".md-search-result__item > a.md-search-result__link")
    hrefs = [str(links.nth(i).get_attribute("href")) for i in range(links.count())]
    assert hrefs and not any("/es/" in h for h in hrefs)
    assert traffic.blocked == []


def test_the_switcher_lands_on_the_same_page_under_a_sub_path(served: str,
                                                              browser: Browser) -> None:  # noqa: F811
    page, traffic = browser.page(served.split(SUB)[0])
    for path in ("", "people/blinken/", "figures/fig-border-patrol-august/", "claims/"):
        page.goto(served + path)
        page.locator("nav.explainer-languages a[hreflang=es]").click()
        page.wait_for_load_state()
        assert page.url == served + "es/" + path
        assert page.locator("html").get_attribute("lang") == "es"
        page.locator("nav.explainer-languages a[hreflang=en]").click()
        page.wait_for_load_state()
        assert page.url == served + path
    assert traffic.blocked == []


def test_the_switcher_works_in_the_offline_copy_from_file(built: Path, tmp_path: Path,
                                                          browser: Browser) -> None:  # noqa: F811
    with zipfile.ZipFile(built / "site-offline.zip") as archive:
        archive.extractall(tmp_path)
    (folder,) = [p for p in tmp_path.iterdir() if p.is_dir()]
    assert (folder / "es" / "index.html").is_file() and (folder / "index.html").is_file()
    assert (folder / "es" / "downloads" / "handout-letter.pdf").is_file()
    # The note that replaces the download link in the copy is in each page's language.
    assert "Esta es la copia del sitio para usar sin conexión" in (
        folder / "es" / "index.html").read_text(encoding="utf-8")
    assert "This is the offline copy of the site" in (folder / "index.html").read_text(
        encoding="utf-8")
    page, traffic = browser.page("file://")
    start = (folder / "es" / "people" / "barcena.html").as_uri()
    page.goto(start)
    page.locator("nav.explainer-languages a[hreflang=en]").click()
    page.wait_for_load_state()
    assert page.url == (folder / "people" / "barcena.html").as_uri()
    assert page.locator("html").get_attribute("lang") == "en"
    page.locator("nav.explainer-languages a[hreflang=es]").click()
    page.wait_for_load_state()
    assert page.url == start
    assert traffic.blocked == []
