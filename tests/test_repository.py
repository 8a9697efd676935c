"""The explainer that ships in this repository: valid, up to date, and built as promised."""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

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
    from mkdocs.utils.yaml import yaml_load

    config = yaml_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["theme"]["name"] == "material"
    assert config["theme"]["font"] is False
    assert len(config["site_description"]) > 40
    assert (REPO / ".github/workflows/pages.yml").is_file()


def test_one_title_in_the_header_on_the_home_page_and_on_the_handout() -> None:
    from mkdocs.utils.yaml import yaml_load

    from generator.pipeline import load_project

    project = load_project(REPO)
    config = yaml_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == project.data.explainer.title
    assert project.data.handout is not None and project.data.handout.title is None
    home = (REPO / "docs/index.md").read_text(encoding="utf-8")
    assert f"title: \"{project.data.explainer.title}\"" in home


def test_the_pages_workflow_gives_the_site_its_address() -> None:
    """site_url comes from SITE_URL, which the workflow sets from the Pages address."""
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^site_url: !ENV \[SITE_URL, .*\]$", config, re.MULTILINE)
    workflow = yaml.safe_load((REPO / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    pages = next(step for step in steps if step.get("uses", "").startswith("actions/configure-pages"))
    build = next(step for step in steps if step.get("run") == "make site")
    assert build["env"]["SITE_URL"] == f"${{{{ steps.{pages['id']}.outputs.base_url }}}}/"


def test_make_deploy_publishes_the_full_site_as_built(tmp_path: Path) -> None:
    """`make deploy` builds with `make site` and publishes that folder, downloads included
    (without pushing here: the branch is checked in a scratch repository)."""
    makefile = (REPO / "Makefile").read_text()
    rule = re.search(r"^deploy:(.*)\n\t(.*)$", makefile, re.MULTILINE)
    assert rule is not None and "site" in rule.group(1).split()
    command = rule.group(2).replace("$(BIN)", str(Path(sys.executable).parent))
    assert "--push" in command
    command = command.replace("--push", "")
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org"]
    subprocess.run([*git, "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "site/downloads").mkdir(parents=True)
    (tmp_path / "site/index.html").write_text("<p>home</p>")
    (tmp_path / "site/downloads/handout-letter.pdf").write_bytes(b"%PDF-1.7")
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org"}
    subprocess.run(shlex.split(command), cwd=tmp_path, env=env, check=True, capture_output=True)
    tree = subprocess.run(["git", "ls-tree", "-r", "--name-only", "gh-pages"], cwd=tmp_path,
                          check=True, capture_output=True, text=True).stdout.split()
    assert sorted(tree) == [".nojekyll", "downloads/handout-letter.pdf", "index.html"]


# --- one claim, one verdict, every source traceable ------------------------------------------

def _words(entry) -> list[str]:
    from generator.project.claims import claim_words
    from generator.project.textmatch import normalize

    return [normalize(words).casefold() for _path, words, _source in claim_words(entry)]


def test_no_claim_is_counted_twice_or_given_two_verdicts() -> None:
    project = load_project(REPO)
    keys = [(c.kind, c.id) for c in project.claims]
    assert len(keys) == len(set(keys))
    # the same words never carry two checks of their own
    seen: dict[str, str] = {}
    for claim in project.claims:
        for words in _words(claim.entry):
            assert seen.setdefault(words, claim.id) == claim.id, (words, seen[words], claim.id)
    # the repeats found in review point at the one check instead of carrying their own
    restated = {key: claim.id for key, claim in project.restatements.items()}
    assert restated == {
        ("event", "ev-social-decay-remarks"): "pos-amlo-social-decay",
        ("event", "ev-amlo-10000"): "fig-migrants-per-day",
        ("event", "ev-amlo-satisfied"): "pos-rodriguez-seizures",
        ("position", "pos-blinken-trade"): "fig-trading-partner-rank",
    }
    assert not set(restated) & set(keys)


def test_the_home_page_counts_the_articles_claims_apart() -> None:
    project = load_project(REPO)
    made = {c.id for c in project.claims if project.in_article(c)}
    further = {c.id for c in project.claims} - made
    # claims checked from the record that the article never makes
    assert {"pos-mayorkas-repatriation", "pos-amlo-no-fentanyl", "pos-barcena-precursors"} <= further
    assert {"fig-border-patrol-august", "pos-both-parties-fentanyl", "pos-blinken-cooperation-record",
            "pos-amlo-scapegoat"} <= made
    home = (REPO / "docs/index.md").read_text(encoding="utf-8")
    assert (f"checks {len(project.claims)} claims against the record, each counted once:"
            f" {len(made)} made by the article and {len(further)} further claims") in home


def test_every_source_can_be_opened_and_no_primary_or_high_source_lacks_a_link() -> None:
    project = load_project(REPO)
    assert project.warnings == []
    checked = {s for claim in project.claims for s in claim.check.sources}
    for source in project.data.sources:
        if source.reliability in ("primary", "high") or source.id in checked:
            assert source.url or source.archive_url, source.id
    # the one source without an address: the article's embedded video, which names no page
    assert [s.id for s in project.data.sources if not (s.url or s.archive_url)] == ["brighteon-newsclips"]


def test_verdicts_judge_the_substance_not_only_the_attribution() -> None:
    project = load_project(REPO)
    status = {c.id: c.check.status for c in project.claims}
    assert status["pos-amlo-no-fentanyl"] == "inaccurate"
    assert status["pos-amlo-scapegoat"] == "unverified"  # the word was never traced
    assert status["fig-increase-from-july"] == "needs-context"  # 36.49% rounds to 36%
    assert status["fig-potency-morphine"] == "needs-context"
    # the Border Patrol typo is traced to the wire preview that ran before the article
    figure = project.figures["fig-border-patrol-august"]
    assert [a.source for a in figure.appearances][:1] == ["ap-hlsd-preview"]
