"""The classroom handout: two pages at most, every required text, four formats, same bytes."""

from __future__ import annotations

import io
import re
import shutil
import unicodedata
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import docx
import markdown
import pypdf
import pytest

from generator.handout.content import short_url, site_url
from generator.handout.layout import Fitted, fit, site_files
from generator.pipeline import load_project

from ..conftest import FIXTURE, REPO

PAPER_POINTS = {"letter": (612.0, 792.0), "a4": (595.28, 841.89)}
STATUS_WORDS = ("Accurate", "Needs context", "Inaccurate", "Misleading", "Unverified", "Opinion")
HOSTILE_TITLE = "Rivers <script>alert(1)</script> & {{ 7*7 }}"
HOSTILE_QUESTION = "Is <b>this</b> bold? {% if x %} {{ x }} [not a link](#here) *stars*"
HOSTILE_STEP = "Write </li><li>two & <img src=x onerror=alert(1)>"


def normal(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return normal(" ".join(page.extract_text() for page in reader.pages))


class Html(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.chunks: list[str] = []
        self.styles: list[str] = []
        self._in_style = False
        self.feed(source)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        (self.styles if self._in_style else self.chunks).append(data)

    @property
    def text(self) -> str:
        return normal(" ".join(self.chunks))


def copy_fixture(target: Path) -> Path:
    shutil.copytree(FIXTURE, target, ignore=shutil.ignore_patterns("site", ".site-*"))
    return target


def oversized(target: Path) -> Path:
    """The fixture with 60 more glossary terms and 40 more events: far too much for two pages."""
    copy_fixture(target)
    terms = "".join(
        f'- term: "Invented term {n}"\n  definition: "A made-up word, number {n}, with a definition'
        ' of ordinary length that wraps onto a second line in a narrow column."\n' for n in range(60))
    events = "".join(
        f'- id: extra-event-{n}\n  date: "20{10 + n % 15}-0{1 + n % 9}"\n'
        f'  title: "Invented event number {n} on the river, with a title of ordinary length"\n'
        for n in range(40))
    with (target / "data/glossary.yaml").open("a", encoding="utf-8") as stream:
        stream.write(terms)
    with (target / "data/events.yaml").open("a", encoding="utf-8") as stream:
        stream.write(events)
    return target


@pytest.fixture(scope="module")
def repo() -> dict[str, Fitted]:
    project = load_project(REPO)
    return {paper: fit(project, paper) for paper in ("letter", "a4")}


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Fitted]:
    project = load_project(oversized(tmp_path_factory.mktemp("big") / "river"))
    return {paper: fit(project, paper) for paper in ("letter", "a4")}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Fitted:
    root = copy_fixture(tmp_path_factory.mktemp("hostile") / "river")
    (root / "data/handout.yaml").write_text(
        f"title: '{HOSTILE_TITLE}'\n"
        "grade_levels: '1-2'\n"
        f"discussion_questions:\n  - '{HOSTILE_QUESTION}'\n"
        f"activities:\n  - title: 'Check <em>it</em>'\n    steps:\n      - '{HOSTILE_STEP}'\n",
        encoding="utf-8")
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as stream:
        stream.write("site_url: https://example.org/river/\n")
    return fit(load_project(root), "letter")


# --- Two pages, the right paper ---------------------------------------------------------------

@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_the_repository_handout_fits_two_pages_of_the_right_paper(repo: dict[str, Fitted],
                                                                   paper: str) -> None:
    reader = pypdf.PdfReader(io.BytesIO(repo[paper].pdf()))
    assert 1 <= len(reader.pages) <= 2
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == tuple(round(v) for v in PAPER_POINTS[paper])


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_an_oversized_explainer_still_fits_and_says_what_was_left_out(big: dict[str, Fitted],
                                                                      paper: str) -> None:
    handout = big[paper]
    data = handout.pdf()
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) <= 2
    assert round(float(reader.pages[0].mediabox.height)) == round(PAPER_POINTS[paper][1])
    text = pdf_text(data)
    assert "Left out for space:" in text
    assert re.search(r"\d+ glossary terms", text) and re.search(r"\d+ timeline events", text)
    assert "See the full explainer" in text
    # What stays: every figure's verdict and every discussion question.
    project = handout.project
    assert project.data.handout is not None
    for question in project.data.handout.questions:
        assert normal(question.question) in text
    assert "Flow fell 18%; most of the fall came from drought, not dams." in text


