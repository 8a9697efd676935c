"""`explainer extract` from the command line: a draft project that validates and builds with
--drafts, holds what the repository's own data/ checks, and never overwrites anything."""

from __future__ import annotations

import html
from pathlib import Path

import yaml

from generator.project import load_project, normalize

from ..conftest import REPO

SEED = REPO / "seeds" / "000_daabacd644dd7782.txt"


def _extract(run, target: Path, *extra: str):
    return run("extract", str(SEED), "-o", str(target), "--publisher", "Natural News",
               "--date", "2023-10-06", *extra)


def _data(root: Path, name: str) -> list[dict]:
    return yaml.safe_load((root / "data" / f"{name}.yaml").read_text(encoding="utf-8"))


def test_the_seed_draft_holds_every_number_and_quote_the_repository_checks(run, tmp_path: Path) -> None:
    target = tmp_path / "draft"
    result = _extract(run, target)
    assert result.exit_code == 0, result.stderr
    assert "Drafted 7 figures" in result.stdout
    assert (target / "seeds" / SEED.name).read_bytes() == SEED.read_bytes()
    project = load_project(target)
    assert project.article.file == f"seeds/{SEED.name}"
    assert project.article.publisher == "Natural News"

    checked = load_project(REPO)
    article = checked.data.explainer.article
    drafted = [(f.value, normalize(f.as_stated)) for f in project.figures.values()]
    for figure in checked.figures.values():
        if figure.source != article or figure.id == "fig-trading-partner-rank":
            continue  # the rank is read from "largest", a word, not a number the article states
        assert any(value == figure.value and normalize(figure.as_stated) in stated
                   for value, stated in drafted), figure.id
    drafted_quotes = {normalize(q.text) for p in project.positions.values() for q in p.quotes}
    wanted = [q for p in checked.positions.values() for q in p.quotes if q.source == article]
    assert len(wanted) == 2
    for quote in wanted:
        assert normalize(quote.text) in drafted_quotes
    names = {o.name for o in project.officials.values()}
    assert {"Antony Blinken", "Alejandro Mayorkas", "Merrick Garland", "Lopez Obrador"} <= names


def test_validate_counts_the_drafts_and_build_refuses_them_without_drafts(run, tmp_path: Path) -> None:
    target = tmp_path / "draft"
    assert _extract(run, target).exit_code == 0
    result = run("validate", "-p", str(target))
    assert result.exit_code == 0
    assert "28 entries are drafts (sources: 6, officials: 7, positions: 2, figures: 7, events: 6)" \
        in result.stdout
    result = run("build", "-p", str(target))
    assert result.exit_code == 1
    assert "28 entries are drafts" in result.stderr and "--drafts" in result.stderr
    assert not (target / "site").exists()


def test_build_with_drafts_marks_each_draft_on_the_site(run, tmp_path: Path) -> None:
    target = tmp_path / "draft"
    assert _extract(run, target).exit_code == 0
    result = run("build", "--drafts", "-p", str(target))
    assert result.exit_code == 0, result.stderr
    site = target / "site"
    badge = "<strong>Draft — not yet checked</strong>"
    for page in ("figures/fig-70-601-people/index.html", "positions/index.html",
                 "timeline/index.html", "people/antony-blinken/index.html", "sources/index.html",
                 "figures/index.html"):
        assert badge in (site / page).read_text(encoding="utf-8"), page


def test_the_drafted_project_is_named_after_the_article(tmp_path: Path, run) -> None:
    target = tmp_path / "draft"
    assert _extract(run, target, "--title", "Blinken on drugs and migration").exit_code == 0
    config = (target / "mkdocs.yml").read_text(encoding="utf-8")
    assert 'site_name: "Blinken on drugs and migration"' in config
    assert "about.md" not in config and not (target / "docs" / "about.md").exists()
    assert _data(target, "sources")[0]["title"] == "Blinken on drugs and migration"


