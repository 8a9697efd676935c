"""What the handout's parts say: the big picture on page 1, verdicts beside the positions,
the vocabulary the questions need first, sources a reader can follow, and the teacher's
page (objectives, reading level, answer guide from the checks, timing)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pypdf
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.handout.layout import Fitted, fit
from generator.handout.select import figure_sources, uses
from generator.pipeline import load_project

from ..conftest import REPO
from .test_handout import Html, copy_fixture, normal, pdf_text


@pytest.fixture(scope="module")
def repo() -> Fitted:
    return fit(load_project(REPO), "letter")


@pytest.fixture(scope="module")
def hosted(tmp_path_factory: pytest.TempPathFactory) -> Fitted:
    """The fixture with a site address, and a source whose address is too long to type."""
    root = copy_fixture(tmp_path_factory.mktemp("hosted") / "river")
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as stream:
        stream.write("site_url: https://example.org/river/\n")
    sources = (root / "data/sources.yaml").read_text(encoding="utf-8")
    assert "https://example.org/treaty?lang=en&v=2" in sources
    (root / "data/sources.yaml").write_text(sources.replace(
        "https://example.org/treaty?lang=en&v=2",
        "https://example.org/treaties/aurel-river/1998/full-text-with-annexes-and-maps.html"))
    return fit(load_project(root), "letter")


def test_why_it_matters_is_on_the_first_page(repo: Fitted) -> None:
    why = repo.project.data.explainer.why_it_matters
    assert why
    first = normal(pypdf.PdfReader(io.BytesIO(repo.pdf())).pages[0].extract_text())
    assert "Why it matters" in first and normal(why)[:80] in first
    word = [p.text for p in docx.Document(io.BytesIO(repo.docx())).paragraphs]
    assert any(p.startswith("Why it matters. ") for p in word)
    assert "Why it matters." in repo.markdown().decode()


def test_positions_keep_their_verdicts(repo: Fitted) -> None:
    shown = [p for t in repo.content.positions for r in t.rows for c in r.cells for p in c]
    checked = [p for p in shown if p.status]
    assert checked, "the shipped handout shows at least one checked position"
    page = Html(repo.html)
    badges = [a.get("class") for tag, a in page.tags if tag == "span"
              and "ho-status--" in str(a.get("class"))]
    assert len(badges) == len(repo.content.figures) + len(checked)
    cells = [c.text for table in docx.Document(io.BytesIO(repo.docx())).tables[1:]
             for row in table.rows for c in row.cells]
    for position in checked:
        assert any(f"[{position.status_label}] {position.actor}:" in c for c in cells)
        if position.attribution:
            assert any(position.attribution in c for c in cells)


def test_vocabulary_puts_first_the_terms_the_questions_and_figures_use(repo: Fitted) -> None:
    terms = [t.term for t in repo.content.terms]
    assert terms[0] == "Encounter"  # question 1 asks about "encounters"
    printed = " ".join([*repo.content.questions,
                        *(f"{f.label} {f.stated} {f.verdict}" for f in repo.content.figures)])
    needed = [t for t in terms if uses(printed.casefold(), t)]
    assert needed and terms[: len(needed)] == needed
    # Every glossary term the printed questions use is printed.
    for entry in repo.project.data.glossary:
        if uses(" ".join(repo.content.questions).casefold(), entry.term):
            assert entry.term in terms, entry.term


def test_uses_finds_words_and_short_forms() -> None:
    assert uses("border patrol encounters rose", "Encounter")
    assert uses("the hlsd met", "High-Level Security Dialogue (HLSD)")
    assert not uses("a counterpart", "Encounter")


def _uses_by_regex(text: str, term: str) -> bool:
    """The test of `uses` as a regular expression: a form of the term where no word
    character comes just before it."""
    forms = [term, *re.findall(r"\(([^)]+)\)", term)]
    forms += [re.sub(r"\s*\([^)]*\)", "", term)]
    return any(re.search(r"(?<!\w)" + re.escape(f.strip().casefold()), text)
               for f in forms if f.strip())


# Letters, digits, marks, the underscore and punctuation, where word boundaries are decided.
_CHARS = st.sampled_from(list("ab ()-_1é\u0301\u00b2\u0663ñß.\t"))


@settings(max_examples=400, deadline=None)
@given(text=st.text(_CHARS, max_size=30), term=st.text(_CHARS, min_size=1, max_size=8))
@example(text="x_term term", term="Term").via("a word after an underscore, then a free one")
@example(text="\u00b2hlsd", term="(HLSD)").via("a digit-like sign before the short form")
@example(text="ss", term="Straße").via("a form that casefolding lengthens")
def test_uses_finds_a_term_where_the_regular_expression_does(text: str, term: str) -> None:
    text = text.casefold()
    assert uses(text, term) == _uses_by_regex(text, term)


def test_the_sources_behind_the_printed_figures_are_printed(repo: Fitted) -> None:
    printed = {s.title for s in repo.content.sources}
    figures = {f.label for f in repo.content.figures}
    for figure in repo.project.data.figures:
        if figure.label in figures:
            for source in figure_sources(figure):
                assert repo.project.sources[source].title in printed, (figure.id, source)


def test_every_printed_address_is_whole(repo: Fitted, hosted: Fitted) -> None:
    for handout in (repo, hosted):
        for source in handout.content.sources:
            if source.url:
                assert source.short_url or handout.content.sources_page or source.host
            if source.host:  # no Sources page to point to: the site, to search the title on
                assert handout.content.sources_page is None and source.url
                assert len(source.host) <= 60 and source.host in source.url
            if source.short_url:
                assert "\u2026" not in source.short_url
                assert source.url and source.url.rstrip("/").endswith(
                    source.short_url.split("/")[-1])
    # With a site address, an address too long to type points to the Sources page instead.
    assert hosted.content.sources_page == "https://example.org/river/sources/"
    treaty = [s for s in hosted.content.sources if s.url and "treaties" in s.url]
    assert treaty and treaty[0].short_url is None
    text = pdf_text(hosted.pdf())
    assert "Every source, with its link: https://example.org/river/sources/" in text
    assert "(link on the Sources page)" in text and "full-text-with-annexes" not in text


def test_a_long_address_without_a_site_names_the_site_to_search(repo: Fitted) -> None:
    long = [s for s in repo.content.sources if s.host]
    assert long, "the shipped handout prints a source whose address is too long to type"
    text = pdf_text(repo.pdf())
    for source in long:
        assert f"{source.host} (search the title there)" in text
        assert source.url and source.url.rstrip("/").split("/")[-1] not in text.replace(" ", "")


def test_the_article_reliability_names_its_raters(repo: Fitted) -> None:
    rated = repo.content.article.rated_by
    assert rated and "Wikipedia" in rated and "Ad Fontes Media" in rated
    text = pdf_text(repo.pdf()).replace("- ", "-")  # a line may break after a hyphen
    assert "Low reliability " + normal(rated) in text  # the badge, then its raters


def test_the_teacher_page_answers_from_the_checks(repo: Fitted) -> None:
    handout = repo.project.data.handout
    assert handout is not None
    teacher = repo.teacher
    assert teacher.objectives == tuple(normal(o) for o in handout.objectives)
    text = normal(pypdf.PdfReader(io.BytesIO(repo.teacher_pdf())).pages[0].extract_text())
    named = [q for q in handout.questions if q.claims]
    assert named
    for question in named:
        answer = next(a for a in teacher.answers if a.question == normal(question.question))
        assert len(answer.claims) + answer.more == len(set(question.claims))
        for claim in answer.claims:
            assert normal(claim.summary) in text
    sift = next(t for t in teacher.timings if "SIFT" in t.title)
    assert sift.minutes == 45 and sum(m for _, m in sift.steps) == 45 and not sift.suggested
    assert "Lateral reading with SIFT, about 45 minutes" in text
    assert len(pypdf.PdfReader(io.BytesIO(repo.teacher_pdf())).pages) == 1


def test_an_activity_without_minutes_gets_a_suggested_time(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path / "river")
    handout = fit(load_project(root), "a4")
    timing = handout.teacher.timings[0]
    assert timing.suggested and timing.minutes == 5 * len(timing.steps)
    assert "(suggested)" in handout.markdown(teacher=True).decode()
    assert "(suggested)" not in handout.markdown().decode()


def test_ratings_name_their_raters_when_a_source_lists_them(repo: Fitted) -> None:
    from dataclasses import dataclass

    from generator.handout.select import rated_by

    @dataclass
    class Rating:
        by: str
        rating: str
        date: str | None

    article = repo.project.article
    listed = article.model_copy()
    object.__setattr__(listed, "ratings", [Rating("Ad Fontes Media", "unreliable", "2024-03"),
                                           Rating("Wikipedia", "generally unreliable", None)])
    assert rated_by(listed) == ("Rated by Ad Fontes Media: unreliable (March 2024);"
                                " Wikipedia: generally unreliable.")
    assert rated_by(article) == repo.content.article.rated_by