def test_the_same_selection_goes_into_every_format(big: dict[str, Fitted]) -> None:
    handout = big["letter"]
    kept = [t.term for t in handout.content.terms]
    left = handout.content.left_out_text
    assert kept and "glossary terms" in left
    html = Html(handout.html).text
    md = Html(markdown.markdown(handout.markdown().decode(), extensions=["tables"])).text
    word = "\n".join(p.text for p in docx.Document(io.BytesIO(handout.docx())).paragraphs)
    for term in kept:
        assert term in html and term in md and term in word
    assert f"Left out for space: {left}." in html
    assert f"Left out for space: {left}." in word
    dropped = {f"Invented term {n}" for n in range(60)} - set(kept)
    assert dropped and not any(f"{term}:" in word for term in dropped)


# --- Required text ---------------------------------------------------------------------------

@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_every_required_text_is_in_the_pdf(repo: dict[str, Fitted], paper: str) -> None:
    handout = repo[paper]
    project = handout.project
    text = pdf_text(handout.pdf())
    assert project.data.handout is not None
    assert normal(project.data.handout.title or project.data.explainer.title) in text
    figure_ids = project.data.handout.figures or list(project.figures)
    for figure_id in figure_ids:
        figure = project.figures[figure_id]
        assert normal(figure.check.summary) in text, figure_id
    for question in project.data.handout.questions:
        assert normal(question.question) in text
    statuses = {project.figures[f].check.status for f in figure_ids}
    for word in STATUS_WORDS:
        if word.lower().replace(" ", "-") in statuses:
            assert word in text
    assert "Page 1 of 2" in text or "Page 1 of 1" in text
    assert "Lateral reading" in text  # the first activity
    # The teacher's part is apart: not in the student copy, on a third page with `teacher`.
    assert "Reading level" not in text and "teacher’s page" not in text
    pages = pypdf.PdfReader(io.BytesIO(handout.pdf(teacher=True))).pages
    assert len(pages) == handout.pages + 1
    teacher = normal(pages[-1].extract_text())
    assert "Reading level of the student text: grade" in teacher
    assert "teacher’s page" in teacher and "Answer guide to the discussion questions" in teacher
    assert "Learning objectives" in teacher and "Timing" in teacher


def test_the_repository_handout_shows_every_section(repo: dict[str, Fitted]) -> None:
    content = repo["letter"].content
    assert content.figures and content.questions and content.activities and content.objectives
    assert content.why_it_matters and "Why it matters" in Html(repo["letter"].html).text
    assert content.people and content.events and content.terms and content.sources
    assert len(content.positions[0].countries) == 2  # the two governments, side by side
    assert content.sources[0].title == content.article.title
    assert content.reading.grade is not None and content.reading.target == "9–12"
    assert "Classroom handout" in repo["letter"].html


# --- Word ------------------------------------------------------------------------------------

def test_the_word_document_has_real_headings_tables_and_lists(repo: dict[str, Fitted]) -> None:
    document = docx.Document(io.BytesIO(repo["letter"].docx()))
    styles = [(p.style.name, p.text) for p in document.paragraphs]
    headings = [text for style, text in styles if style.startswith("Heading")]
    assert ("Title", repo["letter"].content.title) in styles
    for heading in ("Key figures, checked", "Discussion questions", "Sources"):
        assert heading in headings
    assert not any("teacher" in h for h in headings)
    assert any(text.startswith("Activity: ") for text in headings)
    questions = [text for style, text in styles if style == "List Number"]
    handout = repo["letter"].project.data.handout
    assert handout is not None
    for question in handout.questions:
        assert normal(question.question) in questions
    assert any(style == "List Bullet" for style, _ in styles)
    figures = document.tables[0]
    assert [c.text for c in figures.rows[0].cells] == ["Figure", "The article says", "Check", "Verdict"]
    assert len(figures.rows) == 1 + len(repo["letter"].content.figures)
    section = document.sections[0]
    assert round(section.page_width.pt) == 612 and round(section.page_height.pt) == 792
    # Each numbered list starts at 1: its own numbering instance.
    num_ids = {p._p.pPr.numPr.numId.val for p in document.paragraphs
               if p.style.name == "List Number" and p._p.pPr.numPr is not None}
    assert len(num_ids) >= 1 + len(repo["letter"].content.activities)


