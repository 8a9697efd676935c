"""End to end: build whole sites with MkDocs and check the HTML a reader gets."""

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from ..conftest import REPO, copy_project


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.h1 = ""
        self.title = ""
        self.scripts = ""
        self._in_h1 = False
        self._in = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append((tag, found))
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "a" and found.get("href"):
            self.links.append(str(found["href"]))
        self._in_h1 = self._in_h1 or tag == "h1"
        if tag in ("title", "script"):
            self._in = tag

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1":
            self._in_h1 = False
        if tag == self._in:
            self._in = ""

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in == "title":
            self.title += data
        elif self._in == "script":
            self.scripts += data
        if self._in_h1 and data != "\u00b6":  # the permalink sign
            self.h1 += data


def read_site(site: Path) -> dict[str, Page]:
    pages = {}
    for path in sorted(site.rglob("*.html")):
        page = Page()
        page.feed(path.read_text(encoding="utf-8"))
        pages[path.relative_to(site).as_posix()] = page
    return pages


def broken_links(site: Path, pages: dict[str, Page]) -> list[str]:
    broken = []
    for name, page in pages.items():
        if name.rpartition("/")[2] == "404.html":  # its links are absolute, for any missing address
            continue
        for href in page.links:
            parts = urlsplit(href)
            if parts.scheme or href.startswith("//"):
                continue
            target = (site / name).parent / unquote(parts.path) if parts.path else site / name
            if target.is_dir():
                target = target / "index.html"
            rel = target.resolve().relative_to(site.resolve()).as_posix() if target.exists() else None
            if rel is None:
                broken.append(f"{name}: {href}")
            elif parts.fragment and rel in pages and parts.fragment not in pages[rel].ids:
                broken.append(f"{name}: {href} (no such anchor)")
    return broken


def build(run, project: Path) -> dict[str, Page]:
    result = run("build", "-p", str(project))
    assert result.exit_code == 0, result.output
    return read_site(project / "site")


def test_fixture_site_has_every_page_and_no_broken_link(run, riverside: Path) -> None:
    pages = build(run, riverside)
    for page in ("index.html", "people/index.html", "positions/index.html", "figures/index.html",
                 "timeline/index.html", "claims/index.html", "background/index.html",
                 "sources/index.html", "glossary/index.html", "methodology/index.html",
                 "notes/index.html"):
        assert page in pages, page
    assert broken_links(riverside / "site", pages) == []
    home = pages["index.html"]
    assert home.h1.strip() == "The Aurel River talks: *who* gets the water?"
    assert "Test readers <grades 9–12>" in "".join(home.text)


def test_data_text_is_never_live_in_the_html(run, riverside: Path) -> None:
    pages = build(run, riverside)
    positions = "".join(pages["positions/index.html"].text)
    assert 'a <b>sham</b> & a "waste | of time"' in positions
    background = pages["background/index.html"]
    assert "Braces {{ like.this }} and {% this %} stay text" in "".join(background.text)
    assert "Neither {{ 7*7 }} nor {% if %} is run" in "".join(background.text)
    methodology = pages["methodology/index.html"]
    assert "<script>alert(1)</script>" in "".join(methodology.text)
    glossary = "".join(pages["glossary/index.html"].text)
    assert "A term with characters that must stay text: *, _, [ ] and {{ }}." in glossary
    person = pages["people/hostile-name/index.html"]
    hostile = '</title><script>alert("x")</script> *Ana* {{ 7*7 }}'
    assert person.title.startswith(hostile + " - ")
    assert person.h1 == hostile
    assert "".join(pages["people/index.html"].text).count(hostile) == 1
    index = (riverside / "site/search/search_index.json").read_text(encoding="utf-8")
    assert '"title":"&lt;/title&gt;&lt;script&gt;alert(\\"x\\")' in index
    for name, page in pages.items():
        assert "alert" not in page.scripts, name
        for tag, attrs in page.tags:
            assert tag not in ("b", "iframe", "object", "embed"), name
            if tag == "script":
                assert attrs.get("src") is None or not urlsplit(str(attrs["src"])).scheme, name
            assert not any(key.startswith("on") for key in attrs), (name, tag, attrs)