def test_a_folder_that_is_not_empty_is_left_alone(run, tmp_path: Path) -> None:
    target = tmp_path / "draft"
    target.mkdir()
    (target / "notes.txt").write_text("mine")
    result = _extract(run, target)
    assert result.exit_code == 1
    assert "the folder exists and is not empty" in result.stderr
    assert [p.name for p in target.iterdir()] == ["notes.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert _extract(run, empty).exit_code == 0


def test_bad_articles_get_a_clear_message_and_nothing_is_made(run, tmp_path: Path) -> None:
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Line one\nSecretar\u00eda said".encode("latin-1"))
    empty = tmp_path / "empty.txt"
    empty.write_text(" \n\n")
    cases = {
        str(tmp_path / "missing.txt"): f"{tmp_path / 'missing.txt'}: no such file",
        str(tmp_path): "is a folder",
        str(latin1): f"{latin1}:2:9: the article is not UTF-8 text (byte 0xed); save it as UTF-8",
        str(empty): f"{empty}:1:1: the article is empty",
    }
    for article, message in cases.items():
        target = tmp_path / "out"
        result = run("extract", article, "-o", str(target))
        assert result.exit_code == 1, article
        assert message in result.stderr
        assert "Traceback" not in result.stderr
        assert not target.exists()


def test_usage_mistakes_exit_2(run, tmp_path: Path) -> None:
    for args in (["extract", str(SEED)], ["extract", str(SEED), "-o", "a", "--into", "b"],
                 ["extract", str(SEED), "-o", str(tmp_path / "x"), "--date", "2023-13-01"],
                 ["extract", str(SEED), "-o", str(tmp_path / "x"), "--url", "javascript:alert(1)"]):
        result = run(*args)
        assert result.exit_code == 2, args
        assert not (tmp_path / "x").exists()


def test_into_adds_only_what_is_new_and_says_what(run, example: Path) -> None:
    before = {p: p.read_bytes() for p in (example / "data").iterdir()}
    result = run("extract", str(SEED), "--into", str(example), "--title", "Blinken article")
    assert result.exit_code == 0, result.stderr
    assert "Added, each marked `draft: true`: " in result.stdout
    assert "7 figures (" in result.stdout and "fig-70-601-people" in result.stdout
    for path, content in before.items():
        assert path.read_bytes().startswith(content), path  # added to, never rewritten
    project = load_project(example)
    assert (example / "seeds" / SEED.name).read_bytes() == SEED.read_bytes()
    source = project.sources["article-blinken-article"]
    assert source.file == f"seeds/{SEED.name}" and source.draft  # no --publisher given
    assert project.data.explainer.article == "gazette"  # the explainer's own article stays
    again = run("extract", str(SEED), "--into", str(example), "--title", "Blinken article")
    assert again.exit_code == 0
    assert again.stdout.startswith("Nothing to add")
    assert len(load_project(example).figures) == len(project.figures)


def test_into_a_project_that_does_not_validate_changes_nothing(run, example: Path) -> None:
    figures = example / "data" / "figures.yaml"
    figures.write_text(figures.read_text() + "- id: Bad Id\n")
    before = {p: p.read_bytes() for p in example.rglob("*") if p.is_file()}
    result = run("extract", str(SEED), "--into", str(example))
    assert result.exit_code == 1
    assert "data/figures.yaml" in result.stderr
    assert {p: p.read_bytes() for p in example.rglob("*") if p.is_file()} == before


def test_an_article_full_of_markup_stays_text_on_every_built_page(run, tmp_path: Path) -> None:
    article = tmp_path / "hostile.txt"
    article.write_text('Title <script>alert(1)</script> & {{ config }}\r\n\r\nMayor Ann Lee said "we'
                       ' <b>won</b> {{ config }} [x](javascript:alert(1))" on Monday.\r\n\r\nSources'
                       ' include:\r\n[evil](javascript:x)\r\n', encoding="utf-8")
    target = tmp_path / "draft"
    assert run("extract", str(article), "-o", str(target), "--date", "2024-01-03").exit_code == 0
    assert 'site_name: "Title script alert(1) /script config"' in (target / "mkdocs.yml").read_text()
    assert run("build", "--drafts", "-p", str(target)).exit_code == 0
    pages = [p.read_text(encoding="utf-8") for p in (target / "site").rglob("*.html")]
    shown = "we <b>won</b> {{ config }} [x](javascript:alert(1))"
    assert any(shown in html.unescape(page) for page in pages)
    for page in pages:
        assert "<script>alert" not in page and "<b>won" not in page
        assert 'href="javascript:' not in page


def test_into_credits_a_source_that_is_already_there(run, tmp_path: Path) -> None:
    target = tmp_path / "draft"
    assert _extract(run, target).exit_code == 0
    second = tmp_path / "second.txt"
    second.write_text("Overdoses fall\n\nThe National Institute on Drug Abuse reports that 1,234"
                      " people died in June.\n", encoding="utf-8")
    result = run("extract", str(second), "--into", str(target), "--title", "Overdoses fall")
    assert result.exit_code == 0, result.stderr
    assert "1 figures (fig-1-234-people)" in result.stdout
    figure = load_project(target).figures["fig-1-234-people"]
    assert figure.credited_to == "national-institute-on-drug-abuse"
    assert "national-institute-on-drug-abuse-2" not in load_project(target).sources