# --- Self-contained HTML --------------------------------------------------------------------

def _remote(value: str | None) -> bool:
    return bool(value) and re.match(r"\s*(https?:)?//", str(value), re.I) is not None


@pytest.mark.parametrize("which", ["repo", "hostile"])
def test_the_html_loads_nothing_remote(repo: dict[str, Fitted], hostile: Fitted, which: str) -> None:
    source = repo["letter"].html if which == "repo" else hostile.html
    page = Html(source)
    for tag, attrs in page.tags:
        assert tag not in ("script", "iframe", "object", "embed", "link"), tag
        if tag != "a":
            for key in ("src", "href", "srcset", "poster", "data"):
                assert not _remote(attrs.get(key)), (tag, attrs)
        assert not any(key.startswith("on") for key in attrs), (tag, attrs)
    css = "\n".join(page.styles)
    assert "@page" in css and "@media print" in css
    assert "@import" not in css and not re.search(r"url\(\s*['\"]?(https?:)?//", css)
    images = [attrs for tag, attrs in page.tags if tag == "img"]
    assert all(str(a.get("src")).startswith("data:") for a in images)


def test_a_qr_code_links_to_the_site_when_site_url_is_set(repo: dict[str, Fitted],
                                                           hostile: Fitted) -> None:
    images = [attrs for tag, attrs in Html(hostile.html).tags if tag == "img"]
    assert len(images) == 1 and str(images[0]["src"]).startswith("data:image/svg+xml")
    assert hostile.content.site_url == "https://example.org/river/"
    assert "https://example.org/river/" in pdf_text(hostile.pdf())
    assert hostile.content.qr_png and hostile.content.qr_png.startswith(b"\x89PNG")
    word = docx.Document(io.BytesIO(hostile.docx()))
    assert len(word.inline_shapes) == 1
    if repo["letter"].content.site_url is None:
        assert not [t for t, _ in Html(repo["letter"].html).tags if t == "img"]


# --- Data is text -----------------------------------------------------------------------------

def test_hostile_data_shows_as_text_in_every_format(hostile: Fitted) -> None:
    page = Html(hostile.html)
    assert not [t for t, _ in page.tags if t in ("script", "b", "em")]
    for value in (HOSTILE_TITLE, HOSTILE_QUESTION, HOSTILE_STEP, "Check <em>it</em>"):
        assert normal(value) in page.text, value
    assert "<script>alert" not in hostile.html

    md = hostile.markdown().decode()
    rendered = Html(markdown.markdown(md, extensions=["tables"]))
    for value in (HOSTILE_TITLE, HOSTILE_QUESTION, HOSTILE_STEP):
        assert normal(value) in rendered.text, value
    assert not [t for t, _ in rendered.tags if t in ("script", "b", "img")]

    word = docx.Document(io.BytesIO(hostile.docx()))
    paragraphs = [p.text for p in word.paragraphs]
    assert HOSTILE_TITLE in paragraphs and HOSTILE_QUESTION in paragraphs
    assert HOSTILE_STEP in paragraphs

    text = pdf_text(hostile.pdf())
    for value in (HOSTILE_TITLE, HOSTILE_QUESTION, HOSTILE_STEP):
        assert normal(value) in text, value


def test_the_reading_level_warns_when_the_text_is_above_the_grades(hostile: Fitted) -> None:
    reading = hostile.content.reading
    assert reading.grade is not None and reading.limit == 2 and reading.above
    warning = "Warning: the text reads above grade 2."
    assert warning in Html(hostile.html_bytes(teacher=True).decode()).text
    assert warning in pdf_text(hostile.teacher_pdf())
    assert warning not in pdf_text(hostile.pdf())


# --- Same data, same bytes ----------------------------------------------------------------------

