"""The handout as real programs lay it out: the HTML printed by Chromium, the Word file
opened in LibreOffice Writer with the fonts it names, on Letter and A4, for this
explainer and for an oversized one; and the status badges on screen, at phone widths."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pypdf
import pytest

from generator.handout.layout import Fitted, fit
from generator.pipeline import load_project

from ..browser import browser  # noqa: F401 - the fixture
from ..conftest import REPO
from .office import office_pdf, require_soffice
from .test_handout import oversized

PAPERS = ("letter", "a4")
PAGE_FORMATS = {"letter": "Letter", "a4": "A4"}
WIDTHS = (320, 375, 480, 768, 1024, 1440)


@pytest.fixture(scope="module")
def handouts(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Fitted]:
    big = load_project(oversized(tmp_path_factory.mktemp("big") / "river"))
    repo = load_project(REPO)
    return {(name, paper): fit(project, paper)
            for name, project in (("repo", repo), ("big", big)) for paper in PAPERS}


def _pages(data: bytes) -> list[Any]:
    return list(pypdf.PdfReader(io.BytesIO(data)).pages)


# --- Word in LibreOffice ----------------------------------------------------------------------

@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("name", ["repo", "big"])
def test_the_word_handout_is_two_pages_in_libreoffice(handouts: dict[tuple[str, str], Fitted],
                                                      tmp_path: Path, name: str,
                                                      paper: str) -> None:
    require_soffice()
    handout = handouts[(name, paper)]
    student = _pages(office_pdf(handout.docx(), tmp_path / "student"))
    assert 1 <= len(student) <= 2
    width, height = (float(v) for v in (student[0].mediabox.width, student[0].mediabox.height))
    expected = {"letter": (612, 792), "a4": (595, 842)}[paper]
    assert (round(width), round(height)) == expected
    # Laid out with the fonts the document names (or their metric twins), not a fallback.
    fonts = {str(f.get_object()["/BaseFont"]).split("+")[-1]
             for page in student for f in page["/Resources"]["/Font"].values()}
    assert any(f.startswith("Carlito") for f in fonts), fonts
    text = " ".join(page.extract_text() for page in student)
    assert "Discussion questions" in text and "Key figures, checked" in text
    assert "teacher’s page" not in text
    # With the teacher's page: one page more, and it starts on a page of its own.
    both = _pages(office_pdf(handout.docx(teacher=True), tmp_path / "teacher"))
    assert len(both) == len(student) + 1
    assert "teacher’s page" in " ".join(both[-1].extract_text().split())
    assert "teacher’s page" not in " ".join(both[-2].extract_text().split())


def test_word_columns_fit_their_content(handouts: dict[tuple[str, str], Fitted]) -> None:
    import docx

    document = docx.Document(io.BytesIO(handouts[("repo", "letter")].docx()))
    figures = document.tables[0]
    grid = [c.width.inches for c in figures.columns]
    assert [c.text for c in figures.rows[0].cells] == ["Figure", "The article says", "Check",
                                                       "Verdict"]
    # "Check" holds one or two words, "Verdict" sentences: the verdict column is the widest,
    # the check column the narrowest, and together they fill the text width.
    assert grid[2] == min(grid) and grid[3] == max(grid)
    assert abs(sum(grid) - (8.5 - 1.2)) < 0.01
    for row in figures.rows:
        assert [round(c.width.inches, 3) for c in row.cells] == [round(w, 3) for w in grid]


# --- HTML in Chromium -------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["repo", "big"])
def test_chromium_prints_the_html_on_two_pages(handouts: dict[tuple[str, str], Fitted],
                                               browser: Any, tmp_path: Path,  # noqa: F811
                                               name: str) -> None:
    for paper in PAPERS:
        handout = handouts[(name, paper)]
        path = tmp_path / f"{paper}.html"
        path.write_bytes(handout.html_bytes())
        (tmp_path / f"{paper}-teacher.html").write_bytes(handout.html_bytes(teacher=True))
        printed = []
        for file in (path, tmp_path / f"{paper}-teacher.html"):
            page, traffic = browser.page(file.as_uri())
            page.goto(file.as_uri())
            printed.append(_pages(page.pdf(format=PAGE_FORMATS[paper],
                                           prefer_css_page_size=True, print_background=True)))
            page.context.close()
            assert not traffic.blocked
        pages, with_teacher = printed
        assert 1 <= len(pages) <= 2, (name, paper, len(pages))
        height = float(pages[0].mediabox.height)
        assert round(height) == {"letter": 792, "a4": 842}[paper]
        # The teacher's part starts on a page of its own and takes one page.
        assert len(with_teacher) == len(pages) + 1, (name, paper, len(with_teacher))
        assert "teacher’s page" in " ".join(with_teacher[-1].extract_text().split())


_OVERLAPS = """() => {
  const boxes = [];
  const within = (a, b) => a.left >= b.left - 0.5 && a.right <= b.right + 0.5
      && a.top >= b.top - 0.5 && a.bottom <= b.bottom + 0.5;
  const hit = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5
      && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
  const problems = [];
  const badges = [...document.querySelectorAll('.ho-status, .ho-rel')];
  for (const badge of badges) {
    const box = badge.getBoundingClientRect();
    const cell = badge.closest('td, th, li, p, div');
    if (cell && !within(box, cell.getBoundingClientRect()))
      problems.push('outside its cell: ' + badge.textContent);
    if (box.right > document.documentElement.clientWidth + 0.5)
      problems.push('past the screen edge: ' + badge.textContent);
    // Every line of text near the badge, other than the badge's own.
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (!node.textContent.trim() || badge.contains(node)) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const line of range.getClientRects())
        if (hit(box, line))
          problems.push(badge.textContent + ' covers ' + node.textContent.trim().slice(0, 40));
    }
  }
  return {count: badges.length, problems};
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_no_badge_covers_text_at_any_width(handouts: dict[tuple[str, str], Fitted],
                                           browser: Any, tmp_path: Path,  # noqa: F811
                                           width: int) -> None:
    for paper in PAPERS:
        path = tmp_path / f"{paper}.html"
        path.write_bytes(handouts[("repo", paper)].html_bytes(teacher=True))
        page, _ = browser.page(path.as_uri(), viewport={"width": width, "height": 900})
        page.goto(path.as_uri())
        found = page.evaluate(_OVERLAPS)
        page.emulate_media(media="print")
        printed = page.evaluate(_OVERLAPS)
        page.context.close()
        assert found["count"] >= len(handouts[("repo", paper)].content.figures)
        assert found["problems"] == [], (width, paper)
        assert printed["problems"] == [], (width, paper, "print")


def test_a_missing_libreoffice_fails_when_ci_requires_it(monkeypatch: pytest.MonkeyPatch,
                                                         tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice here
    monkeypatch.setenv("EXPLAINER_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="LibreOffice is required"):
        require_soffice()
    monkeypatch.delenv("EXPLAINER_REQUIRE_BROWSER")
    with pytest.raises(pytest.skip.Exception):
        require_soffice()