def test_claims_link_to_their_sources_and_back(run, riverside: Path) -> None:
    pages = build(run, riverside)
    figures = pages["figures/index.html"]
    assert "flow-cut/" in figures.links
    figure = pages["figures/flow-cut/index.html"]
    assert "../../sources/#gauges" in figure.links
    assert figure.h1.strip() == "Fall in the river's flow"
    sources = pages["sources/index.html"]
    assert "../figures/flow-cut/" in sources.links
    people = pages["people/index.html"]
    assert "tomas-brenner/" in people.links
    person = pages["people/tomas-brenner/index.html"]
    assert "../../positions/#brenner-no-overuse" in person.links
    assert "../../timeline/#talks-open" in person.links
    claims = "".join(pages["claims/index.html"].text)
    assert re.search(r"Misleading\s+Built on facts", claims)


def test_a_failed_build_keeps_the_previous_site(run, riverside: Path) -> None:
    build(run, riverside)
    before = (riverside / "site/index.html").read_bytes()
    config = riverside / "mkdocs.yml"
    config.write_text(config.read_text() + "  - Missing: missing.md\n")
    result = run("build", "-p", str(riverside))
    assert result.exit_code == 1
    assert "missing.md" in result.stderr
    assert "Traceback" not in result.output
    assert (riverside / "site/index.html").read_bytes() == before
    assert not list(riverside.glob(".site-*"))


def test_the_repository_explainer_builds(run, tmp_path: Path) -> None:
    project = copy_project(REPO, tmp_path / "repo")
    pages = build(run, project)
    assert broken_links(project / "site", pages) == []
    figures = "".join(pages["figures/index.html"].text)
    assert "181,509" in figures and "Inaccurate" in figures


def test_a_new_project_builds_with_plain_mkdocs(run, tmp_path: Path) -> None:
    target = tmp_path / "fresh"
    assert run("new", str(target)).exit_code == 0
    mkdocs = shutil.which("mkdocs", path=str(Path(__import__("sys").executable).parent))
    if mkdocs is None:
        pytest.fail("mkdocs is not installed beside this Python")
    result = subprocess.run([mkdocs, "build", "--strict"], cwd=target, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stderr
    pages = read_site(target / "site")
    assert pages["index.html"].h1.strip() == "The Millbrook bridge closure, claim by claim"
    # The downloads (handout, offline zip) are made by `explainer build`, not by MkDocs.
    missing = broken_links(target / "site", pages)
    assert missing and all(": downloads/" in link for link in missing), missing


def test_each_labelled_line_is_its_own_paragraph(run, riverside: Path) -> None:
    build(run, riverside)
    labels = ("Who:", "Sources:", "Related:", "Evidence:", "Appears in:", "Positions:", "Where:")
    for path in sorted((riverside / "site").rglob("*.html")):
        for paragraph in re.findall(r"<p>(.*?)</p>", path.read_text(encoding="utf-8"), re.DOTALL):
            text = re.sub(r"<[^>]+>", "", paragraph)
            found = [label for label in labels if label in text]
            assert len(found) <= 1, (path.name, text)
    person = (riverside / "site/people/ilse-varga/index.html").read_text(encoding="utf-8")
    assert "<p><strong>Minister of Water, Norland</strong>, Norway</p>" in person


def test_a_generated_page_missing_from_the_nav_is_explained_with_the_fix(run, example: Path) -> None:
    config = example / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - Topics: tags.md\n", ""))
    (example / "docs/extra.md").write_text("# Extra reading\n\nMore.\n")
    result = run("build", "-p", str(example))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "The following pages exist" not in result.stderr  # MkDocs' own words
    assert ("mkdocs.yml: nav: explainer writes docs/tags.md, but the nav does not list it, so no"
            ' menu leads to it; add the line "  - Topics: tags.md" to the nav of mkdocs.yml, or'
            " list the page under not_in_nav to keep it out of the menu") in result.stderr
    assert ('mkdocs.yml: nav: docs/extra.md is not in the nav, so no menu leads to it; add the'
            ' line "  - Extra reading: extra.md"') in result.stderr
    assert not (example / "site").exists()


def test_the_site_address_comes_from_the_environment(example: Path, monkeypatch) -> None:
    """`site_url: !ENV [SITE_URL, ""]` as the scaffold writes it: the handout's address is the
    variable's value, and none without it."""
    from generator.handout.content import site_url

    assert "site_url: !ENV [SITE_URL, \"\"]" in (example / "mkdocs.yml").read_text()
    monkeypatch.delenv("SITE_URL", raising=False)
    assert site_url(example) is None
    monkeypatch.setenv("SITE_URL", "https://example.org/millbrook/")
    assert site_url(example) == "https://example.org/millbrook/"