def test_two_runs_give_the_same_bytes(riverside: Path) -> None:
    project = load_project(riverside)
    first, second = fit(project, "letter"), fit(load_project(riverside), "letter")
    assert first.html_bytes() == second.html_bytes()
    assert first.markdown() == second.markdown()
    assert first.docx() == second.docx()
    assert first.pdf() == second.pdf()
    assert first.pdf(teacher=True) == second.pdf(teacher=True)
    assert first.docx(teacher=True) == second.docx(teacher=True)
    assert first.teacher_pdf() == second.teacher_pdf()
    with zipfile.ZipFile(io.BytesIO(first.docx())) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    updated = project.data.explainer.updated
    assert updated is not None
    core = docx.Document(io.BytesIO(first.docx())).core_properties
    assert core.created is not None and core.created == core.modified
    assert core.created.year == int(updated[:4])
    metadata = pypdf.PdfReader(io.BytesIO(first.pdf())).metadata
    assert metadata is not None and metadata.get("/CreationDate") == "D:" + updated.replace("-", "")


def test_site_files_hold_every_format(riverside: Path) -> None:
    files = site_files(load_project(riverside))
    assert sorted(files) == ["handout-a4.pdf", "handout-letter.pdf", "handout.docx", "handout.html",
                             "handout.md", "teacher-a4.pdf", "teacher-letter.pdf"]
    assert files["handout-letter.pdf"].startswith(b"%PDF") and files["handout.docx"][:2] == b"PK"
    for paper, height in (("letter", 792), ("a4", 842)):
        pages = pypdf.PdfReader(io.BytesIO(files[f"teacher-{paper}.pdf"])).pages
        assert len(pages) == 1 and round(float(pages[0].mediabox.height)) == height
        assert "Answer guide to the discussion questions" in normal(pages[0].extract_text())


# --- Settings and helpers ---------------------------------------------------------------------

