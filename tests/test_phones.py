"""Phones: at 390×844 and 320×640 no page scrolls sideways, no table scrolls inside itself,
every status and reliability badge lies inside the screen, and chart text is still 12 px or
more once the chart is shrunk to the screen.

Three sites are built once for the module: the fixture explainer, a copy of the
repository's explainer, and a fresh `explainer new`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.pages.charts import FONT_PX

from .browser import Browser, browser, serve_folder  # noqa: F401 - fixture
from .conftest import FIXTURE, REPO, copy_project

SCREENS = [(390, 844), (320, 640)]
SMALLEST_CHART_TEXT_PX = 12.0

# What overflows on the page: the document wider than the screen, a table that scrolls
# inside itself, a badge (status, reliability) whose box is not inside the screen.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  if (document.documentElement.scrollWidth > width) {
    found.push(`the page is ${document.documentElement.scrollWidth} px wide`);
  }
  for (const wrap of document.querySelectorAll('.md-typeset__scrollwrap')) {
    if (wrap.scrollWidth > wrap.clientWidth + 1) {
      const head = wrap.querySelector('th');
      found.push(`a table (${head ? head.textContent : '?'}) is ${wrap.scrollWidth} px wide`);
    }
  }
  for (const badge of document.querySelectorAll('.ex-status, .ex-reliability')) {
    const box = badge.getBoundingClientRect();
    if (box.width && (box.left < 0 || box.right > width)) {
      const where = `${Math.round(box.left)}-${Math.round(box.right)} px`;
      found.push(`badge "${badge.textContent.trim()}" at ${where}`);
    }
  }
  return found;
}"""

CHART_SCALES = """() => [...document.querySelectorAll('.ex-chart img')].map(
  img => [img.getAttribute('src'), img.getBoundingClientRect().width / img.naturalWidth])"""


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("phones")
    runner = CliRunner()
    fresh = base / "fresh"
    result = runner.invoke(cli, ["new", str(fresh)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    built = {}
    for name, project in (("riverside", copy_project(FIXTURE, base / "riverside")),
                          ("repository", copy_project(REPO, base / "repository")),
                          ("new", fresh)):
        result = runner.invoke(cli, ["build", "-p", str(project)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        built[name] = project / "site"
    return built


def _pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if p.relative_to(site).parts[0] != "downloads")


def _visit(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("load")


@pytest.mark.parametrize("name", ["riverside", "repository", "new"])
def test_no_page_scrolls_sideways_on_a_phone(sites: dict[str, Path], browser: Browser,  # noqa: F811
                                             name: str) -> None:
    site = sites[name]
    pages = _pages(site)
    assert len(pages) > 10
    problems = []
    with serve_folder(site) as base:
        for width, height in SCREENS:
            page, traffic = browser.page(base, viewport={"width": width, "height": height})
            for rel in pages:
                _visit(page, base + rel)
                problems += [f"{width}px {rel}: {found}" for found in page.evaluate(OVERFLOW)]
            page.close()
            assert traffic.blocked == []
    assert problems == []


def test_the_figures_table_keeps_its_verdicts_on_screen(sites: dict[str, Path],
                                                       browser: Browser) -> None:  # noqa: F811
    """The test's own check, on the page that overflowed before: every verdict is visible."""
    with serve_folder(sites["repository"]) as base:
        page, _ = browser.page(base, viewport={"width": 320, "height": 640})
        _visit(page, base + "figures/")
        badges = page.locator(".ex-status")
        assert badges.count() >= 8
        for index in range(badges.count()):
            box = badges.nth(index).bounding_box()
            assert box is not None and 0 <= box["x"] and box["x"] + box["width"] <= 320
        page.close()


def test_chart_text_stays_readable_when_a_phone_shrinks_the_chart(
        sites: dict[str, Path], browser: Browser) -> None:  # noqa: F811
    seen = 0
    with serve_folder(sites["repository"]) as base:
        page, _ = browser.page(base, viewport={"width": 320, "height": 640})
        for rel in _pages(sites["repository"]):
            if not rel.startswith("figures/") or rel == "figures/index.html":
                continue
            _visit(page, base + rel)
            page.evaluate("document.querySelectorAll('.ex-chart img')"
                          ".forEach(img => { img.loading = 'eager'; })")  # lazy below the fold
            page.wait_for_function("[...document.querySelectorAll('.ex-chart img')]"
                                   ".every(img => img.complete && img.naturalWidth)")
            for src, scale in page.evaluate(CHART_SCALES):
                seen += 1
                assert FONT_PX * scale >= SMALLEST_CHART_TEXT_PX, (rel, src, FONT_PX * scale)
        page.close()
    assert seen >= 4
