"""The explainer that ships in this repository: valid, up to date, and built as promised."""

import yaml

from generator.pipeline import generate, load_project

from .conftest import REPO


def test_the_data_is_valid_and_complete() -> None:
    project = load_project(REPO)
    data = project.data
    assert project.article.reliability == "low" and project.article.caveat
    assert len(data.officials) >= 14
    assert len(data.context) >= 6
    assert len(data.glossary) >= 12
    assert data.handout is not None and len(data.handout.discussion_questions) >= 5
    stated = {figure.value for figure in data.figures}
    assert {70601, 181509, 37, 220000, 50, 100, 10000} <= stated


def test_the_committed_pages_match_the_data() -> None:
    report = generate(REPO, check=True)
    assert report.written == [] and report.removed == [], "run `explainer generate` and commit"


def test_the_site_configuration_loads_no_font_and_describes_itself() -> None:
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["theme"]["name"] == "material"
    assert config["theme"]["font"] is False
    assert len(config["site_description"]) > 40
    assert (REPO / ".github/workflows/pages.yml").is_file()
    assert "gh-deploy" in (REPO / "Makefile").read_text()