def test_site_url_is_read_from_mkdocs_yml_with_any_tags(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "mkdocs.yml"
    assert site_url(tmp_path) is None
    config.write_text("site_name: x\nmarkdown_extensions:\n  - pymdownx.emoji:\n"
                      "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
                      "site_url: https://example.org/a/\n")
    assert site_url(tmp_path) == "https://example.org/a/"
    monkeypatch.setenv("EXPLAINER_TEST_URL", "https://example.org/env/")
    config.write_text("site_url: !ENV [EXPLAINER_TEST_URL, 'https://example.org/default/']\n")
    assert site_url(tmp_path) == "https://example.org/env/"
    monkeypatch.delenv("EXPLAINER_TEST_URL")
    assert site_url(tmp_path) == "https://example.org/default/"


def test_short_urls() -> None:
    assert short_url("https://www.example.org/a/b/") == "example.org/a/b"
    assert short_url("https://example.org/a?b=1#c") == "example.org/a?b=1#c"
    assert short_url("https://example.org/" + "x" * 100) is None  # never cut: too long to type
    assert short_url("mailto:desk@example.org") == "desk@example.org"


# --- Command line ------------------------------------------------------------------------------

def test_the_command_writes_each_format(run, riverside: Path, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out" / "handout.docx"
    target.parent.mkdir()
    result = run("handout", "-p", str(riverside), "--format", "docx", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert target.is_file() and docx.Document(str(target)).paragraphs
    # Only the PDF is laid out here, so only for the PDF does the command count pages.
    assert result.stdout == f"Handout written to {target}.\n"
    monkeypatch.chdir(tmp_path)
    result = run("handout", "-p", str(riverside), "--paper", "a4")
    assert result.exit_code == 0, result.output
    pages = pypdf.PdfReader(tmp_path / "handout-a4.pdf").pages
    noun = "page" if len(pages) == 1 else "pages"
    assert f"({len(pages)} {noun} on a4 paper)" in result.stdout
    result = run("handout", "-p", str(riverside), "--teacher", "-o", str(tmp_path / "t.pdf"))
    assert result.exit_code == 0, result.output
    pages = pypdf.PdfReader(tmp_path / "t.pdf").pages
    student = len(pages) - 1
    noun = "page" if student == 1 else "pages"
    assert f"({student} {noun} on letter paper, then 1 teacher's page)" in result.stdout
    assert "teacher’s page" in pages[-1].extract_text()


def test_command_mistakes(run, riverside: Path, tmp_path: Path) -> None:
    result = run("handout", "-p", str(riverside), "--format", "odt")
    assert result.exit_code == 2 and "Usage:" in result.stderr
    result = run("handout", "-p", str(riverside), "--paper", "legal")
    assert result.exit_code == 2
    result = run("handout", "-p", str(riverside), "-o", str(tmp_path / "missing" / "x.pdf"))
    assert result.exit_code == 1 and "no such folder" in result.stderr
    (riverside / "data/handout.yaml").unlink()
    result = run("handout", "-p", str(riverside), "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 1
    assert result.stderr.startswith("data/handout.yaml: this project has no handout")
    assert "Traceback" not in result.output and not (tmp_path / "x.pdf").exists()


def test_a_broken_handout_template_is_a_user_error(run, riverside: Path, tmp_path: Path) -> None:
    (riverside / "templates").mkdir()
    (riverside / "templates/handout.html.j2").write_text("<p>{{ nothing.here }}</p>\n")
    result = run("handout", "-p", str(riverside), "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 1
    assert "templates/handout.html.j2" in result.stderr and "Traceback" not in result.output


# --- The site -----------------------------------------------------------------------------------

def test_the_site_offers_the_handout_only_when_there_is_one(run, riverside: Path) -> None:
    assert run("build", "-p", str(riverside)).exit_code == 0
    downloads = riverside / "site/downloads"
    for name in ("handout-letter.pdf", "handout-a4.pdf", "handout.docx", "handout.html",
                 "handout.md", "teacher-letter.pdf", "teacher-a4.pdf"):
        assert (downloads / name).is_file(), name
    home = (riverside / "site/index.html").read_text(encoding="utf-8")
    assert '<a href="downloads/handout-letter.pdf">Download the classroom handout</a>' in home
    assert 'href="downloads/handout-a4.pdf"' in home and 'href="downloads/handout.docx"' in home
    assert 'href="downloads/teacher-letter.pdf"' in home and 'href="downloads/teacher-a4.pdf"' in home

    (riverside / "data/handout.yaml").unlink()
    result = run("build", "-p", str(riverside))
    assert result.exit_code == 0, result.output
    assert not list((riverside / "site").glob("downloads/handout*"))
    assert "classroom handout" not in (riverside / "site/index.html").read_text(encoding="utf-8")


def test_a_summary_too_long_for_the_handout_is_shortened_with_a_note(run, example: Path,
                                                                     tmp_path: Path) -> None:
    path = example / "data/explainer.yaml"
    sentence = " It goes on about the bridge, the river and the council."
    path.write_text(path.read_text().replace(
        "checks each claim of a news story.", "checks each claim of a news story." + sentence * 450))
    target = tmp_path / "handout.md"
    result = run("handout", "-p", str(example), "--format", "md", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(
        "note: data/explainer.yaml:3:10: explainer.summary: the summary has 25,")
    assert "too many for the handout, which shows it cut to" in result.stderr
    text = target.read_text()
    assert "It goes on about the bridge" in text and text.count("It goes on about") < 20


def test_build_says_when_it_cut_the_summary_to_fit_the_handout(run, example: Path) -> None:
    path = example / "data/explainer.yaml"
    sentence = " It goes on about the bridge, the river and the council."
    path.write_text(path.read_text().replace(
        "checks each claim of a news story.", "checks each claim of a news story." + sentence * 450))
    result = run("build", "-p", str(example))
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stderr.splitlines() if line.startswith("note: ")]
    assert len(notes) == 1, result.stderr
    assert notes[0].startswith("note: data/explainer.yaml:3:10: explainer.summary: the summary has 25,")
    assert (example / "site/downloads/handout-letter.pdf").is_file()


def test_each_position_says_whether_its_quotes_were_really_said(riverside: Path) -> None:
    fitted = fit(load_project(riverside), "letter")
    items: dict[str, list[str | None]] = {}
    for table in fitted.content.positions:
        for row in table.rows:
            for cell in row.cells:
                for p in cell:
                    items.setdefault(p.actor, []).append(p.attribution)
    assert items["Ilse Varga"] == ["quote: attribution unconfirmed"]
    # one quote also in a video (a record), the other only in the article
    assert sorted(items["Tomas Brenner"]) == ["quote: attribution unconfirmed", "quote: in the record"]
    assert "(quote&#58; in the record)" in fitted.markdown().decode("utf-8")
    assert '<span class="ho-attribution">(quote: in the record)</span>' in fitted.html
    word = docx.Document(io.BytesIO(fitted.render("docx")))
    cells = [c.text for table in word.tables for row in table.rows for c in row.cells]
    assert any("(quote: in the record)" in text for text in cells)
