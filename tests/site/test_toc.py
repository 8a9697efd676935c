"""The table of contents of explainer's theme overrides (overrides/partials/toc.html): every
heading of a page with at most 100, a map of the page in at most 100 links otherwise."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from mkdocs.config import load_config
from mkdocs.structure.toc import get_toc

from generator.cli import cli
from tests.conftest import FIXTURE, REPO, copy_project

LIMIT = 100


class _Links(HTMLParser):
    """The links of each table of contents in a page (the sidebar's, the phone menu's), with
    the depth of the list each sits in."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[tuple[int, str, str]]] = []
        self.navs: list[bool] = []  # for each open <nav>: is it inside a table of contents
        self.lists = 0
        self.link: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "nav":
            inside = bool(self.navs and self.navs[-1])
            if "md-nav--secondary" in classes:
                self.tables.append([])
                self.lists, inside = 0, True
            self.navs.append(inside)
        elif tag == "ul" and self.navs and self.navs[-1]:
            self.lists += 1
        elif tag == "a" and self.navs and self.navs[-1]:
            self.link = [dict(attrs).get("href") or "", ""]

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self.navs:
            self.navs.pop()
        elif tag == "ul" and self.navs and self.navs[-1]:
            self.lists -= 1
        elif tag == "a" and self.link is not None:
            self.tables[-1].append((self.lists, self.link[0], " ".join(self.link[1].split())))
            self.link = None

    def handle_data(self, data: str) -> None:
        if self.link is not None:
            self.link[1] += data


def tables_of(html_text: str) -> list[list[tuple[int, str, str]]]:
    parser = _Links()
    parser.feed(html_text)
    return parser.tables


class _Lang:
    def t(self, key: str) -> str:
        return {"toc": "Table of contents"}[key]


def render(tokens: list[dict[str, Any]]) -> list[tuple[int, str, str]]:
    """The one table of contents the override writes for a page with these headings."""
    config = load_config(config_file=str(REPO / "mkdocs.yml"))
    template = config.theme.get_env().get_template("partials/toc.html")

    class Page:
        toc = get_toc(tokens)

    (table,) = tables_of(template.render(page=Page(), config=config, lang=_Lang()))
    return table


def heading(ident: str, level: int, children: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"level": level, "id": ident, "name": ident.replace("-", " ").title(),
            "html": ident, "children": children or []}


def test_a_page_with_at_most_100_headings_lists_them_all_at_every_level() -> None:
    tokens = [heading("page", 1, [heading(f"part-{n}", 2, [heading(f"item-{n}-{m}", 3)
                                                         for m in range(9)])
                                  for n in range(10)])]
    table = render(tokens)
    assert len(table) == LIMIT
    assert table[:3] == [(1, "#part-0", "Part 0"), (2, "#item-0-0", "Item 0 0"),
                         (2, "#item-0-1", "Item 0 1")]
    assert table[-1] == (2, "#item-9-8", "Item 9 8")


def test_a_deeper_page_lists_the_levels_that_fit() -> None:
    tokens = [heading(f"part-{n}", 2, [heading(f"group-{n}-{m}", 3, [
        heading(f"entry-{n}-{m}-{k}", 4) for k in range(50)]) for m in range(3)])
        for n in range(6)]
    table = render(tokens)
    assert len(table) == 6 + 18  # the parts and their groups; the 900 entries under them are not
    assert {depth for depth, _, _ in table} == {1, 2}
    assert [href for depth, href, _ in table if depth == 1] == [f"#part-{n}" for n in range(6)]


@pytest.mark.parametrize(("count", "step"), [(101, 2), (150, 2), (1500, 15), (1501, 16)])
def test_a_page_with_more_headings_at_its_top_level_lists_every_kth(count: int, step: int) -> None:
    tokens = [heading("glossary", 1, [heading(f"term-{n}", 2, [heading(f"sub-{n}", 3)])
                                      for n in range(count)])]
    table = render(tokens)
    assert 50 < len(table) <= LIMIT
    assert table == [(1, f"#term-{n}", f"Term {n}") for n in range(0, count, step)]


def test_headings_are_written_as_the_markdown_escaped_them() -> None:
    token = heading("odd", 2)
    token["name"] = "&lt;b&gt;Bold&lt;/b&gt; &amp; &quot;quoted&quot;"
    config = load_config(config_file=str(REPO / "mkdocs.yml"))
    template = config.theme.get_env().get_template("partials/toc.html")

    class Page:
        toc = get_toc([token])

    html_text = template.render(page=Page(), config=config, lang=_Lang())
    assert "<b>" not in html_text
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; &quot;quoted&quot;" in html_text


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture explainer with 150 glossary terms, built."""
    root = copy_project(FIXTURE, tmp_path_factory.mktemp("toc") / "riverside")
    terms = "".join(f"- term: Word {n:03d}\n  definition: What word {n} means.\n" for n in range(150))
    (root / "data/glossary.yaml").write_text(terms, encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "-p", str(root)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return root / "site"


def test_every_built_page_lists_its_headings_or_a_map_of_them(built: Path) -> None:
    for path in sorted(built.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        if "md-header" not in text:
            continue
        article = text[text.index("<article"):]
        ids = [f"#{i}" for i in re.findall(r'<h[2-6][^>]* id="([^"]+)"', article)]
        tables = tables_of(text)
        assert len(tables) in (1, 2), path  # the phone menu's copy is left out on unlisted pages
        for table in tables:
            assert all(a == b for a, b in zip(tables[0], table, strict=True)), path
        listed = [href for _, href, _ in tables[0]]
        if len(ids) <= LIMIT:
            assert listed == ids, path
        else:
            assert len(listed) <= LIMIT and listed[0] == ids[0], path
            assert listed == [i for i in ids if i in listed], path  # in the page's order
    glossary = tables_of((built / "glossary/index.html").read_text(encoding="utf-8"))[0]
    assert [href for _, href, _ in glossary] == [f"#term-word-{n:03d}" for n in range(0, 150, 2)]
